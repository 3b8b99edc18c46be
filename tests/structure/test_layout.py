"""Header and closing of each sample, with expectations written from reading the documents."""
import pytest

from mzparse.structure import layout
from mzparse.lang.script import normalise

from conftest import sample


def lay(prefix):
    text = sample(prefix).read_text(encoding="utf-8")
    t = normalise(text)
    return t, layout.analyse(t.work)


def roles(prefix, role):
    t, lo = lay(prefix)
    return [ln.text for ln in lo.lines if ln.role == role]


def test_000_banner_of_issuers_and_title_over_two_lines(docs):
    assert roles("000", layout.ISSUERS) == ["山东省民政厅   潍坊市人民政府"]
    m = docs["000"].meta
    assert m.title == "共同推进潍坊市综合配套改革试点加快民政事业创新发展合作协议"
    assert m.issuers == ["山东省民政厅", "潍坊市人民政府"] and m.date is None and m.doc_number is None


def test_001_web_furniture_and_closing_signatures(docs):
    furn = roles("001", layout.FURNITURE)
    assert "发布时间:2011-08-25 00:00" in furn and "相关附件" in furn and "相关法规/解读" in furn
    assert roles("001", layout.SIGNATURE) == ["民政部", "深圳市人民政府"]
    m = docs["001"].meta
    assert m.title == "民政部、深圳市人民政府推进民政事业综合配套改革合作协议"   # the web label 政策咨询 is cut
    assert m.date == "2009-07-20"
    last = docs["001"].clauses[-1]
    assert last.path == "4" and "民政部\n深圳" not in last.text and last.text.endswith("签订新的协议。")


def test_002_cover_letter_and_attachment(docs):
    assert roles("002", layout.BANNER) == ["济南市民政局文件"]
    assert roles("002", layout.DOCNO_LINE) == ["济民发〔2016〕172"]
    assert roles("002", layout.RECIPIENTS) == ["各县区民政局、高新区民政局,机关各处室、局属各单位:"]
    assert "20161228" in roles("002", layout.DATE)
    m = docs["002"].meta
    assert m.title == "济南市民政局关于印发《济南市“十三五”民政事业发展规划》的通知"
    assert m.doc_number == "济民发〔2016〕172" and m.date == "2016-12-28"
    assert m.recipients == ["各县区民政局", "高新区民政局", "机关各处室", "局属各单位"]
    # The attached plan's own title line yields no entity; its preamble does.
    pre = [e.text for e in docs["002"].entities if e.path == ""]
    assert pre.count("“十三五”") == 3 and "2016-2020年" in pre
    last = docs["002"].clauses[-1]
    assert "印发" not in last.text and "上一篇" not in last.text


def test_003_traditional_collection_keeps_speakers_in_the_body(docs):
    m = docs["003"].meta
    assert m.title == "九省市经验交流" and m.issuers == [] and m.date is None
    assert docs["003"].source.script == "traditional"
    assert any(e.text == "北京市民政局" and e.path == "" for e in docs["003"].entities)


def test_004_double_title_docno_with_date(docs):
    m = docs["004"].meta
    assert m.title == "省委办公厅省政府办公厅印发《关于进一步加强新时期民政工作责任分解方案》的通知"
    assert m.doc_number == "苏办〔2012〕85号" and m.date == "2012-10-10"
    assert m.issuers == ["省委办公厅", "省政府办公厅"]
    assert m.cited[0].doc_number == "苏发〔2012〕14号"
    furn = roles("004", layout.FURNITURE)
    assert "扫一扫在手机打开当前页" in furn and furn[-1].startswith("Produced By")
    assert docs["004"].clauses[-1].text.endswith("(省双拥办、省老龄办、省减灾办、省民政厅)")


def test_docno_on_the_title_line_is_meta_not_title():
    import mzparse

    text = ("国务院关于加强困难群众基本生活保障工作的通知 国发〔2014〕12号\n\n各省、自治区、直辖市人民政府:\n"
            "为做好困难群众基本生活保障工作,现通知如下:\n一、到2015年底前完成。\n\n国务院\n2014年2月21日\n")
    m = mzparse.extract(text, name="t.txt").meta
    assert (m.title, m.doc_number, m.date, m.issuers) == (
        "国务院关于加强困难群众基本生活保障工作的通知", "国发〔2014〕12号", "2014-02-21", ["国务院"])


def test_docno_line_with_date_and_signer():
    assert layout._header_role(layout.split_lines("苏办〔2012〕85号  2012年10月10日")[0]) == layout.DOCNO_LINE
    assert layout._header_role(layout.split_lines("民发〔2020〕12号 签发人:李纪恒")[0]) == layout.DOCNO_LINE


# ---------------------------------------------------------------- headers of other sources (short texts written for them)

