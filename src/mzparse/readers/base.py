"""The reader contract: bytes of one published form → the text mzparse reads.

A reader is found by content (``sniff`` looks at the first bytes, the suffix is
only a hint) and turns the whole file into a :class:`SourceText`. Everything
downstream indexes ``SourceText.text``: for a web page, a Word file or a PDF it
is the text the reader extracted, which ``mzparse text FILE`` prints, so a span
always leads back to the words it names.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import field
from functools import lru_cache
from typing import Callable

from ..cache import dataclass
from ..errors import MzparseError


@dataclass(frozen=True)
class SourceText:
    """The text of one file as a reader hands it on: what spans index, its encoding and form,
    and what the publisher states outside the printed text."""
    text: str
    encoding: str            # the bytes' encoding; "binary" for a container format (docx, pdf)
    format: str = "text"     # which reader: text, html, docx, pdf
    # Fields the publisher states outside the printed document (a web page's disclosure
    # table, <meta name="ArticleTitle">): meta.py uses them where the printed header lacks one.
    # Keys: title, doc_number, date (YYYY-MM-DD, the signing date), pub_date, issuer.
    meta: dict = field(default_factory=dict)
    # Text a reader left out of ``text`` as furniture (Word headers and footers, PDF running heads).
    furniture: tuple[str, ...] = ()
    # Where decoding replaced undecodable bytes by U+FFFD: (character index, byte offset) pairs,
    # so that T002 can say which bytes of the file were lost.
    replaced: tuple[tuple[int, int], ...] = ()


class Reader:
    """The reader contract: ``name``, ``suffixes``, ``sniff`` and ``read``; one instance serves every file."""
    name = "text"
    suffixes: tuple[str, ...] = ()
    searched = True   # a directory search takes files with these suffixes (not so for refusals)

    def sniff(self, head: bytes, suffix: str) -> bool:  # pragma: no cover - interface
        """Whether this reader takes a file, from its first bytes (``suffix`` only breaks ties)."""
        raise NotImplementedError

    def read(self, data: bytes) -> SourceText:  # pragma: no cover - interface
        """The whole file's bytes → its :class:`SourceText`; MzparseError when it cannot be read."""
        raise NotImplementedError


def require(module: str, extra: str, package: str | None = None):
    """Import an optional dependency, or say in one line which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MzparseError(f"reading this file needs the optional dependency {package or module.split('.')[0]!r}: "
                           f"pip install 'mzparse[{extra}]' (or mzparse[formats])") from None


def brief(exc: BaseException) -> str:
    """An exception as a short phrase for a one-line reason (a parser's message can hold raw bytes)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:60]}…" if len(text) > 60 else f"{type(exc).__name__}: {text}"


def lazy_pattern(pattern: "str | bytes", flags: int = 0) -> "Callable[[], re.Pattern]":
    """The compiled ``pattern``, by a call made on first use: a reader's patterns are compiled
    when it reads its first file, not by every run that imports the readers (~7 ms of a
    cold start that reads a text file)."""
    return lru_cache(maxsize=1)(lambda: re.compile(pattern, flags))
