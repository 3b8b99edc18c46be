"""amounts' parsers unpack a match's groups in the order _MONEY_GROUPS / _PCT_GROUPS name them."""
from mzparse.entities import amounts
from mzparse.lang import scan


def test_group_order_follows_the_grammars():
    assert scan.group_names(amounts._money_rx()[0])[0] == amounts._MONEY_GROUPS
    assert scan.group_names(amounts._pct_rx()[0])[0] == amounts._PCT_GROUPS


def test_every_group_read():
    work = "人民币约5至10万元以上每人,不低于10%以上20%以下,百分之五十左右"
    money = list(amounts.parse_money(work, 0, len(work)))
    assert [(s, e, y, mx, cur, approx) for s, e, y, mx, cur, approx, *_ in money] == \
        [(0, 12, 50000.0, 100000.0, "CNY", True)]
    pct = list(amounts.parse_percentages(work, 0, len(work)))
    assert [(val, mx) for _, _, val, mx, _ in pct] == [(10.0, 20.0), (50.0, None)]


def test_round4_as_round():
    import math

    for x in [0.0, -0.0, 1.0, 5e4, 2.0**53 + 2, 1e300, math.inf, -math.inf, 0.5, 1.23456789, 19.94e8, 123456.78905,
              0.00005, 2.675, 1e-320]:
        assert amounts._round4(x) == round(x, 4) and math.copysign(1, amounts._round4(x)) == math.copysign(1, round(x, 4))
    assert math.isnan(amounts._round4(math.nan))
