"""Stage 3: markers of every style, things that only look like markers, levels and paths."""
import pytest

import mzparse
from mzparse.lang.script import normalise
from mzparse.structure import clauses


def paths(text):
    return [(c.path, c.marker, c.level) for c in mzparse.extract(text, name="t.txt").clauses]


def test_gbt9704_levels():
    text = "为了做好工作,特制定本方案。\n一、总体要求\n（一）指导思想。\n1.坚持党的领导。\n（1）加强组织。\n①落实责任。\n二、主要任务\n"
    assert paths(text) == [("1", "一、", 1), ("1.1", "（一）", 2), ("1.1.1", "1.", 3), ("1.1.1.1", "（1）", 4),
                           ("1.1.1.1.1", "①", 5), ("2", "二、", 1)]


def test_levels_follow_first_appearance_not_a_fixed_table():
    text = "通知如下:\n（一）加强领导。\n1.建立机制。\n2.明确责任。\n（二）落实保障。\n"
    assert paths(text) == [("1", "（一）", 1), ("1.1", "1.", 2), ("1.2", "2.", 2), ("2", "（二）", 1)]


def test_regulation_chapters_and_articles_keep_running_numbers():
    text = ("第一章 总则\n第一条 为了规范社会救助,制定本办法。\n第二条 本办法适用于全省。\n"
            "第二章 最低生活保障\n第三条 国家对共同生活的家庭给予最低生活保障。\n（一）家庭成员;\n（二）收入。\n")
    assert [p for p, _, _ in paths(text)] == ["1", "1.1", "1.2", "2", "2.3", "2.3.1", "2.3.2"]


def test_sections_between_chapters_and_articles():
    text = "第一章 总则\n第一节 一般规定\n第一条 目的。\n第二节 登记\n第二条 登记。\n第二章 附则\n第三条 施行。\n"
    assert [p for p, _, _ in paths(text)] == ["1", "1.1", "1.1.1", "1.2", "1.2.2", "2", "2.3"]


def test_marker_variants_full_width_and_traditional():
    text = "一、甲\n(一)乙\n１．丙\n2、丁\n3．戊\n貳、己\n"
    assert [p for p, _, _ in paths(text)] == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "2"]


def test_item_numbers_running_on_across_sections_keep_their_number():
    text = "一、甲\n（一）乙\n1.a\n2.b\n（二）丙\n3.c\n"
    assert [p for p, _, _ in paths(text)] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.3"]


def test_lost_numerals_take_the_ordinal_the_sequence_implies():
    text = "一、回顾\n（一）救助\n（二）社区\n()福利\n()双拥\n（五）事务\n二、任务\n()甲\n()乙\n（三）丙\n"
    doc = mzparse.extract(text, name="t.txt")
    assert [c.path for c in doc.clauses] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2", "2.1", "2.2", "2.3"]
    assert [c.inferred for c in doc.clauses].count(True) == 4
    assert sum(1 for w in doc.warnings if w.code == "N004") == 4


def test_things_that_look_like_markers_are_not_clauses():
    text = ("一、回顾\n"
            "1.3万户、2.2万人享受低保。\n"
            "2016年1228日印发的文件\n"
            "(无劳动能力、无生活来源、无法定赡养人)人员\n"
            "“三无”(无劳动能力)人员供养。\n"
            "按照鲁政发〔2013〕23号文件精神,一是完善制度,二是加强监督,1.突出重点。\n"
            "20161228\n"
            "2015年,全市发放低保金。\n")
    assert [p for p, _, _ in paths(text)] == ["1"]


def test_heading_is_the_short_title():
    doc = mzparse.extract("一、合作内容\n（一）共同推动社会救助体系建设。潍坊市全面推广。\n"
                          "1.完善社会救助制度,不断提高城乡低保对象、农村五保和城市三无人员等困难群体的生活保障水平。\n",
                          name="t.txt")
    assert [c.heading for c in doc.clauses] == ["合作内容", "共同推动社会救助体系建设", None]


