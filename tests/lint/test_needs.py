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


# Texts for the rule-level prefilters: each kind of match of each pattern rule, and near misses.
_GATE_TEXTS = ["充分考虑基本醫療需求??紤]到部分家庭困难。", "锟斤拷", "养老αБ服务", "2\ue0105米", "鍔炴硶鑷鍙戝竷涔嬫",
               "社会救助��标准。", "提高到90%80%和5‰\U0001d7d0‰", "500元\U00011bf1元", "3万元2亿元", "12.5 %3.5%",
               "济南市民政局\n2016年1228日\n", "  20161228  \n", "于201612月28日前", "2016年12月8\n", "2016年12月8",
               "x\U00010000年", "无关的文字。\n", ""]


def test_every_match_passes_its_rules_gate():
    # A text that holds a match holds what the gate asks for: the match alone passes it.
    for rule in checks.rules().values():
        if rule.gate is None:
            continue
        for rx in rule.regexes:
            for text in _GATE_TEXTS + list(rule.examples) + list(rule.clean):
                for m in rx.finditer(text):
                    assert rule.gate(m.group(), 0, len(m.group())), (rule.code, m.group())
                    assert rule.gate(text, m.start(), m.end()), (rule.code, m.group())


def test_gate_class_holds_every_character_of_needs_class():
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for rule in checks.rules().values():
        if "needs_class" not in rule.spec:
            continue
        cls = rule.spec["needs_class"].replace("{utf8_as_gbk}", checks._utf8_as_gbk())
        wanted = set(regex.findall(cls, chars))
        assert wanted, rule.code
        for c in wanted:
            assert rule.gate(c, 0, 1), (rule.code, hex(ord(c)))


def test_ucs2_as_the_characters_say():
    from mzparse.lang import grammar

    for text in ("", "a", "abc" * 50, "é", "中文" * 30, "中\U00010000", "\U0010ffff" * 9, "a\U00020000b", "\uffff"):
        assert grammar.ucs2(text) == all(ord(c) < 0x10000 for c in text), text
    # A string CPython holds otherwise (a subclass) is never taken for one without such characters.
    class S(str):
        pass
    assert not grammar.ucs2(S("x\U00010000"))


def test_holds_beyond_bmp_as_the_characters_say():
    from mzparse.lang import grammar

    texts = ("", "中文", "é" * 5, "中\U00010000文", "\U0002a6a5" * 3, "ab\U00020000", "\U00020000ab", "\ud800x")
    for text in texts:
        for start in range(len(text) + 1):
            for end in (*range(start, len(text) + 1), None):
                want = any(ord(c) > 0xFFFF for c in text[start:end])
                assert grammar.holds_beyond_bmp(text, start, end) == want, (text, start, end)


def test_rules_with_starts_find_what_finditer_finds():
    # D001 tried at the year starts alone (`starts = "year"`) finds what a scan of the whole text finds.
    from mzparse.pipeline import build_records
    from mzparse.readers.base import SourceText

    texts = ["济南市民政局\n2016年1228日\n", "  20161228  \n20161228x\n", "于201612月28日前，1201612月28日", "2016年12月8\n",
             "2016年12月8", "2016 年 1228 日", "12016年1228日", ".2016年1228日", "二〇一六年1228日", "2016\u3000年\u30001228日",
             "２０１６年１２２８日", "2016年１２月８\n", "20161231\n2017年13月5\n"]
    found = []
    real = checks.run
    checks.run = lambda ctx: found.append(ctx) or real(ctx)
    try:
        for text in texts:
            build_records(SourceText(text, "utf-8"), "0" * 64, "x.txt")
    finally:
        checks.run = real
    matched = 0
    for ctx in found:
        for rule in checks.rules().values():
            if rule.starts is None:
                continue
            text = ctx.texts.original if rule.spec.get("on") == "original" else ctx.texts.work
            want = [m.span() for rx in rule.regexes for m in rx.finditer(text) if m.end() > m.start()]
            got = [(f.start, f.end) for f in checks._pattern_findings(ctx, rule)]
            assert got == sorted(want), (rule.code, text)
            matched += bool(want)
    assert matched >= 5   # the texts above hold malformed dates: the test compares findings


