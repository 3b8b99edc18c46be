"""Stage 4b: time expressions, their calendar values and whether they set a deadline (records.Time)."""
from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from ..lang import grammar, scan
from ..lang.dates import DAY, MONTH, YEAR, iso, month_end, num
from ..records import Context, Time, maker, with_path

_CNN = "一二两三四五六七八九十百"
_N = rf"(?:\d+|[{_CNN}]+|半)"   # 半: 半年内, 半个月
_Q = "[“\"'‘]"   # opening quote of a plan name
_QE = "[”\"'’]"  # closing quote
_HAN = grammar.compile(r"\p{Han}")
# 的 and a noun of a period (渐退期, 过渡期, 公示期) after a count: a length of time, not a quantity.
_PERIOD_AFTER = grammar.compile(r"的\p{Han}{0,4}期(?!间|刊|货)")
# A phase of a plan: a count of years, a two-character verb, a break (一年试点、两年推广、三年提升).
# Alone, N年 and a verb is a quantity or a term (缓期二年执行, 两年复核一次, 九年义务教育).
_PHASE = grammar.compile(r"[一二两三四五六七八九十]年\p{Han}{2}(?=[、,;”\"'])")
# Between the two ends of a range: 至, 到, and every dash documents use (1997年4―6月, 10月――2月).
_DASH = r"(?:至|到|[-—–~―]{1,2})"
# A ROC-era year count (九十八, 一百零九, 109): Chinese numerals with a unit, which no year of the
# common era is written with (二〇〇九 is read digit by digit), or two or three figures.
_ROC_N = "[零〇一二两三四五六七八九十百]"
_ROC_YEAR = rf"(?:中华民国|民国)\s*(?:\d{{1,3}}|{_ROC_N}{{1,5}})"
# The same count without 民国, read as a year only before a month and in a document that
# names the era (自九十八年十一月二十三日施行); elsewhere 九十八年 is no date.
_ROC_BARE = (rf"(?:(?<![\d{_CNN}〇零○]){_ROC_N}*[十百]{_ROC_N}*|(?<![\d.])\d{{2,3}})"   # 九十八年, 109年
             rf"(?=\s*年\s*{MONTH}\s*月)")


def _alt(words):
    return grammar.alternation(list(words))


def _begin(digit: str = r"\d") -> str:
    """How every expression can begin: a condition each alternative of ``_rx`` implies.

    ``digit`` is the class a digit is read by where one must stand (Python's re knows
    fewer digits than regex: ``_begin_rx`` passes a wider class); where a digit must not
    stand, ``\\d`` is kept, the narrower reading of the two.

    Written for re's test of it at each candidate character (most of the time scan): each
    alternative opens with a character or a class, by which re passes over those that cannot
    begin here without trying them, and the runs of numerals and blanks are possessive (no
    unit, dash or blank is a numeral, nor a unit or dash a blank: giving a character back
    never helps).

    Each alternative says what must follow its lead, as far as a match consumes it or a
    positive lookahead of the grammar needs it (a condition that holds in a stretch holds in
    the whole text): a bare 19 or 20 only before a year's 年, a dash or a second year (not
    2008〕, 20万元, 19.); 到, 截至, 自 and 从 only before what an expression begins with (not
    达到100%); 民国 before its year's numeral; 年底 before 前. A grammar attempt where none
    holds fails (each cost ~40k instructions); tests/entities/test_times_begin.py holds the
    matches to the grammar under its earlier, wider lead.
    """
    num = f"{digit}{_CNN}零〇"
    lead = f"[{digit}{_CNN}〇零民中今年第{_Q[1:-1]}]"   # what may follow 到, 截至, 自, 从
    year = (rf"(?:[{digit}]{{0,2}}\s*+年|[{digit}]{{2}}(?:\s*+(?:至|到|[-—–~―])|[与和、]))"
            rf"|(?<=[与和、]..)[{digit}]{{2}}")   # (the second of two years joined)
    roc = rf"\s*+[{digit}{_ROC_N[1:-1]}]"
    core = (
        # a year: 2015年, 190年 (an ROC count), 2013-2015年, 2015与2016; each alternative opens
        # with a character or a class, which re tests before it tries the alternative
        rf"19(?:{year})|20(?:{year})"
        rf"|[一二][〇零○Ｏ九]|民国{roc}|中华民国{roc}|今年|年[底末](?=前|之前|以前)"
        # a month or a count: not inside a number, and a unit within reach (一是, 统一
        # stop here; after 个 only the units that begin with it: 一个人 is no time; no
        # expression begins with a count before 号, which only ends a day after its month)
        rf"|[{num}](?<![\d{_CNN}〇零○].)[{num}]*+\s*+(?:{_DASH}\s*[{digit}{_CNN}]++\s*+)?"
        rf"(?:个(?:工作日|年度|月|小时|星期)|年|月|日|天|周|星期|小时|分钟|工作日)"
        # 十三五, “十三五”; 第十三个五年 (第 begins nothing else: 第十条 is no time)
        rf"|{_Q}[{_CNN}]{{1,3}}五|[{_CNN}][{_CNN}]{{0,2}}五|第[{_CNN}]{{1,3}}个五年|半\s*个?(?:年|月|小时)"
        rf"|[期届]满前"
    )
    # 到2020年: the expression begins right after the word (the grammar reads no blank between)
    return rf"{core}|[到自从](?={lead})(?:{core})|截[至止]到?(?={lead})(?:{core})"


