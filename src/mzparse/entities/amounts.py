"""Stage 4c: percentages and amounts of money (CONTRACT.md §2)."""
from __future__ import annotations

from math import isfinite
from functools import lru_cache

from ..lang import grammar, scan
from ..lang.numerals import to_number
from ..records import Context, Money, Percentage, maker, with_path

_CN = "零〇○一二两三四五六七八九十百千万亿"
NUMERAL_CHARS = "0123456789,." + _CN  # what the number of a figure is written with
NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)"


# The comparator words the money grammar writes itself (besides approx_before).
_MONEY_CMP = ("不低于", "不少于", "不超过", "不高于", "高于", "低于", "超过")


def _alt(words):
    return grammar.alternation(list(words))


@lru_cache(maxsize=1)
def _money_rx():
    v = grammar.load("entities/amounts")["money"]
    mult = _alt(v["multipliers"])
    cur = _alt(v["currencies"])
    def amount(i):
        return rf"(?P<n{i}>{NUM})(?P<ax{i}>多|余)?(?P<m{i}>{mult})?(?P<ay{i}>多|余)?"

    first, second = amount(1), amount(2)
    return scan.in_group_order(grammar.compile(
        rf"(?P<per1>{'|'.join(v['per_before'])})?"
        rf"(?P<cp>{_alt(v['currency_prefixes'])})?"
        rf"(?P<pre>{_alt(v['approx_before'])}|{'|'.join(_MONEY_CMP)})?"
        rf"(?<![\d.{_CN}]){first}"
        rf"(?:(?P<c1>{cur})?(?P<cmp1>以上)?\s*(?:~|-|—|–|至|到|(?<=以上))\s*{second})?"
        rf"(?P<cur>{cur})"
        rf"(?P<post>以上|以下|左右|上下|以内)?"
        rf"(?P<per2>{'|'.join(v['per_after'])})?"
    ), _MONEY_GROUPS, "amounts"), v


@lru_cache(maxsize=1)
def _pct_rx():
    v = grammar.load("entities/amounts")["percentage"]
    pre = _alt(v["greater"] + v["less"] + v["about"])
    post = _alt(v["greater"] + v["less"] + v["about"])
    return scan.in_group_order(grammar.compile(
        rf"(?P<pre>{pre})?"
        # 10%以上50%以下, 百分之十以上百分之五十以下: one range (the 以上 joins the two ends)
        rf"(?:(?<![\d.])(?P<v>\d+(?:\.\d+)?)\s*(?P<p1>%)?"
        rf"(?:\s*(?:~|-|—|–|至|到|(?P<j1>(?<=%)以上))\s*(?P<v2>\d+(?:\.\d+)?)\s*%)?"
        rf"|百分之(?P<cn>[{_CN}]+(?:点[{_CN}]+)?)(?:(?:~|至|到|(?P<j2>以上))百分之(?P<cn2>[{_CN}]+(?:点[{_CN}]+)?))?)"
        rf"(?P<post>{post})?"
    ), _PCT_GROUPS, "amounts"), v


# Each grammar's named groups in their order: the parsers unpack a match's groups() in it.
_MONEY_GROUPS = ("per1", "cp", "pre", "n1", "ax1", "m1", "ay1", "c1", "cmp1", "n2", "ax2", "m2", "ay2", "cur",
                 "post", "per2")
_PCT_GROUPS = ("pre", "v", "p1", "j1", "v2", "cn", "j2", "cn2", "post")


def _num(s: str | None) -> float | None:
    if s is None:
        return None
    if "点" in s:
        a, _, b = s.partition("点")
        ia = to_number(a)
        if ia is None or not b or not isfinite(ia):
            return ia
        digits = "".join(str(int(to_number(c) or 0)) for c in b)
        return float(f"{int(ia)}.{digits}")
    return to_number(s)


def _cmp(word: str | None, v: dict) -> str | None:
    if not word:
        return None
    if word in v["greater"]:
        return ">="
    if word in v["less"]:
        return "<="
    return "~"


# Every percentage holds % or 百分之 and every amount ends in a currency word, so a
# stretch without one is skipped before the grammars (which match every number on
# the way) run over it: most lines of a document have neither.
_PCT_NEEDLES = ("%", "百分之")


