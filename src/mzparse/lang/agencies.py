"""Stage 4a: agencies (CONTRACT.md §2) and who is named responsible.

A regular expression built from lang/agencies.toml finds *units*
([jurisdiction] [organ] body); adjacent units without their own jurisdiction
join the one before (民政部 + 办公厅). Free-form place names are trimmed to a
jieba word boundary: that is where segmentation decides the answer.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Callable, Iterable

import regex

from ..cache import dataclass
from . import grammar, scan
from .segment import cut  # (at each call, the import took half of _trim_place's time)
from ..records import Context

# Characters that never begin or sit inside a free-form place name before a body (支持, 推动,
# 协商); 商 and 定 are left to jieba, as they begin places too (商洛市, 定西市).
_NOT_PLACE = ("本全各该我其此每等的和与及在对为是了有把被从向将经由按到以于同并或即请支持推协"
              "委厅局部办府院会署室组党团")
_SUFFIX_GUARD = {"部": "(?![门分署])", "局": "(?![面势部])", "委": "(?![托员屈])", "办": "(?![理法事学好结实])",
                 "厅": "", "署": "", "室": ""}


@dataclass(slots=True)
class Mention:
    """One agency named in the working text: its span and text, whether it carries its jurisdiction
    (a place, or a known body named in full), and whether (and as what role) it is named responsible."""
    start: int
    end: int
    text: str            # working text of the mention
    has_juris: bool
    responsible: bool = False
    role: str | None = None
    setup_head: str | None = None  # of a body the document sets up by name (联合工作组)


def _alt(words) -> str:
    return grammar.alternation(list(words))


def _kept_pattern(name: str, build: "Callable[[], str]") -> str:
    """``build()``, a pattern string made from the vocabulary, kept on disk between runs.

    The compiled grammars are kept (grammar.compile_re), but found by their pattern: making
    the strings again (alternations, escapes, the factored words) took ~6 ms of every cold
    run. The key holds what a string can depend on: this module, the vocabulary, grammar.py
    and the versions of Python and regex."""
    return grammar.cached("agency-pattern", f"{_patterns_key()}\0{name}", build, lambda v: isinstance(v, str))


@lru_cache(maxsize=1)
def _patterns_key() -> str:
    import sys

    from ..cache import file_digest

    digests = map(file_digest, (__file__, grammar.data_path("lang/agencies.toml"), grammar.__file__))
    return "\0".join((sys.version, regex.__version__, *digests))


_TRIE_CLASS_MIN = 4  # branches from which a class of their first characters is tested first


def _trie(words) -> str:
    """The alternation ``_alt`` makes, factored by shared prefixes (民政部|民政厅 → 民政(?:部|厅)).

    It matches the same words in the same order: words that differ in a character cannot
    both match there, so only the order of those sharing a prefix counts, and at every
    level the longer come first, as in ``_alt``. Python's re tries an alternation's words
    one by one: the factored form spares it the words whose first character differs.
    """
    def level(ws: list[str]) -> str:
        by_first: dict[str, list[str]] = {}
        for w in ws:
            by_first.setdefault(w[:1], []).append(w[1:])
        parts = []
        for c, rest in by_first.items():  # first appearance: longest first, the empty word last
            if len(rest) == 1:
                parts.append(re.escape(c + rest[0]))
            else:
                parts.append(re.escape(c) + "(?:" + level(rest) + ")")
        alts = "|".join(parts)
        if len(by_first) < _TRIE_CLASS_MIN or "" in by_first:
            return alts
        # Where no word can begin, one test of the character instead of one per branch.
        return f"(?=[{''.join(map(re.escape, by_first))}])(?:{alts})"

    return level(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return grammar.load("lang/agencies")


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
    """The unit grammar, compiled with Python's re."""
    return grammar.compile_re(_kept_pattern("unit", _unit_pattern))


def _unit_pattern() -> str:
    # Compiled with Python's re: it runs this grammar three times faster than regex does
    # (the match at each candidate start is most of this stage). It needs no regex
    # feature: \p{Han} is spelled out, and each group is written once.
    v = _vocab()
    han = grammar.han_class()
    place_head = f"(?:(?![{_NOT_PLACE}]){han})"
    juris = (
        f"(?P<juris>(?:{_PARTY})?(?:"
        f"(?:{_trie(v['places'])})(?:{_trie(_PLACE_SUFFIXES)})?"
        f"|(?P<free>{place_head}{{1,{_FREE_PLACE_MAX}}}?(?:{_trie(_PLACE_ENDS)}))"
        f"|{_trie(_JURIS_WORDS)}))"
    )
    suffix = _suffix_alt()
    multi_cores = [c for c in v["cores"] if len(c) > 1]
    single_cores = [c for c in v["cores"] if len(c) == 1]
    # A short name that holds no verb or function word (成立, 的, 和…): tempered so the
    # engine falls back to a shorter reading (省政府成立…工作组 → 省政府).
    inst_free = f"(?:(?!{_trie(v['inst_name_forbidden'])}){han}){{0,{_INST_NAME_MAX}}}?"
    # Without a jurisdiction an institution is never kept (_accept), and being the last
    # alternative its absence changes no other reading (what matches instead, an organ
    # alone or nothing, is refused too): leaving it out spares most attempts the scan of
    # a free-form name. (The same holds for nothing else: a one-character core comes
    # before dept and people.)
    inst = f"(?(juris)(?P<inst>{inst_free}(?:{_trie(v['institutions'])}))|(?!))"
    body = (
        f"(?:(?P<core>{_trie(multi_cores)}){suffix}"
        f"|(?P<short>{_trie(single_cores)}){suffix}"
        f"|(?P<dept>{_trie(v['departments'])})(?![门长织])"
        f"|(?P<people>{_trie(v['people_orgs'])})"
        f"|{inst})"
    )
    organ = f"(?P<organ>{_trie(v['organs'])})"
    unit = (
        # The issuer naming itself (我局, 市局), unless a longer word holds it (基本局面, 超市局部).
        f"(?P<self>(?=[{''.join(sorted({w[0] for w in v['self_names']}))}])(?<![{''.join(v['self_not_before'])}])"
        f"(?:{_trie(v['self_names'])})"
        f"(?![{''.join(v['self_not_after'])}]))"
        f"|(?P<known>{_trie(v['known'])})(?:(?P<branch_place>{_trie(v['places'])})(?:{_trie(v['branches'])}))?(?![门署])"  # 民政部门, 建设部署
        # [jurisdiction] organ [body] | [jurisdiction] body, each group written once.
        f"|{juris}?{organ}?(?:{body}|(?(organ)|(?!)))"
    )
    return unit


def _suffix_alt() -> str:
    v = _vocab()
    return "(?:" + "|".join(regex.escape(s) + _SUFFIX_GUARD.get(s[-1], "") for s in
                            sorted(v["suffixes"], key=len, reverse=True)) + ")"


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
def _may_start_parts() -> tuple:
    """What the may-start test of ``_units`` reads: the first characters of the words a unit can
    begin with, those words of one character, the others by their first two characters, the class
    of the characters a free-form place name ends with, the characters that begin none, and the
    first character of the Han class (none before it begins one).

    The test (inline in ``_units``: it runs at every position of a stretch) says whether position
    p can begin a unit ``_accept`` keeps: such a unit begins with its jurisdiction (a place, 中共,
    省/市 (县, 区 are classes), or a free-form place name ending within ``_FREE_PLACE_MAX``
    characters), or, without one, with a known name, an organ, a core and its suffix, a
    department or a people's organisation. Everything else the grammar matches at p would be
    refused, and each refused attempt costs as much as a kept one.
    """
    v = _vocab()
    # A core begins a kept unit only with its suffix (民政局, not 民政 of 人民政府), and a
    # jurisdiction word that is a class (县, 区) only one _accept refuses.
    generic = set(v["generic_jurisdiction"])
    by_first = _by_char((*v["self_names"], *v["known"], *v["places"], *v["organs"], *v["departments"], *v["people_orgs"],
                         *(c + s for c in v["cores"] if len(c) > 1 for s in v["suffixes"]),
                         *(w for w in _JURIS_WORDS if w not in generic), _PARTY), 0)
    place_end = grammar.compile_re("[" + "".join(sorted({re.escape(w[0]) for w in _PLACE_ENDS})) + "]")
    # By their first two characters (the words of one first character were up to 166, each
    # compared by str.startswith at every position beginning with it); one-character words apart.
    by_two: dict[str, list[str]] = defaultdict(list)
    for w in (w for ws in by_first.values() for w in ws if len(w) > 1):
        by_two[w[:2]].append(w)
    single = frozenset(w for ws in by_first.values() for w in ws if len(w) == 1)
    # No character before the Han class's first begins a free-form place name (ASCII, digits,
    # brackets, blanks): refused by one comparison.
    han_first = chr(int(re.match(r"\[\\U([0-9a-f]{8})-", grammar.han_class()).group(1), 16))
    return (frozenset(by_first), single, {k: tuple(ws) for k, ws in by_two.items()}, place_end,
            frozenset(_NOT_PLACE), han_first)