def test_preamble_path_is_empty(docs):
    doc = docs["000"]
    pre = [e for e in doc.entities if e.path == ""]
    assert {e.text for e in pre} >= {"省委", "省政府", "潍坊市人民政府", "山东省民政厅"}


def test_sample_structures(docs):
    assert [c.path for c in docs["000"].clauses] == ["1"] + [f"1.{i}" for i in range(1, 9)] + ["2"]
    p002 = [c.path for c in docs["002"].clauses]
    assert p002[:8] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]
    assert "3.3.6" in p002 and p002[-1] == "5.5"
    p003 = [c.path for c in docs["003"].clauses]
    assert p003.count("1") == 9   # nine speakers' contributions, each numbered from 一、
    p004 = [c.path for c in docs["004"].clauses]
    assert p004[-1] == "7.21.80" and len(p004) == 108


def test_spans_round_trip_on_samples(docs):
    from conftest import SAMPLE_FILES
    from mzparse.lang.script import normalise

    for p in SAMPLE_FILES:
        doc = docs[p.name[:3]]
        original = p.read_text(encoding="utf-8")
        for c in doc.clauses:
            assert normalise(original[slice(*c.span)]).simplified == c.text
        for e in doc.entities:
            assert normalise(original[slice(*e.span)]).simplified == e.text


def test_line_start_scan_finds_what_a_full_scan_finds():
    # find_markers jumps from line start to line start, and must find what a scan of
    # every position would, also around lines that hold only part of a marker.
    from pathlib import Path

    from mzparse.structure.clauses import _line_start_rx, _to_marker, find_markers
    from mzparse.lang.script import normalise

    def full_scan(work):
        out = []
        for m in _line_start_rx().finditer(work, 0, len(work)):
            mk = _to_marker(m)
            if mk is not None and mk.ordinal != 0:
                out.append(mk)
        return out

    root = Path(__file__).resolve().parents[2]
    texts = [normalise(p.read_text(encoding="utf-8", errors="replace")).work
             for p in sorted((root / "samples").glob("*.txt"))]
    texts += ["第一\n章 总则\n第一条 目的\n(\n一)\n二、\n 3.\n\n(四)\n", "一、\n", "\n\n1.2.\n①②\n", "第一\n"]
    for work in texts:
        assert find_markers(work, 0, len(work)) == full_scan(work)
    # A marker never runs over a line break: 第一\n章 is none, and of (\n一) only 一) is one.
    assert [m.numeral for m in find_markers(texts[-4], 0, len(texts[-4]))] == ["一", "一", "二", "3", "四"]


# ---------------------------------------------------------------- markers as real documents write them

def test_blanks_inside_chapter_and_article_markers():
    text = "第 一 章 總則\n第 1 條\n為保障老人權益，特制定本法。\n第 2 條\n本法所稱老人。\n第二章　总　　则\n第 3 条 适用范围。\n"
    assert paths(text) == [("1", "第 一 章", 1), ("1.1", "第 1 條".replace("條", "条"), 2), ("1.2", "第 2 条", 2),
                           ("2", "第二章", 1), ("2.3", "第 3 条", 2)]


def test_inserted_articles_take_ordinal_n_dash_k():
    text = ("第一章 总则\n第一条 甲。\n第一条之一 乙。\n第一条之二 丙。\n第二条 丁。\n"
            "第 2-1 條\n戊。\n第三条 己。\n")
    doc = mzparse.extract(text, name="t.txt")
    assert [c.path for c in doc.clauses] == ["1", "1.1", "1.1-1", "1.1-2", "1.2", "1.2-1", "1.3"]
    assert not [w for w in doc.warnings if w.code in ("N001", "N002", "N003")]