# re's \d within the BMP (Unicode's decimal digits, in runs of ten), written out:
# re tests a class of characters alone by a bitmap, but \d by a call per character (a third of
# the scan for where a time can begin). tests/entities/test_find_all.py holds it equal to \d.
_BMP_DIGITS = (r"\u0030-\u0039\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f\u09e6-\u09ef"
               r"\u0a66-\u0a6f\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef"
               r"\u0d66-\u0d6f\u0de6-\u0def\u0e50-\u0e59\u0ed0-\u0ed9\u0f20-\u0f29\u1040-\u1049"
               r"\u1090-\u1099\u17e0-\u17e9\u1810-\u1819\u1946-\u194f\u19d0-\u19d9\u1a80-\u1a89"
               r"\u1a90-\u1a99\u1b50-\u1b59\u1bb0-\u1bb9\u1c40-\u1c49\u1c50-\u1c59\ua620-\ua629"
               r"\ua8d0-\ua8d9\ua900-\ua909\ua9d0-\ua9d9\ua9f0-\ua9f9\uaa50-\uaa59\uabf0-\uabf9"
               r"\uff10-\uff19")

# The characters _begin's alternatives start with (a digit beyond the BMP: any character there).
_BEGIN_FIRST = rf"[{_BMP_DIGITS}\U00010000-\U0010FFFF{_CNN}零〇民中今年{_Q[1:-1]}第半到截自从期届]"


# Lead characters that begin one kind of expression alone, and the words it holds: where a
# document lacks them, nothing begins with those characters and the scan passes them by
# (in a law, 第, 民, 中, 年, 期 are ~40 % of the characters the scan stops at, and begin nothing).
# 民国 begins one only before its year's numeral (_roc_year_rx), 年底 and 年末 only before 前
# (_year_end_rx, looked for only where the text holds 年底 or 年末).
_LEAD_ONLY = (("民中", ("民国",)), ("年", ("年底", "年末")), ("第", ("个五年",)), ("期届", ("满前",)))


@lru_cache(maxsize=1)
def _roc_year_rx() -> "re.Pattern[str]":
    """民国 and the numeral of its year, as _begin reads them (a literal-led search: fast)."""
    return grammar.compile_re(rf"民国\s*+[{_WIDE_DIGIT}{_ROC_N[1:-1]}]")


@lru_cache(maxsize=1)
def _year_end_rx() -> "re.Pattern[str]":
    """年底 or 年末 before 前, as _begin reads them."""
    return grammar.compile_re("年[底末](?=前|之前|以前)")


def _absent(work: str, start: int, end: int) -> str:
    """The lead characters no expression in work[start:end] can begin with (see _LEAD_ONLY)."""
    # 民国 is looked for in the whole text once a document anyway (_names_roc_era): where the
    # text lacks it, so does the stretch, and it is not looked for again (one scan of a law less)
    found = {"民国": _names_roc_era(work)}
    for lead, words in _LEAD_ONLY[1:]:
        for w in words:
            found[w] = work.find(w, start, end) >= 0
    # the words found, read closer where the lead needs more of what follows
    found["民国"] = found["民国"] and _roc_year_rx().search(work, start, end) is not None
    if found["年底"] or found["年末"]:
        found["年底"] = _year_end_rx().search(work, start, end) is not None
        found["年末"] = False
    return "".join(lead for lead, words in _LEAD_ONLY if not any(found[w] for w in words))


