"""Corpus scale (issue 17): Dask workers, Parquet tables, streamed -o, unique --out-dir names."""
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import SAMPLE_FILES, SHARED, sample
from mzparse.models import Document

MZ = [sys.executable, "-m", "mzparse"]
LAWS = SHARED / "laws"
needs_laws = pytest.mark.skipif(not LAWS.is_dir(), reason="../shared/laws not present")


def mz(*args, **kw):
    return subprocess.run(MZ + [str(a) for a in args], capture_output=True, text=True, **kw)


def spawn(*args):
    # SIGINT as from a terminal, even where the tests run as a background job (which ignores it).
    return subprocess.Popen(MZ + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def read_tables(out: Path) -> dict[str, list[dict]]:
    import pyarrow.parquet as pq

    return {t: [r for f in sorted((out / t).glob("part-*.parquet")) for r in pq.read_table(f).to_pylist()]
            for t in ("documents", "clauses", "entities")}


def expected_rows(docs: list[dict]) -> dict[str, list[dict]]:
    """The table rows a JSON document implies, read off the JSON itself (not through mzparse.writers.tables)."""
    out = {"documents": [], "clauses": [], "entities": []}
    for d in docs:
        s, m = d["source"], d["meta"]
        out["documents"].append({"path": s["path"], "sha256": s["sha256"], "encoding": s["encoding"],
                                 "script": s["script"], "chars": s["chars"], "title": m["title"],
                                 "doc_number": m["doc_number"], "date": m["date"], "issuers": m["issuers"],
                                 "recipients": m["recipients"], "n_clauses": len(d["clauses"]),
                                 "n_entities": len(d["entities"]), "n_warnings": len(d["warnings"])})
        for c in d["clauses"]:
            c = dict(c, file=s["path"], span_start=c["span"][0], span_end=c["span"][1])
            del c["span"]
            out["clauses"].append(c)
        for e in d["entities"]:
            row = {k: v for k, v in e.items() if v is not None and k != "span"}
            out["entities"].append(dict(row, file=s["path"], span_start=e["span"][0], span_end=e["span"][1]))
    return out


def as_json_values(row: dict, keys=None) -> dict:
    """A table row with dates as ISO text and empty columns left out, to compare with JSON."""
    row = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items() if v is not None}
    return {k: row.get(k) for k in keys} if keys is not None else row


def assert_tables_equal_jsonl(tables, docs):
    want = expected_rows(docs)
    keys = list(want["documents"][0])
    assert [as_json_values(r, keys) for r in tables["documents"]] == want["documents"]
    assert [as_json_values(r) for r in tables["clauses"]] == \
        [{k: v for k, v in r.items() if v is not None} for r in want["clauses"]]
    got = [as_json_values(r) for r in tables["entities"]]
    for r in got:
        r.pop("heading", None)
    assert Counter(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in got) == \
        Counter(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in want["entities"])
    assert [r["file"] for r in got] == [r["file"] for r in want["entities"]]


# The schema CSV and Parquet share.

def test_each_entity_field_is_one_typed_column():
    from mzparse.writers import tables
    from mzparse.models import Agency, Money, Percentage, Time

    cols = dict(tables.ENTITY_COLUMNS)
    assert cols["date"] == cols["start"] == tables.DATE and cols["yuan"] == cols["max"] == tables.FLOAT
    assert cols["responsible"] == cols["deadline"] == tables.BOOL and cols["duration"] == tables.STR
    for model in (Agency, Time, Percentage, Money):
        assert set(model.model_fields) - {"span"} <= set(cols)
    assert len(tables.ENTITY_COLUMNS) == len(cols)  # no name twice


