"""Every example kept next to a rule in the package's data files (*.toml) is run here (as Duckling does)."""
import tomllib
from types import SimpleNamespace

import pytest

from mzparse.lang import agencies
from mzparse.entities import amounts, times
from mzparse.structure import clauses, layout
from mzparse.lang.grammar import data_path
from mzparse.lang.script import normalise


def load(name):
    with open(data_path(f"{name}.toml"), "rb") as fh:
        return tomllib.load(fh)


MARKERS = load("structure/markers")["style"]
AGENCIES = load("lang/agencies")
AMOUNTS = load("entities/amounts")
TIME = load("entities/time")
LAYOUT = load("structure/layout")


def work(text):
    return normalise(text).work


@pytest.mark.parametrize("style,text,num", [(s["name"], t, n) for s in MARKERS for t, n in s["examples"]])
def test_marker_examples(style, text, num):
    mk = clauses.match_marker(work(text))
    assert mk is not None and mk.style == style
    assert (mk.number if mk.ordinal is not None else "0") == str(num)  # 12, or 12-1 when inserted


@pytest.mark.parametrize("text", [t for s in MARKERS for t in s["not_markers"]])
def test_not_markers(text):
    mk = clauses.match_marker(work(text))
    assert mk is None or mk.ordinal == 0 or (mk.ordinal is None and not text.startswith(("(", "（")))


@pytest.mark.parametrize("text,expected", list(AGENCIES["examples"].items()))
def test_agency_examples(text, expected):
    w = work(text)
    assert [m.text for m in agencies.find(w, 0, len(w))] == expected


@pytest.mark.parametrize("text,exp", list(AMOUNTS["money"]["examples"].items()))
def test_money_examples(text, exp):
    w = work(text)
    got = list(amounts.parse_money(w, 0, len(w)))
    assert len(got) == 1, got
    s, e, yuan, mx, cur, approx, per, cmp_ = got[0]
    assert yuan == exp["yuan"]
    assert mx == exp.get("max_yuan")
    assert cur == exp.get("currency", "CNY")
    assert approx == exp.get("approx", False)
    if "per" in exp:
        assert per == exp["per"]
    if "comparator" in exp:
        assert cmp_ == exp["comparator"]


@pytest.mark.parametrize("text", AMOUNTS["money"]["not"]["examples"])
def test_not_money(text):
    w = work(text)
    assert list(amounts.parse_money(w, 0, len(w))) == []


@pytest.mark.parametrize("text,exp", list(AMOUNTS["percentage"]["examples"].items()))
def test_percentage_examples(text, exp):
    w = work(text)
    got = list(amounts.parse_percentages(w, 0, len(w)))
    assert len(got) == 1, got
    _, _, val, mx, cmp_ = got[0]
    assert val == exp["value"] and mx == exp.get("max") and cmp_ == exp.get("comparator")


@pytest.mark.parametrize("text,values", list(AMOUNTS["percentage"]["split"].items()))
def test_run_together_percentages_split(text, values):
    w = work(text)
    assert [g[2] for g in amounts.parse_percentages(w, 0, len(w))] == values


def _times(text, doc_date=None):
    # An example may give its document's date ("" for a document without one).
    meta = SimpleNamespace(date=f"{TIME['doc_year']}-06-30" if doc_date is None else (doc_date or None))
    return times.find(normalise(text), 0, len(text), meta, lambda pos: "")


@pytest.mark.parametrize("text,exp", list(TIME["examples"].items()))
def test_time_examples(text, exp):
    got = _times(text, exp.get("doc_date"))
    assert len(got) == exp.get("count", 1), [g["text"] for g in got]   # the first is checked
    t = got[0]
    for key in ("date", "start", "duration", "deadline"):
        if key in exp:
            assert t[key] == (exp[key] if exp[key] != "" else None), (key, t)  # TOML has no null: ""
    if "duration" in exp:
        assert t["date"] is None


@pytest.mark.parametrize("text", TIME["not_time"]["examples"])
def test_not_time(text):
    assert _times(text) == []


@pytest.mark.parametrize("line", LAYOUT["furniture"]["examples"])
def test_furniture_lines(line):
    assert layout._header_role(layout.split_lines(work(line))[0]) == layout.FURNITURE


@pytest.mark.parametrize("line", LAYOUT["furniture"]["not_furniture"])
def test_not_furniture(line):
    assert layout._header_role(layout.split_lines(work(line))[0]) != layout.FURNITURE


@pytest.mark.parametrize("title", LAYOUT["title"]["examples"])
def test_title_endings(title):
    assert layout._rx()["title_end"].search(title)


@pytest.mark.parametrize("line", LAYOUT["banner"]["examples"])
def test_banner(line):
    assert layout._header_role(layout.split_lines(work(line))[0]) == layout.BANNER


@pytest.mark.parametrize("line", LAYOUT["recipients"]["examples"])
def test_recipients(line):
    assert layout._header_role(layout.split_lines(work(line))[0]) == layout.RECIPIENTS


@pytest.mark.parametrize("line", LAYOUT["closing"]["examples"])
def test_closing(line):
    assert layout._rx()["closing"].search(layout.split_lines(work(line))[0].text)


def test_han_class_is_regex_han_for_python_re():
    # The agency grammar runs on Python's re with \p{Han} spelled out: the same characters.
    import re

    import regex

    from mzparse.lang import grammar

    text = "".join(map(chr, range(0x40000)))
    ours = re.findall(grammar.han_class(), text)
    assert ours == regex.findall(r"\p{Han}", text)
    assert "〇" in ours and "々" in ours and "\U00020000" in ours and "a" not in ours
