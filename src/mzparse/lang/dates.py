"""Calendar helpers shared by the header reader and the time extractor."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from . import grammar
from .numerals import cn_to_int

CN_DIGIT = "〇零一二三四五六七八九十两○Ｏ"
# A year written in full: 2012, 二〇一二, 二零一二.
YEAR = rf"(?:(?:19|20)\d{{2}}|[一二][〇零○Ｏ九][{CN_DIGIT}]{{2}})"
MONTH = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = rf"(?:3[01]|[12]\d|0?[1-9]|三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"

# 发文字号: 机关代字〔年份〕序号号, tolerant of a lost closing bracket or a lost 号 (reported by check).
_ORG, _Y4 = r"(?P<org>\p{Han}{1,10}?)\s*", r"(?P<year>(?:19|20)\d{2})"
_OB, _CB = r"[〔\[【(]", r"[〕\]】)]"
_SEQ = r"\s*(?P<seq>\d{1,5})(?P<hao>\s*号)?(?!\d)"
# Blanks after the year are taken possessively (\s*+): with the bracket optional, a greedy
# \s* handed a long run of blanks to _SEQ's one blank at a time, quadratic in the run.
DOCNO = grammar.compile(rf"{_ORG}{_OB}{_Y4}\s*+{_CB}?{_SEQ}")

# The same, found with either bracket lost (鲁政发2013〕23号); check reports what is missing.
DOCNO_LOOSE = grammar.compile(rf"{_ORG}(?:(?P<ob>{_OB})\s*{_Y4}\s*+(?P<cb>{_CB})?|{_Y4}\s*(?P<cb>{_CB})){_SEQ}")

FULL_DATE = grammar.compile(
    rf"(?P<y>{YEAR})\s*年\s*(?P<m>{MONTH})\s*月\s*(?P<d>{DAY})\s*日"
    rf"|(?P<y2>(?:19|20)\d{{2}})\s*年\s*(?P<md>\d{{3,4}})\s*日"          # 2016年1228日: 月 lost
    rf"|(?<!\d)(?P<y3>(?:19|20)\d{{2}})(?P<m3>0[1-9]|1[0-2])(?P<d3>0[1-9]|[12]\d|3[01])(?!\d)"
    rf"|(?<!\d)(?P<y4>(?:19|20)\d{{2}})[-./](?P<m4>0?[1-9]|1[0-2])[-./](?P<d4>0?[1-9]|[12]\d|3[01])(?!\d)")

# A line that is nothing but a date (a signature date): 2009年7月20日, 二〇一二年十月十日, 20161228.
DATE_LINE = grammar.compile(rf"^[(]?(?:{FULL_DATE.pattern})[)]?$")


# The same few years, months, days and counts are read again and again: a hit costs a
# fraction of a call that reads them (of cn_to_int's loop over the characters, most of all).
@lru_cache(maxsize=1024)
def num(s: str) -> int | None:
    """A Chinese or Arabic numeral (blanks ignored) → its integer, None when it is none."""
    if s.isdigit() and s.isascii() and len(s) < 19:
        return int(s)   # most years, months and days: what cn_to_int would give, without its steps
    return cn_to_int(s.replace(" ", ""))


# A document names a few dates over and over (its year's first and last days, a plan's five
# years): isoformat() writes through PyUnicode_FromFormat, ~5k instructions a call; a hit here
# costs a tenth of that.
@lru_cache(maxsize=1024)
def iso(y: int, m: int, d: int) -> str | None:
    """A year, month and day → YYYY-MM-DD, None when no such day exists (2月30日)."""
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_end(y: int, m: int) -> int:
    """The last day of month ``m`` of year ``y`` (28–31): ``calendar.monthrange(y, m)[1]``
    without the weekday it also works out (a quarter of the cost)."""
    if not 1 <= m <= 12:
        import calendar   # only to refuse as monthrange refuses (the module is ~0.5 ms of a cold run)

        raise calendar.IllegalMonthError(m)
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):   # calendar.isleap
        return 29
    return _MONTH_DAYS[m]


def parse_full_date(m: "regex.Match[str]") -> str | None:
    """The ISO date of a FULL_DATE match (a run-together form read the likely way; check reports it)."""
    if m.group("y"):
        y, mo, d = num(m.group("y")), num(m.group("m")), num(m.group("d"))
        return iso(y, mo, d) if y and mo and d else None
    if m.group("y2"):
        md = m.group("md")
        return iso(int(m.group("y2")), int(md[:-2]), int(md[-2:]))
    if m.group("y3"):
        return iso(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    return iso(int(m.group("y4")), int(m.group("m4")), int(m.group("d4")))


# A Republic-of-China date (民国 year + 1911), written in Taiwan law histories:
# 中华民国一百零九年五月二十七日 (the working text is simplified).
_ROC = rf"(?:中华)?民国\s*(?P<ry>[一二三四五六七八九十百零〇○]{{1,6}}|\d{{1,3}})\s*年\s*(?P<rm>{MONTH})\s*月\s*(?P<rd>{DAY})\s*日"
# The dates of a law's history: calendar or ROC.
HISTORY_DATE = grammar.compile(rf"{FULL_DATE.pattern}|{_ROC}")

# A signing date whose 月/日 and a digit were lost (2020227): only ever read on a line of its own.
_DAMAGED = grammar.compile(r"^[(]?(?P<y>(?:19|20)\d{2})(?P<md>\d{3})[)]?$")


def parse_history_date(m: "regex.Match[str]") -> str | None:
    """The ISO date of a HISTORY_DATE match: a calendar date, or a 民国 date (year + 1911)."""
    if m.group("ry"):
        y, mo, d = num(m.group("ry")), num(m.group("rm")), num(m.group("rd"))
        return iso(y + 1911, mo, d) if y and mo and d else None
    return parse_full_date(m)


def damaged_date(line: str) -> str | None:
    """The date of a line that is only 7 digits, yyyy + m + dd or yyyy + mm + d (a one-digit month first)."""
    m = _DAMAGED.match(line)
    if not m:
        return None
    y, md = int(m.group("y")), m.group("md")
    return iso(y, int(md[0]), int(md[1:])) or iso(y, int(md[:2]), int(md[2]))
