"""Accuracy is a test: the scorer on ../shared/gold (the five samples) and ../shared/corpus/gold
(16 real documents of other kinds and sites) must report at least the figures the issues set."""
import json
import subprocess
import sys

import pytest

from conftest import SAMPLE_FILES, SHARED

# The samples: today's figures (issues 14 and 15: "stay at today's figures"). Time is 0.974, not
# 1.0: sample 003 prints no date, and CONTRACT §2 gives a yearless 9月 no date there; its older
# gold took the year from the text before it.
SAMPLES_MIN = {"clauses": 0.99, "agency": 0.98, "responsible": 0.99, "time": 0.97, "deadline": 0.99,
               "percentage": 0.99, "money": 0.99, "meta": 0.99}
# The corpus: issues 14 (clauses, meta, path) and 15 (entities).
CORPUS_MIN = {"clauses": 0.98, "meta": 0.90, "agency": 0.92, "responsible": 0.93, "time": 0.92,
              "deadline": 0.85, "percentage": 0.98, "money": 0.98}
PATH_OK = {"samples": 0.97, "corpus": 0.95}

pytestmark = pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared/gold not present")


def _score(gold, pred):
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold),
                          "--pred", str(pred), "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def samples(tmp_path_factory, docs):
    out = tmp_path_factory.mktemp("pred")
    for p in SAMPLE_FILES:
        (out / f"{p.stem}.json").write_text(docs[p.name[:3]].to_json(), encoding="utf-8")
    return _score(SHARED / "gold", out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    import mzparse

    if not (SHARED / "corpus" / "gold").is_dir():
        pytest.skip("../shared/corpus not present")
    out = tmp_path_factory.mktemp("corpus")
    for p in sorted((SHARED / "corpus" / "docs").glob("*.txt")):
        (out / f"{p.stem}.json").write_text(mzparse.extract(p).to_json(), encoding="utf-8")
    return _score(SHARED / "corpus" / "gold", out)


@pytest.mark.parametrize("key", sorted(SAMPLES_MIN))
def test_samples_f1(samples, key):
    assert samples["total"][key]["f1"] >= SAMPLES_MIN[key], samples["total"][key]


@pytest.mark.parametrize("key", sorted(CORPUS_MIN))
def test_corpus_f1(corpus, key):
    assert corpus["total"][key]["f1"] >= CORPUS_MIN[key], corpus["total"][key]


@pytest.mark.parametrize("key", ["agency", "time", "percentage", "money", "responsible", "deadline"])
@pytest.mark.parametrize("gold", ["samples", "corpus"])
def test_entities_sit_in_the_right_clause(request, gold, key):
    ok = request.getfixturevalue(gold)["total"][key]["path_ok"]
    assert ok is None or ok >= PATH_OK[gold], (gold, key, ok)


def test_clauses_on_every_sample(samples):
    for row in samples["docs"]:
        tp, ng, np_, _ = row["clauses"]
        f1 = 2 * tp / (ng + np_) if ng + np_ else 1.0
        assert f1 >= 0.99, row["doc"]
