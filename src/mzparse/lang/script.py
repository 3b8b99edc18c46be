"""Stage 2: the decoded original → simplified text and a normalised working copy.

Every transformation here is character-for-character, so all three strings
have the same length and an index into the working copy *is* an index into the
original: the map back to the source is the identity, by construction.
Traditional → simplified uses OpenCC's t2s dictionaries (TSPhrases, then
TSCharacters): phrases found by one longest-first regex, every other character
by str.translate. Phrases that would change the length (rare) are left to the
character table, which keeps the invariant. This gives OpenCC's own output on
the samples, ten times faster than its per-character Python loop.
"""
from __future__ import annotations

import os
from bisect import bisect_left
from collections import Counter
from functools import cached_property, lru_cache
from itertools import islice

from ..cache import dataclass
from . import grammar, scan

# Full-width ASCII to half-width; every kind of blank to a space; CR to LF
# (CRLF becomes an extra empty line, harmless for parsing and 1:1 in length).
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: " ", 0x00A0: " ", 0x0009: " ", 0x000B: " ", 0x000C: " ", 0x000D: "\n",
               0x0000: " ", 0xFEFF: " ", 0x200B: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ",
               0x2028: "\n", 0x2029: "\n", 0x0085: "\n", 0xFE52: "."})
# str.translate looks every character up in a dict; one str.replace per character the
# text holds (each a C scan) is four times faster on real documents. Which ones it holds:
# a search of re for the class of all of them, again after each replacement from where
# the last was found (a test of each of the 110 with `in` took three times as long).
_WIDTH_PAIRS = tuple((chr(k), v if isinstance(v, str) else chr(v)) for k, v in _WIDTH.items())
_WIDTH_OF = dict(_WIDTH_PAIRS)


@lru_cache(maxsize=1)
def _width_skip():
    # A run of characters outside the class, possessive: re's match of it runs through the
    # text three times faster than its search for the class (which tries a match at each hit).
    from .grammar import compile_re

    return compile_re("[^" + "".join(f"\\U{ord(c):08x}" for c in sorted(_WIDTH_OF)) + "]*+").match


def half_width(text: str) -> str:
    """Full-width ASCII → half-width, other blanks (U+3000, NBSP, tab, zero-width) → a space or
    newline; the text keeps its length, so offsets stay valid."""
    skip = _width_skip()
    pos, n = skip(text).end(), len(text)
    while pos < n:
        # No replacement is itself replaced (ASCII, a blank, LF): the order does not matter.
        c = text[pos]
        text = text.replace(c, _WIDTH_OF[c])
        pos = skip(text, pos).end()
    return text


@dataclass(frozen=True)
class Texts:
    """One document's text three ways, character for character the same length: the original
    (what spans index), simplified (for ``text`` fields) and the working copy patterns read."""
    original: str      # decoded original: what spans index
    simplified: str    # original in simplified script (for ``text`` fields)
    work: str          # simplified + half-width + unified blanks: what patterns read

    def __post_init__(self):
        assert len(self.original) == len(self.simplified) == len(self.work)

    @cached_property
    def char_counts(self) -> Counter:
        """How often each character occurs in the original (script detection, check T003)."""
        return Counter(self.original)  # counting in C beats scanning with a 4,000-character class

    @cached_property
    def script(self) -> str:
        """simplified | traditional | mixed."""
        if self.simplified == self.original:
            return "simplified"  # no traditional character: nothing to count
        return detect_script(self.char_counts)


def _dict_path(name: str) -> str:
    # Found without importing opencc (~10 ms): only its data files are read here.
    import importlib.util

    return os.path.join(os.path.dirname(importlib.util.find_spec("opencc").origin), "dictionary", name)


def dictionary_stamp(name: str) -> str:
    """A cache key part that changes with the dictionary file ``name``, Python's version and this
    module's code (which derives the tables kept under it: a new release must not read old ones)."""
    import sys

    from ..cache import file_digest

    path = _dict_path(name)
    st = os.stat(path)
    return f"{sys.version}\0{path}\0{st.st_size}\0{st.st_mtime_ns}\0{file_digest(__file__)}"


@lru_cache(maxsize=None)
def opencc_dict(name: str) -> dict[str, list[str]]:
    """An OpenCC dictionary file: source → its candidates, in OpenCC's order."""
    from .grammar import cached

    def build() -> dict[str, list[str]]:
        out = {}
        with open(_dict_path(name), encoding="utf-8") as fh:
            for line in fh:
                src, _, dst = line.rstrip("\n").partition("\t")
                out[src] = dst.split(" ") if dst else []
        return out

    # Kept on disk: parsing a character table line by line took ~20 M instructions, paid by the
    # first traditional document of every process (here and in check T003's tables).
    return cached("opencc", f"{dictionary_stamp(name)}\0{name}", build, lambda v: isinstance(v, dict))