def test_run_together_list_items_after_a_line_start_or_colon_semicolon_full_stop():
    text = ("一、登记条件\n申请登记应当具备：（1）有专职人员；（2）有固定住所；（3）有必要资金。\n"
            "（4）有章程。⑤不算数；（5）有名称。\n"
            "二、办理程序\n按照第（1）项的规定，（2）由民政部门办理。\n要求如下：（一）做好登记。\n")
    got = paths(text)
    assert [p for p, _, _ in got] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2"]
    assert [m for _, m, _ in got][1:6] == ["（1）", "（2）", "（3）", "（4）", "（5）"]



def test_run_together_gives_each_item_its_own_line():
    # Inline items are grouped by the line they stand in (found by looking back from each to the
    # previous one only): the whole text's answer is each line's, lines with and without a
    # marker of their own, items of the same style in neighbouring lines kept apart.
    lines = ["一、登记：（1）甲；（2）乙；（3）丙。", "要求：（1）丁；（2）戊。", "（1）己；（2）庚。",
             "无列表的一行。", "二、办理：①甲；②乙；（1）丙；（2）丁。", "说明：（2）不成列；（3）也不成。"]
    lines = [normalise(ln).work for ln in lines]   # the working text's half-width ：；（
    work = "\n".join(lines) + "\n"
    whole = clauses.run_together(work, 0, len(work), clauses.find_markers(work, 0, len(work)))
    each, pos = [], 0
    for ln in lines:
        end = pos + len(ln)
        each += clauses.run_together(work, pos, end, clauses.find_markers(work, pos, end))
        pos = end + 1
    assert [(m.start, m.end, m.style) for m in whole] == [(m.start, m.end, m.style) for m in each]
    assert len(whole) >= 8


# ---------------------------------------------------------------- levels follow the document's hierarchy

def test_a_section_first_met_after_items_still_ranks_above_articles():
    text = ("第一章 总则\n第一条 下列事项：\n（一）救助；\n（二）福利。\n"
            "第二章 登记\n第一节 申请\n第二条 申请人提交：\n（一）申请书。\n第二节 审核\n第三条 审核。\n")
    assert paths(text) == [("1", "第一章", 1), ("1.1", "第一条", 2), ("1.1.1", "（一）", 3), ("1.1.2", "（二）", 3),
                           ("2", "第二章", 1), ("2.1", "第一节", 2), ("2.1.2", "第二条", 3), ("2.1.2.1", "（一）", 4),
                           ("2.2", "第二节", 2), ("2.2.3", "第三条", 3)]


def test_a_numbered_history_in_front_of_a_regulation_does_not_outrank_its_chapters():
    text = ("沿革：\n1.1980年制定公布全文。\n2.1997年修正公布。\n第 一 章 總則\n第 1 條\n為保障老人權益。\n"
            "第 2 條\n主管機關如下：\n一、中央。\n二、地方。\n第 二 章 福利\n第 3 條\n施行。\n")
    got = [(p, lvl) for p, _, lvl in paths(text)]
    assert got[2:] == [("1", 1), ("1.1", 2), ("1.2", 2), ("1.2.1", 3), ("1.2.2", 3), ("2", 1), ("2.3", 2)]