@lru_cache(maxsize=32)
def _begin_rx(absent: str = "", astral: bool = True) -> "re.Pattern[str]":
    """Every position where ``_begin`` holds, found by Python's re.

    regex tries _begin at every position of a line (~90 ns a character: most of the
    stage); re scans for the first characters in C and tests _begin only there (the
    test sits in a lookbehind over the character found, so the pattern opens with a
    class, which re's scan loop checks fast). regex's \\d also holds the digits of
    scripts outside the BMP that re's lacks: a positive class adds every character
    beyond the BMP, so the positions found are never fewer. The lead characters in ``absent``
    (from :func:`_absent`) are left out of the class, and so is every character beyond the
    BMP when not ``astral`` (a text that holds none, :func:`grammar.holds_beyond_bmp`: re's test of each
    character against that range was a quarter of the scan).
    """
    first = "".join(c for c in _BEGIN_FIRST if c not in absent) if absent else _BEGIN_FIRST
    if not astral:
        first = first.replace(_ASTRAL, "")
    return grammar.compile_re(f"{first}(?<=(?={_begin(_WIDE_DIGIT)}).)")


_ASTRAL = r"\U00010000-\U0010FFFF"
_WIDE_DIGIT = rf"{_BMP_DIGITS}\U00010000-\U0010FFFF"   # every digit re or regex knows, and more


def _matches(work: str, start: int, end: int):
    """``_rx().finditer(work, start, end)``, the grammar (_rx_at) tried only where _begin_rx says
    an expression can begin (the same matches: each begins at such a position)."""
    return _matches_in(work, [(start, end)], _begin_rx())


@lru_cache(maxsize=1)
def _vocab():
    """The time vocabulary, its word lists as tuples: ``str.endswith``/``startswith`` take a
    tuple and try every word in C (a generator over the words cost a call a word)."""
    return {k: tuple(x) if isinstance(x, list) else x for k, x in grammar.load("entities/time").items()}


@lru_cache(maxsize=1)
def _rx():
    """The time grammar: how every expression can begin (``_begin``, a condition each
    alternative implies), then the expressions. Saying so up front lets the many positions
    that begin none fail at once instead of trying each alternative (a search by it took five
    times as long without); :func:`_rx_at` is the grammar without it."""
    return scan.in_group_order(grammar.compile(f"(?={_begin()})" + _body()), _GROUP_NAMES, "times")


@lru_cache(maxsize=1)
def _rx_at():
    """The time grammar without its lead, for positions where _begin_rx has found that an
    expression can begin (every match of :func:`_rx` begins at one): there the lead only
    tests that again (~5 % of the grammar's time). The same matches as :func:`_rx` at those
    positions, as each alternative implies _begin (tests/entities/test_times_begin.py)."""
    return scan.in_group_order(grammar.compile(_body()), _GROUP_NAMES, "times")


