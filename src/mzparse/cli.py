"""The command line: a thin layer over :func:`mzparse.extract` and the batch runner."""
from __future__ import annotations

import errno
import functools
import os
import signal
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__, writers
from .cache import dataclass

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="mzparse",
    help="Turn Chinese civil-affairs (民政) policy documents into validated structured data.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _choices(command: str) -> type[Enum]:
    """A command's --format choices, from the writer registry (in its order)."""
    return Enum(f"{command.title()}Format", [(n, n) for n in writers.formats(command)], type=str)


def _format_help(command: str) -> str:
    """--format's help: each writer's phrase, as "a, b or c." """
    phrases = [w.help for w in writers.formats(command).values()]
    return f"{', '.join(phrases[:-1])} or {phrases[-1]}."


Format = _choices("extract")      # extract --format
TaskFormat = _choices("tasks")    # tasks --format


def _err(msg: str) -> None:
    # One line per message, whatever a file name holds (a newline, a tab, an escape sequence).
    msg = "".join(ch if ch >= " " and ch != "\x7f" else ch.encode("unicode_escape").decode() for ch in msg)
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


# The options extract, tasks, show and check share, declared once (their defaults are the types'
# empty values: None, False, 0). A [tool.mzparse] table sets them by these parameter names.
_INPUTS_HELP = "Files, directories (searched for --glob) or - for standard input."
Inputs = Annotated[list[str], typer.Argument(help=_INPUTS_HELP, show_default=False)]
Glob = Annotated[Optional[str], typer.Option(
    "--glob", help="Pattern for files inside directories (default: every form mzparse reads: "
                   "*.txt, *.html, *.docx, *.pdf… by suffix).", show_default=False)]
Hidden = Annotated[bool, typer.Option("--hidden", help="Search hidden files and folders (.name) inside directories too.")]
Follow = Annotated[bool, typer.Option("--follow", "-L", help="Follow symbolic links inside directories.")]
Name = Annotated[Optional[str], typer.Option(
    "--name", help="Name for standard input in source.path, messages and output file names "
                   "(its suffix helps pick the reader).")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core; 1: in-process).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
Excel = Annotated[bool, typer.Option("--excel", help="CSV with a BOM and CRLF, so Excel shows Chinese correctly.")]
Convert = Annotated[bool, typer.Option("--convert", help="Convert .doc/.wps/.rtf with LibreOffice (soffice) first.")]


@dataclass(frozen=True)
class Shared:
    """The shared options of one command's run (those it does not take keep their defaults)."""
    glob: Optional[str] = None
    hidden: bool = False
    follow: bool = False
    name: Optional[str] = None
    excel: bool = False
    jobs: int = 0
    quiet: bool = False
    debug: bool = False


_SHARED = {"glob": Glob, "hidden": Hidden, "follow": Follow, "name": Name, "excel": Excel, "jobs": Jobs,
           "quiet": Quiet, "debug": Debug}


def _shared(*names: str):
    """Give a command the shared options ``names``: typer sees each as a parameter of its own, where
    the command's ``opts`` parameter stands (so help, defaults and the configuration's keys are
    those of _SHARED), and the command receives them together as ``opts``, a :class:`Shared`."""
    import inspect

    def decorate(fn):
        sig = inspect.signature(fn, eval_str=True)
        params = []
        for p in sig.parameters.values():
            if p.name == "opts":
                params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=_SHARED[n],
                                             default=getattr(Shared, n)) for n in names]
            else:
                params.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(fn)
        def command(**kw):
            return fn(opts=Shared(**{n: kw.pop(n) for n in names}), **kw)

        command.__signature__ = sig.replace(parameters=params)
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command
    return decorate


def _inputs(inputs: list[str], opts: Shared):
    """The inputs a command line names (directories searched), or exit 2 when there are none."""
    from .runners.inputs import expand, is_utf8_name, searched_for
    from .writers.atomic import bare_stem

    name = opts.name
    if name is not None and not bare_stem(name):
        # ".", ".." or "/" name no file: each would be written as stdin.<format>
        _err(f"--name: {name!r} is not a file name")
        raise typer.Exit(EXIT_USAGE)
    items = expand(inputs, opts.glob, name, hidden=opts.hidden, follow=opts.follow)
    if not items:
        _err(f"no input files (nothing matched {searched_for(opts.glob)})")
        raise typer.Exit(EXIT_USAGE)
    for it in items:
        if it.path is not None and not is_utf8_name(it.path):
            _err(f"{it.name}: file name is not UTF-8; source.path and output names give those bytes as %XX")
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
        """Count one more finished input (``done`` so far) and show the rate."""
        if self.bar:
            rate = done / max(1e-9, time.perf_counter() - self.t0)
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f} files/s")

    def stop(self):
        """Take the bar off the terminal (nothing when there is none)."""
        if self.bar:
            self.bar.stop()


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


