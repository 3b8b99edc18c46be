"""Stage 6: defects of the published text, as findings with a code and a place.

The rules and their vocabularies are data (lint/rules.toml). Rules with a
`pattern` are searched in the text; the others need the document's structure
(clause tree, layout, metadata, entities) and are the functions registered
below under their code. The pipeline puts every finding into the Document's
`warnings`, so `mzparse extract` never repairs silently; `mzparse check`
filters and formats the same list.
"""
from __future__ import annotations

import heapq
import re
import sys
from bisect import bisect_left, bisect_right
from functools import cached_property, lru_cache
from itertools import accumulate, islice, repeat
from operator import add, attrgetter
from typing import Callable, Iterator

import regex

from ..cache import dataclass
from ..structure import layout
from ..structure.clauses import CANONICAL, ranks, styles
from ..lang import grammar, scan
from ..lang.grammar import regex_digits, with_digits
from ..lang.dates import CN_DIGIT, DOCNO_LOOSE, YEAR, month_end, num

SEVERITIES = ("info", "warning", "error")   # lowest first
_ROLE = attrgetter("role")


@dataclass(frozen=True)
class Rule:
    """One rule of lint/rules.toml: its code, severity, texts for people, examples, and its
    compiled patterns (none for a rule checked by code)."""
    code: str
    name: str
    severity: str
    summary: str
    why: str
    message: str
    examples: tuple[str, ...]       # documents it reports on (its [[example]] cases in rules.toml)
    clean: tuple[str, ...]          # documents it must not report on
    spec: dict                      # the whole TOML table, for rule-specific vocabularies
    regexes: tuple = ()             # compiled `pattern` and `pattern_re`: a pattern rule when not empty
    needs: tuple = ()               # per regex, a re pattern a text must match for it to be searched, or None
                                    # (`pattern_needs`: a class; `pattern_needs_re`: a pattern for re)
    gate: "Gate | None" = None      # what a text must hold for any of the rule's patterns to be searched
    starts: str | None = None       # `starts`: where every match begins ("year": Context.years), or None
    firsts: tuple = ()              # per regex, a re class holding the first character of each of its
                                    # matches (`pattern_first`), or None: the regex is tried only there
    withins: tuple = ()             # per regex, (forward, reverse) runs of a class holding every character
                                    # of its matches (`pattern_within`), or None: searched only in the runs
                                    # around the gate's hits
    one_scan: bool = False          # every regex has a first class within the gate's class: tried at the
                                    # gate's hits of its first class (one scan for the rule), no other scan


@dataclass(slots=True)
class Finding:
    """One defect a rule found: its code, message, and span in the original text."""
    code: str
    message: str
    start: int
    end: int


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """Every rule of lint/rules.toml by code, patterns compiled (loaded once)."""
    out = {}
    shown = {}
    for ex in grammar.examples("lint/rules"):
        pos, neg = shown.setdefault(ex.of, ([], []))
        pos.extend(c.text for c in ex.cases)
        neg.extend(ex.not_)
    for spec in grammar.load("lint/rules")["rule"]:
        # `pattern_re` is for the stdlib re: it matches large character classes ~40 times
        # faster than regex, which checks them range by range.
        keys = [key for key in ("pattern", "pattern_re") if key in spec]
        rxs = tuple((grammar.compile if key == "pattern" else grammar.compile_re)(
            spec[key].replace("{utf8_as_gbk}", _utf8_as_gbk())) for key in keys)
        needs = tuple(grammar.compile_re(_re_class(spec[f"{key}_needs"])) if f"{key}_needs" in spec
                      else grammar.compile_re(spec[f"{key}_needs_re"]) if f"{key}_needs_re" in spec else None
                      for key in keys)
        firsts = tuple(grammar.compile_re(_re_class(spec[f"{key}_first"].replace("{utf8_as_gbk}", _utf8_as_gbk())))
                       if f"{key}_first" in spec else None for key in keys)
        gate = Gate.of(spec) if "needs_class" in spec or "needs_re" in spec else None
        withins = tuple(_runs(spec[f"{key}_within"]) if f"{key}_within" in spec else None for key in keys)
        if gate is None and any(withins):
            raise ValueError(f"rule {spec['code']}: `pattern_within` needs a gate (needs_class or needs_re)")
        # The start positions are the working text's, and a rule tried only there skips its
        # per-pattern prefilters: a rule that reads the original or has those cannot say `starts`.
        if "starts" in spec and (spec.get("on") == "original" or any(n is not None for n in needs + firsts)):
            raise ValueError(f"rule {spec['code']}: `starts` needs on = \"work\" and no pattern_needs or _first")
        # Every pattern tried at its first characters, all of them within the gate's class: the
        # gate's scan finds where each pattern can begin (one scan of the text, not one a pattern).
        one_scan = (gate is not None and gate.bmp is not None and bool(firsts) and None not in firsts
                    and not any(withins) and "starts" not in spec)
        out[spec["code"]] = Rule(spec["code"], spec["name"], spec["severity"], spec["summary"], spec["why"],
                                 spec["message"], *map(tuple, shown.get(spec["code"], ((), ()))),
                                 spec, rxs, needs, gate, spec.get("starts"), firsts, withins, one_scan)
    return out


