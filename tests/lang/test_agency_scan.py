"""The agency scan's shortcuts never change its answer.

agencies._units tries the unit grammar only where a terminal word's backward
reading says a kept unit can start, and skips positions its may-start test (_may_start_parts) rules out.
Its definition is simpler: try the grammar at every position, keep what _accept
keeps. These tests hold the two to the same mentions on real lines and on text
built from the vocabulary's own words, where the shortcuts are most likely to
cut a unit short.
"""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.lang import agencies
from mzparse.lang.script import normalise

ROOT = Path(__file__).resolve().parents[2]


def every_position(work: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    rx, out, p = agencies._unit_rx(), [], start
    while p < end:
        m = rx.match(work, p, end)
        mn = agencies._accept(m, work, out) if m is not None else None
        if mn is None:
            p += 1
            continue
        out.append(mn)
        p = m.end()
    return [(x.start, x.end, x.text, x.has_juris) for x in out]


def scanned(work: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    return [(x.start, x.end, x.text, x.has_juris) for x in agencies._units(work, start, end)]


def _lines():
    files = sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "data").glob("*.txt"))
    for f in files:
        work = normalise(f.read_text(encoding="utf-8", errors="replace")).work
        pos = 0
        for line in work.split("\n"):
            if line.strip():
                yield f.name, work, pos, pos + len(line)
            pos += len(line) + 1


def test_real_lines_same_mentions_as_every_position():
    checked = found = 0
    for name, work, s, e in _lines():
        want = every_position(work, s, e)
        assert scanned(work, s, e) == want, (name, work[s:e])
        checked += 1
        found += len(want)
    assert checked > 300 and found > 300  # the comparison ran over real mentions


def _fragments():
    v = agencies._vocab()
    words = [w for key in ("known", "self_names", "places", "organs", "cores", "suffixes", "departments", "people_orgs",
                           "institutions", "branches", "not_places", "inst_name_forbidden", "generic_before")
             for w in v[key]]
    return words + list(agencies._PLACE_ENDS) + list(agencies._JURIS_WORDS) + [
        "中共", "社区", "老年人日间照料", "潍坊", "宽城满族", "负责", "牵头", "、", ",", "。", "和", "门", "长", "分",
        "直辖", "超", "基", "面", "实行", "以上", "(", ")", "1", " ", "A", "\n", "《", "》", "\u3000", "〇"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_fragments()), min_size=1, max_size=14))
def test_vocabulary_text_same_mentions_as_every_position(parts):
    work = "前文" + "".join(parts) + "后文"
    assert scanned(work, 0, len(work)) == every_position(work, 0, len(work))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_fragments()), min_size=1, max_size=8), st.data())
def test_stretch_bounds_inside_words(parts, data):
    # The terminal ends are found with lookbehinds, which see before ``start``: a word
    # begun before it must not count, as every-position never sees it.
    work = "".join(parts)
    start = data.draw(st.integers(0, len(work)))
    end = data.draw(st.integers(start, len(work)))
    assert scanned(work, start, end) == every_position(work, start, end)


def test_terminal_ends_as_the_words_say():
    finals, by_final = agencies._terminal_words()
    ends, longest = agencies._terminal_ends_rx()
    for name, work, s, e in _lines():
        want = [f.end() for f in finals.finditer(work, s, e) if work.endswith(by_final[f.group()], s, f.end())]
        got = [f.end() for f in ends.finditer(work, s, e)]
        assert set(want) <= set(got) and all(x in want or x - longest < s for x in got), (name, work[s:e])


def test_no_han_before_the_may_start_bound():
    # _units refuses a free-form place name at a character below this bound by one comparison.
    import re

    from mzparse.lang import grammar

    han_first = agencies._may_start_parts()[5]
    han = re.compile(grammar.han_class())
    assert han.match(han_first) and not any(han.match(chr(c)) for c in range(ord(han_first)))


def test_may_start_words_by_two_characters():
    # The words a unit can begin with, kept by first character, one-character words and the rest
    # by their first two: every word in exactly one place.
    firsts, single, by_two = agencies._may_start_parts()[:3]
    words = [*single, *(w for ws in by_two.values() for w in ws)]
    assert len(words) == len(set(words)) and all(w[:2] == k for k, ws in by_two.items() for w in ws)
    assert {w[0] for w in words} == firsts
