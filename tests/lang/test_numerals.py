"""Numerals as documents write them: full, abbreviated as spoken, and mixed with Arabic figures."""
import pytest

from mzparse.lang.numerals import cn_to_int, to_number


@pytest.mark.parametrize("text,value", [
    ("一百二十", 120), ("二〇一二", 2012), ("十一", 11), ("一百零一", 101), ("一千零二十", 1020),
    # a trailing digit right after a unit counts in the next unit down
    ("一百一", 110), ("两万五", 25000), ("三千二", 3200), ("三万二千五", 32500), ("一亿五", 150_000_000),
    ("一万零五", 10005), ("贰拾", 20),
])
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text,value", [
    ("1.5万", 15000.0), ("3千万", 30_000_000.0), ("1.2亿", 120_000_000.0), ("十万余", 100000.0),
    ("2000多", 2000.0), ("1,200", 1200.0), ("两万五", 25000.0),
])
def test_mixed_and_approximate_forms(text, value):
    assert to_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1.5x", ""])
def test_not_numbers(text):
    assert to_number(text) is None


def test_to_number_skips_float_only_where_float_refuses():
    # to_number does not try float() on a text that begins or ends with a Chinese numeral
    # character: float() refuses every such text, so the value is what the parse after it gives.
    from mzparse.lang import numerals

    for ch in numerals.CN_CHARS:
        for text in (ch, "1" + ch, ch + "1", "1.5" + ch, ch + " ", " " + ch + "5"):
            with pytest.raises(ValueError):
                float(text.replace(",", "").strip().rstrip("余多"))
    assert numerals.to_number("1.5万") == 15000.0 and numerals.to_number("五千") == 5000.0
    assert numerals.to_number("1,200") == 1200.0 and numerals.to_number("2000多") == 2000.0


def test_num_fast_path_same_as_cn_to_int():
    # dates.num reads plain ASCII digits by int(): what cn_to_int gives them
    from mzparse.lang.dates import num
    from mzparse.lang.numerals import cn_to_int

    for s in ["0", "07", "2019", "12", "1" * 18, "1" * 19, "9" * 5000, "１２", "1 2", " 3", "二〇一二", "十一",
              "²", "", "3\u3000"]:
        assert num(s) == cn_to_int(s.replace(" ", "")), s


def test_positional_digits_read_as_by_each_character():
    # cn_to_int and to_number read a run of digit characters (二〇一二) through a translation
    # table: what each character's digit, one by one, gives
    from mzparse.lang.numerals import DIGITS, cn_to_int, to_number

    chars = list(DIGITS)
    for n in range(1, 5):
        for k in range(0, len(chars) ** n, 7):
            s = "".join(chars[(k // len(chars) ** i) % len(chars)] for i in range(n))
            figures = "".join(str(DIGITS[c]) for c in s)
            assert cn_to_int(s) == (DIGITS[s] if n == 1 else int(figures)), s
            assert to_number(s) == float(figures), s
    assert cn_to_int("二〇一二年") is None and cn_to_int("") is None


def test_a_unit_after_a_chinese_numeral_read_without_float():
    # to_number asks float() for the head before the units only where it can read it: 五百 and
    # 三千万 by cn_to_int, 1.5万 and ５千 by float()
    from mzparse.lang.numerals import to_number

    assert to_number("五百") == 500.0 and to_number("三千万") == 30_000_000.0
    assert to_number("1.5万") == 15_000.0 and to_number("５千") == 5_000.0 and to_number("2千万") == 20_000_000.0
    assert to_number("一点五万") is None and to_number("万") == 10_000.0
