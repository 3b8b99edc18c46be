"""Which library finds a government web page's document best? (README, "Web pages")

    pip install trafilatura; pip install readability-lxml     # one at a time (pip's resolver
    python bench/compare_html.py [--shared ../shared]          # trips over both at once)

Three ways to get the body of each real page in ../shared/formats and ../shared/corpus/html,
each then read by the same mzparse pipeline as text:

* trafilatura 2.x ``extract(..., include_tables=True)``, default precision, and with
  ``favor_recall=True``;
* readability-lxml's ``Document.summary()``: the node it picks, rendered line by line with
  mzparse's own renderer (its ``text_content()`` would run every paragraph into one line);
* mzparse's reader (lxml + rules: the deepest element holding 85 % of the page's prose).

For each: numbered clauses found, whether the printed title and 发文字号 lines are kept,
lines that are menu links (furniture leaked into the text), the rows of a made-up
responsibility table kept as clauses, and on h01/h02 the scorer's figures against gold.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import mzparse
from mzparse.readers import html as H

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "readers"))
from formats_make import menu_links  # noqa: E402  (the tests' measure of leaked furniture)

TABLE_PAGE = """<html><head><meta charset="utf-8"><title>任务分工</title></head><body>
<ul class="nav"><li><a href="/1">首页</a></li><li><a href="/2">政务公开</a></li><li><a href="/3">市民政局</a></li>
<li><a href="/4">市财政局</a></li><li><a href="/5">互动交流</a></li></ul>
<div class="content"><p>临江市养老服务提升行动任务分工</p><p>一、重点任务</p>
<p>各责任单位要按照下表抓好落实，确保各项任务按期完成，形成工作合力。</p>
<table border="1"><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>建立困难群众动态监测台账</td><td>市民政局</td><td>市财政局</td><td>2024年6月</td></tr>
<tr><td>2</td><td>完善临时救助备用金制度</td><td>市财政局</td><td>市民政局</td><td>2024年底前</td></tr>
<tr><td>3</td><td>开展养老机构安全检查</td><td>市应急管理局</td><td>市市场监管局</td><td>2024年9月</td></tr>
</table><p>二、保障措施</p><p>各单位要加强协调配合，明确专人负责，按时报送进展情况。</p></div>
<div class="footer"><a href="/a">网站地图</a><a href="/b">联系我们</a><a href="/c">市公安局</a><a href="/d">市教育局</a>
<a href="/e">市审计局</a></div></body></html>"""


def ours(data: bytes) -> tuple[str, dict]:
    src = H.HtmlReader().read(data)
    return src.text, src.meta


def trafilatura_text(data: bytes, recall: bool = False) -> tuple[str, dict]:
    import trafilatura

    return trafilatura.extract(data, include_tables=True, favor_recall=recall) or "", {}


def readability_text(data: bytes) -> tuple[str, dict]:
    import lxml.html
    from readability import Document

    html, _ = H.decode_html(data)
    node = lxml.html.fromstring(Document(html).summary(html_partial=True))
    return "\n".join(H._Renderer().lines(node)), {}


METHODS = {"trafilatura": trafilatura_text, "trafilatura recall": lambda d: trafilatura_text(d, True),
           "readability-lxml": readability_text, "mzparse (lxml + rules)": ours}


def build(text: str, hints: dict, name: str):
    from mzparse.pipeline import build as build_doc
    from mzparse.readers import SourceText

    return build_doc(SourceText(text or " ", "utf-8", "html", hints), text.encode(), name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    pages = sorted((shared / "formats").glob("*.html")) + sorted((shared / "corpus" / "html").glob("*.html"))
    print(f"{'page':<6} {'method':<24} {'clauses':>7} {'title':>5} {'docno':>5} {'menu lines':>10}")
    for path in pages:
        data = path.read_bytes()
        ref = mzparse.extract(path)
        for label, fn in METHODS.items():
            try:
                text, hints = fn(data)
            except ImportError as exc:
                print(f"{path.name[:3]:<6} {label:<24} not installed ({exc.name})")
                continue
            flat = "".join(text.split())
            title = ref.meta.title and ref.meta.title[:12] in flat
            docno = bool(ref.meta.doc_number) and ref.meta.doc_number in flat
            lines = {"".join(ln.split()).lstrip("-·• ") for ln in text.splitlines()}
            leaked = len(lines & menu_links(data))
            doc = build(text, hints, path.name)
            print(f"{path.name[:3]:<6} {label:<24} {len(doc.clauses):>7} {('yes' if title else 'no'):>5} "
                  f"{('yes' if docno else ('-' if not ref.meta.doc_number else 'no')):>5} {leaked:>10}")
    data = TABLE_PAGE.encode()
    print("\nresponsibility table (3 rows): clauses / responsible agencies / deadlines")
    for label, fn in METHODS.items():
        try:
            text, hints = fn(data)
        except ImportError:
            continue
        doc = build(text, hints, "table.html")
        resp = sum(1 for e in doc.entities if e.type == "agency" and e.responsible)
        dl = sum(1 for e in doc.entities if e.type == "time" and e.deadline)
        print(f"  {label:<24} {len(doc.clauses)} / {resp} / {dl}")
    gold = shared / "corpus" / "gold"
    print("\nscorer on corpus/html against corpus/gold (F1: clauses agency responsible time deadline; meta)")
    for label, fn in METHODS.items():
        with tempfile.TemporaryDirectory() as tmp:
            g, p = Path(tmp, "g"), Path(tmp, "p")
            g.mkdir(), p.mkdir()
            try:
                for path in sorted((shared / "corpus" / "html").glob("*.html")):
                    (g / f"{path.stem}.json").write_bytes((gold / f"{path.stem}.json").read_bytes())
                    text, hints = fn(path.read_bytes())
                    (p / f"{path.stem}.json").write_text(build(text, hints, path.name).to_json(), encoding="utf-8")
            except ImportError:
                continue
            res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold", str(g), "--pred",
                                  str(p), "--json"], capture_output=True, text=True, check=True)
            t = json.loads(res.stdout)["total"]
            f = " ".join(f"{t[k]['f1']:.3f}" for k in ("clauses", "agency", "responsible", "time", "deadline"))
            print(f"  {label:<24} {f}  meta {t['meta']['hits']}/{t['meta']['n']}")


if __name__ == "__main__":
    sys.exit(main())