def _body() -> str:
    """The time grammar's pattern after its lead: its alternatives, named groups in the
    order of _GROUP_NAMES."""
    v = _vocab()
    point = (rf"(?P<{{p}}y>{YEAR}|{_ROC_YEAR}|{_ROC_BARE})\s*年"
             rf"(?:\s*(?P<{{p}}m>{MONTH})\s*月(?:\s*(?P<{{p}}d>{DAY})\s*[日号])?)?"
             rf"(?P<{{p}}q>度|年底|年末|底|末|初|上半年|下半年|第[一二三四1-4]季度|[一二三四1-4]季度)?")
    a, b = point.replace("{p}", "a"), point.replace("{p}", "b")
    # The second end of a range may leave out the year, or year and month: 2019年1月1日至12月31日.
    b_short = rf"(?P<bm>{MONTH})\s*月(?:\s*(?P<bd>{DAY})\s*[日号])?(?P<bmq>底|末)?|(?P<bd2>{DAY})\s*[日号]"
    md = rf"(?P<mm>{MONTH})\s*月(?:\s*(?P<md>{DAY})\s*[日号])?(?P<mq>底|末|初|上旬|中旬|下旬|份)?"
    md2 = rf"(?:(?P<mm2>{MONTH})\s*月(?:\s*(?P<md2>{DAY})\s*[日号])?|(?P<md3>{DAY})\s*[日号])"
    nb = f"(?<![\\d{_CNN}〇零○]|{_alt(v['not_time_before'])})"
    # A unit, not an age or an anniversary (满18周岁, 100周年).
    units = "(?:个工作日|工作日|个年度|个月|个小时|小时|分钟|个星期|星期|周|天|日|年)(?!岁|年)"
    dpre_words = ["连续", "过去", "利用", "用", *v["limit_before"], *v["term_before"], *v["act_before"]]
    dpre = _alt(dpre_words)
    return (
        rf"(?P<pre>到|截至|截止到|截止|自|从)?"
        rf"(?:"
        # 1997年4―6月: months of one year
        rf"(?P<ymr>(?P<ry>{YEAR})\s*年\s*(?P<rm1>{MONTH})\s*(?:月\s*)?{_DASH}\s*(?P<rm2>{MONTH})\s*月(?P<rmq>底|末)?)"
        # 2009年6月至2010年12月, 2013年至2015年, 2019年1月1日至12月31日
        rf"|(?P<range>{a}\s*{_DASH}\s*(?:{b}|{b_short}))"
        rf"|(?P<yrange>(?<!\d)(?P<ya>(?:19|20)\d{{2}})\s*{_DASH}\s*(?P<yb>(?:19|20)\d{{2}})\s*年)"
        rf"|{a}"
        # 今年年底, 今年上半年; 年底前 (of the document's year)
        rf"|(?P<this>今年)(?P<thq>年底|年末|底|末|上半年|下半年)?"
        rf"|(?P<yend>(?<![\d{_CNN}〇零○])年[底末])(?=前|之前|以前)"
        # 第十三个五年, “十三五”, 十二五”期间
        # A plan name is quoted or followed by 规划/期间/时期…: a bare 十五 is a number or a marker;
        # 十一五…十九五 are plan names however written.
        # 第N个五年 names a plan from the sixth on, or with 规划/计划 after (not 第一个五年 of a new era)
        rf"|(?P<plan>(?:第(?P<pn2>[{_CNN}]{{1,3}})个五年(?P<pn2p>规划|计划)?"
        rf"|(?<![\d{_CNN}〇零○第])(?P<pn3>十[一二三四五六七八九])五(?![{_CNN}\d年个万元岁周日月天%])"
        rf"|(?P<pq0>{_Q})?(?P<pn>[{_CNN}]{{1,3}})五(?![{_CNN}\d年个万元岁周日月天号条款项章节倍名人家%])(?P<pq1>{_QE})?"
        rf"(?(pq0)|(?(pq1)|(?=规划|期间|时期|末|以来|初|计划|普法|依法治|发展规划)))(?:规划)?))"
        rf"(?P<pq>期间|时期|末|以来|初)?"
        # 在2015与2016交接的时刻: two bare years joined
        rf"|(?P<ypair>(?<![\d.])(?P<yp1>(?:19|20)\d{{2}})(?=(?:与|和|、)(?:19|20)\d{{2}}(?![\d年.]))"
        rf"|(?<=(?:19|20)\d{{2}}(?:与|和|、))(?P<yp2>(?:19|20)\d{{2}})(?![\d年.]))"
        rf"|(?P<mdrange>{nb}{md}\s*{_DASH}\s*{md2})"
        rf"|{nb}{md}"
        # 期满前两个月
        rf"|(?P<before_end>期满前|届满前|到期前)(?P<ben>{_N})\s*个?(?P<beu>年|月|日|天|工作日)"
        # 一个月以上一年以下, 四小时以上二十小时以下: one range, its upper bound
        rf"|(?P<drange>{nb}(?P<rn1>{_N})\s*(?P<ru1>{units})\s*以上\s*(?P<rn2>{_N})\s*(?P<ru2>{units})\s*以下)"
        # 连续三年, 5年内, 3~5年内, 五年时间, 一年来, 为期7天, 1年后, 六十日前, 五十年以上.
        # The words before a count are looked for behind it, so that they are tried only where
        # a count stands (as a lead-in of their own they cost a fifth of the stage).
        rf"|(?:(?<=(?P<dpre>{dpre})\s*)|{nb})(?P<dn>{_N})(?:\s*(?:~|-|—|至|到)\s*(?P<dn2>{_N}))?\s*"
        rf"(?P<du>{units})"
        rf"(?P<dsuf>以内|之内|内|时间|来|以上|以后|之后|后)?"
        rf")"
        rf"(?P<post>以来|前|以前|之前|内|期间|起)?"
    )


# The grammar's named groups in their order: a match's groups() is read by these indices (a
# dict by name cost ~30k instructions a match); scan.in_group_order holds them to the grammar.
_GROUP_NAMES = (
    "pre", "ymr", "ry", "rm1", "rm2", "rmq", "range", "ay", "am", "ad", "aq", "by", "bm", "bd",
    "bq", "bmq", "bd2", "yrange", "ya", "yb", "this", "thq", "yend", "plan", "pn2", "pn2p", "pn3",
    "pq0", "pn", "pq1", "pq", "ypair", "yp1", "yp2", "mdrange", "mm", "md", "mq", "mm2", "md2",
    "md3", "before_end", "ben", "beu", "drange", "rn1", "ru1", "rn2", "ru2", "dpre", "dn", "dn2",
    "du", "dsuf", "post")
(PRE, YMR, RY, RM1, RM2, RMQ, RANGE, AY, AM, AD, AQ, BY, BM, BD, BQ, BMQ, BD2, YRANGE, YA, YB, THIS,
  THQ, YEND, PLAN, PN2, PN2P, PN3, PQ0, PN, PQ1, PQ, YPAIR, YP1, YP2, MDRANGE, MM, MD, MQ, MM2, MD2,
  MD3, BEFORE_END, BEN, BEU, DRANGE, RN1, RU1, RN2, RU2, DPRE, DN, DN2, DU, DSUF, POST) = range(len(_GROUP_NAMES))