class _WriteFailed(typer.Exit):
    """An output could not be written (its line is on stderr): exit 1, and a batch stops."""

    def __init__(self) -> None:
        super().__init__(EXIT_FAILED)


class _PoolLost(typer.Exit):
    """A pool worker died: exit 1 by _exit_now once the outputs are tidied (see there)."""


def _local(shape, opts: Shared):
    """The local runner of ``shape`` over ``opts.jobs`` processes (0: one per core)."""
    from .runners import Job
    from .runners.local import LocalRunner, default_jobs

    return LocalRunner(Job(shape, debug=opts.debug), opts.jobs or default_jobs())


def _run_batch(items, runner, quiet, on_result=None):
    """Run ``runner`` over ``items``; report failures; return how many failed."""
    from .runners import WorkerDied

    signal.signal(signal.SIGTERM, _on_sigterm)
    failed, t0 = 0, time.perf_counter()
    progress = _Progress(len(items), quiet)
    done = seen = 0

    def stopped() -> None:  # say what became of each input
        progress.stop()
        if len(items) > 1:
            _err(f"stopped: {done} done, {failed} failed, {len(items) - seen} not attempted of {len(items)} inputs")

    results = runner.map(items)
    try:
        for seen, res in enumerate(results, 1):
            if res.error is not None:
                failed += 1
                _err(f"{res.name}: {res.error}")
            else:
                try:
                    if on_result is not None:
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
        raise _PoolLost(EXIT_FAILED)
    finally:
        results.close()   # the pool stops here, not whenever the generator is collected
        progress.stop()
    secs = time.perf_counter() - t0
    if len(items) > 1 and not quiet:
        sys.stderr.write(f"{len(items)} files, {failed} failed, {secs:.1f} s\n")
    return failed


