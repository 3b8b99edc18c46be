"""Stage 4: entities in the body (preamble and clauses), each with its clause path and span."""
from __future__ import annotations

from ..lang import agencies
from . import amounts, times
from ..structure import layout


def body_ranges(lay: layout.Layout) -> list[tuple[int, int]]:
    """Stretches of body lines (header, closing and cover-letter furniture left out)."""
    out = []
    for ln in lay.lines:
        if ln.role == layout.BODY and lay.body_start <= ln.start and ln.end <= lay.body_end:
            out.append((ln.start, ln.end))
    return out


def extract_all(texts, lay, raw_clauses, meta, path_at) -> list:
    """Stage 4: reads the normalised ``texts``, the layout, the raw clauses and the meta; hands on
    every agency, time, percentage and money entity of the body as an output-shaped dict with its
    clause path (``path_at``) and span, sorted by span."""
    work, simp = texts.work, texts.simplified
    ranges = body_ranges(lay)
    found = []
    mentions = []
    level = agencies.document_level(meta.title, meta.issuers, "".join(work[a:b] for a, b in ranges))
    for a, b in ranges:
        mentions.extend(agencies.find(work, a, b, level))
    mentions.extend(agencies.named_again(work, mentions, ranges))
    agencies.mark_responsible(work, mentions, [(rc.start, rc.end) for rc in raw_clauses] or [(lay.body_start, lay.body_end)])
    for mn in mentions:
        found.append({"type": "agency", "path": path_at(mn.start), "text": simp[mn.start:mn.end],
                      "span": (mn.start, mn.end), "responsible": mn.responsible,
                      "role": mn.role if mn.responsible else None})
    year = [None]  # the last year written, for month/day mentions without one
    for a, b in ranges:
        found.extend(times.find(texts, a, b, meta, path_at, year))
        found.extend(amounts.find(texts, a, b, path_at))
    found.sort(key=lambda e: e["span"])
    return found
