"""Word segmentation with jieba, loaded once and only when needed.

jieba runs on the project's own vocabulary (patterns/places.txt, built from
jieba's dictionary by scripts/build_places.py, plus the agency vocabulary), not
its full dictionary: the only question asked is where a place name starts, and
the full dictionary would cost ~0.8 s of every run. Unknown stretches fall
apart into single characters (HMM off), which is the safe answer here.
"""
from __future__ import annotations

from functools import lru_cache


def _import_jieba():
    """``import jieba``, without letting it import pkg_resources.

    jieba uses pkg_resources only to find its own data files and falls back to
    their path when it is missing; setuptools' pkg_resources takes ~80 ms to
    import, half of jieba's import time and a sixth of a cold run.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    jieba = _import_jieba()

    from . import patterns

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer(dictionary=str(patterns.patterns_dir() / "places.txt"))
    tk.initialize()
    # The agency vocabulary: whole bodies and place names must come out as single words,
    # so that a place name's first character is a word boundary (支持/潍坊市, 人民银行/南京/分行).
    vocab = patterns.load("agencies")
    for word in vocab["known"] + vocab["places"]:
        tk.add_word(word, freq=100000)
    return tk


@lru_cache(maxsize=4096)
def cut(line: str) -> tuple[str, ...]:
    return tuple(_tokenizer().cut(line, HMM=False))
