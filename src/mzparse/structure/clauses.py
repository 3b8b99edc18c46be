"""Stage 3: working text → numbered clauses in a hierarchy.

Markers are recognised at the start of a line, and inside a line only where a
numbered list lost its line breaks (（1）…；（2）…；): inline enumerations
(一是…二是…, 按照第（1）项) are not clauses. The rank of each marker style is
read from the document (which style opens its lists under which, see
``ranks``); a marker pops the open clauses of its own or deeper styles, so a
level that a document skips (1. straight under 一、) still nests under the
right parent and the path joins the ordinals as written.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain
from operator import attrgetter

import regex

from ..cache import dataclass
from ..lang import grammar
from ..lang.numerals import ordinal as parse_ordinal


@dataclass(frozen=True)
class Style:
    """One marker style of structure/markers.toml (一、 （一） 1. 第一条…) with its compiled pattern."""
    name: str
    label: str          # how messages name the style: 一、, (一), 1.
    regex: "regex.Pattern[str]"
    lost_numeral: bool


@dataclass(slots=True)
class Marker:
    """One clause marker found in the working text: its span, style, numeral and ordinal."""
    start: int          # offset of the marker's first character
    end: int            # offset just after the marker
    style: str
    numeral: str        # as written ("" when lost)
    ordinal: int | None
    sub: int | None = None  # an inserted article's own number: 第十二条之一 → 1

    @property
    def number(self) -> str:
        """The ordinal as a path writes it: 12, or 12-1 for an inserted article."""
        return f"{self.ordinal}-{self.sub}" if self.sub else str(self.ordinal)


@dataclass(slots=True)
class RawClause:
    """One clause as stage 3 hands it on: marker, path (1.2.3), level, ordinal, span up to the
    next marker, heading span, and its parent's index."""
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
    """The marker styles of structure/markers.toml, in their usual order (loaded once)."""
    out = []
    for spec in grammar.load("structure/markers")["style"]:
        rx = grammar.compile(grammar.expand(spec["pattern"]))
        out.append(Style(spec["name"], spec["label"], rx, bool(spec.get("lost_numeral", False))))
    return tuple(out)


def _alternation(skip: tuple[str, ...] = (), first: tuple[str, ...] = ()) -> str:
    """The styles as one alternation, style i in group s<i> with its numeral in n<i>, x<i>;
    the styles of ``first`` tried before the others, each in the usual order."""
    order = sorted(enumerate(styles()), key=lambda ist: ist[1].name not in first)
    return "|".join(f"(?P<s{i}>{st.regex.pattern})".replace("(?P<num>", f"(?P<n{i}>")
                    .replace("(?P<sub>", f"(?P<x{i}>")
                    for i, st in order if st.name not in skip)


def _line_start_pattern() -> str:
    # One alternation of every style, anchored at a line start: a single scan of the text.
    # 第X条 first: every article of a regulation is one, and where it matches no other style
    # can (第X部分/章/节 end in another word, the other styles start otherwise), so the order
    # changes nothing but the work (three failed readings of the numeral an article before).
    # The lookahead: a character that can begin a marker (_MARKER_FIRST), one class test at a
    # line that begins with none, which the alternation's ten styles were each tried at.
    return r"(?m)^[ ]*(?=" + _MARKER_FIRST + ")(?:" + _alternation(first=("article",)) + ")"


# What every list style's pattern (markers.toml) begins with: an ASCII bracket, a digit, a
# character numeral of word processors (⑴ ⒈ ① ㈠ ㉑ ㊱) or a Chinese numeral; 第 begins the
# canonical styles (第X部分/章/节/条). tests/structure/test_clauses.py holds both to the patterns.
_LIST_FIRST = r"[(\d\u2460-\u249B\u3220-\u3229\u3251-\u325F\u32B1-\u32BF" + grammar.CN_CLASS[1:]
_MARKER_FIRST = "[第" + _LIST_FIRST[1:]


@lru_cache(maxsize=1)
def _line_start_rx() -> "regex.Pattern[str]":
    """The line-start alternation compiled by regex: the reference _line_start_re is tested against."""
    return grammar.compile(_line_start_pattern())