# A point's year, month, day and part of year, from a match's groups: _point's arguments.
_A, _B = itemgetter(AY, AM, AD, AQ), itemgetter(BY, BM, BD, BQ)


_UNIT = {"年": ("Y", False), "个年度": ("Y", False), "个月": ("M", False), "月": ("M", False),
         "周": ("W", False), "星期": ("W", False), "个星期": ("W", False),
         "天": ("D", False), "日": ("D", False), "工作日": ("D", False), "个工作日": ("D", False),
         "小时": ("H", True), "个小时": ("H", True), "分钟": ("M", True)}


def plan_start(n: int, pufa: bool) -> int:
    """The first year of the ``n``-th five-year plan (一五 → 1953, 十四五 → 2021), or of the
    ``n``-th 普法 plan when ``pufa`` (一五普法 → 1986)."""
    if pufa:
        return 1986 + 5 * (n - 1)
    if n <= 2:
        return 1953 + 5 * (n - 1)
    return 1966 + 5 * (n - 3)   # the third plan began in 1966, after the 1963–65 adjustment


def _year(text: str, roc_doc: bool) -> int | None:
    """The year of a point: common era, or ROC era (民国九十八年 → 2009)."""
    text = text.replace(" ", "")
    if text.startswith(("中华民国", "民国")):
        n = num(text.removeprefix("中华民国").removeprefix("民国"))
        return 1911 + n if n else None
    if "十" in text or "百" in text or (text.isdigit() and len(text) < 4):
        n = num(text)
        return 1911 + n if roc_doc and n else None
    return num(text)


# Kept by its text: a document writes the same years and dates again and again, and a hit
# saves reading the numerals and writing the dates (~7k instructions a point on the samples).
@lru_cache(maxsize=1024)
def _point(year: str, month: str | None, day: str | None, part: str | None, roc_doc: bool = False):
    """(start, end) ISO dates of a point match, from its year, month, day and part of year (_A, _B)."""
    y = _year(year, roc_doc)
    if y is None:
        return None
    mo = num(month) if month else None
    d = num(day) if day else None
    q = part or ""
    if mo and not 1 <= mo <= 12:
        return None
    if mo and d:
        ymd = iso(y, mo, d)
        return (ymd, ymd) if ymd else None
    if mo:
        return iso(y, mo, 1), iso(y, mo, month_end(y, mo))
    return _year_part(y, q)


def _year_part(y: int, q: str):
    if q == "上半年":
        return iso(y, 1, 1), iso(y, 6, 30)
    if q == "下半年":
        return iso(y, 7, 1), iso(y, 12, 31)
    if "季度" in q:
        k = num(q.strip("第季度")) or 1
        return iso(y, 3 * k - 2, 1), iso(y, 3 * k, month_end(y, 3 * k))
    return iso(y, 1, 1), iso(y, 12, 31)


_HALF = {"Y": "P6M", "M": "P15D", "H": "PT30M"}   # a half in the next unit down (ISO wants whole numbers)


def _duration(n: str, unit: str) -> str | None:
    code, is_time = _UNIT[unit]
    if n == "半":
        return _HALF.get(code) if not (is_time and code == "M") else None
    k = num(n)
    if not k:
        return None
    return f"PT{k}{code}" if is_time else f"P{k}{code}"


def find(texts, start: int, end: int, ctx: Context) -> list[Time]:
    """In: the normalised ``texts`` and a stretch work[start:end]; ``ctx.meta.date`` gives yearless
    dates their year. Out: a :class:`~mzparse.records.Time` per time expression, ``path`` empty.

    A month or day without a year takes the document's own year; in a document without
    a date it is still time, with ``date`` null (CONTRACT.md §2), whatever year was
    written before it.
    """
    work, simp = texts.work, texts.simplified
    first = _begin_rx().search(work, start, end)
    if first is None:
        return []  # nine lines in ten: nothing can begin here, and nothing else need be set up
    meta = ctx.meta
    doc_date = meta.date if meta and meta.date else None
    return [Time("", simp[s:e], (s, e), "time", deadline, date, st, dur)
            for s, e, date, st, dur, deadline in _found(work, first.start(), end, doc_date, _names_roc_era(work))]


