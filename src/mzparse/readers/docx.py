"""Word (.docx): paragraphs and tables in order, automatic numbering as the marker it shows.

A Word list shows ``一、`` ``（一）`` ``1.`` that is not in the paragraph's text:
Word draws it from the numbering definitions (word/numbering.xml), a paragraph's
``w:numPr`` or its style's, and counters it keeps per list. python-docx does not
render them, so this reader does, from the package's XML with the standard
library: a lost marker would lose the clause. Headers and footers are furniture
(``SourceText.furniture``), not text; text boxes (a red banner, a 发文字号 placed
in a frame) are read where they are anchored; tables go through readers/tables.py.
"""
from __future__ import annotations

import re

from ..errors import MzparseError
from .base import Reader, SourceText, brief as _brief

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class DocxReader(Reader):
    """Word .docx (a ZIP holding word/document.xml): body text, Word's numbering as markers."""
    name = "docx"
    suffixes = (".docx", ".docm", ".dotx")

    def sniff(self, head: bytes, suffix: str) -> bool:
        """A ZIP archive that holds word/ (or is named .docx)."""
        return head.startswith(b"PK\x03\x04") and (b"word/" in head or suffix in self.suffixes)

    def read(self, data: bytes) -> SourceText:
        """A .docx file's bytes → its body's text (tables rendered as text), headers and footers as furniture."""
        import io
        import zipfile
        import zlib
        from xml.etree import ElementTree as ET

        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise MzparseError("a ZIP archive without word/document.xml, not a .docx document")
            doc = ET.fromstring(zf.read("word/document.xml"))
            numbering = Numbering(_xml(zf, "word/numbering.xml", names), _xml(zf, "word/styles.xml", names))
            furniture = tuple(
                line for n in sorted(names) if re.fullmatch(r"word/(header|footer)\d*\.xml", n)
                for line in _Body(Numbering(None, None)).lines(ET.fromstring(zf.read(n))) if line.strip())
        except MzparseError:
            raise
        except (zipfile.BadZipFile, ET.ParseError, KeyError, OSError, EOFError, ValueError, zlib.error) as exc:
            raise MzparseError(f"a damaged .docx file ({_brief(exc)})") from None
        body = doc.find(f"{W}body")
        lines = _Body(numbering).lines(body) if body is not None else []
        text = "\n".join(lines).strip("\n")
        if not text.strip():
            raise MzparseError("a .docx document with no text in it")
        return SourceText(text + "\n", "binary", "docx", {}, furniture)


def _xml(zf, name: str, names: set[str]):
    from xml.etree import ElementTree as ET

    return ET.fromstring(zf.read(name)) if name in names else None


def _val(el, tag: str, default=None):
    child = el.find(f"{W}{tag}") if el is not None else None
    return child.get(f"{W}val", default) if child is not None else default


# --- numbering ----------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting shows them)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + cn_number(rest) if rest < 10 else
                                  ("一" + cn_number(rest) if rest < 20 else cn_number(rest)))
    return _CN_DIGITS[n // 100] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Number ``n`` in Word's numbering format ``fmt`` (chineseCounting 3 → 三, upperRoman 4 → IV)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "ideographLegalTraditional"):
        return cn_number(n)
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n)).replace("零", "〇")
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    """The numbering definitions and the counters Word keeps while it lays the document out."""

    def __init__(self, numbering, styles):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            for an in numbering.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in an.iter(f"{W}lvl"):
                    levels[int(lvl.get(f"{W}ilvl", "0"))] = {
                        "start": int(_val(lvl, "start", "1")), "fmt": _val(lvl, "numFmt", "decimal"),
                        "text": _val(lvl, "lvlText", ""), "legal": lvl.find(f"{W}isLgl") is not None,
                        "suff": _val(lvl, "suff", "tab"), "restart": _val(lvl, "lvlRestart")}
                self.abstract[an.get(f"{W}abstractNumId")] = levels
            for num in numbering.iter(f"{W}num"):
                overrides = {}
                for ov in num.iter(f"{W}lvlOverride"):
                    start = _val(ov, "startOverride")
                    if start is not None:
                        overrides[int(ov.get(f"{W}ilvl", "0"))] = int(start)
                self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId"), overrides)
        if styles is not None:
            own, based = {}, {}
            for st in styles.iter(f"{W}style"):
                sid = st.get(f"{W}styleId")
                based[sid] = _val(st, "basedOn")
                numpr = st.find(f"{W}pPr/{W}numPr")
                if numpr is not None and _val(numpr, "numId"):
                    own[sid] = (_val(numpr, "numId"), int(_val(numpr, "ilvl", "0")))
            for sid in based:  # a style based on a numbered one (标题 2 on 标题 1) is numbered too
                seen, cur = set(), sid
                while cur and cur not in own and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur)
                if cur in own:
                    self.style_num[sid] = own[cur]

    def marker(self, ppr) -> str:
        """The marker Word shows before this paragraph (advancing the list's counters), or ''."""
        num_id, ilvl = None, 0
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        style = _val(ppr, "pStyle")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if numpr is not None:
            num_id = _val(numpr, "numId", num_id)
            ilvl = int(_val(numpr, "ilvl", str(ilvl)))
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        # Lists that share a definition continue each other's count, unless one restarts it.
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        lvl = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, lvl["start"] - 1) + 1
        # A deeper level starts again after this one, unless its w:lvlRestart says otherwise
        # (0: never, as in lists whose items run on across sections; N: only after level N).
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, {}).get("restart")
            if restart is None or (restart.isdigit() and ilvl < int(restart) and int(restart) > 0):
                del counters[deeper]

        def value(m: "re.Match[str]") -> str:
            k = int(m.group(1)) - 1
            spec = levels.get(k, lvl)
            n = counters.get(k, spec["start"])
            return format_number(n, "decimal" if lvl["legal"] and spec["fmt"] != "decimal" else spec["fmt"])

        text = re.sub(r"%(\d)", value, lvl["text"])
        if lvl["fmt"] == "bullet" or not text:
            return ""  # a bullet is no ordinal: the text alone is the item
        # Word puts a tab or a space after the number; a Chinese marker (一、 （一）) needs none.
        sep = "" if lvl["suff"] == "nothing" or text[-1] in "、）．：" else " "
        return text + sep


