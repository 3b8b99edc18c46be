"""Grammar loading: the pattern data (TOML, one file per vocabulary, kept beside the module
that uses it: ``structure/markers.toml``, ``entities/time.toml``…), and the compiled grammars built
from it, cached on disk between runs."""
from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
import sys
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from .numerals import CN_CHARS

PACKAGE = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def data_path(name: str) -> Path:
    """A data file of the package, named from the package root (``lang/places.txt``)."""
    return PACKAGE / name


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed TOML data file ``name`` (``structure/markers`` → structure/markers.toml)."""
    with open(data_path(f"{name}.toml"), "rb") as fh:
        data = fh.read()
    # tomllib is pure Python: parsing the pattern files took ~10 ms of every cold run.
    key = f"{sys.version}\0{hashlib.sha256(data).hexdigest()}"
    return cached("toml", key, lambda: tomllib.loads(data.decode("utf-8")), lambda d: isinstance(d, dict))


CN_CLASS = "[" + CN_CHARS.replace("万", "").replace("萬", "").replace("亿", "").replace("億", "") + "]"


def expand(pattern: str) -> str:
    """Fill the ``{cn}`` placeholder (one Chinese numeral character) in a pattern."""
    return pattern.replace("{cn}", CN_CLASS)


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so the longest wins."""
    import regex

    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def holds(text: str, start: int, end: int, needles) -> bool:
    """Whether text[start:end] contains any of ``needles``: a C-speed test that lets a
    stretch skip a grammar every match of which contains one of them."""
    return _needles_rx(tuple(needles)).search(text, start, end) is not None


@lru_cache(maxsize=64)
def _needles_rx(needles: tuple[str, ...]) -> "re.Pattern[str]":
    # One search instead of a str.find per needle in a generator: holds() runs on every body
    # line, where the generator's own cost (~1 µs) outweighed the searching.
    import re

    return compile_re("|".join(re.escape(n) for n in needles))


def cache_dir() -> Path | None:
    """Where compiled patterns are kept: $MZPARSE_CACHE_DIR (empty: nowhere), else the user cache."""
    env = os.environ.get("MZPARSE_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mzparse"


_refused: set[str] = set()  # cache folders already found unsafe (and said so) in this process


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else: nobody else can plant a file there."""
    if not hasattr(os, "geteuid"):  # Windows: per-user profile folders; no POSIX modes to check
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def usable_cache_dir() -> Path | None:
    """The cache folder, made private if new; None when it is off, cannot be made, or is
    not private (owned by someone else or writable by others), which is said once on stderr."""
    where = cache_dir()
    if where is None:
        return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(where)
    except OSError:
        return None  # read-only home and the like: compile in memory, as before
    if _private(st):
        return where
    if str(where) not in _refused:
        _refused.add(str(where))
        sys.stderr.write(f"mzparse: {where}: cache folder not private (owned by another user or writable by "
                         "others); not using it, patterns are compiled in memory. Set MZPARSE_CACHE_DIR to a "
                         "folder only you can write, or to nothing to turn the cache off.\n")
    return None


class _RegexOnly(pickle.Unpickler):
    """Unpickles compiled regex patterns and nothing else: a planted pickle cannot name
    any other callable, so loading it cannot run code of its choosing."""

    ALLOWED = {("regex._regex", "compile")}

    def find_class(self, module: str, name: str):
        """The class a pickle names: regex's compile only, anything else refused."""
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in mzparse's cache")


# Data (parsed TOML, tables, jieba's dictionary) goes through marshal, which builds plain
# values and never calls anything; compiled patterns need pickle, restricted as above.
_FORMATS = {
    "marshal": (marshal.dumps, marshal.loads),
    "pickle": (lambda obj: pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL),
               lambda data: _RegexOnly(io.BytesIO(data)).load()),
}


def cached(kind: str, key: str, build: Callable[[], T], valid: Callable[[object], bool] = lambda _: True,
           fmt: str = "marshal") -> T:
    """``build()``, kept on disk under ``key`` between runs (see cache_dir).

    For what every cold run would otherwise derive again from the pattern files and
    OpenCC's dictionaries: compiled grammars, parsed TOML, character tables. ``key``
    must change whenever the result would (it holds the source's content or stamp and
    the versions involved). Any trouble reading or writing falls back to ``build()``,
    so a read-only home or a corrupt file costs time, never a result. Files are read
    only from a private folder (usable_cache_dir) and only when they are this user's.
    """
    where = usable_cache_dir()
    if where is None:
        return build()
    dump, load = _FORMATS[fmt]
    path = where / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:40]}.{fmt}"
    try:
        with open(path, "rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                raise PermissionError("cache file not private")
            obj = load(fh.read())
        if valid(obj):
            return obj
    except Exception:  # missing, unreadable, truncated, foreign or from elsewhere: build instead
        pass
    obj = build()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        data = dump(obj)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # whole or absent: concurrent runs never read half a file
    except (OSError, ValueError, pickle.PicklingError):  # ValueError: a value marshal cannot hold
        try:
            tmp.unlink()
        except OSError:
            pass
    return obj


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
def _beyond_bmp() -> "re.Pattern[str]":
    import re

    return re.compile("[\\U00010000-\\U0010ffff]")


@lru_cache(maxsize=8)
def class_rx(chars: frozenset[str]) -> "tuple[re.Pattern[str], re.Pattern[str] | None]":
    """Classes of ``chars`` for Python's re: (those in the BMP, those beyond it or None).

    re tests a class of BMP characters by a bitmap, in the C loop that scans for a
    pattern's first character: a search for one of a few thousand characters (OpenCC's
    traditional ones) reads ~100 MB/s. A class that holds a single character beyond the
    BMP it tests by comparing each range in turn, ten times slower: those go apart.
    """
    def cls(cs) -> str:
        return "[" + "".join(f"\\U{ord(c):08x}" for c in sorted(cs)) + "]"

    bmp = frozenset(c for c in chars if ord(c) <= 0xFFFF)
    return compile_re(cls(bmp) if bmp else "(?!)"), (compile_re(cls(chars - bmp)) if chars - bmp else None)


def positions(chars: frozenset[str], text: str) -> list[int]:
    """Where in ``text`` the characters of ``chars`` stand, in order (by re's scans, as holds_any)."""
    bmp, beyond = class_rx(chars)
    found = [m.start() for m in bmp.finditer(text)]
    if beyond is not None and _beyond_bmp().search(text) is not None:  # the slow class only where it can match
        found = sorted(found + [m.start() for m in beyond.finditer(text)])
    return found


def holds_any(chars: frozenset[str], text: str) -> bool:
    """Whether ``text`` holds one of ``chars`` (``not chars.isdisjoint(text)``, in a C scan)."""
    bmp, beyond = class_rx(chars)
    if bmp.search(text):
        return True
    return beyond is not None and _beyond_bmp().search(text) is not None and beyond.search(text) is not None


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
