"""Paths are paths and text is text (issue 19): what is read is what was asked for.

Directory search skips hidden folders and does not follow links (--hidden, --follow
opt in); a file name, whatever it holds, is opened as a file; a str given to the
library is never taken for a file name.
"""
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import mzparse
from conftest import sample

MZ = [sys.executable, "-m", "mzparse"]
DOC = "关于做好养老服务工作的通知\n一、各地民政部门要在2024年底前完成摸底。\n"


def mz(*args, **kw):
    return subprocess.run(MZ + [a if isinstance(a, bytes) else str(a) for a in args],
                          capture_output=True, text=True, **kw)


def sources(res) -> list[str]:
    return [json.loads(line)["source"]["path"] for line in res.stdout.splitlines()]


@pytest.fixture
def upload(tmp_path):
    """An upload folder: a document, a hidden folder, a linked folder and a link out of it."""
    (tmp_path / "secret.txt").write_text("SECRET " + DOC, encoding="utf-8")
    up = tmp_path / "up"
    (up / ".venv" / "lib").mkdir(parents=True)
    (up / ".venv" / "lib" / "vendored.txt").write_text(DOC, encoding="utf-8")
    (up / ".hidden.txt").write_text(DOC, encoding="utf-8")
    (up / "a.txt").write_text(DOC, encoding="utf-8")
    os.symlink("../secret.txt", up / "link.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text(DOC, encoding="utf-8")
    os.symlink("../elsewhere", up / "linked")
    return up


def test_directory_search_skips_hidden_folders_and_links(upload):
    res = mz("extract", upload, "-f", "jsonl", "-q")
    assert res.returncode == 0, res.stderr
    assert sources(res) == [str(upload / "a.txt")]
    assert "SECRET" not in res.stdout


def test_hidden_and_follow_opt_in(upload):
    hidden = mz("extract", upload, "-f", "jsonl", "-q", "--hidden")
    assert sources(hidden) == [str(upload / ".hidden.txt"), str(upload / ".venv" / "lib" / "vendored.txt"),
                               str(upload / "a.txt")]
    follow = mz("extract", upload, "-f", "jsonl", "-q", "--follow")
    assert sources(follow) == [str(upload / "a.txt"), str(upload / "link.txt"), str(upload / "linked" / "b.txt")]


def test_a_link_named_on_the_command_line_is_read(upload):
    res = mz("extract", upload / "link.txt", "-q")
    assert res.returncode == 0 and json.loads(res.stdout)["source"]["path"] == str(upload / "link.txt")


def test_check_in_a_checkout_does_not_read_its_venv(upload):
    res = mz("check", upload, "-q", "-f", "json")
    assert ".venv" not in res.stdout and "a.txt" in res.stdout


@pytest.mark.parametrize("name", ["line\nbreak.txt", "关于印发，通知.txt", "tab\there.txt"])
def test_a_missing_file_is_a_missing_file_whatever_its_name(tmp_path, name):
    res = mz("extract", tmp_path / name)
    assert res.returncode == 1 and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(": no such file")


def test_a_file_whose_name_holds_a_newline_is_read(tmp_path):
    f = tmp_path / "a\nb.txt"
    f.write_text(DOC, encoding="utf-8")
    res = mz("extract", f, "-q")
    assert res.returncode == 0 and json.loads(res.stdout)["meta"]["title"] == "关于做好养老服务工作的通知"


def test_a_name_that_is_not_utf8_is_kept_and_reported(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(DOC.encode("utf-8"))
    res = subprocess.run(MZ + ["extract", raw, "-q"], capture_output=True)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["source"]["path"] == os.fsdecode(tmp_path) + "/caf%E9.txt"   # the byte, written out
    assert b"not UTF-8" in res.stderr and len(res.stderr.splitlines()) == 1
    out = tmp_path / "out"
    res = subprocess.run(MZ + ["extract", os.fsencode(tmp_path), "-d", str(out), "-q"], capture_output=True)
    assert res.returncode == 0 and [p.name for p in out.iterdir()] == ["caf%E9.json"]


def test_a_path_longer_than_the_system_allows_is_one_line(tmp_path):
    long = "/".join(["长" * 80] * 20)   # 4,800 bytes
    res = mz("extract", tmp_path / long)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip().endswith("File name too long") and len(res.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", [".", "..", "/", "./"])
def test_names_that_name_no_file_are_refused(tmp_path, name):
    res = subprocess.run(MZ + ["extract", "-", "--name", name, "-d", str(tmp_path / "out")],
                         input=DOC, capture_output=True, text=True)
    assert res.returncode == 2 and "--name" in res.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# ---------------------------------------------------------------- the library

def test_a_str_is_text_even_when_a_file_of_that_name_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("secret.txt").write_text("SECRET " + DOC, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = mzparse.extract("secret.txt")
    assert doc.source.path == "<text>" and doc.source.chars == len("secret.txt")
    assert "SECRET" not in doc.to_json()


def test_a_str_that_looks_like_a_file_name_warns_without_reading_it(tmp_path):
    with pytest.warns(UserWarning, match=r"pathlib.Path"):
        mzparse.extract(str(tmp_path / "nothing-here.txt"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mzparse.extract(DOC)   # text: no warning


def test_files_come_as_paths_or_by_an_explicit_call():
    by_path = mzparse.extract(sample("004"))
    by_call = mzparse.extract_file(str(sample("004")))
    by_bytes = mzparse.extract_bytes(sample("004").read_bytes(), name=sample("004").name)
    by_text = mzparse.extract_text(sample("004").read_text(encoding="utf-8"), name=sample("004").name)
    assert by_path.meta == by_call.meta == by_bytes.meta == by_text.meta
    assert by_path.source.path == by_call.source.path == str(sample("004"))
    with pytest.raises(TypeError, match="pathlib.Path"):
        mzparse.extract(42)


def test_library_path_with_undecodable_bytes_gives_printable_json(tmp_path):
    raw = os.fsencode(tmp_path) + b"/\xb9\xd8\xd3\xda.txt"   # 关于 in GBK, as an old archive names it
    with open(raw, "wb") as fh:
        fh.write(DOC.encode("utf-8"))
    doc = mzparse.extract(Path(os.fsdecode(raw)))
    assert doc.source.path.endswith("/%B9%D8%D3%DA.txt")
    json.loads(doc.to_json())


def test_hidden_files_are_skipped_by_the_walk_but_not_when_named(tmp_path):
    from mzparse.runners.inputs import expand

    (tmp_path / ".a.txt").write_text(DOC, encoding="utf-8")
    assert expand([str(tmp_path)]) == []
    assert [i.name for i in expand([str(tmp_path / ".a.txt")])] == [str(tmp_path / ".a.txt")]
