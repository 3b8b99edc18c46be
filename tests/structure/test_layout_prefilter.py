"""layout.may_be_furniture, the cheap test short body lines take before the furniture patterns,
held to what it guards: every line that a furniture pattern or a field label matches passes it."""
import re
import sys

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mzparse.lang import grammar
from mzparse.structure import layout

_SPEC = grammar.load("structure/layout")


def _is_furniture_in_body(text: str) -> bool:
    return layout._is_furniture(text, in_body=True)


@pytest.mark.parametrize("pattern", _SPEC["furniture"]["patterns"])
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_furniture_pattern_passes_the_prefilter(pattern, data):
    # Strings the pattern matches (its syntax is re's too), with prose on either side.
    text = data.draw(st.from_regex(re.compile(pattern)))
    text = text.lstrip(layout._LEAD).rstrip(" ")
    if regex.search(pattern, text):
        assert layout.may_be_furniture(text), (pattern, text)


@pytest.mark.parametrize("label", [w for k, ws in _SPEC["fields"].items() if k != "examples" for w in ws])
def test_every_field_label_passes_the_prefilter(label):
    for text in (f"{label}:某某", f"【{label}】某某", f"[{label}]某某", f"{label} : 2020年", f"•{label}:x"):
        text = text.lstrip(layout._LEAD)
        if layout.fields_of(text):
            assert layout.may_be_furniture(text), text


def test_blanks_that_a_pattern_reads_start_a_possible_line():
    blanks = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() or regex.match(r"\s", chr(c))}
    assert blanks <= layout._FURNITURE_FIRST


LINES = ["第一章 总则", "第二条 本办法自发布之日起施行。", "(一)加强组织领导", "第十二章 附则", "三、工作要求",
         "字体:[大 中 小]", "【打印本页】【关闭窗口】", "上一篇:关于某某的通知", "来源:某某市人民政府",
         "首页 > 政策文件", "京ICP备12345678号", "网站标识码:1234", "www.gov.cn", "版权所有 某某市人民政府",
         "Copyright 2020", "打印 关闭", "索引号:000014349/2020-00123", "【发文字号】国发〔2020〕1号",
         "名称:某某", "税谱®提示:根据规定,继续有效", "相关链接", "主办单位:某某", "扫一扫在手机打开当前页",
         "各有关单位", "附则", "第一节 一般规定", "1.总体目标", "全文检索", "分享到:"]


@pytest.mark.parametrize("text", LINES)
def test_the_prefilter_never_changes_the_answer(text):
    if not layout.may_be_furniture(text):
        assert not _is_furniture_in_body(text) and not layout._is_furniture(text)


@pytest.mark.parametrize("text", LINES)
def test_the_in_place_test_reads_only_its_line(text):
    # What analyse asks of each short body line, in place: the lines around it (furniture
    # words, a colon) must not make it true, nor the line's own text false.
    work = "扫一扫:【上】\n" + text + "\n网站:首页"
    start = work.index("\n") + 1
    assert layout._may_be_furniture_at(work, start, start + len(text)) == layout.may_be_furniture(text)


def test_docno_needle_holds_every_docno_match():
    # _header_role searches DOCNO only in a line _DOCNO_NEEDLE finds: every match must hold it.
    import random

    from mzparse.lang.dates import DOCNO
    from mzparse.structure.layout import _DOCNO_NEEDLE

    rnd = random.Random(7)
    pieces = ["国发", "〔", "[", "【", "(", "〕", "]", ")", "2020", "19", "20", "1999", " ", "12", "号", "某", "a", "\u3000"]
    for _ in range(20000):
        t = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        if DOCNO.search(t):
            assert _DOCNO_NEEDLE(t), t
    for t in ["国发〔2014〕12号", "京政办发[2020]3号", "粤府【2019】1号", "苏政发(2018) 5号"]:
        assert DOCNO.search(t) and _DOCNO_NEEDLE(t), t
