"""What a batch keeps of each Document (module-level functions, so a process pool can pickle them)."""
from __future__ import annotations

from . import render


def pretty_json(doc) -> str:
    return render.to_json(doc, pretty=True) + "\n"


def compact_json(doc) -> str:
    return render.to_json(doc, pretty=False) + "\n"


def csv_rows(doc) -> list[list[str]]:
    from . import parquet

    return parquet.csv_rows(doc)


def file_text(fmt: str, value, excel: bool = False) -> str:
    """What one input's file below --out-dir holds, from what its job returned."""
    if fmt == "csv":
        from . import parquet

        return render.write_csv(value, parquet.csv_header(), excel)
    return value


def task_rows(doc) -> list[dict]:
    return render.task_rows(doc)


def document(doc):
    return doc
