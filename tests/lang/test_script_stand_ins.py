"""The stand-ins of the BMP that normalise gives characters beyond it (lang/script.py): the
output is what the wide texts give, slices of Texts.simplified are the plain simplified text's,
and no stand-in is a character any data file (the package's, jieba's, OpenCC's) names."""
import random
import sys
from pathlib import Path

import pytest

from mzparse import pipeline
from mzparse.codec import json_parts
from mzparse.lang import script

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "003_d193b34183ee00fd.txt"   # traditional; 睍 → U+2AFA2


def _json(text: str) -> str:
    return "".join(json_parts(pipeline.extract_records(text)))


def _with_wide(text: str, seed: int) -> str:
    """The text with characters beyond the BMP (Han, and others) put into titles, names and prose."""
    rnd = random.Random(seed)
    chars = list(text)
    for _ in range(60):
        chars.insert(rnd.randrange(len(chars)), rnd.choice("𪾢𠀀𡈼𨭎𪚥"))
    return "".join(chars)


def test_data_files_name_no_stand_in():
    import jieba
    import opencc

    pkg = Path(script.__file__).resolve().parents[1]
    files = [p for p in pkg.rglob("*") if p.suffix in (".toml", ".txt", ".py")]
    files += [p for p in Path(jieba.__file__).parent.rglob("*") if p.suffix in (".txt", ".py")]
    files += list((Path(opencc.__file__).parent / "dictionary").glob("*.txt"))
    pool = set(script.STAND_IN_POOL)
    assert len(pool) == 64
    for p in files:
        assert not pool & set(p.read_text(encoding="utf-8", errors="replace")), p


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_output_as_with_wide_texts(monkeypatch, seed):
    text = SAMPLE.read_text(encoding="utf-8")
    if seed is not None:
        text = _with_wide(text, seed)
    texts = script.normalise(text)
    assert isinstance(texts.simplified, script.Restored)
    assert sys.getsizeof(texts.work) < 3 * len(texts.work)   # 2 bytes a character, not 4
    plain = script.to_simplified(text)
    assert texts.simplified[:] == plain and type(texts.simplified[:]) is str
    got = _json(text)
    monkeypatch.setattr(script, "STAND_IN_POOL", "")   # no stand-ins: the wide texts
    assert not isinstance(script.normalise(text).simplified, script.Restored)
    assert _json(text) == got


def test_slices_and_indexes_are_the_plain_texts():
    text = _with_wide(SAMPLE.read_text(encoding="utf-8"), 3)
    simp, plain = script.normalise(text).simplified, script.to_simplified(text)
    assert simp == plain and plain == simp and not simp != plain and hash(simp) == hash(plain)
    assert simp != text and simp != plain[:-1] + "x" and simp != "𪾢" + plain[1:]
    rnd = random.Random(4)
    n = len(plain)
    for _ in range(5000):
        a, b = rnd.randint(-n - 3, n + 3), rnd.randint(-n - 3, n + 3)
        step = rnd.choice([None, 1, 2, -1, -3])
        assert simp[a:b:step] == plain[a:b:step]
    for i in list(range(-n, n, 97)) + simp._at:
        assert simp[i] == plain[i]


def test_no_stand_in_for_what_it_cannot_play():
    # An emoji is no Han character: the texts stay wide, as before.
    text = SAMPLE.read_text(encoding="utf-8") + "😀"
    assert not isinstance(script.normalise(text).simplified, script.Restored)
