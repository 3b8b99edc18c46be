"""Web pages: the document's body as text, its disclosure table as meta hints.

Government pages wrap one document in navigation, search boxes, share buttons,
lists of related documents and footers that name every department of the city.
The body is found by where the *prose* is: text outside links that holds
sentence punctuation (。；，). Menus, footers and link lists have next to none,
so the deepest element that still holds nearly all of the page's prose is the
document, whatever the site's templates call it (see README, "Web pages", for
how this compares with trafilatura and readability-lxml on real pages). Inside
it, blocks that are mostly links are dropped, and tables are rendered by
readers/tables.py. lxml parses (libxml2's HTML parser: any tag soup).

The information-disclosure table (索引号/发文机关/成文日期/标题/发文字号/发布日期)
and the <meta name="ArticleTitle|PubDate|ContentSource"> tags become
``SourceText.meta``: meta.py takes a field from them only when the printed
header lacks it.
"""
from __future__ import annotations

import re

from ..errors import MzparseError
from .base import Reader, SourceText, lazy_pattern, require

_HTML_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body|script|link|div|table|style)\b",
                        re.I | re.S)
_CHARSET = lazy_pattern(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_ENC = lazy_pattern(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([-\w.]+)""", re.I)
# Declared names → the codec that decodes them (GB2312/GBK pages often hold GBK/GB18030 characters).
_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
           "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "utf8": "utf-8", "utf-8": "utf-8"}

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "select", "button",
         "input", "textarea", "head", "nav", "map", "audio", "video", "canvas")
_BLOCK = frozenset("p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table tbody thead tfoot section article "
                   "header footer aside center blockquote pre form hr address figure figcaption main caption".split())
_PROSE_PUNCT = lazy_pattern(r"[。；，！？]")
_CJK = lazy_pattern(r"[\u4e00-\u9fff]")
_WS = lazy_pattern(r"[ \t\r\n\f\v]+")
_XML_BAD = lazy_pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class HtmlReader(Reader):
    """Web pages: the article's body as text, the disclosure table and <meta> as hints."""
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php")

    def sniff(self, head: bytes, suffix: str) -> bool:
        """A page that starts like HTML, or has a web suffix and markup."""
        h = head.lstrip(b"\xef\xbb\xbf")
        return bool(_HTML_HEAD.match(h[:4096])) or (suffix in self.suffixes and b"<" in h[:1024])

    def read(self, data: bytes) -> SourceText:
        """A page's bytes (its declared charset) → its body's text, one line per block;
        disclosure fields as meta."""
        html, encoding = decode_html(data)
        lxml_html = require("lxml.html", "html")
        # libxml2 refuses a str that still declares its encoding, and text nodes holding characters
        # XML cannot (C0 controls, NUL, lone surrogates): a blank stands in for them (spans index
        # the text extracted here, so nothing downstream shifts).
        html = _XML_BAD().sub(" ", re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
        try:
            root = lxml_html.document_fromstring(html)
        except Exception as exc:  # lxml's ParserError on an empty document, etc.
            raise MzparseError(f"an HTML page that could not be parsed ({exc})") from None
        hints = disclosure(root)
        _clean(root)
        body = find_body(root)
        lines = _Renderer().lines(body) if body is not None else []
        text = "\n".join(lines).strip("\n")
        if not text.strip():
            raise MzparseError("an HTML page with no document text in it")
        return SourceText(text + "\n", encoding, "html", hints)


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's characters: the charset it declares when that decodes, else as a text file."""
    from .text import decode

    declared = None
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _XML_ENC().match(data) or _CHARSET().search(data[:8192])
        declared = m.group(1).decode("ascii", "replace").lower() if m else None
    if declared:
        codec = _CODECS.get(declared, declared)
        try:
            return data.decode(codec), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a page whose declaration is wrong: read it as any text is read
    dec = decode(data)
    return dec.text, dec.encoding


# --- meta hints -----------------------------------------------------------------------------

# ContentSource is where the page took the text from: an issuer only when it names a body.
_META_TAGS = {"articletitle": "title", "pubdate": "pub_date", "contentsource": "source"}
_FIELD_LABELS = {
    "title": r"标\s*题", "doc_number": r"(?:发\s*文\s*字\s*号|文\s*号)", "date": r"成\s*文\s*日\s*期",
    "pub_date": r"(?:发\s*布\s*日\s*期|发\s*布\s*时\s*间)", "issuer": r"(?:发\s*文\s*机\s*关|发\s*布\s*机\s*关|发\s*布\s*机\s*构)",
}
_FIELD = lazy_pattern(r"^\s*(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in _FIELD_LABELS.items()) +
                    r")\s*[:：]\s*(?P<val>.*)$")
_DATE = lazy_pattern(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def _iso(s: str) -> str | None:
    m = _DATE().search(s)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def disclosure(root) -> dict:
    """Title, 发文字号, dates and issuer as the page states them outside the printed document."""
    out: dict = {}
    for m in root.iter("meta"):
        key = _META_TAGS.get((m.get("name") or "").strip().lower())
        val = " ".join((m.get("content") or "").split())
        if key and val:
            out.setdefault(key, val)
    # The disclosure table: label and value in one cell or in neighbouring ones.
    texts = [" ".join(t.split()) for t in root.xpath("//body//text()[not(ancestor::script or ancestor::style)]")]
    texts = [t for t in texts if t]
    table: dict = {}
    for i, t in enumerate(texts):
        m = _FIELD().match(t)
        if not m:
            continue
        key = next(k for k in _FIELD_LABELS if m.group(k))
        val = m.group("val").strip() or (texts[i + 1] if i + 1 < len(texts) and not _FIELD().match(texts[i + 1]) else "")
        if val and len(val) <= 120:
            table.setdefault(key, val)
    out.update(table)  # the table is the document's record; <meta> tags are the page's
    for key in ("date", "pub_date"):
        if key in out:
            iso = _iso(out[key])
            if iso:
                out[key] = iso
            else:
                del out[key]
    return out


# --- the body ---------------------------------------------------------------------------------

def _clean(root) -> None:
    from lxml import etree

    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter(*_DROP)):
        _remove(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None:
            _remove(el)


def _remove(el) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _in_link(el) -> bool:
    while el is not None:
        if el.tag == "a":
            return True
        el = el.getparent()
    return False


def _prose_weights(root) -> dict:
    """Each element → the prose characters (CJK, outside links, in punctuated text) its subtree holds."""
    weight: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for piece, owner in ((el.text, el), (el.tail, el.getparent())):
            if not piece or owner is None or _in_link(owner):
                continue
            if _PROSE_PUNCT().search(piece):
                n = len(_CJK().findall(piece))
                node = owner
                while node is not None:
                    weight[node] = weight.get(node, 0) + n
                    node = node.getparent()
    return weight


def find_body(root, share: float = 0.85):
    """The deepest element holding ``share`` of the page's prose (the document, not the site).

    The descent stops above a paragraph (a one-paragraph notice keeps its title and signature)
    and above the rows of a table of data (its header stays with its rows).
    """
    weight = _prose_weights(root)
    body = root.find("body")
    node = body if body is not None else root
    total = weight.get(node, 0)
    if total == 0:
        return node
    while True:
        best = max((c for c in node if isinstance(c.tag, str)), key=lambda c: weight.get(c, 0), default=None)
        if best is None or weight.get(best, 0) < share * total or not _container(best):
            return node
        node = best


_PARAGRAPH = frozenset("p li h1 h2 h3 h4 h5 h6 dt dd pre caption a".split())
_TABLE_PARTS = frozenset("table thead tbody tfoot tr".split())


def _container(el) -> bool:
    """An element that holds a document's blocks, not a paragraph or the inside of a data table."""
    if el.tag in _PARAGRAPH:
        return False
    if sum(1 for d in el.iter(*_BLOCK) if d is not el) < 2:
        return False
    if el.tag in _TABLE_PARTS:
        table = el if el.tag == "table" else next(el.iterancestors("table"), None)
        return table is not None and _is_layout_table(table)
    return True


def _link_dense(el) -> bool:
    """A block of links (menu, related documents, share buttons): little text outside <a>, no prose."""
    inside = outside = 0
    prose = False
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        for piece, owner in ((node.text, node), (node.tail if node is not el else None, node.getparent())):
            piece = (piece or "").strip()
            if not piece or owner is None:
                continue
            if _in_link(owner):
                inside += len(piece)
            else:
                outside += len(piece)
                prose = prose or bool(_PROSE_PUNCT().search(piece))
    return inside > 0 and inside >= 0.6 * (inside + outside) and not prose


class _Renderer:
    """Block-aware text of an element: one line per paragraph, <br> or table row."""

    def __init__(self):
        self.out: list[str] = []
        self.cur: list[str] = []

    def lines(self, el) -> list[str]:
        """The text of ``el`` as lines: one per paragraph, <br> or table row."""
        self._walk(el)
        self._flush()
        return self.out

    def _flush(self):
        line = _WS().sub(" ", "".join(self.cur)).strip(" ")
        if line.strip():
            self.out.append(line)
        self.cur = []

    def _text(self, s: str | None):
        if s:
            self.cur.append(s)

    def _walk(self, el):
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag in ("ul", "ol", "div", "table", "dl") and _link_dense(el):
            return
        if tag == "table" and not _is_layout_table(el):
            self._flush()
            from .tables import render as render_table   # here: a .txt run need not import it

            self.out.extend(render_table(_grid(el)))
            return
        block = tag in _BLOCK
        if block:
            self._flush()
        self._text(el.text)
        for child in el:
            self._walk(child)
            self._text(child.tail)
        if tag in ("td", "th"):
            self.cur.append(" ")  # cells of a layout row stay apart
        if block:
            self._flush()


def _is_layout_table(table) -> bool:
    """A table used to lay out the page (the body inside a cell), not a table of data."""
    if table.find(".//table") is not None:
        return True
    from .tables import has_roles

    if has_roles(_grid(table)):
        return False
    for cell in table.iter("td", "th"):
        if sum(1 for _ in cell.iter("p", "div", "br")) > 12 or len("".join(cell.itertext())) > 1500:
            return True
    return False


def _cell_lines(cell) -> list[str]:
    return _Renderer().lines(cell)


def _grid(table) -> list[list[list[str]]]:
    """Rows of cells with rowspan/colspan spread over the positions they cover."""
    grid: list[list[list[str]]] = []
    pending: dict[tuple[int, int], list[str]] = {}
    for r, tr in enumerate(table.iter("tr")):
        row: list[list[str]] = []
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            lines = _cell_lines(cell)
            rs = _span(cell.get("rowspan"))
            cs = _span(cell.get("colspan"))
            for dc in range(cs):
                row.append(lines)
                for dr in range(1, rs):
                    pending[(r + dr, c + dc)] = lines
            c += cs
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        grid.append(row)
    return grid


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 50))
    except ValueError:
        return 1