@lru_cache(maxsize=None)
def _char_table(name: str) -> dict[str, str]:
    """Single-character mappings of an OpenCC dictionary whose target differs from the source."""
    return {src: dst[0] for src, dst in opencc_dict(name).items()
            if len(src) == 1 and dst and len(dst[0]) == 1 and dst[0] != src}


@lru_cache(maxsize=None)
def _chars(name: str) -> frozenset[str]:
    # Needed by every run (does the text hold a traditional character?), so kept on disk:
    # reading the dictionary file is ~10 ms of a cold run.
    from .grammar import cached

    return cached("chars", dictionary_stamp(name), lambda: frozenset(_char_table(name)), lambda v: isinstance(v, frozenset))


@lru_cache(maxsize=1)
def _t2s() -> tuple[dict, "object", dict, tuple, dict[str, int], frozenset[str]]:
    """(translate table, regex of same-length phrases whose reading differs, phrase → simplified,
    the table for a text within the BMP: a tuple indexed by code point, see ``to_simplified``,
    the phrases' pivots and first characters: see ``_phrase_starts``)."""
    from .grammar import alternation, cached, compile_re

    def build() -> list:
        chars = _char_table("TSCharacters.txt")
        table = str.maketrans(chars)
        phrases = {src: dst[0] for src, dst in opencc_dict("TSPhrases.txt").items()
                   if len(src) > 1 and dst and len(dst[0]) == len(src) and src.translate(table) != dst[0]}
        # A pivot: a character a phrase reads otherwise than the character table does (乾 of 乾坤,
        # 覆 of 反覆; each phrase holds one, as its reading differs), with the greatest index it
        # stands at in one.
        pivots: dict[str, int] = {}
        for src, dst in phrases.items():
            for i, c in enumerate(src.translate(table)):
                if c != dst[i]:
                    pivots[src[i]] = max(i, pivots.get(src[i], 0))
        return ["".join(chars), "".join(chars.values()), phrases, alternation(list(phrases)) if phrases else "",
                pivots, "".join(sorted({src[0] for src in phrases}))]

    # Kept on disk as one value, the character table as two strings that str.maketrans pairs
    # in C: the first traditional document of every process read and derived it all again
    # (~35 M instructions; a marshalled dict of the dictionary costs ~10 M to load).
    src, dst, phrases, pattern, pivots, firsts = cached(
        "t2s", f"{dictionary_stamp('TSCharacters.txt')}\0{dictionary_stamp('TSPhrases.txt')}", build,
        lambda v: isinstance(v, list) and len(v) == 6 and len(v[0]) == len(v[1]))
    table = str.maketrans(src, dst)
    bmp = list(range(0x10000))   # ~2.6 MiB, made once a process at its first traditional text
    for k, v in table.items():
        if k < 0x10000:
            bmp[k] = v
    # Literal words: Python's re matches them three times faster than regex (and its search, where
    # pivots are dense, checks each position against the set of first characters before trying them).
    return table, compile_re(pattern) if pattern else None, phrases, tuple(bmp), pivots, frozenset(firsts)


def detect_script(counts: Counter) -> str:
    """The script of a text from its character counts."""
    trad = sum(counts[c] for c in _chars("TSCharacters.txt").intersection(counts))
    if trad == 0:
        return "simplified"
    simp = sum(counts[c] for c in _chars("STCharacters.txt").intersection(counts))
    total = trad + simp
    if trad <= 0.02 * total:
        return "simplified"
    if simp <= 0.05 * total:
        return "traditional"
    return "mixed"


