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
