"""show, tasks and make demo as people use them (issue 19)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, SAMPLE_FILES, sample
from mzparse.writers import render

MZ = [sys.executable, "-m", "mzparse"]


def mz(*args, **kw):
    return subprocess.run(MZ + [str(a) for a in args], capture_output=True, text=True, **kw)


def test_show_on_an_empty_folder_is_a_usage_error(tmp_path):
    res = mz("show", tmp_path, "--no-pager")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.startswith("mzparse: no input files (nothing matched any of *.docx ")
    assert res.stderr.strip().endswith(" *.pdf *.html *.htm *.shtml *.xhtml *.jsp *.asp *.aspx *.php *.txt)")
    res = mz("show", tmp_path, "--no-pager", "--glob", "*.txt")
    assert res.stderr.strip() == "mzparse: no input files (nothing matched '*.txt')"


def test_show_a_folder_shows_every_document(tmp_path):
    for p in SAMPLE_FILES[:3]:
        shutil.copy(p, tmp_path / p.name)
    res = mz("show", tmp_path, "--no-pager", "--no-color", "--width", "200")
    assert res.returncode == 0
    for p in SAMPLE_FILES[:3]:
        assert str(tmp_path / p.name) in res.stdout


@pytest.mark.parametrize("less,want", [(None, "FRX"), ("-i", "-i -R"), ("-FRX", "-FRX"), ("--raw-control-chars", None)])
def test_the_pager_lets_colour_through(tmp_path, monkeypatch, less, want):
    got, paged = tmp_path / "less.txt", tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > '{paged}'; printf %s \"$LESS\" > '{got}'")
    if less is None:
        monkeypatch.delenv("LESS", raising=False)
    else:
        monkeypatch.setenv("LESS", less)
    render.page("\x1b[34m蓝\x1b[0m\n")
    assert paged.read_text(encoding="utf-8") == "\x1b[34m蓝\x1b[0m\n"
    assert got.read_text() == (want or less)


def test_show_on_a_terminal_pages_with_colour(tmp_path):
    """stdout a pseudo-terminal: the tree goes through the pager, colour codes and LESS=FRX with it."""
    import pty

    got, paged = tmp_path / "less.txt", tmp_path / "paged.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("LESS", "NO_COLOR")}
    env.update(PAGER=f"cat > '{paged}'; printf %s \"$LESS\" > '{got}'", TERM="xterm-256color", COLUMNS="120")
    master, slave = pty.openpty()
    proc = subprocess.run(MZ + ["show", str(sample("004"))], stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                          env=env, timeout=120)
    os.close(slave)
    os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert got.read_text() == "FRX"
    text = paged.read_text(encoding="utf-8")
    assert "\x1b[" in text and "苏办〔2012〕85号" in text


def test_every_task_row_says_what_the_task_is(docs):
    rows = [r for d in docs.values() for r in render.task_rows(d)]
    with_lead = [r for r in rows if r["lead"]]
    assert with_lead and all(r["task"] for r in rows)
    assert all(len(r["task"]) <= render.TASK_CHARS + 1 for r in rows)


def test_task_text_is_the_heading_else_the_first_sentence():
    import mzparse

    doc = mzparse.extract_text("关于养老服务的通知\n一、总体要求\n（一）各地民政部门要在今年年底前完成对辖区内"
                               "特困供养人员和低保对象的摸底排查，建立工作台账，并于次年一月底前报送省民政厅。"
                               "由省财政厅负责资金保障。\n（二）省民政厅负责督促检查。市县配合。\n", name="t.txt")
    tasks = {r["path"]: r["task"] for r in render.task_rows(doc)}
    assert tasks["1"] == "总体要求"
    # Cut at the last pause that fits, and said to be cut.
    assert tasks["1.1"] == "各地民政部门要在今年年底前完成对辖区内特困供养人员和低保对象的摸底排查…"
    assert tasks["1.2"] == "省民政厅负责督促检查"


def test_tasks_table_names_the_file_when_there_are_several(tmp_path):
    for p in SAMPLE_FILES[:2]:
        shutil.copy(p, tmp_path / p.name)
    several = mz("tasks", tmp_path, "-f", "table", "-q", env={**os.environ, "COLUMNS": "400"})
    one = mz("tasks", sample("004"), "-f", "table", "-q", env={**os.environ, "COLUMNS": "400"})
    assert several.returncode == one.returncode == 0
    assert "┃ file" in several.stdout and "┃ task" in several.stdout
    assert "┃ file" not in one.stdout and "完善社会救助制度" in one.stdout


@pytest.mark.skipif(shutil.which("make") is None or not (REPO / ".venv" / ".installed-dev").exists(),
                    reason="needs make and the set-up .venv")
def test_make_demo_prints_only_the_document():
    res = subprocess.run(["make", "demo"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["meta"]["doc_number"] == "苏办〔2012〕85号"
