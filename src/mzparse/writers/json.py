"""The ``json`` and ``jsonl`` writers: a Document as indented JSON (one document a stream) or as one
line of JSON per document. Both record source.sha256, so ``--resume`` can trust their files."""
from __future__ import annotations

from .base import TextSink, Writer


class JsonWriter(Writer):
    """``--format json``: one indented document (a stream holds one; several go to --out-dir)."""
    name, suffix, help = "json", "json", "json (pretty, one document)"
    one_document = resumable = keeps_text = True
    indent: int | None = 2

    # The runner hands shape() the document's validated records (records.Extraction), not a
    # Document: no pydantic object per clause and entity (codec.json_parts).
    records = True

    def shape(self, doc):
        """The document's JSON text, newline-terminated, in pieces made as the sink writes them
        (``codec.JsonPieces``; pickled to the parent, the list of its finished pieces)."""
        return doc.json_parts(self.indent, "\n")

    def file_text(self, part, excel: bool = False) -> str:
        """One document's file below --out-dir: its pieces joined."""
        return part if isinstance(part, str) else "".join(part)

    def sink(self, out, *, excel: bool = False, part: int = 0) -> TextSink:
        """Standard output or one file, written piece by piece; no file at all when no document was made."""
        return TextSink(out, "", _pieces, need_one=self.one_document)


def _pieces(part):
    return part   # the sinks write a document's pieces one by one (writers/sinks.py)


class JsonLinesWriter(JsonWriter):
    """``--format jsonl``: one document per line, streamed."""
    name, suffix, help = "jsonl", "jsonl", "jsonl (one per line)"
    one_document = False
    indent = None
