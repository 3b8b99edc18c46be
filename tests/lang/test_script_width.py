"""half_width and the traditional-character test, found by searches of re, read as the plain forms do."""
from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.lang import grammar, script


def _plain_half_width(text: str) -> str:
    for src, dst in script._WIDTH_PAIRS:
        text = text.replace(src, dst)
    return text


_CHARS = st.sampled_from(sorted(script._WIDTH_OF) + list("ab 1,。为為\n\U00020000") + ["\U0002f800"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=30))
def test_half_width_as_each_replacement_in_turn(chars):
    text = "".join(chars)
    assert script.half_width(text) == _plain_half_width(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(script._chars("TSCharacters.txt"))[::40] + list("为进a1\n\U00020001")
                                + [c for c in sorted(script._chars("TSCharacters.txt")) if ord(c) > 0xFFFF][:3]),
                max_size=12))
def test_traditional_test_as_isdisjoint(chars):
    text = "".join(chars)
    trad = script._chars("TSCharacters.txt")
    assert grammar.holds_any(trad, text) == (not trad.isdisjoint(text))
    assert script._holds_traditional(text) == (not trad.isdisjoint(text))
    assert (script.normalise(text).simplified == text) == (trad.isdisjoint(text) or script.to_simplified(text) == text)


def test_fast_tests_on_written_text():
    trad = script._chars("TSCharacters.txt")
    for text in ["", "为", "為", "第一条 本办法自发布之日起施行。\n", "國務院關於", "a\U0002f800b", "x" * 50 + "們",
                 "\n\n（一）加强组织领导；　２．"]:
        assert script._holds_traditional(text) == (not trad.isdisjoint(text)), text
        assert script.half_width(text) == _plain_half_width(text), text


def test_t2s_tables_as_derived_from_the_dictionaries():
    # _t2s keeps its tables on disk (the character table as two strings): they must be what the
    # dictionaries give, and opencc_dict's cached form what the file says.
    table, rx, phrases, bmp_table, pivots, firsts = script._t2s()
    chars = script._char_table("TSCharacters.txt")
    # The tuple: each BMP code point's own, or its simplified character's.
    assert len(bmp_table) == 0x10000
    assert all(bmp_table[i] == ord(chars.get(chr(i), chr(i))) for i in range(0x10000))
    assert {k: chr(v) if isinstance(v, int) else v for k, v in table.items()} == \
        {ord(k): v for k, v in chars.items()}
    full = str.maketrans(chars)
    assert phrases == {s: d[0] for s, d in script.opencc_dict("TSPhrases.txt").items()
                       if len(s) > 1 and d and len(d[0]) == len(s) and s.translate(full) != d[0]}
    assert (rx.pattern if rx else "") == (grammar.alternation(list(phrases)) if phrases else "")
    # Every phrase begins with one of firsts and holds a pivot no further in than its index says.
    assert firsts == {s[0] for s in phrases}
    assert all(any(pivots.get(c, -1) >= i for i, c in enumerate(s)) for s in phrases)
    with open(script._dict_path("TSPhrases.txt"), encoding="utf-8") as fh:
        parsed = {s: d.split(" ") if d else [] for s, _, d in (ln.rstrip("\n").partition("\t") for ln in fh)}
    assert script.opencc_dict("TSPhrases.txt") == parsed


def test_to_simplified_by_the_string_table_is_by_the_dict():
    # to_simplified translates a text within the BMP by a tuple indexed by code point (no
    # KeyError a character): the same characters as the dict of every mapping, also for targets
    # beyond the BMP, and a text with a character beyond it goes to the dict.
    table, *_ = script._t2s()
    chars = script._char_table("TSCharacters.txt")
    wide_target = next(k for k, v in chars.items() if v >= "\U00010000")
    wide_source = next((k for k in chars if k >= "\U00010000"), "\U0002f800")
    for text in ["", "為", "國務院關於印發", "a\U0002f800b", wide_target * 3 + "為", wide_source + "國",
                 "\ud800x國", "（一）為保障老人權益；　２．" * 3, "".join(map(chr, range(0x4e00, 0x9fff)))]:
        out = script.to_simplified(text)
        expected = text.translate(table)
        phrase_rx, phrases = script._t2s()[1:3]
        for m in phrase_rx.finditer(text):
            expected = expected[:m.start()] + phrases[m.group()] + expected[m.end():]
        assert out == expected, text


def test_dictionary_stamp_changes_with_the_deriving_code(monkeypatch):
    """Tables kept on disk under a dictionary's stamp are derived by script.py: a change to it is a new key."""
    from mzparse import cache
    from mzparse.lang import script

    before = script.dictionary_stamp("TSCharacters.txt")
    monkeypatch.setattr(cache, "file_digest", lambda path: "another release")
    assert script.dictionary_stamp("TSCharacters.txt") != before


_MIXED = st.sampled_from(sorted(script._WIDTH_OF)[::3] + sorted(script._chars("TSCharacters.txt"))[::200]
                         + list("为进ab1 ,。\n") + ["\U00020001"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_MIXED, max_size=20))
def test_normalise_one_scan_as_the_two_tests(chars):
    # normalise scans a text within the BMP once for both kinds (_plain_run): what the
    # traditional-character test, then half_width of the original or the conversion give.
    text = "".join(chars)
    got = script.normalise(text)
    if not script._holds_traditional(text):
        assert (got.original, got.simplified, got.work) == (text, text, script.half_width(text))
    else:   # converted (the working copy may hold stand-ins: test_script_stand_ins.py)
        assert got.simplified[:] == script.to_simplified(text)
        assert len(got.work) == len(text) and not set(script._WIDTH_OF) & set(got.work)
