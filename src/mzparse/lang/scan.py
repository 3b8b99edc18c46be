"""What the extractors share in scanning a document (here, below entities, so that the agency
scan shares it too).

How a per-document extractor visits a document's body ranges (:func:`visited`, what
``amounts.find_all`` does; ``times.find_all`` hands each position of its one scan to its range,
:func:`in_ranges`): one scan of the whole document for where a match can be, the ranges that scan reaches,
and nothing else (~110 ranges a document, most holding nothing). Also: literal words found by
``str.find`` (:class:`Words`, :func:`finds`), a grammar tried only in the run before each needle
(:func:`anchored`, :func:`outside_rx`), and a grammar's groups read by name from one tuple
(:func:`group_names`).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain, pairwise, starmap
from operator import itemgetter, le

from . import grammar

_FIRST = itemgetter(0)


def in_order(ranges: list[tuple[int, int]]) -> bool:
    """Whether ``ranges`` are (start, end) pairs in text order, none overlapping the next
    (a0 <= b0 <= a1 <= b1 …), checked in C: the pipeline's body ranges always are."""
    return all(starmap(le, pairwise(chain.from_iterable(ranges))))


def visited(search: Callable, work: str, ranges: list[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """(start, end, position) of each of ``ranges`` (in order: :func:`in_order`) in which
    ``search(work, pos, end)`` finds something, searched for from the range's start over the rest
    of the document: the position is where that search found it, inside the range.

    The search sees past a range's end: a pattern whose matches need no more than what they
    match (nothing after them) is found so wherever the range's own search finds it, and a
    range it misses holds none. The caller runs its own range search (or grammar) in each
    range visited: what is found here only says where to look.
    """
    if not ranges:
        return
    n, pos, hi = len(ranges), ranges[0][0], ranges[-1][1]
    while (c := search(work, pos, hi)) is not None:
        p = c.start()
        i = bisect_right(ranges, p, key=_FIRST) - 1   # the range that starts at or before p
        a, b = ranges[i]
        if p < b:
            yield a, b, p
        if i + 1 >= n:
            return
        pos = ranges[i + 1][0]


def in_ranges(found, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(position, end of its span) of each match of ``found`` (in text order) that begins inside
    one of ``spans`` (in order, not overlapping: :func:`in_order`), for a grammar tried at each
    up to its span's end (:func:`matches_at`; times hands it its one scan of a document)."""
    i, b = 0, spans[0][1]
    for c in found:
        p = c.start()
        if p >= b:   # past the range: the one that starts at or before p
            i = bisect_right(spans, p, i, key=_FIRST) - 1
            b = spans[i][1]
            if p >= b:
                continue   # between two ranges
        yield p, b


@lru_cache(maxsize=8)
def group_names(rx) -> tuple[tuple[str | None, ...], dict[str, int]]:
    """A compiled grammar's group names in group order (None for an unnamed group), and the
    number of each name. ``dict(zip(names, m.groups()))`` gives a match's groups by name:
    regex's ``group(name)`` copies the pattern's index of names at every call, ~10 times the
    cost of ``group(number)``, and a match is read by some 25 names."""
    index = rx.groupindex
    names: list[str | None] = [None] * rx.groups
    for name, i in index.items():
        names[i - 1] = name
    return tuple(names), dict(index)


def in_group_order(rx, names: tuple[str, ...], who: str):
    """``rx``, once its named groups are checked to be ``names`` in order: a parser that unpacks a
    match's ``groups()`` (or reads them by index constants) in that order raises at once, where
    it would misread every match, if the grammar changes."""
    if group_names(rx)[0] != names:
        raise RuntimeError(f"{who}: a grammar's groups are no longer in the order its parser reads them")
    return rx


def outside_rx(pattern: str) -> "regex.Pattern[str]":
    """A reverse search for the last character no match of ``pattern`` can hold: one that is
    not in its text (a literal, or in a class) and is neither a digit nor a blank. Good for a
    pattern whose only wide classes are ``\\d`` and ``\\s`` and which has no wildcard, no
    negated class and no flag that widens what a character matches (see :func:`anchored`)."""
    chars = "".join(c if c.isalnum() else "\\" + c for c in sorted(set(pattern)))  # each itself, no range
    return grammar.compile(rf"(?r)[^\d\s{chars}]")


def anchored(rx, outside, needle, work: str, start: int, end: int, begins: frozenset[str] | None = None,
             first: int | None = None) -> Iterator:
    """The matches of ``rx.finditer(work, start, end)`` that hold a ``needle`` (a match of the
    search ``needle``), in order, and perhaps some that hold none (the caller skips those): the
    grammar is tried only at the few positions before each needle from which a match could
    reach it, not at every position of the stretch.

    A match holding a needle starts in the run of characters a match can hold (``outside``,
    from :func:`outside_rx`, finds where the run begins) that ends at the needle; no match
    crosses the character before the run, so finditer scans on from the run's start as it
    would from a fresh start. ``rx.match`` at a position is finditer's attempt there (a
    lookbehind sees before the position in both).

    ``begins``, when given, holds every Han character (U+4E00–U+9FFF) a match can begin with:
    a position holding another is not tried (in 处五百元 the grammar fails at 处 at the cost of
    a match; no Han character is a digit in any version of Unicode). ``first``: where the first
    needle from ``start`` is, when the caller has looked already.
    """
    pos = start
    if first is None:
        n = needle(work, pos, end)
        first = None if n is None else n.start()
    at = first
    while at is not None:
        before = outside.search(work, pos, at)
        for p in range(before.end() if before else pos, at + 1):
            if begins is not None and "\u4e00" <= work[p] <= "\u9fff" and work[p] not in begins:
                continue
            m = rx.match(work, p, end)
            if m is not None:
                yield m
                pos = m.end() if m.end() > p else p + 1
                break
        else:
            pos = at + 1   # no match holds this needle: the next starts after it
        n = needle(work, pos, end)
        at = None if n is None else n.start()


class Words:
    """A search for the first of some literal ``words``: ``search(work, pos, end)`` as a compiled
    pattern's, giving something whose ``start()`` is where the first word found begins, or None.

    By ``str.find`` a word: re's scan of an alternation tests every character against each
    word's first (~60 instructions a character); str.find looks for one character at C speed.
    Each word's next place is kept while the text and ``end`` stay the same and ``pos`` does not
    go back (as in :func:`visited`): each word's finds then read the text once in all.

    With ``ahead``, a word's next place is looked for up to the text's end and kept whatever
    ``end`` is, while ``pos`` does not go back: a caller that searches range after range of a
    document in order (each range's stretch, then the next) reads the text once a word, not
    once a range; a place counts when the word ends by ``end``. Only for such callers: one
    whose ``pos`` goes back would look ahead to the text's end again each time.
    """

    __slots__ = ("words", "_lens", "_ahead", "_next", "_work", "_end", "_pos", "_at")

    def __init__(self, words: tuple[str, ...], ahead: bool = False):
        self.words = words
        self._lens = tuple(map(len, words))
        self._ahead = ahead
        self._work, self._end, self._pos, self._at = None, -1, -1, -1
        self._next: list[int] = []

    def __call__(self, work: str, pos: int, end: int) -> "Words | None":
        if work is not self._work or pos < self._pos or (end != self._end and not self._ahead):
            self._work, self._end = work, end
            self._next = [-2] * len(self.words)   # -2: not looked for yet; -1: none before the limit
        self._pos = pos
        limit = len(work) if self._ahead else end
        best = -1
        nxt = self._next
        for k, w in enumerate(self.words):
            i = nxt[k]
            if i == -2 or -1 < i < pos:
                nxt[k] = i = work.find(w, pos, limit)
            # (a later place of the word cannot end by ``end`` when this one does not)
            if i >= 0 and (best < 0 or i < best) and i + self._lens[k] <= end:
                best = i
        self._at = best
        return self if best >= 0 else None

    def start(self) -> int:
        """Where the word found last begins."""
        return self._at


def finds(text: str, word: str, start: int = 0, end: int | None = None, overlapping: bool = False) -> Iterator[int]:
    """Where ``word`` begins in ``text[start:end]``, in order, by ``str.find`` (a C scan that re's
    search for a literal or an alternation costs many times): each place after the last one
    ends, as finditer finds a literal, or with ``overlapping`` every place."""
    step = 1 if overlapping else max(len(word), 1)
    find = text.find
    p = find(word, start, end)
    while p >= 0:
        yield p
        p = find(word, p + step, end)


def matches_at(rx, text: str, at: Iterable[tuple[int, int]]) -> Iterator:
    """``rx``'s matches in ``text`` for a pattern every match of which begins at one of the
    positions of ``at`` ((position, end) pairs in text order, each tried up to its end): what
    finditer finds, the pattern tried only there, from the end of the last match on."""
    last = 0
    for p, end in at:
        if p < last:
            continue  # inside the last match: finditer goes on from its end
        m = rx.match(text, p, end)
        if m is not None:
            yield m
            last = m.end()