def find_all(texts, spans: list[tuple[int, int]], ctx: Context, path_at=None, same=None) -> list[Time]:
    """:func:`find` over each of ``spans`` (stretches of ``texts.work``: the body ranges), the times
    of all in order; each record's ``path`` is ``path_at(start)`` when
    given, and its text ``same(text, text)`` (one string object per distinct text) when given.

    Where an expression can begin is searched for once over the document, not once a range:
    each position found is handed to the range that holds it. That search sees past a range's
    end, so it finds every position the range's own search finds and perhaps more; the
    grammar, run from there up to the range's end, decides as in :func:`find`.
    """
    if not scan.in_order(spans):
        out = [t for a, b in spans for t in find(texts, a, b, ctx)]  # not in order: range by range
        return out if path_at is None else [with_path(t, path_at(t.span[0])) for t in out]
    if not spans:
        return []
    work, simp = texts.work, texts.simplified
    meta = ctx.meta
    doc_date = meta.date if meta and meta.date else None
    roc_doc = None
    v = _vocab()
    out: list[Time] = []
    time = maker(Time)
    a, b = spans[0][0], spans[-1][1]
    for m in _matches_in(work, spans, _begin_rx(_absent(work, a, b), grammar.holds_beyond_bmp(work, a, b))):
        if roc_doc is None:
            roc_doc = _names_roc_era(work)
        res = _evaluate(m, work, doc_date, roc_doc, v)
        if res is None:
            continue
        s, e, date, st, dur, deadline = res
        text = simp[s:e]
        out.append(time(path_at(s) if path_at else "", same(text, text) if same else text, (s, e),
                        "time", deadline, date, st, dur))
    return out


def _matches_in(work: str, spans: list[tuple[int, int]], begin: "re.Pattern[str]"):
    """:func:`_matches` over each of ``spans`` (in order, not overlapping: scan.in_order), in
    order, from one scan of the document by ``begin`` (_begin_rx, or a narrower form of it that
    still finds every position where an expression in them can begin)."""
    return scan.matches_at(_rx_at(), work, scan.in_ranges(begin.finditer(work, spans[0][0], spans[-1][1]), spans))


def _found(work: str, first: int, end: int, doc_date, roc_doc: bool):
    """(start, end, date, start date, duration, deadline) of each time expression in
    work[first:end], ``first`` no later than where the first can begin."""
    v = _vocab()
    for m in _matches(work, first, end):
        res = _evaluate(m, work, doc_date, roc_doc, v)
        if res is not None:
            yield res


_roc_last: tuple[str | None, bool] = (None, False)


def _names_roc_era(work: str) -> bool:
    # find() runs once per body line: the document is searched once, not once a line. The
    # last document is known by identity: an lru_cache keyed by the text compared a new
    # text equal to a cached one in full at every line (a 38 MB text read twice: minutes).
    global _roc_last
    if _roc_last[0] is not work:
        _roc_last = (work, "民国" in work)
    return _roc_last[1]