_META = frozenset(".^$*+?{}[]\\|()")


@dataclass(frozen=True)
class Gate:
    """A pattern rule's prefilter, tested once a document: a text holds a match of one of the
    rule's patterns only if it holds one of ``words`` (literal: ``str.find``, a memchr-like scan),
    a match of one of ``rxs`` (patterns for re, each opening with a literal: re scans for it in a
    tight C loop, where a leading class costs a bitmap test a character), or a character of the
    class ``bmp`` (BMP characters; ``beyond``: and any character beyond the BMP).

    One scan for a rule, not one for each of its patterns: T001's two patterns each scanned
    the whole text for a class of their own."""
    words: tuple[str, ...] = ()
    rxs: tuple = ()
    bmp: "re.Pattern[str] | None" = None
    beyond: bool = False
    leads: tuple = ()   # (character, pattern for re) of each pattern that opens with that character

    @classmethod
    def of(cls, spec: dict) -> "Gate":
        """The gate of a rule's `needs_class` (a regex class) and `needs_re` (patterns for re)."""
        res = spec.get("needs_re", [])
        words = tuple(p for p in res if not _META.intersection(p))
        # A pattern that must open with a plain character (F001's %, ‰ and 元 before a digit) is
        # tried where str.find finds that character: re's search for a literal read ~4 instructions
        # a character of the text, str.find's memchr a fraction of one.
        led = [p for p in res if _META.intersection(p) and _lead(p)]
        rxs = tuple(grammar.compile_re(p) for p in res if _META.intersection(p) and p not in led)
        leads = tuple((p[0], grammar.compile_re(p)) for p in led)
        bmp = None
        if "needs_class" in spec:
            bmp = grammar.compile_re(_re_class(spec["needs_class"].replace("{utf8_as_gbk}", _utf8_as_gbk()),
                                               beyond=False))
        return cls(words, rxs, bmp, "needs_class" in spec, leads)

    def hits(self, text: str, lo: int, hi: int) -> Iterator[int]:
        """Where in ``text[lo:hi]`` what the gate asks for begins (each word's, pattern's and class's
        matches as str.find and finditer find them), in order; a position may come more than once."""
        found = [scan.finds(text, w, lo, hi) for w in self.words]
        found += [(m.start() for m in rx.finditer(text, lo, hi)) for rx in self.rxs]
        found += [(m.start() for m in _led(rx, lead, text, lo, hi)) for lead, rx in self.leads]
        if self.bmp is not None:
            found.append(m.start() for m in self.bmp.finditer(text, lo, hi))
        if self.beyond and not grammar.ucs2(text):
            found.append(m.start() for m in grammar.beyond_bmp().finditer(text, lo, hi))
        return heapq.merge(*found)

    def __call__(self, text: str, lo: int, hi: int) -> bool:
        """Whether ``text[lo:hi]`` can hold a match (False: it holds none)."""
        if any(text.find(w, lo, hi) >= 0 for w in self.words):
            return True
        if any(rx.search(text, lo, hi) for rx in self.rxs):
            return True
        if any(next(_led(rx, lead, text, lo, hi), None) is not None for lead, rx in self.leads):
            return True
        if self.bmp is not None and self.bmp.search(text, lo, hi):
            return True
        return self.beyond and grammar.holds_beyond_bmp(text, lo, hi)


def _lead(pattern: str) -> str:
    """The plain character every match of ``pattern`` (for re) opens with, or "" if it has none
    this can tell (a meta character or escape first, a quantifier after it, an alternation)."""
    if not pattern or pattern[0] in _META or pattern[1:2] in ("*", "?", "{") or "|" in pattern:
        return ""
    return pattern[0]


def _led(rx, lead: str, text: str, lo: int, hi: int) -> Iterator:
    """``rx.finditer(text, lo, hi)`` for a pattern every match of which opens with ``lead``: tried
    only where str.find finds it."""
    return scan.matches_at(rx, text, ((p, hi) for p in scan.finds(text, lead, lo, hi, overlapping=True)))


def _re_class(cls: str, beyond: bool = True) -> str:
    """A class for Python's re holding every character the regex class ``cls`` holds: its
    characters of the BMP, as regex's Unicode tables give them, and all beyond the BMP
    (``beyond``; else none beyond it: a caller tests those apart).

    re tests a class of BMP characters by a bitmap, fast; one that reaches beyond the BMP
    by ranges, one after another. Taking every character beyond it keeps the class a
    bitmap and a range, and only ever finds more (a prefilter's only duty).
    """
    def build() -> str:
        bmp = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
        runs = [(m.start(), m.end() - 1) for m in regex.finditer(f"{cls}+", bmp)]
        return "[" + "".join(f"\\u{ord(bmp[a]):04x}-\\u{ord(bmp[b]):04x}" for a, b in runs) + "\\U00010000-\\U0010ffff]"

    whole = grammar.cached("class", f"{regex.__version__}\0{sys.version}\0runs\0{cls}", build, lambda v: isinstance(v, str))
    return whole if beyond else whole.removesuffix("\\U00010000-\\U0010ffff]") + "]"


