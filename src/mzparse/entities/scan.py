"""What the time and amount extractors share in scanning a document.

How a per-document extractor visits a document's body ranges (:func:`visited`): one scan of
the whole document for where a match can be, the ranges that scan reaches, and nothing else
(``times.find_all`` and ``amounts.find_all``: ~110 ranges a document, most holding nothing);
and a grammar's groups read by name from one tuple (:func:`group_names`).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import chain, pairwise, starmap
from operator import itemgetter, le

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
