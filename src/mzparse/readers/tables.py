"""Tables as text the clause and agency grammars read.

A responsibility table (序号 / 任务 / 牵头单位 / 配合单位 / 完成时限, the commonest
form of 责任分工) becomes one numbered item per row: a marker from its 序号, the
task as the clause heading, then one labelled line per role column
(``牵头单位：…``), the labels the agency grammar already reads as words of
responsibility (CONTRACT.md §2). Any other table keeps one line per row, cells
separated by a tab. Readers (HTML, Word) hand in the grid with merged cells
already spread over the rows and columns they cover.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

Cell = list[str]   # the cell's lines (paragraphs, <br>-separated parts)


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """tables.toml, beside this module: column headers by kind, and the labels written per role."""
    return tomllib.loads(resources.files(__package__).joinpath("tables.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[str, "re.Pattern[str]"]]:
    spec = vocabulary()["columns"]
    return [(kind, re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")$")) for kind, words in spec.items()]


def column_kind(header: str) -> str | None:
    """seq, task, lead, support, time or other column; None for a header this table does not name."""
    h = re.sub(r"[\s*]", "", re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", header))
    for kind, rx in _kinds():
        if rx.match(h):
            return kind
    return None


def _header(rows: list[list[str]]) -> tuple[int, list[str | None]] | None:
    for i, row in enumerate(rows[:3]):
        kinds = [column_kind(c) for c in row]
        if {"lead", "support", "time"} & set(kinds) and sum(k is not None for k in kinds) >= 2:
            return i, kinds
    return None


def has_roles(grid: list[list[Cell]]) -> bool:
    """Whether the table's header names responsibility columns (then it is data, however long its cells)."""
    return _header([[_joined(c, "") for c in row] for row in grid[:3]]) is not None


_DIGITS = re.compile(r"^[0-9０-９]{1,3}$")
_HANZI_NUM = re.compile(r"^[一二三四五六七八九十百零〇]{1,4}$")


def _marker(seq: str) -> str:
    """The visible marker a row's 序号 gives: 1 → 1. , 一 → 一、; one already written is kept."""
    s = seq.strip()
    if _DIGITS.match(s):
        return f"{s}. "
    if _HANZI_NUM.match(s):
        return f"{s}、"
    return f"{s} " if s else ""


def _label(header: str, kind: str) -> str:
    """The column's own header when the grammars read it with the column's role, else the
    first word for that role (主责单位 → 牵头单位, 协办单位 → 配合单位, 进度安排 → 完成时限)."""
    label = re.sub(r"[\s*]", "", header)
    words = vocabulary()["labels"].get(kind)
    if not words:
        return label
    return label if label in words else words[0]


def _joined(cell: Cell, sep: str) -> str:
    return sep.join(p.strip() for p in cell if p.strip())


def render(grid: list[list[Cell]]) -> list[str]:
    """Lines for a table given as rows of cells."""
    flat = [[_joined(c, "") for c in row] for row in grid]
    found = _header(flat)
    if found is None:
        return ["\t".join(c for c in row if c) for row in flat if any(row)]
    h, kinds = found
    header = flat[h]
    lines: list[str] = []
    seen_rows: set[tuple[str, ...]] = set()
    for r, row in enumerate(grid[h + 1:], h + 1):
        cells = flat[r]
        if not any(cells):
            continue
        if len(set(c for c in cells if c)) == 1 and len(cells) > 1 and all(cells):
            lines.append(cells[0])  # a row that is one merged cell: a section heading (一、…)
            continue
        if tuple(cells) in seen_rows:
            continue  # a merged cell spread over rows it alone fills
        seen_rows.add(tuple(cells))
        seq = next((cells[i] for i, k in enumerate(kinds) if k == "seq" and i < len(cells)), "")
        task_cols = [i for i, k in enumerate(kinds) if k == "task" and i < len(cells)]
        first = task_cols[0] if task_cols else next((i for i, k in enumerate(kinds) if k in (None, "other")
                                                     and i < len(cells) and cells[i]), None)
        head = cells[first] if first is not None else ""
        lines.append(_marker(seq) + head)
        for i, kind in enumerate(kinds):
            if i >= len(cells) or i == first or kind == "seq" or not cells[i]:
                continue
            if kind in ("lead", "support"):
                value = _joined(grid[r][i], "、")
            else:
                value = cells[i]
            lines.append(f"{_label(header[i], kind)}：{value}")
    return lines