@lru_cache(maxsize=1)
def _utf8_as_gbk() -> str:
    """A class of the characters that UTF-8 lead bytes become when the text is read as GBK."""
    chars = []
    for b0 in (*range(0xE3, 0xEA), 0xEF):
        for b1 in range(0x80, 0xC0):
            try:
                c = bytes((b0, b1)).decode("gbk")
            except UnicodeDecodeError:
                continue
            chars.append(c)
    return "[" + "".join(sorted(set(chars))) + "]"


def severity_rank(sev: str) -> int:
    """A severity's place in SEVERITIES (info 0 < warning 1 < error 2)."""
    return SEVERITIES.index(sev)


@dataclass
class Context:
    """What the checks read of one document: its texts, layout, raw clauses, meta and entities."""
    texts: object        # script.Texts
    lay: layout.Layout
    clauses: list        # clauses.RawClause
    meta: object         # records.Meta
    entities: list       # records.Agency, Time, Percentage, Money

    @cached_property
    def numbering(self) -> list:
        """Numbering defects, found once and shared by N001–N003."""
        return list(_numbering(self))

    @cached_property
    def years(self) -> list[int]:
        """Where a year written in full begins in the working text (``year_starts``), found once
        and shared by D001 and D002."""
        return year_starts(self.texts.work)

    @cached_property
    def docnos(self) -> list:
        """Bracketed 发文字号, complete or not, found once and shared by R001–R003."""
        return _find_docnos(self.texts.work, self.years)


_STARTS = {"year": "years"}   # a rule's `starts`: the Context's list of those positions

_CHECKS: dict[str, Callable[[Context, Rule], Iterator[Finding]]] = {}


def _check(code: str):
    def register(fn):
        _CHECKS[code] = fn
        return fn
    return register


def run(ctx: Context) -> list[Finding]:
    """Stage 6: every rule run over ``ctx`` → its findings, sorted by start, code and end."""
    found: list[Finding] = []
    for code, rule in rules().items():
        if rule.regexes:
            found.extend(_pattern_findings(ctx, rule))
        else:
            found.extend(_CHECKS[code](ctx, rule))
    found.sort(key=lambda f: (f.start, f.code, f.end))
    return found


# ---------------------------------------------------------------- pattern rules

def _pattern_findings(ctx: Context, rule: Rule) -> Iterator[Finding]:
    text = ctx.texts.original if rule.spec.get("on") == "original" else ctx.texts.work
    lo, hi = (ctx.lay.body_start, ctx.lay.body_end) if rule.spec.get("scope") == "body" else (0, len(text))
    merge = int(rule.spec.get("merge", 0))
    spans: list[list[int]] = []
    if rule.one_scan:
        # T001: its gate's class scanned once (a class scan in re costs ~50 instructions a character;
        # the gate, each pattern's first class and the re pattern each scanned the text).
        hits = list(rule.gate.hits(text, lo, hi))
        if not hits:
            return
        found = sorted(m.span() for rx, first in zip(rule.regexes, rule.firsts)
                       for m in scan.matches_at(rx, text, [(p, hi) for p in hits if first.match(text, p)])
                       if m.end() > m.start())
    elif rule.gate is not None and not rule.gate(text, lo, hi):
        return
    elif rule.starts is not None:
        # Every match begins at one of these (found once a document, shared with other checks):
        # the patterns are tried there alone, as finditer would find them.
        at = getattr(ctx, _STARTS[rule.starts])
        at = at[bisect_left(at, lo):bisect_left(at, hi)]
        found = sorted(m.span() for rx in rule.regexes for m in _matches_at(rx, text, at, hi) if m.end() > m.start())
    else:
        none = (None,) * len(rule.regexes)
        found = sorted(m.span() for rx, need, first, within in zip(rule.regexes, rule.needs or none,
                                                                   rule.firsts or none, rule.withins or none)
                       for m in _matches(rx, need, first, text, lo, hi, within and (within, rule.gate))
                       if m.end() > m.start())
    for s, e in found:
        prev = spans[-1] if spans else None
        if prev and s - prev[1] <= merge and "\n" not in text[prev[1]:s]:
            prev[1] = max(prev[1], e)
        else:
            spans.append([s, e])
    orig = ctx.texts.original
    for s, e in spans:
        yield Finding(rule.code, rule.message.format(text=orig[s:e], count=e - s), s, e)


def _matches(rx, need, first, text: str, lo: int, hi: int, within=None) -> Iterator:
    """``rx.finditer(text, lo, hi)``, or none when the text lacks what ``need`` asks for; with a
    class ``first`` of the matches' first characters, the regex tried only where re finds one of
    those (regex tried its alternation at every character: T001's took ~0.13 µs a character); with
    ``within`` ((forward, reverse) runs of a class every character of a match is in, and the gate),
    searched only in the runs that hold a hit of the gate (a match holds one: the gate's test)."""
    if first is not None:
        return scan.matches_at(rx, text, ((c.start(), hi) for c in first.finditer(text, lo, hi)))
    if within is not None:
        return _in_runs(rx, *within, text, lo, hi)
    if need is None or need.search(text, lo, hi):
        return rx.finditer(text, lo, hi)
    return iter(())


