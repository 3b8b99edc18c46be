"""Grammar loading: the pattern data (TOML, one file per vocabulary, kept beside the module
that uses it: ``structure/markers.toml``, ``entities/time.toml``…), and the compiled grammars built
from it, cached on disk between runs."""
from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

# The cache helper lives in a base module (cache.py) so models may use it too; its names
# stay importable from here.
from ..cache import cached, dataclass, toml
from .numerals import CN_CHARS

PACKAGE = Path(__file__).resolve().parents[1]


def data_path(name: str) -> Path:
    """A data file of the package, named from the package root (``lang/places.txt``)."""
    return PACKAGE / name


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed TOML data file ``name`` (``structure/markers`` → structure/markers.toml)."""
    with open(data_path(f"{name}.toml"), "rb") as fh:
        data = fh.read()
    return toml(data)


CN_CLASS = "[" + CN_CHARS.replace("万", "").replace("萬", "").replace("亿", "").replace("億", "") + "]"


def expand(pattern: str) -> str:
    """Fill the ``{cn}`` placeholder (one Chinese numeral character) in a pattern."""
    return pattern.replace("{cn}", CN_CLASS)


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so the longest wins."""
    return "|".join(map(escape, sorted(set(words), key=lambda w: (-len(w), w))))


def escape(word: str) -> str:
    """``regex.escape(word)``: a word of word characters alone (most of the vocabularies: Chinese)
    is its own escape, and is handed back without regex.escape's per-character loop in Python
    (a cold run escapes ~2,000 words to build the grammars whose compiled form the cache holds)."""
    if _PLAIN(word):
        return word
    import regex

    return regex.escape(word)


_PLAIN = re.compile(r"\w*").fullmatch

# \s as regex reads it (Unicode White_Space), for patterns on Python's re: re's own \s also takes
# U+001C-U+001F, which the working text may hold (normalise keeps them) and regex's \s does not.
REGEX_BLANK = r"[^\S\x1c-\x1f]"


def regex_digits() -> str:
    """The characters regex's \\d holds, as the inside of a class for Python's re: \\d and
    those beyond the BMP that re's \\d lacks (digits of scripts newer than its tables)."""
    import regex

    def build() -> str:
        extra = [m.span() for m in regex.finditer(r"\d+", "".join(map(chr, range(0x10000, 0x110000))))
                 if not re.fullmatch(r"\d+", m.group())]
        return "\\d" + "".join(f"\\U{a + 0x10000:08x}-\\U{b - 1 + 0x10000:08x}" for a, b in extra)

    return cached("digits", f"{regex.__version__}\0{sys.version}", build, lambda v: isinstance(v, str))


