"""The ``parquet`` writer: documents as three Parquet tables (documents, clauses, entities), one
``part-NNNNN.parquet`` per table and partition, for pandas, DuckDB, Spark.

The columns are the typed schema of tables.py (which CSV shares); pyarrow is imported only to
write or read Parquet (the ``parquet`` extra), and tables.py (with the models) only when a
document is shaped, so the registry costs nothing at start-up.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .base import Writer


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

    from .tables import BOOL, DATE, FLOAT, INT, STR, STRS, TABLES

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
        from .tables import TABLES

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

    write = add   # the Sink interface

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
        from .atomic import _mode_for

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


class ParquetWriter(Writer):
    """``--format parquet``: a folder of three tables (documents, clauses, entities), one partition per run
    (or per Dask task); its documents table records source.sha256 for ``--resume``."""
    name, suffix, help = "parquet", "parquet", "parquet (three tables in -o DIR)"
    binary = folder = resumable = True
    per_file = False
    what = "three tables"

    def check(self) -> None:
        """pyarrow is there (the ``parquet`` extra)."""
        need_pyarrow()

    def shape(self, doc) -> dict[str, list[dict]]:
        """The document's rows of the three tables."""
        from .tables import rows

        return rows(doc)

    def sink(self, out, *, excel: bool = False, part: int = 0) -> "ParquetPartition":
        """Partition ``part`` of the tables in folder ``out``."""
        return ParquetPartition(out, part)

    def finish(self, out, keep: set[int]) -> None:
        """Remove an earlier run's partitions and dead tasks' temporaries (see :func:`tidy`)."""
        tidy(out, keep)
