"""The agency scan's cheaper forms give what their plain definitions give.

The unit grammar is built from ``_trie``; a plain alternation of the same words,
longest first (``_alt``), is its definition: held to the same matches, word lists
alone and inside the whole grammar, at every position of real lines. The last
character no unit holds is found by a forward match; its definition is a reverse
search with regex's \\p{Han}. The pattern strings kept on disk are what their
builders make.
"""
import re

import pytest
import regex

from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.lang import agencies

from conftest import SHARED
from mzparse.lang.script import normalise
from conftest import SAMPLE_FILES
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
         "_functional_next_rx", "_setup_rx", "_bare_rx", "_description_break_rx", "_generic_after_rx")


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



def _functional_key(work, s, e, level):
    return [(m.start, m.end, m.text) for m in agencies._functional(work, s, e, level)]


def _uncut_windows(monkeypatch):
    never = re.compile("(?!)")
    monkeypatch.setattr(agencies, "_description_break_rx", lambda: never)


def test_description_windows_cut_same_mentions(monkeypatch):
    # A window begins after the last character no description holds: the same descriptions
    # as the window reaching back its whole length, on real lines.
    lines = [(work, s, e) for _, work, s, e in _lines()]
    for f in sorted((SHARED / "laws").rglob("*.txt"))[::100]:
        work = normalise(f.read_text(encoding="utf-8")).work
        lines.append((work, 0, len(work)))
    want = [_functional_key(w, s, e, lv) for w, s, e in lines for lv in (None, "province", "city")]
    _uncut_windows(monkeypatch)
    got = [_functional_key(w, s, e, lv) for w, s, e in lines for lv in (None, "province", "city")]
    assert got == want
    assert sum(map(len, want)) > 50


_DESCRIPTION_TEXT = ["国务院", "省", "市", "县", "人民政府", "政府", "民政", "财政", "卫生健康", "等", "、", "部门",
                     "主管部门", "机关", ",", "。", "1", "和", "负责", "有关", "按照"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DESCRIPTION_TEXT), min_size=1, max_size=16),
       st.sampled_from([None, "province", "city"]))
def test_description_windows_cut_same_mentions_on_written_text(parts, level):
    work = "".join(parts)
    want = _functional_key(work, 0, len(work), level)
    with pytest.MonkeyPatch.context() as mp:
        _uncut_windows(mp)
        assert _functional_key(work, 0, len(work), level) == want, work


_TERMINAL_TEXT = st.text(alphabet="会议协学工委员常人大部全门办中国务院局面管理厅省市民政机关党", max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TERMINAL_TEXT)
def test_terminal_ends_where_a_terminal_word_ends(text):
    # The ends pattern (a class test of the character before the final, then lookbehinds
    # of the words) against its definition: the positions where a terminal word ends.
    _, by_final = agencies._terminal_words()
    ends_rx = agencies._terminal_ends_rx()[0]
    want = [e for e in range(1, len(text) + 1) if text.endswith(by_final.get(text[e - 1], ()), 0, e)]
    assert [m.end() for m in ends_rx.finditer(text)] == want


_BARE_TEXT = ["民政", "财政", "发展改革", "人力资源和社会保障", "局", "部", "委", "厅", "办公室", "、", "区", "省", "门",
              "分", "理", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BARE_TEXT), min_size=1, max_size=10))
def test_bare_ending_search_is_the_leftmost_fullmatch(parts):
    text = "".join(parts)
    bare, ending = agencies._bare_rx(), agencies._bare_ending_rx()
    for e in range(len(text) + 1):
        for start in range(0, e + 1):
            want = next((m for s in range(max(start, e - 12), e - 1) if (m := bare.fullmatch(text, s, e))), None)
            got = ending.search(text, max(start, e - 12), e)
            assert (want and want.span()) == (got and got.span()), (text, start, e)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="直辖市城超开发省县区经济潍坊民政同会x", max_size=20))
def test_ends_a_word_by_ending_same_as_every_slice(text):
    # The lengths tried from the last two characters' longest word: the same answer as a slice
    # of every length up to the vocabulary's longest word.
    words = agencies._common_words()[0]
    longest = max(map(len, words))
    for p in range(len(text)):
        plain = any(text[q:p + 1] in words for q in range(max(0, p + 1 - longest), p))
        want = plain and agencies._trim_place(text, p, p + 1) < 0
        assert agencies._ends_a_word(text, p) == want, (text, p)


_AFTER_TEXT = ["有关部门", "各部门", "所属", "网站", "令第", "413", "号", "(", "2019", ")", "〔", "〕", "字第", "中华人民共和国",
               "国务院", "、", "和", "民政部", "印发", " ", "\n", "发", "办", "函"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_AFTER_TEXT), max_size=10))
def test_classed_patterns_same_as_plain(parts):
    # _DOC_NUMBER_AFTER behind its lookahead, _generic_after_rx by _trie: whether they match
    # at each position is what the plain forms say.
    text = "".join(parts)
    v = agencies._vocab()
    doc_plain = re.compile(agencies._DOC_NUMBER_AFTER.pattern.replace("(?=[^〔\\[［(（字令]{0,20}+[〔\\[［(（字令])", "", 1))
    assert doc_plain.pattern != agencies._DOC_NUMBER_AFTER.pattern
    generic_plain = re.compile(f"(?:{agencies._alt(v['generic_after'])})?(?:{agencies._alt(v['generic_after_heads'])})"
                               f"|(?:{agencies._alt(v['thing_after'])})")
    for p in range(len(text) + 1):
        assert bool(doc_plain.match(text, p)) == bool(agencies._DOC_NUMBER_AFTER.match(text, p)), (text, p)
        assert bool(generic_plain.match(text, p)) == bool(agencies._generic_after_rx().match(text, p)), (text, p)
        # _classed asks the pattern only after a character one of its matches begins with.
        assert text[p:p + 1] in agencies._generic_after_firsts() or not generic_plain.match(text, p), (text, p)


