"""Entities in context: responsibility, clause paths, and what must not be extracted."""
import pytest

import mzparse



def ents(text, kind=None):
    doc = mzparse.extract(text, name="t.txt")
    return [e for e in doc.entities if kind is None or e.type == kind]


def test_trailing_list_names_lead_and_support():
    a = ents("一、任务\n1.加大医疗救助力度。(省民政厅、省财政厅、江苏保监局)\n", "agency")
    assert [(e.text, e.responsible, e.role, e.path) for e in a] == [
        ("省民政厅", True, "lead", "1.1"), ("省财政厅", True, "support", "1.1"), ("江苏保监局", True, "support", "1.1")]


def test_labels_and_by_constructions():
    a = ents("一、任务\n（一）完善制度。牵头单位:省民政厅;配合单位:省财政厅、省教育厅。\n"
             "（二）由民政部牵头,具体工作由深圳市民政局负责。\n（三）省政府负责协调。\n（四）省民政厅指导各地。\n", "agency")
    got = {(e.path, e.text): (e.responsible, e.role) for e in a}
    assert got[("1.1", "省民政厅")] == (True, "lead")
    assert got[("1.1", "省财政厅")] == (True, "support") and got[("1.1", "省教育厅")] == (True, "support")
    assert got[("1.2", "民政部")][0] and got[("1.2", "深圳市民政局")][0]
    assert got[("1.3", "省政府")] == (True, "lead")
    assert got[("1.4", "省民政厅")] == (False, None)


def test_explanatory_brackets_are_not_responsibility_lists():
    a = ents("一、任务\n1.建立“三无”(无劳动能力、无生活来源)人员供养制度,支持省民政厅开展工作。\n", "agency")
    assert [(e.text, e.responsible) for e in a] == [("省民政厅", False)]


def test_no_entities_from_header_or_closing():
    text = ("江苏省民政厅关于做好2020年春节期间走访慰问工作的通知\n苏民救〔2020〕3号\n各设区市民政局:\n"
            "为做好工作,现通知如下:\n一、到2020年1月15日前完成摸底。\n江苏省民政厅\n2020年1月6日\n")
    doc = mzparse.extract(text, name="t.txt")
    assert [(e.type, e.text) for e in doc.entities] == [("time", "到2020年1月15日前")]
    assert doc.meta.doc_number == "苏民救〔2020〕3号" and doc.meta.date == "2020-01-06"


def test_month_without_year_takes_the_document_year():
    doc = mzparse.extract("通知\n一、于4月28日前上报。\n民政部\n二〇一二年十月十日\n", name="t.txt")
    assert doc.meta.date == "2012-10-10"
    t = [e for e in doc.entities if e.type == "time"]
    assert [(e.date, e.deadline) for e in t] == [("2012-04-28", True)]


def test_must_not_extract():
    text = ("一、说明\n按照鲁政发〔2013〕23号和苏办〔2012〕85号文件,每年、每半年开展评估,近年来目前年中均如此;"
            "0-18周岁儿童和60周岁以上老人,上一年度、当年、次年的情况,前两个年度的数据;"
            "全省2020家行业协会,十一期间;各级民政部门、有关部门、县级以上人民政府、社会组织、慈善组织协同;"
            "根据《民政部关于加强社会救助的意见》。\n")
    assert [(e.type, e.text) for e in ents(text)] == []


def test_money_and_percentage_in_context():
    e = ents("一、标准\n城市低保标准由每人每月400元提高到550元,达标率达95%以上,比例分别提高到90%80%。\n")
    assert [(x.type, x.text) for x in e] == [("money", "400元"), ("money", "550元"), ("percentage", "95%以上"),
                                            ("percentage", "90%"), ("percentage", "80%")]
    assert e[0].per == "每人每月"


def _local_cases():
    from mzparse.lang import grammar

    return [(c.context["level"], c.text, [e["text"] for e in c.expect])
            for ex in grammar.examples("lang/agencies") for c in ex.cases if "level" in c.context]


@pytest.mark.parametrize("level,text,expected", _local_cases())
def test_local_descriptions_need_the_documents_level(level, text, expected):
    # What the examples find with the level given (tests/test_examples.py), nothing of it without:
    # without knowing whose document it is, no local description names one body.
    from mzparse.lang import agencies
    from mzparse.lang.script import normalise

    from mzparse.records import Context

    texts = normalise(text)
    assert not set(m.text for m in agencies.find(texts, 0, len(texts.work), Context())) & set(expected)


@pytest.mark.parametrize("title,issuers,level", [
    ("山东省养老服务条例", [], "province"),
    ("杭州市人民政府办公厅关于印发某某办法的通知", [], "city"),
    ("原文链接：https://example.org/a.html嘉兴市人民政府关于印发某某规定的通知", [], "city"),
    ("国务院关于城市社区建设的意见", [], None),
    ("关于印发工作要点的通知", ["温州市民政局"], "city"),
])
def test_document_level(title, issuers, level):
    from mzparse.lang import agencies

    assert agencies.document_level(title, issuers) == level


@pytest.mark.parametrize("body,level", [
    ("本市行政区域内的养老服务适用本条例。全市养老机构由市民政主管部门监督。本省其他规定。本市", "city"),
    ("本省行政区域内适用本条例。全省各级民政部门应当协同。", "province"),
    ("本市和本省的规定。", None),
])
def test_document_level_from_the_body(body, level):
    from mzparse.lang import agencies

    assert agencies.document_level("全文", [], body) == level


def test_a_body_set_up_by_name_and_named_again_by_its_head():
    text = ("一、机制\n9月1日，省政府成立养老服务改革联合工作组，办公室设在省民政厅。在试点基础上，成立了社区治理工作领导小组。\n"
            "二、要求\n充分发挥联合工作组的统筹作用，由领导小组负责督促，各级双拥工作领导小组协助。\n")
    got = [(e.text, e.path) for e in ents(text, "agency")]
    assert got == [("省政府", "1"), ("养老服务改革联合工作组", "1"), ("省民政厅", "1"), ("社区治理工作领导小组", "1"),
                   ("联合工作组", "2"), ("领导小组", "2")]