def extract(text):
    import mzparse

    return mzparse.extract(text, name="t.txt")


def test_disclosure_table_with_values_on_the_next_line_is_furniture_and_feeds_meta():
    text = ("索 引 号：\n000012345/2019-00001\n主题分类：\n民政\\社会救助\n\n发文机关：\n某某省人民政府办公厅\n"
            "成文日期：\n2019年03月05日\n\n标　　题：\n某某省人民政府办公厅关于加强临时救助工作的通知\n发文字号：\n"
            "某政办发〔2019〕8号\n发布日期：\n2019年03月20日\n\n主 题 词：\n\n"
            "某某省人民政府办公厅关于加强\n\n临时救助工作的通知\n\n各市人民政府，省政府各部门：\n"
            "现就加强临时救助工作通知如下：\n一、省民政厅负责统筹。\n")
    doc = extract(text)
    m = doc.meta
    assert m.title == "某某省人民政府办公厅关于加强临时救助工作的通知"
    assert (m.doc_number, m.date) == ("某政办发〔2019〕8号", "2019-03-05")
    # Nothing of the table is body: the only agency is the one in the clause.
    assert [e.text for e in doc.entities if e.type == "agency"] == ["省民政厅"]


# (text, title, doc_number, date): each a header of another kind of source.
META_CASES = {
    "disclosure table row with several fields; the printed title wins over 标题": (
        "索引号：\t11370000/2020-001\t主题分类：\t民政\n发文机关：\t某市民政局\t成文日期：\t2020年05月06日\n"
        "标题：\t某市民政局关于做好养老服务工作的通知\n文号：\t某民发〔2020〕12号\n\n"
        "关于做好养老服务工作的通知\n各区民政局：\n现将有关事项通知如下：\n一、做好养老服务。\n",
        "关于做好养老服务工作的通知", "某民发〔2020〕12号", "2020-05-06"),
    "law database fields and a numbered ROC history wrapped over lines": (
        "法規性質：法律\n法規名稱：兒童福利法\n法規類別：行政＞衛生福利部\n最新異動日期：20150512\n沿革內容：\n"
        "1.中華民國七十年三月六日總統（70）台統（一）義字第 1234 號\n  令制定公布全文 20 條\n"
        "2.中華民國一百零四年五月十二日總統華總一義字第 10400012345\n    號令修正公布第 3、5 條條文\n\n\n"
        "第一章 總則\n第一條\n為保障兒童權益，特制定本法。\n",
        "儿童福利法", "华总一义字第10400012345号", "2015-05-12"),
    "pkulaw export: citation code, link, title printed twice, 发文字号 in brackets, ○ date": (
        "    【法宝引证码】 CLI.12.123456\n原文链接：https://www.pkulaw.com/lar/abc.html\n"
        "某市人民政府关于印发《某市养老服务办法》的通知\n某市人民政府关于印发《某市养老服务办法》的通知\n\n"
        "（某府发〔2013〕5号）\n\n各县（区）人民政府，市直各单位：\n"
        "　　《某市养老服务办法》已经市政府常务会议审议通过，现予印发，请认真遵照执行。\n"
        "　　二○一三年二月一日\n某市养老服务办法\n　第一章　总则\n　　第一条　为了发展养老服务，制定本办法。\n",
        "某市人民政府关于印发《某市养老服务办法》的通知", "某府发〔2013〕5号", "2013-02-01"),
    "damaged signing date (2021305) of a cover letter; the attached document's own title follows": (
        "关于印发2021年全市民政工作要点的通知\n发布日期:2021-03-09\n\n各辖市(区)民政局:\n"
        "现将《2021年全市民政工作要点》印发给你们,请遵照执行。\n\n  某某市民政局\n\n2021305\n\n"
        "(此件主动公开)\n\n2021年全市民政工作要点\n\n一、加强党的建设\n1. 抓好政治建设。\n",
        "关于印发2021年全市民政工作要点的通知", None, "2021-03-05"),
    "the signing date wins over the page's publication date": (
        "民政部关于印发《某某规划》的通知\n\n发布时间:2021-06-29\n\n各省民政厅:\n现印发给你们,请认真贯彻执行。\n"
        "    民政部\n\n2021年5月24日\n\n某某规划\n第一章 总体要求\n",
        "民政部关于印发《某某规划》的通知", None, "2021-05-24"),
    "a title broken after the law it implements; a revision note in brackets is no title": (
        "某某省实施《中华人民共和国老年人权益保障法》\n办法\n（2010年修订）\n\n"
        "2010年9月29日 某某省第十一届人民代表大会常务委员会第十九次会议修订\n\n第一条 为了保障老年人合法权益，制定本办法。\n",
        "某某省实施《中华人民共和国老年人权益保障法》办法", None, "2010-09-29"),
    "a plan's period under its title is part of the title; a trial rule's note in brackets": (
        "某某市“十四五”养老服务体系建设规划\n（2021—2025年）\n\n为推进养老服务发展，制定本规划。\n一、发展基础\n"
        "\n附件：某某市养老服务管理办法（试行）\n\n某某市民政局\n2021年12月3日\n",
        "某某市“十四五”养老服务体系建设规划（2021—2025年）", None, "2021-12-03"),
    "an entry into force is the date only when it is the only event": (
        "某某办法\n\n2019年6月30日 施行\n\n第一条 为了规范管理，制定本办法。\n", "某某办法", None, "2019-06-30"),
}