def test_inst_head_len_is_the_longest_head():
    heads = sorted(agencies._vocab()["institutions"], key=len, reverse=True)
    for name in [*heads, *(x + h for h in heads for x in ("市", "福利", "中心")), "市", "", "院长"]:
        assert agencies._inst_head_len(name) == next((len(h) for h in heads if name.endswith(h)), 0), name


def test_after_gate_passes_every_blank_regex_knows():
    # mark_responsible skips the ``after`` grammar where the next character is none it can begin
    # with and no blank: str.isspace must hold for every character regex's \\s matches.
    blank = regex.compile(r"\s")
    assert all(chr(c).isspace() for c in range(0x110000) if blank.match(chr(c)))


def test_after_gate_same_marks(monkeypatch):
    # On real documents and on written text: the responsible marks as without the gate.
    import mzparse

    texts = [f.read_text(encoding="utf-8") for f in SAMPLE_FILES]
    texts += [f"{a}{b}{c}。" for a in ("民政部", "省民政厅和省财政厅", "市政府")
              for b in ("", " ", "\u3000", "、", "的", "按职责分工", "会同省财政厅", "是本条例的主管机关")
              for c in ("负责", "配合", "职责如下", "工作")]

    def marks():
        return [[(e.span, e.responsible, e.role) for e in mzparse.extract(t, name="t.txt").entities
                 if e.type == "agency"] for t in texts]

    want = marks()
    by, after, label, _ = agencies._responsibility_rx()
    everything = type("All", (), {"__contains__": lambda self, c: True})()
    monkeypatch.setattr(agencies, "_responsibility_rx", lambda: (by, after, label, everything))
    assert marks() == want
    assert sum(r for doc in want for _, r, _ in doc) > 50


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["各级", "县级以上地方", "各", "全", "有关", "相关", "民政部门", "(", "2020年3月1日)", "级",
                                 "以上", "地方", "x", "民政部"]), max_size=8))
def test_classed_by_last_character_same_as_every_word(parts):
    # _generic_before by the last character: the same as str.endswith over all the words.
    text = "".join(parts)
    words = tuple(agencies._vocab()["generic_before"])
    for a in range(len(text)):
        for b in range(a + 1, len(text) + 1):
            for start in {0, a}:
                mn = agencies.Mention(a, b, text[a:b], False)
                plain = ((a > start and text[a - 1] == "(" and agencies._SIGNED.match(text, b, len(text)))
                         or text.endswith(words, max(start, a - 6), a)
                         or agencies._generic_after_rx().match(text, b, len(text))
                         or agencies._DOC_NUMBER_AFTER.match(text, b, len(text)))
                got = agencies._classed(text, mn, start, len(text), agencies._generic_before())
                assert got == bool(plain), (text, a, b, start)


def test_merged_units_hold_their_text():
    # _merge cuts the text again only where it joined units (民政部 + 办公厅): every mention's
    # text is still its span's, joined or not.
    joined = 0
    for _, work, s, e in _lines():
        units = agencies._units(work, s, e)
        spans = [(u.start, u.end) for u in units]
        merged = agencies._merge(work, units)
        joined += len(merged) < len(spans)
        assert all(m.text == work[m.start:m.end] for m in merged)
    merged = agencies._merge("民政部办公厅", [agencies.Mention(0, 3, "民政部", True), agencies.Mention(3, 6, "办公厅", False)])
    assert [(m.start, m.end, m.text) for m in merged] == [(0, 6, "民政部办公厅")]
    assert joined >= 1


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["联合工作组", "领导小组", "工作", "双拥", "发挥", "的", "、", "。", "x", "组"]), min_size=1, max_size=16),
       st.lists(st.integers(0, 60), max_size=10), st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=6))
def test_named_again_once_over_the_ranges_same_as_range_by_range(parts, cuts, spans):
    # One search a head over the ranges, mentions met by bisect: what a search in each range,
    # each occurrence tried against every mention, finds (nested mentions, heads across a range's end).
    work = "".join(parts)
    bounds = sorted({min(c, len(work)) for c in cuts} | {0, len(work)})
    ranges = [(a, b) for k, (a, b) in enumerate(zip(bounds, bounds[1:])) if k % 3 != 1]  # gaps between some
    mentions = [agencies.Mention(a, min(a + n, len(work)), "", True) for a, n in spans if a < len(work)]
    for head in ("联合工作组", "领导小组"):
        if head in work:
            mentions.append(agencies.Mention(work.index(head), work.index(head) + len(head), head, True, setup_head=head))
    heads = {m.setup_head: m.start for m in mentions if m.setup_head in agencies._setup_again_heads()}
    want = agencies._named_again_by_range(work, mentions, ranges, heads) if heads else []
    got = agencies.named_again(work, mentions, ranges)
    assert [(m.start, m.end, m.text) for m in got] == [(m.start, m.end, m.text) for m in want]