def test_csv_columns_mean_one_thing_whatever_the_type():
    import csv
    import io

    import mzparse
    from mzparse import writers
    from mzparse.writers import tables

    doc = mzparse.extract("一、工作目标\n到2020年，省民政厅牵头，全省养老床位达到40%以上，补助资金5至10万元。\n")
    csv_writer = writers.get("csv")
    text = csv_writer.file_text(csv_writer.shape(doc))
    rows = list(csv.DictReader(io.StringIO(text)))
    by = {r["type"]: r for r in rows}
    assert set(by) == {"agency", "time", "percentage", "money"}
    assert by["time"]["date"] == "2020-12-31" and by["time"]["deadline"] == "true" and by["time"]["yuan"] == ""
    assert by["money"]["yuan"] == "50000" and by["money"]["max_yuan"] == "100000" and by["money"]["date"] == ""
    assert by["percentage"]["value"] == "40" and by["percentage"]["responsible"] == ""
    assert by["agency"]["text"] == "省民政厅" and by["agency"]["responsible"] == "true"
    assert list(rows[0]) == tables.csv_header()
    assert doc.source.path and all(text[int(r["span_start"]):int(r["span_end"])] for r in rows)


# -o and --out-dir: every option applies or is refused.

def test_o_with_one_json_document_writes_the_file(tmp_path):
    res = mz("extract", sample("004"), "-o", tmp_path / "out.json")
    assert res.returncode == 0 and res.stdout == ""
    assert Document.model_validate_json((tmp_path / "out.json").read_text(encoding="utf-8")).meta.doc_number


def test_o_writes_nothing_that_is_not_whole(tmp_path):
    res = mz("extract", tmp_path / "missing.txt", "-o", tmp_path / "out.json")
    assert res.returncode == 1 and not (tmp_path / "out.json").exists()  # an empty file is no JSON
    res = mz("extract", sample("004"), "-f", "jsonl", "-o", tmp_path / "no" / "such" / "dir.jsonl")
    assert res.returncode == 1 and "cannot write" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("args,named", [
    (["-d", "D", "-o", "X"], "--out-dir"),
    (["-f", "parquet"], "-o DIR"),
    (["-f", "jsonl", "-o", "X", "--dask", "local"], "--dask"),
    (["-f", "csv", "-d", "D", "--resume"], "--resume"),
])
def test_options_that_cannot_apply_are_usage_errors(tmp_path, args, named):
    args = [str(tmp_path / a) if a in ("D", "X") else a for a in args]
    res = mz("extract", sample("004"), *args)
    assert res.returncode == 2 and named in res.stderr and "Traceback" not in res.stderr
    assert not any(tmp_path.iterdir())


def test_same_file_names_in_different_folders_are_kept_apart(tmp_path):
    src = tmp_path / "in"
    for sub in ("a", "b/c"):
        (src / sub).mkdir(parents=True)
        shutil.copy(sample("004"), src / sub / "通知.txt")
    shutil.copy(sample("000"), src / "b" / "c" / "other.txt")
    res = mz("extract", src, "-d", tmp_path / "out", "-q")
    assert res.returncode == 0
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json"))
    assert written == ["a/通知.json", "b/c/other.json", "b/c/通知.json"]
    # The same two files named on the command line (or two folders) would share OUT/通知.json.
    for inputs in ([src / "a" / "通知.txt", src / "b" / "c" / "通知.txt"], [src / "a", src / "b" / "c"]):
        res = mz("extract", *inputs, "-d", tmp_path / "flat")
        assert res.returncode == 2 and "a/通知.txt" in res.stderr and "c/通知.txt" in res.stderr
        assert not (tmp_path / "flat").exists() or not any((tmp_path / "flat").iterdir())


# Streams: written as documents finish, whole or not at all.

@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_interrupted_stream_leaves_no_output_and_no_temporary(tmp_path, fmt):
    src = tmp_path / "in"
    src.mkdir()
    # Enough inputs that the run cannot end before the signal (400 samples took under 4 s
    # once the stages got faster, and the run ended with 0 before a fixed wait was over).
    for i in range(2000):
        shutil.copy(SAMPLE_FILES[i % 5], src / f"d{i:04d}.txt")
    target = tmp_path / "out" / f"all.{fmt}"
    target.parent.mkdir()
    proc = spawn("extract", src, "-f", fmt, "-o", target, "-j", "1", "-q")
    # The signal once documents are being written: the temporary holds some.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            p.is_file() and p.stat().st_size > 0 for p in target.parent.rglob("*")):
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before the signal: give it more inputs"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err
    assert [p for p in tmp_path.joinpath("out").rglob("*") if p.is_file()] == []


