"""Plain text: text.py's decoding (BOMs, UTF-16, UTF-8, GB18030, Big5) as a reader of the registry."""
from __future__ import annotations

from .base import Reader, SourceText


class TextReader(Reader):
    """Plain text in any Chinese encoding: the registry's last reader, which takes every file."""
    name = "text"
    suffixes = (".txt",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        """Always: plain text is the fall-back."""
        return True

    def read(self, data: bytes) -> SourceText:
        """The bytes decoded (see text.decode), with the places of undecodable bytes."""
        from .text import decode

        dec = decode(data)
        return SourceText(dec.text, dec.encoding, "text", replaced=dec.replaced)
