"""Stage 5: the document's metadata from its header, closing and citations."""
from __future__ import annotations

import re
from itertools import compress
from operator import attrgetter, not_

import regex

from . import layout
from ..lang.dates import DOCNO, FULL_DATE, HISTORY_DATE, damaged_date, parse_full_date, parse_history_date
from ..records import Cited, Context, Meta

_CITE = regex.compile(r"《(?P<title>[^《》\n]{1,200})》\s*(?:[(\[](?P<no>[^()\[\]\n]{2,30}?)[)\]])?")
# Its groups read by number: regex's reading by name copies the pattern's index of names each time.
_CITE_TITLE, _CITE_NO = _CITE.groupindex["title"], _CITE.groupindex["no"]


def _clean(s: str) -> str:
    return "".join(s.split())


def _roles(lines: list) -> dict[str, list[int]]:
    """Each role's lines but the body's and blank ones, by index in document order: the readers
    below visit only the lines of the roles they read, not every line of the document again."""
    at: dict[str, list[int]] = {}
    roles = list(map(_ROLE, lines))
    # Body and blank lines (nearly all of a law's) are left out in C: no reader asks for them.
    for i in compress(range(len(roles)), map(not_, map(_UNREAD.__contains__, roles))):
        at.setdefault(roles[i], []).append(i)
    return at


_ROLE = attrgetter("role")
_UNREAD = frozenset({layout.BODY, layout.BLANK})


def _among(at: dict[str, list[int]], *roles: str) -> list[int]:
    """The indices of the lines of ``roles``, in document order."""
    return sorted(i for role in roles for i in at.get(role, ()))


def _previous(lines: list, i: int):
    """The last line before ``lines[i]`` that is not blank, or None."""
    i -= 1
    while i >= 0 and lines[i].role == layout.BLANK:
        i -= 1
    return lines[i] if i >= 0 else None


def docno_text(simplified: str, m: "regex.Match[str]") -> str:
    """The 发文字号 a DOCNO match covers, from the simplified text, blanks removed."""
    return _clean(simplified[m.start():m.end()])


def read(texts, lay: layout.Layout, hints: dict | None = None) -> Meta:
    """In: the normalised ``texts`` and their layout; out: a :class:`~mzparse.records.Meta` record.

    ``hints``: fields a reader found outside the printed text (a web page's disclosure table)."""
    work, simp = texts.work, texts.simplified
    title, _ = layout.title_text(simp, lay.title_lines)
    web = lay.fields
    rows, at = lay.lines, _roles(lay.lines)
    history = _history(texts, lay, at)
    doc_number = None
    for i in at.get(layout.DOCNO_LINE, ()):   # the header's, or a cover letter's in the preamble
        ln = rows[i]
        m = DOCNO.search(work, ln.start, ln.end)
        if m:
            doc_number = docno_text(simp, m)
            break
        prev = _previous(rows, i)
        if prev is not None and prev.role == layout.BANNER and prev.text.endswith("令"):
            # 某某市人民政府令 / 第179号: the decree's number with the decree's name.
            doc_number = _clean(simp[prev.start:prev.end] + simp[ln.start:ln.end])
            break
        if "/" in ln.text:
            doc_number = _clean(simp[ln.start:ln.end])   # 第12/2020号法律
            break
    if doc_number is None:
        # A 发文字号 written on a title line: 国务院关于…的通知 国发〔2020〕5号.
        for ln in lay.title_lines:
            m = DOCNO.search(work, ln.start, ln.end)
            if m and m.group("hao"):
                doc_number = docno_text(simp, m)
                break
    if doc_number is None and "doc_number" in web:
        m = DOCNO.search(work, *web["doc_number"])
        if m:
            doc_number = docno_text(simp, m)
    if doc_number is None:
        # A regulation's decree number: that of the latest event of its history that has one.
        numbered = [(d, no) for d, _, no in history if no]
        if numbered:
            doc_number = max(numbered)[1]
    if "title" in web and (title is None or not layout.ends_like_title(title)):
        # A database's 法规名称 / a disclosure table's 标题 where nothing printed reads as a title.
        title = _clean(simp[slice(*web["title"])]) or title
    date = _date(work, lay, history, at)
    issuers = _issuers(texts, lay, at)
    if hints:
        # The document's lines, and runs of two or three (a title printed over several lines).
        ls = [_clean(simp[ln.start:ln.end]) for ln in lay.lines if ln.role != layout.BLANK]
        lines = {"".join(ls[i:i + k]) for k in (1, 2, 3) for i in range(len(ls) - k + 1)}
        title, doc_number, date = _from_hints(hints, lines, title, doc_number, date, issuers)
    recipients = []
    for i in at.get(layout.RECIPIENTS, ()):
        ln = rows[i]
        if ln.end <= lay.body_start:   # in the header
            body = simp[ln.start:ln.end].rstrip(":： ")
            recipients = [p for p in (_clean(x) for x in split_top_level(body)) if p]
            break
    cited = []
    for m in _CITE.finditer(work, lay.body_start, len(work)):
        no = None
        if m.group(_CITE_NO):
            dm = DOCNO.fullmatch(m.group(_CITE_NO).strip())
            if dm:
                no = _clean(simp[slice(*m.span(_CITE_NO))])
        cited.append(Cited(title=_clean(simp[slice(*m.span(_CITE_TITLE))]), doc_number=no))
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


