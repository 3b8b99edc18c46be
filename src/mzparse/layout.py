"""Stage 3a: where the document's header, body and closing are.

Each line gets a role. The header is what comes before the body (web-page
furniture, banner, title lines, 发文字号, recipients); the closing is the
trailing run of signature, date, 印发/抄送 lines and furniture. Inside the
preamble a cover letter may carry its own signature, date and the attached
document's title; those lines are marked too, so that entities come from the
body's prose only (CONTRACT.md §2).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import patterns
from .clauses import match_marker
from .dates import DATE_LINE, DOCNO, FULL_DATE

BODY, BLANK, FURNITURE, TITLE, BANNER, DOCNO_LINE, RECIPIENTS, SIGNATURE, DATE, CLOSING, ISSUERS = (
    "body", "blank", "furniture", "title", "banner", "docno", "recipients", "signature", "date", "closing", "issuers")
# Roles whose lines never yield entities.
NON_BODY = frozenset({BLANK, FURNITURE, TITLE, BANNER, DOCNO_LINE, RECIPIENTS, SIGNATURE, DATE, CLOSING, ISSUERS})


@dataclass
class Line:
    start: int
    end: int
    text: str   # stripped working text
    role: str = BODY


@dataclass
class Layout:
    lines: list[Line]
    body_start: int
    body_end: int
    title_lines: list[Line]


@lru_cache(maxsize=1)
def _rx():
    lay = patterns.load("layout")
    return {
        "furniture": patterns.compile("|".join(f"(?:{p})" for p in lay["furniture"]["patterns"])),
        "trailer": patterns.compile(lay["furniture"]["title_trailer"]),
        "title_end": patterns.compile("(?:" + patterns.alternation(lay["title"]["endings"]) + r")[》”\"]?$"),
        "banner": patterns.compile(lay["banner"]["pattern"]),
        "recipients": patterns.compile(lay["recipients"]["pattern"]),
        "closing": patterns.compile("|".join(f"(?:{p})" for p in lay["closing"]["patterns"])),
        "adoption": patterns.compile(lay["adoption"]["pattern"]),
        "attachments": patterns.compile(lay["attachments"]["pattern"]),
    }


# Prose, not a title: a sentence end, or a comma or colon in a long line. The last
# alternative (a ,、: with a ,。; after it) is anchored at the first ,、: so that a long
# list without a sentence end is scanned once, not once per 、.
_PROSE = regex.compile(r"[。;!?]|^(?=.{25,}).*,|^(?=.{16,}).*:$|^[^,、:\n]*+[,、:].*[,。;]")
_HAS_PUNCT = regex.compile(r"[。,;:!?、“”\"《》()]")


_LEAD = " •·●◆■▪◇○"
_FURNITURE_MAX = 160  # a longer line is text that merely mentions 来源:, 字体…


def split_lines(work: str) -> list[Line]:
    out, pos = [], 0
    for raw in work.split("\n"):
        # Leading blanks and list bullets of web pages are not part of a line's text.
        lead = len(raw) - len(raw.lstrip(_LEAD))
        text = raw[lead:].rstrip(" ")
        out.append(Line(pos + lead, pos + lead + len(text), text, BLANK if not text else BODY))
        pos += len(raw) + 1
    return out


def is_signature(text: str) -> bool:
    """A line made of agency names only (with blanks or 、 between)."""
    from .agencies import covers

    t = text.replace(" ", "").replace("、", "")
    return 2 <= len(t) <= 60 and not _HAS_PUNCT.search(t) and covers(t)


def _is_furniture(text: str) -> bool:
    return len(text) <= _FURNITURE_MAX and bool(_rx()["furniture"].search(text))


def _is_closing(text: str) -> bool:
    return len(text) <= _FURNITURE_MAX and bool(_rx()["closing"].search(text))


def _is_title(text: str) -> bool:
    return len(text) <= 80 and not any(c in text for c in "。;!?")


def _header_role(line: Line) -> str | None:
    rx = _rx()
    t = line.text
    if _is_furniture(t):
        return FURNITURE
    if rx["banner"].match(t):
        return BANNER
    if rx["recipients"].match(t):
        return RECIPIENTS
    m = DOCNO.search(t)
    if m and len(t) <= 60 and not _PROSE.search(t):
        # Only when little else is on the line (a date, 签发人): else it is a title that cites one.
        rest = FULL_DATE.sub("", t[:m.start()] + t[m.end():])
        rest = regex.sub(r"签发人\s*[:：]?\s*\S*|[\s()]", "", rest)
        if len(rest) <= 8:
            return DOCNO_LINE
    if DATE_LINE.match(t) or rx["adoption"].match(t):
        return DATE
    return None


def analyse(work: str) -> Layout:
    lines = split_lines(work)
    rx = _rx()
    n = len(lines)
    # Header: scan from the top until the first line of body prose or the first marker.
    i, title_done, title_lines, blocks = 0, False, [], []
    while i < n:
        ln = lines[i]
        if ln.role == BLANK:
            i += 1
            continue
        role = _header_role(ln)
        if role:
            ln.role = role
            title_done = False  # another title may follow the banner, 发文字号 or furniture
            if title_lines:
                blocks.append(title_lines)
                title_lines = []
            i += 1
            continue
        if match_marker(ln.text) or _PROSE.search(ln.text) and len(ln.text) > 15:
            break
        if not title_lines and not blocks and is_signature(ln.text) and not rx["title_end"].search(ln.text):
            ln.role = ISSUERS
            i += 1
            continue
        if title_done or not _is_title(ln.text) or len(title_lines) >= 4:
            break
        ln.role = TITLE
        title_lines.append(ln)
        if rx["title_end"].search(rx["trailer"].sub("", ln.text)):
            blocks.append(title_lines)
            title_lines = []
            # A completed title is followed by header lines or by the body.
            title_done = True
        i += 1
    if title_lines:
        blocks.append(title_lines)
    body_first = i
    # Closing: the trailing run of furniture, signature, date and closing lines.
    j = n - 1
    while j >= body_first:
        ln = lines[j]
        t = ln.text
        if ln.role == BLANK:
            j -= 1
            continue
        if _is_furniture(t):
            ln.role = FURNITURE
        elif _is_closing(t):
            ln.role = CLOSING
        elif DATE_LINE.match(t):
            ln.role = DATE
        elif is_signature(t) and not match_marker(t):
            ln.role = SIGNATURE
        else:
            break
        j -= 1
    body_last = _before_attachment_list(lines, body_first, j)
    # Inside the preamble: a cover letter's signature, date and the attachment's title;
    # after it, only short furniture lines.
    in_preamble = True
    for ln in lines[body_first:body_last + 1]:
        t = ln.text
        if ln.role == BLANK:
            continue
        if in_preamble and match_marker(t):
            in_preamble = False
        if not in_preamble:
            if ln.role == BODY and len(t) < 40 and _is_furniture(t):
                ln.role = FURNITURE
        elif _is_furniture(t):
            ln.role = FURNITURE
        elif DATE_LINE.match(t) or _is_closing(t):
            ln.role = DATE
        elif is_signature(t):
            ln.role = SIGNATURE
        elif _is_title(t) and len(t) <= 40 and rx["title_end"].search(t) and not _PROSE.search(t):
            ln.role = TITLE
    # From the line's very start, so that a marker after leading blanks is still at a line start.
    body_start = work.rfind("\n", 0, lines[body_first].start) + 1 if body_first < n else len(work)
    body_end = lines[body_last].end if body_last >= body_first else body_start
    title = _choose_title(blocks)
    return Layout(lines, body_start, body_end, title)


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


def title_text(simplified: str, title: list[Line]) -> tuple[str | None, tuple[int, int] | None]:
    if not title:
        return None, None
    rx = _rx()
    parts = []
    for ln in title:
        end = ln.end
        m = DOCNO.search(simplified[ln.start:ln.end].translate(_BRACKETS))
        if m and m.group("hao") and m.start() > 0:
            end = ln.start + m.start()  # 国务院关于…的通知 国发〔2014〕12号: the number is meta, not title
        s = simplified[ln.start:end]
        parts.append("".join(rx["trailer"].sub("", s.translate(_BLANKS)).split()))
    return "".join(parts) or None, (title[0].start, title[-1].end)


_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]"})
_BLANKS = str.maketrans({"\u3000": " ", "\xa0": " ", "\t": " "})