@lru_cache(maxsize=1)
def _generic_before() -> dict[str, tuple[str, ...]]:
    """The words before a body that make it a class (各级, 有关), by their last character: a mention
    after any other character (most) is passed with one look-up, not a test of each word."""
    words = _vocab()["generic_before"]
    assert all(words)
    return _by_char(words, -1)


def _bounds(line: str) -> list[int]:
    """Where jieba's words of ``line`` begin, and the line's length: word k is
    line[bounds[k]:bounds[k + 1]] (summed in C: a tuple a word made in Python cost more than the cut)."""
    return list(accumulate(map(len, cut(line)), initial=0))


def _units(work: str, start: int, end: int, term_ends: "list[int] | None" = None) -> list[Mention]:
    out: list[Mention] = []
    spans = _start_spans(work, start, end, term_ends)
    if not spans:
        return out  # most stretches: no terminal word, no unit
    rx, (firsts, single, by_two, place_end, not_place, han_first), (juris_g, organ_g), accepting = _units_parts()
    pos = start
    for lo, hi in spans:
        p = pos if pos > lo else lo
        if p >= hi:
            continue
        # The first place ending after p, searched for when a position needs it (most spans: never)
        # and again once p passes it; none: past every p's reach. (A list of all of the span's, made
        # by finditer, cost ~3 M instructions a pass over the samples; these searches, half of it.)
        nxt = -1
        while p < hi:
            c = work[p]
            if c not in firsts or c not in single and not (
                    (heads := by_two.get(work[p:p + 2])) is not None and work.startswith(heads, p)):
                # No word of a unit begins here: only a free-form place name can, which begins
                # with a Han character outside _NOT_PLACE.
                if c < han_first or c in not_place:
                    p += 1
                    continue
                if nxt <= p:
                    e = place_end.search(work, p + 1, min(hi + _FREE_PLACE_MAX, end))
                    nxt = e.start() if e is not None else hi + _FREE_PLACE_MAX
                if nxt > p + _FREE_PLACE_MAX:
                    p += 1
                    continue
            m = rx.match(work, p, end)
            if m is None:
                p += 1
                continue
            # An organ alone (政府, 委员会) with no jurisdiction: _accept refuses it always,
            # and it is a third of all matches.
            if m.lastindex == organ_g and m.start(juris_g) < 0:
                p += 1
                continue
            mn = _accept(m, work, out, accepting)
            if mn is None:
                p += 1  # rejected: a shorter unit may start inside it (委托省地名学会)
                continue
            out.append(mn)
            pos = p = m.end()
    return out


@lru_cache(maxsize=1)
def _units_parts() -> tuple:
    """What ``_units`` reads, in one call: it runs once a stretch."""
    return _unit_rx(), _may_start_parts(), (_group_numbers()[2], _group_numbers()[4]), (_accept_vocab(), _group_spans(), _common_words())


# Every unit ends where a terminal word ends (a suffix, organ, department,
# institution, people's organisation, known name or branch), holds no character
# outside its words and \p{Han}, and is at most _unit_max() long. Trying the grammar
# at every position made this the slowest stage, so it is tried only in the stretch
# of Han text before each terminal end, and only where the may-start test allows. It
# still decides every match, and the positions skipped are ones where it finds
# nothing or a unit ``_accept`` refuses, so the mentions are the ones a scan of
# every position finds (tests/test_agency_scan.py holds the two together).


_MATCH_END = re.Match.end


def _start_spans(work: str, start: int, end: int, term_ends: "Iterable[int] | None" = None) -> list[list[int]]:
    """Merged stretches [lo, terminal end) of work[start:end] where a unit can start, as the
    [lo, hi] lists they were merged in (made tuples again, they cost ~0.6 M instructions a pass).

    ``term_ends``: the ends the terminal-end pattern finds in work[start:end], when the
    caller found them already (:func:`find_all`, once a document)."""
    by_final, ends, longest, brk, reach = _span_parts()
    merged: list[list[int]] = []
    if term_ends is None:
        term_ends = map(_MATCH_END, ends.finditer(work, start, end))
    # Each place a terminal word ends. Ends come left to right, and so do the stretches'
    # starts: they merge as they come.
    for e in term_ends:
        if e - longest < start and not work.endswith(by_final[work[e - 1]], start, e):
            continue  # the lookbehind saw a word begin before start
        # The break is looked for only after the last stretch's end: a break before it leaves
        # the stretch starting at or before that end, to be merged all the same.
        last = merged[-1] if merged else None
        lo = e - reach
        if last is not None:
            if lo < last[1]:
                lo = last[1]
        elif lo < start:
            lo = start
        cut = brk.match(work, lo, e)
        if cut is not None:
            lo = cut.end()
        if last is not None and lo <= last[1]:
            last[1] = e
        else:
            merged.append([lo, e])
    return merged


@lru_cache(maxsize=1)
def _span_parts() -> tuple:
    """What ``_start_spans`` reads, in one call: it runs once a stretch."""
    return _terminal_words()[1], *_terminal_ends_rx(), _unit_break_rx(), _unit_max()


@lru_cache(maxsize=1)
def _unit_break_rx() -> "re.Pattern[str]":
    """Matched from a position, up to and with the last character no unit can hold.

    A greedy run then the class: re's forward match finds the last one for a third of
    what a reverse search by regex costs a call (it runs once a terminal end)."""
    def build() -> str:
        v = _vocab()
        vocabulary = "".join(w for words in v.values() if isinstance(words, list) for w in words if isinstance(w, str))
        extra = set(regex.sub(r"\p{Han}", "", vocabulary))  # one pass: a match per character took 11 ms
        han = grammar.han_class()
        assert han.startswith("[") and han.endswith("]") and not han.startswith("[^")
        return "(?s:.*)[^" + han[1:-1] + "".join(re.escape(c) for c in sorted(extra)) + "]"

    return grammar.compile_re(_kept_pattern("unit_break", build))


@lru_cache(maxsize=1)
def _terminal_words():
    """(a class of the characters terminal words end with, last character → those words).

    A character scan by Python's re plus str.endswith finds the ends in a fifth of the
    time a reverse regex alternation of the words takes.
    """
    v = _vocab()
    by_final = _by_char([w for key in ("suffixes", "departments", "people_orgs", "institutions", "organs", "known",
                                       "self_names",
                                       "branches") for w in v[key]], -1)
    finals = grammar.compile_re("[" + "".join(re.escape(c) for c in sorted(by_final)) + "]")
    return finals, by_final


