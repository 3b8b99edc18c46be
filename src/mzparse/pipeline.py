"""The pipeline, one way: bytes → text → layout and clauses → entities → warnings → Document."""
from __future__ import annotations

import hashlib
import os
from bisect import bisect_right

from .lint import checks as K
from .structure import clauses as C
from .structure import layout as L
from .errors import MzparseError
from .models import Document
from . import readers
from .readers import SourceText
from .readers.text import read_bytes
from .lang.script import normalise


def extract(source: "str | os.PathLike[str] | bytes", *, name: str | None = None,
            with_text: bool = False) -> Document:
    """Turn one document into a validated :class:`Document`.

    ``source`` is a path, the document's bytes, or its text. A ``str`` is taken
    as a path when a file of that name exists or it has no line break and is
    short; pass ``name`` to label bytes or text in ``source.path``. ``with_text`` keeps the
    text the spans index (for a web page, .docx or PDF: the text extracted) in ``source.text``.
    """
    if isinstance(source, bytes):
        data = source
        dec = readers.read(data, name or "")
        path = name or "<bytes>"
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = os.fspath(source)
        try:
            data = read_bytes(path)
            # Which reader: by content; the suffix (of --name for standard input) breaks ties.
            dec = readers.read(data, name or path)
        except MzparseError as exc:
            exc.path = name or path
            raise
        path = name or path
    else:
        text = source
        data = text.encode("utf-8")
        dec = SourceText(text.removeprefix("\ufeff"), "utf-8")
        path = name or "<text>"
    try:
        return build(dec, data, path, with_text)
    except MzparseError as exc:
        exc.path = exc.path or path
        raise


def _looks_like_path(s: str) -> bool:
    return "\n" not in s and (len(s) < 4096) and (os.path.exists(s) or len(s) < 260 and not _has_cjk_prose(s))


def _has_cjk_prose(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s) and any(p in s for p in "。，,；")


def _warnings(findings, original: str) -> list[dict]:
    starts = K.line_starts(original)
    rules = K.rules()
    out = []
    for f in findings:
        line, col = K.line_col(starts, f.start)
        end_line, end_col = K.line_col(starts, f.end)
        out.append({"code": f.code, "severity": rules[f.code].severity, "message": f.message, "line": line,
                    "col": col, "end_line": end_line, "end_col": end_col, "span": (f.start, f.end),
                    "text": original[f.start:f.end]})
    return out


def build(dec: SourceText, data: bytes, path: str, with_text: bool = False) -> Document:
    from . import entities as E
    from .structure import meta as M

    texts = normalise(dec.text)
    work = texts.work
    lay = L.analyse(work)
    raw = C.build(work, lay.body_start, lay.body_end)
    meta = M.read(texts, lay, getattr(dec, "meta", None))
    # Every stage hands on plain records; the Document validates them once, at the output
    # boundary (one pass in pydantic's core instead of a model per clause and entity).
    clauses = [
        {"path": rc.path, "marker": texts.simplified[rc.marker.start:rc.marker.end].strip(), "level": rc.level,
         "heading": texts.simplified[slice(*rc.heading)] if rc.heading else None,
         "text": texts.simplified[rc.start:rc.end], "span": (rc.start, rc.end), "inferred": rc.inferred}
        for rc in raw
    ]
    starts = [rc.start for rc in raw]

    def path_at(pos: int) -> str:
        i = bisect_right(starts, pos) - 1
        return raw[i].path if i >= 0 else ""  # before the first marker: the preamble

    entities = E.extract_all(texts, lay, raw, meta, path_at)
    warnings = _warnings(K.run(K.Context(texts, lay, raw, meta, entities)), texts.original)
    source = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "encoding": dec.encoding,
              "script": texts.script, "chars": len(dec.text), "format": getattr(dec, "format", "text"),
              "text": dec.text if with_text else None}
    return Document.model_validate({"source": source, "meta": meta, "clauses": clauses, "entities": entities,
                                    "warnings": warnings})