def test_figure_not_a_number_found_past_the_long_line_prefilter():
    import mzparse

    head = "补助标准为每人每月"
    cases = [(head + "9" * 400 + "元。\n", [(9, 410)]), (head + "9" * 199 + "元。\n", []),
             ("标题\n\n" + head + "1" * 150 + "。" + "2" * 400 + "元。\n", [(164, 565)])]
    for text, want in cases:
        assert [tuple(w.span) for w in mzparse.extract_text(text).warnings if w.code == "F003"] == want, text


def test_t003_positions_as_a_scan_of_each_character():
    # A few stray characters are found one by one (str.find), many by a scan for their class:
    # both give every position of a character of ``distinct``, in order.
    from collections import Counter

    chars = frozenset("为进会\U00020000\U0002a6df" + "".join(map(chr, range(0x4e00, 0x4e40))))
    texts = ["为進会為x进\U00020000\U00020001会\U0002a6df", "为为", "", "\U00020000", "abc\U00010000",
             "".join(map(chr, range(0x4e00, 0x4e50))) * 3 + "为"]
    for text in texts:
        counts = Counter(text)
        distinct = chars.intersection(counts)
        want = [i for i, c in enumerate(text) if c in chars]
        assert list(checks._positions(distinct, chars, counts, text)) == want, text
    assert len(chars.intersection(texts[-1])) > checks._FEW   # the class's scan taken too


def test_first_class_holds_every_character_of_pattern_first():
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    seen = 0
    for rule in checks.rules().values():
        for key, first in zip(("pattern", "pattern_re"), rule.firsts):
            if first is None:
                continue
            seen += 1
            wanted = set(regex.findall(rule.spec[f"{key}_first"].replace("{utf8_as_gbk}", checks._utf8_as_gbk()), chars))
            assert wanted and wanted <= set(first.findall(chars)), rule.code
    assert seen


def test_one_scan_first_classes_lie_within_the_gate():
    # A rule scanned once (`one_scan`) tries each pattern at the gate's hits alone: every character
    # a match can begin with (its first class, as re reads it) is one the gate's class finds.
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    seen = 0
    for rule in checks.rules().values():
        if not rule.one_scan:
            continue
        for first in rule.firsts:
            for c in first.findall(chars):
                assert rule.gate(c, 0, 1) and list(rule.gate.hits(c, 0, 1)) == [0], (rule.code, hex(ord(c)))
            seen += 1
    assert seen >= 2


def test_one_scan_finds_what_each_patterns_scan_finds():
    # T001 scans the text once for its gate's class; each pattern scanned (or tried at its own first
    # characters' scan) on its own finds the same matches, on text written to hold each kind.
    import dataclasses
    import random

    from mzparse.lang.script import normalise

    pieces = ["充分考虑", "醫療需求??紤]", "?!肮堋睉", "锟斤拷", "烫烫烫", "屯屯屯", "低??冃Э己", "鈥Ф", "鍔炴硶鑷鍙戝竷",
              "补贴ぃ标准", "αБ服务", "β受体", "\ue000\ue001", "\U000f0000", "\U0001f600", "?", "??", "中", "\n", "鐨a鐨",
              "2016年", "鎮", "錄", "銜", "。", " "]
    rng = random.Random(7)
    texts = _GATE_TEXTS + ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(400)]
    seen = 0
    for rule in checks.rules().values():
        if not rule.one_scan:
            continue
        each = dataclasses.replace(rule, one_scan=False)
        for text in texts + list(rule.examples) + list(rule.clean):
            ctx = checks.Context(normalise(text), None, [], None, [])
            got = list(checks._pattern_findings(ctx, rule))
            assert got == list(checks._pattern_findings(ctx, each)), (rule.code, text)
            seen += bool(got)
    assert seen >= 100


