"""Stage 3a: where the document's header, body and closing are.

Each line gets a role. The header is what comes before the body (web-page
furniture and field tables, banner, title lines, 发文字号, a regulation's
history of adoption and amendment, recipients); the closing is the trailing run
of signature, date, 印发/抄送 lines and furniture, after any link lists and
footer of the page. Inside the preamble a cover letter may carry its own
signature, date and the attached document's title; those lines are marked too,
so that entities come from the body's prose only (CONTRACT.md §2).
"""
from __future__ import annotations

from dataclasses import field
from functools import lru_cache

import regex

from ..cache import dataclass
from ..lang import grammar
from .clauses import match_marker
from ..lang.dates import DATE_LINE, DOCNO, FULL_DATE, HISTORY_DATE, damaged_date

BODY, BLANK, FURNITURE, TITLE, BANNER, DOCNO_LINE, RECIPIENTS, SIGNATURE, DATE, CLOSING, ISSUERS, HISTORY = (
    "body", "blank", "furniture", "title", "banner", "docno", "recipients", "signature", "date", "closing", "issuers",
    "history")
# Roles whose lines never yield entities.
NON_BODY = frozenset({BLANK, FURNITURE, TITLE, BANNER, DOCNO_LINE, RECIPIENTS, SIGNATURE, DATE, CLOSING, ISSUERS,
                      HISTORY})


@dataclass(slots=True)
class Line:
    """One line of the working text: its span, role (body, title, date…) and stripped text."""
    start: int
    end: int
    role: str = BODY
    # The working text the span indexes: ``text`` is sliced from it when read, not held by each
    # line (a 50 MB document has ~226,000 lines: their own copies were ~45 MiB at its peak).
    work: str = field(default="", repr=False, compare=False)

    @property
    def text(self) -> str:
        """The line's stripped working text (leading blanks and bullets, trailing blanks left out)."""
        return self.work[self.start:self.end]


@dataclass
class Layout:
    """Where a document's parts are: every line with its role, the body's bounds, the title's
    lines and the values of disclosure fields."""
    lines: list[Line]
    body_start: int
    body_end: int
    title_lines: list[Line]
    # Values of disclosure-table and database fields: meta key → (start, end) of the first value.
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _rx():
    lay = grammar.load("structure/layout")
    return {
        # Line-start patterns are tried once at the start; only the others are searched along the line.
        "furniture_start": grammar.compile("|".join(f"(?:{p})" for p in lay["furniture"]["patterns"]
                                                     if p.startswith("^"))),
        "furniture_any": grammar.compile("|".join(f"(?:{p})" for p in lay["furniture"]["patterns"]
                                                   if not p.startswith("^"))),
        # See may_be_furniture (by re: a scan for a few characters in C).
        "furniture_needles": grammar.compile_re("[字扫首备网:：】\\]]"),
        "trailer": grammar.compile(lay["furniture"]["title_trailer"]),
        # An ending may carry a short note in brackets: …办法(试行), …条例(2020年修订).
        "title_end": grammar.compile("(?:" + grammar.alternation(lay["title"]["endings"])
                                      + r")(?:\([^()]{1,10}\))?[》”\"]?$"),
        "title_period": grammar.compile(lay["title"]["period"]),
        "banner": grammar.compile(lay["banner"]["pattern"]),
        "decree_number": grammar.compile(lay["banner"]["decree_number"]),
        "recipients": grammar.compile(lay["recipients"]["pattern"]),
        "closing": grammar.compile("|".join(f"(?:{p})" for p in lay["closing"]["patterns"])),
        "dated_act": grammar.compile(lay["closing"]["dated_act"].replace("{date}", FULL_DATE.pattern)),
        "officer": grammar.compile(lay["closing"]["officer"]),
        "adoption": grammar.compile(lay["adoption"]["pattern"]),
        "history": grammar.compile(lay["history"]["pattern"].replace("{date}", HISTORY_DATE.pattern).replace(
            "{acts}", grammar.alternation(lay["history"]["acts"]))),
        "history_end": grammar.compile(lay["history"]["ends"]),
        "tail": grammar.compile(lay["furniture"]["tail"]),
        "footer": grammar.compile(lay["furniture"]["footer"]),
        **_field_rx(lay["fields"]),
        "attachments": grammar.compile(lay["attachments"]["pattern"]),
    }


