"""The command line as users and scripts meet it."""
import json
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_FILES, sample
from mzparse.cli import app
from mzparse.models import Document

runner = CliRunner()
MZ = [sys.executable, "-m", "mzparse"]


def mz(*args, **kw):
    return subprocess.run(MZ + [str(a) for a in args], capture_output=True, text=True, **kw)


def test_version_and_module_entry_point():
    res = mz("--version")
    assert res.returncode == 0 and res.stdout.startswith("mzparse ")


def test_extract_one_file_prints_one_valid_document():
    res = runner.invoke(app, ["extract", str(sample("004"))])
    assert res.exit_code == 0
    doc = Document.model_validate_json(res.stdout)
    assert doc.meta.doc_number == "苏办〔2012〕85号"
    assert "苏办" in res.stdout  # Chinese as itself, not \\u escapes


def test_output_is_deterministic():
    a = mz("extract", sample("002")).stdout
    b = mz("extract", sample("002")).stdout
    assert a == b and a


def test_batch_of_fifty_with_two_bad_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(48):
        shutil.copy(SAMPLE_FILES[i % 5], src / f"doc{i:02d}.txt")
    (src / "bad1.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (src / "bad2.txt").write_bytes(b"")
    out = tmp_path / "out"
    res = mz("extract", src, "--out-dir", out, "-j", "2")
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("mzparse: ")]
    assert len(errors) == 2 and "bad1.txt" in errors[0] + errors[1] and "Traceback" not in res.stderr
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 48 and not any(n.startswith(".") for n in written)
    for p in out.iterdir():
        Document.model_validate_json(p.read_text(encoding="utf-8"))
    assert "50 files, 2 failed" in res.stderr


def test_jsonl_in_parallel_is_byte_identical_to_serial(tmp_path):
    args = ["extract", *SAMPLE_FILES, *SAMPLE_FILES, "--format", "jsonl", "-q"]
    one = mz(*args, "-j", "1").stdout
    two = mz(*args, "-j", "2").stdout
    assert one == two and len(one.splitlines()) == 10


def test_stdin_with_a_name(tmp_path):
    data = sample("001").read_bytes()
    res = mz("extract", "-", "--name", "深圳协议.txt", input=data.decode("utf-8"))
    assert res.returncode == 0
    assert json.loads(res.stdout)["source"]["path"] == "深圳协议.txt"


def test_name_cannot_escape_the_output_directory(tmp_path):
    out = tmp_path / "out"
    res = mz("extract", "-", "--name", "../../evil.txt", "--out-dir", out, input="一、总则\n")
    assert res.returncode == 0
    assert [p.name for p in out.iterdir()] == ["evil.json"]


def test_csv_columns_and_excel_bom(tmp_path):
    target = tmp_path / "e.csv"
    res = mz("extract", sample("004"), "--format", "csv", "--excel", "-o", target)
    assert res.returncode == 0
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    head = raw.decode("utf-8-sig").splitlines()[0]
    # One typed column per field (CONTRACT's names), the same whatever the row's type.
    assert head.startswith("file,path,heading,type,text,span_start,span_end,responsible,role,deadline,date,start,")
    assert ",agency,省民政厅," in raw.decode("utf-8-sig") and ",true,lead," in raw.decode("utf-8-sig")
    assert b"\r\n" in raw


def test_tasks_table_as_csv():
    res = mz("tasks", sample("004"), "--format", "csv")
    assert res.returncode == 0
    rows = res.stdout.splitlines()
    assert rows[0] == "file,path,task,heading,lead,support,deadlines,targets"
    row24 = next(r for r in rows if ",1.4.24," in r)
    assert "省民政厅" in row24 and "省财政厅" in row24 and "到2015年" in row24


@pytest.mark.parametrize("make,reason", [
    (lambda p: None, "no such file"),
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.write_bytes(b""), "empty file"),
])
def test_bad_inputs_get_one_line_and_exit_1(tmp_path, make, reason):
    p = tmp_path / "x.txt"
    make(p)
    res = mz("extract", p, timeout=20)
    assert res.returncode == 1
    assert res.stderr.strip() == f"mzparse: {p}: {reason}" or reason in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_a_directory_is_searched_and_an_empty_one_is_a_usage_error(tmp_path):
    (tmp_path / "d").mkdir()
    res = mz("extract", tmp_path / "d")
    assert res.returncode == 2 and "no input files" in res.stderr


