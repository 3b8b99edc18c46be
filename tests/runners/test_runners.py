"""The runner contract: map(inputs) → one Result per input, in input order, all made by extract_one."""
import pickle

from conftest import SAMPLE_FILES
from mzparse import writers
from mzparse.runners import Input, Job, Result, extract_one, whole
from mzparse.runners.local import LocalRunner


def _inputs(tmp_path):
    bad = tmp_path / "missing.txt"
    files = [*SAMPLE_FILES[:3], bad, *SAMPLE_FILES[3:]]
    return [Input(str(p), str(p)) for p in files]


def test_local_runner_keeps_input_order_serial_and_pooled(tmp_path):
    writer = writers.get("jsonl")
    job = Job(writer.shape)
    inputs = _inputs(tmp_path)
    serial = list(LocalRunner(job, 1).map(inputs))
    pooled = list(LocalRunner(job, 2).map(inputs))
    assert [r.index for r in serial] == list(range(len(inputs))) == [r.index for r in pooled]

    def text(r):   # JSON comes in pieces: made as written in this process, finished when pooled
        return r.value if r.value is None else writer.file_text(r.value)

    assert [(r.name, text(r), r.error) for r in serial] == [(r.name, text(r), r.error) for r in pooled]
    assert [r.error is not None for r in serial] == [False, False, False, True, False, False]


def test_extract_one_reports_a_failure_as_a_result(tmp_path):
    res = extract_one(Input("x.txt", str(tmp_path / "x.txt")), Job(), index=7)
    assert isinstance(res, Result) and res.index == 7 and res.value is None and "x.txt" in res.name
    assert res.error  # the reason, one line


def test_a_job_crosses_processes():
    job = Job(writers.get("csv").shape, with_text=True, debug=True)
    assert pickle.loads(pickle.dumps(job)) == job
    assert Job().shape is whole


def test_standard_input_is_read_once_and_placed_in_order(tmp_path, monkeypatch):
    import io
    import sys

    text = SAMPLE_FILES[0].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    inputs = [Input(str(SAMPLE_FILES[1]), str(SAMPLE_FILES[1])), Input("stdin.txt", None),
              Input(str(SAMPLE_FILES[2]), str(SAMPLE_FILES[2]))]
    writer = writers.get("json")
    got = list(LocalRunner(Job(writer.shape), 2).map(inputs))
    assert [r.name for r in got] == [i.name for i in inputs] and all(r.error is None for r in got)
    assert '"path": "stdin.txt"' in writer.file_text(got[1].value)


def test_a_quieted_thread_reports_nothing_and_others_still_do():
    import threading

    from mzparse.runners.local import quiet_thread

    def fail() -> None:
        raise TypeError("object of type 'NoneType' has no len()")   # as the pool's manager thread

    before, seen = threading.excepthook, []
    threading.excepthook = lambda args: seen.append(args.thread)   # in place of printing the traceback
    try:
        quiet, loud = threading.Thread(target=fail), threading.Thread(target=fail)
        quiet_thread(quiet)
        for th in (quiet, loud):
            th.start()
            th.join()
        assert seen == [loud]
    finally:
        threading.excepthook = before
