"""Plain text: text.py's decoding (BOMs, UTF-16, UTF-8, GB18030, Big5) as a reader of the registry."""
from __future__ import annotations

from .base import Reader, SourceText


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of bytes read as a text file, or MzparseError with the reason."""
    from .text import decode

    dec = decode(data)
    return dec.text, dec.encoding


class TextReader(Reader):
    name = "text"
    suffixes = (".txt",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        return True

    def read(self, data: bytes) -> SourceText:
        text, encoding = decode_text(data)
        return SourceText(text, encoding, "text")
