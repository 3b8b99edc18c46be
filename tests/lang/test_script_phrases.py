"""OpenCC's phrases (lang/script.py) are tried only near their pivots (``_phrase_starts``): the
same matches as the alternation's search of the whole text, on a traditional sample and on texts
thick with phrases, overlapping ones and their pieces."""
import random
from pathlib import Path

import pytest

from mzparse.lang import grammar, scan, script

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "003_d193b34183ee00fd.txt"   # traditional


def _texts() -> list[str]:
    phrases = sorted(script._t2s()[2])
    rnd = random.Random(11)
    pieces = phrases + [p[:k] for p in phrases for k in range(1, len(p))] + [p[k:] for p in phrases for k in range(1, len(p))]
    mixed = ["".join(rnd.choice(pieces) for _ in range(3000)) for _ in range(3)]
    return [SAMPLE.read_text(encoding="utf-8"), "".join(phrases), "".join(reversed(phrases)), *mixed]


@pytest.mark.parametrize("i", range(6))
def test_phrases_near_pivots_are_the_searchs(i):
    text = _texts()[i]
    _table, rx, _phrases, _bmp, pivots, firsts = script._t2s()
    near = scan.matches_at(rx, text, ((p, len(text)) for p in script._phrase_starts(text, pivots, firsts)))
    assert [m.span() for m in near] == [m.span() for m in rx.finditer(text)]
    if i:
        assert any(True for _ in rx.finditer(text))   # the texts made of phrases hold some


def test_a_text_dense_with_pivots_is_searched_whole_with_the_same_result():
    # 於 (關於, 對於) is a pivot: at every third character the search is the cheaper path.
    text = "關於發展於是對於乾坤反覆" * 200
    _table, _rx, _phrases, _bmp, pivots, _firsts = script._t2s()
    assert sum(map(text.count, pivots)) * script._DENSE_PIVOTS > len(text)
    sparse = "關於" + "的" * 4000 + "乾坤"
    assert sum(map(sparse.count, pivots)) * script._DENSE_PIVOTS < len(sparse)
    for t in (text, sparse):
        want = t.translate(script._t2s()[0])
        for m in _rx.finditer(t):
            want = want[:m.start()] + _phrases[m.group()] + want[m.end():]
        assert script.to_simplified(t) == want


@pytest.mark.parametrize("i", range(6))
def test_phrase_starts_from_the_pivots_scan_as_from_their_finds(i):
    # to_simplified hands _phrase_starts the pivots' places of one class scan.
    text = _texts()[i][:20000]
    _table, _rx, _phrases, _bmp, pivots, firsts = script._t2s()
    at = list(grammar.positions(frozenset(pivots), text))
    assert at == sorted(p for c in pivots for p in scan.finds(text, c))
    assert script._phrase_starts(text, pivots, firsts, at) == script._phrase_starts(text, pivots, firsts)
