"""What the writers and ``mzparse show`` share: CSV text, the responsibility table's rows, and the
clause tree for people (rich), paged as git pages."""
from __future__ import annotations

import csv
import io

from ..models import Document

TASK_COLUMNS = ["file", "path", "task", "heading", "lead", "support", "deadlines", "targets"]
TASK_CHARS = 40  # a task's text in the table: enough to tell one task from the next


def write_csv(rows: list[list[str]], header: list[str] | None, excel: bool = False) -> str:
    """CSV text; without a header, lines to append to a file that has one (streamed output)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
    if header is not None:
        w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" if excel and header is not None else "") + buf.getvalue()


def task_rows(doc: Document) -> list[dict]:
    """One row per clause: who leads, who supports, by when, towards which targets."""
    rows = []
    by_path: dict[str, list] = {}
    for e in doc.entities:
        by_path.setdefault(e.path, []).append(e)
    for c in doc.clauses:
        ents = by_path.get(c.path, [])
        lead = _uniq(e.text for e in ents if e.type == "agency" and e.responsible and e.role == "lead")
        support = _uniq(e.text for e in ents if e.type == "agency" and e.responsible and e.role != "lead")
        deadlines = _uniq(e.text for e in ents if e.type == "time" and e.deadline)
        targets = _uniq(e.text for e in ents if e.type in ("percentage", "money"))
        rows.append({"file": doc.source.path, "path": c.path, "task": task_text(c), "heading": c.heading or "",
                     "lead": lead,
                     "support": support, "deadlines": deadlines, "targets": targets})
    return rows


_SENTENCE_END = "。；;!！?？\n"
_PAUSES = "，,、：:"


def task_text(clause, limit: int = TASK_CHARS) -> str:
    """What a clause asks for: its heading, else its first sentence, cut at a pause
    (or at ``limit`` characters) when longer than ``limit``."""
    text = clause.heading or clause.text.lstrip().removeprefix(clause.marker)
    text = " ".join(text.split())
    end = min((i for i in (text.find(ch) for ch in _SENTENCE_END) if i >= 0), default=len(text))
    text = text[:end]
    if len(text) <= limit:
        return text
    cut = max(text.rfind(ch, limit // 2, limit) for ch in _PAUSES)
    return text[:cut if cut > 0 else limit] + "…"


def _uniq(items) -> list[str]:
    out: list[str] = []
    for it in items:
        if it not in out:
            out.append(it)
    return out


def task_csv_rows(rows: list[dict]) -> list[list[str]]:
    """task_rows as CSV rows (TASK_COLUMNS), lists joined with 、."""
    return [[r["file"], r["path"], r["task"], r["heading"], "、".join(r["lead"]), "、".join(r["support"]),
             "、".join(r["deadlines"]), "、".join(r["targets"])] for r in rows]


STYLE = {"agency": "bold cyan", "time": "bold magenta", "percentage": "bold green", "money": "bold yellow"}


def show(doc: Document, console) -> None:
    """Metadata panel and the clause tree, entities highlighted by type."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    m = doc.meta
    meta = Table.grid(padding=(0, 1))
    meta.add_column(style="dim", no_wrap=True)
    meta.add_column()
    for k, v in (("title", m.title), ("doc_number", m.doc_number), ("date", m.date),
                 ("issuers", "、".join(m.issuers)), ("recipients", "、".join(m.recipients)),
                 ("cited", str(len(m.cited))), ("file", doc.source.path),
                 ("encoding", f"{doc.source.encoding}, {doc.source.script}")):
        meta.add_row(k, v or "—")
    console.print(Panel(meta, title="mzparse", border_style="blue"))
    legend = Text("  ").join(Text(t, style=s) for t, s in STYLE.items())
    console.print(legend)
    tree = Tree(Text(m.title or doc.source.path, style="bold"))
    nodes = {"": tree}
    by_path: dict[str, list] = {}
    for e in doc.entities:
        by_path.setdefault(e.path, []).append(e)
    for c in doc.clauses:
        parent = nodes.get(c.path.rpartition(".")[0], tree) if "." in c.path else tree
        label = Text()
        label.append(c.path, style="bold blue")
        label.append(" ")
        label.append(c.heading or _snippet(c.text), style="bold" if c.heading else "")
        if c.inferred:
            label.append("  (numeral inferred)", style="red")
        ents = by_path.get(c.path, [])
        if ents:
            label.append("\n")
            label.append(Text("  ").join(Text(e.text, style=STYLE[e.type]) for e in ents))
        nodes[c.path] = parent.add(label)
    console.print(tree)
    if doc.warnings:
        console.print(Text(f"{len(doc.warnings)} warning(s): " + "; ".join(w.code for w in doc.warnings[:10]),
                           style="yellow"))


def page(text: str) -> None:
    """Show ``text`` through $PAGER (else less), letting colour codes through as git does:
    LESS=FRX when unset, -R added when LESS is set without it."""
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    less = env.get("LESS")
    env["LESS"] = "FRX" if less is None else (less if _less_passes_colour(less) else f"{less} -R".strip())
    cmd = env.get("PAGER") or "less"
    try:
        done = subprocess.run(cmd, shell=True, input=text.encode("utf-8"), env=env)
    except OSError:
        done = None
    if done is None or done.returncode == 127:  # no such pager: print instead
        sys.stdout.write(text)
        sys.stdout.flush()


def _less_passes_colour(options: str) -> bool:
    """Whether less options hold -R/-r (clustered as in FRX) or --raw-control-chars."""
    for tok in options.split():
        if tok.startswith("--"):
            if tok.lower() == "--raw-control-chars":
                return True
        elif "R" in tok or "r" in tok:
            return True
    return False


def _snippet(text: str, n: int = 30) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[:n] + "…"
