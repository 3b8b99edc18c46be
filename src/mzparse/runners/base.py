"""The runner contract: many inputs → one Result each, in input order, all made by :func:`extract_one`.

A runner (:class:`Runner`) has one method, ``map(inputs)``, an iterator of Results in the order
of ``inputs``; closing it early stops the work. local.py runs in this process or in a process
pool, ../dask.py on a Dask cluster (whose workers also write). Whatever runs a document runs
:func:`extract_one` with a :class:`Job`, so failures read the same everywhere.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Protocol

from ..cache import dataclass
from ..errors import MzparseError


@dataclass(frozen=True)
class Input:
    """One input of a batch: a file's path, or standard input."""
    name: str           # what messages and source.path call it
    path: str | None    # None: read from standard input
    rel: str | None = None  # where a file found in a directory lies below it (--out-dir mirrors it)


class WorkerDied(Exception):
    """A pool worker ended abruptly (killed, out of memory): the batch cannot go on."""


@dataclass
class Result:
    """What one input came to: its place in the batch, its name, and the job's value or an error."""
    index: int
    name: str
    value: object = None     # what the job returned
    error: str | None = None


def whole(doc):
    """The Document itself, as a job's shape (``show`` renders all of it; Dask's bag dumps it)."""
    return doc


@dataclass(frozen=True)
class Job:
    """What a runner does with each input (picklable: it travels to the workers): extract the
    document (with ``source.text`` when ``with_text``) and keep ``shape(doc)``, a writer's
    shape or any module-level function."""
    shape: Callable = whole
    with_text: bool = False
    debug: bool = False     # print the traceback of an internal error


def extract_one(inp: Input, job: Job, data: bytes | None = None, index: int = 0) -> Result:
    """One input through the pipeline and ``job.shape``: every runner calls this, where the document
    is made. A document that cannot be read, or an internal error, is a Result with ``error`` set
    (the batch goes on); ``data`` is standard input's bytes, read once by the caller."""
    from .. import pipeline

    try:
        if getattr(getattr(job.shape, "__self__", job.shape), "records", False):
            # The shape reads validated records, not a Document (a writer with records = True):
            # no pydantic object per clause and entity. A path as a path: a str is text there.
            source = (data or b"") if inp.path is None else Path(inp.path)
            doc = pipeline.extract_records(source, name=inp.name, with_text=job.with_text)
        elif inp.path is None:
            doc = pipeline.extract(data or b"", name=inp.name, with_text=job.with_text)
        else:
            # A path as a path: a str given to extract() is the document's text.
            doc = pipeline.extract_file(inp.path, name=inp.name, with_text=job.with_text)
        return Result(index, inp.name, job.shape(doc))
    except MzparseError as exc:
        return Result(index, inp.name, error=exc.reason)
    except RecursionError:
        return Result(index, inp.name, error="document too deeply nested to process")
    except MemoryError:
        return Result(index, inp.name, error="out of memory")
    except Exception as exc:  # a bug: say so plainly, keep the batch going
        if job.debug:
            import traceback

            traceback.print_exc()
        return Result(index, inp.name, error=f"internal error ({type(exc).__name__}: {exc}); please report it")


class Runner(Protocol):
    """Runs a Job over inputs: ``map(inputs)`` yields each input's Result in input order."""

    def map(self, inputs: list[Input]) -> Iterator[Result]:
        """The Results, in input order (a generator: ``close()`` stops the work)."""
