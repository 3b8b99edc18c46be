"""The ``csv`` writer: one row per entity, in the typed columns of tables.py (the entity table that
Parquet writes too), under one header; ``--excel`` adds a BOM and CRLF line ends."""
from __future__ import annotations

from .base import TextSink, Writer


class CsvWriter(Writer):
    """``--format csv``: the entity table as text."""
    name, suffix, help = "csv", "csv", "csv (one row per entity)"
    records = True   # shape() reads the validated records (records.Extraction), not a Document

    def shape(self, doc) -> list[list[str]]:
        """The document's entity rows, every column as text."""
        from .tables import csv_rows

        return csv_rows(doc)

    def file_text(self, part, excel: bool = False) -> str:
        """One document's rows under the header."""
        from .render import write_csv
        from .tables import csv_header

        return write_csv(part, csv_header(), excel)

    def sink(self, out, *, excel: bool = False, part: int = 0) -> TextSink:
        """The header first, then each document's rows as it finishes."""
        from .render import write_csv
        from .tables import csv_header

        return TextSink(out, write_csv([], csv_header(), excel), lambda rows: write_csv(rows, None, excel))