def _label(word: str) -> str:
    # Tables space labels out to a common width: 索 引 号, 标　　题 (ideographic blanks are blanks here).
    return r"\s*".join(regex.escape(c) for c in word)


def _field_rx(spec: dict) -> dict:
    key_of = {w: key for key, words in spec.items() if key != "examples" for w in words}
    labels = "|".join(_label(w) for w in sorted(key_of, key=lambda w: (-len(w), w)))
    # At the line start (after a bullet), or after a blank for the second field of a row.
    at = rf"(?:^(?:•\s*)?|(?<=\s))[【\[]?\s*(?P<label>{labels})\s*(?:[】\]]\s*:?|:)"
    return {"field_at": grammar.compile(at), "field_alone": grammar.compile(rf"^(?:{labels})$"),
            "field_key": {_BLANK_RX.sub("", w): k for w, k in key_of.items()}}


_BLANK_RX = grammar.compile(r"\s")


def fields_of(text: str) -> list[tuple[str, int, int]]:
    """(meta key, value start, value end) of each field on a line that starts with a label."""
    if ":" not in text and "】" not in text and "]" not in text:
        return []   # every field has a colon or a bracketed label: most lines stop here
    rx = _rx()
    if not rx["field_at"].match(text):
        return []
    hits = list(rx["field_at"].finditer(text))
    out = []
    for h, nxt in zip(hits, hits[1:] + [None]):
        vs, ve = h.end(), nxt.start() if nxt else len(text)
        while vs < ve and text[vs] in " •":
            vs += 1
        while ve > vs and text[ve - 1] == " ":
            ve -= 1
        out.append((rx["field_key"][_BLANK_RX.sub("", h.group("label"))], vs, ve))
    return out


# Prose, not a title: a sentence end, or a comma or colon in a long line.
# The last alternative (a ,、: with a ,。; after it) is anchored at the first ,、: so that a
# long list without a sentence end is scanned once, not once per 、.
_PROSE = grammar.compile(r"[。;!?]|^(?=.{25,}).*,|^(?=.{16,}).*:$|^[^,、:\n]*+[,、:].*[,。;]")
_HAS_PUNCT = grammar.compile(r"[。,;:!?、“”\"《》()]")


_LEAD = " •·●◆■▪◇○"
_FURNITURE_MAX = 160  # a longer line is text that merely mentions 来源:, 字体…

