"""find_all, the per-document entry point, gives what find gives range by range.

find_all scans the whole document once for terminal ends, description heads and
set-up verbs and hands each range what falls in it; a match of those scans must
never cross from one range into the next. Held to the per-range path on real
documents (samples, corpus, a slice of the laws): the ranges the pipeline uses,
and every line with some left out (non-body lines between ranges).
"""
import pytest

import mzparse
from mzparse.lang import agencies
from mzparse.lang.script import normalise
from mzparse.records import Context

from conftest import SAMPLE_FILES, SHARED


def _files():
    corpus = sorted((SHARED / "corpus" / "docs").glob("*.txt"))[::3]
    laws = sorted(p for p in (SHARED / "laws").rglob("*.txt"))[::150]
    return [*SAMPLE_FILES, *corpus, *laws]


def _key(ms):
    return [(m.start, m.end, m.text, m.has_juris, m.responsible, m.role, m.setup_head) for m in ms]


def _per_range(texts, ranges, ctx):
    return [m for a, b in ranges for m in agencies.find(texts, a, b, ctx)]


def test_pipeline_ranges_same_as_per_range(monkeypatch):
    files = _files()
    if len(files) <= len(SAMPLE_FILES):
        pytest.skip("shared corpus not present")
    real, seen = agencies.find_all, []

    def both(texts, ranges, ctx):
        new = real(texts, ranges, ctx)
        assert _key(new) == _key(_per_range(texts, ranges, ctx))
        seen.append(len(new))
        return new

    monkeypatch.setattr(agencies, "find_all", both)
    for f in files:
        mzparse.extract(f)
    assert len(seen) == len(files) and sum(seen) > 100


class _Texts:
    def __init__(self, work):
        self.work = work


@pytest.mark.parametrize("level", [None, "province", "city"])
def test_lines_with_gaps_same_as_per_range(level):
    found = 0
    for f in _files()[:12]:
        work = normalise(f.read_text(encoding="utf-8", errors="replace")).work
        ranges, pos = [], 0
        for k, line in enumerate(work.split("\n")):
            if k % 5 != 3:  # every fifth line left out, as a non-body line is
                ranges.append((pos, pos + len(line)))
            pos += len(line) + 1
        texts, ctx = _Texts(work), Context(level=level)
        new = agencies.find_all(texts, ranges, ctx)
        assert _key(new) == _key(_per_range(texts, ranges, ctx))
        found += len(new)
        # Ranges that touch (no separator between them) and ranges out of order.
        halves = [r for a, b in ranges for r in ((a, (a + b) // 2), ((a + b) // 2, b))]
        assert _key(agencies.find_all(texts, halves, ctx)) == _key(_per_range(texts, halves, ctx))
        shuffled = ranges[1::2] + ranges[::2]
        assert _key(agencies.find_all(texts, shuffled, ctx)) == _key(_per_range(texts, shuffled, ctx))
    assert found > 50


def test_no_ranges():
    assert agencies.find_all(_Texts("民政部"), [], Context()) == []


_VERB_TEXT = ["成立", "设立", "组建", "组成", "组", "成", "立", "建", "设", "了", "省", "工作组", "\n", "。"]


def test_verb_occurrences_hold_every_verb_match():
    # find_all asks _set_up only where a verb occurs: every match of the verb search lies in one
    # of the occurrences (joined where they overlap), the occurrences are in order and disjoint.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_VERB_TEXT), max_size=20), st.data())
    def check(parts, data):
        work = "".join(parts)
        lo = data.draw(st.integers(0, len(work)))
        hi = data.draw(st.integers(lo, len(work)))
        spans = agencies._occurring(work, lo, hi, agencies._vocab()["setup_verbs"])
        assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
        for m in agencies._setup_verb_rx().finditer(work, lo, hi):
            assert any(a <= m.start() and m.end() <= b for a, b in spans), (work, lo, hi, m.span())

    check()
