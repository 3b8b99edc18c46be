"""Readers: the bytes of a published document → its source text, one reader per form.

A reader depends only on ``errors``, ``models`` and its own folder; the pipeline asks the
readers for the text and never looks at bytes itself. Each reader turns a file's bytes into a
:class:`SourceText` (see base.py for the contract); the first whose ``sniff`` accepts the file
reads it (by content: the suffix only breaks ties). Plain text (``text``, any Chinese
encoding), last, takes everything else and refuses binary files with a reason.
"""
from __future__ import annotations

import os

from .base import Reader, SourceText
from .docx import DocxReader
from .html import HtmlReader
from .office import RefusedReader
from .pdf import PdfReader
from .plain import TextReader

READERS: tuple[Reader, ...] = (
    DocxReader(),
    PdfReader(),
    RefusedReader(),   # .doc, .wps, OFD: named, with how to convert them
    HtmlReader(),
    TextReader(),
)

_HEAD = 65536


def read(data: bytes, name: str = "") -> SourceText:
    """The text of one file's bytes, by the first reader that recognises them."""
    suffix = os.path.splitext(name)[1].lower()
    head = data[:_HEAD]
    for reader in READERS:
        if reader.sniff(head, suffix):
            return reader.read(data)
    raise AssertionError("the text reader takes every file")  # pragma: no cover


def suffixes() -> tuple[str, ...]:
    """The suffixes (``.txt``) a directory is searched for by default: every reader's, in registry
    order, but for the forms that are only refused."""
    return tuple(dict.fromkeys(s for r in READERS if r.searched for s in r.suffixes))


__all__ = ["READERS", "Reader", "SourceText", "read", "suffixes"]
