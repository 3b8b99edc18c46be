"""Time expressions whose reading depends on the rest of the document (the era it
counts years in, its own date, the year last written)."""

from mzparse.entities import times
from mzparse.lang.script import normalise
from mzparse.records import Context, Meta, as_dict


def _times(text, date=None):
    texts = normalise(text)
    return [as_dict(t) for t in times.find(texts, 0, len(text), Context(meta=Meta(date=date)))]


def test_bare_roc_year_counts_in_a_document_that_names_the_era():
    got = _times("本法于中华民国一百零二年七月十九日修正公布，自一百零三年七月一日施行。")
    assert [t["date"] for t in got] == ["2013-07-19", "2014-07-01"]
    assert got[1]["deadline"] is False   # 自…施行: entry into force


def test_bare_roc_year_in_figures():
    got = _times("依中华民国法令，自109年3月1日起申请。")
    assert [t["date"] for t in got] == ["2020-03-01"]


def test_bare_roc_year_is_no_date_without_the_era():
    assert _times("自一百零三年七月一日施行。") == []
    assert _times("自109年3月1日起申请。") == []


def test_month_takes_the_documents_year():
    got = _times("各地于5月10日前报送。", date="2018-03-02")
    assert [(t["date"], t["deadline"]) for t in got] == [("2018-05-10", True)]


def test_dateless_document_gives_yearless_dates_no_date():
    # CONTRACT.md §2: the text is still time; a year written earlier is no document date.
    got = _times("2017年,全省完成评估。9月,召开推进会。3月底前完成摸底。")
    assert [(t["text"], t["date"]) for t in got] == [("2017年", "2017-12-31"), ("9月", None), ("3月底前", None)]
    assert got[2]["deadline"] is True


def test_a_range_opening_a_schedule_line_is_a_deadline_only_ahead_of_the_document():
    text = "具体安排如下:\n2019年5―7月,由各区开展自查。\n"
    assert _times(text, date="2019-04-01")[0]["deadline"] is True
    assert _times(text, date="2023-04-01")[0]["deadline"] is False


def test_a_range_that_began_before_the_document_looks_back():
    got = _times("2019年1-6月,全省共发放救助金3亿元。\n", date="2019-07-15")
    assert [(t["date"], t["deadline"]) for t in got] == [("2019-06-30", False)]