@lru_cache(maxsize=1)
def _terminal_ends_rx() -> "tuple[re.Pattern[str], int]":
    """(a pattern matching the last character of each terminal word where the word ends there,
    the longest word's length).

    Each final character with lookbehinds of its words, one per length (re's are of fixed
    width): re finds the ends in C, where a scan for the characters and a str.endswith
    for each took twice as long. A lookbehind sees before the position a search starts
    at: a word that may begin before it is tested again with endswith.
    """
    _, by_final = _terminal_words()

    def build() -> str:
        parts = []
        for c, words in sorted(by_final.items()):
            by_len: dict[int, list[str]] = defaultdict(list)
            for w in words:
                by_len[len(w)].append(w)
            behind = "|".join(f"(?<={'|'.join(map(re.escape, sorted(ws)))})" for _, ws in sorted(by_len.items()))
            if 1 not in by_len:
                # The character before the final, tested first: most finals (会 of 会议, 部 of 全部) end
                # no word, and this one test refuses them where the lookbehinds tried each word.
                before = "".join(re.escape(c2) for c2 in sorted({w[-2] for w in words}))
                behind = f"(?<=[{before}].)(?:{behind})"
            parts.append(f"{re.escape(c)}(?:{behind})")
        return "|".join(parts)

    return (grammar.compile_re(_kept_pattern("terminal_ends", build)),
            max(map(len, (w for ws in by_final.values() for w in ws))))


def _by_char(words, at: int) -> dict[str, tuple[str, ...]]:
    """The words grouped by their character at index ``at`` (0: first, -1: last)."""
    out = defaultdict(set)
    for w in words:
        out[w[at]].add(w)
    return {c: tuple(sorted(ws)) for c, ws in out.items()}  # (sorted: the same order every run)


@lru_cache(maxsize=1)
def _accept_vocab() -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    v = _vocab()
    return frozenset(v["generic_jurisdiction"]), tuple(v["not_places"]), frozenset(v["standalone_departments"])


@lru_cache(maxsize=1)
def _group_numbers() -> tuple[int, ...]:
    gi = _unit_rx().groupindex
    return tuple(gi[n] for n in ("self", "known", "juris", "free", "organ", "core", "short", "dept", "people", "inst"))


@lru_cache(maxsize=1)
def _group_spans():
    """regs → the spans of the groups of :func:`_group_numbers`, in that order (one C call)."""
    from operator import itemgetter

    return itemgetter(*_group_numbers())


def _accept(m, work, out, parts=None) -> Mention | None:
    """The mention a unit match makes, or None when it is a class or no body at all; ``parts``:
    (:func:`_accept_vocab`, :func:`_group_spans`, :func:`_common_words`), handed on by ``_units``
    (three cached calls fewer a match)."""
    (generic_j, not_places, standalone), spans, (words, longest) = (
        parts if parts is not None else (_accept_vocab(), _group_spans(), _common_words()))
    # Spans by group number, (-1, -1) when unmatched: one call, where each group looked
    # up by name costs as much as a short match.
    regs = m.regs
    self_g, known, juris_g, free, organ, core, short, dept, people, inst_g = spans(regs)
    s, e = regs[0]
    if known[0] >= 0 or self_g[0] >= 0:
        return Mention(s, e, work[s:e], True)
    body_s = organ[0] if organ[0] >= 0 else s
    if juris_g[0] >= 0:
        body_s = juris_g[1]
    juris_s = s
    if free[0] >= 0:
        juris_s = _trim_place(work, free[0], free[1])
        if juris_s < 0:
            return None
        place = work[juris_s:body_s]
        if place.endswith(not_places) or place in not_places:
            juris_s = body_s  # 社区, 城市: not a place; the unit has no jurisdiction
    juris = work[juris_s:body_s]
    # (_ends_a_word asks only about an ending its words hold: most, 省 of 省民政厅, are passed here)
    if len(juris) == 1 and juris_s > 0 and (
            (ending := work[juris_s - 1:juris_s + 1]) in words or ending in longest) and _ends_a_word(work, juris_s):
        return None  # 市 of 直辖市人民政府, 城市民政局: no jurisdiction, and no body without one
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
        if has_organ and not has_core and not (has_dept and attached):
            return None  # 政府, 委 alone; 委员会办公厅, 政府办公厅 of no named parent
        if (short[0] >= 0 or has_people) and not (has_people and attached):
            return None
        if has_core and not has_organ and not _ministry_suffix(work[s:e]) and not attached:
            return None  # 民政局 alone is a class (各地民政局) unless it follows its parent
        if has_dept and not has_organ and not attached and (
                work[dept[0]:dept[1]] not in standalone or work.endswith(_organs(), 0, s)):
            return None  # 组织部 alone; 政府办公厅 of no named government
    return Mention(juris_s, e, work[juris_s:e], bool(juris))


@lru_cache(maxsize=1)
def _organs() -> tuple[str, ...]:
    return tuple(_vocab()["organs"])


def _ministry_suffix(text: str) -> bool:
    return text.endswith(("部", "署"))


@lru_cache(maxsize=1)
def _inst_heads() -> tuple[frozenset[str], tuple[int, ...]]:
    """The institution heads, and their lengths, longest first."""
    heads = frozenset(_vocab()["institutions"])
    return heads, tuple(sorted({len(h) for h in heads if h}, reverse=True))


def _inst_head_len(name: str) -> int:
    """The length of the longest institution head ``name`` ends with (0: none)."""
    heads, lengths = _inst_heads()
    return next((n for n in lengths if n <= len(name) and name[-n:] in heads), 0)


# What jieba's default cut treats as a block separator (anything outside re_han_default).
_JIEBA_BREAK = grammar.compile_re(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
# Matched from a position, up to and with the last one: re's forward match with a greedy run
# costs a fifth of a reverse search by regex.
_JIEBA_BREAK_LAST = grammar.compile_re(r"(?s:.*)" + _JIEBA_BREAK.pattern)
_RUN_MAX = 120


_BARE_ENDINGS = ("自治县", "自治州", "自治旗", "自治区")


def _trim_place(work: str, fs: int, fe: int) -> int:
    """Start of a free-form place name: the jieba word that holds its 省/市/县/区 (经潍坊市 → 潍坊市);
    -1 when that word starts before ``fs``."""
    # jieba segments each run of Han/ASCII word characters on its own, so the run
    # around the place gives the same words as its whole line, at a cost that does
    # not grow with the line (a page that lost its line breaks is one 5 MB line).
    m = _JIEBA_BREAK_LAST.match(work, max(0, fs - _RUN_MAX), fs)
    ls = m.end() if m else max(0, fs - _RUN_MAX)
    m = _JIEBA_BREAK.search(work, fe, min(len(work), fe + _RUN_MAX))
    le = m.start() if m else min(len(work), fe + _RUN_MAX)
    bounds = _bounds(work[ls:le])
    i = bisect_right(bounds, fe - 1 - ls) - 1  # the word that holds the ending's last character
    if not 0 <= i < len(bounds) - 1:
        return fs
    cut_at = bounds[i] + ls
    common = _common_words()[0]
    if fe - cut_at == 2 and work[cut_at:fe] not in common and work[cut_at - 1:cut_at + 1] in common:
        return fe - 1  # 开发|市 cut as 开/发市 (a rare word): the ending stands alone
    # The word that holds the ending began before the candidate: the candidate is the tail of
    # a longer word (辖市 of 直辖市, 济区 of 经济区), no place name.
    if cut_at < fs:
        return -1
    # A place jieba does not know ends in a word of two characters or a bare ending (乌兰察布市 as
    # 乌/兰/察/布市, 宽城满族自治县 as 宽/城/满族/自治县): its name runs back over the single
    # characters (and 族 words) before it, to the first word of the sentence (会同, 加强).
    # A place inside another (商洛市商州区, 山东省潍坊市) runs back over its parents too.
    unknown = len(work[cut_at:fe]) == 2 or work[cut_at:fe] in _BARE_ENDINGS
    not_places = _accept_vocab()[1]
    while i > 0:
        a, b = bounds[i - 1], bounds[i]
        w = work[a + ls:b + ls]
        if a + ls < fs:
            break
        if not (unknown and (len(w) == 1 or w.endswith("族"))
                or len(w) > 2 and w.endswith(_PLACE_ENDS) and w not in not_places):
            break
        i -= 1
        cut_at = a + ls
    return cut_at


# jieba's dictionary frequency below which a word is a fluke of its corpus (同省 in 会同省财政厅).
_COMMON_WORD = 50


@lru_cache(maxsize=1)
def _common_words() -> tuple[frozenset[str], dict[str, int]]:
    """The segmentation vocabulary's common words of two or more characters, and by the last two
    characters of each word of three or more the length of the longest word that ends in them."""
    import hashlib
    import sys

    data = grammar.data_path("lang/places.txt").read_bytes()
    extra = _vocab()["segmentation_words"]

    def build() -> tuple[frozenset[str], dict[str, int]]:
        lines = [ln.split(" ") for ln in data.decode("utf-8").splitlines()]
        words = frozenset([*(w for w, freq, *_ in lines if len(w) > 1 and int(freq) >= _COMMON_WORD), *extra])
        longest: dict[str, int] = {}
        for w in sorted(words):  # (sorted: the same dictionary every run)
            if len(w) > 2 and len(w) > longest.get(w[-2:], 0):
                longest[w[-2:]] = len(w)
        return words, longest

    # Kept on disk: reading the 8,800 lines took ~5 ms of every cold run.
    key = hashlib.sha256(data + "\n".join(extra).encode() + str(_COMMON_WORD).encode()).hexdigest()
    # (the key holds this module's text, _patterns_key: what build makes can change with it)
    return grammar.cached("words", f"{sys.version}\0{key}\0{_patterns_key()}", build,
                          lambda v: isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], frozenset))


