"""The command line: a thin layer over :func:`mzparse.extract` and the batch runner."""
from __future__ import annotations

import errno
import os
import signal
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="mzparse",
    help="Turn Chinese civil-affairs (民政) policy documents into validated structured data.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class TaskFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _err(msg: str) -> None:
    sys.stderr.write(f"mzparse: {msg}\n")
    sys.stderr.flush()


def _version(value: bool):
    if value:
        typer.echo(f"mzparse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """mzparse reads 民政 policy documents (UTF-8, GB18030/GBK, Big5, UTF-16; simplified or traditional)."""


INPUTS = typer.Argument(..., help="Files, directories (searched for --glob) or - for standard input.",
                        show_default=False)


def _inputs(inputs: list[str], glob: str, name: Optional[str]):
    from .batch import expand

    items = expand(inputs, glob, name)
    if not items:
        _err(f"no input files (nothing matched {glob!r})")
        raise typer.Exit(EXIT_USAGE)
    return items


class _Progress:
    """A rich progress bar on stderr for batches, only when stderr is a terminal."""

    def __init__(self, total: int, quiet: bool):
        self.bar = None
        if total > 1 and not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn, TextColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("extracting", total=total, rate="")
            self.t0 = time.perf_counter()
            self.bar.start()

    def advance(self, done: int):
        if self.bar:
            rate = done / max(1e-9, time.perf_counter() - self.t0)
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f} files/s")

    def stop(self):
        if self.bar:
            self.bar.stop()


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


class _WriteFailed(typer.Exit):
    """An output could not be written (its line is on stderr): exit 1, and a batch stops."""

    def __init__(self) -> None:
        super().__init__(EXIT_FAILED)


def _run_batch(items, job, jobs, quiet, debug, on_result):
    """Run ``job`` over ``items``; report failures; return how many failed."""
    from .batch import WorkerDied, run

    signal.signal(signal.SIGTERM, _on_sigterm)
    failed, t0 = 0, time.perf_counter()
    progress = _Progress(len(items), quiet)
    done = seen = 0

    def stopped() -> None:  # say what became of each input
        progress.stop()
        if len(items) > 1:
            _err(f"stopped: {done} done, {failed} failed, {len(items) - seen} not attempted of {len(items)} inputs")

    try:
        for seen, res in enumerate(run(items, job, jobs=jobs, debug=debug), 1):
            if res.error is not None:
                failed += 1
                _err(f"{res.name}: {res.error}")
            else:
                try:
                    on_result(res)
                except _WriteFailed:
                    # The output directory is gone or the disk is full: every later write
                    # would fail too, so stop.
                    failed += 1
                    stopped()
                    raise
                done += 1
            progress.advance(seen)
    except WorkerDied:
        # SIGTERM to the process group ends the workers too: when their end is seen
        # first, let the parent's own handler run (a pending signal interrupts the
        # sleep), so that the run reads as interrupted.
        time.sleep(0.2)
        _err("a worker process ended abruptly (killed, or out of memory)")
        stopped()
        raise typer.Exit(EXIT_FAILED)
    finally:
        progress.stop()
    secs = time.perf_counter() - t0
    if len(items) > 1 and not quiet:
        sys.stderr.write(f"{len(items)} files, {failed} failed, {secs:.1f} s\n")
    return failed


def _write_out(target: Optional[Path], text: str) -> None:
    from .outputs import write_atomic

    if target is None or str(target) == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _stdout_failed(exc)
            raise _WriteFailed()
    else:
        try:
            write_atomic(target, text)
        except OSError as exc:
            _err(f"{target}: cannot write: {exc.strerror or exc}")
            raise _WriteFailed()


def _stdout_failed(exc: OSError) -> None:
    """One line for a standard output that cannot be written (> /dev/full), and none at
    exit: what is still buffered would fail again when Python flushes it."""
    _err(f"standard output: cannot write: {exc.strerror or exc}")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _check_out_dir(out_dir: Path) -> None:
    import tempfile

    from .outputs import remove_stale_parts

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        _err(f"{out_dir}: cannot write output there: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FAILED)
    remove_stale_parts(out_dir)  # what a killed run left


def _guard(fn):
    """Ctrl-C / SIGTERM: no traceback, exit 130; finished outputs stay, partial ones never appear."""
    import functools

    @functools.wraps(fn)
    def wrapper(*a, **kw):
        try:
            return fn(*a, **kw)
        except KeyboardInterrupt:
            _err("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # Output closed early (| head): not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_OK)
    return wrapper


@app.command(epilog="""Examples:

  mzparse extract samples/004_26c38e0122c86045.txt

  mzparse extract samples/ --out-dir out/ -j 2

  mzparse extract corpus/ --format jsonl -o all.jsonl

  mzparse extract doc.txt --format csv --excel -o entities.csv

  cat doc.txt | mzparse extract - --name doc.txt""")
@_guard
def extract(
    inputs: list[str] = INPUTS,
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json (pretty, one document), jsonl (one per line) or csv (one row per entity)."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", "-d", help="Write DIR/<input stem>.<format> per input."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write jsonl/csv output to this file (atomically)."),
    glob: str = typer.Option("*.txt", "--glob", help="Pattern for files inside directories."),
    name: Optional[str] = typer.Option(None, "--name", help="Name for standard input in source.path and output file names."),
    excel: bool = typer.Option(False, "--excel", help="CSV with a BOM and CRLF, so Excel shows Chinese correctly."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core; 1: in-process)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
):
    """Extract clauses, entities and metadata as JSON, JSON lines or CSV."""
    from . import jobs as J
    from . import render
    from .batch import default_jobs
    from .outputs import safe_stem

    items = _inputs(inputs, glob, name)
    n_jobs = jobs or default_jobs()
    if fmt is Format.json and out_dir is None and len(items) > 1:
        _err("several inputs give several documents: use --out-dir DIR, or --format jsonl")
        raise typer.Exit(EXIT_USAGE)
    if out_dir is not None:
        _check_out_dir(out_dir)
        ext = fmt.value
        job = {Format.json: J.pretty_json, Format.jsonl: J.compact_json, Format.csv: J.csv_rows}[fmt]

        def save(res):
            data = res.value
            if fmt is Format.csv:
                data = render.write_csv(data, render.CSV_COLUMNS, excel)
            _write_out(out_dir / f"{safe_stem(res.name)}.{ext}", data)

        failed = _run_batch(items, job, n_jobs, quiet, debug, save)
    elif fmt is Format.csv:
        rows: list = []
        failed = _run_batch(items, J.csv_rows, n_jobs, quiet, debug, lambda r: rows.extend(r.value))
        _write_out(output, render.write_csv(rows, render.CSV_COLUMNS, excel))
    elif fmt is Format.jsonl and output is not None and str(output) != "-":
        lines: list[str] = []
        failed = _run_batch(items, J.compact_json, n_jobs, quiet, debug, lambda r: lines.append(r.value))
        _write_out(output, "".join(lines))
    else:
        job = J.pretty_json if fmt is Format.json else J.compact_json
        failed = _run_batch(items, job, n_jobs, quiet, debug, lambda r: _write_out(None, r.value))
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command(epilog="""Examples:

  mzparse tasks samples/004_26c38e0122c86045.txt

  mzparse tasks plans/ --format csv --excel -o tasks.csv""")
@_guard
def tasks(
    inputs: list[str] = INPUTS,
    fmt: TaskFormat = typer.Option(None, "--format", "-f", help="table (default on a terminal), csv (default otherwise) or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    glob: str = typer.Option("*.txt", "--glob"),
    name: Optional[str] = typer.Option(None, "--name"),
    excel: bool = typer.Option(False, "--excel", help="CSV with a BOM and CRLF for Excel."),
    jobs: int = typer.Option(0, "--jobs", "-j"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    debug: bool = typer.Option(False, "--debug"),
):
    """The responsibility table: per clause, lead and supporting agencies, deadlines and targets."""
    import json

    from . import jobs as J
    from . import render
    from .batch import default_jobs

    items = _inputs(inputs, glob, name)
    if fmt is None:
        fmt = TaskFormat.table if (output is None and sys.stdout.isatty()) else TaskFormat.csv
    rows: list[dict] = []
    failed = _run_batch(items, J.task_rows, jobs or default_jobs(), quiet, debug, lambda r: rows.extend(r.value))
    if fmt is TaskFormat.json:
        _write_out(output, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is TaskFormat.csv:
        _write_out(output, render.write_csv(render.task_csv_rows(rows), render.TASK_COLUMNS, excel))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for col in ("path", "heading", "lead", "support", "deadlines", "targets"):
            table.add_column(col, overflow="fold")
        for r in rows:
            if r["lead"] or r["support"] or r["deadlines"] or r["targets"]:
                table.add_row(r["path"], r["heading"], "、".join(r["lead"]), "、".join(r["support"]),
                              "、".join(r["deadlines"]), "、".join(r["targets"]))
        Console().print(table)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command(epilog="""Examples:

  mzparse show samples/004_26c38e0122c86045.txt

  NO_COLOR=1 mzparse show doc.txt | less""")
@_guard
def show(
    file: str = typer.Argument(..., help="One document (or - for standard input)."),
    name: Optional[str] = typer.Option(None, "--name"),
    no_color: bool = typer.Option(False, "--no-color", help="Plain text (also when NO_COLOR is set)."),
    pager: bool = typer.Option(True, "--pager/--no-pager", help="Page long output on a terminal."),
    width: Optional[int] = typer.Option(None, "--width", help="Render for this many columns."),
):
    """Show the clause tree with entities highlighted and a metadata panel."""
    from rich.console import Console

    from . import jobs as J
    from . import render
    from .batch import expand, run

    items = expand([file], "*.txt", name)
    res = next(run(items[:1], J.document, jobs=1))
    if res.error is not None:
        _err(f"{res.name}: {res.error}")
        raise typer.Exit(EXIT_FAILED)
    color = not (no_color or os.environ.get("NO_COLOR"))
    console = Console(no_color=not color, highlight=False, width=width, soft_wrap=False,
                      force_terminal=None if color else False)
    if pager and sys.stdout.isatty():
        with console.pager(styles=color):
            render.show(res.value, console)
    else:
        render.show(res.value, console)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


def _codes(values: Optional[list[str]], what: str) -> list[str]:
    """--select/--ignore values: repeated or comma-separated codes or prefixes, checked against the rules."""
    from .check import rules

    out = [c.strip().upper() for v in values or [] for c in str(v).split(",") if c.strip()]
    for c in out:
        if c != "ALL" and not any(code.startswith(c) for code in rules()):
            _err(f"{what}: no rule code starts with {c!r} (see mzparse check --list-rules)")
            raise typer.Exit(EXIT_USAGE)
    return out


@app.command(epilog="""Examples:

  mzparse check samples/

  mzparse check new/ --format github          (annotations in GitHub Actions)

  mzparse check new/ --format sarif -o mzparse.sarif

  mzparse check doc.txt --select N,D --ignore N005 --severity error

  mzparse check --explain F001

Exit status: 0 no finding at or above --severity, 1 findings (or a file
that could not be read), 2 usage error. Defaults come from
[tool.mzparse.check] in pyproject.toml or [check] in mzparse.toml.""")
@_guard
def check(
    inputs: Optional[list[str]] = typer.Argument(None, help="Files, directories (searched for --glob) or - for standard input.",
                                                 show_default=False),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="text (path:line:col: CODE message), json, github or sarif."),
    select: Optional[list[str]] = typer.Option(None, "--select", help="Only these codes or prefixes (N, D001; repeat or comma-separate)."),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="Leave out these codes or prefixes."),
    severity: Severity = typer.Option(Severity.warning, "--severity", help="Report findings at or above this severity."),
    explain: Optional[str] = typer.Option(None, "--explain", help="Explain a rule (what, why, an example) and exit."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List every rule and exit."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
    glob: str = typer.Option("*.txt", "--glob", help="Pattern for files inside directories."),
    name: Optional[str] = typer.Option(None, "--name", help="Name for standard input in the report."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core; 1: in-process)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
):
    """Find defects of published documents (lost numerals, broken 发文字号, malformed dates, mojibake…)."""
    from . import report
    from .batch import default_jobs
    from .check import rules

    if list_rules:
        typer.echo(report.rule_table(), nl=False)
        raise typer.Exit(EXIT_OK)
    if explain is not None:
        code = explain.strip().upper()
        if code not in rules():
            _err(f"--explain: no rule {explain!r} (see mzparse check --list-rules)")
            raise typer.Exit(EXIT_USAGE)
        typer.echo(report.explain(code))
        raise typer.Exit(EXIT_OK)
    if not inputs:
        _err("no input: give files, directories or -, or --explain CODE")
        raise typer.Exit(EXIT_USAGE)
    sel, ign = _codes(select, "--select"), _codes(ignore, "--ignore")
    items = _inputs(inputs, glob, name)
    files: list = []

    def collect(res):
        f = res.value
        kept = tuple(w for w in f.warnings if report.keep(w["code"], w["severity"], sel, ign, severity.value))
        files.append(report.FileFindings(f.path, kept))

    failed = _run_batch(items, report.file_findings, jobs or default_jobs(), True, debug, collect)
    _write_out(output, report.FORMATS[fmt.value](files))
    n = sum(len(f.warnings) for f in files)
    if not quiet:
        by = {s: sum(w["severity"] == s for f in files for w in f.warnings) for s in ("error", "warning", "info")}
        detail = ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in by.items() if v)
        sys.stderr.write(f"{len(items)} file{'s' if len(items) != 1 else ''} checked, "
                         f"{n} finding{'s' if n != 1 else ''}{f' ({detail})' if detail else ''}"
                         f"{f', {failed} unreadable' if failed else ''}\n")
    raise typer.Exit(EXIT_FAILED if (n or failed) else EXIT_OK)


@app.command(epilog="""Examples:

  mzparse schema > mzparse.schema.json

  mzparse schema | python -m json.tool --sort-keys

The schema is generated from the pydantic models that validate every output.""")
def schema():
    """Print the JSON Schema of mzparse's output (generated from the pydantic models)."""
    import json

    from .models import Document

    typer.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    from .config import default_map, find_config

    _, conf = find_config()
    try:
        app(default_map=default_map(conf), prog_name="mzparse")
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        # Output written through typer.echo (schema, --list-rules…) to a full or broken
        # standard output; every other write is handled where it happens.
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
            raise
        _stdout_failed(exc)
        sys.exit(EXIT_FAILED)