def parse_percentages(work: str, start: int, end: int, needle=None):
    """Percentages in work[start:end] → (start, end, value, max, comparator) for each
    (30%, 百分之五十, 10%—20%, 不低于90%). ``needle``: a search for % and 百分之 (by default
    a pattern's; :func:`find_all` hands one kept over the document, ``scan.Words(ahead=True)``)."""
    if needle is None:
        needle = _needle_rxs()[1].search
    if (first := needle(work, start, end)) is None:
        return
    first = first.start()   # (handed on: the search's answer changes at its next call)
    rx, v = _pct_rx()
    ix = scan.group_names(rx)[1]
    # finditer's matches that hold a needle: those that hold none give nothing (below)
    for m in scan.anchored(rx, _outside()[0], needle, work, start, end, _begins()[0], first):
        pre, fig, p1, j1, fig2, cn, j2, cn2, post = m.groups()   # as _PCT_GROUPS (no dict a match)
        if cn:
            val, mx = _num(cn), _num(cn2)
        elif fig and (p1 or fig2):
            val, mx = float(fig), (float(fig2) if fig2 else None)
        else:
            continue
        if val is None:
            continue
        s, e = m.span()
        # A comparator word belongs to the entity only when it touches the figure.
        if pre:
            cmp_ = _cmp(pre, v)
        else:
            cmp_ = _cmp(post, v)
        if post and post in ("达到", "达", "控制在", "至少", "超过"):
            e = m.end(ix["post"]) - len(post)  # a verb after the figure belongs to the next phrase
            cmp_ = _cmp(pre, v) if pre else None
        if pre in ("达到", "达", "控制在"):
            s += len(pre)
            cmp_ = None if pre != "控制在" else "<="
        if j1 or j2:
            cmp_ = None   # 以上…以下 bound a range, no comparison
        yield s, e, val, mx, cmp_


@lru_cache(maxsize=1)
def _currency_ends() -> tuple[str, ...]:
    return tuple(sorted({w[-1] for w in grammar.load("entities/amounts")["money"]["currencies"]}))


@lru_cache(maxsize=1)
def _figure_needles() -> tuple[str, ...]:
    return _PCT_NEEDLES + _currency_ends()


@lru_cache(maxsize=1)
def _needle_rxs() -> tuple:
    """The searches for (any figure, a percentage, an amount of money), kept here: each is made
    once, not looked up by its needles at each of the three tests of every line."""
    return tuple(map(grammar.needles_rx, (_figure_needles(), _PCT_NEEDLES, _currency_ends())))


@lru_cache(maxsize=1)
def _outside() -> tuple:
    """For each grammar (percentages, money), the reverse search for a character none of its
    matches holds (scan.outside_rx): where the run of characters before a needle begins."""
    return scan.outside_rx(_pct_rx()[0].pattern), scan.outside_rx(_money_rx()[0].pattern)


@lru_cache(maxsize=1)
def _begins() -> tuple:
    """For each grammar (percentages, money), the Han characters a match can begin with
    (scan.anchored's ``begins``): its lead words' first characters, 百 of 百分之 and the Chinese
    numerals of a money figure; None where a lead is written as a pattern not led by a Han
    character (no such pruning then)."""
    from re import _parser

    pv = grammar.load("entities/amounts")["percentage"]
    mv = grammar.load("entities/amounts")["money"]
    pct = {w[0] for w in pv["greater"] + pv["less"] + pv["about"]} | {"百"}
    # per_before's entries are patterns: each must open with a literal (每 of 每人每月)
    firsts = [_parser.parse(p)[0] for p in mv["per_before"]]
    if not all(op == _parser.LITERAL for op, _ in firsts):
        return frozenset(pct), None
    money = {chr(c) for _, c in firsts} | set(_CN)
    money |= {w[0] for w in [*mv["currency_prefixes"], *mv["approx_before"], *_MONEY_CMP]}
    return frozenset(pct), frozenset(money)


def parse_money(work: str, start: int, end: int, needle=None):
    """Amounts of money in work[start:end] → (start, end, yuan, max_yuan, currency, approx, per,
    comparator) for each (5万元, 5至10万元, 每人每月300元左右). ``needle``: a search for the
    currency words' last characters (as in :func:`parse_percentages`)."""
    if needle is None:
        needle = _needle_rxs()[2].search
    if (first := needle(work, start, end)) is None:
        return
    first = first.start()
    rx, v = _money_rx()
    ix = scan.group_names(rx)[1]
    mults = v["multipliers"]
    for m in scan.anchored(rx, _outside()[1], needle, work, start, end, _begins()[1], first):
        per1, cp, pre, fig1, ax1, m1, ay1, c1, cmp1, fig2, _, m2, _, cur_word, post, per2 = m.groups()  # _MONEY_GROUPS
        n1 = _num(fig1)
        if n1 is None:
            continue
        if len(fig1) == 1 and not fig1.isdigit() and not m1:
            continue  # 一元化, 二元结构: words, not amounts
        n2 = _num(fig2) if fig2 else None
        # 5至10万元: the second number's multiplier applies to the first too.
        f1 = mults.get(m1, 1.0) if m1 else (mults.get(m2, 1.0) if (m2 and n2 is not None and not c1) else 1.0)
        f2 = mults.get(m2, 1.0) if m2 else 1.0
        yuan = _round4(n1 * f1)
        max_yuan = _round4(n2 * f2) if n2 is not None else None
        currency = v["currencies"].get(cur_word, "CNY")
        if cp:
            currency = v["currency_prefixes"][cp]
        approx = bool(ax1 or ay1 or pre in v["approx_before"]
                      or post in ("左右", "上下"))
        cmp_ = None
        if pre in ("不低于", "不少于", "高于", "超过") or post == "以上" or cmp1:
            cmp_ = ">="
        elif pre in ("不超过", "不高于", "低于") or post in ("以下", "以内"):
            cmp_ = "<="
        if cmp1 and max_yuan is not None:
            cmp_ = None  # 五万元以上十万元以下 is a range
        if max_yuan is not None and post == "以下":
            cmp_ = None
        per = per1 or per2
        s = m.start(ix["cp"]) if cp else (m.start(ix["pre"]) if pre else m.start(ix["n1"]))
        yield s, m.end(), yuan, max_yuan, currency, approx, per, cmp_


