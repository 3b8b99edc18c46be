"""Accuracy of JioNLP's money and time extractors on ../shared/gold, next to mzparse's.

JioNLP is given the same help mzparse has: only the body lines (mzparse's layout),
the document's year as its time base, and mzparse's clause paths for each hit.
Its output is mapped to the contract (money → yuan/max_yuan; time → end date, or a
duration for relative spans) and scored by ../shared/eval/score.py.

    python bench/compare_jionlp.py [--gold ../shared/gold] [--samples samples]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def jionlp_entities(path: Path) -> dict:
    import logging

    import jionlp as jio

    logging.getLogger().setLevel(logging.CRITICAL)  # JioNLP logs a traceback for every phrase it cannot parse

    import mzparse
    from mzparse import entities as E
    from mzparse.structure import layout as L
    from mzparse.readers.text import read_file
    from mzparse.lang.script import normalise

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
            if t["type"] == "time_delta" and isinstance(tm, dict):
                unit = {"year": "Y", "month": "M", "day": "D", "week": "W"}
                for k, code in unit.items():
                    if k in tm:
                        v = tm[k][-1] if isinstance(tm[k], list) else tm[k]
                        ent["duration"] = f"P{int(float(v))}{code}"
                        break
            elif isinstance(tm, list) and len(tm) == 2 and all(isinstance(x, str) for x in tm):
                if tm[1] not in ("inf", "-inf"):
                    ent["date"] = tm[1][:10]
                if tm[0] not in ("inf", "-inf"):
                    ent["start"] = tm[0][:10]
            if ent["date"] or ent["duration"]:
                ents.append(ent)
    return {"clauses": [], "entities": ents, "meta": {}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "gold"))
    ap.add_argument("--samples", default=str(REPO / "samples"))
    a = ap.parse_args(argv)
    import mzparse

    with tempfile.TemporaryDirectory() as tmp:
        jdir, mdir = Path(tmp, "jionlp"), Path(tmp, "mzparse")
        jdir.mkdir()
        mdir.mkdir()
        for p in sorted(Path(a.samples).glob("*.txt")):
            (jdir / f"{p.stem}.json").write_text(json.dumps(jionlp_entities(p), ensure_ascii=False), encoding="utf-8")
            (mdir / f"{p.stem}.json").write_text(mzparse.extract(p).to_json(), encoding="utf-8")
        scores = {}
        for name, d in (("jionlp", jdir), ("mzparse", mdir)):
            out = subprocess.run([sys.executable, str(Path(a.gold).parent / "eval" / "score.py"), "--gold", a.gold,
                                  "--pred", str(d), "--json"], capture_output=True, text=True, check=True)
            scores[name] = json.loads(out.stdout)["total"]
    print(f"{'':10s} {'money P':>8s} {'R':>6s} {'F1':>6s}   {'time P':>8s} {'R':>6s} {'F1':>6s}")
    for name, t in scores.items():
        print(f"{name:10s} {t['money']['precision']:8.3f} {t['money']['recall']:6.3f} {t['money']['f1']:6.3f}"
              f"   {t['time']['precision']:8.3f} {t['time']['recall']:6.3f} {t['time']['f1']:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
