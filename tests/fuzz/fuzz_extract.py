"""Coverage-guided fuzzing of mzparse.extract on raw bytes (make fuzz; not part of the test run).

Any exception other than MzparseError is a finding; atheris saves the input as crash-*.
So is a slow unit that grows faster than linearly: an input taking more than
MZPARSE_FUZZ_SLOW seconds (default 1) is run again doubled, and a time ratio above 3.5 is
raised as SuperLinear (a doubling of linear work costs about 2x).
Keep each finding (and any input worth keeping) in tests/fuzz/corpus/: tests/test_fuzz_corpus.py
runs every file there through the same checks, without atheris.

A custom mutator grows short units into long homogeneous runs (see _stretch). Unless
-dict= is given, a dictionary is written to .fuzz/mzparse.dict from the words of
the package's data files (*.toml) and long homogeneous runs (a page that lost its line breaks, mojibake), so
the mutations speak the grammars' vocabulary.
"""
from __future__ import annotations

import gc
import importlib
import json
import math
import os
import pkgutil
import sys
import time
from pathlib import Path

import atheris

# Every module of the package, imported inside the instrumented block: mzparse.extract
# imports its stages lazily, and a module imported later gives the fuzzer no coverage
# feedback. Only mzparse is instrumented (jieba/pydantic would slow it).
assert not any(m == "mzparse" or m.startswith("mzparse.") for m in sys.modules), "mzparse imported too early"
with atheris.instrument_imports(include=["mzparse"]):
    import mzparse
    from mzparse.errors import MzparseError

    MODULES = sorted(info.name for info in pkgutil.walk_packages(mzparse.__path__, "mzparse.")
                     if not info.name.endswith("__main__"))
    for _name in MODULES:
        importlib.import_module(_name)

SLOW = float(os.environ.get("MZPARSE_FUZZ_SLOW", "1.0"))
RATIO = 3.5


class SuperLinear(Exception):
    """An input whose doubled form costs much more than twice as much."""


def _check(doc) -> None:
    n = doc.source.chars
    for c in doc.clauses:
        assert 0 <= c.span[0] <= c.span[1] <= n
    for e in doc.entities:
        assert 0 <= e.span[0] < e.span[1] <= n
        for field in ("value", "max", "yuan", "max_yuan"):
            x = getattr(e, field, None)
            assert x is None or math.isfinite(x), (field, x)
    for w in doc.warnings:
        assert 0 <= w.span[0] <= w.span[1] <= n
    json.loads(doc.to_json())  # strict JSON: no NaN/Infinity


def _extract(data: bytes):
    try:
        return mzparse.extract(data, name="fuzz.txt")
    except MzparseError:
        return None


def _longest_run_doubled(data: bytes) -> bytes:
    """data with its longest run of one repeated character doubled (the grown input of a
    homogeneous run, which concatenating two copies would not make)."""
    text = data.decode("utf-8", "replace")
    best, at, i = 0, 0, 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == text[i]:
            j += 1
        if j - i > best:
            best, at = j - i, i
        i = j
    return (text[:at] + text[at:at + best] * 2 + text[at + best:]).encode("utf-8")


def _cpu(data: bytes) -> float:
    # CPU time of this process without the collector: wall time on a shared machine
    # reported a linear input as 4x slower doubled.
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        _extract(data)
        return time.process_time() - t0
    finally:
        gc.enable()


def test_one(data: bytes) -> None:
    t0 = time.process_time()
    doc = _extract(data)
    elapsed = time.process_time() - t0
    if doc is not None:
        _check(doc)
    if elapsed > SLOW:
        base = _cpu(data)
        for grown in (data + data, _longest_run_doubled(data)):
            ratio = min(_cpu(grown), _cpu(grown)) / base
            if ratio > RATIO:
                raise SuperLinear(f"{len(data)} bytes took {base:.2f} s; doubled, {ratio:.1f}x as long")


def _stretch(data: bytes, max_size: int, seed: int) -> bytes:
    """Mutate; one time in four, grow a short unit of the input (a ?, 、, 九, 《…》, a line) into
    a long homogeneous run instead: the shape of the inputs that were quadratic and of
    figures too long for a float, which byte-level mutations and a dictionary (words
    of at most 64 bytes) hardly ever reach."""
    import random

    rng = random.Random(seed)
    if not data or rng.random() >= 0.25:
        return atheris.Mutate(data, max_size)
    text = data.decode("utf-8", "replace")
    at = rng.randrange(len(text))
    unit = text[at:at + rng.choice((1, 1, 1, 2, 3, 8))]
    unit_bytes = max(1, len(unit.encode("utf-8")))
    room = max(0, max_size - len(data)) // unit_bytes
    if room < 2:
        return atheris.Mutate(data, max_size)
    times = min(room, rng.choice((64, 320, 1000, 5000, 20000)))
    out = (text[:at] + unit * times + text[at:]).encode("utf-8")
    return out[:max_size]


def _dictionary() -> list[bytes]:
    """Words of the pattern files (plain strings only, not regexes) and homogeneous runs."""
    from mzparse.lang.grammar import PACKAGE, load

    words: set[str] = set()

    def walk(v) -> None:
        if isinstance(v, str):
            if 0 < len(v) <= 12 and not any(ch in v for ch in "\\[](){}|*+?^$\n"):
                words.add(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for path in sorted(PACKAGE.rglob("*.toml")):   # every data file, beside its module
        walk(load(str(path.relative_to(PACKAGE).with_suffix(""))))
    for unit in ("?", "、", ":", "：", "()", "（）", "《", "》", "0", "九", "万", "元", "%", "。", " ", "\n", "民政厅"):
        words.add(unit * max(2, 64 // len(unit.encode("utf-8"))))  # libFuzzer keeps words of <= 64 bytes
    words.update(["百分之", "亿元", "万元", "〔2016〕", "号", "（一）", "一、", "1.", "第一条", "年", "月", "日"])
    return sorted(w.encode("utf-8") for w in words)


def _write_dict(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="ascii") as fh:
        for w in _dictionary():
            fh.write('"' + "".join(f"\\x{b:02x}" for b in w) + '"\n')


if __name__ == "__main__":
    argv = list(sys.argv)
    if not any(a.startswith("-dict=") for a in argv):
        dict_path = Path(".fuzz/mzparse.dict")
        _write_dict(dict_path)
        argv.insert(1, f"-dict={dict_path}")
    if not any(a.startswith("-max_len=") for a in argv):
        argv.insert(1, "-max_len=65536")  # room for the long runs that expose super-linear code
    print(f"fuzz_extract: {len(MODULES)} modules instrumented", file=sys.stderr)
    atheris.Setup(argv, test_one, custom_mutator=_stretch)
    atheris.Fuzz()
