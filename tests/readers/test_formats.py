"""Published forms as input: web pages, .docx, PDF, tables of responsibilities, and the forms refused.

Real pages come from ../shared (skipped when it is absent); Word and PDF files are made
here (tests/formats_make.py) from the samples' text, so every check compares a form with
the same document read as plain text.
"""
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import mzparse
from conftest import SHARED, sample
from formats_make import docx_blocks_from_text, make_docx, make_pdf, make_scanned_pdf, menu_links, split_marker
from mzparse import readers
from mzparse.cli import app
from mzparse.errors import MzparseError
from mzparse.readers import tables
from mzparse.writers import render

runner = CliRunner()


def extract(source, **kw):
    return mzparse.extract(source, with_text=True, **kw)
FORMATS = SHARED / "formats"
CORPUS = SHARED / "corpus"
needs_formats = pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/formats not present")
needs_corpus = pytest.mark.skipif(not (CORPUS / "html").is_dir(), reason="../shared/corpus/html not present")


def page(prefix: str):
    return next(FORMATS.glob(f"{prefix}_*.html"))


def spans_are_honest(doc):
    """Every span indexes the extracted text (source.text), and gives back the entity's words."""
    text = doc.source.text
    assert text is not None
    for c in doc.clauses:
        assert "".join(text[slice(*c.span)].split()) == "".join(c.text.split())
    for e in doc.entities:
        assert len(text[slice(*e.span)]) == len(e.text)


# --- real web pages ----------------------------------------------------------------------------

PAGES = {  # what a reader sees printed on the page
    "f01": ("广州市人民政府办公厅关于进一步加强特困人员救助供养工作的通知", "穗府办规〔2021〕7号", "2021-04-13"),
    "f02": ("广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知", "穗府办规〔2022〕13号", "2022-09-06"),
    "f03": ("广州市老年人优待办法", None, "2021-01-29"),
    "f04": ("广州市残疾人联合会关于印发广州市残疾人辅助器具适配工作管理办法的通知", "穗残联规字〔2019〕2号", "2019-01-17"),
    "f05": ("中华人民共和国市场主体登记管理条例", None, "2021-07-27"),
}


@needs_formats
@pytest.mark.parametrize("prefix", sorted(PAGES))
def test_page_meta_as_printed(prefix):
    doc = extract(page(prefix))
    title, number, date = PAGES[prefix]
    assert doc.source.format == "html"
    assert doc.meta.title == title
    assert doc.meta.date == date
    if number:  # decree numbers (政府令第179号) are the layout's, not the reader's
        assert doc.meta.doc_number == number
    spans_are_honest(doc)


def _page_articles(path) -> int:
    """The highest 第N条 the page prints at a paragraph start (counted on the raw HTML)."""
    from mzparse.lang.numerals import ordinal

    raw = path.read_text(encoding="utf-8")
    found = re.findall(r">\s*(?:&nbsp;|\u3000|\s)*第([一二三四五六七八九十百]+)条", raw)
    return max((ordinal(n) or 0 for n in found), default=0)


@needs_formats
@pytest.mark.parametrize("prefix", sorted(PAGES))
def test_page_clauses_as_numbered(prefix):
    doc = extract(page(prefix))
    articles = [c for c in doc.clauses if re.fullmatch(r"第\S+条", c.marker)]
    top = [c for c in doc.clauses if c.level == 1]
    if articles:  # a regulation: 第一条 … 第N条 in order, none lost, none from elsewhere
        assert [int(c.path.rsplit(".", 1)[-1]) for c in articles] == list(range(1, len(articles) + 1))
        assert len(articles) == _page_articles(page(prefix))
    else:  # a notice: 一、 … 八、
        assert [c.path for c in top] == [str(i) for i in range(1, len(top) + 1)] and len(top) >= 5


@needs_formats
@pytest.mark.parametrize("prefix", sorted(PAGES))
def test_page_furniture_never_yields_entities(prefix):
    doc = extract(page(prefix))
    text = doc.source.text
    menus = menu_links(page(prefix).read_bytes())
    assert len(menus) > 20
    for e in doc.entities:
        start = text.rfind("\n", 0, e.span[0]) + 1
        end = text.find("\n", e.span[1])
        assert "".join(text[start:end if end >= 0 else None].split()) not in menus, e
    for word in ("扫一扫", "版权所有", "网站标识码", "分享到", "ICP备"):
        assert word not in text
    assert "市港务局" not in {e.text for e in doc.entities}  # the last name of f01's department footer


