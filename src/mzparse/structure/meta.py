"""Stage 5: the document's metadata from its header, closing and citations."""
from __future__ import annotations

import regex

from . import layout as L
from ..lang.dates import DOCNO, FULL_DATE, parse_full_date
from ..models import Cited, Meta

_WEB_FIELD = regex.compile(r"(?P<key>标题|发文字号|文号|成文日期|发文机关|发布机构)\s*[:：]\s*(?P<val>.*?)\s*(?=(?:•|组配分类|发布日期|$))")
_CITE = regex.compile(r"《(?P<title>[^《》\n]{1,200})》\s*(?:[(\[](?P<no>[^()\[\]\n]{2,30}?)[)\]])?")


def _clean(s: str) -> str:
    return "".join(s.split())


def docno_text(simplified: str, m: "regex.Match[str]") -> str:
    return _clean(simplified[m.start():m.end()])


def read(texts, lay: L.Layout, hints: dict | None = None) -> Meta:
    """``hints``: fields a reader found outside the printed text (a web page's disclosure table)."""
    work, simp = texts.work, texts.simplified
    title, _ = L.title_text(simp, lay.title_lines)
    web = {}
    for ln in lay.lines:
        if ln.role == L.FURNITURE:
            for m in _WEB_FIELD.finditer(ln.text):
                if m.group("val"):
                    web.setdefault(m.group("key"), (ln.start + m.start("val"), ln.start + m.end("val")))
    doc_number = None
    header_lines = [ln for ln in lay.lines if ln.end <= lay.body_start]
    for ln in header_lines:
        if ln.role == L.DOCNO_LINE:
            m = DOCNO.search(work, ln.start, ln.end)
            doc_number = docno_text(simp, m)
            break
    if doc_number is None:
        # A 发文字号 written on a title line: 国务院关于…的通知 国发〔2020〕5号.
        for ln in lay.title_lines:
            m = DOCNO.search(work, ln.start, ln.end)
            if m and m.group("hao"):
                doc_number = docno_text(simp, m)
                break
    if doc_number is None:
        for key in ("发文字号", "文号"):
            if key in web:
                m = DOCNO.search(work, *web[key])
                if m:
                    doc_number = docno_text(simp, m)
                    break
    if title is None and "标题" in web:
        title = _clean(simp[slice(*web["标题"])]) or None
    date = _signing_date(work, lay)
    if date is None and "成文日期" in web:
        m = FULL_DATE.search(work, *web["成文日期"])
        date = parse_full_date(m) if m else None
    issuers = _issuers(simp, work, lay)
    if hints:
        # The document's lines, and runs of two or three (a title printed over several lines).
        ls = [_clean(simp[ln.start:ln.end]) for ln in lay.lines if ln.role != L.BLANK]
        lines = {"".join(ls[i:i + k]) for k in (1, 2, 3) for i in range(len(ls) - k + 1)}
        title, doc_number, date = _from_hints(hints, lines, title, doc_number, date, issuers)
    recipients = []
    for ln in header_lines:
        if ln.role == L.RECIPIENTS:
            body = simp[ln.start:ln.end].rstrip(":： ")
            recipients = [p for p in (_clean(x) for x in split_top_level(body)) if p]
            break
    cited = []
    for m in _CITE.finditer(work, lay.body_start, len(work)):
        no = None
        if m.group("no"):
            dm = DOCNO.fullmatch(m.group("no").strip())
            if dm:
                no = _clean(simp[m.start("no"):m.end("no")])
        cited.append(Cited(title=_clean(simp[m.start("title"):m.end("title")]), doc_number=no))
    return Meta(title=title, doc_number=doc_number, date=date, issuers=issuers, recipients=recipients, cited=cited)


def _from_hints(hints: dict, lines: set[str], title, doc_number, date, issuers: list[str]):
    """Fill what the printed header lacks from what the publisher states about the document.

    The publisher's title also settles a header that prints several title-like lines (广州市人民政府令 /
    第179号 / 广州市老年人优待办法): when the document prints it (on one line or over up to three), it is
    the title.
    """
    from ..lang.agencies import covers
    from ..lang.script import half_width, to_simplified

    hint = _clean(to_simplified(hints.get("title") or ""))
    if hint and (title is None or hint in lines):
        title = hint
    if doc_number is None and hints.get("doc_number"):
        m = DOCNO.search(half_width(to_simplified(hints["doc_number"])))
        doc_number = docno_text(to_simplified(hints["doc_number"]), m) if m else None
    # The signing date (成文日期); else the publication date, when the document gives no date of its own.
    date = date or hints.get("date") or hints.get("pub_date")
    if not issuers:
        for key in ("issuer", "source"):
            name = _clean(to_simplified(hints.get(key) or ""))
            if name and covers(half_width(name)):
                issuers.append(name)
                break
    return title, doc_number, date


def split_top_level(text: str, seps: str = "、,，;；") -> list[str]:
    """Split at separators outside brackets: 各市、县(市、区)委 → 各市, 县(市、区)委."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "(（[［":
            depth += 1
        elif ch in ")）]］" and depth:
            depth -= 1
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _signing_date(work: str, lay: L.Layout) -> str | None:
    """成文日期: a date line in the closing or after a cover letter's signature, else the 发文字号 line's."""
    candidates = []
    for ln in lay.lines:
        if ln.role in (L.DATE, L.CLOSING, L.DOCNO_LINE):
            m = FULL_DATE.search(work, ln.start, ln.end)
            if m:
                d = parse_full_date(m)
                if d:
                    rank = 0 if ln.role == L.DATE else 1 if ln.role == L.DOCNO_LINE else 2
                    candidates.append((rank, ln.start, d))
    if not candidates:
        return None
    candidates.sort()
    return candidates[0][2]


def _issuers(simp: str, work: str, lay: L.Layout) -> list[str]:
    from ..lang.agencies import find

    out: list[str] = []

    def add_from(a, b):
        for mn in find(work, a, b):
            name = _clean(simp[mn.start:mn.end])
            if name not in out:
                out.append(name)

    for ln in lay.lines:
        if ln.role == L.BANNER:
            add_from(ln.start, ln.end)
        elif ln.role == L.ISSUERS:
            add_from(ln.start, ln.end)
    if not out:
        # The closing's signature lines (after the body).
        for ln in lay.lines:
            if ln.role == L.SIGNATURE and ln.start >= lay.body_end:
                add_from(ln.start, ln.end)
    if not out and lay.title_lines:
        # A title that opens with its issuers: 省委办公厅省政府办公厅印发《…》的通知, 民政部关于….
        t0 = lay.title_lines[0]
        m = regex.search(r"关于|印发|转发|批转|《", work[t0.start:t0.end])
        if m:
            add_from(t0.start, t0.start + m.start())
    if not out:
        for ln in lay.lines:
            if ln.role == L.SIGNATURE:
                add_from(ln.start, ln.end)
    return out
