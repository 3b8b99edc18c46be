"""The agency scan's cheaper forms give what their plain definitions give.

The unit grammar is built from ``_trie``; a plain alternation of the same words,
longest first (``_alt``), is its definition: held to the same matches, word lists
alone and inside the whole grammar, at every position of real lines. The last
character no unit holds is found by a forward match; its definition is a reverse
search with regex's \\p{Han}. The pattern strings kept on disk are what their
builders make.
"""
import re

import regex

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
    monkeypatch.setattr(agencies, "_trie", agencies._alt)
    plain = re.compile(agencies._unit_pattern())
    assert plain.pattern != factored.pattern
    checked = 0
    for _, work, s, e in _lines():
        for p in range(s, e):
            a, b = plain.match(work, p, e), factored.match(work, p, e)
            assert (a and a.regs) == (b and b.regs), work[p:e]
            checked += a is not None
    assert checked > 300


def test_unit_break_same_as_reverse_search():
    v = agencies._vocab()
    vocabulary = "".join(w for words in v.values() if isinstance(words, list) for w in words if isinstance(w, str))
    extra = sorted(set(regex.sub(r"\p{Han}", "", vocabulary)))
    reverse = regex.compile("(?r)[^\\p{Han}" + "".join(regex.escape(c) for c in extra) + "]")
    brk, reach = agencies._unit_break_rx(), agencies._unit_max()
    odd = "甲\U00020000乙\u2e80丙(A)〇々x\U0002a6e0"  # Han beyond plane 0, radicals, 〇, ASCII
    texts = [(work, s, e) for _, work, s, e in _lines()] + [(odd, 0, len(odd))]
    for work, s, e in texts:
        for hi in range(s, e + 1):
            lo = max(s, hi - reach)
            want, got = reverse.search(work, lo, hi), brk.match(work, lo, hi)
            assert (want and want.end()) == (got and got.end()), (work[lo:hi], lo, hi)


_KEPT = ("_unit_rx", "_unit_break_rx", "_terminal_ends_rx", "_functional_rx", "_functional_exists_rx",
         "_functional_next_rx", "_setup_rx", "_bare_rx")


def _patterns() -> list[str]:
    out = []
    for name in _KEPT:
        got = getattr(agencies, name)()
        out.append((got[0] if isinstance(got, tuple) else got).pattern)
    return out


def _clear():
    for name in _KEPT:
        getattr(agencies, name).cache_clear()


def test_kept_patterns_are_what_the_builders_make(monkeypatch):
    # The patterns as kept on disk, then as built afresh (no kept pattern read).
    kept = _patterns()
    _clear()
    cached = agencies.grammar.cached
    monkeypatch.setattr(agencies.grammar, "cached", lambda kind, key, build, *args, **kwargs: build()
                        if kind == "agency-pattern" else cached(kind, key, build, *args, **kwargs))
    try:
        assert _patterns() == kept
    finally:
        _clear()