@needs_corpus
def test_corpus_pages_score_as_their_text_versions(tmp_path):
    pred_html, pred_txt, gold = tmp_path / "html", tmp_path / "txt", tmp_path / "gold"
    for d in (pred_html, pred_txt, gold):
        d.mkdir()
    for html in sorted((CORPUS / "html").glob("*.html")):
        stem = html.stem
        (gold / f"{stem}.json").write_bytes((CORPUS / "gold" / f"{stem}.json").read_bytes())
        (pred_html / f"{stem}.json").write_text(extract(html).to_json(), encoding="utf-8")
        txt = CORPUS / "docs" / f"{stem}.txt"
        (pred_txt / f"{stem}.json").write_text(extract(txt).to_json(), encoding="utf-8")

    def score(pred):
        res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold),
                              "--pred", str(pred), "--json"], capture_output=True, text=True, check=True)
        return json.loads(res.stdout)

    h, t = score(pred_html), score(pred_txt)
    for key in ("clauses", "agency", "responsible", "time", "deadline", "percentage", "money"):
        assert h["total"][key]["f1"] >= t["total"][key]["f1"], key
    for row in h["docs"]:
        assert all(row["meta"].values()), row["doc"]  # title, 发文字号 and date: 3/3 on each page


# --- web pages made here ---------------------------------------------------------------------

NAV = "".join(f'<li><a href="/d{i}">{name}</a></li>' for i, name in
              enumerate(["市民政局", "市财政局", "市卫生健康委", "市公安局", "市教育局"]))
BODY = """
<div class="article">
<p style="text-align:center">临江市民政局关于做好冬季困难群众救助工作的通知</p>
<p style="text-align:center">临民发〔2023〕9号</p>
<p>各区民政局：</p>
<p>　　为切实保障困难群众基本生活，现就有关事项通知如下：</p>
<p>　　一、加强排查。各区民政局要在12月底前完成入户走访，市财政局负责落实资金。</p>
<p>　　二、提高标准。临时救助标准提高10%，每人每月不低于500元。</p>
<p>　　三、强化监督。市审计局负责开展专项审计。</p>
<p style="text-align:right">临江市民政局</p>
<p style="text-align:right">2023年11月20日</p>
</div>"""


def make_page(body: str, charset: str | None, disclosure: str = "") -> bytes:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    html = (f"<!DOCTYPE html><html><head>{meta}<title>通知 - 临江市人民政府</title>"
            f'<meta name="ArticleTitle" content="临江市民政局关于做好冬季困难群众救助工作的通知">'
            f'<meta name="PubDate" content="2023-11-22 10:00"></head><body>'
            f'<div class="nav"><ul>{NAV}</ul></div>{disclosure}{body}'
            f'<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>'
            f'<div class="footer"><ul>{NAV}</ul><p>主办单位：临江市人民政府办公室</p></div></body></html>')
    return html.encode(charset or "gbk")


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "utf-8", None])
def test_page_in_any_charset(charset):
    doc = extract(make_page(BODY, charset), name="notice.html")
    assert doc.source.format == "html"
    assert doc.meta.title == "临江市民政局关于做好冬季困难群众救助工作的通知"
    assert doc.meta.doc_number == "临民发〔2023〕9号"
    assert doc.meta.date == "2023-11-20"
    assert [c.path for c in doc.clauses] == ["1", "2", "3"]
    agencies = [e.text for e in doc.entities if e.type == "agency"]
    # The body names 市财政局 once and 市审计局 once; the menu and footer name five bodies twice.
    assert agencies.count("市财政局") == 1 and "市公安局" not in agencies and "市教育局" not in agencies
    assert not any("分享" in c.text or "微信" in c.text for c in doc.clauses)


def test_page_sniffed_by_content_without_a_suffix():
    doc = extract(make_page(BODY, "gb2312"), name="stdin")
    assert doc.source.format == "html" and doc.source.encoding == "gb2312"


def test_disclosure_table_fills_what_the_print_lacks():
    body = BODY.replace("<p style=\"text-align:center\">临民发〔2023〕9号</p>", "").replace(
        '<p style="text-align:right">2023年11月20日</p>', "")
    disclosure = ("<table class='xxgk'><tr><td>索 引 号：</td><td>11330000/2023-00009</td>"
                  "<td>发文机关：</td><td>临江市民政局</td></tr>"
                  "<tr><td>发文字号：</td><td>临民发〔2023〕9号</td><td>成文日期：</td><td>2023年11月18日</td></tr>"
                  "</table>")
    doc = extract(make_page(body, "utf-8", disclosure), name="notice.html")
    assert doc.meta.doc_number == "临民发〔2023〕9号"
    assert doc.meta.date == "2023-11-18"
    # Without the table, the page's publication date is the only date the document has.
    doc = extract(make_page(body, "utf-8"), name="notice.html")
    assert doc.meta.doc_number is None and doc.meta.date == "2023-11-22"