@lru_cache(maxsize=1)
def _line_start_re() -> "tuple[re.Pattern[str], dict[int, tuple[Style, tuple[int, ...], tuple[int, ...]]]]":
    """_line_start_rx for Python's re, which matches it twice as fast, and per style, by the
    number of its group s<i>: the style and the numbers of its numeral and inserted-number
    groups (a match's ``lastindex`` is its style's group: numbers, not names, are read per marker).

    re allows a group name once: the k-th group a style calls n<i> becomes n<i>_<k>. It
    reads \\d as Unicode's digits of its own version, which regex's may outrun: a digit
    is read by the class of the digits regex knows (``grammar.regex_digits``).
    """
    return _on_re(_line_start_pattern())


def _on_re(pattern: str) -> "tuple[re.Pattern[str], dict[int, tuple[Style, tuple[int, ...], tuple[int, ...]]]]":
    """A pattern of the style alternation (groups s<i>, n<i>, x<i>) compiled by re, with its
    table of groups by style (see _line_start_re)."""
    names: dict[str, int] = {}

    def rename(m: "re.Match[str]") -> str:
        names[m.group(1)] = names.get(m.group(1), 0) + 1
        return f"(?P<{m.group(1)}_{names[m.group(1)]}>"

    rx = grammar.compile_re(re.sub(r"\(\?P<([nx]\d+)>", rename, grammar.with_digits(pattern, grammar.regex_digits())))
    index = rx.groupindex
    groups = {index[f"s{i}"]: (st, tuple(index[f"n{i}_{k}"] for k in range(1, names.get(f"n{i}", 0) + 1)),
                               tuple(index[f"x{i}_{k}"] for k in range(1, names.get(f"x{i}", 0) + 1)))
              for i, st in enumerate(styles()) if f"s{i}" in index}
    return rx, groups


def match_marker(line: str, pos: int = 0) -> Marker | None:
    """The marker at the start of ``line`` (after blanks), if any."""
    rx, groups = _line_start_re()
    m = rx.match(line, pos)
    return _to_marker(m, groups) if m else None


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[Style, tuple[str, ...], tuple[str, ...]], ...]:
    """Per style: the style, and the names its numeral and inserted number have in the alternations."""
    return tuple((st, (f"n{i}",), (f"x{i}",) if "(?P<sub>" in st.regex.pattern else ())
                 for i, st in enumerate(styles()))


def _last(m, names: tuple) -> str | None:
    """The last group of ``names`` (names or numbers) that took part in the match (regex's reading of a name used twice)."""
    if len(names) == 1:
        return m.group(names[0])
    if names:
        for v in reversed(m.group(*names)):  # a loop: a generator cost more than the match (every 第X条)
            if v is not None:
                return v
    return None


def _to_marker(m, groups=None) -> Marker | None:
    """The marker a match of the style alternation makes (None: no numeral where one is needed).
    ``groups``: for a match of _line_start_re's pattern (or of _after_break_re's, the same groups)
    the table it gives; without it, a match of the regex alternation, read by group names."""
    if groups is not None:
        g = m.lastindex  # the style's group s<i>: it encloses the others and closes last
        st, num_groups, sub_groups = groups[g]
    else:
        g = m.lastgroup
        st, num_groups, sub_groups = _groups()[int(g[1:])]
    num = (m.group(num_groups[0]) if len(num_groups) == 1 else _last(m, num_groups)) or ""
    if " " in num:
        num = num.replace(" ", "")  # 第 一 章
    if not num and not st.lost_numeral:
        return None
    sub = _last(m, sub_groups) if sub_groups else None
    start, end = m.span(g)
    return Marker(start, end, st.name, num, _ordinal(num) if num else None, parse_ordinal(sub) if sub else None)


# Numerals that word processors write as one character: ㈠ (一), ⑴ (1), ⒈ (1.).
_CHAR_ORDINALS = {chr(base + k): k + 1 for base, n in ((0x3220, 10), (0x2474, 20), (0x2488, 20)) for k in range(n)}


@lru_cache(maxsize=1024)
def _ordinal(num: str) -> int | None:
    # Remembered: a document's numerals repeat (一…十, 第X条), each parsed once.
    return _CHAR_ORDINALS.get(num) or parse_ordinal(num)


