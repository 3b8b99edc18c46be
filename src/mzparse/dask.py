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
from typing import Iterable, Iterator

from .cache import dataclass
from .errors import MzparseError
from .runners.base import Input, Job, Result, extract_one


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


@dataclass(frozen=True)
class WorkerWrite:
    """What each task writes on its worker: ``writer``'s output below the folder ``out``, one file
    per document (at the target the client gives each) or, for a folder writer, one partition."""
    writer: str
    out: str
    excel: bool = False


def write_partition(part: int, entries: list, job: Job, store: WorkerWrite) -> list[tuple[str, str | None]]:
    """On a worker: extract a partition's documents and write them; (name, error or None) each.

    A task may run twice (its worker died after writing some files): every write replaces its
    file whole, with the same content, so a rerun is harmless.
    """
    from . import writers
    from .writers.atomic import write_atomic

    writer, out = writers.get(store.writer), Path(store.out)
    done: list[tuple[str, str | None]] = []
    if writer.folder:
        sink = writer.sink(out, excel=store.excel, part=part)
        try:
            for inp, _ in entries:
                res = extract_one(inp, job)
                if res.error is None:
                    sink.write(res.value)
                done.append((inp.name, res.error))
            sink.close()
        except BaseException:
            sink.abort()
            raise
        return done
    for inp, target in entries:
        res = extract_one(inp, job)
        if res.error is None:
            path = out / target
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, writer.file_text(res.value, store.excel))
        done.append((inp.name, res.error))
    return done


class DaskRunner:
    """A :class:`~mzparse.runners.base.Runner` on a Dask cluster whose workers also write (``store``):
    its Results carry no value, only each document's error or None.

    Inputs go out in partitions (numbered from ``first_part``), their paths made absolute (a
    worker's working folder may differ; names stay as given); ``targets`` (one per input) are the
    files below ``store.out`` for a per-file writer. After ``map``, ``written`` holds the numbers of
    the partitions written whole (a failed one's files are left for the writer's ``finish``).
    """

    def __init__(self, client, job: Job, store: WorkerWrite, targets: list | None = None, first_part: int = 0):
        self.client, self.job, self.store, self.targets, self.first_part = client, job, store, targets, first_part
        self.written: list[int] = []

    def map(self, inputs: list[Input]) -> Iterator[Result]:
        """Each input's Result in input order, as the partitions before it are done."""
        from distributed import as_completed

        client = self.client
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = partition_size(len(inputs), workers)
        entries = list(zip(_absolute(inputs), self.targets or [None] * len(inputs)))
        starts = range(0, len(entries), size)
        chunks = {self.first_part + k: (i, entries[i:i + size]) for k, i in enumerate(starts)}
        futures = {client.submit(write_partition, part, chunk, self.job, self.store, pure=False): part
                   for part, (_, chunk) in chunks.items()}
        ready: dict[int, list[tuple[str, str | None]]] = {}
        nxt = self.first_part
        try:
            for fut in as_completed(futures):
                part = futures.pop(fut)
                if fut.status == "finished":
                    self.written.append(part)
                    ready[part] = fut.result()
                else:  # the task itself failed (a write error; or it killed workers more than Dask allows)
                    exc = fut.exception()
                    reason = f"partition {part} failed ({type(exc).__name__}: {exc})"
                    ready[part] = [(inp.name, reason) for inp, _ in chunks[part][1]]
                fut.release()
                while nxt in ready:
                    start = chunks[nxt][0]
                    for k, (name, error) in enumerate(ready.pop(nxt)):
                        yield Result(start + k, name, error=error)
                    nxt += 1
        finally:
            for fut in futures:
                fut.cancel()


def _absolute(items: list) -> list:
    """Inputs with absolute paths for workers whose working folder may differ; names stay as given."""
    import dataclasses

    return [dataclasses.replace(i, path=os.path.abspath(i.path)) for i in items]


def extract(paths: Iterable, client=None, npartitions: int | None = None, glob: str | None = None):
    """A Dask bag of documents as dicts (the JSON form); a failing document is {"source": {"path": …}, "error": …}.

    ``paths``: files or directories (searched for ``glob``; without one, for every form a reader
    takes). With a ``client`` the bag is already computing on its cluster (persisted); without, it
    is lazy and runs on Dask's default scheduler.
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
    res = extract_one(inp, Job())
    if res.error is not None:
        return {"source": {"path": inp.name}, "error": res.error}
    return res.value.model_dump(mode="json")
