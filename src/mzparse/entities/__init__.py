"""Stage 4: entities in the body (preamble and clauses), each with its clause path and span.

Every extractor has ``find(texts, start, end, ctx) -> list[record]`` over one stretch of body text
(``agencies.find``, ``times.find``, ``amounts.find``), which knows nothing of clauses: the
reference. :func:`extract_all` calls each one's ``find_all`` instead, the same over all the body's
lines with its scans run once a document (tests hold the two equal); :func:`extract_all` decides
each entity's clause path, which the time and amount ``find_all`` take as ``path_at`` to make each
record with it.
"""
from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter

from ..lang import agencies
from . import amounts, times
from ..records import Agency, Context, Entity, Meta, maker
from ..structure import layout


_SPAN = attrgetter("span")


def body_ranges(lay: layout.Layout) -> list[tuple[int, int]]:
    """Stretches of body lines (header, closing and cover-letter furniture left out)."""
    lo, hi, body = lay.body_start, lay.body_end, layout.BODY
    return [(ln.start, ln.end) for ln in lay.lines if ln.role == body and lo <= ln.start and ln.end <= hi]


def extract_all(texts, lay: layout.Layout, raw_clauses: list, meta: Meta) -> list[Entity]:
    """In: the normalised ``texts``, their layout, the raw clauses (``structure.clauses.build``) and
    the document's :class:`~mzparse.records.Meta`. Out: every agency, time, percentage and money
    record of the body, with its clause path ('' before the first marker), sorted by span."""
    work, simp = texts.work, texts.simplified
    ranges = body_ranges(lay)
    level = agencies.document_level(meta.title, meta.issuers, "".join(work[a:b] for a, b in ranges))
    ctx = Context(meta=meta, level=level)
    mentions = agencies.find_all(texts, ranges, ctx)  # find over each range, its scans once a document
    mentions.extend(agencies.named_again(work, mentions, ranges))
    agencies.mark_responsible(work, mentions, [(rc.start, rc.end) for rc in raw_clauses] or [(lay.body_start, lay.body_end)])
    starts = [rc.start for rc in raw_clauses]
    paths = ["", *(rc.path for rc in raw_clauses)]   # "": before the first marker, the preamble

    def path_at(pos: int) -> str:
        return paths[bisect_right(starts, pos)]

    # One string object per distinct entity text (a body is named again and again): a large
    # document's records hold tens of thousands of them.
    same = {}.setdefault
    found: list[Entity] = []
    agency = maker(Agency)
    for mn in mentions:
        s, e, responsible = mn.start, mn.end, mn.responsible
        text = simp[s:e]
        found.append(agency(paths[bisect_right(starts, s)], same(text, text), (s, e), "agency", responsible,
                            mn.role if responsible else None))   # (path_at, inline: a call less a mention)
    # Each scans the document once and makes its records with their paths (no second record each).
    found += times.find_all(texts, ranges, ctx, path_at, same)
    found += amounts.find_all(texts, ranges, ctx, path_at, same)
    found.sort(key=_SPAN)   # stable: at one span, agencies before times before figures, as ever
    return found
