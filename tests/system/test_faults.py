"""Faults a batch must survive: its parent killed, signals to the process group, a full
standard output, its output directory removed mid-run, temporary files left by a kill."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SAMPLE_FILES, sample

MZ = [sys.executable, "-m", "mzparse"]
linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _inputs(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        shutil.copy(SAMPLE_FILES[i % len(SAMPLE_FILES)], src / f"doc{i:03d}.txt")
    return src


def _wait_for_outputs(out: Path, n: int, proc, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and len([p for p in out.iterdir() if p.suffix == ".json"]) >= n:
            return
        time.sleep(0.02)
    raise AssertionError("the batch did not get under way")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()   # [state, ppid, …] after "pid (comm) "


def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = _stat(int(d))
            if st and int(st[1]) == pid:
                out.append(int(d))
    return out


def _alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")   # a zombie has ended; only reaping is left


def _sigint_default() -> None:
    # A shell starts background jobs with SIGINT ignored, and Python keeps an ignored SIGINT
    # ignored: the child gets the default, as from a terminal, whoever runs the tests.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def _batch(args: list[str], out: Path | None = None, outputs: int = 2):
    """A running `mzparse` in its own process group, under way (``outputs`` written to
    ``out``) when given; its workers (``workers`` in the yielded dict) are never left
    behind, whatever the test asserts."""
    proc = subprocess.Popen(MZ + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                            start_new_session=True, preexec_fn=_sigint_default)
    seen = {"proc": proc, "workers": []}
    try:
        if out is not None:
            _wait_for_outputs(out, outputs, proc)
            seen["workers"] = _children(proc.pid) if Path("/proc/self/stat").exists() else []
        yield seen
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        for w in seen["workers"]:
            if _alive(w):
                os.kill(w, signal.SIGKILL)


@linux
def test_workers_end_when_the_parent_is_killed(tmp_path):
    src, out = _inputs(tmp_path, 200), tmp_path / "out"
    with _batch(["extract", str(src), "-d", str(out), "-q", "-j", "2"], out) as run:
        proc, workers = run["proc"], run["workers"]
        assert len(workers) >= 2
        proc.kill()
        # The pipes reach their end only when no worker holds them open: what
        # `$(mzparse …)` or a CI log reader waits for.
        proc.communicate(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)]


@pytest.mark.parametrize("sig,jobs", [(signal.SIGTERM, "2"), (signal.SIGINT, "2"), (signal.SIGTERM, "1")])
def test_group_signals_leave_no_part_files_and_no_traceback(tmp_path, sig, jobs):
    # Enough inputs that the signal lands mid-batch: one that lands during the interpreter's
    # exit meets the default handler again (Python resets it), and the run ends by it.
    src = _inputs(tmp_path, 400)
    rng = random.Random(f"{sig}{jobs}")
    for trial in range(2):
        out = tmp_path / f"out{trial}"
        with _batch(["extract", str(src), "-d", str(out), "-q", "-j", jobs], out, outputs=1) as run:
            proc = run["proc"]
            time.sleep(rng.uniform(0, 0.5))
            assert proc.poll() is None, "the batch ended before the signal: give it more inputs"
            os.killpg(proc.pid, sig)   # as a terminal's Ctrl-C or a service manager does
            _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, err
        assert "Traceback" not in err and err.strip().splitlines() == ["mzparse: interrupted"]
        assert not [p.name for p in out.iterdir() if p.name.endswith(".part")]


@linux
def test_a_worker_killed_stops_the_batch_and_says_what_was_done(tmp_path):
    # The pool then terminates the other workers: they must not ignore SIGTERM, or it
    # waits for them for good.
    src, out = _inputs(tmp_path, 200), tmp_path / "out"
    with _batch(["extract", str(src), "-d", str(out), "-q", "-j", "2"], out) as run:
        proc = run["proc"]
        os.kill(run["workers"][0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    lines = err.strip().splitlines()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert lines[0] == "mzparse: a worker process ended abruptly (killed, or out of memory)"
    words = lines[1].split()   # mzparse: stopped: D done, F failed, N not attempted of 200 inputs
    assert words[1] == "stopped:" and int(words[2]) + int(words[4]) + int(words[6]) == 200
    assert int(words[2]) == len([p for p in out.iterdir() if p.suffix == ".json"])


@linux
def test_sigterm_to_the_group_while_workers_wait_prints_no_traceback(tmp_path):
    """Workers idle on the task queue inherited the parent's SIGTERM handler, and each
    printed a traceback. Here the parent blocks writing to a pipe nobody reads yet, so
    the workers finish every task and wait."""
    src = _inputs(tmp_path, 12)
    with _batch(["extract", str(src), "-f", "jsonl", "-j", "2"]) as run:
        proc = run["proc"]
        deadline, idle_since = time.monotonic() + 120, None
        while time.monotonic() < deadline:
            workers = run["workers"] = _children(proc.pid)
            idle = len(workers) >= 2 and all((_stat(w) or ["?"])[0] == "S" for w in workers)
            idle_since = (idle_since or time.monotonic()) if idle else None
            if idle_since and time.monotonic() - idle_since > 1.0:
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1] == "mzparse: interrupted"


def test_a_signal_while_writing_waits_for_the_rename(tmp_path, monkeypatch):
    """Deterministic form of the race above: SIGINT just after the temporary file is made."""
    import tempfile

    from mzparse.writers import atomic

    real = tempfile.mkstemp

    def mkstemp_then_interrupt(*a, **kw):
        made = real(*a, **kw)
        os.kill(os.getpid(), signal.SIGINT)
        return made

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp_then_interrupt)
    target = tmp_path / "a.json"
    # Ctrl-C as from a terminal, even where the tests run as a background job (SIGINT ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _interrupted_write(atomic, target)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"] and target.read_text() == "{}\n"


def _interrupted_write(atomic, target):
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(target, "{}\n")
        time.sleep(1)  # (without holding the signal, it would arrive before this)


def test_next_run_removes_part_files_a_killed_run_left(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".doc.json.{dead.pid}.k2x8q0zz.part"        # a killed run's, by its naming
    live = out / f".doc.json.{os.getpid()}.a1b2c3d4.part"       # a run still going
    foreign = out / "notes.part"                                 # not ours
    for p in (stale, live, foreign):
        p.write_text("half")
    res = subprocess.run(MZ + ["extract", str(sample("004")), "-d", str(out), "-q"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([live.name, foreign.name, "004_26c38e0122c86045.json"])


def test_part_files_in_the_folders_below_out_are_removed_too(tmp_path):
    """A worker killed mid-write leaves its temporary beside the output it was writing, which
    for an input in a sub-folder is a folder below OUT (Dask workers write there themselves)."""
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    shutil.copy(sample("004"), src / "a.txt")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / "sub" / f".a.json.{dead.pid}.k2x8q0zz.part"
    stale.write_text("half")
    res = subprocess.run(MZ + ["extract", str(tmp_path / "in"), "-d", str(out), "-q"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (out / "sub").iterdir()) == ["a.json"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [
    ["extract", "SAMPLE"], ["extract", "SAMPLE", "-f", "jsonl"], ["schema"], ["check", "SAMPLE"],
    ["tasks", "SAMPLE", "-f", "csv"]])
def test_full_standard_output_is_one_line(args):
    args = [str(sample("004")) if a == "SAMPLE" else a for a in args]
    with open("/dev/full", "w") as full:
        res = subprocess.run(MZ + args, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.splitlines() == ["mzparse: standard output: cannot write: No space left on device"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_standard_output_stops_a_batch_and_says_what_was_done(tmp_path):
    src = _inputs(tmp_path, 6)
    with open("/dev/full", "w") as full:
        res = subprocess.run(MZ + ["extract", str(src), "-f", "jsonl", "-j", "1"], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=120)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.splitlines()[-2:] == ["mzparse: standard output: cannot write: No space left on device",
                                            "mzparse: stopped: 0 done, 1 failed, 5 not attempted of 6 inputs"]


def test_output_directory_removed_mid_run(tmp_path):
    src, out = _inputs(tmp_path, 150), tmp_path / "out"
    proc = subprocess.Popen(MZ + ["extract", str(src), "-d", str(out), "-j", "1"], preexec_fn=_sigint_default,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_outputs(out, 3, proc)
    while out.exists():   # a write may land while it is being removed
        shutil.rmtree(out, ignore_errors=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert "cannot write: No such file or directory" in lines[-2]
    words = lines[-1].split()   # mzparse: stopped: D done, F failed, N not attempted of 150 inputs
    assert lines[-1].startswith("mzparse: stopped: ") and words[-2] == "150"
    done, failed, not_attempted = int(words[2]), int(words[4]), int(words[6])
    assert done >= 3 and failed == 1 and done + failed + not_attempted == 150
