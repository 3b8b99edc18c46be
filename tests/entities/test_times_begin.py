"""The time grammar's scan, tried only where an expression can begin, finds what it found before.

times._rx opens with a lookahead (_begin) of how an expression can begin, narrower
than it was (第 and 个 only where a time can follow), and times._matches tries the
grammar without it (_rx_at) only at the positions Python's re finds for it (_begin_rx;
re's digits and blanks are not regex's: hence \x1c and the fragments beyond the BMP). These tests hold
both to the grammar with its previous lead, match for match, on written texts and on
texts generated from the grammar's words.
"""
import re
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.entities import times
from mzparse.lang.script import normalise

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


# The lead as it was before _begin narrowed it (第 before any numeral, 个 before anything):
# the reference the narrowed one is held to.
_PREVIOUS_LEAD = (
    '(?=19|20|[一二][〇零○Ｏ九]|民国|中华民国|今年|年底|年末|(?<![\\d一二两三四五六七八九十百〇零○])[\\d一二两三四五六七八九十百零〇]+\\s*(?:(?:'
    '至|到|[-—–~―]{1,2})\\s*[\\d一二两三四五六七八九十百]+\\s*)?(?:个|年|月|日|号|天|周|星期|小时|分钟|工作日)|[“"\'‘]?[一二两三四五六七八'
    '九十百]{1,3}五|第[一二两三四五六七八九十百]|半\\s*个?(?:年|月|小时)|(?:到|截[至止]到?|自|从)\\s*[\\d一二两三四五六七八九十百〇零民中今年第“"\'‘'
    ']|[期届]满前)')


def _with_previous_lead():
    pattern = times._rx().pattern
    lead = f"(?={times._begin()})"
    assert pattern.startswith(lead)
    return regex.compile(_PREVIOUS_LEAD + pattern[len(lead):])


def _same(work: str) -> int:
    full = [m.span() for m in _with_previous_lead().finditer(work)]
    assert [m.span() for m in times._rx().finditer(work)] == full, work
    assert [m.span() for m in times._matches(work, 0, len(work))] == full, work
    return len(full)


_FRAGMENTS = ["2016", "19", "20", "二〇一六", "民国", "九十八", "今年", "年底", "年末", "年", "月", "日", "号", "个",
              "个月", "工作日", "个工作日", "小时", "周", "星期", "天", "内", "前", "以前", "以上", "以下", "至", "到",
              "-", "—", "~", "截至", "截止", "自", "从", "期满前", "届满前", "第", "十三", "五", "十四五", "“", "”",
              "规划", "期间", "半", "一", "两", "三", "十", "百", "零", "〇", "12", "3", "31", "连续", "人", "条",
              "、", "和", "，", "。", " ", "\n", "\x1c", "\u3000", "\U0001F600", "次", "每", "当", "发放", "渐退期", "的",
              "１", "\U0001D7CE", "\U00016AC1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=14))
def test_generated_texts(parts):
    _same("".join(parts))


def test_written_texts():
    # the narrower lead: what it keeps and what it refuses (the matches are the same either way)
    for t in ["到2020年", "截止到2015年底", "达到100%", "2008〕12号", "20万元", "19.探索", "民国九十八年", "全民国防",
              "年底前完成", "年底专项", "在2015与2016交接", "到半年", "到期前两个月", "18周岁", "一号课题"]:
        _same(t)
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


DIGIT = r"\d"


def _plain_begin(digit: str) -> str:
    # times._begin as it was written before its alternatives were each opened by a character or
    # a class and its runs made possessive (for re's speed): the reference it is held to.
    cnn, q, dash = times._CNN, times._Q, times._DASH
    return (
        rf"19|20|[一二][〇零○Ｏ九]|民国|中华民国|今年|年底|年末"
        rf"|(?<![\d{cnn}〇零○])[{digit}{cnn}零〇]+\s*(?:{dash}\s*[{digit}{cnn}]+\s*)?"
        rf"(?:个(?:工作日|年度|月|小时|星期)|年|月|日|号|天|周|星期|小时|分钟|工作日)"
        rf"|{q}?[{cnn}]{{1,3}}五|第[{cnn}]{{1,3}}个五年|半\s*个?(?:年|月|小时)"
        rf"|(?:到|截[至止]到?|自|从)\s*[{digit}{cnn}〇零民中今年第{q[1:-1]}]|[期届]满前"
    )


# What the narrower lead refuses (a bare 19 or 20 before no year's 年, 到 before no expression,
# 民国 before no year, 年底 before no 前, a count before 号) beside what it keeps.
_NARROWED = ["截至到", "中华民国", "二〇", "年末", "个年度", "达到", "100", "%", "万元", "〕", "与", "年初",
             "之前", ".", "200", "2008", "号", "民国防", "期", "周岁", "十98"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS + _NARROWED), min_size=1, max_size=14))
def test_begin_as_written_for_re_holds_where_it_held(parts):
    # The lead as written for re finds no position the earlier, plainer lead did not, and every
    # one of those at which the grammar matches (up to the end of the text or of any stretch):
    # a position it leaves out is one where the grammar's attempt fails.
    work = "".join(parts)
    plain = re.compile(f"{times._BEGIN_FIRST}(?<=(?={_plain_begin(times._WIDE_DIGIT)}).)")
    new = {m.start() for m in times._begin_rx().finditer(work)}
    old = [m.start() for m in plain.finditer(work)]
    assert new <= set(old), work
    rx = times._rx_at()
    for p in old:
        if p not in new:
            assert not any(rx.match(work, p, end) for end in range(p + 1, len(work) + 1)), (work, p)
    plain = regex.compile(f"(?={_plain_begin(DIGIT)})")   # as the reference grammar _rx reads it
    new = {m.start() for m in regex.finditer(f"(?={times._begin()})", work)}
    assert new <= {m.start() for m in plain.finditer(work)}, work
