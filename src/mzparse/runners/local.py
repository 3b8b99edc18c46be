"""Running the pipeline over many inputs: order kept, failures isolated, a pool when asked."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

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


def _run_one(job: Callable, index: int, inp: Input, data: bytes | None, debug: bool) -> Result:
    from .. import pipeline

    try:
        with_text = getattr(job, "with_text", False)
        if getattr(job, "records", False):   # the job reads validated records, not a Document
            # A path as a path: a str given to extract_records() is the document's text.
            source = (data or b"") if inp.path is None else Path(inp.path)
            doc = pipeline.extract_records(source, name=inp.name, with_text=with_text)
        elif inp.path is None:
            doc = pipeline.extract(data or b"", name=inp.name, with_text=with_text)
        else:
            # A path as a path: a str given to extract() is the document's text.
            doc = pipeline.extract_file(inp.path, name=inp.name, with_text=with_text)
        return Result(index, inp.name, job(doc))
    except MzparseError as exc:
        return Result(index, inp.name, error=exc.reason)
    except RecursionError:
        return Result(index, inp.name, error="document too deeply nested to process")
    except MemoryError:
        return Result(index, inp.name, error="out of memory")
    except Exception as exc:  # a bug: say so plainly, keep the batch going
        if debug:
            import traceback

            traceback.print_exc()
        return Result(index, inp.name, error=f"internal error ({type(exc).__name__}: {exc}); please report it")


def _pool_task(args):
    job, index, inp, debug = args
    return _run_one(job, index, inp, None, debug)


def run(inputs: list[Input], job: Callable, jobs: int = 1, debug: bool = False) -> Iterator[Result]:
    """Yield results in input order. ``job`` (picklable) turns a Document into what to keep."""
    stdin_data = None
    if any(i.path is None for i in inputs):
        stdin_data = sys.stdin.buffer.read()
    jobs = max(1, jobs)
    if jobs == 1 or len(inputs) < 2:
        for i, inp in enumerate(inputs):
            yield _run_one(job, i, inp, stdin_data if inp.path is None else None, debug)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Standard input is read here, once; the pool gets only files.
    tasks = [(job, i, inp, debug) for i, inp in enumerate(inputs) if inp.path is not None]
    pending = {i: inp for i, inp in enumerate(inputs) if inp.path is None}
    chunk = max(1, min(16, len(tasks) // (jobs * 8) or 1))
    ex = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),))
    finished = False
    try:
        it = ex.map(_pool_task, tasks, chunksize=chunk)
        nxt = 0
        try:
            for res in it:
                while nxt in pending:
                    yield _run_one(job, nxt, pending.pop(nxt), stdin_data, debug)
                    nxt += 1
                yield res
                nxt = res.index + 1
        except BrokenProcessPool:
            raise WorkerDied() from None
        for i in sorted(pending):
            yield _run_one(job, i, pending[i], stdin_data, debug)
        finished = True
    finally:
        if finished:
            ex.shutdown(wait=True)
        else:
            _abandon(ex)


def _abandon(ex) -> None:
    """Stop a pool on an interrupt or a dead worker without waiting for it: a worker killed
    while sending its result leaves half a message in the result pipe, and the pool's own
    thread then waits on it for good (shutdown(wait=True) and the interpreter's exit hang;
    the CLI leaves with os._exit after such a stop for that reason)."""
    procs = list((getattr(ex, "_processes", None) or {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.kill()
        except (OSError, AttributeError, ValueError):
            pass
    for p in procs:
        try:
            p.join(timeout=5)
        except (OSError, AssertionError, ValueError):
            pass


def _worker_init(parent: int) -> None:
    # Workers ignore Ctrl-C: the parent decides, and shuts the pool down cleanly.
    # SIGTERM gets its default back: the parent's handler, inherited by fork, printed
    # a traceback in each idle worker; ignoring it would hang the pool's own
    # terminate() of the others when one worker dies.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """End this worker when the parent process does, even by kill -9: else it is
    re-parented, waits on the task queue for good, and holds stdout and stderr open
    (so `$(mzparse …)` or a CI log reader never sees their end)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:  # when the parent dies
                if os.getppid() != parent:  # it died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:  # elsewhere: notice the re-parenting within a second
        import time

        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="mzparse-parent-watch", daemon=True).start()


def default_jobs() -> int:
    """How many processes ``--jobs`` means by default: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
