"""Output files (issue 19): the mode open() would give, and names that fit the file system."""
import os
import stat
import subprocess
import sys

import pytest

from conftest import sample
from mzparse.writers import atomic as outputs

NAME_MAX = 255

MZ = [sys.executable, "-m", "mzparse"]


def _mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_files_get_the_mode_open_gives(tmp_path, umask):
    # In a child process: the umask is per process, and the writer reads it once.
    code = ("import os, sys; os.umask(int(sys.argv[2], 8)); from mzparse.writers.atomic import write_atomic; "
            "write_atomic(sys.argv[1], 'x'); open(sys.argv[1] + '.plain', 'w').close()")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.json"), oct(umask)[2:]], check=True)
    assert _mode(tmp_path / "a.json") == _mode(tmp_path / "a.json.plain") == 0o666 & ~umask


def test_overwriting_keeps_the_old_files_mode(tmp_path):
    target = tmp_path / "all.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    outputs.write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and _mode(target) == 0o640


def test_cli_outputs_are_readable_like_any_file(tmp_path):
    out = tmp_path / "out"
    res = subprocess.run(MZ + ["extract", str(sample("004")), "-d", str(out), "-q"],
                         capture_output=True, text=True, env={**os.environ}, preexec_fn=lambda: os.umask(0o022))
    assert res.returncode == 0 and [_mode(p) for p in out.iterdir()] == [0o644]


def test_a_long_chinese_file_name_is_written_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    long = "关于印发" + "社会救助" * 18 + "工作的通知"   # 81 characters, 243 bytes
    assert len(long) == 81 and len(long.encode()) == 243
    (src / f"{long}.txt").write_bytes(sample("004").read_bytes())
    (src / "z.txt").write_bytes(sample("000").read_bytes())
    out = tmp_path / "out"
    for fmt in ("json", "jsonl", "csv"):
        res = subprocess.run(MZ + ["extract", str(src), "-d", str(out), "-f", fmt, "-q"], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 6 and all(len(n.encode()) <= NAME_MAX for n in names)
    assert f"{long}.json" in names and "z.csv" in names


def test_output_names_are_cut_at_a_character_boundary():
    name = "民" * 84 + ".txt"   # 252 bytes of stem: .jsonl would make 258
    out = outputs.output_name(name, "jsonl")
    assert out.endswith(".jsonl") and len(out.encode()) <= NAME_MAX and out.startswith("民" * 80)
    assert outputs.output_name("a.txt", "json") == "a.json"
