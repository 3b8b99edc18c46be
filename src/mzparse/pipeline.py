"""The pipeline, one way: bytes → text → layout and clauses → entities → warnings → Document."""
from __future__ import annotations

import hashlib
import os
from bisect import bisect_right
from typing import TYPE_CHECKING

from .lint import checks
from .structure import clauses
from .structure import layout
from .errors import MzparseError
from .records import Clause, Extraction, Finding, Source
from . import readers
from .readers import SourceText
from .readers.text import display_name, read_bytes
from .lang.script import normalise

if TYPE_CHECKING:   # pydantic is imported where a Document is made (records.Extraction.to_document)
    from .models import Document


def extract(source: "os.PathLike[str] | bytes | str", *, name: str | None = None,
            with_text: bool = False) -> Document:
    """Turn one document into a validated :class:`Document`.

    ``source`` is a path (any ``os.PathLike``, e.g. ``pathlib.Path``), the document's
    bytes, or its text. A ``str`` is always the text, never a file name: a service
    handing on what a user typed must not read local files. ``name`` labels the
    document in ``source.path``. ``with_text`` keeps the text the spans index (for a web
    page, .docx or PDF: the text extracted) in ``source.text``.
    """
    return _records(source, name, with_text).to_document()


def extract_records(source: "os.PathLike[str] | bytes | str", *, name: str | None = None,
                    with_text: bool = False) -> Extraction:
    """As :func:`extract`, but the document's records, validated against the same models without
    a model object per clause or entity: what the CLI writes from (``codec.json_parts``)."""
    from .codec import validate

    return validate(_records(source, name, with_text))


def _records(source, name: str | None, with_text: bool) -> Extraction:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _bytes_records(bytes(source), name, with_text)
    if isinstance(source, str):
        return _text_records(source, name, with_text)
    if isinstance(source, os.PathLike):
        return _file_records(source, name, with_text)
    raise TypeError(f"extract() takes a pathlib.Path, bytes or str (text), not {type(source).__name__}")


def extract_file(path: "str | os.PathLike[str]", *, name: str | None = None, with_text: bool = False) -> Document:
    """The document in the file at ``path`` (a str here is a path, by the caller's choice)."""
    return _file_records(path, name, with_text).to_document()


def _file_records(path, name: str | None, with_text: bool) -> Extraction:
    label = name or display_name(path)
    try:
        data = read_bytes(path)
        # Which reader: by content; the suffix (of ``name`` where given) breaks ties.
        dec = readers.read(data, name or os.fsdecode(path))
    except MzparseError as exc:
        exc.path = label
        raise
    digest = hashlib.sha256(data).hexdigest()
    del data   # a large file's bytes are not kept through the stages
    box = [dec]   # handed on in a box, so that the stages can let the text go (build_records)
    del dec
    return _build(box, digest, label, with_text)


def extract_bytes(data: bytes, *, name: str | None = None, with_text: bool = False) -> Document:
    """The document in ``data``, read as a file would be (web page, .docx, PDF, text in any encoding)."""
    return _bytes_records(data, name, with_text).to_document()


def _bytes_records(data: bytes, name: str | None, with_text: bool) -> Extraction:
    label = name or "<bytes>"
    try:
        dec = readers.read(data, name or "")
    except MzparseError as exc:
        exc.path = name
        raise
    box = [dec]
    del dec
    return _build(box, hashlib.sha256(data).hexdigest(), label, with_text)


def extract_text(text: str, *, name: str | None = None, with_text: bool = False) -> Document:
    """The document whose text is ``text`` (spans index ``text`` without a leading BOM)."""
    return _text_records(text, name, with_text).to_document()


def _text_records(text: str, name: str | None, with_text: bool) -> Extraction:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()   # the bytes not kept
    return _build([SourceText(text.removeprefix("\ufeff"), "utf-8")], digest, name or "<text>", with_text)


def _build(box: list[SourceText], sha256: str, path: str, with_text: bool = False) -> Extraction:
    try:
        return build_records(box, sha256, path, with_text)
    except MzparseError as exc:
        exc.path = exc.path or path
        raise


def _warnings(findings, original: str, replaced=()) -> list[Finding]:
    """The checks' findings located by line and column in the original text, as output records."""
    if not findings:
        return []   # most laws: no line starts to find
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
    return build_records(dec, hashlib.sha256(data).hexdigest(), path, with_text).to_document()


def build_records(dec: "SourceText | list[SourceText]", sha256: str, path: str, with_text: bool = False) -> Extraction:
    """As :func:`build` (given the SHA-256 of the file's bytes), but the document's records, not yet
    validated: the output validates them (``codec.json_parts``) without a model object per record,
    or makes the Document. ``dec`` may come in a one-item list, which this empties: a caller that
    holds the SourceText no longer (the file, bytes and text paths) lets the decoded text go before
    the clauses' records are made, unless the output carries it."""
    from . import entities
    from .structure import meta as metadata

    if isinstance(dec, list):
        dec = dec.pop()
    texts = normalise(dec.text)
    work = texts.work
    lay = layout.analyse(work)
    raw = clauses.build(work, lay.body_start, lay.body_end)
    meta = metadata.read(texts, lay, dec.meta)
    entity_rows = entities.extract_all(texts, lay, raw, meta)
    warnings = _warnings(checks.run(checks.Context(texts, lay, raw, meta, entity_rows)), texts.original, dec.replaced)
    # The clauses' texts are made last, once the layout (a record per line), the working text and
    # the original (unless the output carries it) are gone, and each raw clause goes as its record
    # is made: a large document's peak memory is where the stages' intermediates and the records meet.
    source = Source(path, sha256, dec.encoding, texts.script, len(dec.text), dec.format,
                    dec.text if with_text else None)
    simp = texts.simplified
    del lay, texts, work, dec
    clause_rows = []
    for i, rc in enumerate(raw):
        raw[i] = None
        clause_rows.append(Clause(rc.path, simp[rc.marker.start:rc.marker.end].strip(), rc.level,
                                  simp[slice(*rc.heading)] if rc.heading else None, simp[rc.start:rc.end],
                                  (rc.start, rc.end), rc.inferred))
    del raw, simp
    return Extraction(source, meta, clause_rows, entity_rows, warnings)
