"""The factored alternations (agencies._trie) match as the plain ones (agencies._alt) do.

The unit grammar is built from ``_trie``; a plain alternation of the same words,
longest first, is its definition. These tests hold the two to the same matches,
word lists alone and inside the whole grammar, at every position of real lines.
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.lang import agencies

from test_agency_scan import _lines

_WORD = st.text(alphabet="市民政部厅局县区.(|", min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=30), st.text(alphabet="市民政部厅局县区.(|x", max_size=12))
def test_words_same_matches(words, text):
    # Followed by a word of its own so that the order of the readings counts (backtracking).
    plain = re.compile(f"(?:{agencies._alt(words)})(x|民)?(?:{agencies._alt(words)})")
    factored = re.compile(f"(?:{agencies._trie(words)})(x|民)?(?:{agencies._trie(words)})")
    for p in range(len(text) + 1):
        a, b = plain.match(text, p), factored.match(text, p)
        assert (a and a.regs) == (b and b.regs), (words, text, p)


def test_unit_grammar_same_matches(monkeypatch):
    factored = agencies._unit_rx()
    agencies._unit_rx.cache_clear()
    monkeypatch.setattr(agencies, "_trie", agencies._alt)
    try:
        plain = agencies._unit_rx()
    finally:
        agencies._unit_rx.cache_clear()
    assert plain.pattern != factored.pattern
    checked = 0
    for _, work, s, e in _lines():
        for p in range(s, e):
            a, b = plain.match(work, p, e), factored.match(work, p, e)
            assert (a and a.regs) == (b and b.regs), work[p:e]
            checked += a is not None
    assert checked > 300
