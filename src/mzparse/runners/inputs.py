"""Which files a command line names: paths kept as paths, directories searched as ripgrep does.

Inside a directory, hidden files and folders (a name starting with ".", such as
.venv or .git) are skipped and symbolic links are not followed, so that a link in
an upload folder cannot bring ../secret.txt into the output; --hidden and
--follow opt in. What is named on the command line itself is always read. Without a
pattern, a directory is searched for every form a reader takes (readers.suffixes(): .txt, web
pages, .docx, .pdf), by suffix in any case.
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from ..readers.text import display_name
from .base import Input


def is_utf8_name(path: "str | os.PathLike[str]") -> bool:
    """Whether a file name's bytes are UTF-8 (output names and source.path escape them if not)."""
    try:
        os.fsencode(path).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def searched_for(glob: str | None) -> str:
    """What a directory search looks for, as messages name it: the pattern, or the readers' suffixes."""
    if glob is not None:
        return repr(glob)
    from ..readers import suffixes

    return "any of " + " ".join(f"*{s}" for s in suffixes())


def expand(inputs: list[str], glob: str | None = None, stdin_name: str | None = None, *,
           hidden: bool = False, follow: bool = False) -> list[Input]:
    """Files as given, directories searched (sorted) for ``glob`` (None: every form a reader takes),
    '-' for standard input."""
    out: list[Input] = []
    for raw in inputs:
        if raw == "-":
            out.append(Input(stdin_name or "stdin", None))
            continue
        p = Path(raw)
        if _is_dir(p):
            # rel: where the file lies below the folder (--out-dir mirrors it), as printable as the name
            out.extend(Input(display_name(q), q, display_name(q.relative_to(p).as_posix()))
                       for q in _walk(p, glob, hidden, follow))
        else:
            # A path, never text: reading it reports a missing file, a long name, a FIFO.
            out.append(Input(display_name(p) if raw != display_name(p) else raw, p))
    return out


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:  # a name too long, a loop: reading it will say so
        return False


def _walk(root: Path, glob: str | None, hidden: bool, follow: bool) -> list[Path]:
    if glob is None:
        from ..readers import suffixes

        wanted = frozenset(suffixes())
        match = lambda f, q: os.path.splitext(f)[1].lower() in wanted  # noqa: E731
    elif "/" in glob:
        match = lambda f, q: q.relative_to(root).match(glob)  # noqa: E731
    else:
        match = lambda f, q: fnmatch.fnmatch(f, glob)  # noqa: E731
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()  # directories entered, by device and inode: links may loop
    for here, dirs, files in os.walk(root, followlinks=follow, onerror=None):
        try:
            st = os.stat(here)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if not hidden and f.startswith("."):
                continue
            q = Path(here) / f
            if not match(f, q):
                continue
            if not follow and q.is_symlink():
                continue
            found.append(q)
    return sorted(found)