# What a furniture line must have (layout.toml [furniture] and [fields]): one of these first
# characters (a pattern anchored at the line start: 【打印】, 上一篇, Produced, 版权所有, a
# page button, a search box, www., or a blank before a button) or one of ``furniture_needles``
# anywhere (字体, 扫一扫, 首页, ICP备/公网安备, 网站标识码, the colon of every label and of
# 来源:/提示:/http:, a field's bracket). Short lines of the body are tried by this before the
# patterns (most are clause headings: 第一章 总则); tests/structure/test_layout_prefilter.py
# holds it to every pattern. The blanks: what \s reads, by str.isspace and by regex.
_FURNITURE_FIRST = frozenset("【[上下P打关返分收相政附网联共全纠保精开高站搜检请w©C版"
                             "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                             "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def may_be_furniture(text: str) -> bool:
    """False where no furniture pattern or field label can match ``text`` (a cheap test)."""
    return bool(text) and _may_be_furniture_at(text, 0, len(text))


def _may_be_furniture_at(work: str, start: int, end: int) -> bool:
    """:func:`may_be_furniture` of the non-empty work[start:end], read in place (no slice): what
    ``analyse`` asks of each short body line (the function the prefilter's test holds)."""
    return work[start] in _FURNITURE_FIRST or _rx()["furniture_needles"].search(work, start, end) is not None


def split_lines(work: str) -> list[Line]:
    """The working text → its lines, leading blanks and bullets left out, empty ones BLANK."""
    out, pos = [], 0
    append, lead = out.append, _LEAD
    for raw in work.split("\n"):
        if not raw:   # an empty line (half a law's lines): nothing to strip
            append(Line(pos, pos, BLANK, work))
            pos += 1
            continue
        # Leading blanks and list bullets of web pages are not part of a line's text.
        text = raw.lstrip(lead)
        n = len(raw)
        start = pos + n - len(text)
        end = start + len(text.rstrip(" "))
        append(Line(start, end, BODY if end > start else BLANK, work))
        pos += n + 1
    return out


def is_signature(text: str) -> bool:
    """A line made of agency names only (with blanks or 、 between)."""
    from ..lang.agencies import covers

    t = text.replace(" ", "").replace("、", "")
    return 2 <= len(t) <= 60 and not _HAS_PUNCT.search(t) and covers(t)


# Labels that a document's own body uses for its items (名称:, 时间:); among clauses they are not furniture.
_BODY_LABELS = frozenset({"title", "published", "doc_number"})


def _is_furniture(text: str, in_body: bool = False) -> bool:
    if len(text) > _FURNITURE_MAX:
        return False
    rx = _rx()
    if rx["furniture_start"].match(text) or rx["furniture_any"].search(text):
        return True
    if in_body:
        found = fields_of(text)
        return bool(found) and all(k not in _BODY_LABELS for k, _, _ in found) and "。" not in text
    return bool(rx["field_alone"].match(text) or fields_of(text))


def is_history(text: str) -> bool:
    """An event of a law's history: adoption, approval, promulgation, amendment, entry into force."""
    return len(text) <= 640 and bool(_rx()["history"].match(text))


def _is_closing(text: str) -> bool:
    return len(text) <= _FURNITURE_MAX and bool(_rx()["closing"].search(text))


def _is_title(text: str) -> bool:
    return len(text) <= 80 and not any(c in text for c in "。;!?")


def _header_role(line: Line) -> str | None:
    rx = _rx()
    t = line.text
    if _is_furniture(t):
        return FURNITURE
    if is_history(t) and not DATE_LINE.match(t) or rx["adoption"].match(t):
        return HISTORY
    if rx["banner"].match(t):
        return BANNER
    if rx["decree_number"].match(t):
        return DOCNO_LINE
    if rx["recipients"].match(t):
        return RECIPIENTS
    # A 发文字号 opens its year with a bracket: a line without one is not searched (history lines
    # of laws are long, and DOCNO's search tries each Han character as the issuer's first).
    m = DOCNO.search(t) if _DOCNO_NEEDLE(t) else None
    if m and len(t) <= 60 and not _PROSE.search(t):
        # Only when little else is on the line (a date, 签发人): else it is a title that cites one.
        rest = FULL_DATE.sub("", t[:m.start()] + t[m.end():])
        rest = regex.sub(r"签发人\s*[:：]?\s*\S*|[\s()]", "", rest)
        if len(rest) <= 8:
            return DOCNO_LINE
    if is_date_line(t):
        return DATE
    return None


# What every DOCNO match holds: its opening bracket with the year's first two digits after it.
_DOCNO_NEEDLE = grammar.compile_re(r"[〔\[【(](?:19|20)").search


def is_date_line(text: str) -> bool:
    """Whether a line is only a date (a signing date, or a date with 签署/通过…)."""
    return bool(DATE_LINE.match(text) or _rx()["dated_act"].match(text)) or damaged_date(text) is not None


def is_officer(text: str) -> bool:
    """The signing officer's title and name: 立法会主席 某某某, 市 长:某某."""
    return len(text) <= 40 and bool(_rx()["officer"].match("".join(text.split())))


def analyse(work: str) -> Layout:
    """Stage 3a: the working text → its :class:`Layout` (header, body and closing, each line's role)."""
    lines = split_lines(work)
    rx = _rx()
    n = len(lines)
    fields: dict[str, tuple[int, int]] = {}

    def record(ln: Line, key: str, vs: int, ve: int) -> None:
        if ve > vs:
            fields.setdefault(key, (ln.start + vs, ln.start + ve))

    # Header: scan from the top until the first line of body prose or the first marker.
    i, title_done, title_lines, blocks = 0, False, [], []
    last_title, dup = "", ""     # the last complete title; a repeat of it being read
    hist_open = in_history = False
    while i < n:
        ln = lines[i]
        if ln.role == BLANK:
            i += 1
            continue
        adjacent = i > 0 and lines[i - 1].role != BLANK
        if in_history and "。" not in ln.text and (
                hist_open and not match_marker(ln.text) or adjacent and _indented(work, ln)
                or ln.text.startswith(("根据", "(根据")) and rx["history_end"].search(ln.text)):
            # A history event wrapped onto this line (…《关于修改〈…条例〉 / 的决定》修正), or an
            # undated one (根据《国务院关于修改部分行政法规的决定》修订).
            ln.role = HISTORY
            hist_open = not rx["history_end"].search(ln.text)
            i += 1
            continue
        role = _header_role(ln)
        if role is None and _wrapped_event(lines, i):
            role = HISTORY
        elif role is None and title_done and _is_title(ln.text) and len(ln.text) <= 20 and \
                not _continues_title(blocks, ln) and _history_follows(lines, i):
            role = TITLE   # a part's name under the title: 中华人民共和国民法典 / 人格权编
        in_history = role == HISTORY
        if role:
            ln.role = role
            title_done = False  # another title may follow the banner, 发文字号 or furniture
            if title_lines:
                blocks.append(title_lines)
                title_lines = []
            if role == HISTORY:
                hist_open = not rx["history_end"].search(ln.text)
            elif role == FURNITURE:
                i = _field_line(lines, i, record)
            i += 1
            continue
        if match_marker(ln.text) or _PROSE.search(ln.text) and len(ln.text) > 15:
            break
        if not title_lines and not blocks and is_signature(ln.text) and not rx["title_end"].search(ln.text):
            ln.role = ISSUERS
            i += 1
            continue
        flat = "".join(ln.text.split())
        if last_title and not title_lines and last_title.startswith(dup + flat):
            # The title printed twice (a page's heading and the document's own).
            ln.role = TITLE
            dup += flat
            i += 1
            continue
        if title_done and (_continues_title(blocks, ln) or rx["title_period"].match(ln.text)):
            # …发展规划 / (2021-2025年): the period the title covers is part of it.
            ln.role = TITLE
            blocks[-1].append(ln)
            last_title += flat
            i += 1
            continue
        if title_done or not _is_title(ln.text) or len(title_lines) >= 4:
            break
        ln.role = TITLE
        title_lines.append(ln)
        if rx["title_end"].search(rx["trailer"].sub("", ln.text)):
            blocks.append(title_lines)
            last_title, dup = "".join("".join(x.text.split()) for x in title_lines), ""
            title_lines = []
            # A completed title is followed by header lines or by the body.
            title_done = True
        i += 1
    if title_lines:
        blocks.append(title_lines)
    body_first = i
    # A page's trailing link lists (相关链接, 友情链接, department sites) and footer: furniture to
    # the end, from the first such line after the last sentence or marker of the document.
    end = n
    for k in range(n - 1, body_first - 1, -1):
        t = lines[k].text
        if lines[k].role == BLANK:
            continue
        if rx["tail"].match(t) or len(t) <= _FURNITURE_MAX and rx["footer"].search(t):
            end = k
        elif "。" in t or match_marker(t):
            break
    for x in lines[end:]:
        if x.role != BLANK:
            x.role = FURNITURE
    # Closing: the trailing run of furniture, signature, date and closing lines.
    j = end - 1
    while j >= body_first:
        ln = lines[j]
        t = ln.text
        if ln.role == BLANK:
            j -= 1
            continue
        if _is_furniture(t) or _is_link_list(t):
            ln.role = FURNITURE
            for key, vs, ve in fields_of(t):
                record(ln, key, vs, ve)
        elif _is_closing(t):
            ln.role = CLOSING
        elif is_date_line(t):
            ln.role = DATE
        elif is_signature(t) and not match_marker(t) or is_officer(t):
            ln.role = SIGNATURE
        else:
            break
        j -= 1
    body_last = _before_attachment_list(lines, body_first, j)
    # Inside the preamble: a cover letter's signature, date and the attachment's title;
    # after it, only short furniture lines.
    in_preamble = True
    for k in range(body_first, body_last + 1):
        ln = lines[k]
        role = ln.role
        if role == BLANK:
            continue
        if in_preamble and match_marker(ln.text):
            in_preamble = False
        if not in_preamble:
            # The text is read only where it is needed (it is sliced from the working text); a
            # BODY line is never empty.
            if role == BODY and ln.end - ln.start < 40 and _may_be_furniture_at(work, ln.start, ln.end) \
                    and _is_furniture(ln.text, in_body=True):
                ln.role = FURNITURE
            continue
        t = ln.text
        if ln.role == FURNITURE:
            continue   # a field's value line, taken with its label
        elif _is_furniture(t):
            ln.role = FURNITURE
            _field_line(lines, k, record)
        elif (role := _header_role(ln) if len(t) <= 640 else None) in (DOCNO_LINE, HISTORY, BANNER):
            # A cover letter's 发文字号 or decree banner; the attached regulation's history.
            ln.role = role
        elif is_date_line(t) or _is_closing(t):
            ln.role = DATE
        elif is_signature(t) or is_officer(t) and is_date_line((_next_line(lines, k) or ln).text):
            # An officer's line signs only above a date (else it names a speaker: 某局局长某某).
            ln.role = SIGNATURE
        elif _is_title(t) and len(t) <= 40 and rx["title_end"].search(t) and not _PROSE.search(t):
            ln.role = TITLE
    # From the line's very start, so that a marker after leading blanks is still at a line start.
    body_start = work.rfind("\n", 0, lines[body_first].start) + 1 if body_first < n else len(work)
    body_end = lines[body_last].end if body_last >= body_first else body_start
    title = _choose_title(blocks)
    if not title:
        # A decree's cover (某某令 / 第N号 / 《…》已经…通过) has no title of its own: the
        # title is that of the regulation it promulgates, printed after the cover.
        title = next(([x] for x in lines[body_first:body_last + 1] if x.role == TITLE), [])
    return Layout(lines, body_start, body_end, title, fields)


def _field_line(lines: list[Line], i: int, record) -> int:
    """Record the fields of furniture line i; a label whose value is on the next line takes that
    line too. Returns the index of the last line used."""
    ln = lines[i]
    found = fields_of(ln.text)
    for key, vs, ve in found:
        record(ln, key, vs, ve)
    alone = _rx()["field_alone"].match(ln.text)
    if not (alone or found and found[-1][1] == found[-1][2]):
        return i
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    # The value line follows at once (no blank) and is no header line of its own.
    if nxt is None or nxt.role == BLANK or _header_role(nxt) in (FURNITURE, HISTORY) or match_marker(nxt.text):
        return i
    key = found[-1][0] if found else _rx()["field_key"].get("".join(ln.text.split()))
    nxt.role = FURNITURE
    if key:
        record(nxt, key, 0, len(nxt.text))
    return i + 1


def _continues_title(blocks: list[list[Line]], ln: Line) -> bool:
    """某省实施《中华人民共和国某某法》 / 办法: the cited title's ending was not the title's."""
    return bool(blocks) and blocks[-1][-1].text.endswith("》") and _is_title(ln.text) and len(ln.text) <= 20 \
        and ends_like_title(ln.text)


def _next_index(lines: list[Line], i: int) -> int | None:
    return next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].role != BLANK), None)


