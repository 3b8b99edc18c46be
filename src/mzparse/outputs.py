"""Writing results: atomically, so no reader ever sees half a file."""
from __future__ import annotations

import os
import re
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path


def safe_stem(name: str) -> str:
    """An output file stem from an input name, with no directory part (no path traversal)."""
    stem = Path(name.replace("\\", "/")).name
    if stem.lower().endswith(".txt"):
        stem = stem[:-4]
    stem = "".join(ch for ch in stem if ch not in '\x00/\\:*?"<>|').strip(" .")
    return stem or "stdin"


_PART = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.part")  # .NAME.PID.RANDOM.part, as mkstemp makes it below


def write_atomic(path: str | os.PathLike[str], data: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place.

    Ctrl-C and SIGTERM wait until the file is renamed or removed: one that landed
    between creating the temporary file and the ``try`` left it behind. (kill -9 still
    can; the temporary's name holds the pid, for remove_stale_parts.)
    """
    path = Path(path)
    with _signals_held():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


@contextmanager
def _signals_held():
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a held signal is delivered here


def remove_stale_parts(directory: str | os.PathLike[str]) -> None:
    """Remove temporary files that write_atomic left in ``directory`` in a run that was
    killed: its own naming only, and only those of processes no longer running (a run
    writing to the same directory at the same time keeps its own)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        m = _PART.fullmatch(name)
        if m is None or _running(int(m.group(1))):
            continue
        try:
            os.unlink(os.path.join(directory, name))
        except OSError:
            pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's, or unknowable: leave it
    return True
