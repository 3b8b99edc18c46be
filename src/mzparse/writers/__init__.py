"""Writers: a Document → an output format (JSON, JSON lines, CSV, Parquet tables, the task table),
written as documents finish, whole or not at all. They depend only on ``models`` and ``errors``.

The registry below is the one list of formats: ``extract --format`` and ``tasks --format`` offer
its writers, in this order. A new format is one file here (its :class:`Writer`), one line below
and one example block in tests/writers/test_registry.py (``EXAMPLES``).
"""
from __future__ import annotations

from .base import Sink, Writer
from .csv import CsvWriter
from .json import JsonLinesWriter, JsonWriter
from .parquet import ParquetWriter
from .tasks import TaskCsv, TaskJson, TaskTable

WRITERS: tuple[Writer, ...] = (
    JsonWriter(),
    JsonLinesWriter(),
    CsvWriter(),
    ParquetWriter(),
    TaskTable(),
    TaskCsv(),
    TaskJson(),
)


def formats(command: str = "extract") -> dict[str, Writer]:
    """The writers a command's ``--format`` offers, by name, in registry order."""
    return {w.name: w for w in WRITERS if w.command == command}


def get(name: str, command: str = "extract") -> Writer:
    """The writer of ``command --format name`` (KeyError for a name the registry lacks)."""
    return formats(command)[name]


__all__ = ["WRITERS", "Sink", "Writer", "formats", "get"]
