"""The pipeline, one way: bytes → text → layout and clauses → entities → warnings → Document."""
from __future__ import annotations

import hashlib
import os
from bisect import bisect_right

from .lint import checks
from .structure import clauses
from .structure import layout
from .errors import MzparseError
from .models import Document
from .records import Clause, Extraction, Finding, Source
from . import readers
from .readers import SourceText
from .readers.text import display_name, read_bytes
from .lang.script import normalise


def extract(source: "os.PathLike[str] | bytes | str", *, name: str | None = None,
            with_text: bool = False) -> Document:
    """Turn one document into a validated :class:`Document`.

    ``source`` is a path (any ``os.PathLike``, e.g. ``pathlib.Path``), the document's
    bytes, or its text. A ``str`` is always the text, never a file name: a service
    handing on what a user typed must not read local files. ``name`` labels the
    document in ``source.path``. ``with_text`` keeps the text the spans index (for a web
    page, .docx or PDF: the text extracted) in ``source.text``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return extract_bytes(bytes(source), name=name, with_text=with_text)
    if isinstance(source, str):
        return extract_text(source, name=name, with_text=with_text)
    if isinstance(source, os.PathLike):
        return extract_file(source, name=name, with_text=with_text)
    raise TypeError(f"extract() takes a pathlib.Path, bytes or str (text), not {type(source).__name__}")


def extract_file(path: "str | os.PathLike[str]", *, name: str | None = None, with_text: bool = False) -> Document:
    """The document in the file at ``path`` (a str here is a path, by the caller's choice)."""
    label = name or display_name(path)
    try:
        data = read_bytes(path)
        # Which reader: by content; the suffix (of ``name`` where given) breaks ties.
        dec = readers.read(data, name or os.fsdecode(path))
    except MzparseError as exc:
        exc.path = label
        raise
    return _build(dec, data, label, with_text)


def extract_bytes(data: bytes, *, name: str | None = None, with_text: bool = False) -> Document:
    """The document in ``data``, read as a file would be (web page, .docx, PDF, text in any encoding)."""
    label = name or "<bytes>"
    try:
        dec = readers.read(data, name or "")
    except MzparseError as exc:
        exc.path = name
        raise
    return _build(dec, data, label, with_text)


def extract_text(text: str, *, name: str | None = None, with_text: bool = False) -> Document:
    """The document whose text is ``text`` (spans index ``text`` without a leading BOM)."""
    data = text.encode("utf-8", "surrogatepass")
    return _build(SourceText(text.removeprefix("\ufeff"), "utf-8"), data, name or "<text>", with_text)


def _build(dec: SourceText, data: bytes, path: str, with_text: bool = False) -> Document:
    try:
        return build(dec, data, path, with_text)
    except MzparseError as exc:
        exc.path = exc.path or path
        raise


def _warnings(findings, original: str, replaced=()) -> list[Finding]:
    """The checks' findings located by line and column in the original text, as output records."""
    starts = checks.line_starts(original)
    rules = checks.rules()
    out = []
    for f in findings:
        line, col = checks.line_col(starts, f.start)
        end_line, end_col = checks.line_col(starts, f.end)
        message = f.message
        if f.code == "T002" and replaced:
            message += _byte_offsets(replaced, f.start, f.end)
        out.append(Finding(f.code, rules[f.code].severity, message, line, col, end_line, end_col, (f.start, f.end),
                           original[f.start:f.end]))
    return out


def _byte_offsets(replaced, start: int, end: int) -> str:
    """Where in the file the bytes behind the U+FFFD in text[start:end] are (they came from decoding)."""
    i = bisect_right(replaced, (start, -1))
    offsets = []
    while i < len(replaced) and replaced[i][0] < end:
        offsets.append(replaced[i][1])
        i += 1
    if not offsets:
        return ""
    return f" (undecodable bytes at byte offset {', '.join(map(str, offsets))})"


def build(dec: SourceText, data: bytes, path: str, with_text: bool = False) -> Document:
    """The stages after reading: the reader's :class:`SourceText` (and the file's bytes, for its
    hash) → normalised text, layout, clauses, meta, entities and findings → a validated Document."""
    return build_records(dec, data, path, with_text).to_document()


def build_records(dec: SourceText, data: bytes, path: str, with_text: bool = False) -> Extraction:
    """As :func:`build`, but the document's records, not yet validated: the output validates them
    (``models.json_parts``) without a model object per record, or makes the Document."""
    from . import entities
    from .structure import meta as metadata

    texts = normalise(dec.text)
    work = texts.work
    lay = layout.analyse(work)
    raw = clauses.build(work, lay.body_start, lay.body_end)
    meta = metadata.read(texts, lay, dec.meta)
    simp = texts.simplified
    clause_rows = [
        Clause(rc.path, simp[rc.marker.start:rc.marker.end].strip(), rc.level,
               simp[slice(*rc.heading)] if rc.heading else None, simp[rc.start:rc.end], (rc.start, rc.end),
               rc.inferred)
        for rc in raw
    ]
    entity_rows = entities.extract_all(texts, lay, raw, meta)
    warnings = _warnings(checks.run(checks.Context(texts, lay, raw, meta, entity_rows)), texts.original, dec.replaced)
    source = Source(path, hashlib.sha256(data).hexdigest(), dec.encoding, texts.script, len(dec.text), dec.format,
                    dec.text if with_text else None)
    return Extraction(source, meta, clause_rows, entity_rows, warnings)
