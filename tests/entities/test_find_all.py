"""times.find_all and amounts.find_all, the per-document entry points, give what find gives
range by range (records with the path path_at gives).

Each searches the whole document once for where a match can begin (times) or for the
needles a figure holds (amounts), and visits only the ranges such a search reaches: a match
of that search may run past a range's end (a time unit on the next line, 百分之 split by a
break) and must not make a range lose or gain anything. Held to the per-range path on text
written for it and on every line of real documents.
"""
import pytest

from mzparse.entities import amounts, times
from mzparse.lang.script import normalise
from mzparse.records import Context, Meta, with_path

from conftest import SAMPLE_FILES

# Lines that hold times, figures, both or neither; beginnings cut at a line's end (2020 / 年,
# 百分 / 之, 三个 / 月内), needles in gaps between ranges, empty lines, a 民国 date.
_TEXT = "\n".join([
    "各地要在2020年底前完成，资金500万元。",
    "没有任何时间或者数字的一行。",
    "自2019年1月1日至12月31日，补助标准为每人每月300元左右，覆盖率达到百分之九十以上。",
    "截至2020",
    "年，完成率10%—20%。百分",
    "之五十。",
    "三个",
    "月内完成，“十四五”期间投入约19.94亿元。",
    "",
    "第十条 一元化管理，二元结构，单元楼。",
    "在2015与2016交接的时刻，5至10万元，人民币200万元。",
    "民国九十八年十一月二十三日施行，半年内，连续三年。",
    "50%",
    "第十三个五年规划期间，合同期满前两个月，任期届满前三十日，今年年末前。",
])


def _texts(text):
    return normalise(text)


def _lines(work):
    out, pos = [], 0
    for line in work.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _path_at(pos):
    return f"p{pos // 40}"


def _per_range(mod, texts, ranges, ctx):
    return [with_path(r, _path_at(r.span[0])) for a, b in ranges for r in mod.find(texts, a, b, ctx)]


@pytest.mark.parametrize("mod", [times, amounts])
@pytest.mark.parametrize("date", [None, "2019-06-01"])
def test_find_all_same_as_per_range_on_written_text(mod, date):
    texts = _texts(_TEXT)
    ctx = Context(meta=Meta(date=date))
    lines = _lines(texts.work)
    found = 0
    # every line; every other line (gaps between ranges); lines cut short at either end; none
    for ranges in (lines, lines[::2], lines[1::2], [(a + 1, b - 1) for a, b in lines if b - a > 2],
                   [(a, b - 3) for a, b in lines if b - a > 3], lines[3:5], []):
        new = mod.find_all(texts, ranges, ctx, _path_at)
        assert new == _per_range(mod, texts, ranges, ctx)
        found += len(new)
    assert found > 20


@pytest.mark.parametrize("gone", [("民国",), ("年底", "年末"), ("个五年",), ("满前",),
                                  ("民国", "年底", "年末", "个五年", "满前")])
def test_find_all_without_the_words_a_lead_needs(gone):
    # times.find_all leaves a lead character out of its scan where the document lacks the
    # words it begins (_absent): every range, with the words there and with them cut out.
    text = _TEXT
    for w in gone:
        text = text.replace(w, "")
    for t in (_TEXT, text):
        texts = _texts(t)
        ctx = Context(meta=Meta(date="2019-06-01"))
        lines = _lines(texts.work)
        assert times.find_all(texts, lines, ctx, _path_at) == _per_range(times, texts, lines, ctx)
    assert times._absent(_texts(text).work, 0, len(text)) != ""


@pytest.mark.parametrize("mod", [times, amounts])
def test_find_all_out_of_order_ranges_fall_back(mod):
    texts = _texts(_TEXT)
    ctx = Context(meta=Meta(date="2019-06-01"))
    ranges = _lines(texts.work)[::-1]
    assert mod.find_all(texts, ranges, ctx, _path_at) == _per_range(mod, texts, ranges, ctx)
    plain = mod.find_all(texts, ranges, ctx)
    assert plain == [r for a, b in ranges for r in mod.find(texts, a, b, ctx)] and plain


@pytest.mark.parametrize("mod", [times, amounts])
def test_find_all_same_as_per_range_on_samples(mod):
    for f in SAMPLE_FILES:
        texts = _texts(f.read_text(encoding="utf-8"))
        ctx = Context(meta=Meta(date="2020-03-01"))
        lines = _lines(texts.work)
        for ranges in (lines, lines[1::3]):
            assert mod.find_all(texts, ranges, ctx, _path_at) == _per_range(mod, texts, ranges, ctx)


def test_find_all_shares_one_text_object_per_distinct_text():
    texts = _texts("补助500万元。\n补助500万元。\n")
    same = {}.setdefault
    a, b = amounts.find_all(texts, _lines(texts.work), Context(), None, same)
    assert a.text == b.text == "500万元" and a.text is b.text and a.path == ""