# Each case: a phenomenon of real documents, a short text written for it, the paths as written.
PATH_CASES = {
    "arabic and long numeral articles (a civil code)": (
        "第五章 婚姻家庭\n第1040条 本编调整婚姻家庭关系。\n第一千零四十一条 婚姻家庭受国家保护。\n第一千二百六十条 本法施行。\n",
        ["5", "5.1040", "5.1041", "5.1260"]),
    "parenthesised ideographs and digits": (
        "第五条 下列技术优先推广：\n㈠新型节能建筑体系；\n㈡暖通空调节能技术；\n第六条 申请材料：\n⑴申请书；\n⑵证明。\n",
        ["5", "5.1", "5.2", "6", "6.1", "6.2"]),
    "references at a line start are no markers": (
        "第四條 主管機關應辦理下列事項：\n一、規劃。\n第四條第一項所定事項，由主管機關辦理。\n"
        "第三条、第四条规定的期限，自受理之日起计算。\n第五条 本法自公布日施行。\n",
        ["4", "4.1", "5"]),
    "(一) ranks above 1. where it first shows up later": (
        "一、总体要求\n1.坚持党的领导。\n2.坚持问题导向。\n二、主要任务\n（一）完善制度\n1.建立台账。\n（二）加强监督\n",
        ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.2"]),
    "a document that puts (一) under 1.": (
        "1.总体要求\n（一）指导思想。\n（二）基本原则。\n2.主要任务\n（一）完善制度。\n（二）加强监督。\n3.保障措施\n",
        ["1", "1.1", "1.2", "2", "2.1", "2.2", "3"]),
    "articles before a missing first chapter heading": (
        "第一条 为了规范。\n第二条 适用范围：\n（一）城市；\n（二）农村。\n第二章 管理\n第三条 管理。\n（一）登记。\n",
        ["1", "2", "2.1", "2.2", "2", "2.3", "2.3.1"]),
    "parts of a plan above its lists": (
        "第一部分 总体要求\n一、指导思想\n（一）坚持党的领导。\n二、基本原则\n第二部分 重点任务\n一、完善救助\n（一）提高标准。\n",
        ["1", "1.1", "1.1.1", "1.2", "2", "2.1", "2.1.1"]),
    "a paren numeral that lost its opening bracket stays in its list": (
        "一、主要任务\n（一）提高标准。\n二）扩大覆盖。\n（三）加强监督。\n二、保障措施\n",
        ["1", "1.1", "1.2", "1.3", "2"]),
    "a list that restarts in an article's second paragraph": (
        "第一章 总则\n第五条 下列人员可以申请：\n（一）老年人；\n（二）残疾人。\n"
        "前款人员有下列情形之一的除外：\n（一）已享受待遇；\n（二）虚报材料。\n第六条 施行。\n",
        ["1", "1.5", "1.5.1", "1.5.2", "1.5.1", "1.5.2", "1.6"]),
}


@pytest.mark.parametrize("text,expected", PATH_CASES.values(), ids=PATH_CASES.keys())
def test_paths_as_written(text, expected):
    assert [p for p, _, _ in paths(text)] == expected


def _marker_fragments():
    return ["第", "一", "十", "二", "百", "条", "章", "节", "部分", "之", "-", "3", "12", "1234", "、", ".", "(", ")",
            "（", "）", "①", "⑴", "⒈", "㈠", " ", "\n", "项", "目", "的", "级", "2016年", "%", "\U00011bf1", "١", "款"]


def _same_markers(work: str) -> None:
    from mzparse.structure.clauses import _line_start_re, _line_start_rx, _to_marker

    rx, groups = _line_start_re()
    for pos in range(len(work) + 1):
        a, b = _line_start_rx().match(work, pos), rx.match(work, pos)
        assert (a is None) == (b is None), (work, pos)
        if a is not None:
            assert a.span() == b.span() and _to_marker(a) == _to_marker(b, groups), (work, pos)


def test_re_marker_alternation_reads_as_regex_does():
    # find_markers and match_marker run the alternation on Python's re (its group names
    # numbered, \d widened to regex's digits): the markers are those of the regex form.
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.script import normalise

    root = Path(__file__).resolve().parents[2]
    for p in sorted((root / "samples").glob("*.txt")):
        _same_markers(normalise(p.read_text(encoding="utf-8")).work)
    for text in ["第十二-3条之一 内容", "第 一 章 总则", "(一)\n（二）\n⑴\n1.2016年\n1、\n1)\n㈠\n", "\U00011bf1.\n١、"]:
        _same_markers(normalise(text).work)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_marker_fragments()), min_size=1, max_size=10))
    def generated(parts):
        _same_markers(normalise("".join(parts)).work)

    generated()


