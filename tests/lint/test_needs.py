"""A pattern rule's `_needs` prefilter skips only texts in which the pattern finds nothing."""
import regex

from mzparse.lint import checks


def test_needs_holds_every_character_of_its_class():
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for rule in checks.rules().values():
        for key, need in zip(("pattern", "pattern_re"), rule.needs):
            if need is None or f"{key}_needs" not in rule.spec:
                continue  # none, or a pattern (`_needs_re`): test_every_match_holds_a_needed_character
            wanted = set(regex.findall(rule.spec[f"{key}_needs"], chars))
            assert wanted and wanted <= set(need.findall(chars)), rule.code


def test_every_match_holds_a_needed_character():
    # The rule's own examples, and texts of each kind of mojibake: each match has one.
    texts = ["充分考虑基本醫療需求??紤]到部分家庭困难。", "保證脫鉤不脫管?!肮堋睉撌歉。", "锟斤拷锟斤拷", "落实低保鈥Ф标准。",
             "养老机构补贴ぃ标准另行规定。", "各地要于年底前完成。", "2\ue0105米", "养老αБ服务", "怎么办？？这是问题。",
             "提高到90%80%和5‰\U0001d7d0‰", "500元\U00011bf1元", "12.5 %3.5%", "3万元2亿元"]
    for rule in checks.rules().values():
        for rx, need in zip(rule.regexes, rule.needs):
            if need is None:
                continue
            for text in texts + list(rule.examples) + list(rule.clean):
                for m in rx.finditer(text):
                    assert need.search(m.group()), (rule.code, m.group())


def test_t001_re_pattern_as_first_written():
    # rules.toml writes the first repetition out (a pattern that opens with a class is
    # scanned fast by re); the matches are those of the repeated group alone.
    import re

    cls = checks._utf8_as_gbk()
    plain = re.compile(f"(?:{cls}[^\n]{{0,2}}){{3,}}")
    rx = checks.rules()["T001"].regexes[1]
    texts = ["鍔炴硶鑷鍙戝竷涔嬫棩璧锋柦琛岋紝鍚勭骇姘戞斂閮ㄩ棬瑕佽ょ湡璐褰昏惤瀹炪", "落实鐨勭\n骇姘戞斂", "鐨a鐨bb鐨鐨\n鐨"]
    for text in texts + [t * 3 for t in texts]:
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_class_rx_holds_its_characters_exactly():
    from mzparse.lang import grammar

    chars = frozenset("為進會\U00020000\U0002a6df")
    bmp, beyond = grammar.class_rx(chars)
    text = "为进会為x進\U00020000\U00020001會\U0002a6df"
    assert "".join(bmp.findall(text)) == "為進會" and "".join(beyond.findall(text)) == "\U00020000\U0002a6df"
    assert grammar.class_rx(frozenset("為"))[1] is None
    for t in ("", "为进", "x\U00020001", "a\U0002a6df", "會", "\U00020001為"):
        assert grammar.holds_any(chars, t) == (not chars.isdisjoint(t))


def test_mixed_script_lines_as_split():
    # T003 reports each line from its first stray character to its last, on the line as
    # layout.split_lines cuts it (leading blanks and bullets, trailing blanks aside): as before.
    import mzparse

    text = "為進一步做好社會救助工作，現提出以下意見。\n  ● 加強领导，落實责任。  \n確保資金到位。\n加强领导\n"
    found = [w for w in mzparse.extract_text(text).warnings if w.code == "T003"]
    assert [(w.line, w.col, w.text) for w in found] == [(2, 7, "领导，落實责"), (4, 2, "强领导")]


def test_positions_as_a_scan_of_each_character():
    from mzparse.lang import grammar

    chars = frozenset("為進會\U00020000\U0002a6df")
    for text in ("为进会為x進\U00020000\U00020001會\U0002a6df", "為為", "", "\U00020000", "abc\U00010000"):
        assert list(grammar.positions(chars, text)) == [i for i, c in enumerate(text) if c in chars]