# --- body ------------------------------------------------------------------------------------

class _Body:
    def __init__(self, numbering: Numbering):
        self.numbering = numbering

    def lines(self, container) -> list[str]:
        """The lines of a body-like element: paragraphs, tables and content controls, in order."""
        out: list[str] = []
        for el in container:
            tag = el.tag
            if tag == f"{W}p":
                out.extend(self.paragraph(el))
            elif tag == f"{W}tbl":
                from .tables import render as render_table   # here: a .txt run need not import it

                out.extend(render_table(self.grid(el)))
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = el.find(f"{W}sdtContent") if tag == f"{W}sdt" else el
                if content is not None:
                    out.extend(self.lines(content))
        return out

    def paragraph(self, p) -> list[str]:
        """One paragraph → its lines (text boxes first), the numbering marker before the first."""
        boxes: list[str] = []
        for box in p.iter(f"{W}txbxContent"):
            if not _inside_fallback(p, box):
                boxes.extend(self.lines(box))
        marker = self.numbering.marker(p.find(f"{W}pPr"))
        text = "".join(_runs(p))
        lines = text.split("\n")
        lines[0] = marker + lines[0]
        return boxes + lines

    def grid(self, tbl) -> list[list[list[str]]]:
        """A table → rows of cells, each cell its lines; merged cells repeated where they span."""
        rows: list[list[list[str]]] = []
        above: dict[int, list[str]] = {}
        for tr in tbl.findall(f"{W}tr"):
            row: list[list[str]] = []
            col = 0
            for tc in tr.findall(f"{W}tc"):
                pr = tc.find(f"{W}tcPr")
                span = int(_val(pr, "gridSpan", "1") or 1)
                vmerge = pr.find(f"{W}vMerge") if pr is not None else None
                if vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue" and col in above:
                    cell = above[col]   # the merged cell above covers this one
                else:
                    cell = [ln for ln in self.lines(tc) if ln.strip()]
                for k in range(span):
                    row.append(cell)
                    above[col + k] = cell
                col += span
            rows.append(row)
        return rows


def _inside_fallback(root, el) -> bool:
    """A text box drawn twice (DrawingML, and VML inside mc:Fallback) is read once."""
    parents = {c: p for p in root.iter() for c in p}
    node = el
    while node in parents:
        node = parents[node]
        if node.tag == _MC_FALLBACK:
            return True
    return False


def _runs(p):
    """The paragraph's visible text: runs, hyperlinks, insertions; not deletions, fields' codes, text boxes."""
    for el in p:
        tag = el.tag
        if tag == f"{W}r":
            for c in el:
                t = c.tag
                if t == f"{W}t":
                    yield c.text or ""
                elif t == f"{W}tab":
                    yield "\t"
                elif t in (f"{W}br", f"{W}cr"):
                    yield "\n"
                elif t == f"{W}noBreakHyphen":
                    yield "-"
        elif tag in (f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}fldSimple", f"{W}customXml"):
            yield from _runs(el)
        elif tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                yield from _runs(content)
