"""The functional-description scan's pre-check says "a match here" exactly where the grammar matches.

agencies._functional_matches tries the description grammar only where
_functional_exists_rx matches: a formulation of the same language whose list
segments are matched once each instead of in every combination of their readings
(the grammar's failures on long lists were exponential). Which description is found
stays the grammar's; these tests hold the pre-check to the grammar, position by position.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from mzparse.lang import agencies


def _fragments():
    v = agencies._vocab()
    words = [w for key in ("functional_national", "functional_local", "functional_heads", "cores",
                           "functional_item_forbidden", "not_jurisdiction_words") for w in v[key]]
    return words + ["人民政府", "政府", "等", "、", "、", "、", "，", "。", "卫", "生", "交", "通", "城", "管", "理"]


def _agree(work: str) -> int:
    rx, exists = agencies._functional_rx(), agencies._functional_exists_rx()
    found = 0
    for p in range(len(work)):
        m = rx.match(work, p)
        assert (exists.match(work, p) is not None) == (m is not None), (work, p)
        found += m is not None
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_fragments()), min_size=1, max_size=10))
def test_pre_check_matches_where_the_grammar_does(parts):
    _agree("由" + "".join(parts) + "负责")


def test_written_descriptions():
    # Shared heads, 等, a list that ends in no head, a list broken by a sentence.
    texts = ["国务院财政、卫生健康、医疗保障等部门按照职责分工负责。",
             "省人民政府民政、财政部门和市人民政府教育主管部门应当配合。",
             "市交通、公安交通、市政管理、商务、旅游、园林、金融、邮政、电信、文化等单位参加。",
             "国家机关、省级机关和市场监督管理部门，省公安机关会同省交通运输主管部门办理。"]
    assert sum(_agree(t) for t in texts) >= 4  # the grammar found descriptions: both were tested on matches


def test_long_failing_list_is_refused():
    # Forty segments and no head: every reading of every segment fails, and the pre-check
    # says so without trying their combinations (the grammar alone would not finish).
    work = "市" + "、".join(["交通运输", "卫生", "财政管理", "文化旅游"] * 10) + "以及其他单位"
    assert agencies._functional_exists_rx().match(work) is None
    assert list(agencies._functional_matches(work, 0, len(work))) == []
