"""Every example kept beside a rule in the package's data files is run here (as Duckling keeps a
corpus beside every rule). Each data file has one shape of example (``[[example]]``: name, of,
cases with what must be found, not with texts where nothing may be; see lang/grammar.examples),
and ``of`` names one of the readings below, each a call of the module's public functions.
"""

import pytest

import mzparse
from mzparse.entities import amounts, times
from mzparse.lang import agencies, grammar
from mzparse.lang.script import normalise
from mzparse.records import Context, Meta, as_dict
from mzparse.readers import tables
from mzparse.structure import clauses, layout

DATA_FILES = sorted(str(p.relative_to(grammar.PACKAGE).with_suffix(""))
                    for p in grammar.PACKAGE.rglob("*.toml"))
TIME_YEAR = grammar.load("entities/time")["doc_year"]


def work(text):
    return normalise(text).work


def _first_line(text):
    return layout.split_lines(work(text))[0]


def _marker(text):
    mk = clauses.match_marker(work(text))
    if mk is None:
        return []
    return [{"style": mk.style, "number": mk.number if mk.ordinal is not None else None, "lost": mk.ordinal is None}]


def _money(text):
    w = work(text)
    return [{"yuan": y, "max_yuan": mx, "currency": cur, "approx": ap, "per": per, "comparator": cmp_}
            for _, _, y, mx, cur, ap, per, cmp_ in amounts.parse_money(w, 0, len(w))]


def _percentage(text):
    w = work(text)
    return [{"value": v, "max": mx, "comparator": cmp_} for _, _, v, mx, cmp_ in amounts.parse_percentages(w, 0, len(w))]


def _time(text, doc_date=None):
    # The document's date: the examples' doc_year by default, "" for a document without one.
    meta = Meta(date=f"{TIME_YEAR}-06-30" if doc_date is None else (doc_date or None))
    found = times.find(normalise(text), 0, len(text), Context(meta=meta))
    # TOML has no null: a field that is not there is written "".
    return [{k: ("" if v is None else v) for k, v in as_dict(t).items()} for t in found]


def _agency(text, level=None):
    texts = normalise(text)
    return [{"text": m.text} for m in agencies.find(texts, 0, len(texts.work), Context(level=level))]


def _responsible(text):
    doc = mzparse.extract_text(text, name="example.txt")
    return [{"text": e.text} for e in doc.entities if e.type == "agency" and e.responsible]


def _role(role):
    return lambda text: [{}] if layout._header_role(_first_line(text)) == role else []


def _if(test):
    return lambda text: [{}] if test(text) else []


def _field(text):
    line = _first_line(text)
    return [{"key": key, "value": text[line.start + s:line.start + e]} for key, s, e in layout.fields_of(line.text)]


def _rule(code):
    def findings(text):
        doc = mzparse.extract_text(text, name="example.txt")
        return [{"line": w.line, "col": w.col} for w in doc.warnings if w.code == code]
    return findings


READINGS = {
    "marker": _marker,
    "money": _money,
    "percentage": _percentage,
    "percentage values": _percentage,   # run-together figures: the values each gives
    "time": _time,
    "agency": _agency,
    "responsible agency": _responsible,
    "furniture": _role(layout.FURNITURE),
    "banner": _role(layout.BANNER),
    "decree number": _role(layout.DOCNO_LINE),
    "recipients": _role(layout.RECIPIENTS),
    "history": _role(layout.HISTORY),
    "title": _if(lambda t: layout._rx()["title_end"].search(t)),
    "closing": _if(lambda t: layout._rx()["closing"].search(_first_line(t).text)),
    "attachments": _if(lambda t: layout._rx()["attachments"].search(work(t))),
    "dated act": _if(lambda t: layout.is_date_line(work(t))),
    "officer": _if(lambda t: layout.is_officer(work(t))),
    "field": _field,
    "table column": lambda t: [{"kind": tables.column_kind(t)}],
}
# A field an expectation leaves out must still hold its default where a wrong value would pass
# unnoticed (a range read as a single amount, a currency lost); elsewhere only given fields count.
DEFAULTS = {"marker": {"lost": False}, "money": {"max_yuan": None, "currency": "CNY", "approx": False},
            "percentage": {"max": None, "comparator": None}}


def reading(of):
    return READINGS.get(of) or (_rule(of) if of in _rule_codes() else None)


def _rule_codes():
    from mzparse.lint.checks import rules

    return set(rules())


CASES, NEGATIVES = [], []
for f in DATA_FILES:
    for ex in grammar.examples(f):
        for c in ex.cases:
            CASES.append(pytest.param(ex.of, c.text, c.expect, c.context, id=f"{f}:{ex.name}:{c.text[:20]}"))
        for t in ex.not_:
            NEGATIVES.append(pytest.param(ex.of, t, id=f"{f}:{ex.name}:{t[:20]}"))


@pytest.mark.parametrize("of,text,expect,context", CASES)
def test_case(of, text, expect, context):
    got = reading(of)(text, **context)
    assert len(got) == len(expect), (text, got)
    for want, have in zip(expect, got):
        for key, value in {**DEFAULTS.get(of, {}), **want}.items():
            assert have[key] == value, (key, have)
        if of == "time" and "duration" in want:
            assert have["date"] == "", have   # a relative limit has no date


@pytest.mark.parametrize("of,text", NEGATIVES)
def test_nothing_found(of, text):
    assert reading(of)(text) == [], text


@pytest.mark.parametrize("f", DATA_FILES)
def test_every_data_file_has_examples_in_the_one_shape(f):
    exs = grammar.examples(f)
    data = grammar.load(f)
    if f == "lint/rules":   # every rule has documents it reports on and documents it does not
        codes = {r["code"] for r in data["rule"]}
        assert codes == {e.of for e in exs if e.cases} == {e.of for e in exs if e.not_}
    else:
        assert exs, f"{f}.toml has no [[example]]"
    assert all(reading(e.of) for e in exs), [e.of for e in exs if not reading(e.of)]


def test_the_shape_is_enforced(tmp_path, monkeypatch):
    bad = tmp_path / "x" / "bad.toml"
    bad.parent.mkdir()
    bad.write_text('[[example]]\nname = "n"\nof = "money"\ncases = [{ text = "5元", expct = [{ yuan = 5.0 }] }]\n',
                   encoding="utf-8")
    monkeypatch.setattr(grammar, "PACKAGE", tmp_path)
    grammar.load.cache_clear()
    try:
        with pytest.raises(ValueError, match="x/bad.toml"):
            grammar.examples("x/bad")
    finally:
        grammar.load.cache_clear()