def _in_runs(rx, runs, gate: "Gate", text: str, lo: int, hi: int) -> Iterator:
    """``rx.finditer(text, lo, hi)`` for a pattern every match of which lies in a run of a class
    (``runs``: its forward and reverse run patterns) and holds a hit of ``gate``: the pattern
    searched in each run that holds a hit, a run once (runs are maximal: they never overlap)."""
    forward, reverse = runs
    done = lo
    for h in gate.hits(text, lo, hi):
        if h < done:
            continue   # in the last run searched
        end = forward(text, h, hi).end()
        if end == h:
            continue   # the hit's first character is not in the class: no match holds it
        yield from rx.finditer(text, reverse(text, lo, h).start(), end)
        done = end


def _runs(cls: str) -> tuple:
    """The match methods of a run of the regex class ``cls`` forward and, from an end, backward."""
    return grammar.compile(f"{cls}*").match, grammar.compile(f"(?r){cls}*").match


# ---------------------------------------------------------------- numbering

def _marker(ctx: Context, rc) -> str:
    return ctx.texts.original[rc.marker.start:rc.marker.end].strip()


def _numbering(ctx: Context) -> Iterator[tuple[str, object, object]]:
    """(code, clause, previous sibling or None) for every numbering defect."""
    prev_sibling: dict[tuple[int, str], object] = {}   # siblings: same parent, same style
    last_of_style: dict[str, int] = {}                  # the style's last ordinal so far
    for rc in ctx.clauses:
        marker = rc.marker
        if marker.sub:
            continue  # 第十二条之一 sits between 第十二条 and 第十三条 and takes no number of the list
        style, ordinal = marker.style, rc.ordinal   # each read once: a law has hundreds of clauses
        key = (rc.parent, style)
        prev = prev_sibling.get(key)
        prev_sibling[key] = rc
        carried = last_of_style.get(style)
        last_of_style[style] = ordinal
        if rc.inferred:
            continue  # N004 reports it; its number was made to fit
        if prev is None:
            # A first item is 1, or carries on the numbering of the style's previous
            # group (articles run on across chapters; some plans number items across sections).
            if ordinal != 1 and (carried is None or ordinal != carried + 1):
                yield "N001", rc, None
            continue
        before = prev.ordinal
        if ordinal == before + 1 or (ordinal == 1 and before > 1):
            continue  # the next one, or a list starting again: the next part of a compilation (一、… 一、…)
        if ordinal == before:
            yield "N002", rc, prev
        elif ordinal > before:
            yield "N001", rc, prev
        else:
            yield "N003", rc, prev