def test_with_digits_reads_each_digit_by_the_class():
    from mzparse.lang.grammar import with_digits

    assert with_digits(r"\d{2}[.\d]x[^\d]\[\d]", "D") == r"[D]{2}[.D]x[^D]\[[D]]"
    assert with_digits(r"[]\d]\d", "D") == r"[]D][D]"


def _same_hints(work: str) -> None:
    import regex

    from mzparse import lang
    from mzparse.structure.clauses import _inline_hint

    reference = regex.compile(r"[:;。][ ]*[(\d\u2460-\u249B\u3220-\u3229\u3251-\u325F\u32B1-\u32BF"
                              + lang.grammar.CN_CLASS[1:])
    assert [m.span() for m in _inline_hint().finditer(work)] == [m.span() for m in reference.finditer(work)], work


def test_inline_hint_on_re_finds_what_regex_finds():
    # run_together scans for its hints with Python's re (\d widened to regex's digits):
    # the positions must be those of the same class read by regex.
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.script import normalise

    root = Path(__file__).resolve().parents[2]
    for p in sorted((root / "samples").glob("*.txt")):
        _same_hints(normalise(p.read_text(encoding="utf-8")).work)
    _same_hints("：\U00011bf1.；١、。 (一)；  ⑴:㈠;壹")

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_marker_fragments() + ["：", ";", "。", "：  "]), min_size=1, max_size=12))
    def generated(parts):
        _same_hints(normalise("".join(parts)).work)

    generated()


def test_markers_found_after_line_breaks_are_those_of_a_full_scan():
    # find_markers reads the first line by the anchored pattern and every later one after its
    # line break (a lookahead): generated texts give what regex's scan of every position gives.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.script import normalise
    from mzparse.structure.clauses import _line_start_rx, _to_marker, find_markers

    def full_scan(work, start, end):
        out = []
        for m in _line_start_rx().finditer(work, start, end):
            mk = _to_marker(m)
            if mk is not None and mk.ordinal != 0:
                out.append(mk)
        return out

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(_marker_fragments() + ["\n", "\n ", "一、", "(1)"]), min_size=1, max_size=14),
           st.integers(0, 40), st.integers(0, 40))
    def same(parts, a, b):
        work = normalise("".join(parts)).work
        starts = [0] + [i + 1 for i, c in enumerate(work) if c == "\n"]
        start = starts[a % len(starts)]
        end = min(len(work), start + b) if b else len(work)
        assert find_markers(work, start, end) == full_scan(work, start, end), (work, start, end)

    same()


def test_article_first_in_the_alternation_changes_no_marker():
    # _line_start_pattern tries 第X条 before the other styles (the work of an article line);
    # the usual order of markers.toml must read every position alike.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang import grammar
    from mzparse.structure.clauses import _alternation, _line_start_rx, _to_marker

    usual = grammar.compile(r"(?m)^[ ]*(?:" + _alternation() + ")")
    assert usual.pattern != _line_start_rx().pattern

    def same(work):
        for pos in range(len(work) + 1):
            a, b = usual.match(work, pos), _line_start_rx().match(work, pos)
            assert (a is None) == (b is None), (work, pos)
            if a is not None:
                assert a.span() == b.span() and _to_marker(a) == _to_marker(b), (work, pos)

    for text in ["第一部分 总体要求\n第一章 总则\n第一节 一般规定\n第一条 目的\n第十二条之一 内容\n第3-1条\n",
                 "第一二三四五部分\n第一二三四五六七章\n第一二三四五六七八九十一条\n第 二 章\n第一条的规定\n"]:
        same(text)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_marker_fragments()), min_size=1, max_size=10))
    def fragments(parts):
        same("".join(parts))

    fragments()


