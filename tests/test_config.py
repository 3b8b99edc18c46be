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


def test_a_file_read_again_from_the_cache_says_the_same(tmp_path, monkeypatch):
    """The parsed file is kept by its content: a second run reads the same settings, a broken file
    is an error every time (an error is never kept), and an edit is read anew."""
    from mzparse import config

    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(tmp_path / "cache"))
    own = tmp_path / "mzparse.toml"
    own.write_text('jobs = 3\n[check]\nseverity = "error"\n', encoding="utf-8")
    assert config.find_config(tmp_path) == config.find_config(tmp_path) == \
        (own, {"jobs": 3, "check": {"severity": "error"}})
    assert list((tmp_path / "cache").glob("toml-*"))
    own.write_text("jobs = 4\n", encoding="utf-8")
    assert config.find_config(tmp_path) == (own, {"jobs": 4})
    own.write_text("jobs = [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(config.ConfigError, match="not valid TOML"):
            config.find_config(tmp_path)


def test_a_pyproject_that_does_not_name_mzparse_is_passed_over(tmp_path):
    from mzparse import config

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n[tool.black]\nline-length = 100\n',
                                             encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[tool."mzparse"]\njobs = 2\n', encoding="utf-8")
    assert config.find_config(tmp_path / "sub") == (tmp_path / "sub" / "pyproject.toml", {"jobs": 2})
    assert config.find_config(tmp_path)[0] != tmp_path / "pyproject.toml"


def test_a_table_named_with_an_escape_is_still_found(tmp_path):
    from mzparse import config

    (tmp_path / "pyproject.toml").write_text('[tool."mz\\u0070arse"]\njobs = 2\n', encoding="utf-8")
    assert config.find_config(tmp_path) == (tmp_path / "pyproject.toml", {"jobs": 2})