TABLE_HTML = """
<div><p>一、重点任务</p><p>各责任单位要按照下表抓好落实。</p>
<table border="1">
<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>建立困难群众动态监测台账</td><td rowspan="2">市民政局</td><td>市财政局、市人力资源社会保障局</td><td>2024年6月</td></tr>
<tr><td>2</td><td>完善临时救助备用金制度</td><td>市财政局</td><td>2024年底前</td></tr>
<tr><td>3</td><td>开展养老机构安全检查</td><td>市应急管理局</td><td>市住房城乡建设局<br>市市场监管局</td><td>长期坚持</td></tr>
</table>
<p>二、保障措施</p><p>各单位要加强协调配合，形成工作合力，确保各项任务落到实处。</p></div>"""


def test_html_responsibility_table_gives_one_clause_per_row():
    doc = extract(("<html><body>" + TABLE_HTML + "</body></html>").encode(), name="plan.html")
    by_path = {c.path: c for c in doc.clauses}
    assert [c.path for c in doc.clauses] == ["1", "1.1", "1.2", "1.3", "2"]
    assert by_path["1.1"].heading == "建立困难群众动态监测台账"
    rows = {r["path"]: r for r in render.task_rows(doc)}
    assert rows["1.1"]["lead"] == ["市民政局"] and rows["1.1"]["support"] == ["市财政局", "市人力资源社会保障局"]
    assert rows["1.2"]["lead"] == ["市民政局"]  # the merged lead cell covers row 2 too
    assert rows["1.3"]["lead"] == ["市应急管理局"] and rows["1.3"]["support"] == ["市住房城乡建设局", "市市场监管局"]
    deadlines = {e.path: e for e in doc.entities if e.type == "time"}
    assert deadlines["1.1"].deadline and deadlines["1.1"].date == "2024-06-30"
    assert deadlines["1.2"].deadline and deadlines["1.2"].date == "2024-12-31"
    spans_are_honest(doc)


def test_table_labels_are_words_the_grammars_read():
    from mzparse.lang import grammar

    labels, agencies = tables.vocabulary()["labels"], grammar.load("lang/agencies")
    assert set(labels["lead"]) <= set(agencies["lead_labels"])
    assert set(labels["support"]) <= set(agencies["responsible_labels"]) - set(agencies["lead_labels"])
    assert all(f"{w}:" in grammar.load("entities/time")["deadline_before"] for w in labels["time"])


def test_a_header_of_no_known_kind():
    assert tables.column_kind("金额") is None and tables.column_kind("牵头单位") == "lead"


def test_a_table_without_responsibility_columns_keeps_its_rows():
    lines = tables.render([[["项目"], ["标准"]], [["城市低保"], ["每人每月800元"]], [["农村低保"], ["每人每月600元"]]])
    assert lines == ["项目\t标准", "城市低保\t每人每月800元", "农村低保\t每人每月600元"]


# --- Word ------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix,run_on", [("002", False), ("004", True)])
def test_docx_numbering_is_rendered(prefix, run_on):
    """Markers typed in the text file are drawn by Word's numbering in the .docx: same clauses."""
    txt = sample(prefix)
    text = txt.read_text(encoding="utf-8")
    blocks = docx_blocks_from_text(text)
    assert sum(b[0] == "item" for b in blocks) > 20
    assert not any(b[0] == "item" and split_marker(b[2]) for b in blocks)  # no marker left in the text
    data = make_docx(blocks, header="济南市民政局文件", footer="- 1 -", run_on=run_on)
    a, b = extract(txt), extract(data, name="doc.docx")
    assert b.source.format == "docx"
    assert [c.path for c in b.clauses] == [c.path for c in a.clauses]
    assert [c.heading for c in b.clauses] == [c.heading for c in a.clauses]
    assert [(e.type, e.text) for e in b.entities] == [(e.type, e.text) for e in a.entities]
    assert (b.meta.title, b.meta.doc_number, b.meta.date) == (a.meta.title, a.meta.doc_number, a.meta.date)
    src = readers.read(data, "doc.docx")
    assert "济南市民政局文件" in src.furniture and "- 1 -" in src.furniture  # header and footer: furniture
    assert "- 1 -" not in src.text
    spans_are_honest(b)