@pytest.mark.parametrize("text,title,doc_number,date", META_CASES.values(), ids=list(META_CASES))
def test_meta_of_other_sources(text, title, doc_number, date):
    m = extract(text).meta
    assert (m.title, m.doc_number, m.date) == (title, doc_number, date)


def test_regulation_history_lines_give_the_latest_date_and_the_decree_number():
    text = ("某某条例\n\n2001年3月2日 国务院令第300号公布\n\n"
            "2010年5月6日 《国务院关于修改部分行政法规的决定》第一次修订\n\n"
            "2018年9月7日 国务院令第705号第二次修订\n\n2018年12月1日 施行\n\n第一章 总则\n\n第一条 为了规范管理，制定本条例。\n")
    doc = extract(text)
    assert (doc.meta.title, doc.meta.date, doc.meta.doc_number) == ("某某条例", "2018-09-07", "国务院令第705号")
    assert not [w for w in doc.warnings if w.code == "M002"]
    assert not [e for e in doc.entities if e.span[0] < text.index("第一章")]


def test_breadcrumb_search_box_and_link_footer_are_not_body():
    text = ("精确检索\n开始检索\n您的位置：首页 >> 政务公开 >> 通知公告\n关于做好冬季救助工作的通知\n"
            "发布日期：2021-11-02    来源：市民政局  浏览次数：  字号：〖 大 中 小 〗\n\n各区民政局：\n"
            "现将有关事项通知如下：\n一、市民政局要做好排查。\n\n相关链接\n市发展改革委 市教育局 市公安局 市民政局 市财政局\n"
            "关于印发某某办法的通知\n版权所有：某市人民政府  主办单位：某市人民政府办公厅\n")
    doc = extract(text)
    assert doc.meta.title == "关于做好冬季救助工作的通知"
    assert doc.meta.date == "2021-11-02"   # the page's own date: the document gives none
    assert [e.text for e in doc.entities if e.type == "agency"] == ["市民政局"]
    assert not [w for w in doc.warnings if w.code == "T004"]


def test_wiki_word_full_text_is_furniture_and_no_title_is_made_up():
    text = "全文\n以新发展理念为指导,推动民政事业高质量发展。\n一、健全社会救助体系\n1.完善低保制度。\n"
    doc = extract(text)
    assert doc.meta.title is None
    assert doc.clauses[0].marker == "一、"


def test_a_dated_sentence_under_the_title_is_body_not_history():
    text = "某某工作方案\n2019年12月26日，市政府常务会议审议通过了本方案。\n一、市民政局负责实施。\n"
    doc = extract(text)
    assert doc.meta.date is None
    assert any(e.type == "time" and e.span[0] < text.index("一、") for e in doc.entities)


# (text, title, date): history under a regulation's title; the body starts at 第一章.
HISTORY_CASES = {
    "in brackets over several lines, a wrapped title of the amending decision": (
        "某市物业管理条例\n\n（2005年6月1日某市第十二届人民代表大会常务委员会第二十次会议通过\n"
        "根据2016年11月25日某市第十四届人民代表大会常务委员会第三十一次会议通过的《关于修改\n\n"
        "部分地方性法规的决定》修正）\n\n第一章　总　　则\n\n第一条 为了规范物业管理，制定本条例。\n",
        "某市物业管理条例", "2016-11-25"),
    "an event wrapped before its act, a part's name under the title, an event ending in 修改": (
        "某某法典\n\n物权编\n\n2013年2月26日 某市第十五届人民代表大会常务委员会\n\n第九次会议通过\n\n"
        "2013年3月29日 某省第十二届人民代表大会常务委员会第一次会议批准的《关于修改〈某某条例〉的决定》修改\n\n"
        "第一章 一般规定\n\n第一条 为了规范物权关系，制定本编。\n",
        "某某法典", "2013-03-29"),
    "an undated amendment after a dated adoption": (
        "某某管理条例\n\n（2001年5月8日国务院令第300号公布\n\n根据《国务院关于修改部分行政法规的决定》修订）\n\n"
        "第一章 总则\n\n第一条 为了加强管理，制定本条例。\n",
        "某某管理条例", "2001-05-08"),
}