def _evaluate(m, work, doc_date, roc_doc, v):
    # The groups by name from one tuple (scan.group_names: regex's group(name) is slow).
    g = m.groups()   # read by the group constants above (a dict by name cost ~30k instructions a match)
    s, e = m.span()
    doc_year = int(doc_date[:4]) if doc_date else None
    pre = g[PRE]
    kind, date, st, dur = None, None, None, None
    if g[YMR] is not None:
        y, m1, m2 = num(g[RY]), num(g[RM1]), num(g[RM2])
        if not (y and m1 and m2 and 1 <= m1 <= m2 <= 12):
            return None
        st, date, kind = iso(y, m1, 1), iso(y, m2, month_end(y, m2)), "range"
    elif g[RANGE] is not None:
        a = _point(*_A(g), roc_doc)
        if g[BY] is not None:
            b = _point(*_B(g), roc_doc)
        else:
            b = _short_end(g, a)
        if not a or not b or b[1] < a[0]:
            return None
        st, date, kind = a[0], b[1], "range"
    elif g[YRANGE] is not None:
        ya, yb = int(g[YA]), int(g[YB])
        if yb < ya:
            return None
        st, date, kind = iso(ya, 1, 1), iso(yb, 12, 31), "range"
    elif g[AY] is not None:
        pt = _point(*_A(g), roc_doc)
        if not pt:
            return None
        st, date, kind = pt[0], pt[1], "point"
    elif g[THIS] is not None or g[YEND] is not None:
        # Named by the document's own year: a date only when the document has one.
        if g[YEND] is not None and _relative_year(work, m.start(YEND + 1), v):
            return None     # 当年年底前
        kind = "point"
        if doc_year:
            st, date = _year_part(doc_year, g[THQ] or "")
    elif g[YPAIR] is not None:
        y = int(g[YP1] or g[YP2])
        st, date, kind = iso(y, 1, 1), iso(y, 12, 31), "point"
    elif g[PLAN] is not None:
        n = num(g[PN] or g[PN2] or g[PN3])
        if not n or n > 20:
            return None
        if g[PN] and n < 6 and not g[PQ0]:
            return None  # 一五一十, 三五成群: only quoted early plans
        if g[PN2] and n < 6 and not g[PN2P]:
            return None  # 新征程的第一个五年: an early plan only by name (第一个五年计划)
        pufa = any(map(work[e:e + 8].__contains__, v["plan_context_pufa"]))   # (no generator: C calls)
        y0 = plan_start(n, pufa)
        st, date, kind = iso(y0, 1, 1), iso(y0 + 4, 12, 31), "plan"
    elif g[MM] is not None:
        mo = num(g[MM])
        if not mo or not 1 <= mo <= 12:
            return None
        if _relative_year(work, m.start(MM + 1), v):
            return None     # 次年1月1日: the year of an event the text does not date
        kind = "point" if g[MDRANGE] is None else "range"
        year = doc_year
        if year:
            st, date = _month_day(year, mo, g[MD], g[MQ])
            if g[MDRANGE] is not None:
                mo2 = num(g[MM2]) if g[MM2] else mo
                if g[MM2] and not g[MD2]:
                    end = (iso(year, mo2, month_end(year, mo2)) if mo2 and 1 <= mo2 <= 12 else None)
                else:
                    end = iso(year, mo2, num(g[MD2] or g[MD3]) or 0) if mo2 else None
                date = end if end and st and end >= st else None
            if not date:
                return None
    elif g[BEFORE_END] is not None:
        dur, kind = _duration(g[BEN], g[BEU]), "limit"
    elif g[DRANGE] is not None:
        dur, kind = _duration(g[RN2], g[RU2]), "term"
        if dur is None or _duration(g[RN1], g[RU1]) is None:
            return None
    elif g[DN] is not None:
        kind, s = _duration_kind(m, g, work, v)
        if kind is None:
            return None
        dur = _duration(g[DN2] or g[DN], g[DU])
        if dur is None:
            return None
    if kind is None:
        return None
    deadline = _deadline(m, g, work, s, kind, st, date, doc_date, v)
    if pre in ("截至", "截止") and kind == "point":
        deadline = False
    return s, e, date, st, dur, deadline


def _relative_year(work, pos, v) -> bool:
    return work[max(0, pos - 3):pos].endswith(v["relative_year_before"])


def _short_end(g, a):
    """The second end of a range written without its year (and month): 2019年1月1日至12月31日."""
    if not a:
        return None
    y = int(a[0][:4])
    if g[BM] is not None:
        mo = num(g[BM])
        if not mo or not 1 <= mo <= 12:
            return None
        if g[BD]:
            day = iso(y, mo, num(g[BD]) or 0)
            return (day, day) if day else None
        return iso(y, mo, 1), iso(y, mo, month_end(y, mo))
    if g[AD] is None:
        return None   # 2019年1月至31日: a day after a month is no range
    mo = int(a[0][5:7])
    day = iso(y, mo, num(g[BD2]) or 0)
    return (day, day) if day else None


def _month_day(y, mo, d, q):
    if d:
        day = iso(y, mo, num(d) or 0)
        return day, day
    return iso(y, mo, 1), iso(y, mo, month_end(y, mo))


def _duration_kind(m, g, work, v):
    """What a count in time units is here (and where its text starts), or None when it is
    no time: a limit (a deadline), a term or span (time, no deadline), or a phase of a plan."""
    dpre, dsuf, post, unit = g[DPRE], g[DSUF], g[POST], g[DU]
    s = m.start(DPRE + 1) if dpre else m.start()
    n = g[DN2] or g[DN]
    end = m.end()
    after = work[end:end + 2]
    suffix = dsuf or post
    if work[max(0, s - 3):s].endswith(v["not_duration_before"]) \
            or work.startswith(v["not_duration_after"], end + work.startswith("的", end)):
        return None, s
    if dpre in v["act_before"]:
        s = m.start(DN + 1)   # 继续发放6个月: the verb is the act, not the time
        if after.startswith("的"):
            return None, s  # 发放6个月的失业保险金: a quantity counted in months
    if dpre in ("利用", "用"):
        s = m.start(DN + 1)
    if unit == "日" and not (dsuf or dpre or post in ("前", "以前", "之前", "内")):
        return None, s  # 1228日 and day numbers are dates, not durations
    if suffix in ("前", "以前", "之前"):
        # 届满六十日前, 终止服务三十日前: counted back from an event. After a month or 于, N日前 is a
        # day of the month (每月10日前).
        prev = work[m.start(DN + 1) - 1:m.start(DN + 1)]
        if unit == "日" and dpre is None and (not prev or not _HAN.match(prev) or prev in v["day_of_month_before"]):
            return None, s
        return "limit", s
    if dsuf in ("后", "以后", "之后"):
        return "limit", s   # 1年后提出: not before a year has passed
    if dsuf in ("内", "以内", "之内") or post == "内":
        return "limit", s
    if dsuf == "以上":
        return "term", s    # 参保3年以上, 使用五十年以上: a condition of eligibility
    if dpre in v["limit_before"]:
        return "limit", s
    if dpre in v["term_before"] or dpre in v["act_before"]:
        return "term", s
    if dpre in ("连续", "过去") or dsuf in ("时间", "来"):
        return "span", s
    if dpre is None and not suffix and _PERIOD_AFTER.match(work, end):
        return "term", s    # 给予6个月的渐退期: the length of a period
    if unit == "年" and not n.isdigit() and dpre is None and not after.startswith(v["phase_not_after"]) \
            and len(_PHASE.findall(work, max(0, s - 10), end + 10)) >= 2:
        return "phase", s   # 一年试点、两年推广: phases of a plan, named in a series
    return None, s


