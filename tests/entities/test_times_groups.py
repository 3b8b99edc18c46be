"""times reads a match's groups by index (times._GROUP_NAMES and its constants), not by name."""
from mzparse.entities import times
from mzparse.lang import scan


def test_group_constants_follow_the_grammar():
    for rx in (times._rx(), times._rx_at()):
        names, index = scan.group_names(rx)
        assert names == times._GROUP_NAMES
        assert all(getattr(times, name.upper()) == index[name] - 1 for name in names)


def test_a_match_read_by_index():
    m = times._rx().match("2019年1月1日至12月31日")
    g = m.groups()
    assert g[times.RANGE] == "2019年1月1日至12月31日"
    assert (g[times.AY], g[times.AM], g[times.BM], g[times.BD]) == ("2019", "1", "12", "31")