def _next_line(lines: list[Line], i: int) -> Line | None:
    k = _next_index(lines, i)
    return None if k is None else lines[k]


def _history_follows(lines: list[Line], i: int) -> bool:
    k = _next_index(lines, i)
    return k is not None and (_header_role(lines[k]) == HISTORY or _wrapped_event(lines, k))


def _wrapped_event(lines: list[Line], i: int) -> bool:
    """A dated line whose act is on the next line: 2013年2月26日 某市…常务委员会 / 第九次会议通过."""
    t = lines[i].text
    m = HISTORY_DATE.match(t.lstrip("(["))
    if not m or "。" in t or len(t) > 120 or t.lstrip("([")[m.end():m.end() + 1] in ",;":
        return False
    nxt = _next_line(lines, i)
    return nxt is not None and "。" not in nxt.text and len(nxt.text) <= 120 and not match_marker(nxt.text) \
        and bool(_rx()["history_end"].search(nxt.text))


def _indented(work: str, ln: Line) -> bool:
    return ln.start > 0 and work[ln.start - 1] != "\n"


def _is_link_list(text: str) -> bool:
    """A footer row of organisation names (links to every department of a city)."""
    from ..lang.agencies import covers

    if len(text) <= 60:
        return False   # a short line of names is a joint signature (is_signature)
    parts = [p for p in regex.split(r"[\s|｜·•、/]+", text) if p]
    return len(parts) >= 3 and all(covers(p) for p in parts)


