"""Writing results: atomically, so no reader ever sees half a file."""
from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

NAME_MAX = 255  # bytes in one file name on ext4, XFS, btrfs, APFS, NTFS (as UTF-16 units there)

# Suffixes of the forms mzparse reads: a.html gives a.json, as a.txt does.
_DOC_SUFFIXES = frozenset({"txt", "html", "htm", "shtml", "xhtml", "docx", "pdf"})


def bare_stem(name: str) -> str:
    """An input name's stem with no directory part (no path traversal); empty for ".", ".." or "/"."""
    stem = Path(name.replace("\\", "/")).name
    base, dot, ext = stem.rpartition(".")
    if dot and base and ext.lower() in _DOC_SUFFIXES:
        stem = base
    return "".join(ch for ch in stem if ch not in '\x00/\\:*?"<>|').strip(" .")


def safe_stem(name: str) -> str:
    """An output file stem from an input name (standard input without --name: stdin)."""
    return bare_stem(name) or "stdin"


def fit_bytes(text: str, limit: int) -> str:
    """``text`` cut at a character boundary to at most ``limit`` bytes of UTF-8."""
    data = text.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def output_name(name: str, ext: str) -> str:
    """``<stem>.<ext>`` for an input name, within the file-name limit (a 84-character
    Chinese title is 252 bytes: with ``.jsonl`` it would not fit)."""
    return f"{fit_bytes(safe_stem(name), NAME_MAX - len(ext) - 1)}.{ext}"


@lru_cache(maxsize=1)
def _umask() -> int:
    # The only portable way to read the umask is to set it; done once, before any pool starts.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The permissions open(path, "w") would leave: the old file's when it exists, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def write_atomic(path: str | os.PathLike[str], data: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place.

    mkstemp makes the file 0600; it gets the mode a plain open() would have given
    before it is renamed, so atomic writing changes nothing anyone else can read.
    Ctrl-C and SIGTERM wait until the file is renamed or removed: one that landed
    between creating the temporary file and the ``try`` left it behind. (kill -9 still
    can; the temporary's name holds the pid, for remove_stale_parts.)
    """
    path = Path(path)
    with _signals_held():
        # ".<name>.<pid>.XXXXXXXX.part" must itself fit in a file name: at most 200 bytes of the name.
        fd, tmp = tempfile.mkstemp(prefix=f".{fit_bytes(path.name, 200)}.{os.getpid()}.", suffix=".part",
                                   dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                os.fchmod(fh.fileno(), _mode_for(path))
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


_PART = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.part")  # .NAME.PID.RANDOM.part, as write_atomic names it


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM are noted while the block runs and acted on at its end. Handlers are
    swapped rather than the signal mask changed: a mask holds for this thread only, and the
    kernel hands a process's signal to any thread that does not block it (the pool's own)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    old = {s: signal.signal(s, lambda signum, frame: got.append(signum)) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        for s in dict.fromkeys(got):   # each once, in the order they came
            handler = old[s]
            if callable(handler):
                handler(s, None)
            elif handler in (signal.SIG_DFL, None):
                os.kill(os.getpid(), s)   # its default action, now that the file is whole


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
