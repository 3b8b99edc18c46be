"""Chinese and Arabic numerals → numbers (一百二十 → 120, 二〇一二 → 2012, 貳拾 → 20)."""
from __future__ import annotations

import math

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
          "三": 3, "叁": 3, "參": 3, "参": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
          "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG)
_CN_SET = frozenset(CN_CHARS)   # none is a digit, a blank or a letter float() reads
_UNIT_CHARS = "".join(UNITS) + "".join(BIG)
# Whether a string is all digit characters, and its figures, tested and read in C (a generator
# over the characters cost a frame a character).
_DIGIT_SET = frozenset(DIGITS)
_AS_FIGURES = str.maketrans({c: str(d) for c, d in DIGITS.items()})
CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
CIRCLED.update({chr(0x3251 + i): 21 + i for i in range(15)})
CIRCLED.update({chr(0x32B1 + i): 36 + i for i in range(15)})


def cn_to_int(s: str) -> int | None:
    """Parse a Chinese numeral; digit-by-digit strings (二〇一二) read positionally."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return _int(s)
    if _DIGIT_SET.issuperset(s):
        if len(s) == 1:
            return DIGITS[s]
        return _int(s.translate(_AS_FIGURES))
    total, section, digit = 0, 0, None
    last_unit = 0   # the unit just before the current digit (0 after 零 or at the start)
    for ch in s:
        if ch in DIGITS:
            if digit is not None or DIGITS[ch] == 0:
                last_unit = 0   # 一百零一: a digit after 零 counts ones
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit, last_unit = None, UNITS[ch]
        elif ch in BIG:
            section += digit or 0
            total += (section or 1) * BIG[ch]
            section, digit, last_unit = 0, None, BIG[ch]
        else:
            return None
    # A trailing digit right after a unit counts in the next unit down, as the spoken short
    # forms have it: 一百一 = 110, 两万五 = 25000, 三千二 = 3200 (十一 stays 11).
    if digit and last_unit >= 100:
        digit *= last_unit // 10
    return total + section + (digit or 0)


def _int(digits: str) -> int | None:
    # int() refuses strings of more digits than sys.get_int_max_str_digits() (4,300) and
    # digits it cannot read (², a superscript, is isdigit()): no year, day, ordinal or
    # duration has them, so such a string is not a number here.
    try:
        return int(digits)
    except ValueError:
        return None


def to_number(s: str) -> float | None:
    """Arabic (with , separators), Chinese or mixed numeral → float; math.inf when it is too
    large for one (hundreds of digits), which callers must refuse as no number.

    Mixed forms put Chinese units after Arabic figures (1.5万, 3千万); 余/多 after a
    number (十万余, 2000多) leave its value as written.
    """
    s = s.replace(",", "").strip().rstrip("余多")
    if not s or (s[0] not in _CN_SET and s[-1] not in _CN_SET):   # float() refuses a Chinese numeral
        try:                                                      # (by an exception: ~20 times the test)
            return float(s)  # any length: 400 digits give inf
        except ValueError:
            pass
    if s and _DIGIT_SET.issuperset(s):  # positional (二〇一二), read as float: no digit limit
        return float(s.translate(_AS_FIGURES))
    head = s.rstrip(_UNIT_CHARS)
    # (float() refuses a head ending in a Chinese numeral, 五 of 五百: by an exception, the
    # cost of ~30 such tests, so it is not asked)
    if head and head != s and head[-1] not in _CN_SET:
        try:
            base = float(head)
        except ValueError:
            pass
        else:
            mult = cn_to_int("一" + s[len(head):])   # 万 → 一万, 千万 → 一千万
            return None if mult is None else base * mult
    n = cn_to_int(s)
    if n is None:
        return None
    try:
        return float(n)
    except OverflowError:
        return math.inf


def ordinal(s: str) -> int | None:
    """The ordinal of a marker numeral: Arabic, Chinese, financial or circled."""
    if not s:
        return None
    if s in CIRCLED:
        return CIRCLED[s]
    return cn_to_int(s)