def _line_date(work: str, ln: layout.Line) -> str | None:
    m = FULL_DATE.search(work, ln.start, ln.end)
    return parse_full_date(m) if m else damaged_date(ln.text) if ln.role == layout.DATE else None


def _field_date(work: str, lay: layout.Layout, key: str) -> str | None:
    if key not in lay.fields:
        return None
    m = HISTORY_DATE.search(work, *lay.fields[key])   # also 民国109年05月27日
    return parse_history_date(m) if m else None


def _date(work: str, lay: layout.Layout, history, at: dict[str, list[int]]) -> str | None:
    """CONTRACT `### Meta`: the signing date; else a regulation's latest history date; else the
    page's own publication date."""
    by_role: dict[str, list[tuple[int, str]]] = {}
    lines = lay.lines
    for i in _among(at, layout.DATE, layout.CLOSING, layout.DOCNO_LINE):
        ln = lines[i]
        d = _line_date(work, ln)
        if d:
            # A date under a signature first, a page's time stamp (2022-09-16) last.
            prev = _previous(lines, i)
            rank = (prev is None or prev.role != layout.SIGNATURE) + 2 * bool(_STAMP.search(ln.text))
            by_role.setdefault(ln.role, []).append((rank, d))
    by_role = {role: [d for _, d in sorted(ds, key=lambda x: x[0])] for role, ds in by_role.items()}
    if layout.DATE in by_role:
        return by_role[layout.DATE][0]
    signed = _field_date(work, lay, "signed")
    if signed:
        return signed
    if layout.DOCNO_LINE in by_role:
        return by_role[layout.DOCNO_LINE][0]
    # The version printed: the latest event of the history (an entry into force only when alone).
    versions = [d for d, effective, _ in history if not effective]
    version = _field_date(work, lay, "version")
    if version:
        versions.append(version)
    if versions or history:
        return max(versions or [d for d, _, _ in history])
    if layout.CLOSING in by_role:
        return by_role[layout.CLOSING][0]
    return _field_date(work, lay, "published")


_STAMP = regex.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_TITLE_LEAD = re.compile("关于|印发|转发|批转|《")   # what follows a title's issuers (literal words: re)
_NOT_SPACE = re.compile(r"\S+")
_EFFECTIVE = regex.compile(r"\s*起?\s*(?:施行|实施|生效)")
_DECREE = regex.compile(r"(?:根据|经|依据)?(?P<no>[\p{Han}、()]{2,60}?令\(?第[\d一二三四五六七八九十百千零〇]+号\)?)")
# A Taiwan promulgation: 总统华总一义字第10900056521号令 (the number without the office that signs).
_ROC_DECREE = regex.compile(r"(?:总统|行政院|立法院|司法院|考试院|监察院)?(?P<no>[\p{Han}()]{1,12}?字第\d+号)令")


def _history(texts, lay: layout.Layout, at: dict[str, list[int]]) -> list[tuple[str, bool, str | None]]:
    """(date, whether it is only an entry into force, decree number) of each date of the history lines.

    An event wrapped over several lines is read joined, without blanks."""
    work, simp = texts.work, texts.simplified
    events: list[list[layout.Line]] = []
    for i in at.get(layout.HISTORY, ()):
        ln = lay.lines[i]
        if not events or layout.is_history(ln.text):
            events.append([])
        events[-1].append(ln)
    out = []
    for ev in events:
        # The runs of characters that are not blanks (re's \S: what str.isspace refuses), a slice
        # each, not a character at a time.
        keep = [m.span() for ln in ev for m in _NOT_SPACE.finditer(work, ln.start, ln.end)]
        w = "".join([work[a:b] for a, b in keep])
        sm = "".join([simp[a:b] for a, b in keep])
        first = True
        for m in HISTORY_DATE.finditer(w):
            d = parse_history_date(m)
            if not d:
                continue
            no = None
            if first:
                rest = m.end()
                dm = _DECREE.match(w, rest) or _ROC_DECREE.match(w, rest)
                no = sm[dm.start("no"):dm.end("no")] if dm else None
                first = False
            out.append((d, bool(_EFFECTIVE.match(w, m.end())), no))
    return out


def _issuers(texts, lay: layout.Layout, at: dict[str, list[int]]) -> list[str]:
    from ..lang.agencies import find

    simp, work = texts.simplified, texts.work
    out: list[str] = []
    no_level = Context()   # the issuer's own level is what is being found

    def add_from(a, b):
        for mn in find(texts, a, b, no_level):
            name = _clean(simp[mn.start:mn.end])
            if name not in out:
                out.append(name)

    lines = lay.lines
    for i in _among(at, layout.BANNER, layout.ISSUERS):
        add_from(lines[i].start, lines[i].end)
    if not out:
        # The closing's signature lines (after the body).
        for i in at.get(layout.SIGNATURE, ()):
            if lines[i].start >= lay.body_end:
                add_from(lines[i].start, lines[i].end)
    if not out and lay.title_lines:
        # A title that opens with its issuers: 省委办公厅省政府办公厅印发《…》的通知, 民政部关于….
        t0 = lay.title_lines[0]
        m = _TITLE_LEAD.search(work, t0.start, t0.end)
        if m:
            add_from(t0.start, m.start())
    if not out:
        for i in at.get(layout.SIGNATURE, ()):
            add_from(lines[i].start, lines[i].end)
    return out
