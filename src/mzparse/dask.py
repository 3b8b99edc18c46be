"""mzparse on a Dask cluster: the same extraction, documents sent to the workers in partitions.

    mzparse extract corpus/ --dask tcp://scheduler:8786 -d out/
    mzparse extract corpus/ --dask local -j 2 --format parquet -o tables/

The workers write the results (a file per document below --out-dir, or one Parquet file per
partition and table); the client sends the work and tracks progress and failures. Dask reruns
the tasks of a worker that dies; every output is written under a temporary name and renamed
into place, so a rerun task or an interrupted run leaves no half-written file.

From a notebook::

    from distributed import Client
    import mzparse.dask
    docs = mzparse.dask.extract(paths, client=Client("tcp://scheduler:8786"))   # a Dask bag
    docs.filter(lambda d: "error" not in d).pluck("meta").pluck("title").compute()
"""
from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Callable, Iterable

from .errors import MzparseError


def need_dask() -> None:
    """Raise a one-line MzparseError naming the extra when dask[distributed] is missing."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise MzparseError("--dask needs dask[distributed]: pip install 'mzparse[dask]'") from None


def connect(address: str, workers: int):
    """A Client of the scheduler at ``address``, or of a new LocalCluster (``local``)."""
    need_dask()
    from distributed import Client, LocalCluster

    if address == "local":
        # One thread per worker process: the pipeline is pure Python and holds the GIL.
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster)
    return Client(address, timeout="10s")


def partition_size(n: int, workers: int) -> int:
    """Small enough that every worker gets several partitions (progress, balance, cheap reruns)."""
    return max(1, min(64, math.ceil(n / (max(1, workers) * 8))))


def write_partition(part: int, entries: list, spec: dict) -> list[tuple[str, str | None]]:
    """On a worker: extract a partition's documents and write them; (name, error or None) each.

    A task may run twice (its worker died after writing some files): every write replaces its
    file whole, with the same content, so a rerun is harmless.
    """
    from .runners.local import _run_one
    from .writers import parquet
    from .writers import shapes
    from .writers.atomic import write_atomic

    out, kind, debug = Path(spec["out"]), spec["kind"], spec.get("debug", False)
    done: list[tuple[str, str | None]] = []
    if kind == "parquet":
        sink = parquet.ParquetPartition(out, part)
        try:
            for inp, _ in entries:
                res = _run_one(parquet.rows, 0, inp, None, debug)
                if res.error is None:
                    sink.add(res.value)
                done.append((inp.name, res.error))
            sink.close()
        except BaseException:
            sink.abort()
            raise
        return done
    fmt, excel = spec["fmt"], spec.get("excel", False)
    job = shapes.jobs_for(spec.get("with_text", False))[fmt]
    for inp, target in entries:
        res = _run_one(job, 0, inp, None, debug)
        if res.error is None:
            path = out / target
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, shapes.file_text(fmt, res.value, excel))
        done.append((inp.name, res.error))
    return done


def run(client, entries: list, spec: dict, on_done: Callable[[str, str | None], None],
        first_part: int = 0) -> list[int]:
    """Send ``entries`` ((Input, target) pairs) to the cluster in partitions; report each document.

    Returns the numbers of the partitions written whole (a failed one's files are left for
    parquet.tidy to remove). Input paths go to the workers made absolute (their
    working folder may differ); the names that messages and source.path use stay as given.
    """
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = partition_size(len(entries), workers)
    entries = list(zip(_absolute([i for i, _ in entries]), (t for _, t in entries)))
    chunks = {first_part + k: entries[i:i + size] for k, i in enumerate(range(0, len(entries), size))}
    futures = {client.submit(write_partition, part, chunk, spec, pure=False): part for part, chunk in chunks.items()}
    written: list[int] = []
    try:
        for fut in as_completed(futures):
            part = futures.pop(fut)
            if fut.status == "finished":
                written.append(part)
                for name, error in fut.result():
                    on_done(name, error)
            else:  # the task itself failed (a write error; or it killed workers more than Dask allows)
                exc = fut.exception()
                reason = f"partition {part} failed ({type(exc).__name__}: {exc})"
                for inp, _ in chunks[part]:
                    on_done(inp.name, reason)
            fut.release()
    finally:
        for fut in futures:
            fut.cancel()
    return written


def _absolute(items: list) -> list:
    """Inputs with absolute paths for workers whose working folder may differ; names stay as given."""
    import dataclasses

    return [dataclasses.replace(i, path=os.path.abspath(i.path)) for i in items]


def extract(paths: Iterable, client=None, npartitions: int | None = None, glob: str = "*.txt"):
    """A Dask bag of documents as dicts (the JSON form); a failing document is {"source": {"path": …}, "error": …}.

    ``paths``: files or directories (searched for ``glob``). With a ``client`` the bag is already
    computing on its cluster (persisted); without, it is lazy and runs on Dask's default scheduler.
    """
    need_dask()
    import dask.bag as db

    from .runners.inputs import expand

    items = _absolute(expand([os.fspath(p) for p in paths], glob))
    workers = len(client.scheduler_info().get("workers", {})) if client is not None else (os.cpu_count() or 1)
    n = npartitions or max(1, math.ceil(len(items) / partition_size(len(items), workers)))
    bag = db.from_sequence(items, npartitions=min(n, max(1, len(items)))).map(_document)
    return client.persist(bag) if client is not None else bag


def _document(inp) -> dict:
    from .runners.local import _run_one
    from .writers import shapes

    res = _run_one(shapes.document, 0, inp, None, False)
    if res.error is not None:
        return {"source": {"path": inp.name}, "error": res.error}
    return res.value.model_dump(mode="json")
