"""Documents as three typed tables (documents, clauses, entities) for pandas, DuckDB, Spark.

The row schema here is the one CSV uses too: every column means one thing whatever the row's
type (a time's ``date`` is a date, a money amount's ``yuan`` a number, and a column that does
not apply to a row is empty). The entity columns are read off the pydantic models, so a field
added to an entity type becomes a column without a change here.

pyarrow is imported only to write or read Parquet (the ``parquet`` extra); the schema and the
rows need nothing beyond the standard library.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import types
import typing
from pathlib import Path

from ..models import Agency, Document, IsoDate, Money, Percentage, Time
from .atomic import _mode_for

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
ENTITY_TYPES = (Agency, Time, Percentage, Money)
_DATE_PATTERN = typing.get_args(IsoDate)[1].metadata[0].pattern


def _kind(annotation) -> str:
    """The column kind of a model field's annotation (Optional and Literal unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(args[0]) if len(args) == 1 else STR
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        pats = [getattr(m, "pattern", None) for info in meta for m in getattr(info, "metadata", [])]
        return DATE if _DATE_PATTERN in pats else _kind(base)
    if origin is typing.Literal:
        return STR
    return {str: STR, int: INT, float: FLOAT, bool: BOOL}.get(annotation, "json")


def _entity_columns() -> list[tuple[str, str]]:
    cols = dict(_ENTITY_HEAD)
    for model in ENTITY_TYPES:
        for name, field in model.model_fields.items():
            if name in ("path", "text", "span", "type"):
                continue
            kind = _kind(field.annotation)
            if cols.setdefault(name, kind) != kind:
                # One column, one meaning: two entity types may share a field only with one type.
                raise TypeError(f"entity field {name!r} is {cols[name]} in one type and {kind} in another")
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


# Parquet.

def need_pyarrow():
    """Raise a one-line MzparseError naming the extra when pyarrow is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        from ..errors import MzparseError

        raise MzparseError("--format parquet needs pyarrow: pip install 'mzparse[parquet]'") from None


def arrow_schema(table: str):
    """The Arrow schema of one of the three tables."""
    import pyarrow as pa

    types_ = {STR: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_(), DATE: pa.date32(),
              STRS: pa.list_(pa.string()), "json": pa.string()}
    return pa.schema([(n, types_[k]) for n, k in TABLES[table]])


def part_name(part: int) -> str:
    """A partition's file name in each table's folder."""
    return f"part-{part:05d}.parquet"


class ParquetPartition:
    """One partition of the three tables, DIR/<table>/part-NNNNN.parquet, written as documents finish.

    Rows go out in row groups of ``group`` documents, so memory stays flat; each file is written
    under a temporary name and renamed at :meth:`close`, ``documents`` last: a partition whose
    documents file exists is whole (what ``--resume`` relies on).
    """

    def __init__(self, out: str | os.PathLike[str], part: int, group: int = 64):
        need_pyarrow()
        self.out, self.part, self.group = Path(out), part, group
        self.buf: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.pending = 0
        self.writers: dict = {}
        self.tmp: dict[str, Path] = {}
        for t in TABLES:
            d = self.out / t
            d.mkdir(parents=True, exist_ok=True)
            self.tmp[t] = d / f".{part_name(part)}.{os.getpid()}.tmp"

    def add(self, doc_rows: dict[str, list[dict]]) -> None:
        """Buffer one document's rows; write a row group every ``group`` documents."""
        for t, rs in doc_rows.items():
            self.buf[t].extend(rs)
        self.pending += 1
        if self.pending >= self.group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for t, rs in self.buf.items():
            if t not in self.writers:
                self.writers[t] = pq.ParquetWriter(self.tmp[t], arrow_schema(t), compression="zstd")
            if rs:
                self.writers[t].write_table(pa.Table.from_pylist(rs, schema=arrow_schema(t)))
            rs.clear()
        self.pending = 0

    def close(self) -> None:
        """Write what is buffered and rename the three files into place (documents last)."""
        self._flush()  # also opens (and so writes) the tables of an empty partition
        for w in self.writers.values():
            w.close()
        for t in ("clauses", "entities", "documents"):
            path = self.out / t / part_name(self.part)
            os.chmod(self.tmp[t], _mode_for(path))
            os.replace(self.tmp[t], path)

    def abort(self) -> None:
        """Close and remove the temporary files: nothing of this partition appears."""
        for w in self.writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 - the file goes anyway
                pass
        for p in self.tmp.values():
            try:
                p.unlink()
            except OSError:
                pass


def done(out: str | os.PathLike[str]) -> tuple[dict[str, str], list[int]]:
    """What whole partitions in OUT hold: {path: sha256} of their documents, and their numbers."""
    import pyarrow.parquet as pq

    seen: dict[str, str] = {}
    parts: list[int] = []
    for f in sorted((Path(out) / "documents").glob("part-*.parquet")):
        try:
            t = pq.read_table(f, columns=["path", "sha256"])
        except Exception:  # noqa: BLE001 - not a whole Parquet file: its documents are done again
            continue
        parts.append(int(f.stem.split("-")[1]))
        seen.update(zip(t.column("path").to_pylist(), t.column("sha256").to_pylist()))
    return seen, parts


def tidy(out: str | os.PathLike[str], keep: set[int]) -> None:
    """After a whole run: remove an earlier run's partitions (not in ``keep``) and the temporary
    files of tasks that died (a killed worker's partition was written again elsewhere)."""
    for t in ("documents", "clauses", "entities"):
        for f in (Path(out) / t).iterdir():
            m = re.fullmatch(r"(\.)?part-(\d+)\.parquet(\.\d+\.tmp)?", f.name)
            if m and (bool(m[1]) == bool(m[3])) and (m[1] or int(m[2]) not in keep):
                f.unlink(missing_ok=True)