def test_patterns_tried_at_their_first_characters_find_what_finditer_finds():
    # `pattern_first`: each match begins with a character of the class, and the pattern tried
    # only there finds the matches (overlapping candidates, runs, lookbehinds) a scan finds.
    texts = _GATE_TEXTS + ["充分考虑基本醫療需求??紤]到部分家庭困难。", "保證脫鉤不脫管?!肮堋睉撌歉。", "落实城乡低??冃Э己酥贫?。",
                           "怎么办？？这是问题。", "中???!?中", "??中", "中?", "中?????]", "β受体。", "养老αБ服务αβБг中",
                           "中αβ中", "アニメ产业。", "补贴ぃ标准ぁぃ中", "\ue000\ue001x\U000f0000", "锟斤拷锟斤拷烫烫烫屯屯屯屯",
                           "x\U00010000中?\U0001f600??中"]
    for rule in checks.rules().values():
        for rx, first in zip(rule.regexes, rule.firsts):
            if first is None:
                continue
            for text in texts + list(rule.examples) + list(rule.clean):
                for m in rx.finditer(text):
                    assert first.match(text, m.start()), (rule.code, m.group())
                for lo, hi in ((0, len(text)), (1, len(text)), (0, max(len(text) - 1, 0))):
                    got = [m.span() for m in checks._matches(rx, None, first, text, lo, hi)]
                    assert got == [m.span() for m in rx.finditer(text, lo, hi)], (rule.code, text, lo, hi)


def test_long_figure_as_the_lookbehind_first_pattern():
    # F003's run pattern opens with its class (re scans for it in C); it finds what the pattern
    # written with the lookbehind first finds, at a run's start only, within any bounds.
    import re

    from mzparse.entities.amounts import NUMERAL_CHARS

    run = int(checks.rules()["F003"].spec["min_run"])
    cls = "[" + re.escape(NUMERAL_CHARS) + "]"
    plain = re.compile(f"(?<!{cls}){cls}{{{run},}}")
    rx = checks._long_figure()
    texts = ["9" * run, "9" * (run - 1), "x" + "9" * run + "元", "一二三" * run, "9" * (run * 2) + "x" + "5" * run,
             "1" * (run - 1) + "x" + "2" * (run + 1), "", "x" * 10]
    for text in texts:
        for lo, hi in ((0, len(text)), (1, len(text)), (3, len(text) - 1), (0, run)):
            assert [m.span() for m in rx.finditer(text, lo, hi)] == [m.span() for m in plain.finditer(text, lo, hi)]


def test_patterns_searched_in_runs_find_what_finditer_finds():
    # `pattern_within`: every character of a match is in the class and the match holds a hit of the
    # rule's gate, so the pattern searched only in the class's runs around the hits finds it all.
    texts = _GATE_TEXTS + ["救助比例分别提高到90%80%。", "分别达到95%90%和12.5 %3.5%", "增长2%-5%。", "5%\n6%7%8‰",
                           "标准为500元300元,2万元3亿元", "1.5元2元.3元4", "x%5 %5% 9元9", "%%5%5", "元元1元1.元2",
                           "90%80%" * 3, "１２%３４%", "5%\U0001d7d0%", "7\u3000%8%", "8\x1c%9%"]
    seen = 0
    for rule in checks.rules().values():
        for rx, within in zip(rule.regexes, rule.withins):
            if within is None:
                continue
            cls = regex.compile(rule.spec["pattern_within"])
            for text in texts + list(rule.examples) + list(rule.clean):
                for m in rx.finditer(text):
                    assert all(cls.match(c) for c in m.group()), (rule.code, m.group())
                    assert any(m.start() <= h < m.end() for h in rule.gate.hits(text, 0, len(text))), m.group()
                    seen += 1
                for lo, hi in ((0, len(text)), (1, len(text)), (2, max(len(text) - 2, 2))):
                    got = [m.span() for m in checks._matches(rx, None, None, text, lo, hi, (within, rule.gate))]
                    assert got == [m.span() for m in rx.finditer(text, lo, hi)], (rule.code, text, lo, hi)
    assert seen >= 10


