"""Writing results: atomically, so no reader ever sees half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


# Suffixes of the forms mzparse reads: a.html gives a.json, as a.txt does.
_DOC_SUFFIXES = frozenset({"txt", "html", "htm", "shtml", "xhtml", "docx", "pdf"})


def safe_stem(name: str) -> str:
    """An output file stem from an input name, with no directory part (no path traversal)."""
    stem = Path(name.replace("\\", "/")).name
    base, dot, ext = stem.rpartition(".")
    if dot and base and ext.lower() in _DOC_SUFFIXES:
        stem = base
    stem = "".join(ch for ch in stem if ch not in '\x00/\\:*?"<>|').strip(" .")
    return stem or "stdin"


def write_atomic(path: str | os.PathLike[str], data: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
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
