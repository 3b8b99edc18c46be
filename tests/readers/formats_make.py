"""Word and PDF files made at test time, as real attachments are made.

Word: python-docx writes the document, and numbering.xml gets real list definitions
(一、 / （一） / 1. / （1） drawn by Word, not typed), so the reader has to render them.
PDF: reportlab's built-in CID font STSong-Light (no font file to download), A4 with
GB/T 9704-like margins, lines broken at the text width, a page number ``- N -`` at the
foot and a running header.
"""
from __future__ import annotations

import io

from mzparse.lang.script import half_width
from mzparse.structure.clauses import match_marker

# Word's list definitions for the marker styles of official documents: (numFmt, lvlText).
LEVEL_FORMATS = {
    "cn_enum": ("chineseCounting", "%{n}、"),
    "cn_paren": ("chineseCounting", "（%{n}）"),
    "arabic": ("decimal", "%{n}."),
    "arabic_paren": ("decimal", "（%{n}）"),
    "circled": ("decimalEnclosedCircle", "%{n}"),
    "article": ("chineseCounting", "第%{n}条"),
}


def split_marker(line: str):
    """(style, marker end) of a line that opens with a clause marker, else None."""
    work = half_width(line)
    mk = match_marker(work)
    if mk is None or mk.style not in LEVEL_FORMATS:
        return None
    return mk.style, mk.end


def _lvl_xml(ilvl: int, fmt: str, text: str, restart: int | None) -> str:
    restart_xml = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{restart_xml}'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>')


def make_docx(blocks, *, header: str | None = None, footer: str | None = None, run_on: bool = False) -> bytes:
    """A .docx of ``blocks``: ("p", text), ("item", style, text) or ("table", rows).

    Items are list paragraphs numbered by Word from one multi-level list whose levels follow
    the order in which the styles first appear (as documents use them). ``run_on``: the
    deepest levels never restart (items numbered on across sections).
    """
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    order: list[str] = []
    for b in blocks:
        if b[0] == "item" and b[1] not in order:
            order.append(b[1])
    if order:
        numbering = d.part.numbering_part.element
        levels = "".join(
            _lvl_xml(i, LEVEL_FORMATS[st][0], LEVEL_FORMATS[st][1].format(n=i + 1),
                     0 if run_on and i > 0 else None)
            for i, st in enumerate(order))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
                             f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
        first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for b in blocks:
        if b[0] == "p":
            d.add_paragraph(b[1])
        elif b[0] == "item":
            p = d.add_paragraph(b[2])
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{order.index(b[1])}"/><w:numId w:val="77"/></w:numPr>'))
        elif b[0] == "table":
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
    if header:
        d.sections[0].header.paragraphs[0].text = header
    if footer:
        d.sections[0].footer.paragraphs[0].text = footer
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_blocks_from_text(text: str):
    """A plain-text document as Word blocks: marker lines become numbered list items."""
    blocks = []
    for line in text.splitlines():
        s = line.strip(" \u3000\t")
        if not s:
            continue
        found = split_marker(s)
        if found:
            blocks.append(("item", found[0], s[found[1]:].lstrip(" \u3000")))
        else:
            blocks.append(("p", s))
    return blocks


def make_pdf(lines, *, running_header: str | None = None, page_numbers: str = "- {n} -",
             size: float = 16, lines_per_page: int = 22) -> bytes:
    """A PDF of ``lines``: ("center", text) or ("para", text), paragraphs broken at the text width."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, right, top = 79, width - 74, 72
    usable = right - left

    def wrap(text: str, indent: float) -> list[str]:
        out, cur, avail = [], "", usable - indent
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, font, size) > avail:
                out.append(cur)
                cur, avail = ch, usable
            else:
                cur += ch
        out.append(cur)
        return out

    placed = []  # (kind, text, indent)
    for kind, text in lines:
        if kind == "center":
            placed.append(("center", text, 0))
        else:
            for i, part in enumerate(wrap(text, 2 * size)):
                placed.append(("left", part, 2 * size if i == 0 else 0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page, start in enumerate(range(0, len(placed), lines_per_page), 1):
        if running_header:
            c.setFont(font, 10)
            c.drawCentredString(width / 2, height - 40, running_header)
        c.setFont(font, size)
        y = height - top - size
        for kind, text, indent in placed[start:start + lines_per_page]:
            if kind == "center":
                c.drawCentredString(width / 2, y, text)
            else:
                c.drawString(left + indent, y, text)
            y -= size * 1.75
        if page_numbers:
            c.setFont(font, 12)
            c.drawCentredString(width / 2, 40, page_numbers.format(n=page))
        c.showPage()
    c.save()
    return buf.getvalue()


def make_scanned_pdf() -> bytes:
    """A PDF whose pages are only an image (a scan), with no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    # A 2×2 grey PNG made by hand: a picture, no characters.
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x80" for _ in range(2))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(png)), 50, 50, width=495, height=742)
    c.showPage()
    c.save()
    return buf.getvalue()


def menu_links(page: bytes) -> set[str]:
    """Texts of a page's links that stand in lists of links (menus, footers, related documents)."""
    import lxml.html

    root = lxml.html.fromstring(page)
    out = set()
    for a in root.iter("a"):
        node = a
        for _ in range(3):
            node = node.getparent()
            if node is None:
                break
            if sum(1 for _ in node.iter("a")) >= 5:
                out.add("".join(a.text_content().split()).lstrip("·"))
                break
    return out - {""}
