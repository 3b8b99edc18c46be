"""Load the pattern data kept under ``patterns/`` (TOML, one file per vocabulary)."""
from __future__ import annotations

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
