"""Header and closing of each sample, with expectations written from reading the documents."""
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
