"""Grammar loading: the pattern data (TOML, one file per vocabulary, kept beside the module
that uses it: ``structure/markers.toml``, ``entities/time.toml``…), and the compiled grammars built
from it, cached on disk between runs."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tomllib
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
    return any(text.find(n, start, end) >= 0 for n in needles)


def cache_dir() -> Path | None:
    """Where compiled patterns are kept: $MZPARSE_CACHE_DIR (empty: nowhere), else the user cache."""
    env = os.environ.get("MZPARSE_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mzparse"


def cached(kind: str, key: str, build: Callable[[], T], valid: Callable[[object], bool] = lambda _: True) -> T:
    """``build()``, kept on disk under ``key`` between runs (see cache_dir).

    For what every cold run would otherwise derive again from the pattern files and
    OpenCC's dictionaries: compiled grammars, parsed TOML, character tables. ``key``
    must change whenever the result would (it holds the source's content or stamp and
    the versions involved). Any trouble reading or writing falls back to ``build()``,
    so a read-only home or a corrupt file costs time, never a result.
    """
    where = cache_dir()
    if where is None:
        return build()
    path = where / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:40]}.pickle"
    try:
        with open(path, "rb") as fh:
            obj = pickle.load(fh)
        if valid(obj):
            return obj
    except Exception:  # missing, unreadable, truncated or from elsewhere: build instead
        pass
    obj = build()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or absent: concurrent runs never read half a file
    except OSError:
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
    in C in well under a millisecond.
    """
    import regex

    return cached("rx", f"{regex.__version__}\0{sys.version}\0{flags}\0{pattern}",
                  lambda: regex.compile(pattern, flags),
                  lambda rx: isinstance(rx, regex.Pattern) and rx.pattern == pattern)


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