def test_gate_hits_are_where_its_words_patterns_and_class_begin():
    import re

    gate = checks.Gate(("ab", "b"), (re.compile("c[0-9]"),), re.compile("[x]"), True)
    text = "abab c1 x c2 \U00010000b"
    want = sorted([0, 2] + [1, 3, 14] + [5, 10] + [8] + [13])
    assert list(gate.hits(text, 0, len(text))) == want
    assert list(gate.hits(text, 2, 10)) == [2, 3, 5, 8]


def test_a_gate_pattern_led_by_a_character_is_searched_as_before():
    # A `needs_re` pattern that opens with a plain character is tried where str.find finds it:
    # the same matches as re's search, and the same answer of the gate.
    import re

    assert checks._lead("%[0-9]") == "%" and checks._lead("元[\\d]") == "元"
    assert not any(map(checks._lead, ["[%]x", "\\d%", "a*b", "a?b", "a{2}", "ab|cd", "(?:a)b", ""]))
    pats = ["%[0-9]", "元[\\d\U00010000-\U0010FFFF]", "ab+a", "a.a"]
    texts = ["", "%", "%%5%5", "x%5 %5% 9元9", "元元1元1.元2", "5%\U0001d7d0%", "abbaba abababba", "aaaaa", "a\na"]
    for p in pats:
        rx, lead = re.compile(p), checks._lead(p)
        assert lead
        gate = checks.Gate.of({"needs_re": [p]})
        assert gate.leads and not gate.rxs
        for text in texts:
            for lo, hi in ((0, len(text)), (1, len(text)), (0, max(len(text) - 1, 0))):
                want = [m.span() for m in rx.finditer(text, lo, hi)]
                assert [m.span() for m in checks._led(rx, lead, text, lo, hi)] == want, (p, text)
                assert gate(text, lo, hi) == bool(want)
                assert list(gate.hits(text, lo, hi)) == [s for s, _ in want]


def test_has_long_run_as_a_search_of_each_long_line():
    run = int(checks.rules()["F003"].spec["min_run"])
    rx = checks._long_figure()
    texts = ["9" * run, "9" * (run - 1), "x" + "9" * run, "x" * (run - 1) + "9" * run, "一二" * run, "\n" + "x" * 3 + "5" * run + "\n",
             "1" * (run - 1) + "x" + "2" * (run - 1), "x" * run + "\n" + "九" * (run - 1) + "元" + "3" * run, "a" * (run * 3),
             ("x" * 7 + "1" * (run // 2)) * 8, "x" * (run - 5) + "\n" + "1" * (run + 3), "", "\n\n", "9" * (run * 2 - 1) + "\n"]
    texts += [t[i:] for t in texts[:6] for i in (1, 7, run // 2)]
    # Runs that straddle, begin or end at the sampled positions (every run-th character).
    texts += ["x" * k + "7" * n + "y" for k in (0, 1, run - 2, run - 1, run) for n in (run - 1, run, run + 1)]
    texts += ["9" * k + "\n" + "9" * (run - k) for k in (1, run // 2, run - 1)]
    for text in texts:
        assert checks._has_long_run(text) == _long_run_by_lines(text, rx), text

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["9", "一", ",", ".", "x", "\n", "年", "\r"]),
                              st.integers(1, run + 3)), max_size=8))
    def generated(parts):
        text = "".join(c * n for c, n in parts)
        assert checks._has_long_run(text) == _long_run_by_lines(text, rx), text

    generated()


def _long_run_by_lines(text: str, rx) -> bool:
    """The reference of ``_has_long_run``: a search of each line (between line feeds)."""
    at = 0
    for line in text.split("\n"):
        if rx.search(text, at, at + len(line)):
            return True
        at += len(line) + 1
    return False
