"""Stage 4b: time expressions, their calendar values and whether they set a deadline."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..lang import grammar
from ..lang.dates import DAY, MONTH, YEAR, iso, month_end, num

_CNN = "一二两三四五六七八九十百"
_N = rf"(?:\d+|[{_CNN}]+)"
_Q = "[“\"'‘]"   # opening quote of a plan name
_QE = "[”\"'’]"  # closing quote
_HAN = regex.compile(r"\p{Han}")


def _alt(words):
    return grammar.alternation(list(words))


@lru_cache(maxsize=1)
def _vocab():
    return grammar.load("entities/time")


@lru_cache(maxsize=1)
def _rx():
    v = _vocab()
    point = (rf"(?P<{{p}}y>{YEAR})\s*年(?:\s*(?P<{{p}}m>{MONTH})\s*月(?:\s*(?P<{{p}}d>{DAY})\s*[日号])?)?"
             rf"(?P<{{p}}q>度|底|末|初|上半年|下半年|第[一二三四1-4]季度|[一二三四1-4]季度)?")
    a, b = point.replace("{p}", "a"), point.replace("{p}", "b")
    md = rf"(?P<mm>{MONTH})\s*月(?:\s*(?P<md>{DAY})\s*[日号])?(?P<mq>底|末|初|上旬|中旬|下旬|份)?"
    md2 = rf"(?:(?P<mm2>{MONTH})\s*月)?(?P<md2>{DAY})\s*[日号]"
    nb = f"(?<![\\d{_CNN}〇零○]|{_alt(v['not_time_before'])})"
    return grammar.compile(
        # How every expression can begin (a condition each alternative below implies).
        # Saying so up front lets the many positions that begin none fail at once
        # instead of trying each alternative: regex scans for the first characters,
        # then this settles most of them (the stage took five times as long without it).
        rf"(?=19|20|[一二][〇零○Ｏ九]"                   # a year
        rf"|(?<![\d{_CNN}〇零○])[\d{_CNN}]"           # a month or a count: not inside a number
        rf"|{_Q}?[{_CNN}]{{1,3}}五|第[{_CNN}]"          # 十三五, “十三五”, 第十三个五年
        rf"|到|截[至止]|[期届]满前|(?:连续|过去|利用|用)[\d{_CNN}])"
        rf"(?P<pre>到|截至|截止到|截止)?"
        rf"(?:"
        # 2009年6月至2010年12月, 2013年至2015年, 2016-2020年
        rf"(?P<range>{a}\s*(?:至|到|-|—|–|~|－)\s*{b})"
        rf"|(?P<yrange>(?<!\d)(?P<ya>(?:19|20)\d{{2}})\s*(?:-|—|–|~|至|到)\s*(?P<yb>(?:19|20)\d{{2}})\s*年)"
        rf"|{a}"
        # 第十三个五年, “十三五”, 十二五”期间
        # A plan name is quoted or followed by 规划/期间/时期…: a bare 十五 is a number or a marker.
        rf"|(?P<plan>(?:第(?P<pn2>[{_CNN}]{{1,3}})个五年(?:规划)?"
        rf"|(?P<pq0>{_Q})?(?P<pn>[{_CNN}]{{1,3}})五(?![{_CNN}年个万])(?P<pq1>{_QE})?"
        rf"(?(pq0)|(?(pq1)|(?=规划|期间|时期|末|以来|初|计划|普法|依法治|发展规划)))(?:规划)?))"
        rf"(?P<pq>期间|时期|末|以来|初)?"
        # 在2015与2016交接的时刻: two bare years joined
        rf"|(?P<ypair>(?<![\d.])(?P<yp1>(?:19|20)\d{{2}})(?=(?:与|和|、)(?:19|20)\d{{2}}(?![\d年.]))"
        rf"|(?<=(?:19|20)\d{{2}}(?:与|和|、))(?P<yp2>(?:19|20)\d{{2}})(?![\d年.]))"
        rf"|(?P<mdrange>{nb}{md}\s*(?:至|到|-|—|~)\s*{md2})"
        rf"|{nb}{md}"
        # 期满前两个月
        rf"|(?P<before_end>期满前|届满前|到期前)(?P<ben>{_N})\s*个?(?P<beu>年|月|日|天|工作日)"
        # 连续三年, 5年内, 3~5年内, 五年时间, 一年来
        rf"|(?:(?P<dpre>连续|过去|利用|用)|{nb})(?P<dn>{_N})(?:\s*(?:~|-|—|至|到)\s*(?P<dn2>{_N}))?\s*"
        rf"(?P<du>个工作日|工作日|个月|个小时|小时|分钟|周|星期|天|日|年)"
        rf"(?P<dsuf>内|以内|之内|时间|来)?"
        rf")"
        rf"(?P<post>以来|前|以前|之前|内|期间|起)?"
    )


_UNIT = {"年": ("Y", False), "个月": ("M", False), "月": ("M", False), "周": ("W", False), "星期": ("W", False),
         "天": ("D", False), "日": ("D", False), "工作日": ("D", False), "个工作日": ("D", False),
         "小时": ("H", True), "个小时": ("H", True), "分钟": ("M", True)}


def plan_start(n: int, pufa: bool) -> int:
    if pufa:
        return 1986 + 5 * (n - 1)
    if n <= 2:
        return 1953 + 5 * (n - 1)
    return 1966 + 5 * (n - 3)   # the third plan began in 1966, after the 1963–65 adjustment


def _point(m, p: str):
    """(start, end) ISO dates of a point match with prefix ``p``."""
    y = num(m.group(f"{p}y"))
    if y is None:
        return None
    mo = num(m.group(f"{p}m")) if m.group(f"{p}m") else None
    d = num(m.group(f"{p}d")) if m.group(f"{p}d") else None
    q = m.group(f"{p}q") or ""
    if mo and not 1 <= mo <= 12:
        return None
    if mo and d:
        day = iso(y, mo, d)
        return (day, day) if day else None
    if mo:
        return iso(y, mo, 1), iso(y, mo, month_end(y, mo))
    if q == "上半年":
        return iso(y, 1, 1), iso(y, 6, 30)
    if q == "下半年":
        return iso(y, 7, 1), iso(y, 12, 31)
    if "季度" in q:
        k = num(q.strip("第季度")) or 1
        return iso(y, 3 * k - 2, 1), iso(y, 3 * k, month_end(y, 3 * k))
    return iso(y, 1, 1), iso(y, 12, 31)


def _duration(n: str, unit: str) -> str | None:
    k = num(n)
    if not k:
        return None
    code, is_time = _UNIT[unit]
    return f"PT{k}{code}" if is_time else f"P{k}{code}"


def find(texts, start: int, end: int, meta, path_at, context_year: list | None = None):
    """Time entities in work[start:end]; ``meta.date`` gives the year of yearless dates."""
    work, simp = texts.work, texts.simplified
    v = _vocab()
    doc_year = int(meta.date[:4]) if meta and meta.date else None
    ctx = context_year if context_year is not None else [None]
    out = []
    for m in _rx().finditer(work, start, end):
        res = _evaluate(m, work, doc_year, ctx, v)
        if res is None:
            continue
        s, e, date, st, dur, deadline = res
        out.append({"type": "time", "path": path_at(s), "text": simp[s:e], "span": (s, e), "deadline": deadline,
                    "date": date, "start": st, "duration": dur})
    return out


def _evaluate(m, work, doc_year, ctx, v):
    s, e = m.span()
    pre, post = m.group("pre"), m.group("post")
    kind, date, st, dur = None, None, None, None
    if m.group("range") is not None:
        a, b = _point(m, "a"), _point(m, "b")
        if not a or not b:
            return None
        st, date, kind = a[0], b[1], "range"
    elif m.group("yrange") is not None:
        ya, yb = int(m.group("ya")), int(m.group("yb"))
        if yb < ya:
            return None
        st, date, kind = iso(ya, 1, 1), iso(yb, 12, 31), "range"
    elif m.group("ay") is not None:
        pt = _point(m, "a")
        if not pt:
            return None
        st, date, kind = pt[0], pt[1], "point"
        ctx[0] = int(date[:4])
    elif m.group("ypair") is not None:
        y = int(m.group("yp1") or m.group("yp2"))
        st, date, kind = iso(y, 1, 1), iso(y, 12, 31), "point"
    elif m.group("plan") is not None:
        n = num(m.group("pn") or m.group("pn2"))
        if not n or n > 20:
            return None
        if m.group("pn") and n < 6 and not m.group("pq0"):
            return None  # 一五一十, 三五成群: only quoted early plans
        pufa = any(w in work[e:e + 8] for w in v["plan_context_pufa"])
        y0 = plan_start(n, pufa)
        st, date, kind = iso(y0, 1, 1), iso(y0 + 4, 12, 31), "plan"
    elif m.group("mm") is not None:
        year = doc_year or ctx[0]
        mo = num(m.group("mm"))
        if year is None or not mo or not 1 <= mo <= 12:
            return None
        if m.group("md"):
            d = num(m.group("md"))
            if m.group("mdrange") is not None:
                mo2 = num(m.group("mm2")) if m.group("mm2") else mo
                d2 = num(m.group("md2"))
                st, date = iso(year, mo, d), iso(year, mo2, d2) if mo2 and d2 else None
            else:
                st = date = iso(year, mo, d)
        else:
            st, date = iso(year, mo, 1), iso(year, mo, month_end(year, mo))
        if not date:
            return None
        kind = "point"
    elif m.group("before_end") is not None:
        dur, kind = _duration(m.group("ben"), m.group("beu")), "limit"
    elif m.group("dn") is not None:
        dpre, dsuf, unit = m.group("dpre"), m.group("dsuf"), m.group("du")
        n = m.group("dn2") or m.group("dn")
        after = work[e:e + 2]
        if unit == "日" and not (dsuf or dpre):
            return None  # 1228日 and day numbers are dates, not durations
        if dsuf in ("内", "以内", "之内") or post in ("内",):
            kind = "limit"
        elif dpre in ("连续", "过去") or dsuf in ("时间", "来"):
            kind = "span"
        elif unit == "年" and not n.isdigit() and dpre is None and after[:1] and _HAN.match(after) \
                and after[:1] not in "度级来以多前后期龄内中底末初半代间份轻老行计规":
            kind = "phase"   # 一年试点、两年推广: phases of a plan
        else:
            return None
        dur = _duration(n, unit)
        if dur is None:
            return None
        if dpre in ("利用", "用"):
            s = m.start("dn")
    if kind is None:
        return None
    deadline = _deadline(m, work, kind, date, doc_year, v)
    if pre in ("截至", "截止") and kind == "point":
        deadline = False
    return s, e, date, st, dur, deadline


def _deadline(m, work, kind, date, doc_year, v) -> bool:
    s, e = m.span()
    pre, post = m.group("pre"), m.group("post") or ""
    before = work[max(0, s - 6):s]
    after = work[e:e + 8]
    if kind == "range":
        return False
    if kind == "plan":
        return False
    if kind == "limit":
        return True
    if kind == "span":
        return m.group("dpre") in ("利用", "用") or (m.group("dsuf") == "时间")
    if kind == "phase":
        return True
    if post in ("以来", "期间", "起"):
        return False
    if pre == "到" or post in ("前", "以前", "之前", "内"):
        return True
    q = (m.group("aq") or "") if m.group("ay") else ""
    if any(before.endswith(w) for w in v["not_deadline_before"]):
        return False
    if any(after.startswith(w) for w in v["not_deadline_after"]):
        return False
    if any(before.endswith(w) for w in v["deadline_before"]):
        return True
    if after.startswith((",", "。", ";", "、")):
        return False
    if any(after.startswith(w) for w in v["deadline_after"]):
        return True
    if q in ("底", "末"):
        return True
    # A year after the document's own date names a target.
    if doc_year and date and int(date[:4]) > doc_year:
        return True
    return False
