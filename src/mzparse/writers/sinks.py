"""Where `mzparse extract` puts results: streamed into one file, one file per input, or tables.

Everything written here is whole or absent: files are written under a temporary name and
renamed into place, so an interrupted run leaves only finished outputs, which ``--resume``
recognises by the content hash they record.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .atomic import _mode_for, output_name


class Usage(Exception):
    """Options that cannot apply together: the CLI says so and exits 2."""


class AtomicText:
    """A text file written as results arrive, renamed into place by :meth:`close`."""

    def __init__(self, target: str | os.PathLike[str], prefix: str = ""):
        self.target = Path(target)
        fd, self.tmp = tempfile.mkstemp(prefix=".mzparse.", suffix=".part", dir=self.target.parent or ".")
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.fh.write(prefix)

    def write(self, text: str | Iterable[str]) -> None:
        """Append text, or a document's pieces of text (to the temporary file)."""
        for piece in [text] if isinstance(text, str) else text:
            self.fh.write(piece)

    def close(self) -> None:
        """Flush, sync and rename into place, with the mode a plain open() would give."""
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.chmod(self.tmp, _mode_for(self.target))  # mkstemp's 0600 is not what the user asked for
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        """Remove the temporary file: the target is left as it was."""
        self.fh.close()
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


class Stdout:
    """The same interface on standard output (nothing to rename)."""

    def __init__(self, prefix: str = ""):
        import sys

        self.out = sys.stdout
        if prefix:   # even an empty write reaches a full disk (> /dev/full) before any document is done
            self.write(prefix)

    def write(self, text: str | Iterable[str]) -> None:
        """Write text, or a document's pieces of text, and flush, so a reader of the pipe sees each
        document as it finishes."""
        for piece in [text] if isinstance(text, str) else text:
            self.out.write(piece)
        self.out.flush()

    def close(self) -> None:
        """Flush standard output."""
        self.out.flush()

    abort = close


def check_extract_options(writer, out_dir, output, dask: str | None, resume: bool, items) -> None:
    """Options that cannot apply to ``writer`` are an error naming them, never silently dropped."""
    if out_dir is not None and output is not None:
        raise Usage("--output (-o) and --out-dir (-d) do not go together: -o writes one stream "
                    "(with --format parquet, one folder of tables), -d one file per input")
    if writer.folder:
        if output is None or str(output) == "-":
            raise Usage(f"--format {writer.name} writes {writer.what} into a folder: give it as -o DIR")
    elif writer.one_document and out_dir is None and len(items) > 1:
        raise Usage("several inputs give several documents: use --out-dir DIR, or --format jsonl")
    elif writer.binary and out_dir is None and (output is None or str(output) == "-"):
        raise Usage(f"--format {writer.name} writes bytes: give -o FILE or --out-dir DIR")
    if out_dir is not None and not writer.per_file:
        raise Usage(f"--format {writer.name} writes no file per input: give -o instead of --out-dir")
    writer.check()
    if dask is not None:
        if out_dir is None and not writer.folder:
            raise Usage("--dask: the workers write the results: give --out-dir DIR, or --format parquet -o DIR")
        if any(i.path is None for i in items):
            raise Usage("--dask: standard input (-) cannot be sent to the workers")
    if resume and not (writer.resumable and (writer.folder or out_dir is not None)):
        from . import WRITERS

        files = " or ".join(w.name for w in WRITERS if w.resumable and w.per_file)
        folders = " or ".join(w.name for w in WRITERS if w.resumable and w.folder)
        raise Usage(f"--resume needs outputs that record their content hash: --out-dir DIR with {files}, "
                    f"or --format {folders} -o DIR")


def targets(items, ext: str) -> list[Path]:
    """Each input's output file, relative to --out-dir: never two inputs on one file.

    Files found in a directory keep their place below it (the input tree is mirrored), files
    named on the command line go to the top; two inputs that would still share an output are a
    usage error naming both, never a silent overwrite.
    """
    out: list[Path] = []
    seen: dict[str, str] = {}
    for inp in items:
        rel = getattr(inp, "rel", None)
        parent = Path(rel).parent if rel else Path()
        target = parent / output_name(Path(rel).name if rel else inp.name, ext)
        key = target.as_posix().casefold()  # case-insensitive file systems (macOS, Windows) too
        if key in seen:
            raise Usage(f"{seen[key]} and {inp.name} would both be written to {target}: "
                        "rename one, or extract them into different --out-dir folders")
        seen[key] = inp.name
        out.append(target)
    return out


def remove_temporaries(out_dir: Path, targets: list[Path]) -> None:
    """Temporary files of tasks that died mid-write (a killed Dask worker's; its task ran again)."""
    by_dir: dict[Path, set[str]] = {}
    for t in targets:
        by_dir.setdefault(out_dir / t.parent, set()).add(t.name)
    for d, names in by_dir.items():
        for f in d.glob(".*.part"):
            if f.name[1:].rsplit(".", 2)[0] in names:
                f.unlink(missing_ok=True)


def sha256_of(path: str) -> str | None:
    """The SHA-256 of a file's bytes (as source.sha256 records it); None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def is_done(inp, target: Path) -> bool:
    """True when ``target`` is a whole, valid document made from the input's present content."""
    from ..models import Document

    if inp.path is None or not target.is_file():
        return False
    try:
        doc = Document.model_validate_json(target.read_bytes())
    except (OSError, ValueError):
        return False
    return doc.source.sha256 == sha256_of(inp.path)


def parquet_pending(items, out: Path) -> tuple[list, list[int]]:
    """The inputs whose documents no whole partition in OUT holds with the same content hash."""
    from . import parquet

    seen, parts = parquet.done(out)
    todo = [i for i in items if i.path is None or seen.get(i.name) != sha256_of(i.path)]
    return todo, parts
