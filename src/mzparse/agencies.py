"""Stage 4a: agencies (CONTRACT.md §2) and who is named responsible.

A regular expression built from patterns/agencies.toml finds *units*
([jurisdiction] [organ] body); adjacent units without their own jurisdiction
join the one before (民政部 + 办公厅). Free-form place names are trimmed to a
jieba word boundary: that is where segmentation decides the answer.
"""
from __future__ import annotations

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
    free_place: tuple[int, int] | None = None
    responsible: bool = False
    role: str | None = None


def _alt(words) -> str:
    return patterns.alternation(list(words))


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return patterns.load("agencies")


@lru_cache(maxsize=1)
def _unit_rx() -> "regex.Pattern[str]":
    v = _vocab()
    place_head = f"(?:(?![{_NOT_PLACE}])\\p{{Han}})"
    juris = (
        "(?P<juris>(?:中共)?(?:"
        f"(?:{_alt(v['places'])})(?:省|市|自治区|特别行政区)?"
        f"|(?P<free>{place_head}{{1,6}}?(?:自治区|自治州|省|市|县|区|州|盟|旗))"
        "|省|市|县|区|乡|镇))"
    )
    suffix = "(?:" + "|".join(regex.escape(s) + _SUFFIX_GUARD.get(s[-1], "") for s in
                              sorted(v["suffixes"], key=len, reverse=True)) + ")"
    multi_cores = [c for c in v["cores"] if len(c) > 1]
    single_cores = [c for c in v["cores"] if len(c) == 1]
    inst_free = f"(?:(?![{_NOT_PLACE}])\\p{{Han}}){{0,12}}?"
    body = (
        f"(?P<core>{_alt(multi_cores)}){suffix}"
        f"|(?P<short>{_alt(single_cores)}){suffix}"
        f"|(?P<dept>{_alt(v['departments'])})(?![门长])"
        f"|(?P<people>{_alt(v['people_orgs'])})"
        f"|(?P<inst>{inst_free}(?:{_alt(v['institutions'])}))"
    )
    organ = f"(?P<organ>{_alt(v['organs'])})"
    unit = (
        f"(?P<known>{_alt(v['known'])})(?:(?P<branch_place>{_alt(v['places'])})(?:{_alt(v['branches'])}))?(?![门])"
        f"|{juris}?(?:{organ}(?:{body})?|{body})"
    )
    return regex.compile(unit)


@lru_cache(maxsize=1)
def _generic_before_rx() -> "regex.Pattern[str]":
    return regex.compile(f"(?:{_alt(_vocab()['generic_before'])})$")


def _boundaries(line: str) -> set[int]:
    from .segment import cut

    pos, out = 0, {0}
    for tok in cut(line):
        pos += len(tok)
        out.add(pos)
    return out


def _units(work: str, start: int, end: int) -> list[Mention]:
    v = _vocab()
    generic_j = set(v["generic_jurisdiction"])
    out: list[Mention] = []
    for m in _unit_rx().finditer(work, start, end, overlapped=False):
        s, e = m.span()
        juris = m.group("juris")
        if m.group("known"):
            out.append(Mention(s, e, m.group(), True))
            continue
        if juris is None and (m.group("short") or m.group("people") or m.group("inst") is not None):
            # 外办, 妇联, 福利院 alone: a class, or too short to be one body.
            if not (m.group("people") and out and out[-1].end == s):
                continue
        if juris is None and m.group("organ") and not m.group("core") and not m.group("dept"):
            continue  # 政府, 委 alone
        if m.group("inst") is not None and not m.group("free"):
            inst = m.group("inst")
            if juris and len(inst) <= 3 and juris in ("市", "省"):
                pass
        free = m.span("free") if m.group("free") else None
        out.append(Mention(s, e, m.group(), juris is not None, free))
    # Free-form place names start at a word boundary (经潍坊市 → 潍坊市).
    for mn in out:
        if mn.free_place:
            ls = work.rfind("\n", 0, mn.start) + 1
            le = work.find("\n", mn.end)
            le = len(work) if le < 0 else le
            bounds = _boundaries(work[ls:le])
            fs, fe = mn.free_place
            # The place is the word that holds its 省/市/县/区 (认真抓好市 → 市, 经潍坊市 → 潍坊市).
            cut_at = max((b + ls for b in bounds if b + ls <= fe - 1), default=fs)
            cut_at = max(cut_at, fs)
            mn.start = cut_at
            mn.text = work[cut_at:mn.end]
    # Single-character jurisdictions of every locality (区民政局) denote a class.
    kept = []
    for mn in out:
        head = mn.text[0]
        if mn.has_juris and not mn.free_place and head in generic_j and not mn.text.startswith(("县委", "区委")):
            if not _is_known_prefix(mn.text):
                continue
        kept.append(mn)
    return kept


def _is_known_prefix(text: str) -> bool:
    return any(text.startswith(p) for p in ("区委", "县委"))


def _merge(units: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for u in units:
        if out and out[-1].end == u.start and not u.has_juris:
            prev = out[-1]
            prev.end, prev.text = u.end, prev.text + u.text
            continue
        out.append(u)
    return out


_CITED = regex.compile(r"《[^《》\n]*》")


def find(work: str, start: int, end: int) -> list[Mention]:
    """Agency mentions in work[start:end], not inside cited titles, not generic classes."""
    titles = [m.span() for m in _CITED.finditer(work, start, end)]
    gen = _generic_before_rx()
    out = []
    for mn in _merge(_units(work, start, end)):
        if any(a <= mn.start < b for a, b in titles):
            continue
        if gen.search(work, max(start, mn.start - 6), mn.start):
            continue
        out.append(mn)
    return out


def covers(text: str) -> bool:
    """True when ``text`` is nothing but agency names (a signature or banner line)."""
    ms = find(text, 0, len(text))
    return bool(ms) and sum(m.end - m.start for m in ms) == len(text)


# --- responsibility -------------------------------------------------------------------

_TRAILING_LIST = regex.compile(r"\(([^()\n]{2,400})\)\s*[。.;]?\s*$")
_BY = regex.compile(r"由([^。;,\n]{2,40}?)(?:牵头|负责)(?!同志|人)")
_SELF = regex.compile(r"\G\s*(?:牵头|负责)(?!同志|人)")


@lru_cache(maxsize=1)
def _label_rx() -> "regex.Pattern[str]":
    v = _vocab()
    return regex.compile(f"(?P<label>{_alt(v['responsible_labels'])})\\s*[:：]\\s*(?P<list>[^。;\\n]*)")


def mark_responsible(work: str, mentions: list[Mention], clause_ranges: list[tuple[int, int]]) -> None:
    """Set ``responsible`` and ``role`` on mentions the clause names as responsible."""
    def within(a, b):
        return [m for m in mentions if a <= m.start and m.end <= b]

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
    items = [p for p in regex.split(r"[、,;]", work[span[0]:span[1]]) if p.strip()]
    with_agency = sum(1 for it in items if any(a.text in it for a in inner))
    return with_agency >= max(1, (len(items) + 1) // 2)
