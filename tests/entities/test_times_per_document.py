"""What the time grammar reads once per document is not re-read, or compared, at every line."""
from mzparse.entities import times


class CountingStr(str):
    """A text that counts how often it is compared for equality."""
    compared = 0

    def __eq__(self, other):
        CountingStr.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_an_equal_text_read_again_is_not_compared_at_every_line():
    # The same document extracted twice gives two equal texts: a cache keyed by the text
    # compared the second with the first in full for each of its lines (quadratic).
    first = CountingStr("民国三十年一月\n" * 50)
    second = CountingStr("民国三十年一月\n" * 50)
    assert times._names_roc_era(first) is True
    CountingStr.compared = 0
    for _ in range(50):  # one call per body line
        assert times._names_roc_era(second) is True
    assert CountingStr.compared <= 1
    assert times._names_roc_era("二〇二〇年一月") is False