def _before_attachment_list(lines: list[Line], first: int, last: int) -> int:
    """An attachment list (附件:1.…/2.…) just before the closing is not part of the last clause."""
    rx = _rx()["attachments"]
    k, seen = last, 0
    while k >= first and seen < 12:
        ln = lines[k]
        if ln.role != BLANK:
            if rx.match(ln.text):
                for x in range(k, last + 1):
                    if lines[x].role == BODY:
                        lines[x].role = CLOSING
                return k - 1
            if len(ln.text) > 60 or "。" in ln.text or ";" in ln.text:
                break
            seen += 1
        k -= 1
    return last


def _choose_title(blocks: list[list[Line]]) -> list[Line]:
    """The last title block that ends like a title (…的通知); else the first block."""
    rx = _rx()
    ending = [b for b in blocks if rx["title_end"].search(rx["trailer"].sub("", b[-1].text))]
    if ending:
        return ending[-1]
    return blocks[0] if blocks else []


def ends_like_title(text: str) -> bool:
    """Whether a line ends as a title does (…通知, …办法(试行)), trailers left aside."""
    rx = _rx()
    return bool(rx["title_end"].search(rx["trailer"].sub("", text)))


def title_text(simplified: str, title: list[Line]) -> tuple[str | None, tuple[int, int] | None]:
    """The title lines → (the title, blanks and a trailing 发文字号 removed; its span), or (None, None)."""
    if not title:
        return None, None
    rx = _rx()
    parts = []
    for ln in title:
        end = ln.end
        t = simplified[ln.start:ln.end].translate(_BRACKETS)
        m = DOCNO.search(t) if _DOCNO_NEEDLE(t) else None   # (a bracket and a year first, as in _header_role)
        if m and m.group("hao") and m.start() > 0:
            end = ln.start + m.start()  # 国务院关于…的通知 国发〔2014〕12号: the number is meta, not title
        s = simplified[ln.start:end]
        parts.append("".join(rx["trailer"].sub("", s.translate(_BLANKS)).split()))
    return "".join(parts) or None, (title[0].start, title[-1].end)


_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]"})
_BLANKS = str.maketrans({"\u3000": " ", "\xa0": " ", "\t": " "})
