"""What a batch keeps of each Document (module-level functions, so a process pool can pickle them)."""
from __future__ import annotations

from . import render


def pretty_json(doc) -> str:
    return render.to_json(doc, pretty=True) + "\n"


def compact_json(doc) -> str:
    return render.to_json(doc, pretty=False) + "\n"


def pretty_json_text(doc) -> str:
    return doc.to_json(indent=2, with_text=True) + "\n"


def compact_json_text(doc) -> str:
    return doc.to_json(indent=None, with_text=True) + "\n"


def csv_rows(doc) -> list[list[str]]:
    return render.csv_rows(doc)


def task_rows(doc) -> list[dict]:
    return render.task_rows(doc)


def document(doc):
    return doc
