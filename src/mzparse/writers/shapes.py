"""What a batch keeps of each Document (module-level functions, so a process pool can pickle them)."""
from __future__ import annotations

from . import render


def pretty_json(doc):
    """A document's records as indented JSON, newline-terminated, in pieces (a sink writes them one by one)."""
    return doc.json_parts(2, "\n")


def compact_json(doc):
    """A document's records as one line of JSON (for jsonl), in pieces."""
    return doc.json_parts(None, "\n")


def pretty_json_text(doc):
    """As pretty_json; the batch extracts its documents with source.text (``with_text``)."""
    return doc.json_parts(2, "\n")


def compact_json_text(doc):
    """As compact_json; the batch extracts its documents with source.text (``with_text``)."""
    return doc.json_parts(None, "\n")


# The batch runner extracts with source.text for these (extract --with-text).
pretty_json_text.with_text = compact_json_text.with_text = True


def csv_rows(doc) -> list[list[str]]:
    """A Document's CSV rows, one per entity, in the typed columns of parquet.ENTITY_COLUMNS."""
    from . import parquet

    return parquet.csv_rows(doc)


# The runner hands these the document's validated records (records.Extraction), not a Document:
# no pydantic object per clause and entity.
for _job in (pretty_json, compact_json, pretty_json_text, compact_json_text, csv_rows):
    _job.records = True


def file_text(fmt: str, value, excel: bool = False) -> str:
    """What one input's file below --out-dir holds, from what its job returned."""
    if fmt == "csv":
        from . import parquet

        return render.write_csv(value, parquet.csv_header(), excel)
    return value if isinstance(value, str) else "".join(value)   # JSON comes in pieces


def task_rows(doc) -> list[dict]:
    """A Document's responsibility table, one row per clause (see render.task_rows)."""
    return render.task_rows(doc)


def document(doc):
    """The Document itself (``show`` renders the whole of it)."""
    return doc


def jobs_for(with_text: bool = False) -> dict:
    """The job that makes each --format's output of one document (source.text in JSON when asked)."""
    from . import parquet

    if with_text:
        return {"json": pretty_json_text, "jsonl": compact_json_text, "csv": csv_rows, "parquet": parquet.rows}
    return {"json": pretty_json, "jsonl": compact_json, "csv": csv_rows, "parquet": parquet.rows}
