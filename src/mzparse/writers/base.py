"""The writer contract: a document → one output format, shaped where the document was made and
written as documents finish.

A writer is split in two because documents are made in other processes (a pool's workers, Dask
workers): :meth:`Writer.shape` runs there and returns a small picklable *part* (a JSON text, CSV
rows, table rows), so a Document never crosses a process boundary; the parent (or, on Dask, the
worker itself) hands the parts to a :class:`Sink` (``write(part)`` as each document finishes,
``close()`` at the end, ``abort()`` on failure) or, below ``--out-dir``, to :meth:`Writer.file_text`.
Modules of writers import nothing heavy at the top: the CLI reads the registry at start-up.
"""
from __future__ import annotations

import os
from typing import Callable, Protocol


class Sink(Protocol):
    """Where the parts of one run go, in order: whole or absent at the end."""

    def write(self, part) -> None:
        """Take one document's part (a write error is an OSError)."""

    def close(self) -> None:
        """Finish the output and put it in place."""

    def abort(self) -> None:
        """Remove what was written so far: the output is left as it was."""


class Writer:
    """The writer contract: ``name`` (its ``--format``), ``suffix``, ``binary``, ``shape(doc)``, ``sink``.

    The flags say how the CLI may use a writer (it refuses the rest with a reason): ``per_file``,
    one file per document below ``--out-dir``; ``one_document``, a stream holds a single document;
    ``folder``, ``-o`` names a folder; ``resumable``, its files record the content hash that
    ``--resume`` checks; ``keeps_text``, ``--with-text`` adds ``source.text`` to its output.
    """
    name: str = ""
    command: str = "extract"    # the command whose --format offers it
    help: str = ""              # its phrase in --format's help
    suffix: str = ""            # one document's file below --out-dir: <stem>.<suffix>
    binary: bool = False        # writes bytes: never to standard output
    per_file: bool = True
    one_document: bool = False
    folder: bool = False
    resumable: bool = False
    keeps_text: bool = False
    records: bool = False       # shape() gets the validated records (records.Extraction), not a Document
    what: str = "its output"    # what a folder writer puts into -o DIR, for messages

    def check(self) -> None:
        """Raise MzparseError when this writer cannot run here (a missing optional dependency)."""

    def shape(self, doc):  # pragma: no cover - interface
        """What of one Document this format keeps (picklable); runs where the document was made."""
        raise NotImplementedError

    def file_text(self, part, excel: bool = False) -> str:
        """What one document's file below --out-dir holds (``per_file`` writers)."""
        return part

    def sink(self, out: str | os.PathLike[str] | None, *, excel: bool = False, part: int = 0) -> Sink:
        """A sink writing the parts of a run to ``out`` (None: standard output); ``part`` numbers a
        folder writer's partition."""
        return TextSink(out, "", self.file_text)

    def finish(self, out: str | os.PathLike[str], keep: set[int]) -> None:
        """After a whole run into a folder: tidy what earlier runs left (``keep``: partitions to keep)."""

    def __reduce__(self):
        # A writer travels to the workers (in its bound shape) as its registry key: the worker
        # finds the same registered instance there.
        return _registered, (self.name, self.command)


def _registered(name: str, command: str) -> Writer:
    from . import get

    return get(name, command)


class TextSink:
    """Text parts streamed to a file renamed into place at :meth:`close` (or to standard output),
    after a ``head`` (a CSV header); ``need_one``: with no part written, close leaves no file
    (an empty file is no JSON document)."""

    def __init__(self, out, head: str, to_text: Callable[[object], str], need_one: bool = False):
        from .sinks import AtomicText, Stdout

        self.to_text, self.need_one, self.count = to_text, need_one, 0
        self.dest = AtomicText(out, head) if out is not None else Stdout(head)

    def write(self, part) -> None:
        """Append one document's text."""
        self.dest.write(self.to_text(part))
        self.count += 1

    def close(self) -> None:
        """Rename the file into place (or flush standard output)."""
        if self.need_one and not self.count:
            self.dest.abort()
        else:
            self.dest.close()

    def abort(self) -> None:
        """Remove the temporary file."""
        self.dest.abort()


class WholeSink:
    """Parts kept until :meth:`close`, which renders them in one piece (a table must see every row
    to size its columns) and writes the text atomically, or to standard output."""

    def __init__(self, out, render: Callable[[list], str]):
        self.out, self.render, self.parts = out, render, []

    def write(self, part) -> None:
        """Keep one document's part."""
        self.parts.append(part)

    def close(self) -> None:
        """Render every part and write the result."""
        text = self.render(self.parts)
        if self.out is None:
            import sys

            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            from .atomic import write_atomic

            write_atomic(self.out, text)

    def abort(self) -> None:
        """Nothing was written yet."""
