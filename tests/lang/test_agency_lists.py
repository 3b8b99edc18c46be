"""The responsibility lists' patterns run on Python's re, and read blanks as regex's \\s does."""
import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.lang import agencies


def test_blank_is_regex_space():
    # grammar.REGEX_BLANK (the lists' blank, and D002's and the 发文字号 hints' in checks) on every
    # code point but the surrogates: re's own \s also takes \x1c-\x1f, which regex's does not.
    text = "".join(map(chr, (*range(0xD800), *range(0xE000, 0x110000))))
    want = [m.start() for m in regex.finditer(r"\s", text)]
    assert [m.start() for m in re.finditer(agencies._BLANK, text)] == want
    assert "\x1c" in text and text.index("\x1c") not in want


def test_lists_at_a_line_end_and_before_a_number():
    cases = {
        "加强管理。(省民政厅、省财政厅)": "省民政厅、省财政厅",
        "加强管理(市政府办公室牵头,各县区配合": "市政府办公室牵头,各县区配合",  # left open: the text was cut off
        "加强管理。(省民政厅)\u3000": "省民政厅",
        "加强管理。(省民政厅) 。 ": "省民政厅",
    }
    for line, inner in cases.items():
        m = agencies._TRAILING_LIST.search(line)
        assert m is not None and m.group(1) == inner, line
    assert agencies._TRAILING_LIST.search("加强管理(省民政厅)\x1c") is None  # not a blank: the line goes on
    inner = agencies._INNER_LIST.search("制度。(省民政厅、省财政厅)2.加强")
    assert inner is not None and inner.group(1) == "省民政厅、省财政厅"
    assert agencies._INNER_LIST.search("制度。(省民政厅)\x1c2.加强") is None


def test_bare_bodies_beside_kept_ones():
    # _with_list_neighbours looks for no bare body where a kept one begins or ends: those found
    # between, before and after kept ones are still added, and a kept one is not cut.
    def texts(line):
        return [m.text for m in agencies._find(line, 0, len(line))]

    assert texts("由民政部、发展改革委、财政部负责") == ["民政部", "发展改革委", "财政部"]
    assert texts("发展改革委、民政部、扶贫办负责") == ["发展改革委", "民政部", "扶贫办"]
    assert texts("省民政厅、省财政厅、省发展改革委负责") == ["省民政厅", "省财政厅", "省发展改革委"]


def _responsibility_list_plain(work, span, inner):
    """_is_responsibility_list as first written: every mention tried against every item."""
    words = agencies._list_words()
    good = bad = 0
    items = [(i.start(), i.end()) for i in agencies._LIST_ITEM.finditer(work, span[0], span[1])]
    for a, b in items:
        rest, pos, named = [], a, False
        for mn in inner:
            if a <= mn.start and mn.end <= b:
                rest.append(work[pos:mn.start])
                pos, named = mn.end, True
        if not named:
            continue
        rest.append(work[pos:b])
        left = "".join(rest)
        if len(left) <= 1 or len(words.sub("", left)) <= 1:
            good += 1
        else:
            bad += 1
    return good >= 1 and good >= bad and good >= (len(items) + 1) // 2


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["省民政厅", "财政厅", "、", ",", ";", ":", "牵头", "负责", "配合", "等", " ", "审查同意", "x"]),
                min_size=1, max_size=10),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=8))
def test_responsibility_list_walk_same_as_every_pair(parts, spans):
    # The walk along items and mentions in text order counts what trying every pair counts,
    # mentions across an item's end, overlapping or nested ones included.
    work = "(" + "".join(parts) + ")"
    span = (1, len(work) - 1)
    inner = sorted((agencies.Mention(a, min(a + n, span[1]), "", True) for a, n in spans if span[0] <= a < span[1]),
                   key=lambda m: m.start)
    assert agencies._is_responsibility_list(work, span, inner) == _responsibility_list_plain(work, span, inner)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "省民政厅", "、", " ", "\u3000", "。", ";", "2.", "(一)", "x", "负责"]), max_size=14))
def test_list_runs_possessive_same_as_plain(parts):
    # The lists' item runs are possessive ({2,400}+): a run gives back no bracket, so what a
    # backtracking run finds is what the possessive one finds, at every start and line end.
    text = "".join(parts)
    for rx in (agencies._TRAILING_LIST, agencies._INNER_LIST):
        plain = re.compile(rx.pattern.replace("{2,400}+)", "{2,400})", 1))
        assert plain.pattern != rx.pattern
        for p in range(len(text) + 1):
            for e in {p, len(text), (p + len(text)) // 2}:
                a, b = plain.search(text, p, e), rx.search(text, p, e)
                assert (a and a.regs) == (b and b.regs), (text, p, e)
    long = "(" + "省民政厅、" * 90 + ")"  # past the run's 400 characters
    for rx in (agencies._TRAILING_LIST, agencies._INNER_LIST):
        plain = re.compile(rx.pattern.replace("{2,400}+)", "{2,400})", 1))
        assert [m.regs for m in plain.finditer(long + "2.")] == [m.regs for m in rx.finditer(long + "2.")]
