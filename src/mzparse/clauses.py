"""Stage 3: working text → numbered clauses in a hierarchy.

Markers are recognised at the start of a line only: inline enumerations
(一是…二是…, list items inside a sentence) are not clauses. Levels come from
the order in which marker styles first appear in the document; a marker pops
the open clauses of its own or deeper styles, so a level that a document skips
(1. straight under 一、) still nests under the right parent and the path joins
the ordinals as written.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import patterns
from .numerals import ordinal as parse_ordinal


@dataclass(frozen=True)
class Style:
    name: str
    label: str          # how messages name the style: 一、, (一), 1.
    regex: "regex.Pattern[str]"
    lost_numeral: bool


@dataclass
class Marker:
    start: int          # offset of the marker's first character
    end: int            # offset just after the marker
    style: str
    numeral: str        # as written ("" when lost)
    ordinal: int | None


@dataclass
class RawClause:
    marker: Marker
    path: str
    level: int
    ordinal: int
    inferred: bool
    start: int
    end: int
    heading: tuple[int, int] | None = None
    index: int = 0      # position in the document's clause list
    parent: int = -1    # index of the parent clause, -1 at the top


@lru_cache(maxsize=1)
def styles() -> tuple[Style, ...]:
    out = []
    for spec in patterns.load("markers")["style"]:
        rx = patterns.compile(patterns.expand(spec["pattern"]))
        out.append(Style(spec["name"], spec["label"], rx, bool(spec.get("lost_numeral", False))))
    return tuple(out)


@lru_cache(maxsize=1)
def _line_start_rx() -> "regex.Pattern[str]":
    # One alternation of every style, anchored at a line start: a single scan of the text.
    alts = "|".join(f"(?P<s{i}>{st.regex.pattern})".replace("(?P<num>", f"(?P<n{i}>")
                    for i, st in enumerate(styles()))
    return patterns.compile(r"(?m)^[ ]*(?:" + alts + ")")


def match_marker(line: str, pos: int = 0) -> Marker | None:
    """The marker at the start of ``line`` (after blanks), if any."""
    m = _line_start_rx().match(line, pos)
    return _to_marker(m) if m else None


def _to_marker(m: "regex.Match[str]") -> Marker | None:
    g = m.lastgroup  # the style's group s<i>: it encloses the others and closes last
    i = int(g[1:])
    st = styles()[i]
    num_clean = "".join((m.group(f"n{i}") or "").split())
    if not num_clean and not st.lost_numeral:
        return None
    return Marker(m.start(g), m.end(g), st.name, num_clean, parse_ordinal(num_clean) if num_clean else None)


def find_markers(work: str, start: int, end: int) -> list[Marker]:
    """Markers at the line starts of work[start:end] (``start`` is a line start)."""
    rx = _line_start_rx()
    out = []
    pos = start
    # What finditer would find, tried at line starts only: regex scans every position
    # for ``^``, three times slower than jumping from one line to the next.
    while pos < end:
        m = rx.match(work, pos, end)
        if m is not None:
            mk = _to_marker(m)
            if mk is not None and mk.ordinal != 0:  # 0. is no ordinal
                out.append(mk)
            pos = m.end()
            if work[pos - 1] == "\n":
                continue  # the match ended a line: pos is the next line's start
        nl = work.find("\n", pos, end)
        if nl < 0:
            break
        pos = nl + 1
    return out


def _resolve_lost(markers: list[Marker]) -> None:
    """A lost numeral `()` takes the paren style of its nearest neighbour with one."""
    paren = ("cn_paren", "arabic_paren")
    # The nearest styles are carried along in one pass each way: a search from every
    # lost marker was quadratic in a document of many of them.
    after: list[str | None] = [None] * len(markers)
    nxt = None
    for i in range(len(markers) - 1, -1, -1):
        after[i] = nxt
        if markers[i].numeral and markers[i].style in paren:
            nxt = markers[i].style
    prev = None
    for i, mk in enumerate(markers):
        if mk.numeral:
            if mk.style in paren:
                prev = mk.style
            continue
        mk.style = prev or after[i] or "cn_paren"


# Regulations fix the order of 章 > 节 > 条 whatever comes first: a 节 that first
# appears in chapter three still sits between its chapter and its articles.
CANONICAL = ("chapter", "section", "article")


def ranks(markers: list[Marker]) -> dict[str, int]:
    """Level of each style: order of first appearance, with 章/节/条 in canonical order."""
    order: list[str] = []
    for mk in markers:
        if mk.style not in order:
            order.append(mk.style)
    slots = [i for i, st in enumerate(order) if st in CANONICAL]
    fixed = sorted((order[i] for i in slots), key=CANONICAL.index)
    for i, st in zip(slots, fixed):
        order[i] = st
    return {st: i for i, st in enumerate(order)}


def build(work: str, body_start: int, body_end: int) -> list[RawClause]:
    markers = find_markers(work, body_start, body_end)
    _resolve_lost(markers)
    rank = ranks(markers)
    clauses: list[RawClause] = []
    stack: list[RawClause] = []
    for i, mk in enumerate(markers):
        r = rank[mk.style]
        sibling = None
        while stack and rank[stack[-1].marker.style] >= r:
            popped = stack.pop()
            if popped.marker.style == mk.style:
                sibling = popped
        inferred = mk.ordinal is None
        if inferred:
            num = sibling.ordinal + 1 if sibling else 1
        else:
            num = mk.ordinal
        parent_path = stack[-1].path if stack else ""
        path = f"{parent_path}.{num}" if parent_path else str(num)
        end = markers[i + 1].start if i + 1 < len(markers) else body_end
        while end > mk.start and work[end - 1] in " \n":
            end -= 1
        rc = RawClause(mk, path, len(stack) + 1, num, inferred, mk.start, end,
                       heading=_heading(work, mk.end, end),
                       index=len(clauses), parent=stack[-1].index if stack else -1)
        stack.append(rc)
        clauses.append(rc)
    return clauses


_HEADING_MAX = 40
_HEAD_STOP = regex.compile(r"[。\n]")


def _heading(work: str, start: int, end: int) -> tuple[int, int] | None:
    """The short title after a marker: up to the first 。 or line end, when short."""
    while start < end and work[start] == " ":
        start += 1
    m = _HEAD_STOP.search(work, start, end)
    stop = m.start() if m else end
    h_end = stop
    while h_end > start and work[h_end - 1] in " :;,":
        h_end -= 1
    if h_end <= start or h_end - start > _HEADING_MAX:
        return None
    # A heading is a title, not the first half of a sentence.
    if m is None or work[stop] == "。":
        if "," in work[start:h_end] and h_end - start > 20:
            return None
    return (start, h_end)
