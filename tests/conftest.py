import os
import tempfile
from pathlib import Path

import pytest

# Compiled patterns go to a cache of this test run (and its subprocesses), not the user's.
os.environ["MZPARSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="mzparse-test-cache-")

# Property tests draw the same examples on every run (a CI run must not pass or fail by chance);
# `HYPOTHESIS_PROFILE=explore make test` draws new ones, as `make fuzz` does for bytes.
try:
    from hypothesis import settings as _hypothesis

    _hypothesis.register_profile("ci", derandomize=True, database=None)
    _hypothesis.register_profile("explore", derandomize=False)
    _hypothesis.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:
    pass

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = Path(os.environ.get("MZPARSE_SHARED", REPO.parent / "shared"))
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def sample(prefix: str) -> Path:
    return next(p for p in SAMPLE_FILES if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def docs():
    """Each sample extracted once per test session."""
    import mzparse

    return {p.name[:3]: mzparse.extract(p) for p in SAMPLE_FILES}