def to_simplified(text: str) -> str:
    """Traditional → simplified, never changing the length (see the module's docstring)."""
    from .grammar import holds_beyond_bmp

    table, phrase_rx, phrases, bmp_table, pivots, firsts = _t2s()
    # str.translate looks each character up in its table: in the dict, a character the table
    # lacks (most of them) raises a KeyError inside translate (~690 instructions a character of a
    # traditional text in all); in a tuple of every BMP code point's target, none does (~360). A
    # character beyond the BMP (the tuple would leave it as it is) sends the text to the dict.
    out = text.translate(table if holds_beyond_bmp(text) else bmp_table)
    if phrase_rx is None:
        return out
    # Phrases are found in the original (their keys are traditional) and written over
    # the character-by-character result at the same place.
    # The pivots' places by one scan of re for their class (a str.count of each of ~23 pivots was
    # ~120 instructions a character of a traditional text), read no further than what makes the
    # text dense.
    at = list(islice(grammar.positions(_pivot_set(), text), len(text) // _DENSE_PIVOTS + 1))
    if not at:
        return out   # every phrase holds a pivot: none here, no phrase
    if len(at) * _DENSE_PIVOTS > len(text):
        found = phrase_rx.finditer(text)
    else:
        found = scan.matches_at(phrase_rx, text, ((p, len(text)) for p in _phrase_starts(text, pivots, firsts, at)))
    pieces, pos = [], 0
    for m in found:
        pieces.append(out[pos:m.start()])
        pieces.append(phrases[m.group()])
        pos = m.end()
    if not pieces:
        return out
    pieces.append(out[pos:])
    return "".join(pieces)


# Pivots more often than one character in this many (to_simplified): the phrases' search over the whole text is
# cheaper than a look at each pivot (於 of 關於, 對於: a text of 於 at every third character took
# 197 ms by the pivots, 93 by the search; a Taiwanese law with 於 put in every n characters
# crossed over near n = 45).
_DENSE_PIVOTS = 48


@lru_cache(maxsize=1)
def _pivot_set() -> frozenset[str]:
    return frozenset(_t2s()[4])


def _phrase_starts(text: str, pivots: dict[str, int], firsts: frozenset[str], at=None) -> list[int]:
    """Where in ``text`` a phrase of ``_t2s`` can begin, in order: a phrase's first character
    (``firsts``) at most as far before a pivot as that pivot stands in a phrase (``pivots``).

    The phrases' alternation is tried there alone (``scan.matches_at``: what finditer finds):
    re's search tried it wherever a first character stands (發, 一, 重…), ~240 instructions a
    character of a traditional text; str.count and str.find of the pivots (乾, 覆…) cost ~16,
    and most traditional texts hold none or a few. ``at``: the pivots' places, where already found."""
    if at is not None:
        return sorted({q for p in at for q in range(max(p - pivots[text[p]], 0), p + 1) if text[q] in firsts})
    return sorted({q for c, back in pivots.items() for p in scan.finds(text, c)
                   for q in range(max(p - back, 0), p + 1) if text[q] in firsts})


# Characters beyond the BMP make CPython hold a whole string at 4 bytes a character instead of
# 2: OpenCC writes some simplified characters there (睍 → U+2AFA2), which doubled the simplified
# and working copies of a large document. Such a character of Han script is held as a stand-in
# of the BMP that every pattern reads as it reads the character: a Han ideograph of Extension A
# (\p{Han}, \w, a letter; outside [\u4e00-\u9fff] as the original is) found in none of the
# package's, jieba's or OpenCC's data files (tests/lang/test_script_stand_ins.py holds both) and
# not in the document. ``Texts.simplified`` gives the characters themselves back when sliced.
_STAND_IN_RUNS = ((0x4D00, 0x4D08), (0x4D0A, 0x4D0A), (0x4D0C, 0x4D12), (0x4D1A, 0x4D2B), (0x4D2D, 0x4D30),
                  (0x4D32, 0x4D33), (0x4D35, 0x4D3C), (0x4D3E, 0x4D4C))
STAND_IN_POOL = "".join(chr(c) for a, b in _STAND_IN_RUNS for c in range(a, b + 1))


@lru_cache(maxsize=1)
def _han_rx():
    import regex

    return regex.compile(r"\p{Han}")


class Restored(str):
    """The simplified text held with stand-ins of the BMP for its characters beyond it (see
    ``STAND_IN_POOL``): patterns and str's methods read the stand-ins; a slice, an index and a
    comparison (==, !=, hash) give the characters themselves, as the plain simplified text would."""

    def __new__(cls, narrow: str, at: list[int], chars: list[str]):
        self = super().__new__(cls, narrow)
        self._at, self._chars = at, chars   # sorted positions of the stand-ins; the character at each
        return self

    def __getitem__(self, key):
        at = self._at
        if key.__class__ is slice and key.step is None:
            # The stages' slices (a span's start and end: most hold no stand-in), read without
            # slice.indices: ~40 % of a slice's cost.
            a, b = key.start, key.stop
            if a.__class__ is int and b.__class__ is int and a >= 0 and b >= 0:
                k = bisect_left(at, a)
                if k == len(at) or at[k] >= b:
                    return str.__getitem__(self, key)
        piece = str.__getitem__(self, key)
        if not isinstance(key, slice):
            i = key.__index__()
            i = i + len(self) if i < 0 else i
            k = bisect_left(at, i)
            return self._chars[k] if k < len(at) and at[k] == i else piece
        start, stop, step = key.indices(len(self))
        if step != 1:
            return "".join(self[i] for i in range(start, stop, step))
        k = bisect_left(at, start)
        if k == len(at) or at[k] >= stop:
            return piece
        parts, prev = [], start
        while k < len(at) and at[k] < stop:
            parts += (piece[prev - start:at[k] - start], self._chars[k])
            prev = at[k] + 1
            k += 1
        parts.append(piece[prev - start:])
        return "".join(parts)

    def __eq__(self, other):
        # As the plain text compares: the characters at the stand-ins' places, and the stretches
        # between them (copied a stretch at a time, never the whole text at 4 bytes a character).
        if not isinstance(other, str):
            return NotImplemented
        if len(other) != len(self):
            return False
        if isinstance(other, Restored):
            return self[:] == other[:]
        if any(other[p] != c for p, c in zip(self._at, self._chars)):
            return False
        prev = 0
        for p in self._at + [len(self)]:
            if str.__getitem__(self, slice(prev, p)) != other[prev:p]:
                return False
            prev = p + 1
        return True

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self[:])

    def __reduce__(self):
        return str, (self[:],)   # a copy travels as the plain text


def _narrow(original: str, simplified: str) -> tuple[str, list[int], list[str]] | None:
    """(``simplified`` with its characters beyond the BMP as stand-ins, their positions, the
    characters), or None when it has none or one that no stand-in can play (not of Han script,
    or more distinct ones than the pool)."""
    from .grammar import beyond_bmp

    at, chars = [], []
    for m in beyond_bmp().finditer(simplified):
        at.append(m.start())
        chars.append(m.group())
    if not at:
        return None
    wide = set(chars)
    han = _han_rx()
    if not all(han.match(c) for c in wide):
        return None
    # As many as needed, each found in neither text by a scan of its own.
    pool = (c for c in STAND_IN_POOL if c not in simplified and c not in original)
    stand_in = dict(zip(sorted(wide), pool))
    if len(stand_in) < len(wide):
        return None
    narrow = simplified
    for c, s in stand_in.items():
        narrow = narrow.replace(c, s)
    return narrow, at, chars


def _holds_traditional(text: str) -> bool:
    """Whether ``text`` holds one of OpenCC's traditional characters (most documents: one scan)."""
    from .grammar import holds_any

    return holds_any(_chars("TSCharacters.txt"), text)


@lru_cache(maxsize=1)
def _plain_run():
    """re's match of a possessive run of characters neither traditional (OpenCC's, in the BMP)
    nor to be made half-width, for a text within the BMP (no class of those beyond it: re tests
    that range at each character)."""
    trad = grammar.class_rx(_chars("TSCharacters.txt"))[0].pattern
    assert not set(_WIDTH_OF) & _chars("TSCharacters.txt")
    return grammar.compile_re("[^" + (trad[1:-1] if trad.startswith("[") else "")
                              + "".join(f"\\U{ord(c):08x}" for c in sorted(_WIDTH_OF)) + "]*+").match


def normalise(original: str) -> Texts:
    """Stage 2: the decoded original → :class:`Texts` (simplified script, then half-width blanks)."""
    if grammar.ucs2(original):
        # Most documents: one scan for a traditional character and the half-width ones at once
        # (_holds_traditional's and half_width's were two, each ~60 instructions a character),
        # replacing the latter as found (see half_width) until the former is met, if ever.
        run, n = _plain_run(), len(original)
        work = original
        pos = run(work).end()
        while pos < n:
            c = work[pos]
            to = _WIDTH_OF.get(c)
            if to is None:
                break   # a traditional character (no half-width one is: _plain_run)
            work = work.replace(c, to)
            pos = run(work, pos).end()
        else:
            return Texts(original, original, work)   # nothing to convert or count
    elif not _holds_traditional(original):
        return Texts(original, original, half_width(original))
    simplified = to_simplified(original)
    # Only where OpenCC converted: there its characters beyond the BMP come in (a text without
    # traditional characters is not scanned for them, and keeps the original's width).
    found = _narrow(original, simplified)
    if found is None:
        return Texts(original, simplified, half_width(simplified))
    del simplified
    narrow, at, chars = found
    return Texts(original, Restored(narrow, at, chars), half_width(narrow))
