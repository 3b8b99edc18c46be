"""Every number in the output is finite: figures too large for a float are no entity (F003)."""
import json
import math

import pytest

import mzparse
from mzparse.lang.numerals import cn_to_int, to_number


def test_numerals_beyond_float_and_int_limits():
    assert to_number("9" * 400) == math.inf            # float() overflows to inf
    assert to_number("九" * 310) == math.inf           # was OverflowError (int → float)
    assert to_number("九" * 5000) == math.inf          # was ValueError (int-string limit)
    assert to_number("二〇一二") == 2012.0 and to_number("一千二百万") == 12_000_000.0
    assert cn_to_int("2" * 5000) is None and cn_to_int("二" * 5000) is None
    assert cn_to_int("²") is None                      # isdigit(), but no int


@pytest.mark.parametrize("figure", ["每人{n}元", "{n}万亿元", "百分之{cn}", "{n}%", "5至{n}万元", "百分之{cn}点五"])
def test_figure_too_large_is_a_warning_not_an_entity(figure):
    big = figure.format(n="9" * 400, cn="九" * 320)
    doc = mzparse.extract(f"一、标准\n补助{big},另补助300元。\n", name="x.txt")
    assert [(e.type, e.text) for e in doc.entities] == [("money", "300元")]
    f003 = [w for w in doc.warnings if w.code == "F003"]
    assert len(f003) == 1 and ("9" * 20 in f003[0].text or "九" * 20 in f003[0].text)
    json.loads(doc.to_json(), parse_constant=lambda c: pytest.fail(f"{c} in the output"))


def test_large_but_finite_figure_stays_an_entity():
    doc = mzparse.extract("一、标准\n补助" + "9" * 250 + "元。\n", name="x.txt")
    (money,) = [e for e in doc.entities if e.type == "money"]
    assert math.isfinite(money.yuan) and money.yuan > 1e249
    assert not [w for w in doc.warnings if w.code == "F003"]


def test_fuzz_finding_a_stretched_run_of_digits_before_percent():
    # Found by make fuzz on the code before this check: a digit of a page grown into a
    # run of ~15,000 before %, which was written as a percentage of value null.
    doc = mzparse.extract(("一、目标\n比例达到" + "2" * 15_000 + "%。\n").encode(), name="fuzz.txt")
    assert not [e for e in doc.entities if e.type == "percentage"]
    assert [w.code for w in doc.warnings if w.code == "F003"] == ["F003"]
