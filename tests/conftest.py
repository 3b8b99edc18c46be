import os
from pathlib import Path

import pytest

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