def with_digits(pattern: str, digits: str) -> str:
    """``pattern`` with each \\d read as the class ``digits`` (inside a class or standing alone)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            tok = pattern[i:i + 2]
            out.append(tok if tok != "\\d" else digits if in_class else f"[{digits}]")
            i += 2
            continue
        if not in_class and c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":  # a ] first in a class is one of its characters
                out.append("]")
                i += 1
            continue
        if in_class and c == "]":
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=64)
def needles_rx(needles: tuple[str, ...]) -> "re.Pattern[str]":
    """A pattern that finds any of ``needles`` (literal words): one C-speed search that lets a
    stretch skip a grammar every match of which contains one of them. Keep the pattern where it
    is used on every line: this call hashes the tuple."""
    return compile_re("|".join(map(re.escape, needles)))


def compile(pattern: str, flags: int = 0) -> "regex.Pattern[str]":
    """``regex.compile``, with the compiled pattern cached on disk between runs.

    regex parses a pattern in Python, and the vocabularies make large grammars:
    compiling mzparse's took ~90 ms of every cold run, a quarter of it. A compiled
    pattern pickles to its compiled code (regex's own pickle support), which loads
    in C in well under a millisecond; the loader accepts regex's compile and nothing else.
    """
    import regex

    return cached("rx", f"{regex.__version__}\0{sys.version}\0{flags}\0{pattern}",
                  lambda: regex.compile(pattern, flags),
                  lambda rx: isinstance(rx, regex.Pattern) and rx.pattern == pattern, fmt="pickle")


def compile_re(pattern: str, flags: int = 0) -> "re.Pattern[str]":
    """``re.compile``, with the compiled code cached on disk between runs.

    re parses and compiles a pattern in Python too, and keeps nothing across runs: the
    agency grammar alone took ~10 ms of every cold run. What re hands its C engine is a
    list of integers and the group names, which marshal keeps and ``_sre.compile`` takes
    back (checking the code as it does for any pattern). The key holds Python's version
    and the engine's; where its internals differ from these, re.compile is used.
    """
    import re

    flags = int(flags)  # a RegexFlag is an int subclass, which marshal refuses: it was never kept
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:  # another implementation of Python
        return re.compile(pattern, flags)

    def build() -> list:
        # As re._compiler.compile does, up to the call of the engine.
        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        indexgroup: list = [None] * p.state.groups
        for name, i in p.state.groupdict.items():
            indexgroup[i] = name
        # (the opcodes are int subclasses, which marshal refuses: plain ints)
        return [flags | p.state.flags, [int(c) for c in code], p.state.groups - 1, dict(p.state.groupdict),
                tuple(indexgroup)]

    try:
        got = cached("re", f"{sys.version}\0{_sre.MAGIC}\0{flags}\0{pattern}", build,
                     lambda v: isinstance(v, list) and len(v) == 5)
        return _sre.compile(pattern, *got)
    except Exception:  # internals of another version: compile as usual
        return re.compile(pattern, flags)


@lru_cache(maxsize=1)
def beyond_bmp() -> "re.Pattern[str]":
    """Any character beyond the BMP (which makes CPython hold a string at 4 bytes a character)."""
    return compile_re("[\\U00010000-\\U0010ffff]")


def ucs2(text: str) -> bool:
    """True when CPython holds ``text`` at one or two bytes a character: it has no character
    beyond the BMP. Read off its size in O(1) (a scan for one took ~14 ns a character); False
    when the size is not one of those (a four-byte string, or one CPython keeps otherwise)."""
    n = len(text) + 1
    return sys.getsizeof(text) in (_ASCII + n, _COMPACT + n, _COMPACT + 2 * n)


_ASCII = sys.getsizeof("a") - 2          # a compact ASCII string's header
_COMPACT = sys.getsizeof("\u0100") - 4    # a compact string's header (two bytes a character: ``"Ā"`` and its NUL)


def holds_beyond_bmp(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds a character beyond the BMP: no, at once, for a text
    CPython holds at two bytes a character or fewer (:func:`ucs2`: most); else re's search.
    A scan whose class is told so leaves that range out (re tests each range in turn)."""
    if ucs2(text):
        return False
    return beyond_bmp().search(text, start, len(text) if end is None else end) is not None


@lru_cache(maxsize=8)
def class_rx(chars: frozenset[str]) -> "tuple[re.Pattern[str], re.Pattern[str] | None]":
    """Classes of ``chars`` for Python's re: (those in the BMP, those beyond it or None).

    re tests a class of BMP characters by a bitmap, in the C loop that scans for a
    pattern's first character: a search for one of a few thousand characters (OpenCC's
    traditional ones) reads ~100 MB/s. A class that holds a single character beyond the
    BMP it tests by comparing each range in turn, ten times slower: those go apart.
    """
    # The characters as themselves, the few a class reads otherwise escaped, sorted: all in C (the
    # pattern text is the cache's key, made on every run; made a character at a time in Python it
    # was ~3 ms of a cold start for OpenCC's 4,000 characters). Beyond the BMP sorts last.
    ordered = sorted(chars)
    split = bisect_left(ordered, "\U00010000")
    bmp, beyond = "".join(ordered[:split]), "".join(ordered[split:])
    return (compile_re("[" + bmp.translate(_CLASS_ESCAPES) + "]" if bmp else "(?!)"),
            compile_re("[" + beyond + "]") if beyond else None)


# What a character class reads as other than the character: \ ] [ (a nested set, warned of),
# ^ (negation), - (a range) and the doubled & ~ | re warns of as set operations to come.
_CLASS_ESCAPES = str.maketrans({c: "\\" + c for c in "\\[]^-&~|"})


def positions(chars: frozenset[str], text: str) -> Iterator[int]:
    """Where in ``text`` the characters of ``chars`` stand, in order (by re's scans, as holds_any).
    One at a time: a large traditional text holds millions (as a list, ~70 MiB of a 50 MB one)."""
    bmp, beyond = class_rx(chars)
    found = (m.start() for m in bmp.finditer(text))
    if beyond is not None and holds_beyond_bmp(text):  # the slow class only where it can match
        return iter(sorted([*found, *(m.start() for m in beyond.finditer(text))]))
    return found


def holds_any(chars: frozenset[str], text: str) -> bool:
    """Whether ``text`` holds one of ``chars`` (``not chars.isdisjoint(text)``, in a C scan).

    One scan, a run of characters outside the BMP class and beyond the BMP: it stops at a
    character of the class (True) or at the first beyond the BMP, which the class cannot test
    fast; from there the two classes are searched (most texts hold none: one scan in all)."""
    end = _outside_run(chars)(text).end()
    if end == len(text):
        return False
    if text[end] < "\U00010000":
        return True
    bmp, beyond = class_rx(chars)
    return bmp.search(text, end) is not None or beyond is not None and beyond.search(text, end) is not None


@lru_cache(maxsize=8)
def _outside_run(chars: frozenset[str]):
    """re's match of a possessive run of characters outside the BMP class of ``chars``
    (:func:`class_rx`'s negated) and inside the BMP: three times faster through a text than
    the class's search."""
    bmp = class_rx(chars)[0].pattern
    return compile_re("[^" + (bmp[1:-1] if bmp.startswith("[") else "") + "\U00010000-\U0010ffff]*+").match


@lru_cache(maxsize=1)
def han_class() -> str:
    """``\\p{Han}`` as a character class Python's re can read: the characters regex's own
    Unicode tables call Han (CJK ideographs, radicals, 〇, 々…), found by asking regex.

    For grammars compiled with Python's re, which has no Unicode properties. Han lies
    in planes 0-3, so those are asked; the answer is cached like a compiled pattern.
    """
    import regex

    def build() -> str:
        import array

        # Every code point of planes 0-3 but the surrogates, made in C (a join of chr()
        # calls takes three times as long).
        codes = array.array("I", range(0xD800))
        codes.extend(range(0xE000, 0x40000))
        if codes.itemsize == 4:
            text = codes.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")
        else:
            text = "".join(map(chr, codes))
        return "[" + "".join(f"\\U{ord(m.group()[0]):08x}-\\U{ord(m.group()[-1]):08x}"
                             for m in regex.finditer(r"\p{Han}+", text)) + "]"

    return cached("han", f"{regex.__version__}\0{sys.version}", build, lambda v: isinstance(v, str))


@dataclass(frozen=True)
class Case:
    """A text and what the reading named by its example finds in it, in order (fields to match;
    none: nothing found), with the reading's context where it needs one (a document's date, the
    level of government a document speaks for)."""
    text: str
    expect: tuple[dict, ...]
    context: dict


@dataclass(frozen=True)
class Example:
    """One ``[[example]]`` block of a data file: a phenomenon (``name``), the reading that runs it
    (``of``), texts with what must be found (``cases``) and texts where nothing may be (``not_``)."""
    name: str
    of: str
    cases: tuple[Case, ...]
    not_: tuple[str, ...]


_EXAMPLE_KEYS, _CASE_KEYS = {"name", "of", "cases", "not"}, {"text", "expect", "context"}


def examples(name: str) -> list[Example]:
    """The ``[[example]]`` blocks of data file ``name``, checked against their one shape:
    an unknown or missing key, or a value of the wrong type, is an error naming the file."""
    out = []
    for i, raw in enumerate(load(name).get("example", []), 1):
        where = f"{name}.toml, example {i}"
        if set(raw) - _EXAMPLE_KEYS or not {"name", "of"} <= set(raw) or not ({"cases", "not"} & set(raw)):
            raise ValueError(f"{where}: keys {sorted(raw)}; allowed {sorted(_EXAMPLE_KEYS)}, name and of required, "
                             "and cases or not")
        cases = []
        for case in raw.get("cases", []):
            if not {"text", "expect"} <= set(case) <= _CASE_KEYS or not isinstance(case["text"], str) \
                    or not isinstance(case["expect"], list) or not all(isinstance(e, dict) for e in case["expect"]) \
                    or not isinstance(case.get("context", {}), dict):
                raise ValueError(f"{where}: a case needs text (a string) and expect (a list of tables), and may "
                                 f"have context (a table); got {case!r}")
            cases.append(Case(case["text"], tuple(case["expect"]), case.get("context", {})))
        negatives = raw.get("not", [])
        if not all(isinstance(t, str) for t in negatives):
            raise ValueError(f"{where}: not must be a list of strings")
        out.append(Example(raw["name"], raw["of"], tuple(cases), tuple(negatives)))
    return out