def _write_out(target: Optional[Path], text: str) -> None:
    from .writers.atomic import write_atomic

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

    from .writers.atomic import remove_stale_parts

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        _err(f"{out_dir}: cannot write output there: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FAILED)
    remove_stale_parts(out_dir)  # what a killed run left


def _exit_now(code: int) -> None:
    """Leave at once after an interrupt or a dead worker: outputs are whole or gone by now
    (their finally blocks have run), and the interpreter's exit would join a process pool
    whose thread can wait for good on half a message from a killed worker."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _leave(code) -> None:
    """End a finished run without the interpreter's teardown, where nothing is left to do.

    Tearing down frees every module and object one by one (jieba's dictionary, the grammars):
    ~50 ms of a 0.3 s run, a sixth of a cold start, for memory the process gives back anyway.
    Only when the run is over for sure: the outputs are closed (each command closes what it
    writes), standard streams flush without error, no other thread runs and no child process
    is alive (a process pool, a Dask cluster); otherwise the usual exit does its work.
    """
    if not (code is None or isinstance(code, int)):
        return
    import threading

    if threading.active_count() != 1:
        return
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return   # the usual exit reports it (a broken pipe, a full disk)
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.shutdown()   # the one exit handler a finished run registers: flushes log handlers
    os._exit(code or 0)


def _guard(fn):
    """Ctrl-C / SIGTERM: no traceback, exit 130; finished outputs stay, partial ones never appear."""
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        try:
            return fn(*a, **kw)
        except KeyboardInterrupt:
            _err("interrupted")
            _exit_now(EXIT_INTERRUPTED)
        except _PoolLost as exc:
            _exit_now(exc.exit_code)
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

  cat doc.txt | mzparse extract - --name doc.txt

  mzparse extract corpus/ --format parquet -o tables/   (documents/, clauses/, entities/)

  mzparse extract corpus/ --dask tcp://scheduler:8786 -d out/ --resume""")
@_guard
@_shared("glob", "hidden", "follow", "name", "excel", "jobs", "quiet", "debug")
def extract(
    inputs: Inputs,
    fmt: Annotated[Format, typer.Option("--format", "-f", help=_format_help("extract"))] = "json",
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", "-d", help="Write DIR/<input stem>.<format> per input (files found in a directory keep their place below it).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write everything to this file as documents finish, renamed into place at the end (parquet: a folder).")] = None,
    opts: Shared = Shared(),
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS", help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' (--jobs workers). Needs -d DIR or --format parquet -o DIR.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip inputs whose output exists and was made from the same content (sha256).")] = False,
    with_text: Annotated[bool, typer.Option("--with-text", help="Put the text spans index into the JSON as source.text.")] = False,
    convert: Convert = False,
):
    """Extract clauses, entities and metadata as JSON, JSON lines, CSV or Parquet tables (from text, HTML, .docx or PDF)."""
    from .errors import MzparseError
    from .runners.local import default_jobs
    from .writers import sinks

    writer = writers.get(Format(fmt).value)
    items = _inputs(inputs, opts)
    try:
        sinks.check_extract_options(writer, out_dir, output, dask, resume, items)
        if dask is not None:
            from .dask import need_dask

            need_dask()
        targets = sinks.targets(items, writer.suffix) if out_dir is not None else None
    except (sinks.Usage, MzparseError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE)
    if output is not None and str(output) == "-":
        output = None
    _convert_env(convert)
    from .runners import Job

    # source.text only where the format carries it (JSON): the others would extract it for nothing.
    job = Job(writer.shape, with_text=with_text and writer.keeps_text, debug=opts.debug)
    try:
        failed = _extract_batch(items, targets, writer, job, out_dir, output, opts.excel, opts.jobs or default_jobs(),
                                dask, resume, opts.quiet)
    finally:
        if out_dir is not None and out_dir.is_dir():
            # A worker killed mid-write (by hand, the OOM killer, a lost Dask node) left its
            # temporary file; that process is gone now, so its file can go too.
            from .writers.atomic import remove_stale_parts

            for folder in sorted({(out_dir / t).parent for t in targets}):
                remove_stale_parts(folder)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def _extract_batch(items, targets, writer, job, out_dir, output, excel, n_jobs, dask, resume, quiet) -> int:
    """Run the extraction and write as documents finish; return how many inputs failed."""
    from .runners.local import LocalRunner
    from .writers import sinks

    first_part, old_parts = 0, []
    if resume:
        before = len(items)
        if out_dir is not None:
            todo = [(i, t) for i, t in zip(items, targets) if not sinks.is_done(i, out_dir / t)]
            items, targets = [i for i, _ in todo], [t for _, t in todo]
        else:
            items, old_parts = sinks.parquet_pending(items, output)
            first_part = max(old_parts, default=-1) + 1
        if not quiet:
            sys.stderr.write(f"resume: {before - len(items)} of {before} files already done\n")
        if not items:
            return 0
    if out_dir is not None:
        _check_out_dir(out_dir)
    elif output is not None and writer.folder:
        _check_out_dir(output)
    if dask:
        return _extract_dask(items, targets, writer, job, out_dir, output, excel, n_jobs, dask, quiet, first_part,
                             old_parts)
    runner = LocalRunner(job, n_jobs)
    if out_dir is not None:
        where = {i.name: t for i, t in zip(items, targets)}

        def save(res):
            target = out_dir / where[res.name]
            if not out_dir.is_dir():   # removed mid-run: stop, do not make it again
                _err(f"{target}: cannot write: {os.strerror(errno.ENOENT)}")
                raise _WriteFailed()
            target.parent.mkdir(parents=True, exist_ok=True)   # the input's folder below OUT
            _write_out(target, writer.file_text(res.value, excel))

        return _run_batch(items, runner, quiet, save)
    failed = _stream(items, runner, writer, output, excel, quiet, first_part)
    writer.finish(output, keep={first_part, *old_parts})
    return failed