def _ends_a_word(work: str, p: int) -> bool:
    """Whether the one character at p (市, 省) ends a longer word jieba cuts there (直辖市, 城市)."""
    words, longest_by_ending = _common_words()
    if p < 1:
        return False
    # A longer word that ends at p is work[p - 1:p + 1], or ends in it and is no longer than the
    # longest that does: most endings (坊市 of 潍坊市) end none, and need no slice a length.
    ending = work[p - 1:p + 1]
    if ending not in words and ((n := longest_by_ending.get(ending)) is None or not any(
            work[q:p + 1] in words for q in range(max(0, p + 1 - n), p - 1))):
        return False  # no such word ends here: the segmentation need not be asked
    return _trim_place(work, p, p + 1) < 0


def _merge(work: str, units: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    joined = False
    for u in units:
        if out and out[-1].end == u.start and not u.has_juris:
            out[-1].end = u.end  # the text is cut once below: a chain of joins stays linear
            joined = True
            continue
        out.append(u)
    if joined:  # (a unit not joined holds its text already: most stretches)
        for u in out:
            u.text = work[u.start:u.end]
    return out


_CITED = grammar.compile(r"《[^《》\n]*》")
_TITLE_MARK = grammar.compile_re("[《》]")
_TITLE_START = grammar.compile_re(r"[。;；:：!?！？《\n]")


def _cited(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of cited titles: 《…》, and a title whose 《 was lost (…莆田市人民政府关于…的通知》),
    taken back to the start of its sentence."""
    spans = [m.span() for m in _CITED.finditer(work, start, end)]
    closed = {b - 1 for _, b in spans}
    i = work.find("》", start, end)
    while i >= 0:
        if i not in closed:
            lo = max((m.end() for m in _TITLE_START.finditer(work, start, i)), default=start)
            if not spans or spans[-1][1] <= lo or spans[-1][0] > i:
                spans.append((lo, i + 1))
        i = work.find("》", i + 1, end)
    spans.sort()
    return spans


def _functional_item() -> str:
    # One item of a description: department cores (人力资源和社会保障 holds 和) or Han
    # characters that are no function word, verb of the sentence or head.
    v = _vocab()
    return f"(?:{_alt(v['cores'])}|(?!{_alt(v['functional_item_forbidden'])}){grammar.han_class()})"


# The two description grammars are compiled with Python's re, like the unit grammar (faster).
def _functional_start(named: bool = True) -> str:
    """The grammar of a description up to its items: 国务院 | 省人民政府 …"""
    v = _vocab()
    firsts = "".join(sorted({w[0] for w in (*v["functional_national"], *v["functional_local"])}))
    nat, loc, gov = ("?P<nat>", "?P<loc>", "?P<gov>") if named else ("?:", "?:", "?:")
    return (
        # A description's first character, tested first: the scan passes other positions at once.
        f"(?=[{firsts}])(?:({nat}{_alt(v['functional_national'])})"
        # 市场监督管理 is no 市 + 场监督管理, but 市民政 is 市 + 民政: a core after the prefix decides.
        f"|(?<![{''.join(v['functional_local_not_after'])}])"
        f"(?:(?=(?:{_alt(v['functional_local'])})(?:{_alt(v['cores'])}))|(?!{_alt(v['not_jurisdiction_words'])}))"
        f"({loc}{_alt(v['functional_local'])})({gov}人民政府|政府)?)")


@lru_cache(maxsize=1)
def _functional_rx() -> "re.Pattern[str]":
    return grammar.compile_re(_kept_pattern("functional", _functional_pattern))


def _functional_pattern() -> str:
    item = _functional_item()
    heads = _alt(_vocab()["functional_heads"])
    return (
        _functional_start() +
        # A list sharing the head (国务院财政、卫生健康、医疗保障等部门) is one match, split below.
        f"(?P<items>{item}{{0,12}}?(?:、{item}{{1,12}}?)*)(?P<deng>等)?(?P<head>{heads})")


@lru_cache(maxsize=1)
def _functional_exists_rx() -> "re.Pattern[str]":
    """Matches where _functional_rx does and nowhere else, without its exponential failures.

    An item is a core or a single character, so a list segment has many readings, and
    where no description ends a long list (市交通、公安、…、财政、…) the grammar tried
    every combination of every segment's readings: one such line took 0.9 s. A segment
    holds no 、, so every reading of one that runs up to the next 、 ends at the same
    place and leaves the same rest to match: here each is taken once, atomically. Which
    match is found is left to _functional_rx; this only says whether there is one.
    """
    return grammar.compile_re(_kept_pattern("functional_exists", _functional_exists_pattern))


def _functional_exists_pattern() -> str:
    item = _functional_item()
    heads = _alt(_vocab()["functional_heads"])
    return (
        _functional_start(named=False) +
        f"(?:{item}{{0,12}}等?(?:{heads})"
        f"|(?>{item}{{0,12}}(?=、))(?:、(?>{item}{{1,12}}(?=、)))*、{item}{{1,12}}等?(?:{heads}))")


@lru_cache(maxsize=1)
def _functional_firsts() -> "re.Pattern[str]":
    v = _vocab()
    return grammar.compile_re("[" + "".join(sorted({re.escape(w[0]) for w in (*v["functional_national"],
                                                                     *v["functional_local"])})) + "]")


def _functional_matches(work: str, pos: int, end: int):
    """``_functional_rx().finditer(work, pos, end)``, the grammar tried only where a match exists."""
    rx, exists, firsts = _functional_rx(), _functional_exists_rx(), _functional_firsts()
    while (c := firsts.search(work, pos, end)) is not None:
        m = rx.match(work, c.start(), end) if exists.match(work, c.start(), end) else None
        if m is None:  # (matches are never empty: each ends in a head)
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


@lru_cache(maxsize=1)
def _functional_next_rx() -> "re.Pattern[str]":
    """A further description after one, sharing its prefix (国务院民政部门、卫生健康部门)."""
    def build() -> str:
        v = _vocab()
        item = _functional_item()
        own_prefix = _alt([*v["functional_national"], *v["functional_local"], *_JURIS_WORDS])
        return f"[、和及](?!{own_prefix})(?P<items>{item}{{1,12}}?)(?P<head>{_alt(v['functional_heads'])})"

    return grammar.compile_re(_kept_pattern("functional_next", build))


@lru_cache(maxsize=1)
def _functional_needles() -> tuple[str, ...]:
    # Every description ends in a head, so holds one of the heads no other head contains
    # (部门, 机关): a line with none is skipped before the grammar runs.
    heads = set(_vocab()["functional_heads"])
    return tuple(sorted(h for h in heads if not any(o != h and o in h for o in heads)))


def _functional_ok(m, level: str | None) -> bool:
    """Whether a description names exactly one body (CONTRACT §2), not one in every locality."""
    competent = "主管" in m.group("head")
    items = m.group("items")
    if "、" in items and not items.split("、")[0]:
        return False
    nat, loc = m.group("nat"), m.group("loc")
    if nat:
        # 国务院财政部门 is one ministry; 中央/国家 only with the competent authority
        # (中央主管机关; 国家机关, 中央国家机关 are classes).
        return competent or (nat == "国务院" and bool(items))
    if not (level == "province" and loc in ("省", "自治区") or level == "city" and loc in ("省", "市")):
        return False  # 市民政主管部门 in a province's or the State's text: every city's
    return competent or (m.group("gov") is not None and bool(items))


# How far before its head (部门, 机关) a description can begin: prefix, items, 等.
_FUNCTIONAL_REACH = 80


def _functional_windows(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """Merged stretches that end at a head and reach back as far as a description can."""
    return _merged_windows(work, start, _needles_in(work, start, end))


def _needles_in(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a functional needle in work[start:end], overlapping ones too."""
    return _occurrences(work, start, end, _functional_needles())


def _occurrences(work: str, start: int, end: int, words) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of ``words`` in work[start:end], overlapping ones too."""
    return [(i, i + len(w)) for w in words for i in scan.finds(work, w, start, end, overlapping=True)]


def _merged_windows(work: str, start: int, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The windows of needles ``found`` (see :func:`_functional_windows`), none before ``start``.

    A merged window then begins after the last character before its first needle that no
    description holds (,。 or a digit): a match starting before it would hold it, as it
    runs on to a head, and every head holds a needle of the window. The windows are merged
    as they reach (a match may run on to a later needle's head), then cut."""
    if not found:
        return []  # most stretches
    out = sorted([max(start, i - _FUNCTIONAL_REACH), j, i] for i, j in found)
    merged: list[list[int]] = []
    for lo, hi, i in out:
        if merged and lo <= merged[-1][1]:
            last = merged[-1]
            if hi > last[1]:
                last[1] = hi
            if i < last[2]:
                last[2] = i
        else:
            merged.append([lo, hi, i])
    brk = _description_break_rx().match
    windows = []
    for lo, hi, first in merged:
        cut = brk(work, lo, first)
        windows.append((cut.end() if cut is not None else lo, hi))
    return windows


@lru_cache(maxsize=1)
def _description_break_rx() -> "re.Pattern[str]":
    """Matched from a position, up to and with the last character no description holds: one
    outside \\p{Han}, 、 and the characters of its words (see :func:`_unit_break_rx`)."""
    def build() -> str:
        v = _vocab()
        words = [*v["cores"], *v["functional_national"], *v["functional_local"], *v["functional_heads"],
                 "人民政府", "等", "、"]
        extra = set(regex.sub(r"\p{Han}", "", "".join(words)))
        han = grammar.han_class()
        return "(?s:.*)[^" + han[1:-1] + "".join(re.escape(c) for c in sorted(extra)) + "]"

    return grammar.compile_re(_kept_pattern("description_break", build))


def _functional(work: str, start: int, end: int, level: str | None,
                windows: "list[tuple[int, int]] | None" = None) -> list[Mention]:
    out: list[Mention] = []
    if windows is None:
        windows = _functional_windows(work, start, end)
    for lo, hi in windows:
        out.extend(_functional_in(work, lo, hi, end, level))
    return out


def _functional_in(work: str, start: int, hi: int, end: int, level: str | None) -> list[Mention]:
    out: list[Mention] = []
    for m in _functional_matches(work, start, hi):
        if not _functional_ok(m, level):
            continue
        # Each part of a shared-head list is what is written for it: 省人民政府人力资源社会保障 |
        # 民政部门; before 等部门 the last part is its item alone (国务院财政、卫生健康 | 医疗保障).
        s = m.start()
        parts = m.group("items").split("、")
        pos = m.start("items")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            e = pos + len(part)
            if last and not m.group("deng"):
                e = m.end()
            if len(parts) == 1 or not (last and m.group("deng")) or part:
                out.append(Mention(s, e, work[s:e], True))
            pos += len(part) + 1
            s = pos
        if len(parts) == 1 and not m.group("deng"):
            e = m.end()
            while (n := _functional_next_rx().match(work, e, end)) is not None:
                out.append(Mention(n.start("items"), n.end(), n.group("items") + n.group("head"), True))
                e = n.end()
    return out


def document_level(title: str | None, issuers: list[str], body: str = "") -> str | None:
    """Whether a document is a province's or a city's own: 省/市 descriptions then name one body.

    From its issuer, its title, else how its body names its own territory (本市, 全省)."""
    level = _named_level(title, issuers)
    if level is None and body:
        city = sum(body.count(w) for w in ("本市", "全市", "我市"))
        province = sum(body.count(w) for w in ("本省", "全省", "我省", "本自治区"))
        if max(city, province) >= 2 and min(city, province) * 3 <= max(city, province):
            level = "city" if city > province else "province"
    return level


# (compiled once: regex's module functions look a pattern up in Python at each call)
_ISSUER_LEVEL = grammar.compile(r"^(?:中共)?(?:\p{Han}{2,7}?(?P<lv>省|自治区|市)|(?P<bare>省|市))")
_HAN_RUN = grammar.compile(r"\p{Han}+")
_BODY_LEVEL = grammar.compile(r"^(?:中共)?\p{Han}{1,7}?(?P<lv>省|自治区|市)")


def _named_level(title: str | None, issuers: list[str]) -> str | None:
    if issuers:
        m = _ISSUER_LEVEL.match(issuers[0])
        if m:
            return _level(m.group("lv") or m.group("bare"))
    if not title:
        return None
    # The title begins with its place (宁波市地名管理条例), perhaps behind a site's furniture
    # (…html新余市人民政府办公室关于…): the first word of a run of Han characters, as jieba cuts
    # it (国务院关于城市社区… begins with 国务院, and 城市 is no place).
    not_places = _accept_vocab()[1]
    for run in _HAN_RUN.finditer(title):
        if not any(c in run.group() for c in "省市区"):
            continue  # no word of it can end in 省, 市 or 自治区: spared the segmentation
        words = [w for w in cut(run.group()) if w != _PARTY]
        if words and len(words[0]) > 2 and words[0].endswith(("省", "市", "自治区")) and words[0] not in not_places:
            return _level(words[0][-1])
    # …莆田市人民政府关于…: the first body named, when it has a place.
    first = _find(title, 0, len(title))
    if first and first[0].has_juris:
        m = _BODY_LEVEL.match(first[0].text)
        if m:
            return _level(m.group("lv"))
    return None


def _level(juris_end: str) -> str:
    return "city" if juris_end == "市" else "province"


# A body that opens a document or decree number: its abbreviation (国办发〔2016〕82号, 民政部函〔2019〕3号,
# 行政院院台规字第1020141353号) or the issuers of a decree (国务院、中华人民共和国中央军事委员会令第413号).
# Every match holds a bracket, 字 or 令 within its first 21 characters: tested first, by a possessive
# run of the others (a lazy (?s:.){0,20}? stepped through them one at a time: 0.7 M instructions a
# pass over the samples more, as most mentions are followed by none).
_DOC_NUMBER_AFTER = grammar.compile_re(
    r"(?=[^〔\[［(（字令]{0,20}+[〔\[［(（字令])"
    r"(?:[\u4e00-\u9fff]{0,4}?(?:[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]|字第\s*[0-9]+\s*号)"
    r"|(?:[、和](?:中华人民共和国)?[\u4e00-\u9fff]{2,12}?)?令第\s*[0-9一二三四五六七八九十百千零〇]+\s*号)")


@lru_cache(maxsize=1)
def _generic_after_rx() -> "re.Pattern[str]":
    # Asked only whether it matches: _trie's form of each alternation (the same words, fewer tries).
    def build() -> str:
        v = _vocab()
        return (f"(?:{_trie(v['generic_after'])})?(?:{_trie(v['generic_after_heads'])})"
                f"|(?:{_trie(v['thing_after'])})")

    return grammar.compile_re(_kept_pattern("generic_after", build))


@lru_cache(maxsize=1)
def _generic_after_firsts() -> frozenset[str]:
    """The characters a match of :func:`_generic_after_rx` can begin with: a mention followed by
    none (most) is passed without a call to re."""
    v = _vocab()
    words = (*v["generic_after"], *v["generic_after_heads"], *v["thing_after"])
    assert all(words)
    return frozenset(w[0] for w in words)


@lru_cache(maxsize=1)
def _setup_rx() -> "re.Pattern[str]":
    def build() -> str:
        v = _vocab()
        name = f"(?:(?!{_alt(v['setup_name_forbidden'])}){grammar.han_class()}){{2,24}}?"
        return f"(?:{_alt(v['setup_verbs'])})了?(?P<name>{name}(?P<head>{_alt(v['setup_heads'])}))"

    return grammar.compile_re(_kept_pattern("setup", build))


@lru_cache(maxsize=1)
def _setup_verb_rx() -> "re.Pattern[str]":
    return grammar.compile_re(_alt(_vocab()["setup_verbs"]))


_CLAUSE_START = grammar.compile_re(r"[,，。;；:：!！?？\n]")
_COUNTED = grammar.compile_re(r"(?:[0-9]+|[一二三四五六七八九十百千两]+)[个家支]")  # 成立…委员会64个: many, a class


def _set_up(work: str, start: int, end: int) -> list[Mention]:
    """Bodies the text sets up by name (省政府成立…联合工作组): CONTRACT §2 counts them."""
    v = _vocab()
    if not _setup_verb_rx().search(work, start, end):
        return []
    out = []
    clause_starts: list[int] | None = None  # found once: a scan back from each match was quadratic in a long line
    for m in _setup_rx().finditer(work, start, end):
        # The clause before the verb: one body sets it up, not each locality (各级普遍成立了…).
        if clause_starts is None:
            clause_starts = [c.end() for c in _CLAUSE_START.finditer(work, start, end)]
        i = bisect_right(clause_starts, m.start()) - 1  # the last clause start at or before the match
        cs = clause_starts[i] if i >= 0 else start
        if any(work.find(w, cs, m.start()) >= 0 for w in v["setup_not_after"]) or _COUNTED.match(work, m.end()):
            continue
        s, e = m.span("name")
        out.append(Mention(s, e, work[s:e], True, setup_head=m.group("head")))
    return out


@lru_cache(maxsize=1)
def _han_rx() -> "re.Pattern[str]":
    return grammar.compile_re(grammar.han_class())


def named_again(work: str, mentions: list[Mention], ranges: list[tuple[int, int]]) -> list[Mention]:
    """A set-up body's head standing alone after it (发挥联合工作组的作用): the same body again."""
    again = _setup_again_heads()
    heads = {m.setup_head: m.start for m in mentions if m.setup_head in again}
    if not heads:
        return []
    if not ranges or not scan.in_order(ranges):
        return _named_again_by_range(work, mentions, ranges, heads)
    # Whether a head meets a mention, by bisect: the spans that start before its end, and the
    # furthest any of them reaches (spans may nest: a unit inside a description).
    taken = sorted((m.start, m.end) for m in mentions)
    taken_starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))
    range_starts = [a for a, _ in ranges]
    after = tuple(_vocab()["setup_again_after"])
    han = _han_rx()
    hi = ranges[-1][1]
    out = []
    for head, first in heads.items():
        # The head searched for once over the ranges (not once in each of them): an occurrence
        # outside a range or across its end is passed over, the search going on from the next range.
        n = len(head)
        i = work.find(head, max(ranges[0][0], first + 1), hi)
        while i >= 0:
            r = bisect_right(range_starts, i) - 1
            a, b = ranges[r]
            e = i + n
            if e > b:
                if r + 1 == len(ranges):
                    break
                i = work.find(head, max(range_starts[r + 1], first + 1), hi)
                continue
            k = bisect_left(taken_starts, e)
            free = not (k and reach[k - 1] > i)
            # Nothing of a longer name before it (双拥工作领导小组 is another body).
            alone = i == a or not han.match(work, i - 1) or work.endswith(after, a, i)
            if free and alone:
                out.append(Mention(i, e, head, True))
            i = work.find(head, e, hi)
    return out