def test_docx_responsibility_table(tmp_path):
    blocks = [("p", "临江市养老服务提升行动任务分工"), ("item", "cn_enum", "重点任务"),
              ("table", [["序号", "工作任务", "牵头单位", "配合单位", "时间节点"],
                         ["1", "推进社区嵌入式养老服务设施建设", "市民政局", "市自然资源局、市住房城乡建设局", "2025年12月"],
                         ["2", "落实养老护理员岗位补贴", "市人力资源社会保障局", "市财政局", "2024年底前"]]),
              ("item", "cn_enum", "保障措施"), ("p", "各单位要明确专人负责，按时报送进展情况。")]
    path = tmp_path / "plan.docx"
    path.write_bytes(make_docx(blocks))
    doc = extract(path)
    assert [c.path for c in doc.clauses] == ["1", "1.1", "1.2", "2"]
    res = runner.invoke(app, ["tasks", str(path), "-f", "json"])
    assert res.exit_code == 0, res.output
    rows = {r["path"]: r for r in json.loads(res.stdout)}
    assert rows["1.1"]["heading"] == "推进社区嵌入式养老服务设施建设"
    assert rows["1.1"]["lead"] == ["市民政局"] and rows["1.1"]["support"] == ["市自然资源局", "市住房城乡建设局"]
    assert rows["1.1"]["deadlines"] == ["2025年12月"]
    assert rows["1.2"]["lead"] == ["市人力资源社会保障局"] and rows["1.2"]["deadlines"] == ["2024年底前"]


def test_word_numbering_formats():
    from mzparse.readers.docx import cn_number, format_number

    assert [cn_number(n) for n in (1, 10, 11, 20, 23, 100, 105, 110)] == \
        ["一", "十", "十一", "二十", "二十三", "一百", "一百零五", "一百一十"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "ideographTraditional") == "乙"


# --- PDF -------------------------------------------------------------------------------------

def _pdf_lines(text: str):
    out = []
    for line in text.splitlines():
        t = line.strip(" \u3000\t")
        if t:
            out.append(("para" if len(t) > 30 or split_marker(t) else "center", t))
    return out


@pytest.fixture(scope="module")
def pdf_002():
    text = sample("002").read_text(encoding="utf-8")
    data = make_pdf(_pdf_lines(text), running_header="济南市民政局文件", page_numbers="- {n} -")
    return text, data


def test_pdf_reads_as_the_text(pdf_002):
    text, data = pdf_002
    a, b = extract(sample("002")), extract(data, name="plan.pdf")
    assert b.source.format == "pdf"
    assert [c.path for c in b.clauses] == [c.path for c in a.clauses]
    assert [(e.type, e.text) for e in b.entities] == [(e.type, e.text) for e in a.entities]
    assert (b.meta.title, b.meta.doc_number, b.meta.date) == (a.meta.title, a.meta.doc_number, a.meta.date)
    spans_are_honest(b)


def test_pdf_wrapped_lines_joined_and_page_furniture_dropped(pdf_002):
    text, data = pdf_002
    src = readers.read(data, "plan.pdf")
    lines = set(src.text.splitlines())
    long_paragraphs = [ln.strip(" \u3000") for ln in text.splitlines() if len(ln.strip()) > 120]
    assert long_paragraphs and all(p in lines for p in long_paragraphs)  # each one line again
    assert not re.search(r"^- \d+ -$", src.text, re.M)
    assert src.text.count("济南市民政局文件") == text.count("济南市民政局文件")  # the running head is gone
    assert "- 2 -" in src.furniture


def test_pdf_page_numbers_in_words():
    lines = [("center", "临江市民政局关于开展养老服务质量提升行动的通知"),
             ("para", "一、" + "各区要对照服务质量基本规范开展自查，建立问题清单并逐项整改，" * 6 + "确保按期完成。"),
             ("para", "二、" + "市民政局负责统筹协调和督促检查，" * 8 + "定期通报进展。")] * 4
    data = make_pdf(lines, page_numbers="第 {n} 页", lines_per_page=12)
    src = readers.read(data, "x.pdf")
    assert not re.search(r"第 \d+ 页", src.text)
    doc = extract(data, name="x.pdf")
    assert [c.path for c in doc.clauses].count("1") == 4  # the same two items, four times, not broken


# --- forms refused ---------------------------------------------------------------------------