@lru_cache(maxsize=1)
def _after_break_re() -> "re.Pattern[str]":
    """_line_start_re's alternation after a line break, in a lookahead (its groups as there):
    the pattern opens with a character, so re's scan jumps from line break to line break in C;
    ``^`` made it try the pattern at every position of the text."""
    pattern = _line_start_re()[0].pattern
    assert pattern.startswith("(?m)^")
    return grammar.compile_re("\n(?=" + pattern.removeprefix("(?m)^") + ")")


@lru_cache(maxsize=1)
def _readers() -> "dict[int, tuple[str, bool, int | tuple[int, ...], tuple[int, ...]]]":
    """_line_start_re's table as find_markers reads it: per style group, the style's name, whether
    its numeral may be lost, its numeral's group (a number where it has one, else their tuple) and
    its inserted number's groups."""
    return {g: (st.name, st.lost_numeral, num[0] if len(num) == 1 else num, sub)
            for g, (st, num, sub) in _line_start_re()[1].items()}


def find_markers(work: str, start: int, end: int) -> list[Marker]:
    """Markers at the line starts of work[start:end] (``start`` is a line start).

    What ``_to_marker`` makes of each match, read here in the loop (a law has hundreds of
    markers: a call and a table look-up each cost more than the reading)."""
    rx = _line_start_re()[0]
    readers = _readers()
    out = []
    append = out.append
    # The first line by the anchored pattern, every later one after its line break. A marker
    # holds no line break (nor the lookahead, which consumes nothing), so the breaks found are
    # every line's: what finditer of the anchored pattern would find.
    first = rx.match(work, start, end)
    for m in chain((first,) if first is not None else (), _after_break_re().finditer(work, start, end)):
        g = m.lastindex  # the style's group s<i>: it encloses the others and closes last
        name, lost, ng, sg = readers[g]
        if ng.__class__ is int:
            num = m.group(ng)
        else:
            num = None
            for v in m.group(*ng):   # the alternatives' groups: one took part (a loop: no generator)
                if v is not None:
                    num = v
        if num and " " in num:
            num = num.replace(" ", "")  # 第 一 章
        if num:
            ordinal = _ordinal(num)
            if ordinal == 0:
                continue   # 0. is no ordinal
        elif lost:
            num, ordinal = "", None
        else:
            continue
        sub = None
        if sg:
            written = None
            for v in (m.group(*sg) if len(sg) > 1 else (m.group(sg[0]),)):
                if v is not None:
                    written = v   # the last that took part, as _last reads it
            if written:
                sub = parse_ordinal(written)
        s, e = m.span(g)
        append(Marker(s, e, name, num, ordinal, sub))
    return out


@lru_cache(maxsize=1)
def _inline_rx() -> "regex.Pattern[str]":
    """The list styles (not 第X章/节/条, which inside a line are references), where a
    sentence or a lead-in ends: after ：；。 and blanks. The reference of _inline_re."""
    return grammar.compile(r"(?<=[:;。][ ]*)(?:" + _alternation(skip=CANONICAL) + ")")


@lru_cache(maxsize=1)
def _inline_re() -> "tuple[re.Pattern[str], dict[int, tuple[Style, tuple[int, ...], tuple[int, ...]]]]":
    """_inline_rx on Python's re (as _line_start_re), without its lookbehind: run_together tries it
    only where a hint's ：；。 and blanks stand before (a match of regex cost ~18k instructions)."""
    return _on_re("(?:" + _alternation(skip=CANONICAL) + ")")


_HINT = r"[:;。][ ]*" + _LIST_FIRST


@lru_cache(maxsize=1)
def _inline_hint() -> "re.Pattern[str]":
    """Where an inline list item may start: a cheap scan before the full alternation is tried.
    By Python's re, which scans for the three characters in C (regex: ~5x slower), with \\d read
    as regex reads it (``grammar.regex_digits``). The reference of :func:`_inline_hints`."""
    return grammar.compile_re(grammar.with_digits(_HINT, grammar.regex_digits()))


