"""Configuration (issue 19): what cannot be used as written is an error naming file, key and problem."""
import subprocess
import sys

import pytest

from conftest import sample

MZ = [sys.executable, "-m", "mzparse"]


def run_in(tmp_path, *args):
    return subprocess.run(MZ + [str(a) for a in args], capture_output=True, text=True, cwd=tmp_path)


@pytest.mark.parametrize("content,says", [
    ("jobs = [\n", "not valid TOML"),
    ("jobz = 2\n", "unknown key 'jobz' (did you mean 'jobs'?)"),
    ('[check]\nseverty = "error"\n', "unknown key 'check.severty' (did you mean 'severity'?)"),
    ('jobs = "two"\n', "jobs: expected a whole number ≥ 0, not 'two'"),
    ("jobs = -1\n", "jobs: expected a whole number ≥ 0"),
    ('format = "xml"\n', "format: expected one of json, jsonl, csv"),
    ('[check]\nseverity = "fatal"\n', "check.severity: expected one of info, warning, error"),
    ("excel = 1\n", "excel: expected true or false"),
    ("check = 3\n", "check: expected a table"),
])
def test_broken_mzparse_toml_is_a_usage_error(tmp_path, content, says):
    (tmp_path / "mzparse.toml").write_text(content, encoding="utf-8")
    res = run_in(tmp_path, "extract", sample("000").resolve(), "-q")
    assert res.returncode == 2 and res.stdout == ""
    line = res.stderr.strip()
    assert line.startswith(f"mzparse: {tmp_path / 'mzparse.toml'}: ") and says in line and "\n" not in line


def test_keys_under_tool_mzparse_in_pyproject_are_checked_too(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mzparse]\nglob = "*.txt"\nquite = true\n', encoding="utf-8")
    res = run_in(tmp_path, "check", sample("000").resolve())
    assert res.returncode == 2 and "[tool.mzparse] unknown key 'quite' (did you mean 'quiet'?)" in res.stderr


def test_a_broken_pyproject_of_another_tool_is_not_ours(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.black\nline-length = 100\n", encoding="utf-8")
    res = run_in(tmp_path, "extract", sample("000").resolve(), "-q")
    assert res.returncode == 0, res.stderr


def test_valid_settings_are_used(tmp_path):
    (tmp_path / "mzparse.toml").write_text(
        'format = "jsonl"\njobs = 1\nhidden = false\nout-dir = "out"\n[check]\nselect = ["N", "T"]\nseverity = "error"\n',
        encoding="utf-8")
    res = run_in(tmp_path, "extract", sample("000").resolve(), "-q")
    assert res.returncode == 0, res.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["000_b4951f2045d03efe.jsonl"]