def _one_line_error(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    res = runner.invoke(app, ["extract", str(path)])
    assert res.exit_code == 1
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"mzparse: {path}: ")
    return lines[0]


def test_scanned_pdf_is_refused(tmp_path):
    msg = _one_line_error(tmp_path, "scan.pdf", make_scanned_pdf())
    assert "scanned PDF" in msg and "OCR" in msg


def _ole_word() -> bytes:
    # The OLE header and a directory entry naming the WordDocument stream, as Word 97-2003 writes.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1000)


@pytest.mark.parametrize("name", ["report.doc", "report.wps", "report.bin"])
def test_doc_and_wps_are_named_with_how_to_convert(tmp_path, name):
    msg = _one_line_error(tmp_path, name, _ole_word())
    assert "Word 97-2003 or WPS" in msg and "soffice --headless --convert-to docx" in msg


def test_ofd_is_named(tmp_path):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD/>")
    msg = _one_line_error(tmp_path, "notice.ofd", buf.getvalue())
    assert "OFD" in msg


@pytest.mark.parametrize("module,extra,make", [("lxml.html", "html", lambda: make_page(BODY, "utf-8")),
                                               ("pdfminer", "pdf", lambda: make_pdf([("para", "一、加强排查。")]))])
def test_missing_extra_is_named(monkeypatch, module, extra, make):
    data = make()
    monkeypatch.setitem(sys.modules, module, None)  # as if the library were not installed
    with pytest.raises(MzparseError) as err:
        readers.read(data, "a")
    assert f"mzparse[{extra}]" in str(err.value) and len(str(err.value).splitlines()) == 1


# --- the text spans index --------------------------------------------------------------------

def test_text_command_prints_what_spans_index(tmp_path):
    path = tmp_path / "notice.html"
    path.write_bytes(make_page(BODY, "gb2312"))
    shown = runner.invoke(app, ["text", str(path)])
    assert shown.exit_code == 0
    res = runner.invoke(app, ["extract", str(path), "--with-text"])
    doc = json.loads(res.stdout)
    assert doc["source"]["text"] == shown.stdout and doc["source"]["format"] == "html"
    for e in doc["entities"]:
        assert shown.stdout[e["span"][0]:e["span"][1]] == e["text"]
    plain = json.loads(runner.invoke(app, ["extract", str(path)]).stdout)
    assert "text" not in plain["source"]  # only when asked


def test_convert_runs_soffice_and_reads_its_docx(tmp_path, monkeypatch):
    """--convert hands a .doc to LibreOffice (a stand-in here that writes the .docx) and reads the result."""
    from mzparse.readers.office import CONVERT_ENV

    converted = tmp_path / "made.docx"
    converted.write_bytes(make_docx([("p", "临江市民政局关于加强救助工作的通知"), ("item", "cn_enum", "加强排查。"),
                                     ("item", "cn_enum", "提高标准。")]))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    soffice = bin_dir / "soffice"
    soffice.write_text(f"""#!{sys.executable}
import shutil, sys
args = sys.argv[1:]
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx"
shutil.copy({str(converted)!r}, args[args.index("--outdir") + 1] + "/input.docx")
""")
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv(CONVERT_ENV, "")  # restored after the test: the CLI sets it in this process
    doc_path = tmp_path / "old.doc"
    doc_path.write_bytes(_ole_word())
    refused = runner.invoke(app, ["extract", str(doc_path)])
    assert refused.exit_code == 1 and "--convert" in refused.stderr  # offered: soffice is on PATH
    res = runner.invoke(app, ["extract", str(doc_path), "--convert"])
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["source"]["format"] == "docx" and [c["marker"] for c in doc["clauses"]] == ["一、", "二、"]


@pytest.mark.parametrize("name,make", [("cut.pdf", lambda: make_pdf([("para", "一、加强排查。")])[:400]),
                                       ("cut.docx", lambda: make_docx([("p", "加强排查。")])[:900])])
def test_a_damaged_file_gets_a_reason(tmp_path, name, make):
    msg = _one_line_error(tmp_path, name, make())
    assert "damaged" in msg or "scanned" in msg