def test_streamed_outputs_hold_every_document(tmp_path):
    args = ["extract", *SAMPLE_FILES, "-q", "-j", "2"]
    assert mz(*args, "-f", "jsonl", "-o", tmp_path / "a.jsonl").returncode == 0
    assert mz(*args, "-f", "csv", "-o", tmp_path / "a.csv").returncode == 0
    assert mz(*args, "-f", "parquet", "-o", tmp_path / "t").returncode == 0
    docs = [json.loads(ln) for ln in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 5
    n_entities = sum(len(d["entities"]) for d in docs)
    assert len((tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()) == 1 + n_entities
    assert_tables_equal_jsonl(read_tables(tmp_path / "t"), docs)
    import pandas as pd

    ents = pd.read_parquet(tmp_path / "t" / "entities")  # the folder, as a reader of tables would
    assert len(ents) == n_entities and str(ents["yuan"].dtype) == "float64" and str(ents["span_start"].dtype) == "int64"
    money = ents[ents["type"] == "money"]
    assert money["yuan"].notna().all() and ents.loc[ents["type"] == "agency", "yuan"].isna().all()
    # A plain open() would give 0666 less the umask, not mkstemp's 0600.
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m


def test_parquet_resume_adds_a_partition_for_what_is_missing(tmp_path):
    out = tmp_path / "t"
    assert mz("extract", *SAMPLE_FILES[:3], "-f", "parquet", "-o", out, "-q").returncode == 0
    res = mz("extract", *SAMPLE_FILES, "-f", "parquet", "-o", out, "--resume")
    assert res.returncode == 0 and "resume: 3 of 5 files already done" in res.stderr
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert [r["path"] for r in read_tables(out)["documents"]] == [str(p) for p in SAMPLE_FILES]
    # Without --resume the folder is replaced by this run's tables.
    assert mz("extract", SAMPLE_FILES[0], "-f", "parquet", "-o", out, "-q").returncode == 0
    assert [r["path"] for r in read_tables(out)["documents"]] == [str(SAMPLE_FILES[0])]


# Dask: a LocalCluster of two worker processes.

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The samples and ../shared/laws, with a -j 1 JSON lines run as the reference."""
    if not LAWS.is_dir():
        pytest.skip("../shared/laws not present")
    tmp = tmp_path_factory.mktemp("corpus")
    ref = tmp / "ref.jsonl"
    res = mz("extract", *SAMPLE_FILES, LAWS, "-f", "jsonl", "-o", ref, "-j", "1", "-q")
    assert res.returncode in (0, 1), res.stderr
    docs = [json.loads(ln) for ln in ref.read_text(encoding="utf-8").splitlines()]
    return tmp, docs, res.stderr


@needs_laws
def test_dask_parquet_equals_the_serial_jsonl_run(corpus):
    tmp, docs, ref_err = corpus
    out = tmp / "tables"
    res = mz("extract", *SAMPLE_FILES, LAWS, "--dask", "local", "-j", "2", "-f", "parquet", "-o", out, "-q")
    assert res.returncode in (0, 1) and res.stderr == ref_err  # the same failures, if any, each named
    assert len(docs) > 2900
    parts = sorted(p.name for p in (out / "entities").iterdir())
    assert len(parts) > 2 and parts == sorted(p.name for p in (out / "documents").iterdir())
    assert_tables_equal_jsonl(read_tables(out), docs)


@needs_laws
def test_duckdb_join_of_the_tables_equals_the_jsonl(corpus):
    import duckdb

    tmp, docs, _ = corpus
    out = tmp / "tables"
    if not out.is_dir():
        pytest.skip("needs the Dask run's tables")
    got = duckdb.sql(f"""
        SELECT d.title, e.text FROM '{out}/entities/*.parquet' e JOIN '{out}/documents/*.parquet' d
        ON e.file = d.path WHERE e.type = 'agency' AND e.responsible""").fetchall()
    want = [(d["meta"]["title"], e["text"]) for d in docs for e in d["entities"]
            if e["type"] == "agency" and e["responsible"]]
    assert len(want) > 100 and Counter(got) == Counter(want)
    n = duckdb.sql(f"SELECT count(*) FROM '{out}/clauses/*.parquet'").fetchall()[0][0]
    assert n == sum(len(d["clauses"]) for d in docs)


def _subset(tmp: Path, n: int) -> Path:
    src = tmp / "subset"
    if not src.exists():
        src.mkdir()
        for p in sorted(LAWS.glob("*.txt"))[:n]:
            shutil.copy(p, src / p.name)
    return src


def _workers(proc) -> list:
    import psutil

    kids = psutil.Process(proc.pid).children(recursive=True)
    return [k for k in kids if "spawn_main" in " ".join(k.cmdline()) and "resource_tracker" not in " ".join(k.cmdline())]


def _wait_for(cond, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.2)
    return False


def _whole(out: Path) -> dict[str, int]:
    """Every non-hidden JSON output below OUT, validated; its modification time."""
    found = {}
    for p in out.rglob("[!.]*.json"):
        Document.model_validate_json(p.read_bytes())
        found[p.name] = p.stat().st_mtime_ns
    return found


@needs_laws
def test_a_killed_worker_loses_no_document(tmp_path):
    src = _subset(tmp_path, 300)
    out = tmp_path / "out"
    proc = spawn("extract", src, "--dask", "local", "-j", "2", "-d", out, "-q")
    try:
        assert _wait_for(lambda: out.is_dir() and len(list(out.glob("*.json"))) >= 30)
        victims = _workers(proc)
        assert len(victims) == 2
        victims[0].kill()
        _, err = proc.communicate(timeout=300)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert sorted(_whole(out)) == sorted(p.stem + ".json" for p in src.iterdir())
    assert list(out.glob(".*")) == []  # the dead worker's temporary files are gone too


@needs_laws
def test_resume_after_an_interrupted_run_does_only_what_is_missing(tmp_path):
    src = _subset(tmp_path, 300)
    out = tmp_path / "out"
    proc = spawn("extract", src, "--dask", "local", "-j", "2", "-d", out, "-q")
    assert _wait_for(lambda: out.is_dir() and len(list(out.glob("*.json"))) >= 60)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    before = _whole(out)  # what was written is whole
    assert 60 <= len(before) < 300
    res = mz("extract", src, "--dask", "local", "-j", "2", "-d", out, "--resume")
    assert res.returncode == 0, res.stderr
    assert f"resume: {len(before)} of 300 files already done" in res.stderr
    assert f"{300 - len(before)} files, 0 failed" in res.stderr
    after = _whole(out)
    assert len(after) == 300 and all(after[k] == t for k, t in before.items())  # not written again


def test_a_failing_document_is_named_and_the_others_complete(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in SAMPLE_FILES[:3]:
        shutil.copy(p, src / p.name)
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    res = mz("extract", src, "--dask", "local", "-j", "2", "-f", "parquet", "-o", tmp_path / "t")
    assert res.returncode == 1 and f"mzparse: {src / 'scan.txt'}: binary file" in res.stderr
    assert len(read_tables(tmp_path / "t")["documents"]) == 3


def test_notebook_entry_point_returns_a_bag(tmp_path):
    from distributed import Client, LocalCluster

    import mzparse.dask

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        bag = mzparse.dask.extract([*SAMPLE_FILES[:2], tmp_path / "missing.txt"], client=client)
        docs = bag.compute()
    assert [d["source"]["path"] for d in docs] == [str(p) for p in SAMPLE_FILES[:2]] + [str(tmp_path / "missing.txt")]
    assert docs[1]["meta"] == mzparse.extract(SAMPLE_FILES[1]).meta.model_dump(mode="json")
    assert docs[2]["error"] == "no such file"


def test_a_scheduler_address_is_used_as_given(tmp_path):
    """--dask tcp://…: the client connects to a running scheduler (here one started by the test)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                      protocol="tcp", host="127.0.0.1") as cluster:
        res = mz("extract", *SAMPLE_FILES[:2], "--dask", cluster.scheduler_address, "-d", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.stem + ".json" for p in SAMPLE_FILES[:2])
    res = mz("extract", SAMPLE_FILES[0], "--dask", "tcp://127.0.0.1:1", "-d", tmp_path / "x", timeout=120)
    assert res.returncode == 1 and "--dask tcp://127.0.0.1:1: cannot connect" in res.stderr
