"""readers.text.common_han: the standards' level-1 characters, decoded a row at a time."""
from mzparse.readers import text


def _char(codec, pair):
    try:
        return pair.decode(codec)
    except UnicodeDecodeError:
        return None


def _pairwise(codec, leads, trails):
    """The reference: every code decoded on its own."""
    return frozenset(c for lead in leads for trail in trails if (c := _char(codec, bytes((lead, trail)))) is not None)


def test_common_han_as_decoded_pair_by_pair():
    simplified, traditional = text.common_han()
    assert simplified == _pairwise("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5 = _pairwise("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    assert traditional == big5 - _pairwise("big5", range(0xC6, 0xC7), range(0xA1, 0xFF))
    assert (len(simplified), len(traditional)) == (3755, 5401)
