"""The time grammar's scan, tried only where an expression can begin, finds what a full scan finds.

times._rx opens with a lookahead (_begin) of how an expression can begin, and
times._matches tries the grammar only at the positions Python's re finds for it
(_begin_rx). Both are shortcuts: these tests hold them to the grammar without them,
match for match, on written texts and on texts generated from the grammar's words.
"""
import re
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.entities import times
from mzparse.lang.script import normalise

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _without_begin():
    pattern = times._rx().pattern
    lead = f"(?={times._begin()})"
    assert pattern.startswith(lead)
    return regex.compile(pattern[len(lead):])


def _same(work: str) -> int:
    full = [m.span() for m in _without_begin().finditer(work)]
    assert [m.span() for m in times._rx().finditer(work)] == full, work
    assert [m.span() for m in times._matches(work, 0, len(work))] == full, work
    return len(full)


_FRAGMENTS = ["2016", "19", "20", "二〇一六", "民国", "九十八", "今年", "年底", "年末", "年", "月", "日", "号", "个",
              "个月", "工作日", "个工作日", "小时", "周", "星期", "天", "内", "前", "以前", "以上", "以下", "至", "到",
              "-", "—", "~", "截至", "截止", "自", "从", "期满前", "届满前", "第", "十三", "五", "十四五", "“", "”",
              "规划", "期间", "半", "一", "两", "三", "十", "百", "零", "〇", "12", "3", "31", "连续", "人", "条",
              "、", "和", "，", "。", " ", "\n", "次", "每", "当", "发放", "渐退期", "的", "１", "\U0001D7CE", "\U00016AC1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=14))
def test_generated_texts(parts):
    _same("".join(parts))


def test_written_texts():
    texts = ["2019年1月1日至12月31日", "1997年4―6月为自查阶段", "“十三五”期间", "第十三个五年规划", "第十条 一个人",
             "自九十八年十一月二十三日施行", "期满前两个月", "一个月以上一年以下", "5年内", "3~5年内", "半个月内",
             "于2017年2月30日前完成", "在2015与2016交接的时刻", "三个年度内不得重新申请"]
    assert sum(_same(t) for t in texts) >= len(texts) - 1
    assert sum(_same(normalise(p.read_text(encoding="utf-8")).work) for p in sorted(SAMPLES.glob("*.txt"))) > 100


def test_bounds_are_kept():
    work = "一年内,2016年3月"
    for start in range(len(work)):
        for end in range(start, len(work) + 1):
            assert [m.span() for m in times._matches(work, start, end)] == \
                [m.span() for m in times._rx().finditer(work, start, end)]


def test_re_reads_no_fewer_digits_or_blanks():
    # _begin_rx reads _begin with Python's re, which must find every position regex
    # would: re's \d plus the characters beyond the BMP holds regex's \d, and re's \s
    # holds regex's.
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    wide = re.compile(f"[{times._WIDE_DIGIT}]")
    assert set(regex.findall(r"\d", chars)) <= set(wide.findall(chars))
    assert set(re.findall(r"\d", chars)) <= set(regex.findall(r"\d", chars))  # \d kept where none may stand
    assert set(regex.findall(r"\s", chars)) <= set(re.findall(r"\s", chars))