# Figures the grammars must find through scan.anchored as finditer finds them: numbers before a
# needle that are no figure (10 20%), runs of numerals, figures side by side, words before the
# figure, a currency word with no number (单元, 元旦), 百分之 after its comparator.
_FIGURES = ("处五千元以上五万元以下的罚款。单元、元旦、多元化。10 20%与1.5 30%。3 4 5%。"
            "不低于百分之九十，达到百分之五十以上百分之八十以下。每人每月300元左右，620元/月。"
            "5至10万元，五万元以上十万元以下，人民币200万元，约19.94亿元，2000多万元。"
            "一二三四五六七八九十百千万亿元。12345678901234567890元。%%%百分之%元元元。"
            "10%以上50%以下，10%—20%，不超过30%的，50%。美元港币英镑澳门元新台币六万元。")


@pytest.mark.parametrize("which", [0, 1])
def test_anchored_same_as_finditer(which):
    from mzparse.lang import scan

    rx = (amounts._pct_rx(), amounts._money_rx())[which][0]
    outside = amounts._outside()[which]
    needle = amounts._needle_rxs()[1 + which]
    work = normalise(_FIGURES + _TEXT).work
    held = 0
    for a in range(0, len(work), 7):   # stretches that start and end anywhere, a needle cut too
        for b in (a + 5, a + 40, len(work)):
            b = min(b, len(work))
            ref = [m.span() for m in rx.finditer(work, a, b) if needle.search(m.group())]
            new = [m.span() for m in scan.anchored(rx, outside, needle.search, work, a, b)
                   if needle.search(m.group())]
            assert new == ref, (a, b)
            pruned = [m.span() for m in scan.anchored(rx, outside, needle.search, work, a, b,
                                                      amounts._begins()[which]) if needle.search(m.group())]
            assert pruned == ref, (a, b)
            held += len(ref)
    assert held > 100


@pytest.mark.parametrize("which", [0, 1])
def test_no_match_begins_at_a_han_character_left_out(which):
    # scan.anchored's begins (amounts._begins): every Han character outside it begins no match,
    # followed by a figure or by the rest of any lead word
    rx = (amounts._pct_rx(), amounts._money_rx())[which][0]
    begins = amounts._begins()[which]
    assert begins is not None
    tails = ["五万元", "5%", "百分之五十", "人民币5元", "每人每月300元", "约5元", "不低于5万元", "以上5%", "5元"]
    from mzparse.lang import grammar

    vocab = grammar.load("entities/amounts")
    words = [*amounts._MONEY_CMP, *vocab["money"]["currency_prefixes"], *vocab["money"]["approx_before"]]
    words += [w for k in ("greater", "less", "about") for w in vocab["percentage"][k]]
    tails += [w[1:] + t for w in words for t in ("5元", "5%", "百分之五")]
    for c in map(chr, range(0x4E00, 0xA000)):
        if c not in begins:
            assert not any(rx.match(c + t) for t in tails), c


def test_words_search_same_as_a_pattern():
    from mzparse.lang import scan
    from mzparse.lang import grammar

    words = ("%", "百分之", "元", "币", "镑", "分之")
    rx = grammar.needles_rx(words)
    work = normalise(_FIGURES + _TEXT + "百分百分之").work
    for end in (len(work), len(work) - 3, 40):
        search = scan.Words(words)
        for pos in list(range(0, end + 1, 3)) + [5, 0, end]:   # forward, then back: starts again
            ref, new = rx.search(work, pos, end), search(work, pos, end)
            assert (new and new.start()) == (ref and ref.start()), (pos, end)
    other = "另一个文本: 5元"
    assert scan.Words(words)(other, 0, len(other)).start() == len(other) - 1


def test_words_looking_ahead_same_as_a_pattern():
    # ahead=True keeps each word's next place across ranges of any end while pos goes forward;
    # a place counts only where the whole word ends by the range's end (百分 / 之 across ends)
    from mzparse.lang import scan
    from mzparse.lang import grammar

    words = ("%", "百分之", "元", "币", "镑", "分之")
    rx = grammar.needles_rx(words)
    work = normalise(_FIGURES + _TEXT + "百分百分之").work
    for step in (1, 2, 5, 17):
        search = scan.Words(words, ahead=True)
        for a in range(0, len(work), step):
            b = min(len(work), a + step + 1)
            for pos in (a, a + 1, b):   # each range searched forward from its start
                ref, new = rx.search(work, pos, b), search(work, pos, b)
                assert (new and new.start()) == (ref and ref.start()), (step, pos, b)
    search = scan.Words(words, ahead=True)
    for pos, end in ((50, len(work)), (0, 10), (2, 3), (0, len(work))):   # back: looked for again
        ref, new = rx.search(work, pos, end), search(work, pos, end)
        assert (new and new.start()) == (ref and ref.start()), (pos, end)


def test_bmp_digits_are_re_digits():
    import re

    bmp = "".join(map(chr, range(0x10000)))
    assert re.findall(f"[{times._BMP_DIGITS}]", bmp) == re.findall(r"\d", bmp)
