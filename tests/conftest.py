import os
import tempfile
from pathlib import Path

import pytest

# Compiled patterns go to a cache of this test run (and its subprocesses), not the user's.
os.environ["MZPARSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="mzparse-test-cache-")

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