@pytest.mark.parametrize("text,title,date", HISTORY_CASES.values(), ids=list(HISTORY_CASES))
def test_history_under_the_title(text, title, date):
    doc = extract(text)
    assert (doc.meta.title, doc.meta.date) == (title, date)
    assert doc.clauses[0].marker == "第一章" and doc.clauses[0].span[0] == text.index("第一章")
    # Every line above it is header: none is left as preamble prose.
    lo = layout.analyse(normalise(text).work)
    assert all(ln.role != layout.BODY for ln in lo.lines if ln.end <= text.index("第一章"))


def test_a_whole_page_site_name_menus_fields_decree_banner_and_footer():
    """A page as scraped: the site's name around the page title, menus, a field table in the
    preamble, the decree's banner and number, the signing date after a page time stamp, footer."""
    text = ("某某市老年人优待办法 - 某某市人民政府门户网站\n------\n市民网页\n退出\n首页\n政务公开\n"
            "当前位置：首页 > 政务公开\n统一编号：\nGZ0001\n实施日期：\n2021年05月01日\n失效日期：\n2026年04月30日\n"
            "某某市老年人优待办法\n2021-02-09\n来源：\n某某市人民政府办公厅\n分享到\n"
            "某某市人民政府令\n第179号\n　　《某某市老年人优待办法》已经市政府常务会议通过，现予公布，自2021年5月1日起施行。\n"
            "　　市　长：张三\n　　2021年1月29日\n某某市老年人优待办法\n"
            "　　第一条 为保障老年人合法权益，制定本办法。\n　　第二条 本办法自2021年5月1日起施行。\n"
            "公开方式：主动公开\n某某市人民政府办公厅 2021年2月7日印发\n扫一扫在手机打开当前页\n"
            "网站地图|\n联系我们\n某某市人民政府 版权所有　主办单位：某某市人民政府办公厅\n中国政府网\n区政府\n")
    doc = extract(text)
    m = doc.meta
    assert (m.title, m.doc_number, m.date) == ("某某市老年人优待办法", "某某市人民政府令第179号", "2021-01-29")
    assert doc.clauses[-1].text.rstrip().endswith("起施行。")


def test_macau_law_number_title_and_signing_date():
    text = ("第 5/2021 號法律\n\n長者服務制度\n\n立法會根據《澳門特別行政區基本法》第七十一條（一）項，制定本法律。\n\n"
            "第一章\n一般規定\n\n第一條\n標的\n本法律訂定長者服務制度。\n\n"
            "二零二一年七月二十日通過。\n\n立法會主席 高某某\n\n二零二一年七月二十六日簽署。\n\n命令公佈。\n\n行政長官 賀某某\n")
    doc = extract(text)
    m = doc.meta
    assert (m.title, m.doc_number, m.date) == ("长者服务制度", "第5/2021号法律", "2021-07-26")
    assert "命令" not in doc.clauses[-1].text


def test_taiwan_law_page_with_roc_field_dates():
    text = ("法規名稱：長期照顧服務法\n修正日期：民國 110 年 06 月 09 日\n生效狀態：※本法規部分或全部條文尚未生效\n"
            "第 一 章 總則\n第 1 條\n為健全長期照顧服務體系提供長期照顧服務，特制定本法。\n")
    m = extract(text).meta
    assert (m.title, m.date) == ("长期照顾服务法", "2021-06-09")


def test_joint_signature_line_gives_issuers_and_a_department_footer_gives_no_entity():
    text = ("关于做好困难群众救助工作的通知\n各省民政厅：\n一、做好兜底保障。\n\n"
            "民政部 财政部 国家卫生健康委 国家医保局 中国残联 国家乡村振兴局\n2022年1月5日\n"
            "市政府办公厅 | 市发展改革委 | 市教育局 | 市科技局 | 市工业和信息化局 | 市公安局 | 市民政局 | 市司法局 | 市财政局 | "
            "市人力资源社会保障局\n")
    doc = extract(text)
    assert doc.meta.issuers[:2] == ["民政部", "财政部"] and doc.meta.date == "2022-01-05"
    assert not [e for e in doc.entities if e.type == "agency"]


def test_decree_cover_gives_the_number_and_the_promulgated_law_its_title():
    text = ("中华人民共和国主席令\n第二十四号\n"
            "《中华人民共和国某某法》已由中华人民共和国第十二届全国人民代表大会常务委员会第十四次会议于2015年4月24日通过，"
            "现予公布，自2015年10月1日起施行。\n中华人民共和国主席　习某某\n2015年4月24日\n"
            "中华人民共和国某某法\n第一章 总则\n第一条 为了规范某某活动，制定本法。\n")
    m = extract(text).meta
    assert (m.title, m.doc_number, m.date) == ("中华人民共和国某某法", "中华人民共和国主席令第二十四号", "2015-04-24")
