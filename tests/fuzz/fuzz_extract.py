"""Coverage-guided fuzzing of mzparse.extract on raw bytes (make fuzz; not part of the test run).

Any exception other than MzparseError is a finding; atheris saves the input as crash-*.
Keep each finding (and any input worth keeping) in tests/fuzz/corpus/: tests/test_fuzz_corpus.py
runs every file there through the same checks, without atheris.
"""
import sys

import atheris

# mzparse.extract imports its stages lazily, so import them here, inside the
# instrumented block; only mzparse is instrumented (jieba/pydantic would slow it).
with atheris.instrument_imports(include=["mzparse"]):
    import mzparse
    import mzparse.pipeline  # noqa: F401  (pulls in every stage)
    import mzparse.lang.segment  # noqa: F401
    from mzparse.errors import MzparseError


def test_one(data: bytes) -> None:
    try:
        doc = mzparse.extract(data, name="fuzz.txt")
    except MzparseError:
        return
    n = doc.source.chars
    for c in doc.clauses:
        assert 0 <= c.span[0] <= c.span[1] <= n
    for e in doc.entities:
        assert 0 <= e.span[0] < e.span[1] <= n
    for w in doc.warnings:
        assert 0 <= w.span[0] <= w.span[1] <= n


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
