"""Snapshot what the CLI writes in every output format, or compare two such snapshots.

scripts/snapshot.py covers ``mzparse.extract``; this covers the layer above it (writers, runners,
options): every ``extract --format`` (json, jsonl, csv, --excel, parquet, --with-text, --out-dir,
standard output), ``tasks`` (csv, json, table), ``show`` and ``check`` (text, json, github, sarif),
run over ../shared/samples, ../shared/corpus/docs and ../shared/formats:

    .venv/bin/python scripts/snapshot_cli.py take /tmp/cli-before     # with the code before the change
    .venv/bin/python scripts/snapshot_cli.py take /tmp/cli-after
    .venv/bin/python scripts/snapshot_cli.py compare /tmp/cli-before /tmp/cli-after

Each run gives files below DEST/<run>/: what it wrote (Parquet tables as JSON rows), its standard
output and error and its exit status. Timings in the summary lines are blanked.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MZPARSE_SHARED", REPO.parent / "shared"))
MZ = [str(REPO / ".venv" / "bin" / "mzparse")]


def _inputs() -> list[str]:
    files = sorted((SHARED / "samples").glob("*.txt")) + sorted((SHARED / "corpus" / "docs").glob("*.txt")) \
        + sorted((SHARED / "formats").glob("*.html"))
    return [str(p) for p in files]


def _runs(files: list[str]) -> dict[str, list[str]]:
    """Each run's arguments; OUT stands for the run's output file or folder."""
    one = files[0]
    html = [f for f in files if f.endswith(".html")]
    return {
        "json-stdout": ["extract", one],
        "json-with-text": ["extract", html[0], "--with-text"],
        "json-dir": ["extract", *files, "-d", "OUT"],
        "json-dir-with-text": ["extract", *html, "-d", "OUT", "--with-text", "-j", "2"],
        "jsonl-file": ["extract", *files, "-f", "jsonl", "-o", "OUT"],
        "jsonl-stdout-pool": ["extract", *files, "-f", "jsonl", "-j", "2"],
        "jsonl-with-text": ["extract", *html, "-f", "jsonl", "--with-text"],
        "csv-file": ["extract", *files, "-f", "csv", "-o", "OUT"],
        "csv-excel-dir": ["extract", *files[:6], "-f", "csv", "--excel", "-d", "OUT"],
        "csv-stdout": ["extract", *files[:3], "-f", "csv"],
        "parquet": ["extract", *files, "-f", "parquet", "-o", "OUT"],
        "tasks-csv": ["tasks", *files, "-f", "csv"],
        "tasks-csv-excel": ["tasks", *files[:5], "-f", "csv", "--excel", "-o", "OUT"],
        "tasks-json": ["tasks", *files, "-f", "json"],
        "tasks-table": ["tasks", *files[:5], "-f", "table"],
        "show": ["show", *files[:3], "--no-color", "--no-pager", "--width", "100"],
        "check-text": ["check", *files, "--severity", "info"],
        "check-json": ["check", *files, "-f", "json", "--severity", "info"],
        "check-github": ["check", *files, "-f", "github"],
        "check-sarif": ["check", *files, "-f", "sarif", "-o", "OUT"],
        "check-select": ["check", *files, "--select", "N,D", "--ignore", "N005", "--severity", "error"],
        "help": ["--help"],
        "help-extract": ["extract", "--help"],
        "help-tasks": ["tasks", "--help"],
        "help-show": ["show", "--help"],
        "help-check": ["check", "--help"],
        "help-text": ["text", "--help"],
        "empty-dir": ["show", "EMPTY"],
    }


def _parquet_rows(folder: Path, dest: Path) -> None:
    import pyarrow.parquet as pq

    for table in sorted(p for p in folder.iterdir() if p.is_dir()):
        rows = [r for f in sorted(table.glob("part-*.parquet")) for r in pq.read_table(f).to_pylist()]
        schema = str(pq.read_schema(next(table.glob("part-*.parquet"))))
        (dest / f"{table.name}.rows.json").write_text(
            json.dumps({"schema": schema, "rows": rows}, ensure_ascii=False, indent=1, default=str), "utf-8")


def take(dest: Path) -> int:
    files = _inputs()
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "", "TERM": "dumb"}
    env.pop("NO_COLOR")
    work = dest / ".work"
    for name, args in _runs(files).items():
        out_dir = dest / name
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        (work / "empty").mkdir()
        out = work / "out"
        argv = [str(out) if a == "OUT" else str(work / "empty") if a == "EMPTY" else a for a in args]
        res = subprocess.run(MZ + argv, capture_output=True, env=env, cwd=work)
        shared = str(SHARED)
        (out_dir / "stdout").write_bytes(res.stdout.replace(shared.encode(), b"SHARED"))
        err = re.sub(rb", \d+\.\d s\n", b", T s\n", res.stderr).replace(shared.encode(), b"SHARED")
        (out_dir / "stderr").write_bytes(err.replace(str(work).encode(), b"WORK"))
        (out_dir / "rc").write_text(f"{res.returncode}\n")
        if out.is_file():
            shutil.copy(out, out_dir / "output")
        elif out.is_dir() and "parquet" in args:
            _parquet_rows(out, out_dir)
        elif out.is_dir():
            for p in sorted(out.rglob("*")):
                if p.is_file():
                    target = out_dir / "files" / p.relative_to(out)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(p, target)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(_runs(files))} runs over {len(files)} inputs → {dest}")
    return 0


def compare(a: Path, b: Path) -> int:
    """Every file the CLI wrote, compared as snapshot.py compares documents' JSON."""
    from snapshot import compare as compare_files   # scripts/ is on the path when run as a script

    return compare_files(a, b, "*")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("take", help="run the CLI in every format and keep what it wrote")
    t.add_argument("dest", type=Path)
    c = sub.add_parser("compare", help="compare two snapshots (exit 1 when they differ)")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    return take(args.dest) if args.cmd == "take" else compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