def _named_again_by_range(work: str, mentions: list[Mention], ranges: list[tuple[int, int]],
                          heads: dict[str, int]) -> list[Mention]:
    """:func:`named_again` range by range (for ranges not in text order), each occurrence tried
    against every mention."""
    taken = sorted((m.start, m.end) for m in mentions)
    after = tuple(_vocab()["setup_again_after"])
    han = _han_rx()
    out = []
    for head, first in heads.items():
        for a, b in ranges:
            i = work.find(head, max(a, first + 1), b)
            while i >= 0:
                e = i + len(head)
                free = not any(s < e and i < t for s, t in taken)
                # Nothing of a longer name before it (双拥工作领导小组 is another body).
                alone = i == a or not han.match(work, i - 1) or work.endswith(after, a, i)
                if free and alone:
                    out.append(Mention(i, e, head, True))
                i = work.find(head, e, b)
    return out


@lru_cache(maxsize=1)
def _setup_again_heads() -> frozenset[str]:
    return frozenset(_vocab()["setup_again_heads"])


class _Spans:
    """Sorted spans that do not overlap one another, asked about one span in O(log n)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def holding(self, a: int, b: int) -> bool:
        """Whether one of the spans holds [a, b) whole."""
        i = bisect_right(self.starts, a) - 1
        return i >= 0 and b <= self.spans[i][1]

    def meeting(self, a: int, b: int) -> bool:
        """Whether [a, b) overlaps one of the spans."""
        i = bisect_left(self.starts, b) - 1
        return i >= 0 and self.spans[i][1] > a


def find(texts, start: int, end: int, ctx: Context) -> list[Mention]:
    """In: the normalised ``texts`` and a stretch work[start:end]; ``ctx.level`` is the level the
    document speaks for (:func:`document_level`). Out: the agency mentions there, not inside cited
    titles, not generic classes, in text order (:func:`mark_responsible` then says who is responsible)."""
    return _find(texts.work, start, end, ctx.level)


def find_all(texts, ranges: list[tuple[int, int]], ctx: Context) -> list[Mention]:
    """:func:`find` over each of ``ranges`` (stretches of ``texts.work`` in text order, not
    overlapping), the mentions of all in order: the same list, but each scan that looks for
    where a pass can match (terminal ends, description heads, set-up verbs) runs once over
    the whole document instead of once a range (~110 a document, most of them holding nothing)."""
    work, level = texts.work, ctx.level
    if not ranges:
        return []
    if not scan.in_order(ranges):
        return [mn for a, b in ranges for mn in _find(work, a, b, level)]  # not in order: range by range
    lo, hi = ranges[0][0], ranges[-1][1]
    # Every match of these patterns is one character (lookbehinds see before a search's
    # start), or a plain word: what a scan of [lo, hi) finds in a range is what a scan of
    # the range finds, less what reaches past its end (dropped below).
    ends = list(map(_MATCH_END, _span_parts()[1].finditer(work, lo, hi)))
    needles = sorted(_needles_in(work, lo, hi))
    needle_starts = [a for a, _ in needles]
    # Set-up verbs: every match the range's own search finds is an occurrence of a verb, so
    # lies in one of these (overlapping occurrences joined): _set_up searches again where one
    # overlaps the range. str.find is a C scan that re's alternation search costs 10 times.
    verbs = _occurring(work, lo, hi, _vocab()["setup_verbs"])
    verb_starts = [a for a, _ in verbs]
    out: list[Mention] = []
    for a, b in ranges:
        i, j = bisect_right(ends, a), bisect_right(ends, b)
        k, n = bisect_left(needle_starts, a), bisect_left(needle_starts, b)
        found = [x for x in needles[k:n] if x[1] <= b] if k < n else ()
        v = bisect_left(verb_starts, b) - 1  # the last verb found that starts before b
        has_verb = v >= 0 and verbs[v][1] > a
        if i == j and not found and not has_verb:
            continue  # most ranges: nothing any pass could match
        out.extend(_find(work, a, b, level, (ends[i:j], _merged_windows(work, a, found) if found else [], has_verb)))
    return out


def _occurring(work: str, start: int, end: int, words) -> list[tuple[int, int]]:
    """Where ``words`` occur in work[start:end]: their spans, overlapping ones joined, in order."""
    found = _occurrences(work, start, end, words)
    if len(found) < 2:
        return found
    found.sort()
    out = [found[0]]
    for a, b in found:
        if a < out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _find(work: str, start: int, end: int, level: str | None = None, found: tuple | None = None) -> list[Mention]:
    """Agency mentions in work[start:end] of a working text (see :func:`find`); ``found``: what
    :func:`find_all` found of the range already (terminal ends, description windows, a set-up
    verb's first character)."""
    # Each of the passes below runs only where the characters its matches need are present.
    if found is None:
        setups = _set_up(work, start, end)
        funcs = _functional(work, start, end, level)
        units = _merge(work, _units(work, start, end))
    else:
        term_ends, windows, has_verb = found
        setups = _set_up(work, start, end) if has_verb else []
        funcs = _functional(work, start, end, level, windows) if windows else []
        units = _merge(work, _units(work, start, end, term_ends)) if term_ends else []
    if not (units or funcs or setups):
        return []  # most stretches: nothing to weigh against titles, classes or lists
    titles = _Spans(_cited(work, start, end)) if _TITLE_MARK.search(work, start, end) else None
    generic = _generic_before()
    if setups:
        # A set-up body's name may hold a unit (厅市合作…小组 holds 市合作…小组): the name wins.
        set_up = _Spans((m.start, m.end) for m in setups)
        funcs = [f for f in funcs if not set_up.meeting(f.start, f.end)]
        units = [u for u in units if not set_up.meeting(u.start, u.end)]
    if funcs:
        # The longer functional description wins over the body inside it (国务院 in 国务院财政部门).
        described = _Spans((f.start, f.end) for f in funcs)
        units = [u for u in units if not described.holding(u.start, u.end)]
    kept = []
    # (units alone, most often, come in text order: nothing to sort)
    for mn in sorted(units + funcs + setups, key=_START) if funcs or setups else units:
        if titles is not None and titles.holding(mn.start, mn.start + 1):
            continue
        if _classed(work, mn, start, end, generic):
            continue
        kept.append(mn)
    return _with_list_neighbours(work, start, end, kept)


# A bracket of issuer and date under a transmitted document's title: its signature, not body text.
_SIGNED = grammar.compile_re(r"\s*(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})\s*年[^()\n]{1,8}日\s*\)")


_START = attrgetter("start")


def _classed(work: str, mn: Mention, start: int, end: int, generic: dict[str, tuple[str, ...]]) -> bool:
    """A mention that is part of a class phrase, a document number or a signature, not a body;
    ``generic``: :func:`_generic_before`, or none ({})."""
    if mn.start > start:
        before = work[mn.start - 1]
        if before == "(" and _SIGNED.match(work, mn.end, end):
            return True
        words = generic.get(before)
        if words is not None and work.endswith(words, max(start, mn.start - 6), mn.start):
            return True  # 各级民政部门, 有关部门: a class of bodies
    if work[mn.end:mn.end + 1] in _generic_after_firsts() and _generic_after_rx().match(work, mn.end, end):
        return True  # 国务院有关部门, 省政府各部门: a class that names its parent; 民政部网站: a thing of it
    return _DOC_NUMBER_AFTER.match(work, mn.end, end) is not None


@lru_cache(maxsize=1)
def _bare_rx() -> "re.Pattern[str]":
    def build() -> str:
        multi_cores = [c for c in _vocab()["cores"] if len(c) > 1]
        return f"(?:{_trie(multi_cores)}){_suffix_alt()}"  # (_trie: _alt's matches, fewer tries)

    return grammar.compile_re(_kept_pattern("bare", build))


@lru_cache(maxsize=1)
def _bare_ending_rx() -> "re.Pattern[str]":
    """A bare body that ends where the text searched ends: one search finds the leftmost start of
    one ending at a position (a fullmatch tried at each start took ten calls)."""
    return grammar.compile_re(_bare_rx().pattern + r"\Z")


_LIST_MARK = grammar.compile_re("[、及和与]")
# Between a body and the next item of its list: what may follow the body (分管领导), then 、.
_LIST_NEXT = grammar.compile_re(r"[\u4e00-\u9fff]{0,6}?[、及和与]")


def _with_list_neighbours(work: str, start: int, end: int, kept: list[Mention]) -> list[Mention]:
    """Bare bodies (发展改革委, 扶贫办, 民政局) listed beside a named one: the same level's body.

    Alone, 民政局 is one in every locality (a class); in 民政部、发展改革委、财政部 or
    潍坊市人民政府分管领导、民政局 it is the body of the list's level.
    """
    if not kept or not _LIST_MARK.search(work, start, end):
        return kept
    bare, bare_ending = _bare_rx(), _bare_ending_rx()
    # Most lists are of bodies kept already (民政部、财政部): a bare body found beside one, where
    # another begins or ends, would meet that one: it is not looked for (1.2 M instructions a pass).
    # The kept spans and their starts and ends are made only for a mention followed or preceded
    # by a list mark (most are neither: 0.8 M instructions a pass over the samples).
    taken = starts = ends = None
    added = []
    # Forward along each list: body [filler] 、 bare 、 bare …
    for mn in kept:
        pos = mn.end
        while (d := _LIST_NEXT.match(work, pos, end)) is not None:
            if starts is None:
                starts = {m.start for m in kept}
            if d.end() in starts:
                break
            b = bare.match(work, d.end(), end)
            if b is None:
                break
            if taken is None:
                taken = _Spans((m.start, m.end) for m in kept)
            if taken.meeting(*b.span()) or _classed(work, _as_mention(b), start, end, {}):
                break
            added.append(_as_mention(b))
            pos = b.end()
    # Backward: bare 、 body (发展改革委、民政部).
    for mn in kept:
        e = mn.start - 1
        while e > start and work[e] == "、":
            if ends is None:
                ends = {m.end for m in kept}
            if e in ends:
                break
            if taken is None:
                taken = _Spans((m.start, m.end) for m in kept)
            # The leftmost s in [e - 12, e - 1) where bare fullmatches work[s:e] (a match holds
            # a core of two characters or more and its suffix, so never starts after e - 3).
            b = bare_ending.search(work, max(start, e - 12), e)
            if b is None or taken.meeting(*b.span()) or _HAN.match(work, b.start() - 1) and b.start() > start:
                break  # none, or part of a longer item (区民政局、…)
            added.append(_as_mention(b))
            e = b.start() - 1
    if not added:
        return kept
    seen = set()
    out = []
    for m in sorted(kept + added, key=lambda x: x.start):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


_HAN = grammar.compile_re(r"[\u4e00-\u9fff]")


def _as_mention(m) -> Mention:
    return Mention(m.start(), m.end(), m.group(), False)


def covers(text: str) -> bool:
    """True when ``text`` is nothing but agency names (a signature or banner line)."""
    ms = _find(text, 0, len(text))
    return bool(ms) and sum(m.end - m.start for m in ms) == len(text)


# --- responsibility -------------------------------------------------------------------

# A bracket at the end of a line (or left open where the text was cut off) that may list
# the bodies responsible: …。(省民政厅、省财政厅)  …(市政府办公室牵头,各县区配合)
# Compiled with Python's re, whose calls cost half of regex's, blanks read as regex's \s reads them.
_BLANK = grammar.REGEX_BLANK
# The item run possessive (+): what it could give back is no bracket, so never the ) or line end
# that must follow; a bracket in mid-line is refused without backtracking through its run.
_TRAILING_LIST = grammar.compile_re(rf"\(([^()\n]{{2,400}}+)(?:\){_BLANK}*+[。.;]?)?{_BLANK}*$")  # *+: no blank run split two ways
# The same list where the line breaks were lost: the next item's number follows it
# (…制度。(省民政厅、省财政厅)2.加强…).
_INNER_LIST = grammar.compile_re(
    rf"\(([^()\n]{{2,400}}+)\){_BLANK}*+[。.;]?{_BLANK}*(?=[0-9]{{1,2}}[.、]|\([一二三四五六七八九十0-9]{{1,3}}\))")
_ITEM_SEP = grammar.compile(r"[、,;:]")


@lru_cache(maxsize=1)
def _responsibility_rx():
    """(由X<verb>, X<verb>… right after a mention, its label list) from the vocabulary."""
    v = _vocab()
    verbs = _alt(v["responsible_verbs"])
    not_after = "(?!同志|人|制|任|机关|部门|单位|机构)"  # 负责人, 主管部门: nouns, not verbs
    by = grammar.compile(f"由([^。;,\n]{{2,40}}?)(?:{verbs}){not_after}")
    # X负责…, X会同Y负责…, X是…的主管机关, X的职责如下
    after = grammar.compile(
        f"\\G\\s*(?:(?:{_alt(v['responsible_adverbs'])})?(?P<verb>{verbs}){not_after}"
        f"|(?:{_alt(v['responsible_with'])})(?P<with>[^。;,\n]{{1,40}}?)(?:{verbs}){not_after}"
        f"|[是为][^。;,\n]{{0,30}}?(?:{_alt(v['authority_heads'])})"
        f"|的?(?:主要)?职责(?:如下|是|为|包括))")
    label = grammar.compile(f"(?P<label>{_alt(v['responsible_labels'])})\\s*[:：]\\s*(?P<list>[^。;\\n]*)")
    # The characters ``after`` can begin with past its blanks: a mention followed by none (most:
    # 、, 和, 的工作…) is passed over without a call to regex.
    words = (*v["responsible_adverbs"], *v["responsible_verbs"], *v["responsible_with"], "是", "为", "的", "主", "职")
    assert all(words)
    return by, after, label, frozenset(w[0] for w in words)


def mark_responsible(work: str, mentions: list[Mention], clause_ranges: list[tuple[int, int]]) -> None:
    """Set ``responsible`` and ``role`` on mentions the clause names with a word of responsibility
    (CONTRACT §2): trailing lists, labels, 由X负责/牵头/主管/掌理, X负责…, X是…的主管机关, X的职责如下."""
    ordered = sorted(mentions, key=lambda m: m.start)  # text order: the first named leads
    starts = [m.start for m in ordered]
    by_rx, after_rx, label_rx, after_firsts = _responsibility_rx()
    support = tuple(_vocab()["support_verbs"])

    def within(a, b):
        return [m for m in ordered[bisect_left(starts, a):bisect_left(starts, b)] if m.end <= b]

    def mark(group, lead_first=True):
        for i, m in enumerate(group):
            m.responsible = True
            if m.role is None:
                m.role = "lead" if (i == 0 and lead_first) else "support"

    for cs, ce in clause_ranges:
        # Everything below marks mentions inside the clause: a clause that holds none is
        # passed over, and each grammar runs only where the characters it needs are.
        i = bisect_left(starts, cs)
        if i == len(starts) or starts[i] >= ce:
            continue
        # Each line of a clause may end in its responsibility list: …。(省民政厅、省财政厅)
        pos = cs if work.find("(", cs, ce) >= 0 else ce
        while pos < ce:
            le = work.find("\n", pos, ce)
            le = ce if le < 0 else le
            if work.find("(", pos, le) < 0:
                pos = le + 1
                continue
            found = list(_INNER_LIST.finditer(work, pos, le)) if work.find(")", pos, le) >= 0 else []
            m = _TRAILING_LIST.search(work, pos, le)
            for m in (*found, *([m] if m else [])):
                inner = within(*m.span(1))
                if inner and _is_responsibility_list(work, m.span(1), inner):
                    _mark_list(work, m.span(1), inner)
            pos = le + 1
        if work.find(":", cs, ce) >= 0 or work.find("：", cs, ce) >= 0:
            for m in label_rx.finditer(work, cs, ce):
                lead = m.group("label") in _vocab()["lead_labels"]
                grp = within(*m.span("list"))
                for i, a in enumerate(grp):
                    a.responsible = True
                    a.role = "lead" if lead and i == 0 else ("support" if not lead else a.role or "support")
        for m in (by_rx.finditer(work, cs, ce) if work.find("由", cs, ce) >= 0 else ()):
            inner = within(*m.span(1))
            # 由X负责: X is bodies and list words only, not 由X核实后报Y负责 (X verifies, Y is responsible).
            if inner and _only_bodies(work, m.span(1), inner):
                mark(inner)
    for k, m in enumerate(ordered):
        if m.responsible:
            continue
        c = work[m.end:m.end + 1]
        if c not in after_firsts and not c.isspace():  # (isspace: every character regex's \s matches)
            continue
        a = after_rx.match(work, m.end)
        if a is None:
            continue
        role = "support" if (a.group("verb") or "").startswith(support) else "lead"
        # The verb's subject may be a list: 省民政厅和省财政厅负责 names both.
        j = k
        while j > 0 and ordered[j - 1].end + 1 == ordered[j].start and work[ordered[j - 1].end] in "、和及与":
            j -= 1
        for x in ordered[j:k + 1]:
            if not x.responsible:
                x.responsible, x.role = True, role
        if a.group("with") is not None:
            mark(within(*a.span("with")), lead_first=False)


_LIST_ITEM = grammar.compile_re(r"[^、,;:]+")


def _is_responsibility_list(work: str, span: tuple[int, int], inner: list[Mention]) -> bool:
    """A bracket is a responsibility list when at least half its items are bodies with nothing
    but words of responsibility around them (not an explanation: (基金会还需X审查同意))."""
    words = _list_words()
    good = bad = 0
    items = [(i.start(), i.end()) for i in _LIST_ITEM.finditer(work, span[0], span[1])]
    # Items and mentions both in text order: one walk along the two. A mention that starts
    # before an item is in no later item; one that starts inside an item is only in that one.
    j, n = 0, len(inner)
    for a, b in items:
        while j < n and inner[j].start < a:
            j += 1
        k = j
        while k < n and inner[k].start < b:
            k += 1
        if k == j + 1 and inner[j].end <= b:  # one mention (most): no list of pieces
            mn = inner[j]
            j = k
            left = work[a:mn.start] + work[mn.end:b]
        else:
            rest, pos, named = [], a, False
            for mn in inner[j:k]:
                if mn.end <= b:
                    rest.append(work[pos:mn.start])
                    pos, named = mn.end, True
            j = k
            if not named:
                continue
            rest.append(work[pos:b])
            left = "".join(rest)
        if len(left) <= 1 or len(words.sub("", left)) <= 1:  # (an item that is its body alone, most: no call)
            good += 1
        else:
            bad += 1
    return good >= 1 and good >= bad and good >= (len(items) + 1) // 2


def _only_bodies(work: str, span: tuple[int, int], inner: list[Mention]) -> bool:
    rest, pos = [], span[0]
    for mn in inner:
        rest.append(work[pos:mn.start])
        pos = mn.end
    rest.append(work[pos:span[1]])
    return len(_person_words().sub("", _list_words().sub("", _ITEM_SEP.sub("", "".join(rest))))) <= 1


@lru_cache(maxsize=1)
def _person_words() -> "regex.Pattern[str]":
    # 分管救助的副局长: the matter an officer is in charge of goes with the officer.
    return grammar.compile("分管\\p{Han}{1,8}?的|" + _alt(_vocab()["person_words"]))


@lru_cache(maxsize=1)
def _list_words() -> "regex.Pattern[str]":
    return grammar.compile(f"\\s+|{_alt(_vocab()['list_words'])}")


def _mark_list(work: str, span: tuple[int, int], inner: list[Mention]) -> None:
    """The first body named leads, or those named before the list's 牵头; the rest support."""
    lead_end = work.find("牵头", span[0], span[1])
    for i, m in enumerate(inner):
        m.responsible = True
        if m.role is None:
            m.role = "lead" if (i == 0 or (lead_end >= 0 and m.end <= lead_end)) else "support"
