"""Load the pattern data kept under ``patterns/`` (TOML, one file per vocabulary),
and compile the grammars built from it."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

from .numerals import CN_CHARS

_HERE = Path(__file__).resolve().parent


def patterns_dir() -> Path:
    # Installed: the package ships a copy (src/mzparse/patterns links to the repo's patterns/).
    for cand in (_HERE / "patterns", _HERE.parents[1] / "patterns"):
        if (cand / "markers.toml").is_file():
            return cand
    raise FileNotFoundError("mzparse pattern files are missing (patterns/*.toml)")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    with open(patterns_dir() / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


CN_CLASS = "[" + CN_CHARS.replace("万", "").replace("萬", "").replace("亿", "").replace("億", "") + "]"


def expand(pattern: str) -> str:
    """Fill the ``{cn}`` placeholder (one Chinese numeral character) in a pattern."""
    return pattern.replace("{cn}", CN_CLASS)


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so the longest wins."""
    import regex

    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def cache_dir() -> Path | None:
    """Where compiled patterns are kept: $MZPARSE_CACHE_DIR (empty: nowhere), else the user cache."""
    env = os.environ.get("MZPARSE_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mzparse"


def compile(pattern: str, flags: int = 0) -> "regex.Pattern[str]":
    """``regex.compile``, with the compiled pattern kept on disk between runs.

    regex parses a pattern in Python, and the vocabularies make large grammars:
    compiling mzparse's took ~90 ms of every cold run, a quarter of it. A compiled
    pattern pickles to its compiled code (regex's own pickle support), which loads
    in C in well under a millisecond. The key holds the pattern, the flags and the
    regex and Python versions; any trouble reading or writing the cache falls back
    to compiling, so a read-only home or a corrupt file costs time, never a result.
    """
    import regex

    where = cache_dir()
    if where is None:
        return regex.compile(pattern, flags)
    key = hashlib.sha256(f"{regex.__version__}\0{sys.version}\0{flags}\0{pattern}".encode()).hexdigest()
    path = where / f"rx-{key[:40]}.pickle"
    try:
        with open(path, "rb") as fh:
            rx = pickle.load(fh)
        if isinstance(rx, regex.Pattern) and rx.pattern == pattern:
            return rx
    except Exception:  # missing, unreadable, truncated or from elsewhere: compile instead
        pass
    rx = regex.compile(pattern, flags)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(rx, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or absent: concurrent runs never read half a file
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
    return rx
