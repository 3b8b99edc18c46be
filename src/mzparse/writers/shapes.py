"""What a batch keeps of each Document (module-level functions, so a process pool can pickle them)."""
from __future__ import annotations

from . import render


def pretty_json(doc) -> str:
    return render.to_json(doc, pretty=True) + "\n"


def compact_json(doc) -> str:
    return render.to_json(doc, pretty=False) + "\n"


def pretty_json_text(doc) -> str:
    return render.to_json(doc, pretty=True) + "\n"


def compact_json_text(doc) -> str:
    return render.to_json(doc, pretty=False) + "\n"


# The batch runner extracts with source.text for these (extract --with-text).
pretty_json_text.with_text = compact_json_text.with_text = True


def csv_rows(doc) -> list[list[str]]:
    return render.csv_rows(doc)


def task_rows(doc) -> list[dict]:
    return render.task_rows(doc)


def document(doc):
    return doc