@lru_cache(maxsize=1)
def _inline_hints() -> "tuple[re.Pattern[str], ...]":
    """_inline_hint as three patterns, each led by one of its three characters: re scans for a
    literal first character several times faster than for a class of them (~64 instructions a
    character of a law for the class). No match holds a second separator, so the three find
    what the one finds."""
    rest = _inline_hint().pattern.removeprefix("[:;。]")
    return tuple(grammar.compile_re(c + rest) for c in ":;。")


def _hint_ends(work: str, start: int, end: int) -> list[int]:
    """The ends of _inline_hint's matches in work[start:end], in text order."""
    return sorted([m.end() for rx in _inline_hints() for m in rx.finditer(work, start, end)])


def run_together(work: str, start: int, end: int, line_markers: list[Marker]) -> list[Marker]:
    """Items of a numbered list that lost its line breaks (（1）…；（2）…；（3）…).

    An item inside a line counts when it follows ：；。 and continues, one by one, a
    list of its own style begun in that line, by the line's own marker or by an
    item 1 after ：；。; a list needs two items at least. A lone （一） after a colon,
    or 第（1）项 in a sentence, stays text.
    """
    rx, groups = _inline_re()
    found: dict[int, list[Marker]] = {}            # line start → inline candidates
    # The candidates come in text order: each one's line start is found by looking back only
    # to the previous one (a search back to the text's start at each was quadratic in a
    # document that lost its line breaks).
    line, seen = work.rfind("\n", 0, start) + 1, start
    for hint_end in _hint_ends(work, start, end):
        m = rx.match(work, hint_end - 1, end)
        if m is None:
            continue
        mk = _to_marker(m, groups)
        if mk is not None and mk.ordinal:
            nl = work.rfind("\n", seen, mk.start)
            if nl >= 0:
                line = nl + 1
            seen = mk.start
            found.setdefault(line, []).append(mk)
    if not found:
        return []
    heads = {work.rfind("\n", 0, mk.start) + 1: mk for mk in line_markers}
    out = []
    for line, cands in found.items():
        lists: dict[str, list[Marker]] = {}
        head = heads.get(line)
        if head is not None and head.ordinal:
            lists[head.style] = [head]
        done: list[list[Marker]] = []
        for mk in cands:
            run = lists.get(mk.style)
            if run and mk.ordinal == run[-1].ordinal + 1:
                run.append(mk)
            elif mk.ordinal == 1:
                if run:
                    done.append(run)
                lists[mk.style] = [mk]
        done.extend(lists.values())
        out.extend(mk for run in done if len(run) > 1 for mk in run if mk is not head)
    return out


def find_all(work: str, start: int, end: int) -> list[Marker]:
    """Every marker of work[start:end]: at line starts, and run-together list items."""
    markers = find_markers(work, start, end)
    extra = run_together(work, start, end, markers)
    if extra:
        markers = sorted(markers + extra, key=lambda mk: mk.start)
    return markers


def _resolve_lost(markers: list[Marker]) -> None:
    """A lost numeral `()` takes the paren style of its nearest neighbour with one."""
    if "" not in map(_NUMERAL, markers):
        return   # no numeral lost (nearly every document): no pass over the markers in Python
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


_NUMERAL = attrgetter("numeral")


# Regulations fix the order of 部分 > 章 > 节 > 条 whatever comes first: a 节 that
# first appears in chapter three still sits between its chapter and its articles.
CANONICAL = ("part", "chapter", "section", "article")


