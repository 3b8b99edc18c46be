"""Word segmentation with jieba, loaded once and only when needed."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


@lru_cache(maxsize=4096)
def cut(line: str) -> tuple[str, ...]:
    return tuple(_tokenizer().cut(line, HMM=False))