def _round4(x: float) -> float:
    """``round(x, 4)``: a whole number is its own (round() writes and reads back its digits)."""
    return x if x.is_integer() else round(x, 4)


def _finite(x: float | None, mx: float | None) -> bool:
    return (x is None or isfinite(x)) and (mx is None or isfinite(mx))


def not_finite(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the figures ``find`` leaves out because their value is not a finite
    number (hundreds of digits: no float holds it, and JSON has no infinity)."""
    spans = [(s, e) for s, e, val, mx, _ in parse_percentages(work, start, end) if not _finite(val, mx)]
    spans += [(s, e) for s, e, yuan, mx, *_ in parse_money(work, start, end) if not _finite(yuan, mx)]
    return sorted(spans)


def find(texts, start: int, end: int, ctx: Context) -> list[Percentage | Money]:
    """Stage 4c. In: the normalised ``texts`` and a stretch work[start:end] (``ctx`` is not read:
    amounts need nothing of the document). Out: a :class:`~mzparse.records.Percentage` or
    :class:`~mzparse.records.Money` per figure with a finite value, percentages first, ``path`` empty."""
    work, simp = texts.work, texts.simplified
    if _needle_rxs()[0].search(work, start, end) is None:
        return []  # most lines: neither grammar's needles, found by one search
    out: list[Percentage | Money] = []
    _add(out, work, simp, start, end, None, None)
    return out


def find_all(texts, spans: list[tuple[int, int]], ctx: Context, path_at=None, same=None) -> list[Percentage | Money]:
    """:func:`find` over each of ``spans`` (stretches of ``texts.work``: the body ranges), the
    figures of all in order; each record's ``path`` is ``path_at(start)`` when
    given, and its text ``same(text, text)`` (one string object per distinct text) when given.

    The needles every figure holds are searched for once over the document
    (:func:`scan.visited`), not once a range; the grammars then run over each range that
    holds one as in :func:`find`.
    """
    if not scan.in_order(spans):
        out = [f for a, b in spans for f in find(texts, a, b, ctx)]  # not in order: range by range
        return out if path_at is None else [with_path(f, path_at(f.span[0])) for f in out]
    work, simp = texts.work, texts.simplified
    out: list[Percentage | Money] = []
    # Each grammar's needles looked for once over the document, not once a range (the ranges
    # are visited in order, and each parser's searches go forward in each). The ranges to visit
    # are found by the same two searches: one of all the figure needles read the text once more.
    needles = pct, money = scan.Words(_PCT_NEEDLES, ahead=True), scan.Words(_currency_ends(), ahead=True)

    def figure(work: str, pos: int, end: int):
        """Where the first figure needle is: the earlier of the two searches' finds."""
        p, m = pct(work, pos, end), money(work, pos, end)
        return m if p is None or (m is not None and m.start() < p.start()) else p

    for a, b, _ in scan.visited(figure, work, spans):
        _add(out, work, simp, a, b, path_at, same, needles)
    return out


def _add(out: list, work: str, simp, start: int, end: int, path_at, same, needles=(None, None)) -> None:
    """Append the records of the figures in work[start:end] to ``out``, percentages first
    (``needles``: the searches each parser is handed)."""
    percentage, money = maker(Percentage), maker(Money)
    for s, e, val, mx, cmp_ in parse_percentages(work, start, end, needles[0]):
        if not _finite(val, mx):
            continue  # not a number: rule F003 reports it
        text = simp[s:e]
        out.append(percentage(path_at(s) if path_at else "", same(text, text) if same else text, (s, e),
                              "percentage", val, mx, cmp_))
    for s, e, yuan, mx, cur, approx, per, cmp_ in parse_money(work, start, end, needles[1]):
        if not _finite(yuan, mx):
            continue
        text = simp[s:e]
        out.append(money(path_at(s) if path_at else "", same(text, text) if same else text, (s, e),
                         "money", yuan, mx, cur, approx, per, cmp_))