def _in_title(work, s) -> bool:
    """Whether position s lies inside a cited title 《…》."""
    lo = max(0, s - 80)
    return work.rfind("《", lo, s) > work.rfind("》", lo, s)


def _deadline(m, g, work, s, kind, st, date, doc_date, v) -> bool:
    e = m.end()
    pre, post = g[PRE], g[POST] or ""
    before = work[max(0, s - 6):s]
    after = work[e:e + 8]
    if _in_title(work, s):
        return False        # 《…二〇三五年远景目标…》 names a document, sets nothing
    if pre in ("自", "从"):
        return False
    if kind == "range":
        return _range_deadline(m, g, work, s, st, date, doc_date, v)
    if kind == "plan":
        # 到“十四五”末: the end of a plan period as a target
        return bool(g[PQ] == "末" and (pre == "到" or before.endswith(v["deadline_before"])))
    if kind == "term":
        return False
    if kind == "limit":
        # 三个年度内不得重新申请: a ban for a while, not a time to act by.
        return not after.startswith(v["ban_after"])
    if kind == "span":
        return g[DPRE] in ("利用", "用") or (g[DSUF] == "时间")
    if kind == "phase":
        return True
    if post in ("以来", "期间", "起"):
        return False
    if _long_past(date, doc_date):
        return False
    if _projection(work, e, v):
        return False
    if pre == "到" or post in ("前", "以前", "之前", "内"):
        return True
    q = (g[AQ] or "") if g[AY] else ""
    if before.endswith(v["not_deadline_before"]):
        return False
    if after.startswith(v["not_deadline_after"]):
        return False
    if before.endswith(v["deadline_before"]):
        return True
    if after.startswith((",", "。", ";", "、")):
        return False
    if after.startswith(v["deadline_after"]):
        return True
    if q in ("底", "末", "年底", "年末"):
        return True
    # A year after the document's own date names a target.
    if doc_date and date and date[:4] > doc_date[:4]:
        return True
    return False


def _long_past(date, doc_date) -> bool:
    """Whether a time was over before the year preceding the document's: it bounds no task in it
    (1954年10月31日之前入伍的). The year before is spared, as documents often appear months
    after they were drafted."""
    return bool(date and doc_date) and int(date[:4]) < int(doc_date[:4]) - 1


def _projection(work, e, v) -> bool:
    """Whether the rest of the sentence projects rather than sets a target (将有可能达到)."""
    rest = work[e:e + 24]
    for stop in "。;\n":   # the working text is half-width: ； is ;
        rest = rest.split(stop, 1)[0]
    return any(map(rest.__contains__, v["projection_after"]))


@lru_cache(maxsize=1)
def _phase_after_rx():
    return grammar.compile(_vocab()["range_phase_after"])


def _range_deadline(m, g, work, s, st, date, doc_date, v) -> bool:
    """A range is a deadline when it dates a work phase still to come: 1997年4月至6月为自查阶段,
    时限是…; a plan period or a term of validity is not."""
    if _long_past(date, doc_date):
        return False
    before = work[max(0, s - 8):s]
    rest = work[m.end():m.end() + 16].split("。", 1)[0]
    if before.endswith(v["range_deadline_before"]):
        return True
    if _phase_after_rx().match(rest):
        return True
    # A step of a schedule: the range opens its line, the sentence says what is done in it, and
    # it begins no earlier than the document's month (2020年1-6月,全省共发放… looks back).
    line_start = work.rfind("\n", 0, s) + 1
    return bool(doc_date and st) and st[:7] >= doc_date[:7] and not work[line_start:s].strip() \
        and rest[:1] in (",", ":")