def _docx_with(body_xml: str, styles_xml: str = "", numbering_xml: str = "") -> bytes:
    """A minimal .docx package around hand-written WordprocessingML (what Word itself writes)."""
    import io
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ns = (f'{w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document {ns}><w:body>{body_xml}</w:body></w:document>")
        if styles_xml:
            zf.writestr("word/styles.xml", f"<w:styles {w}>{styles_xml}</w:styles>")
        if numbering_xml:
            zf.writestr("word/numbering.xml", f"<w:numbering {w}>{numbering_xml}</w:numbering>")
    return buf.getvalue()


def _p(text: str, style: str = "", extra: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{extra}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_docx_numbering_from_styles_and_text_boxes():
    numbering = ('<w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>')
    styles = ('<w:style w:styleId="H1"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
              '<w:style w:styleId="H2"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
              '<w:style w:styleId="H2b"><w:basedOn w:val="H2"/></w:style>')
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><wps:txbx><w:txbxContent>'
           f'{_p("临江市民政局文件")}</w:txbxContent></wps:txbx></mc:Choice><mc:Fallback><w:pict><v:textbox>'
           f'<w:txbxContent>{_p("临江市民政局文件")}</w:txbxContent></v:textbox></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    body = (f'<w:p>{box}</w:p>' + _p("临民发〔2024〕3号") + _p("总体要求", "H1") + _p("工作目标", "H2")
            + _p("基本原则", "H2b") + _p("主要任务", "H1") + _p("健全服务网络", "H2"))
    src = readers.read(_docx_with(body, styles, numbering), "a.docx")
    assert src.text.splitlines() == ["临江市民政局文件", "", "临民发〔2024〕3号", "一、总体要求", "（一）工作目标",
                                     "（二）基本原则", "二、主要任务", "（一）健全服务网络"]


def test_a_responsibility_table_with_long_cells_is_still_a_table():
    long_task = "完善困难群众救助帮扶机制，" * 80 + "确保应保尽保。"
    page = ("<html><body><p>一、重点任务</p><table><tr><th>序号</th><th>具体措施</th><th>责任单位</th></tr>"
            f"<tr><td>1</td><td>{long_task}</td><td>市民政局</td></tr></table></body></html>")
    doc = extract(page.encode(), name="long.html")
    assert [c.path for c in doc.clauses] == ["1", "1.1"]
    lead = [e for e in doc.entities if e.type == "agency" and e.responsible]
    assert [(e.text, e.role, e.path) for e in lead] == [("市民政局", "lead", "1.1")]


def test_a_one_paragraph_notice_keeps_its_header_and_signature():
    body = ('<div class="article"><p>临江市民政局关于调整救助标准的通知</p><p>临民发〔2023〕12号</p>'
            "<p>　　经市政府同意，自2024年1月1日起，我市城乡低保标准统一调整为每人每月1000元，"
            "特困人员基本生活标准按低保标准的1.6倍确定，请各区民政局认真组织实施，确保按时足额发放到位。</p>"
            "<p>临江市民政局</p><p>2023年12月8日</p></div>")
    doc = extract(make_page(body, "utf-8"), name="short.html")
    assert doc.meta.doc_number == "临民发〔2023〕12号"
    assert doc.meta.date == "2023-12-08"  # printed, not the page's publication date
    assert doc.source.text.splitlines()[0] == "临江市民政局关于调整救助标准的通知"


def test_a_repaired_pdf_prints_no_parser_warnings(tmp_path):
    """pdfminer logs what it repairs (a broken cross-reference table); mzparse's stderr stays its own."""
    data = make_pdf(_pdf_lines(sample("000").read_text(encoding="utf-8")))
    start = data.rindex(b"\nxref")
    broken = data[:start] + data[start:].replace(b"0000000", b"00000x0", 3)
    path = tmp_path / "repaired.pdf"
    path.write_bytes(broken)
    # A process of its own: pytest's log capture would hide what Python prints with no logging set up.
    res = subprocess.run([sys.executable, "-m", "mzparse", "extract", str(path)], capture_output=True, text=True)
    assert len([ln for ln in res.stderr.splitlines() if ln.strip()]) == (0 if res.returncode == 0 else 1)
    assert "xref" not in res.stderr


def test_control_characters_in_a_page_are_blanks():
    # make fuzz: a C0 control in the text after a removed link list made lxml refuse to join
    # the text (ValueError, an internal error); and \x01 before 二、 hid the marker.
    import mzparse

    body = "<p>民政部门应当做好社会救助工作。</p>" * 40
    page = ('<html><body><div><ul><li><a href="/a">首页</a></li><li><a href="/b">政务公开</a></li></ul>'
            "\x02\x0b一、总则" + body + "<p>\x01二、附则</p></div></body></html>")
    doc = mzparse.extract_bytes(page.encode(), name="x.html")
    assert doc.source.format == "html" and [c.marker for c in doc.clauses] == ["一、", "二、"]
