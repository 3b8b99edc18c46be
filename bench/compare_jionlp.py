"""Accuracy of JioNLP's money and time extractors next to mzparse's, on ../shared/corpus and the samples.

JioNLP is given the same help mzparse has: only the body lines (mzparse's layout),
the document's year as its time base, and mzparse's clause paths for each hit.
Its output is mapped to the contract (money → yuan/max_yuan; time → end date, or a
duration for relative spans and for limits such as 3个月内, which JioNLP dates from its
time base) and scored by ../shared/eval/score.py. JioNLP does not say which times are deadlines.

    python bench/compare_jionlp.py                       # ../shared/corpus and ../shared/samples
    python bench/compare_jionlp.py --set NAME DOCS GOLD  # another set with gold (repeatable)
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


_LIMIT_UNITS = {"年": "P{}Y", "个月": "P{}M", "月": "P{}M", "周": "P{}W", "天": "P{}D", "日": "P{}D",
                "工作日": "P{}D", "个工作日": "P{}D", "小时": "PT{}H", "个小时": "PT{}H"}
_LIMIT = re.compile(r"(?P<n>[\d零〇一二两三四五六七八九十百]+)\s*(?P<u>" + "|".join(sorted(_LIMIT_UNITS, key=len, reverse=True))
                    + r")(?:以内|之内|内)$")


def jionlp_entities(path: Path) -> dict:
    import logging

    import jionlp as jio

    logging.getLogger().setLevel(logging.CRITICAL)  # JioNLP logs a traceback for every phrase it cannot parse

    import mzparse
    from mzparse import entities as E
    from mzparse.lang.numerals import to_number
    from mzparse.lang.script import normalise
    from mzparse.readers.text import read_file
    from mzparse.structure import layout as L

    doc = mzparse.extract(path)
    _, dec = read_file(str(path))
    texts = normalise(dec.text)
    lay = L.analyse(texts.work)
    starts = [(c.span[0], c.span[1], c.path) for c in doc.clauses]

    def path_at(pos):
        p = ""
        for s, e, cp in starts:
            if s <= pos:
                p = cp
        return p

    year = int(doc.meta.date[:4]) if doc.meta.date else 2016
    ents = []
    for a, b in E.body_ranges(lay):
        line = texts.simplified[a:b]
        for m in jio.ner.extract_money(line, with_parsing=True):
            num = m["detail"]["num"]
            lo, hi = (num if isinstance(num, list) else [num, None])
            try:
                ents.append({"type": "money", "path": path_at(a + m["offset"][0]), "text": m["text"],
                             "yuan": float(lo), "max_yuan": float(hi) if hi else None})
            except (TypeError, ValueError):
                continue
        for t in jio.ner.extract_time(line, time_base={"year": year, "month": 1, "day": 1}, with_parsing=True):
            d = t["detail"]
            ent = {"type": "time", "path": path_at(a + t["offset"][0]), "text": t["text"], "deadline": False,
                   "date": None, "start": None, "duration": None}
            tm = d.get("time")
            limit = _LIMIT.search(t["text"])
            if t["type"] == "time_delta" and isinstance(tm, dict):
                unit = {"year": "P{}Y", "month": "P{}M", "day": "P{}D", "workday": "P{}D", "week": "P{}W",
                        "hour": "PT{}H", "minute": "PT{}M"}
                for k, code in unit.items():
                    if k in tm:
                        v = tm[k][-1] if isinstance(tm[k], list) else tm[k]
                        ent["duration"] = code.format(int(float(v)))
                        break
            elif limit and t["type"] == "time_span":
                # 3个月内: JioNLP gives the span from its time base; the contract wants the duration.
                n = to_number(limit.group("n"))
                code = _LIMIT_UNITS[limit.group("u")]
                ent["duration"] = code.format(int(n)) if n else None
            elif isinstance(tm, list) and len(tm) == 2 and all(isinstance(x, str) for x in tm):
                if tm[1] not in ("inf", "-inf"):
                    ent["date"] = tm[1][:10]
                if tm[0] not in ("inf", "-inf"):
                    ent["start"] = tm[0][:10]
            if ent["date"] or ent["duration"]:
                ents.append(ent)
    return {"clauses": [], "entities": ents, "meta": {}}


SETS = (  # (name, documents, gold): the real documents with gold, then the five samples
    ("corpus", REPO.parent / "shared" / "corpus" / "docs", REPO.parent / "shared" / "corpus" / "gold"),
    ("samples", REPO.parent / "shared" / "samples", REPO.parent / "shared" / "gold"),
)
SCORER = REPO.parent / "shared" / "eval" / "score.py"


def score_set(docs: Path, gold: Path) -> dict:
    """Both tools' totals on one set of documents, scored against its gold."""
    import mzparse

    with tempfile.TemporaryDirectory() as tmp:
        jdir, mdir = Path(tmp, "jionlp"), Path(tmp, "mzparse")
        jdir.mkdir()
        mdir.mkdir()
        for p in sorted(docs.glob("*.txt")):
            if not (gold / f"{p.stem}.json").is_file():
                continue
            (jdir / f"{p.stem}.json").write_text(json.dumps(jionlp_entities(p), ensure_ascii=False), encoding="utf-8")
            (mdir / f"{p.stem}.json").write_text(mzparse.extract(p).to_json(), encoding="utf-8")
        scores = {}
        for name, d in (("JioNLP", jdir), ("mzparse", mdir)):
            out = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(d), "--json"],
                                 capture_output=True, text=True, check=True)
            scores[name] = json.loads(out.stdout)["total"]
    return scores


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", nargs=3, metavar=("NAME", "DOCS", "GOLD"),
                    help="score another set of documents against its gold (default: corpus and samples)")
    a = ap.parse_args(argv)
    sets = [(n, Path(d), Path(g)) for n, d, g in a.set] if a.set else [s for s in SETS if s[2].is_dir()]
    rows = []
    for name, docs, gold in sets:
        for tool, t in score_set(docs, gold).items():
            rows.append((name, tool, t))
    # A Markdown table, as the README shows it: F1 with precision/recall behind it.
    print("| documents | tool | time F1 (P / R) | deadline F1 | money F1 (P / R) |")
    print("|---|---|---|---|---|")
    for name, tool, t in rows:
        tm, dl, mo = t["time"], t["deadline"], t["money"]
        dl_f1 = f"{dl['f1']:.3f}" if tool == "mzparse" else "—"   # JioNLP does not tell deadlines
        print(f"| {name} ({tm['gold']} times, {mo['gold']} amounts) | {tool} "
              f"| {tm['f1']:.3f} ({tm['precision']:.3f} / {tm['recall']:.3f}) | {dl_f1} "
              f"| {mo['f1']:.3f} ({mo['precision']:.3f} / {mo['recall']:.3f}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
