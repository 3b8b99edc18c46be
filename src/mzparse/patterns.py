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


def near(anchor: "regex.Pattern[str]", text: str, start: int, end: int,
         before: int, after: int) -> list[tuple[int, int]]:
    """Merged stretches of text[start:end] from ``before`` characters ahead of each anchor match to
    ``after`` past it: where a grammar that always contains an anchor can match at all."""
    wins: list[list[int]] = []
    for m in anchor.finditer(text, start, end):
        lo, hi = max(start, m.start() - before), min(end, m.end() + after)
        if wins and lo <= wins[-1][1]:
            wins[-1][1] = hi
        else:
            wins.append([lo, hi])
    return [(a, b) for a, b in wins]