def _numbering_findings(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for code, rc, prev in ctx.numbering:
        if code != rule.code:
            continue
        mk = _marker(ctx, rc)
        previous = _marker(ctx, prev) if prev is not None else "the start of the list"
        yield Finding(code, rule.message.format(marker=mk, previous=previous), rc.marker.start, rc.marker.end)


for _code in ("N001", "N002", "N003"):
    _check(_code)(_numbering_findings)


@_check("N004")
def _lost_numeral(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for rc in ctx.clauses:
        if rc.inferred:
            yield Finding(rule.code, rule.message.format(marker=_marker(ctx, rc), ordinal=rc.ordinal),
                          rc.marker.start, rc.marker.end)


def _may_jump(child_styles: dict[str, set[str]]) -> bool:
    """Whether N005 can find a jump: one puts a style directly under a list style that also has it
    under another of its children. Where no list style's children stand so (most documents),
    nothing jumps and the ranks (~0.1 M instructions a document of the samples) are not read."""
    return any(sts.intersection(child_styles.get(mid, ())) for pst, sts in child_styles.items()
               if pst and pst not in CANONICAL for mid in sts)


@_check("N005")
def _level_jump(ctx: Context, rule: Rule) -> Iterator[Finding]:
    if not ctx.clauses:
        return
    clauses = ctx.clauses
    # Which style the document puts directly under which: a jump is only a jump
    # when elsewhere the skipped level stands under the same parent style and
    # above this clause's style.
    child_styles: dict[str, set[str]] = {}
    for pst, st in {(clauses[rc.parent].marker.style if rc.parent >= 0 else "", rc.marker.style) for rc in clauses}:
        child_styles.setdefault(pst, set()).add(st)   # a few distinct pairs, not a call a clause
    if all(not pst or pst in CANONICAL for pst in child_styles):
        return  # no list under a list style: nothing can jump (most laws), no ranks to read
    if not _may_jump(child_styles):
        return
    rank = ranks([rc.marker for rc in clauses])
    by_rank = {r: st for st, r in rank.items()}
    # Whether a clause jumps depends on its style and its parent's alone: the pairs that do,
    # found once, not at every clause.
    jumps: dict[tuple[str, str], str] = {}
    for pst, sts in child_styles.items():
        if not pst or pst in CANONICAL:
            # Chapters without sections are normal in regulations; under an article a law
            # numbers its items 一、 in one place and (一) in another (both are 项), and an
            # annex after the last article brings lists of its own.
            continue
        for st in sts:
            between = [by_rank[r] for r in range(rank[pst] + 1, rank[st])]
            if between and between[0] in child_styles.get(pst, ()) and st in child_styles.get(between[0], ()):
                jumps[pst, st] = between[0]
    if not jumps:
        return
    label = {st.name: st.label for st in styles()}
    reported: set[tuple[int, str]] = set()
    for rc in clauses:
        if rc.parent < 0 or (rc.parent, rc.marker.style) in reported:
            continue  # one finding per list: its siblings make the same jump
        parent = clauses[rc.parent]
        pst, st = parent.marker.style, rc.marker.style
        skipped = jumps.get((pst, st))
        if skipped is not None:
            reported.add((rc.parent, st))
            yield Finding(rule.code, rule.message.format(
                marker=_marker(ctx, rc), style=label[st], parent=_marker(ctx, parent),
                between=label[skipped]), rc.marker.start, rc.marker.end)


# ---------------------------------------------------------------- document numbers

@lru_cache(maxsize=1)
def _docno_hint() -> tuple:
    """A year next to a bracket: where a 发文字号 can be. The full pattern (with its lazy 机关代字)
    runs only around these, not at every character of the text. (The hint's match method, and a
    blank's.)

    On Python's re; \\d and \\s read as regex reads them: regex's digits (``regex_digits``) and
    ``grammar.REGEX_BLANK``."""
    d, s = f"[{regex_digits()}]", grammar.REGEX_BLANK
    hint = rf"[〔\[【(]{s}*(?:19|20){d}{{2}}|(?:19|20){d}{{2}}{s}*[〕\]】)]"
    return grammar.compile_re(hint).match, grammar.compile_re(s).match


def _docno_hints(work: str, years: list[int]) -> Iterator[tuple[int, int]]:
    """The spans of the hints in ``work``, each where one begins (overlapping ones too), in order.

    Each holds a year of digits (19xx, 20xx: one of ``years``) and begins at it or at the
    bracket before the blanks before it: tried there alone (a scan of re for every bracket, 1
    and 2 of the text took ~20 instructions a character). Candidates come in order: a year's
    bracket lies after the last year (no year stands among blanks)."""
    hint, blank = _docno_hint()
    for y in years:
        if not work.startswith(("19", "20"), y):
            continue   # a Chinese year
        b = y
        while b > 0 and work[b - 1].isspace() and blank(work, b - 1):   # (every blank isspace)
            b -= 1
        # Tried only where a hint can begin, by a test of one character: most years stand
        # between two Han characters, and the match calls (~3k instructions each) found none.
        # At b - 1 only the bracket-first hint can match (the year's own 19/20 begins at y), at y
        # only the bracket-last one, whose bracket or first blank follows the year's four digits.
        if b > 0 and work[b - 1] in _OPENS:
            m = hint(work, b - 1)
            if m is not None:
                yield m.span()
        after = work[y + 4:y + 5]
        if after and (after in _CLOSES or after.isspace()):
            m = hint(work, y)
            if m is not None:
                yield m.span()


_OPENS, _CLOSES = "〔[【(", "〕]】)"   # _docno_hint's brackets


def _find_docnos(work: str, years: list[int] | None = None) -> list["regex.Match[str]"]:
    """The bracketed 发文字号 of ``work``, complete or not (``years``: its ``year_starts``)."""
    out, done, last = [], 0, 0
    for start, end in _docno_hints(work, year_starts(work) if years is None else years):
        if start < last:
            continue  # inside the last hint: a scan for the hints goes on from its end
        last = end
        if start < done:
            continue
        lo = max(done, start - 12)
        m = DOCNO_LOOSE.search(work, lo, min(len(work), end + 12))
        if m and (m.group("ob") or m.group("cb")):
            out.append(m)
            done = m.end()
    return out


@lru_cache(maxsize=1)
def _docno_lead() -> "regex.Pattern[str]":
    words = grammar.load("lint/rules")["docno"]["lead_words"]
    return grammar.compile(f"(?:{grammar.alternation(words)})+")


def _docno_span(m: "regex.Match[str]") -> tuple[int, int]:
    # The loose match starts at the first Chinese character before the year (按照鲁政发…):
    # keep at most the last eight, after any word that leads into a citation.
    start = max(m.start("org"), m.end("org") - 8)
    org = m.string[start:m.end("org")]
    lead = None
    for lead in _docno_lead().finditer(org):
        pass
    if lead is not None and lead.end() < len(org):
        start += lead.end()
    return start, m.end()


@_check("R001")
def _docno_bracket(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for m in ctx.docnos:
        if not (m.group("ob") and m.group("cb")):
            s, e = _docno_span(m)
            yield Finding(rule.code, rule.message.format(text=ctx.texts.original[s:e]), s, e)


@_check("R002")
def _docno_hao(ctx: Context, rule: Rule) -> Iterator[Finding]:
    seps = tuple(rule.spec["list_separators"])
    work = ctx.texts.work
    for m in ctx.docnos:
        if m.group("ob") and m.group("cb") and not m.group("hao"):
            if work[m.end():m.end() + 1] in seps or work.startswith(seps, m.end()):
                continue
            s, e = _docno_span(m)
            yield Finding(rule.code, rule.message.format(text=ctx.texts.original[s:e]), s, e)


@_check("R003")
def _docno_style(ctx: Context, rule: Rule) -> Iterator[Finding]:
    orig = ctx.texts.original
    for m in ctx.docnos:
        if m.group("ob") and m.group("cb"):
            pair = orig[m.start("ob")] + orig[m.start("cb")]
            if pair != "〔〕":
                s, e = _docno_span(m)
                yield Finding(rule.code, rule.message.format(text=orig[s:e], brackets=pair), s, e)


@_check("R004")
def _docno_year(ctx: Context, rule: Rule) -> Iterator[Finding]:
    meta = ctx.meta
    if not (meta.doc_number and meta.date):
        return
    m = DOCNO_LOOSE.search(meta.doc_number)
    if not m or int(m.group("year")) <= int(meta.date[:4]):
        return
    # Place it at the number in the header.
    for ln in ctx.lay.lines:
        if ln.role == layout.DOCNO_LINE or ln in ctx.lay.title_lines:
            hit = DOCNO_LOOSE.search(ctx.texts.work, ln.start, ln.end)
            if hit:
                yield Finding(rule.code, rule.message.format(text=meta.doc_number, year=m.group("year"),
                                                             date=meta.date), hit.start("org"), hit.end())
                return


# ---------------------------------------------------------------- dates

def _date_patterns(s: str) -> tuple[str, str]:
    """D002's patterns, ``s`` for each \\s: a date of any numerals, where FULL_DATE accepts only
    valid ranges (2月30日 must be found to be reported), and a year and month without a day."""
    return (rf"(?P<y>{YEAR}){s}*年{s}*(?P<m>\d{{1,2}}|[{CN_DIGIT}]{{1,3}}){s}*月{s}*"
            rf"(?P<d>\d{{1,2}}|[{CN_DIGIT}]{{1,4}}){s}*[日号]",
            rf"(?<![\d.])(?:19|20)\d{{2}}{s}*年{s}*(?P<m>\d{{1,2}}){s}*月(?!{s}*\d{{1,2}}{s}*日)")


@lru_cache(maxsize=1)
def _dates_regex() -> tuple:
    """(a loose date, a year and month) on regex: the reference of _dates_re (tests hold them together);
    not compiled on the way of a run."""
    return tuple(map(grammar.compile, _date_patterns(r"\s")))


@lru_cache(maxsize=1)
def _dates_re() -> tuple:
    """_dates_regex's patterns on Python's re, \\d and \\s read as regex reads them: a match at a
    year costs half of regex's (D002 on the samples ~1.08 -> ~0.56 M instructions)."""
    return tuple(grammar.compile_re(with_digits(p, regex_digits())) for p in _date_patterns(grammar.REGEX_BLANK))


@_check("D002")
def _impossible_date(ctx: Context, rule: Rule) -> Iterator[Finding]:
    work, orig = ctx.texts.work, ctx.texts.original
    years = ctx.years
    loose_date, month_only = _dates_re()
    for m in _matches_at(loose_date, work, years):
        y, mo, d = num(m.group("y")), num(m.group("m")), num(m.group("d"))
        if y is None or mo is None or d is None:
            continue
        if mo < 1 or mo > 12 or d < 1 or d > month_end(y, mo):
            yield Finding(rule.code, rule.message.format(text=orig[m.start():m.end()]), m.start(), m.end())
    for m in _matches_at(month_only, work, years):
        if not 1 <= int(m.group("m")) <= 12:
            yield Finding(rule.code, rule.message.format(text=orig[m.start():m.end()]), m.start(), m.end())


def year_starts(work: str) -> list[int]:
    """Every position where a year written in full (dates.YEAR) begins in ``work``, in order.

    Each match of D002's two patterns begins with one, and so does each of D001's
    patterns (``starts = "year"`` in rules.toml: D001 is tried only at these positions, so a
    change here must still find where every D001 match begins). regex tried the patterns at
    every character of the text, and re's scan for the class of their first characters (1, 2,
    一, 二) took ~20 instructions a character. A year of digits is found by re's search for 19
    (then 20) with its two digits in a lookahead (``_year_at``: \\d with every character beyond
    the BMP holds every digit regex's \\d holds: never fewer positions): a literal prefix, which
    re scans for itself, and a match of two characters only, so that a year beginning inside
    another's digits (191919) is found too (str.find of each 19 and 20 and a match at each cost a
    quarter more: samples 1.21 -> 0.96 M instructions). A Chinese year by ``str.find`` of its
    rarer second character (〇零○Ｏ九), then a match."""
    digit_years, chinese_year = _year_at()
    out = [m.start() for rx in digit_years for m in rx.finditer(work)]
    out += [p - 1 for second in "〇零○Ｏ九" for p in scan.finds(work, second, 1) if chinese_year(work, p - 1)]
    out.sort()
    return out


@lru_cache(maxsize=1)
def _year_at() -> tuple:
    """The searches of a year of digits (19…, 20…) and the match method of a Chinese year (``year_starts``)."""
    return (tuple(grammar.compile_re(lead + r"(?=[\d\U00010000-\U0010FFFF]{2})") for lead in ("19", "20")),
            grammar.compile_re(f"[一二][〇零○Ｏ九][{CN_DIGIT}]{{2}}").match)


def _matches_at(rx: "re.Pattern[str] | regex.Pattern[str]", text: str, starts: list[int],
                end: int | None = None) -> "Iterator[re.Match[str] | regex.Match[str]]":
    """``rx.finditer(text, starts[0], end)`` for a pattern every match of which begins at one of
    ``starts`` (in order): ``scan.matches_at`` with one end for all."""
    return scan.matches_at(rx, text, zip(starts, repeat(len(text) if end is None else end)))


# ---------------------------------------------------------------- figures

@lru_cache(maxsize=1)
def _share_cues() -> tuple["regex.Pattern[str]", "regex.Pattern[str]", int]:
    spec = rules()["F002"].spec
    return (grammar.compile(grammar.alternation(spec["share_cues"])),
            grammar.compile(grammar.alternation(spec["growth_cues"])), int(spec["window"]))


@_check("F002")
def _share_over_100(ctx: Context, rule: Rule) -> Iterator[Finding]:
    share_rx, growth, window = _share_cues()
    work, orig = ctx.texts.work, ctx.texts.original
    for e in ctx.entities:
        if e.type != "percentage" or e.value <= 100 or e.comparator in (">", ">="):
            continue
        s, end = e.span
        before = work[max(0, s - window):s]
        before = before[before.rfind("\n") + 1:]
        cues = list(share_rx.finditer(before))
        if not cues or growth.search(before):
            continue
        yield Finding(rule.code, rule.message.format(text=orig[s:end], cue=cues[-1].group()), s, end)


@lru_cache(maxsize=1)
def _long_figure() -> "re.Pattern[str]":
    from ..entities.amounts import NUMERAL_CHARS

    run = int(rules()["F003"].spec["min_run"])
    cls = "[" + re.escape(NUMERAL_CHARS) + "]"
    # From a run's start only (linear): its first character, then a lookbehind over it and the one
    # before, which must not be one too. Opening with the class, not the lookbehind, lets re scan
    # for that character in C (a lookbehind first was tried at every character: ~4 times slower).
    return grammar.compile_re(f"{cls}(?<!{cls}{cls}){cls}{{{run - 1},}}")


@lru_cache(maxsize=1)
def _numeral() -> "re.Pattern[str]":
    """A character of NUMERAL_CHARS (re: a class scan of a short string)."""
    from ..entities.amounts import NUMERAL_CHARS

    return grammar.compile_re("[" + re.escape(NUMERAL_CHARS) + "]")


def _has_long_run(text: str) -> bool:
    """Whether a line of ``text`` holds a run of numerals as long as F003's (``_long_figure``).

    A run of ``run`` characters or more holds a position p with p % run == run - 1: the
    characters there, every ``run``-th of the text, taken by one slice in C, are searched for a
    numeral, and the run around each measured by strips (no line break is a numeral: a run never
    crosses a line). re's search of each line for its first ``run`` characters, then a look at
    every ``run``-th character of a long line in Python, cost ~27 instructions a character."""
    from ..entities.amounts import NUMERAL_CHARS

    run = int(rules()["F003"].spec["min_run"])
    for m in _numeral().finditer(text[run - 1::run]):
        p = run - 1 + m.start() * run
        before = text[max(0, p - run + 1):p]
        after = text[p + 1:p + run]
        if len(before) - len(before.rstrip(NUMERAL_CHARS)) + 1 + len(after) - len(after.lstrip(NUMERAL_CHARS)) >= run:
            return True
    return False


@_check("F003")
def _figure_not_a_number(ctx: Context, rule: Rule) -> Iterator[Finding]:
    from ..entities.amounts import not_finite
    from ..entities import body_ranges

    work, orig = ctx.texts.work, ctx.texts.original
    long_figure = _long_figure()
    if not _has_long_run(work):
        # Nearly every document: a run that a body line holds, the line of the text around it holds
        # (as long or longer; the lookbehind reads the same text either way), and only a long line
        # can hold one. Those few are found in C, not each body line in Python (body_ranges).
        return
    for a, b in body_ranges(ctx.lay):
        if long_figure.search(work, a, b) is None:
            continue  # no figure on the line can be that large: no second parse
        for s, e in not_finite(work, a, b):
            yield Finding(rule.code, rule.message.format(head=orig[s:s + 12], digits=e - s), s, e)


# ---------------------------------------------------------------- text

@lru_cache(maxsize=1)
def _script_only() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional-only, simplified-only) characters per OpenCC's tables.

    A simplified character that is also a traditional one (于, 后, 干: OpenCC
    lists it among its own traditional forms) is not simplified-only.
    """
    from ..cache import file_digest
    from ..lang.script import dictionary_stamp, opencc_dict

    names = ("TSCharacters.txt", "STCharacters.txt", "TWVariants.txt", "HKVariants.txt")

    def table(name):
        return {src: dst for src, dst in opencc_dict(name).items() if len(src) == 1}

    def build() -> list[str]:
        ts, st = table("TSCharacters.txt"), table("STCharacters.txt")
        # Taiwan and Hong Kong standard forms (群, 秘) are traditional text too.
        regional = {v for name in names[2:] for vs in table(name).values() for v in vs}
        trad = "".join(sorted(c for c, dst in ts.items() if c not in dst and c not in st))
        simp = "".join(sorted(c for c, dst in st.items() if c not in dst and c not in ts and c not in regional))
        return [trad, simp]

    # Kept on disk (keyed by the four dictionaries and this module's code): derived from the
    # dictionaries it cost ~40 M instructions of the first traditional document of a process.
    key = "\0".join([*map(dictionary_stamp, names), file_digest(__file__)])
    trad, simp = grammar.cached("scriptonly", key, build,
                                lambda v: isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v))
    return frozenset(trad), frozenset(simp)


@_check("T003")
def _mixed_script(ctx: Context, rule: Rule) -> Iterator[Finding]:
    orig = ctx.texts.original
    if ctx.texts.simplified == orig:
        return  # no traditional character at all: nothing to mix (and no tables to load)
    counts = ctx.texts.char_counts
    trad_only, simp_only = _script_only()
    # Each intersection walks the document's distinct characters (~1,500): two, not three.
    trad_in, simp_in = trad_only.intersection(counts), simp_only.intersection(counts)
    n_trad = sum(map(counts.__getitem__, trad_in))
    n_simp = sum(map(counts.__getitem__, simp_in))
    if n_trad == n_simp:
        return
    majority, minority = ("traditional", "simplified") if n_trad > n_simp else ("simplified", "traditional")
    stray, distinct = (simp_only, simp_in) if n_trad > n_simp else (trad_only, trad_in)
    n_stray = min(n_trad, n_simp)
    if len(distinct) < rule.spec["min_chars"] or n_stray < rule.spec["min_share"] * (n_trad + n_simp):
        return
    # The stray characters grouped by line: per line, from the first to the last. (Han
    # characters both: no line's leading blanks, bullets or trailing blanks, which
    # layout.split_lines leaves out, are among them.)
    at: list[int] = []
    line_end = -1
    for p in _positions(distinct, stray, counts, orig):
        if p >= line_end and at:
            yield _stray_finding(rule, orig, at, minority, majority)
            at = []
        if not at:
            line_end = orig.find("\n", p)
            line_end = len(orig) if line_end < 0 else line_end
        at.append(p)
    if at:
        yield _stray_finding(rule, orig, at, minority, majority)


_FEW = 32   # distinct characters found one by one (str.find) rather than by a scan for a class


def _positions(distinct: frozenset[str], chars: frozenset[str], counts, text: str) -> Iterator[int]:
    """Where in ``text`` the characters of ``distinct`` (those of ``chars`` it holds, ``counts``
    their numbers) stand, in order, one at a time (a large mixed text holds millions).

    A few (nearly always: a stray character or two of the other script) each by ``str.find``, a
    memchr-like scan, up to its last occurrence (its count says where that is), merged in order:
    re's scan for the class of all of ``chars`` tested a bitmap a character, ~50 times slower.
    Many: that scan, once (``grammar.positions``)."""
    if len(distinct) > _FEW:
        return grammar.positions(chars, text)
    return heapq.merge(*(islice(scan.finds(text, c), counts[c]) for c in distinct))


def _stray_finding(rule: Rule, orig: str, at: list[int], minority: str, majority: str) -> Finding:
    chars = "".join(dict.fromkeys(map(orig.__getitem__, at)))   # in C: a line may hold thousands
    return Finding(rule.code, rule.message.format(script=minority, text=chars, majority=majority), at[0], at[-1] + 1)


@_check("T004")
def _furniture_in_body(ctx: Context, rule: Rule) -> Iterator[Finding]:
    lay = ctx.lay
    if layout.FURNITURE not in map(_ROLE, lay.lines):
        return   # most documents: the roles compared in C, not a line at a time in Python
    first_clause = ctx.clauses[0].start if ctx.clauses else lay.body_start
    for ln in lay.lines:
        if ln.role == layout.FURNITURE and first_clause <= ln.start < lay.body_end:
            yield Finding(rule.code, rule.message.format(text=ctx.texts.original[ln.start:ln.end]), ln.start, ln.end)


# ---------------------------------------------------------------- metadata

@_check("M001")
def _no_title(ctx: Context, rule: Rule) -> Iterator[Finding]:
    if not ctx.meta.title:
        yield Finding(rule.code, rule.message, 0, 0)


@_check("M002")
def _no_date(ctx: Context, rule: Rule) -> Iterator[Finding]:
    if not ctx.meta.date:
        yield Finding(rule.code, rule.message, 0, 0)


# ---------------------------------------------------------------- places

def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts: 0, then after each LF, CRLF or CR."""
    if "\r" not in text:
        # LF only (nearly every text): the lines' lengths summed in C, not a match object a line;
        # a piece of the text at a time, or the split would hold a copy of the whole text as lines
        # (a 50 MB document's peak memory). Each piece gives the offset after each of its LFs.
        starts = [0]
        for a in range(0, len(text), _PIECE):
            after = list(accumulate(map(add, map(len, text[a:a + _PIECE].split("\n")), repeat(1)), initial=a))
            starts += after[1:-1]   # the piece's last part has no LF after it
        return starts
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    return starts


_PIECE = 1 << 18   # characters of a text split at a time by line_starts
_LINE_BREAK = grammar.compile_re(r"\r\n|\r|\n")  # re: it scans for the two characters in C


def line_col(starts: list[int], pos: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    i = bisect_right(starts, pos) - 1
    return i + 1, pos - starts[i] + 1
