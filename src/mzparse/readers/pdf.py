"""PDF with a text layer: lines in reading order, wrapped lines joined, page furniture dropped.

pdfminer.six gives every text line with its box (pypdf gives a page's text with
no geometry; see README, "PDF"). With the boxes:

* lines are read top to bottom, left to right; pieces on one baseline are one line;
* a page number (``- 3 -``, ``第 3 页``, ``3/12``) near the top or bottom edge is dropped,
  and so is a running header or footer (a line repeated at the same edge of most pages);
  both go to ``SourceText.furniture``;
* a line wrapped at the page width is joined to the next (Chinese has no spaces): when it
  reaches the right margin and the next line does not start with a clause marker nor a
  new paragraph: an indented first line where the document indents its paragraphs,
  else a line after a sentence end. A centred title line or a signature does not reach the margin, so
  the GB/T 9704 header and closing keep their own lines.

A PDF with no text layer (a scan) is refused: it needs OCR first.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from ..cache import dataclass
from ..errors import MzparseError
from .base import Reader, SourceText, brief as _brief, lazy_pattern, require

_PAGE_NO = lazy_pattern(r"^[-—–－_\s]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
                      r"\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)[-—–－_\s]*$")
_SENTENCE_END = "。；！？：:;!?"
_CLOSERS = "」』”’》）)】"
_EDGE = 0.12   # share of the page height where page numbers and running heads live


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float      # distance from the page's top edge
    size: float
    text: str
    page_height: float


class PdfReader(Reader):
    """PDF with a text layer: lines in reading order, running heads and page numbers dropped."""
    name = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        """A file with ``%PDF-`` in its first kilobyte."""
        return b"%PDF-" in head[:1024]

    def read(self, data: bytes) -> SourceText:
        """A PDF's bytes → its lines in reading order, wrapped lines joined, furniture apart;
        a scanned PDF is refused."""
        lines, pages = _lines(data)
        if sum(len(ln.text.strip()) for ln in lines) < 10 * max(1, pages) ** 0.5:
            raise MzparseError("a scanned PDF (page images, no text layer): run OCR first, e.g. "
                               "ocrmypdf -l chi_sim in.pdf out.pdf, then give mzparse the result")
        body, furniture = _drop_furniture(lines, pages)
        text = "\n".join(join_wrapped(body))
        return SourceText(text + "\n", "binary", "pdf", {}, tuple(furniture))


def _lines(data: bytes) -> tuple[list[_Line], int]:
    require("pdfminer", "pdf", "pdfminer.six")
    import logging

    # pdfminer logs what it repairs in a damaged file; with no logging set up, Python would print
    # each warning to stderr, where mzparse promises one line per failed input.
    quiet = logging.getLogger("pdfminer")
    if not quiet.handlers:
        quiet.addHandler(logging.NullHandler())
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    out: list[_Line] = []
    pages = 0
    try:
        for pno, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.3))):
            pages += 1
            height = page.height or 842.0
            found: list[_Line] = []

            def collect(obj):
                if isinstance(obj, LTTextLine):
                    t = obj.get_text().rstrip("\n")
                    if t.strip():
                        found.append(_Line(pno, obj.x0, obj.x1, height - obj.y1, obj.height, t, height))
                elif isinstance(obj, LTTextContainer) or hasattr(obj, "__iter__"):
                    for child in obj:
                        collect(child)

            collect(page)
            out.extend(_baselines(found))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise MzparseError("an encrypted PDF: mzparse cannot read its text without the password") from None
    except MzparseError:
        raise
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on a broken file
        raise MzparseError(f"a damaged PDF ({_brief(exc)})") from None
    return out, pages


def _baselines(found: list[_Line]) -> list[_Line]:
    """The page's lines top to bottom; boxes on one baseline (a signature, a table row) made one line."""
    found.sort(key=lambda ln: (round(ln.top), ln.x0))
    merged: list[_Line] = []
    for ln in found:
        prev = merged[-1] if merged else None
        if prev and abs(prev.top - ln.top) < 0.5 * max(prev.size, ln.size) and ln.x0 >= prev.x1 - 1:
            gap = ln.x0 - prev.x1
            prev.text = prev.text + (" " if gap > 0.5 * ln.size else "") + ln.text
            prev.x1 = ln.x1
        else:
            merged.append(ln)
    return merged


def _edge(ln: _Line) -> str | None:
    if ln.top < _EDGE * ln.page_height:
        return "top"
    if ln.top > (1 - _EDGE) * ln.page_height:
        return "bottom"
    return None


def _drop_furniture(lines: list[_Line], pages: int) -> tuple[list[_Line], list[str]]:
    def key(ln):  # a running head with its page number: 第3页 and 第4页 are the same line
        return _edge(ln), re.sub(r"\d+", "#", "".join(ln.text.split()))

    repeated = Counter(key(ln) for ln in lines if _edge(ln))
    keep, furniture = [], []
    for ln in lines:
        edge = _edge(ln)
        if edge and (_PAGE_NO().match(ln.text) or pages >= 3 and repeated[key(ln)] >= max(2, pages // 2)):
            furniture.append(ln.text.strip())
        else:
            keep.append(ln)
    return keep, furniture


# A clause marker at a line start (full- or half-width): 一、 （一） 1. 1、 （1） ① 第一章/节/条.
# Not the clause grammar itself (a reader sees only its own folder): enough to keep a line apart.
_MARKER = lazy_pattern(r"[ \u3000]*(?:第[一二三四五六七八九十百零〇两\d]+[编章节条]|[一二三四五六七八九十]+[、．.]|"
                     r"[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[、．.](?!\d)|[①-⑳㈠-㈩])")


def join_wrapped(lines: list[_Line]) -> list[str]:
    """Lines as the author wrote them: a line the page width broke is joined to the next."""
    if not lines:
        return []
    right = sorted(ln.x1 for ln in lines)[int(0.9 * (len(lines) - 1))]
    left = sorted(ln.x0 for ln in lines)[int(0.1 * (len(lines) - 1))]

    def indented(ln: _Line) -> bool:
        return ln.x0 > left + 0.8 * ln.size or ln.text[:1] in " \u3000"

    # Where paragraphs open with an indent, the indent tells a new paragraph from a wrapped
    # line (a sentence may end at the margin, a heading may fill it); elsewhere a sentence end does.
    by_indent = sum(map(indented, lines)) >= 0.05 * len(lines)
    out: list[str] = []
    full, ended = False, False
    for ln in lines:
        text = ln.text.rstrip()
        new_paragraph = indented(ln) if by_indent else ended
        if full and not new_paragraph and not _MARKER().match(text):
            prev = out[-1]
            space = " " if prev[-1:].isascii() and prev[-1:].isalnum() and text.lstrip()[:1].isascii() else ""
            out[-1] = prev + space + text.lstrip(" \u3000")
        else:
            out.append(text)
        full, ended = ln.x1 >= right - 1.5 * ln.size, _ends_sentence(text)
    return out


def _ends_sentence(text: str) -> bool:
    """。 ； ！ ？ ： end a sentence, also inside a closing quote or bracket (。” ；）); a quote alone does not."""
    t = text.rstrip(_CLOSERS) if text[-1:] in _CLOSERS else text
    return t[-1:] in _SENTENCE_END
