"""The ``json`` and ``jsonl`` writers: a Document as indented JSON (one document a stream) or as one
line of JSON per document. Both record source.sha256, so ``--resume`` can trust their files."""
from __future__ import annotations

from .base import TextSink, Writer


class JsonWriter(Writer):
    """``--format json``: one indented document (a stream holds one; several go to --out-dir)."""
    name, suffix, help = "json", "json", "json (pretty, one document)"
    one_document = resumable = keeps_text = True
    indent: int | None = 2

    def shape(self, doc) -> str:
        """The document's JSON text, newline-terminated."""
        return doc.to_json(indent=self.indent) + "\n"

    def sink(self, out, *, excel: bool = False, part: int = 0) -> TextSink:
        """Standard output or one file; no file at all when no document was made."""
        return TextSink(out, "", self.file_text, need_one=self.one_document)


class JsonLinesWriter(JsonWriter):
    """``--format jsonl``: one document per line, streamed."""
    name, suffix, help = "jsonl", "jsonl", "jsonl (one per line)"
    one_document = False
    indent = None