def _stream(items, runner, writer, output, excel, quiet, part=0) -> int:
    """Run a batch into one stream (standard output, a file, a folder's partition) that the writer's
    sink writes as documents finish and puts in place at the end; return how many inputs failed."""
    sink = None
    try:
        sink = writer.sink(output, excel=excel, part=part)

        def put(res):
            try:
                sink.write(res.value)
            except BrokenPipeError:
                raise
            except OSError as exc:   # a full disk or standard output: every later write fails too
                if output is None:
                    _stdout_failed(exc)
                else:
                    _err(f"{output}: cannot write: {exc.strerror or exc}")
                raise _WriteFailed()

        failed = _run_batch(items, runner, quiet, put)
        sink.close()
    except BrokenPipeError:
        raise  # standard output closed early (| head): _guard's business
    except OSError as exc:
        if sink is not None:
            sink.abort()
        if output is None:
            _stdout_failed(exc)   # one line, and nothing more when Python flushes at exit
        else:
            _err(f"{output}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FAILED)
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    return failed


def _extract_dask(items, targets, writer, job, out_dir, output, excel, n_jobs, address, quiet, first_part,
                  old_parts) -> int:
    """The workers extract and write; here only progress and failures are tracked."""
    from . import dask as dask_runner

    signal.signal(signal.SIGTERM, _on_sigterm)
    folder = output if writer.folder else out_dir
    store = dask_runner.WorkerWrite(writer.name, str(folder.resolve()), excel)
    try:
        client = dask_runner.connect(address, n_jobs)
    except OSError as exc:  # no scheduler there, or it did not answer in time
        _err(f"--dask {address}: cannot connect: {exc}")
        raise typer.Exit(EXIT_FAILED)
    runner = dask_runner.DaskRunner(client, job, store, None if writer.folder else [t.as_posix() for t in targets],
                                    first_part)
    try:
        failed = _run_batch(items, runner, quiet)
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
    if writer.folder:
        writer.finish(output, keep={*runner.written, *old_parts})
    else:
        from .writers import sinks

        sinks.remove_temporaries(out_dir, targets)
    return failed


@app.command(epilog="""Examples:

  mzparse tasks samples/004_26c38e0122c86045.txt

  mzparse tasks plans/ --format csv --excel -o tasks.csv""")
@_guard
@_shared("glob", "hidden", "follow", "name", "excel", "jobs", "quiet", "debug")
def tasks(
    inputs: Inputs,
    fmt: Annotated[Optional[TaskFormat], typer.Option("--format", "-f", help=_format_help("tasks"))] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    opts: Shared = Shared(),
):
    """The responsibility table: per clause, lead and supporting agencies, deadlines and targets."""
    items = _inputs(inputs, opts)
    if fmt is None:
        fmt = "table" if (output is None and sys.stdout.isatty()) else "csv"
    if output is not None and str(output) == "-":
        output = None
    writer = writers.get(TaskFormat(fmt).value, "tasks")
    failed = _stream(items, _local(writer.shape, opts), writer, output, opts.excel, opts.quiet)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command(epilog="""Examples:

  mzparse show samples/004_26c38e0122c86045.txt

  mzparse show samples/                 (every document, one after another)

  NO_COLOR=1 mzparse show doc.txt | less""")
@_guard
@_shared("glob", "hidden", "follow", "name")
def show(
    inputs: Inputs,
    opts: Shared = Shared(),
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text (also when NO_COLOR is set).")] = False,
    pager: Annotated[bool, typer.Option("--pager/--no-pager", help="Page long output on a terminal (less -R).")] = True,
    width: Annotated[Optional[int], typer.Option("--width", help="Render for this many columns.")] = None,
):
    """Show the clause tree with entities highlighted and a metadata panel."""
    from rich.console import Console

    from .runners import whole
    from .writers import render

    items = _inputs(inputs, opts)
    color = not (no_color or os.environ.get("NO_COLOR"))
    paging = pager and sys.stdout.isatty()
    console = Console(no_color=not color, highlight=False, width=width, soft_wrap=False,
                      force_terminal=True if (color and paging) else (None if color else False))

    def show_all() -> int:
        failed = 0
        for res in _local(whole, Shared(jobs=1)).map(items):
            if res.error is not None:
                failed += 1
                _err(f"{res.name}: {res.error}")
            else:
                render.show(res.value, console)
        return failed

    if paging:
        with console.capture() as captured:
            failed = show_all()
        render.page(captured.get())
    else:
        failed = show_all()
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


class CheckFormat(str, Enum):
    """The ``check --format`` choices: text, json, github, sarif."""
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class Severity(str, Enum):
    """The ``check --severity`` threshold: findings below it are not reported."""
    info = "info"
    warning = "warning"
    error = "error"


def _codes(values: Optional[list[str]], what: str) -> list[str]:
    """--select/--ignore values: repeated or comma-separated codes or prefixes, checked against the rules."""
    from .lint.checks import rules

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
@_shared("glob", "hidden", "follow", "name", "jobs", "quiet", "debug")
def check(
    inputs: Annotated[Optional[list[str]], typer.Argument(help=_INPUTS_HELP, show_default=False)] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text (path:line:col: CODE message), json, github or sarif.")] = "text",
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these codes or prefixes (N, D001; repeat or comma-separate).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Leave out these codes or prefixes.")] = None,
    severity: Annotated[Severity, typer.Option("--severity", help="Report findings at or above this severity.")] = "warning",
    explain: Annotated[Optional[str], typer.Option("--explain", help="Explain a rule (what, why, an example) and exit.")] = None,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List every rule and exit.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (atomically).")] = None,
    opts: Shared = Shared(),
):
    """Find defects of published documents (lost numerals, broken 发文字号, malformed dates, mojibake…)."""
    from .lint import report
    from .lint.checks import rules

    if list_rules:
        typer.echo(report.rule_table(), nl=False)
        raise typer.Exit(EXIT_OK)
    if explain is not None:
        code = explain.strip().upper()
        if code not in rules():
            _err(f"--explain: no rule {explain!r} (see mzparse check --list-rules)")
            raise typer.Exit(EXIT_USAGE)
        from .pipeline import extract

        typer.echo(report.explain(code, extract))
        raise typer.Exit(EXIT_OK)
    if not inputs:
        _err("no input: give files, directories or -, or --explain CODE")
        raise typer.Exit(EXIT_USAGE)
    sel, ign = _codes(select, "--select"), _codes(ignore, "--ignore")
    items = _inputs(inputs, opts)
    files: list = []

    def collect(res):
        f = res.value
        kept = tuple(w for w in f.warnings if report.keep(w["code"], w["severity"], sel, ign, Severity(severity).value))
        files.append(report.FileFindings(f.path, kept))

    failed = _run_batch(items, _local(report.file_findings, opts), True, collect)
    _write_out(output, report.FORMATS[CheckFormat(fmt).value](files))
    n = sum(len(f.warnings) for f in files)
    if not opts.quiet:
        by = {s: sum(w["severity"] == s for f in files for w in f.warnings) for s in ("error", "warning", "info")}
        detail = ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in by.items() if v)
        sys.stderr.write(f"{len(items)} file{'s' if len(items) != 1 else ''} checked, "
                         f"{n} finding{'s' if n != 1 else ''}{f' ({detail})' if detail else ''}"
                         f"{f', {failed} unreadable' if failed else ''}\n")
    raise typer.Exit(EXIT_FAILED if (n or failed) else EXIT_OK)