def test_library_refuses_a_directory_as_a_file(tmp_path):
    import mzparse

    with pytest.raises(mzparse.MzparseError, match="is a directory"):
        mzparse.extract(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_directory(tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    res = mz("extract", sample("000"), "--out-dir", out)
    assert res.returncode == 1 and "cannot write" in res.stderr


def test_several_documents_to_stdout_as_json_is_a_usage_error():
    res = mz("extract", *SAMPLE_FILES[:2])
    assert res.returncode == 2 and "--out-dir" in res.stderr


def test_schema_is_the_models_json_schema():
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    assert json.loads(res.stdout) == Document.model_json_schema()


def test_show_renders_every_clause_on_80_columns(docs):
    from rich.console import Console

    from mzparse.writers import render

    console = Console(record=True, width=80, force_terminal=True, color_system="truecolor")
    render.show(docs["004"], console)
    text = console.export_text()
    for c in docs["004"].clauses:
        assert c.path in text
        if c.heading:
            assert c.heading[:10] in text.replace("\n", "").replace(" ", "") or c.heading[:6] in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_show_honours_no_color():
    res = mz("show", sample("000"), "--no-color", "--no-pager", env={**os.environ, "NO_COLOR": "1"})
    assert res.returncode == 0 and "\x1b[" not in res.stdout and "1.8" in res.stdout


def test_config_defaults_from_mzparse_toml(tmp_path):
    (tmp_path / "mzparse.toml").write_text('format = "jsonl"\njobs = 1\n', encoding="utf-8")
    res = mz("extract", sample("000").resolve(), "-q", cwd=tmp_path)
    assert res.returncode == 0 and len(res.stdout.splitlines()) == 1   # compact JSON lines


def test_progress_bar_on_a_terminal_and_silence_otherwise(tmp_path):
    """stderr on a pseudo-terminal gets rich's bar (files done, rate, ETA); a pipe gets only the summary."""
    import pty
    import select

    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        shutil.copy(SAMPLE_FILES[i % len(SAMPLE_FILES)], src / f"d{i:02d}.txt")
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen(MZ + ["extract", str(src), "--out-dir", str(tmp_path / "out"), "-j", "1"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(master)
    screen = seen.decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "extracting" in screen and "/30" in screen and "files/s" in screen
    assert "30 files, 0 failed" in screen
    piped = mz("extract", src, "--out-dir", tmp_path / "out2", "-j", "1")
    assert piped.stderr.strip().startswith("30 files, 0 failed") and len(piped.stderr.strip().splitlines()) == 1
    quiet = mz("extract", src, "--out-dir", tmp_path / "out3", "-j", "1", "-q")
    assert quiet.stderr == ""


@pytest.mark.parametrize("command", ["extract", "tasks", "show", "check", "schema"])
def test_every_command_has_help_with_examples(command):
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "Examples:" in res.stdout and f"mzparse {command}" in res.stdout


def test_shell_completion_is_offered():
    res = runner.invoke(app, ["--help"])
    assert "--install-completion" in res.stdout and "--show-completion" in res.stdout


def test_glob_selects_files_inside_directories(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(sample("004"), src / "sub" / "a.txt")
    shutil.copy(sample("000"), src / "b.md")
    default = mz("extract", src, "-f", "jsonl", "-q")
    assert [json.loads(ln)["source"]["path"] for ln in default.stdout.splitlines()] == [str(src / "sub" / "a.txt")]
    md = mz("extract", src, "--glob", "*.md", "-f", "jsonl", "-q")
    assert [json.loads(ln)["source"]["path"] for ln in md.stdout.splitlines()] == [str(src / "b.md")]


def test_a_directory_is_searched_for_every_form_a_reader_takes(tmp_path):
    """Without --glob: the suffixes of the reader registry (any case), not the refused forms, not hidden files."""
    from mzparse.readers import READERS, suffixes
    from mzparse.runners.inputs import expand

    text = sample("004").read_text(encoding="utf-8")
    page = "<html><head><meta charset='utf-8'></head><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>"
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(text, encoding="utf-8")
    (src / "sub" / "b.HTML").write_text(page, encoding="utf-8")
    (src / "c.htm").write_text(page, encoding="utf-8")
    (src / "notes.md").write_text(text, encoding="utf-8")          # no reader's suffix
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)   # refused: skipped
    (src / ".hidden.html").write_text(page, encoding="utf-8")
    found = [i.rel for i in expand([str(src)])]
    assert found == ["a.txt", "c.htm", "sub/b.HTML"]
    assert set(suffixes()) == {s for r in READERS if r.name != "refused" for s in r.suffixes}
    res = mz("extract", src, "-d", tmp_path / "out", "-q")
    assert res.returncode == 0, res.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json"))
    assert written == ["a.json", "c.json", "sub/b.json"]
    formats = {json.loads((tmp_path / "out" / w).read_text("utf-8"))["source"]["format"] for w in written}
    assert formats == {"text", "html"}
    assert [i.rel for i in expand([str(src)], hidden=True)] == [".hidden.html", "a.txt", "c.htm", "sub/b.HTML"]


def test_internal_errors_are_one_line_unless_debug(monkeypatch):
    from mzparse import pipeline

    def boom(*a, **kw):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "build_records", boom)   # every extraction goes through it
    res = runner.invoke(app, ["extract", str(sample("004")), "-j", "1"])
    assert res.exit_code == 1
    assert res.stderr.strip() == f"mzparse: {sample('004')}: internal error (ValueError: boom); please report it"
    dbg = runner.invoke(app, ["extract", str(sample("004")), "-j", "1", "--debug"])
    assert dbg.exit_code == 1 and "Traceback" in dbg.stderr and "ValueError: boom" in dbg.stderr