def _reference_heading(work, start, end):
    # _heading as first written: a loop over the blanks, a search for the stop.
    import re

    while start < end and work[start] == " ":
        start += 1
    m = re.compile(r"[。\n]").search(work, start, end)
    stop = m.start() if m else end
    h_end = stop
    while h_end > start and work[h_end - 1] in " :;,":
        h_end -= 1
    if h_end <= start or h_end - start > 40:
        return None
    if m is None or work[stop] == "。":
        if "," in work[start:h_end] and h_end - start > 20:
            return None
    return (start, h_end)


def test_heading_by_one_match_as_by_loop_and_search():
    import random

    from mzparse.structure.clauses import _heading

    rnd = random.Random(18)
    for _ in range(20000):
        work = "".join(rnd.choice(" 。\n:,;a甲") for _ in range(rnd.randint(0, 60)))
        start = rnd.randint(0, len(work))
        end = rnd.randint(start, len(work))
        assert _heading(work, start, end) == _reference_heading(work, start, end), (work, start, end)
    # Runs longer than a heading (read to a heading's length, then only what its end may strip).
    for _ in range(20000):
        work = "".join(rnd.choice(["甲" * 19, "乙,", " " * 7, ":;,", " ", "。", "\n", "a"]) for _ in range(rnd.randint(0, 12)))
        start = rnd.randint(0, len(work))
        end = rnd.randint(start, len(work))
        assert _heading(work, start, end) == _reference_heading(work, start, end), (work, start, end)


def test_build_reads_headings_as_first_written():
    # build's clauses hold the headings the first form above reads (build reads them by _heading:
    # this holds the two together through build's own bounds, the marker's end and the clause's end).
    import random

    from mzparse.structure.clauses import build

    rnd = random.Random(9)
    for _ in range(3000):
        work = "".join(rnd.choice(["第一条", "第二条", "\n一、", "\n(一)", " ", "。", "\n", ":", ",", "甲乙", "a",
                                   "丙" * 19, " ,:;" * 5])
                       for _ in range(rnd.randint(0, 25)))
        for rc in build(work, 0, len(work)):
            assert rc.heading == _reference_heading(work, rc.marker.end, rc.end), (work, rc)


def test_three_literal_led_hints_find_what_the_class_led_one_finds():
    import random

    from mzparse.structure.clauses import _hint_ends, _inline_hint

    rnd = random.Random(5)
    pieces = [":", ";", "。", " ", "(", "1", "一", "①", "㈠", "甲", "\n", "a", "：", "１"]
    for _ in range(20000):
        work = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20)))
        a = rnd.randint(0, len(work))
        b = rnd.randint(a, len(work))
        assert _hint_ends(work, a, b) == [m.end() for m in _inline_hint().finditer(work, a, b)], (work, a, b)



def _first_chars(parsed, probe: list[str]) -> set[str]:
    """The characters of ``probe`` a parsed re pattern can begin with (markers.toml's patterns:
    an error for a start this walk does not know, e.g. one that may match nothing)."""
    from re import _constants as c

    op, av = parsed[0]
    if op is c.LITERAL:
        return {chr(av)} & set(probe)
    if op is c.IN:
        return {ch for ch in probe if _in_class(av, ch)}
    if op is c.BRANCH:
        return set().union(*(_first_chars(alt, probe) for alt in av[1]))
    if op is c.SUBPATTERN:
        return _first_chars(av[-1], probe)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _first_chars(av[2], probe)
    raise AssertionError(f"a marker pattern begins with {op}")


def _in_class(items, ch: str) -> bool:
    import re
    from re import _constants as c

    o = ord(ch)
    assert all(op is not c.NEGATE for op, _ in items)
    return any(op is c.LITERAL and av == o or op is c.RANGE and av[0] <= o <= av[1]
               or op is c.CATEGORY and av is c.CATEGORY_DIGIT and re.fullmatch(r"\d", ch) is not None
               for op, av in items)


