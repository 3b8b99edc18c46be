"""Snapshot mzparse's output on the reference inputs, or compare two snapshots.

A change that should not alter behaviour (a move, a speed-up) is checked by taking a
snapshot with the code before it and one after, and comparing them byte for byte:

    .venv/bin/python scripts/snapshot.py take /tmp/before        # with the old checkout's venv
    .venv/bin/python scripts/snapshot.py take /tmp/after
    .venv/bin/python scripts/snapshot.py compare /tmp/before /tmp/after

The inputs are ../shared/samples, ../shared/corpus/docs, ../shared/laws, ../shared/formats,
tests/data and the fuzz seeds (tests/fuzz/corpus). Each input gives `<set>/<relative path>.json`:
the document's JSON, or `ERROR <message>` when it is refused. The snapshot uses only the public
``mzparse.extract`` on a ``pathlib.Path``, so it runs with any version of the package.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MZPARSE_SHARED", REPO.parent / "shared"))
SETS = {
    "samples": SHARED / "samples",
    "corpus": SHARED / "corpus" / "docs",
    "laws": SHARED / "laws",
    "formats": SHARED / "formats",
    "data": REPO / "tests" / "data",
    "fuzz": REPO / "tests" / "fuzz" / "corpus",
}


def _inputs(sets=None):
    for name, root in SETS.items():
        if not root.is_dir() or (sets and name not in sets):
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink() and p.suffix not in {".md", ".tsv", ".toml"}:
                yield name, root, p


def _one(job: tuple[str, str, str]) -> tuple[str, str]:
    import mzparse

    name, root, path = job
    rel = Path(name) / Path(path).relative_to(root)
    try:
        out = mzparse.extract(Path(path)).to_json(indent=2)
    except mzparse.MzparseError as exc:
        out = f"ERROR {exc}"
    return str(rel) + ".json", out


def take(dest: Path, jobs: int, sets=None) -> int:
    work = [(n, str(r), str(p)) for n, r, p in _inputs(sets)]
    with ProcessPoolExecutor(jobs) as pool:
        for rel, out in pool.map(_one, work, chunksize=8):
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(out, encoding="utf-8")
    print(f"{len(work)} inputs → {dest}")
    return 0


def compare(a: Path, b: Path, pattern: str = "*.json") -> int:
    """Print which files of the two snapshots differ or stand in one only; 1 when any do."""
    names_a = {p.relative_to(a) for p in a.rglob(pattern) if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob(pattern) if p.is_file()}
    differ = sorted(n for n in names_a & names_b if not filecmp.cmp(a / n, b / n, shallow=False))
    only = sorted(names_a ^ names_b)
    for n in differ[:20]:
        print(f"differs: {n}")
    for n in only[:20]:
        print(f"only in {'first' if n in names_a else 'second'}: {n}")
    print(f"{len(names_a & names_b)} compared, {len(differ)} differ, {len(only)} in one snapshot only")
    return 1 if differ or only else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("take", help="write a snapshot of every reference input's output")
    t.add_argument("dest", type=Path)
    t.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    # A quick check while working (e.g. --sets samples,corpus); the full snapshot before committing.
    t.add_argument("--sets", type=lambda v: set(v.split(",")), help=f"only these of {','.join(SETS)}")
    c = sub.add_parser("compare", help="compare two snapshots (exit 1 when they differ)")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    return take(args.dest, args.jobs, args.sets) if args.cmd == "take" else compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
