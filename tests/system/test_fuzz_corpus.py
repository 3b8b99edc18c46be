"""The fuzzing corpus as regression tests: every input kept under tests/fuzz/corpus (seeds, and
inputs the atheris runs found interesting or crashing) goes through mzparse.extract with the
harness's oracle, without atheris."""
from pathlib import Path

import pytest

import mzparse
from mzparse.errors import MzparseError
from mzparse.models import Document

CORPUS = sorted((Path(__file__).resolve().parents[1] / "fuzz" / "corpus").iterdir())


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_fuzz_input(path):
    data = path.read_bytes()
    try:
        doc = mzparse.extract(data, name="fuzz.txt")
    except MzparseError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    n = doc.source.chars
    for item in [*doc.clauses, *doc.entities, *doc.warnings]:
        assert 0 <= item.span[0] <= item.span[1] <= n
    Document.model_validate_json(doc.to_json())