def test_marker_first_characters_are_those_every_style_begins_with():
    # The line-start alternation is tried only after a character of _MARKER_FIRST, the inline
    # hints end at one of _LIST_FIRST: each must hold every first character of its styles.
    import re
    from re import _parser

    import regex

    from mzparse.structure.clauses import CANONICAL, _LIST_FIRST, _MARKER_FIRST, styles

    probe = [chr(i) for i in range(0x10000)] + [chr(i) for i in range(0x10000, 0x20000)
                                                if regex.fullmatch(r"\d", chr(i))]
    marker_first, list_first = regex.compile(_MARKER_FIRST), regex.compile(_LIST_FIRST)
    for st in styles():
        pattern = re.sub(r"\(\?P<\w+>", "(", st.regex.pattern)   # re refuses a name used twice
        first = _first_chars(_parser.parse(pattern), probe)
        # \d read as regex reads it (the class's \d of regex too): what re alone would miss.
        first |= {ch for ch in probe if regex.fullmatch(r"\d", ch) and regex.match(st.regex.pattern, ch + "、")}
        assert first and all(marker_first.fullmatch(ch) for ch in first), st.name
        if st.name not in CANONICAL:
            assert all(list_first.fullmatch(ch) for ch in first), st.name


def _same_inline(work: str) -> None:
    import regex

    from mzparse.structure.clauses import _inline_re, _inline_rx, _to_marker

    rx, groups = _inline_re()
    for pos in range(len(work)):
        if pos == 0 or work[pos - 1] not in ":;。 ":
            continue
        a, b = _inline_rx().match(work, pos), rx.match(work, pos)
        if a is None:
            continue   # where the lookbehind fails run_together never tries the pattern
        assert b is not None and a.span() == b.span() and _to_marker(a) == _to_marker(b, groups), (work, pos)
    for pos in range(len(work)):
        b = rx.match(work, pos)
        if b is not None and _inline_rx().match(work, pos) is None:
            # Only the lookbehind may refuse what re's form (which has none) accepts.
            assert not regex.search(r"[:;。][ ]*$", work[:pos]), (work, pos)


def test_inline_items_on_re_read_as_regex_does():
    # run_together tries the list styles on re, without the lookbehind its hints stand for.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.script import normalise

    for text in ["要求：（1）甲；（2）乙。(3)丙;⑷丁:1.戊；2、己。一、庚；二.辛：㈠壬；㈡癸；①子②丑",
                 "：（ 一 ）；(1))；1)；（）；12.2016年；3.5%；一、二级"]:
        _same_inline(normalise(text).work)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_marker_fragments() + ["：", "；", "。", ":", ";"]), min_size=1, max_size=10))
    def fragments(parts):
        _same_inline(normalise("".join(parts)).work)

    fragments()


def _heading_by_matches(work, start, end):
    # _heading as written before its fast path: the tail past a heading's length always read by
    # _HEAD_TAIL's match.
    start, stop = clauses._HEAD_START.match(work, start, end).span(1)
    if stop - start > clauses._HEADING_MAX:
        stop = clauses._HEAD_TAIL.match(work, start + clauses._HEADING_MAX, end).end()
        if stop < end and work[stop] not in "。\n":
            return None
    h_end = stop
    while h_end > start and work[h_end - 1] in " :;,":
        h_end -= 1
    if h_end <= start or h_end - start > clauses._HEADING_MAX:
        return None
    if h_end - start > 20 and (stop == end or work[stop] == "。") and "," in work[start:h_end]:
        return None
    return (start, h_end)


def test_heading_tail_by_one_index_as_by_the_match():
    import random

    rnd = random.Random(5)
    for _ in range(20000):
        alphabet = rnd.choice([" :;,。\n,a第", "a" * 10 + " ,。\n", "a" * 17 + " ,:"])
        n = rnd.choice([5, 30, 45, 50, 90])
        work = "".join(rnd.choice(alphabet) for _ in range(n))
        start = rnd.randrange(0, n + 1)
        end = rnd.randrange(start, n + 1)
        assert clauses._heading(work, start, end) == _heading_by_matches(work, start, end), (work, start, end)
