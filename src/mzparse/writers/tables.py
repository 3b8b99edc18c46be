"""Documents as three typed tables (documents, clauses, entities): the schema Parquet and CSV share.

The row schema here is the one CSV uses too: every column means one thing whatever the row's
type (a time's ``date`` is a date, a money amount's ``yuan`` a number, and a column that does
not apply to a row is empty). The entity columns are read off the records (records.py, which
tests/test_records.py holds equal to the pydantic models, as it holds these columns equal to the
ones the models give), so a field added to an entity type becomes a column without a change
here, and importing this module imports no pydantic.

The schema and the rows need nothing beyond the standard library; parquet.py writes them with
pyarrow (the ``parquet`` extra).
"""
from __future__ import annotations

import datetime as _dt
import json
import typing
from dataclasses import fields

from ..records import ENTITY_TYPES

if typing.TYPE_CHECKING:
    from ..models import Document

# Column kinds, mapped to Arrow types when writing Parquet and to text when writing CSV.
STR, INT, FLOAT, BOOL, DATE, STRS = "str", "int", "float", "bool", "date", "list<str>"

DOCUMENT_COLUMNS: list[tuple[str, str]] = [
    ("path", STR), ("sha256", STR), ("format", STR), ("encoding", STR), ("script", STR), ("chars", INT),
    ("title", STR), ("doc_number", STR), ("date", DATE), ("issuers", STRS), ("recipients", STRS),
    ("n_cited", INT), ("n_clauses", INT), ("n_entities", INT), ("n_agency", INT), ("n_time", INT),
    ("n_percentage", INT), ("n_money", INT), ("n_warnings", INT),
]
CLAUSE_COLUMNS: list[tuple[str, str]] = [
    ("file", STR), ("path", STR), ("level", INT), ("marker", STR), ("heading", STR), ("text", STR),
    ("span_start", INT), ("span_end", INT), ("inferred", BOOL),
]
# Shared by every entity row; the type fields follow.
_ENTITY_HEAD: list[tuple[str, str]] = [
    ("file", STR), ("path", STR), ("heading", STR), ("type", STR), ("text", STR),
    ("span_start", INT), ("span_end", INT),
]
# The entity fields that hold an ISO date (models.IsoDate: the records' annotation says only str).
_DATE_FIELDS = frozenset({"date", "start"})
_KINDS = {"str": STR, "int": INT, "float": FLOAT, "bool": BOOL}


def _kind(name: str, annotation: str) -> str:
    """The column kind of a record field: its annotation (a string, ``str | None``) with None dropped."""
    if name in _DATE_FIELDS:
        return DATE
    parts = [p.strip() for p in annotation.split("|") if p.strip() != "None"]
    return _KINDS.get(parts[0], "json") if len(parts) == 1 else STR


def _entity_columns() -> list[tuple[str, str]]:
    cols = dict(_ENTITY_HEAD)
    for record in ENTITY_TYPES:
        for f in fields(record):
            if f.name in ("path", "text", "span", "type"):
                continue
            kind = _kind(f.name, f.type)
            if cols.setdefault(f.name, kind) != kind:
                # One column, one meaning: two entity types may share a field only with one type.
                raise TypeError(f"entity field {f.name!r} is {cols[f.name]} in one type and {kind} in another")
    return list(cols.items())


ENTITY_COLUMNS = _entity_columns()
TABLES = {"documents": DOCUMENT_COLUMNS, "clauses": CLAUSE_COLUMNS, "entities": ENTITY_COLUMNS}
_ENTITY_FIELDS = [n for n, _ in ENTITY_COLUMNS[len(_ENTITY_HEAD):]]
_DATES = {n for n, k in ENTITY_COLUMNS if k == DATE}


def _date(s: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(s) if s else None


def entity_rows(doc: Document) -> list[dict]:
    """The entities table's rows of one document, with their clause's heading."""
    heads = {c.path: c.heading for c in doc.clauses}
    rows = []
    for e in doc.entities:
        row = {"file": doc.source.path, "path": e.path, "heading": heads.get(e.path), "type": e.type,
               "text": e.text, "span_start": e.span[0], "span_end": e.span[1]}
        for name in _ENTITY_FIELDS:
            v = getattr(e, name, None)
            row[name] = _date(v) if name in _DATES else v
        rows.append(row)
    return rows


def clause_rows(doc: Document) -> list[dict]:
    """The clauses table's rows of one document."""
    return [{"file": doc.source.path, "path": c.path, "level": c.level, "marker": c.marker, "heading": c.heading,
             "text": c.text, "span_start": c.span[0], "span_end": c.span[1], "inferred": c.inferred}
            for c in doc.clauses]


def document_row(doc: Document) -> dict:
    """The documents table's row: source, metadata and counts."""
    s, m = doc.source, doc.meta
    count = {t: 0 for t in ("agency", "time", "percentage", "money")}
    for e in doc.entities:
        count[e.type] = count.get(e.type, 0) + 1
    return {"path": s.path, "sha256": s.sha256, "format": getattr(s, "format", None) or "text",
            "encoding": s.encoding, "script": s.script, "chars": s.chars, "title": m.title,
            "doc_number": m.doc_number, "date": _date(m.date), "issuers": list(m.issuers),
            "recipients": list(m.recipients), "n_cited": len(m.cited), "n_clauses": len(doc.clauses),
            "n_entities": len(doc.entities), **{f"n_{t}": count[t] for t in ("agency", "time", "percentage", "money")},
            "n_warnings": len(doc.warnings)}


def rows(doc: Document) -> dict[str, list[dict]]:
    """One document's rows of the three tables (module level: a process pool or Dask pickles it)."""
    return {"documents": [document_row(doc)], "clauses": clause_rows(doc), "entities": entity_rows(doc)}


# CSV: the entity table as text.

def csv_header() -> list[str]:
    """CSV's header: the entity table's column names."""
    return [n for n, _ in ENTITY_COLUMNS]


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)  # str, int, date (ISO)


def csv_rows(doc: Document) -> list[list[str]]:
    """One CSV row per entity, every typed column as text (empty where it does not apply)."""
    return [[_text(r[n]) for n, _ in ENTITY_COLUMNS] for r in entity_rows(doc)]
