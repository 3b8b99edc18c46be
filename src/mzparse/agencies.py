"""Stage 4a: agencies (CONTRACT.md §2) and who is named responsible.

A regular expression built from patterns/agencies.toml finds *units*
([jurisdiction] [organ] body); adjacent units without their own jurisdiction
join the one before (民政部 + 办公厅). Free-form place names are trimmed to a
jieba word boundary: that is where segmentation decides the answer.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import patterns

# Characters that never begin or sit inside a free-form place name before a body.
_NOT_PLACE = ("本全各该我其此每等的和与及在对为是了有把被从向将经由按到以于同并或即请定推支持协商"
              "委厅局部办府院会署室组党团")
_SUFFIX_GUARD = {"部": "(?![门分])", "局": "(?![面势部])", "委": "(?![托员屈])", "办": "(?![理法事学好结实])",
                 "厅": "", "署": "", "室": ""}


@dataclass
class Mention:
    start: int
    end: int
    text: str            # working text of the mention
    has_juris: bool
    responsible: bool = False
    role: str | None = None


def _alt(words) -> str:
    return patterns.alternation(list(words))


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return patterns.load("agencies")


# Words a jurisdiction can be besides a place name (中共 may stand before any of them),
# and the endings of a free-form place name (潍坊市, 宽城满族自治县).
_JURIS_WORDS = ("省", "市", "县", "区", "乡", "镇")
_PARTY = "中共"
_PLACE_ENDS = ("自治区", "自治州", "省", "市", "县", "区", "州", "盟", "旗")
_PLACE_SUFFIXES = ("省", "市", "自治区", "特别行政区")  # after a listed place (江苏 + 省)


# The longest free-form place name before its ending, and the longest short name of
# an institution before its head: the grammar's two open-ended parts.
_FREE_PLACE_MAX = 6
_INST_NAME_MAX = 14


@lru_cache(maxsize=1)
def _unit_rx() -> "re.Pattern[str]":
    # Compiled with Python's re: it runs this grammar three times faster than regex does
    # (the match at each candidate start is most of this stage). It needs no regex
    # feature: \p{Han} is spelled out, and each group is written once.
    v = _vocab()
    han = patterns.han_class()
    place_head = f"(?:(?![{_NOT_PLACE}]){han})"
    juris = (
        f"(?P<juris>(?:{_PARTY})?(?:"
        f"(?:{_alt(v['places'])})(?:{_alt(_PLACE_SUFFIXES)})?"
        f"|(?P<free>{place_head}{{1,{_FREE_PLACE_MAX}}}?(?:{_alt(_PLACE_ENDS)}))"
        f"|{_alt(_JURIS_WORDS)}))"
    )
    suffix = "(?:" + "|".join(regex.escape(s) + _SUFFIX_GUARD.get(s[-1], "") for s in
                              sorted(v["suffixes"], key=len, reverse=True)) + ")"
    multi_cores = [c for c in v["cores"] if len(c) > 1]
    single_cores = [c for c in v["cores"] if len(c) == 1]
    # A short name that holds no verb or function word (成立, 的, 和…): tempered so the
    # engine falls back to a shorter reading (省政府成立…工作组 → 省政府).
    inst_free = f"(?:(?!{_alt(v['inst_name_forbidden'])}){han}){{0,{_INST_NAME_MAX}}}?"
    # Without a jurisdiction an institution is never kept (_accept), and being the last
    # alternative its absence changes no other reading (what matches instead, an organ
    # alone or nothing, is refused too): leaving it out spares most attempts the scan of
    # a free-form name. (The same holds for nothing else: a one-character core comes
    # before dept and people.)
    inst = f"(?(juris)(?P<inst>{inst_free}(?:{_alt(v['institutions'])}))|(?!))"
    body = (
        f"(?:(?P<core>{_alt(multi_cores)}){suffix}"
        f"|(?P<short>{_alt(single_cores)}){suffix}"
        f"|(?P<dept>{_alt(v['departments'])})(?![门长织])"
        f"|(?P<people>{_alt(v['people_orgs'])})"
        f"|{inst})"
    )
    organ = f"(?P<organ>{_alt(v['organs'])})"
    unit = (
        f"(?P<known>{_alt(v['known'])})(?:(?P<branch_place>{_alt(v['places'])})(?:{_alt(v['branches'])}))?(?![门])"
        # [jurisdiction] organ [body] | [jurisdiction] body, each group written once.
        f"|{juris}?{organ}?(?:{body}|(?(organ)|(?!)))"
    )
    return re.compile(unit)


@lru_cache(maxsize=1)
def _unit_max() -> int:
    """The longest unit the grammar can match (the parts above at their longest)."""
    v = _vocab()
    longest = lambda words: max(map(len, words))  # noqa: E731
    juris = len(_PARTY) + max(longest(v["places"]) + longest(_PLACE_SUFFIXES),
                              _FREE_PLACE_MAX + longest(_PLACE_ENDS), longest(_JURIS_WORDS))
    body = max(longest(v["cores"]) + longest(v["suffixes"]), longest(v["departments"]),
               longest(v["people_orgs"]), _INST_NAME_MAX + longest(v["institutions"]))
    known = longest(v["known"]) + longest(v["places"]) + longest(v["branches"])
    return max(known, juris + longest(v["organs"]) + body)


@lru_cache(maxsize=1)
def _may_start():
    """A cheap test that position p can begin a unit ``_accept`` keeps; False ones are skipped.

    Such a unit begins with its jurisdiction (a place, 中共, 省/市/…, or a free-form
    place name ending within seven characters), or, without one, with a known name,
    an organ, a core, a department or a people's organisation. Everything else the
    grammar matches at p would be refused, and each refused attempt costs as much as
    a kept one.
    """
    v = _vocab()
    by_first = _by_char((*v["known"], *v["places"], *v["organs"], *v["departments"], *v["people_orgs"],
                         *(c for c in v["cores"] if len(c) > 1), *_JURIS_WORDS, _PARTY), 0)
    place_end = re.compile("[" + "".join(sorted({re.escape(w[0]) for w in _PLACE_ENDS})) + "]")
    not_place = frozenset(_NOT_PLACE)

    def may_start(work: str, p: int, end: int) -> bool:
        c = work[p]
        heads = by_first.get(c)
        if heads is not None and work.startswith(heads, p):
            return True
        # A free-form place name: its ending (市, 自治县…) within _FREE_PLACE_MAX characters.
        return c not in not_place and place_end.search(work, p + 1, min(p + 1 + _FREE_PLACE_MAX, end)) is not None

    return may_start


@lru_cache(maxsize=1)
def _generic_before() -> tuple[str, ...]:
    return tuple(_vocab()["generic_before"])


def _boundaries(line: str) -> set[int]:
    from .segment import cut

    pos, out = 0, {0}
    for tok in cut(line):
        pos += len(tok)
        out.add(pos)
    return out


def _units(work: str, start: int, end: int) -> list[Mention]:
    out: list[Mention] = []
    rx = _unit_rx()
    may_start = _may_start()
    pos = start
    for lo, hi in _start_spans(work, start, end):
        p = max(pos, lo)
        while p < hi:
            if not may_start(work, p, end):
                p += 1
                continue
            m = rx.match(work, p, end)
            if m is None:
                p += 1
                continue
            mn = _accept(m, work, out)
            if mn is None:
                p += 1  # rejected: a shorter unit may start inside it (委托省地名学会)
                continue
            out.append(mn)
            pos = p = m.end()
    return out


# Every unit ends where a terminal word ends (a suffix, organ, department,
# institution, people's organisation, known name or branch), holds no character
# outside its words and \p{Han}, and is at most _unit_max() long. Trying the grammar
# at every position made this the slowest stage, so it is tried only in the stretch
# of Han text before each terminal end, and only where ``_may_start`` allows. It
# still decides every match, and the positions skipped are ones where it finds
# nothing or a unit ``_accept`` refuses, so the mentions are the ones a scan of
# every position finds (tests/test_agency_scan.py holds the two together).


def _start_spans(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """Merged stretches [lo, terminal end) of work[start:end] where a unit can start."""
    finals, by_final = _terminal_words()
    brk = _unit_break_rx()
    reach = _unit_max()
    merged: list[list[int]] = []
    # Each character a terminal word can end with, then whether one does end there.
    # Ends come left to right, and so do the stretches' starts: they merge as they come.
    for f in finals.finditer(work, start, end):
        e = f.end()
        if not work.endswith(by_final[f.group()], start, e):
            continue
        lo = max(start, e - reach)
        cut = brk.search(work, lo, e)
        lo = cut.end() if cut else lo
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = e
        else:
            merged.append([lo, e])
    return [(lo, hi) for lo, hi in merged]


@lru_cache(maxsize=1)
def _unit_break_rx() -> "regex.Pattern[str]":
    """The last character, searching backwards, that no unit can hold."""
    v = _vocab()
    vocabulary = "".join(w for words in v.values() if isinstance(words, list) for w in words if isinstance(w, str))
    extra = set(regex.sub(r"\p{Han}", "", vocabulary))  # one pass: a match per character took 11 ms
    return patterns.compile("(?r)[^\\p{Han}" + "".join(regex.escape(c) for c in sorted(extra)) + "]")


@lru_cache(maxsize=1)
def _terminal_words():
    """(a class of the characters terminal words end with, last character → those words).

    A character scan by Python's re plus str.endswith finds the ends in a fifth of the
    time a reverse regex alternation of the words takes.
    """
    v = _vocab()
    by_final = _by_char([w for key in ("suffixes", "departments", "people_orgs", "institutions", "organs", "known",
                                       "branches") for w in v[key]], -1)
    finals = re.compile("[" + "".join(re.escape(c) for c in sorted(by_final)) + "]")
    return finals, by_final


def _by_char(words, at: int) -> dict[str, tuple[str, ...]]:
    """The words grouped by their character at index ``at`` (0: first, -1: last)."""
    out = defaultdict(set)
    for w in words:
        out[w[at]].add(w)
    return {c: tuple(ws) for c, ws in out.items()}


@lru_cache(maxsize=1)
def _accept_vocab() -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    v = _vocab()
    return frozenset(v["generic_jurisdiction"]), tuple(v["not_places"]), frozenset(v["standalone_departments"])


@lru_cache(maxsize=1)
def _group_numbers() -> tuple[int, ...]:
    gi = _unit_rx().groupindex
    return tuple(gi[n] for n in ("known", "juris", "free", "organ", "core", "short", "dept", "people", "inst"))


def _accept(m, work, out) -> Mention | None:
    """The mention a unit match makes, or None when it is a class or no body at all."""
    generic_j, not_places, standalone = _accept_vocab()
    # Spans by group number, (-1, -1) when unmatched: one call, where each group looked
    # up by name costs as much as a short match.
    regs = m.regs
    known, juris_g, free, organ, core, short, dept, people, inst_g = (regs[i] for i in _group_numbers())
    s, e = regs[0]
    if known[0] >= 0:
        return Mention(s, e, work[s:e], True)
    body_s = organ[0] if organ[0] >= 0 else s
    if juris_g[0] >= 0:
        body_s = juris_g[1]
    juris_s = s
    if free[0] >= 0:
        juris_s = _trim_place(work, free[0], free[1])
        place = work[juris_s:body_s]
        if place.endswith(not_places) or place in not_places:
            juris_s = body_s  # 社区, 城市: not a place; the unit has no jurisdiction
    juris = work[juris_s:body_s]
    if juris in generic_j:
        return None  # 区民政局, 县政府: one in every locality, a class
    if inst_g[0] >= 0:
        inst = work[inst_g[0]:inst_g[1]]
        head = _inst_head_len(inst)
        if not juris or (inst == inst[-head:] and head <= 2):
            return None  # 福利院 alone, 市中心: not a named institution
    if not juris:
        attached = bool(out) and out[-1].end == s
        has_organ, has_core, has_dept, has_people = organ[0] >= 0, core[0] >= 0, dept[0] >= 0, people[0] >= 0
        if has_organ and not (has_core or has_dept):
            return None  # 政府, 委 alone
        if (short[0] >= 0 or has_people) and not (has_people and attached):
            return None
        if has_core and not has_organ and not _ministry_suffix(work[s:e]) and not attached:
            return None  # 民政局 alone is a class (各地民政局) unless it follows its parent
        if has_dept and not has_organ and work[dept[0]:dept[1]] not in standalone and not attached:
            return None
    return Mention(juris_s, e, work[juris_s:e], bool(juris))


def _ministry_suffix(text: str) -> bool:
    return text.endswith(("部", "署"))


@lru_cache(maxsize=1)
def _inst_heads() -> tuple[str, ...]:
    return tuple(sorted(_vocab()["institutions"], key=len, reverse=True))


def _inst_head_len(name: str) -> int:
    return next((len(h) for h in _inst_heads() if name.endswith(h)), 0)


# What jieba's default cut treats as a block separator (anything outside re_han_default).
_JIEBA_BREAK = regex.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_JIEBA_BREAK_BEFORE = regex.compile(r"(?r)" + _JIEBA_BREAK.pattern)   # searched backwards: the last one
_RUN_MAX = 120


def _trim_place(work: str, fs: int, fe: int) -> int:
    """Start of a free-form place name: the jieba word that holds its 省/市/县/区 (经潍坊市 → 潍坊市)."""
    # jieba segments each run of Han/ASCII word characters on its own, so the run
    # around the place gives the same words as its whole line, at a cost that does
    # not grow with the line (a page that lost its line breaks is one 5 MB line).
    m = _JIEBA_BREAK_BEFORE.search(work, max(0, fs - _RUN_MAX), fs)
    ls = m.end() if m else max(0, fs - _RUN_MAX)
    m = _JIEBA_BREAK.search(work, fe, min(len(work), fe + _RUN_MAX))
    le = m.start() if m else min(len(work), fe + _RUN_MAX)
    bounds = _boundaries(work[ls:le])
    cut_at = max((b + ls for b in bounds if b + ls <= fe - 1), default=fs)
    return max(cut_at, fs)


def _merge(units: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    parts: list[list[str]] = []
    for u in units:
        if out and out[-1].end == u.start and not u.has_juris:
            out[-1].end = u.end
            parts[-1].append(u.text)  # joined once below: adding to the text per unit is quadratic in a long chain
            continue
        out.append(u)
        parts.append([u.text])
    for mn, texts in zip(out, parts):
        if len(texts) > 1:
            mn.text = "".join(texts)
    return out


def _last_at_or_before(starts: list[int], pos: int) -> int:
    """Index of the last of the sorted ``starts`` that is <= pos, or -1."""
    return bisect_right(starts, pos) - 1


_CITED = regex.compile(r"《[^《》\n]*》")


@lru_cache(maxsize=1)
def _functional_rx() -> "regex.Pattern[str]":
    v = _vocab()
    free = f"(?:(?!{_alt(v['inst_name_forbidden'])}|部门|机关|主管|行政|有关|相关|其他|各)\\p{{Han}}){{0,10}}?"
    return patterns.compile(
        f"(?P<nat>{_alt(v['functional_national'])}){free}(?:{_alt(v['functional_heads'])})"
        f"|(?P<loc>省|市|自治区)(?:人民政府)?{free}(?:{_alt(v['functional_local_heads'])})")


@lru_cache(maxsize=1)
def _functional_needles() -> tuple[str, ...]:
    # Every description ends in a head, so holds one of the heads no other head contains
    # (部门, 机关): a line with none is skipped before the grammar runs.
    v = _vocab()
    heads = set(v["functional_heads"]) | set(v["functional_local_heads"])
    return tuple(sorted(h for h in heads if not any(o != h and o in h for o in heads)))


def _functional(work: str, start: int, end: int, level: str | None) -> list[Mention]:
    out: list[Mention] = []
    if not patterns.holds(work, start, end, _functional_needles()):
        return out
    for m in _functional_rx().finditer(work, start, end):
        loc = m.group("loc")
        if loc and not (level == "province" and loc in ("省", "自治区") or level == "city" and loc == "市"):
            continue
        out.append(Mention(m.start(), m.end(), m.group(), True))
    return out


def document_level(title: str | None, issuers: list[str]) -> str | None:
    """Whether a document is a province's or a city's own: 省/市 descriptions then name one body."""
    for name in (*issuers[:1], title or ""):
        m = regex.match(r"^(?:中共)?(?:\p{Han}{2,7}?(?P<lv>省|自治区|市)|(?P<bare>省|市))", name)
        if m:
            lv = m.group("lv") or m.group("bare")
            return "city" if lv == "市" else "province"
    return None


def find(work: str, start: int, end: int, level: str | None = None) -> list[Mention]:
    """Agency mentions in work[start:end], not inside cited titles, not generic classes."""
    titles = []
    if patterns.holds(work, start, end, ("《",)):
        titles = [m.span() for m in _CITED.finditer(work, start, end)]
    generic = _generic_before()
    out = []
    funcs = _functional(work, start, end, level)
    # The longer functional description wins over the body inside it (国务院 in 国务院财政部门).
    # Descriptions and titles are matches of one scan each, so they neither overlap nor
    # come out of order: only the last one starting at or before a mention can hold it
    # (a test of each against all was quadratic on a page without line breaks).
    f_starts = [f.start for f in funcs]
    t_starts = [a for a, _ in titles]

    def in_func(u: Mention) -> bool:
        k = _last_at_or_before(f_starts, u.start)
        return k >= 0 and u.end <= funcs[k].end

    units = [u for u in _merge(_units(work, start, end)) if not in_func(u)]
    for mn in sorted(units + funcs, key=lambda x: x.start):
        k = _last_at_or_before(t_starts, mn.start)
        if k >= 0 and mn.start < titles[k][1]:
            continue
        if work.endswith(generic, max(start, mn.start - 6), mn.start):
            continue  # 各级民政部门, 有关部门: a class of bodies
        out.append(mn)
    return out


def covers(text: str) -> bool:
    """True when ``text`` is nothing but agency names (a signature or banner line)."""
    ms = find(text, 0, len(text))
    return bool(ms) and sum(m.end - m.start for m in ms) == len(text)


# --- responsibility -------------------------------------------------------------------

_TRAILING_LIST = regex.compile(r"\(([^()\n]{2,400})\)\s*+[。.;]?\s*$")  # \s*+: no blank run split two ways
_BY = regex.compile(r"由([^。;,\n]{2,40}?)(?:牵头|负责)(?!同志|人)")
_ITEM_SEP = regex.compile(r"[、,;]")
_SELF = regex.compile(r"\G\s*(?:牵头|负责)(?!同志|人)")


@lru_cache(maxsize=1)
def _label_rx() -> "regex.Pattern[str]":
    v = _vocab()
    return patterns.compile(f"(?P<label>{_alt(v['responsible_labels'])})\\s*[:：]\\s*(?P<list>[^。;\\n]*)")


def mark_responsible(work: str, mentions: list[Mention], clause_ranges: list[tuple[int, int]]) -> None:
    """Set ``responsible`` and ``role`` on mentions the clause names as responsible."""
    ordered = sorted(mentions, key=lambda m: m.start)  # text order: the first named leads
    starts = [m.start for m in ordered]

    def within(a, b):
        out = []
        for m in ordered[bisect_left(starts, a):bisect_left(starts, b)]:
            if m.end <= b:
                out.append(m)
        return out

    def mark(group, lead_first=True):
        for i, m in enumerate(group):
            m.responsible = True
            if m.role is None:
                m.role = "lead" if (i == 0 and lead_first) else "support"

    for cs, ce in clause_ranges:
        # Each line of a clause may end in its responsibility list: …。(省民政厅、省财政厅)
        pos = cs
        while pos < ce:
            le = work.find("\n", pos, ce)
            le = ce if le < 0 else le
            m = _TRAILING_LIST.search(work, pos, le)
            if m:
                inner = within(*m.span(1))
                if inner and _mostly_agencies(work, m.span(1), inner):
                    mark(inner)
            pos = le + 1
        for m in _label_rx().finditer(work, cs, ce):
            lead = m.group("label") in _vocab()["lead_labels"]
            grp = within(*m.span("list"))
            for i, a in enumerate(grp):
                a.responsible = True
                a.role = "lead" if lead and i == 0 else ("support" if not lead else a.role or "support")
        for m in _BY.finditer(work, cs, ce):
            mark(within(*m.span(1)))
    for m in mentions:
        if not m.responsible and _SELF.match(work, m.end):
            m.responsible, m.role = True, "lead"


def _mostly_agencies(work: str, span: tuple[int, int], inner: list[Mention]) -> bool:
    """A bracket is a responsibility list when its items are bodies, not an explanation."""
    items = [p for p in _ITEM_SEP.split(work[span[0]:span[1]]) if p.strip()]
    with_agency = sum(1 for it in items if any(a.text in it for a in inner))
    return with_agency >= max(1, (len(items) + 1) // 2)
