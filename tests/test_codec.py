"""The output's validator and serializer built from the cached schemas (codec.py): the same
refusals and bytes as the pydantic models, and a warm cold start that imports no pydantic."""
import importlib.util
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from mzparse import codec, models
from mzparse.writers import tables

SAMPLE = sorted((Path(__file__).resolve().parents[2] / "shared" / "samples").glob("*.txt"))[4]

# Records each breaking one constraint of the models (test_records.py holds that the models refuse them).
BAD = '''
import dataclasses, math, sys
from mzparse import codec, records
from pydantic_core import ValidationError
empty = records.Extraction(records.Source("x", "0" * 64, "utf-8", "simplified", 0), records.Meta(), [], [], [])
bad = [
    dataclasses.replace(empty, entities=[records.Percentage("", "x%", (0, 2), value=math.inf)]),
    dataclasses.replace(empty, clauses=[records.Clause("1", "一、", 0, None, "一、", (0, 2))]),
    dataclasses.replace(empty, entities=[records.Time("", "x", (0, 1), date="2020-1-1")]),
    dataclasses.replace(empty, entities=[records.Agency("", "x", (0, 1), role="boss")]),
    dataclasses.replace(empty, meta=records.Meta(date="yesterday")),
    dataclasses.replace(empty, entities=[records.Time("", "x", (0, 1), duration="5 years")]),
]
refused = 0
for ext in bad:
    try:
        codec.validate(ext)
    except ValidationError:
        refused += 1
codec.validate(empty)
print(refused, len(bad), sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
'''


def _run(args, cache: Path) -> subprocess.CompletedProcess:
    env = {"MZPARSE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(cache.parent)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=True)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(tmp_path / "c"))
    codec._codecs.cache_clear()
    yield tmp_path / "c"
    codec._codecs.cache_clear()


def test_the_schemas_are_plain_data_kept_on_disk(cache):
    built = codec.schemas()
    assert built == models.core_schemas()
    (path,) = cache.glob("schema-*.marshal")
    assert codec.schemas() == built and cache.stat().st_mode & 0o077 == 0   # a user-only folder


def test_a_corrupt_cache_file_is_built_again(cache):
    codec.schemas()
    (path,) = cache.glob("schema-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert codec.schemas() == models.core_schemas()
    assert path.read_bytes() != b"\x00garbage"


def test_the_key_holds_the_models_and_the_versions(tmp_path, monkeypatch):
    key = codec.schema_key()
    changed = tmp_path / "models.py"
    changed.write_bytes(codec._MODELS.read_bytes() + b"\n# a change\n")
    monkeypatch.setattr(codec, "_MODELS", changed)
    other = codec.schema_key()
    assert other != key
    import pydantic
    import pydantic_core

    assert pydantic_core.__version__ in key and sys.version in key
    assert f"'{pydantic.VERSION}'" in (Path(pydantic.__file__).with_name("version.py").read_text())


def test_the_cached_validator_refuses_what_the_models_refuse_without_pydantic(tmp_path):
    cache = tmp_path / "c"
    first = _run(["-c", BAD], cache).stdout.split(" ", 2)   # builds the schemas, with pydantic
    again = _run(["-c", BAD], cache).stdout.split(" ", 2)   # reads them back
    assert first[0] == first[1] == again[0] == again[1] == "6"
    assert again[2].strip() == "[]"


def test_a_warm_cold_extract_imports_no_pydantic(tmp_path):
    # typer 0.29 builds a pydantic TypeAdapter per option (typer._adapters): with it, pydantic is
    # typer's import, and what is asked of mzparse is that it needs neither pydantic nor the models.
    typer_needs_pydantic = importlib.util.find_spec("typer._adapters") is not None
    cache = tmp_path / "c"
    prog = ("import sys; sys.argv = ['mzparse', 'extract', sys.argv[1]]\n"
            "import mzparse.cli\n"
            "mzparse.cli._leave = lambda code: None\n"   # main() would leave by os._exit before the print
            "from mzparse.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stdout.flush()\n"
            "print('mzparse.models' in sys.modules, [m for m in sys.modules if m.split('.')[0] == 'pydantic'] or '',"
            " [m for m in sys.modules if m.startswith('pydantic_core')], sep='|', file=sys.stderr)")
    cold = _run(["-c", prog, str(SAMPLE)], cache)
    warm = _run(["-c", prog, str(SAMPLE)], cache)
    assert warm.stdout == cold.stdout and json.loads(warm.stdout)["source"]["path"]
    models_imported, pydantic_modules, core_modules = warm.stderr.strip().splitlines()[-1].split("|", 2)
    assert models_imported == "False"
    if not typer_needs_pydantic:
        assert pydantic_modules == ""
        # Only pydantic-core's compiled module: not its package, whose core_schema costs ~13 ms (codec._core).
        assert core_modules == "['pydantic_core._pydantic_core']"


def test_the_table_columns_are_the_models_columns():
    # tables.py reads its columns off the records (no pydantic); the models give the same kinds.
    kinds = {str: tables.STR, int: tables.INT, float: tables.FLOAT, bool: tables.BOOL}
    columns = dict(tables.ENTITY_COLUMNS)
    for model in (models.Agency, models.Time, models.Percentage, models.Money):
        for name, field in model.model_fields.items():
            if name in ("path", "text", "span", "type"):
                continue
            args = [a for a in typing.get_args(field.annotation) if a is not type(None)] or [field.annotation]
            if models.IsoDate in args:
                want = tables.DATE
            elif typing.get_origin(args[0]) is typing.Literal:
                want = tables.STR
            else:
                want = kinds[args[0]]
            assert columns[name] == want, (model.__name__, name)


def test_fresh_copies_write_the_same_json(monkeypatch):
    # A document of more than one batch is written from copies of its longer strings (codec._fresh,
    # so that their UTF-8 is not kept by the records): the same JSON as from the records' own.
    from mzparse import pipeline

    text = (Path(__file__).resolve().parents[1] / "samples" / "002_c636a10c1823b5ad.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(codec, "_BATCH", 100)
    ext = pipeline.extract_records(text * 3)
    assert len(ext.clauses) > codec._BATCH
    before = [c.text for c in ext.clauses]
    got = "".join(codec.json_parts(ext))
    monkeypatch.setattr(codec, "_fresh", lambda batch: batch)
    assert "".join(codec.json_parts(ext)) == got
    assert all(a is c.text for a, c in zip(before, ext.clauses))
