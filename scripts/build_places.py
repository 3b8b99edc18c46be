"""Build src/mzparse/lang/places.txt: the jieba vocabulary mzparse segments with.

mzparse asks jieba one question: where does a free-form place name before an
agency begin (经潍坊市人民政府 → 潍坊市)? Loading jieba's full dictionary costs
~0.8 s per process; the words that answer the question are those ending like a
place name, so this script keeps only those from jieba's own dictionary.
Run it again after upgrading jieba:  python scripts/build_places.py
"""
from pathlib import Path

import jieba

SUFFIXES = ("省", "市", "县", "区", "州", "盟", "旗", "自治区", "自治州", "自治县", "特别行政区")
SRC = Path(jieba.__file__).with_name("dict.txt")
DST = Path(__file__).resolve().parents[1] / "src" / "mzparse" / "lang" / "places.txt"

words = []
with open(SRC, encoding="utf-8") as fh:
    for line in fh:
        parts = line.split()
        if len(parts) >= 2 and 2 <= len(parts[0]) <= 8 and parts[0].endswith(SUFFIXES):
            words.append(f"{parts[0]} {parts[1]}\n")
DST.write_text("".join(sorted(set(words))), encoding="utf-8")
print(f"{len(words)} words → {DST}")