@app.command(epilog="""Examples:

  mzparse text page.html            (the text a web page's spans index)

  mzparse text plan.docx > plan.txt""")
@_guard
def text(
    file: str = typer.Argument(..., help="One document (or - for standard input)."),
    name: Name = None,
    convert: Convert = False,
):
    """Print the text mzparse reads from a file: what every span indexes."""
    from . import readers
    from .errors import MzparseError
    from .readers.text import read_bytes

    _convert_env(convert)
    try:
        data = sys.stdin.buffer.read() if file == "-" else read_bytes(file)
        src = readers.read(data, name or file)
    except MzparseError as exc:
        _err(f"{name or file}: {exc.reason}")
        raise typer.Exit(EXIT_FAILED)
    sys.stdout.write(src.text)
    sys.stdout.flush()


def _convert_env(convert: bool) -> None:
    # An environment variable reaches the readers in this process and in the workers of a pool.
    if convert:
        from .readers.office import CONVERT_ENV

        os.environ[CONVERT_ENV] = "1"


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
    """The ``mzparse`` entry point: reads and validates the configuration, then runs the command;
    exits 2 on a bad configuration, 130 on an interrupt."""
    from .config import ConfigError, default_map, find_config, schema, validate

    try:
        path, conf = find_config()
        validate(conf, path, schema([f.value for f in Format], [f.value for f in CheckFormat],
                                    [s.value for s in Severity]))
    except ConfigError as exc:
        _err(str(exc))
        sys.exit(EXIT_USAGE)
    from .cache import cache_dir, usable_cache_dir

    if cache_dir() is not None and usable_cache_dir() is None:
        # An unsafe folder is reported once, here; worker processes compile in memory without repeating it.
        os.environ["MZPARSE_CACHE_DIR"] = ""
    from . import codec

    codec.lean()
    try:
        app(default_map=default_map(conf), prog_name="mzparse")
    except SystemExit as exc:   # typer ends every run so, an error's too
        _leave(exc.code)
        raise
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