def ranks(markers: list[Marker]) -> dict[str, int]:
    """Level of each style in this document (0 = outermost).

    A list's first item follows its parent directly: each time a style's item 1
    comes right after a marker of another style, that is a vote for the other
    style ranking above it. The votes decide (some documents put (一) under 1.);
    部分 > 章 > 节 > 条 hold whatever the votes, and a list style outranks them
    only on two votes at least (one is what a numbered list in front of a
    regulation gives: a history, a covering notice's items). Where a pair has no
    votes the usual order of structure/markers.toml holds, so a 节 or a (一) that
    first shows up late still takes its place, not that of its first appearance.
    """
    usual = {st.name: i for i, st in enumerate(styles())}
    present = sorted({mk.style for mk in markers}, key=usual.__getitem__)
    opens: Counter[tuple[str, str]] = Counter()
    for prev, mk in zip(markers, markers[1:]):
        if mk.ordinal == 1 and not mk.sub and mk.style != prev.style:
            opens[prev.style, mk.style] += 1

    def above(a: str, b: str) -> bool:
        if a in CANONICAL and b in CANONICAL:
            return CANONICAL.index(a) < CANONICAL.index(b)
        if b in CANONICAL and opens[a, b] < 2:
            return False
        return opens[a, b] > opens[b, a]

    order: list[str] = []
    rest = present
    while rest:
        # The first style that nothing left ranks above; a cycle of votes falls back on the usual order.
        top = next((a for a in rest if not any(above(b, a) for b in rest if b != a)), rest[0])
        order.append(top)
        rest = [st for st in rest if st != top]
    return {st: i for i, st in enumerate(order)}


def build(work: str, body_start: int, body_end: int) -> list[RawClause]:
    """Stage 3: the working text's body [body_start, body_end) → its clauses in document order,
    each with its path in the hierarchy."""
    markers = find_all(work, body_start, body_end)
    _resolve_lost(markers)
    rank = ranks(markers)
    clauses: list[RawClause] = []
    stack: list[RawClause] = []
    stack_ranks: list[int] = []   # each open clause's rank, beside it: no lookup at every pop test
    ends = [mk.start for mk in markers[1:]]
    ends.append(body_end)
    for mk, end in zip(markers, ends):
        style = mk.style
        r = rank[style]
        sibling = None
        while stack_ranks and stack_ranks[-1] >= r:
            stack_ranks.pop()
            popped = stack.pop()
            if popped.marker.style == style:
                sibling = popped
        num = mk.ordinal
        inferred = num is None
        if inferred:
            num = sibling.ordinal + 1 if sibling else 1
            written = str(num)
        else:
            sub = mk.sub
            written = f"{num}-{sub}" if sub else str(num)   # Marker.number: 12-1 for an inserted article
        if stack:
            parent = stack[-1]
            path, parent_index = f"{parent.path}.{written}", parent.index
        else:
            path, parent_index = written, -1
        start = mk.start
        while end > start and work[end - 1] in " \n":
            end -= 1
        heading = _heading(work, mk.end, end)
        rc = RawClause(mk, path, len(stack) + 1, num, inferred, start, end, heading, len(clauses), parent_index)
        stack.append(rc)
        stack_ranks.append(r)
        clauses.append(rc)
    return clauses


_HEADING_MAX = 40
# re: the blanks after a marker, then a run up to the first 。 or line end, read no further than a
# heading can be long and one more: one match in C (a loop over the blanks and a search for the stop
# took a call each; its code kept on disk).
_HEAD_START = grammar.compile_re(r"[ ]*+([^。\n]{0,%d})" % (_HEADING_MAX + 1))
# What a heading's run may hold past a heading's length: what is stripped from its end.
_HEAD_TAIL = grammar.compile_re(r"[ :;,]*+")


def _heading(work: str, start: int, end: int) -> tuple[int, int] | None:
    """The short title after a marker: up to the first 。 or line end, when short."""
    start, stop = _HEAD_START.match(work, start, end).span(1)
    if stop - start > _HEADING_MAX:
        # The run goes on (a law's article, for a line): a heading only if the rest of it is what
        # is stripped from its end, read up to the first other character, not the line through to
        # its end (~46 instructions a character: build on every 50th law 184 -> 179 M). Most runs
        # have another character right there: one index, not a match (every 50th law 41 -> 37 M).
        if work[start + _HEADING_MAX] not in " :;,":
            return None
        stop = _HEAD_TAIL.match(work, start + _HEADING_MAX, end).end()
        if stop < end and work[stop] not in "。\n":
            return None
    h_end = stop
    while h_end > start and work[h_end - 1] in " :;,":
        h_end -= 1
    if h_end <= start or h_end - start > _HEADING_MAX:
        return None
    # A heading is a title, not the first half of a sentence (a run that a 。 or the clause's end stops).
    if h_end - start > 20 and (stop == end or work[stop] == "。") and "," in work[start:h_end]:
        return None
    return (start, h_end)
