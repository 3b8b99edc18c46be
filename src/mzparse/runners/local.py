"""The local runner: in this process (serial) or in a process pool, input order kept, failures
isolated, a pool that loses a worker stopped at once (see :func:`_abandon`)."""
from __future__ import annotations

import os
import sys
from typing import Iterator

from .base import Input, Job, Result, WorkerDied, extract_one


def _pool_task(args: tuple[Job, int, Input]) -> Result:
    job, index, inp = args
    return extract_one(inp, job, None, index)


class LocalRunner:
    """A :class:`~mzparse.runners.base.Runner` on this machine: ``jobs`` processes (1: in this
    process, as for a single input). Standard input is read here, once; the pool gets only files."""

    def __init__(self, job: Job, jobs: int = 1):
        self.job, self.jobs = job, max(1, jobs)

    def map(self, inputs: list[Input]) -> Iterator[Result]:
        """Yield each input's Result in input order; WorkerDied when a pool worker ends abruptly."""
        job = self.job
        stdin_data = None
        if any(i.path is None for i in inputs):
            stdin_data = sys.stdin.buffer.read()
        if self.jobs == 1 or len(inputs) < 2:
            for i, inp in enumerate(inputs):
                yield extract_one(inp, job, stdin_data if inp.path is None else None, i)
            return
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        tasks = [(job, i, inp) for i, inp in enumerate(inputs) if inp.path is not None]
        pending = {i: inp for i, inp in enumerate(inputs) if inp.path is None}
        chunk = max(1, min(16, len(tasks) // (self.jobs * 8) or 1))
        ex = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_init, initargs=(os.getpid(),))
        finished = False
        try:
            it = ex.map(_pool_task, tasks, chunksize=chunk)
            nxt = 0
            try:
                for res in it:
                    while nxt in pending:
                        yield extract_one(pending.pop(nxt), job, stdin_data, nxt)
                        nxt += 1
                    yield res
                    nxt = res.index + 1
            except BrokenProcessPool:
                raise WorkerDied() from None
            for i in sorted(pending):
                yield extract_one(pending[i], job, stdin_data, i)
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
    manager = getattr(ex, "_executor_manager_thread", None)
    if manager is not None:
        quiet_thread(manager)
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


def quiet_thread(thread) -> None:
    """Print nothing for an exception that ends ``thread``: the pool's manager thread, left
    running by shutdown(wait=False) while its workers are killed, may fail on the state the
    shutdown reset (CPython gh-119592, gh-132969, gh-94440: "Exception in thread Thread-1"
    and a traceback under the run's one-line "mzparse: interrupted"). Other threads' are
    printed as before."""
    import threading

    previous = threading.excepthook

    def hook(args) -> None:
        if args.thread is not thread:
            previous(args)

    threading.excepthook = hook


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
