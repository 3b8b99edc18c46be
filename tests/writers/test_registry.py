"""The writer registry: every format it holds, written through the CLI, with one example block each.

A new writer adds its block to EXAMPLES (test_every_writer_has_an_example fails until it does):
the command line that writes sample 004 (and 000) in its format, with OUT standing for -o's target,
and what the output must hold.
"""
import csv
import io
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from conftest import sample
from mzparse import writers
from mzparse.cli import Format, TaskFormat, app
from mzparse.runners import Input, Job, extract_one

runner = CliRunner()


@dataclass
class Example:
    args: list[str]                    # after the command; OUT: the output (file or folder)
    check: Callable[[object], bool]    # on the output's text (a folder: its Path)


def _parquet_documents(out):
    import pyarrow.parquet as pq

    return [r["doc_number"] for f in sorted((out / "documents").glob("part-*.parquet"))
            for r in pq.read_table(f).to_pylist()]


def _csv(text):
    return list(csv.reader(io.StringIO(text)))


EXAMPLES = {
    ("extract", "json"): Example(["004", "-o", "OUT"], lambda t: json.loads(t)["meta"]["doc_number"] == "苏办〔2012〕85号"),
    ("extract", "jsonl"): Example(["004", "000", "-o", "OUT"],
                                  lambda t: [Path(json.loads(ln)["source"]["path"]).name[:3] for ln in t.splitlines()]
                                  == ["004", "000"]),
    ("extract", "csv"): Example(["004", "-o", "OUT"],
                                lambda t: _csv(t)[0][:5] == ["file", "path", "heading", "type", "text"]
                                and any(r[3] == "agency" for r in _csv(t)[1:])),
    ("extract", "parquet"): Example(["004", "000", "-o", "OUT"],
                                    lambda out: _parquet_documents(out) == ["苏办〔2012〕85号", None]),
    ("tasks", "table"): Example(["004", "-o", "OUT"], lambda t: "lead" in t and "deadlines" in t and "┃" in t),
    ("tasks", "csv"): Example(["004", "-o", "OUT"],
                              lambda t: _csv(t)[0] == ["file", "path", "task", "heading", "lead", "support",
                                                       "deadlines", "targets"] and any(r[4] for r in _csv(t)[1:])),
    ("tasks", "json"): Example(["004", "-o", "OUT"],
                               lambda t: any(r["lead"] for r in json.loads(t)) and json.loads(t)[0]["path"] == "1"),
}


def test_every_writer_has_an_example():
    assert set(EXAMPLES) == {(w.command, w.name) for w in writers.WRITERS}


@pytest.mark.parametrize("key", list(EXAMPLES), ids=lambda k: "-".join(k))
def test_writer_example(key, tmp_path):
    command, name = key
    ex = EXAMPLES[key]
    out = tmp_path / "out"
    args = [str(out) if a == "OUT" else str(sample(a)) if a.isdigit() else a for a in ex.args]
    res = runner.invoke(app, [command, *args, "-f", name, "-j", "1", "-q"])
    assert res.exit_code == 0, res.output
    assert ex.check(out if out.is_dir() else out.read_text(encoding="utf-8"))


def test_format_choices_are_the_registry():
    assert [f.value for f in Format] == ["json", "jsonl", "csv", "parquet"] == list(writers.formats("extract"))
    assert [f.value for f in TaskFormat] == ["table", "csv", "json"] == list(writers.formats("tasks"))
    res = runner.invoke(app, ["extract", "--help"])
    assert "<json|jsonl|csv|parquet>" in res.output


def test_parts_are_picklable_and_made_by_one_shape(docs):
    """Shapes run in workers: the writer (its bound shape) and the part it makes cross processes."""
    for w in writers.WRITERS:
        shape = pickle.loads(pickle.dumps(w.shape))
        assert pickle.loads(pickle.dumps(shape(docs["004"]))) == w.shape(docs["004"])


def test_with_text_travels_with_the_job_not_the_shape():
    json_writer = writers.get("json")
    inp = Input(str(sample("004")), str(sample("004")))
    plain = json.loads(json_writer.file_text(extract_one(inp, Job(json_writer.shape)).value))   # JSON in pieces
    full = json.loads(json_writer.file_text(extract_one(inp, Job(json_writer.shape, with_text=True)).value))
    assert "text" not in plain["source"] and full["source"]["text"].startswith(plain["meta"]["title"][:4])
    assert {k: v for k, v in full["source"].items() if k != "text"} == plain["source"]


def test_writer_flags_refuse_what_cannot_apply(tmp_path):
    res = runner.invoke(app, ["extract", str(sample("004")), str(sample("000")), "-f", "json"])
    assert res.exit_code == 2 and "--out-dir DIR, or --format jsonl" in res.output
    res = runner.invoke(app, ["extract", str(sample("004")), "-f", "csv", "-d", str(tmp_path), "--resume"])
    assert res.exit_code == 2 and "--out-dir DIR with json or jsonl, or --format parquet -o DIR" in res.output
    res = runner.invoke(app, ["extract", str(sample("004")), "-f", "parquet"])
    assert res.exit_code == 2 and "--format parquet writes three tables into a folder" in res.output


def test_tasks_dash_o_is_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["tasks", str(sample("004")), "-f", "json", "-o", "-", "-j", "1"])
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["path"] == "1"
    assert not (tmp_path / "-").exists()
