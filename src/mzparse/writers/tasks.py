"""The ``tasks`` writers: the responsibility table (per clause: lead and supporting agencies,
deadlines, targets) as a table for people, CSV or JSON. The table needs every row to size its
columns, so these writers keep the rows of a run and write them at its end."""
from __future__ import annotations

from .base import WholeSink, Writer


class TaskTable(Writer):
    """``tasks --format table``: a rich table on the terminal, rows with a lead, support, deadline or target."""
    name, command, help = "table", "tasks", "table (default on a terminal)"
    per_file = False

    def shape(self, doc) -> list[dict]:
        """One row per clause (render.task_rows)."""
        from .render import task_rows

        return task_rows(doc)

    def sink(self, out, *, excel: bool = False, part: int = 0) -> WholeSink:
        """Every document's rows, rendered at the end."""
        return WholeSink(out, lambda parts: self.render([r for rows in parts for r in rows], excel))

    def render(self, rows: list[dict], excel: bool = False) -> str:
        """The rows as a table, as wide as the terminal (a column for the file when there are several)."""
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        several = len({r["file"] for r in rows}) > 1  # then each row says which file
        for col in ("file",) * several + ("path", "task", "lead", "support", "deadlines", "targets"):
            table.add_column(col, overflow="fold")
        for r in rows:
            if r["lead"] or r["support"] or r["deadlines"] or r["targets"]:
                table.add_row(*(r["file"],) * several, r["path"], r["task"], "、".join(r["lead"]),
                              "、".join(r["support"]), "、".join(r["deadlines"]), "、".join(r["targets"]))
        console = Console()
        with console.capture() as captured:
            console.print(table)
        return captured.get()


class TaskCsv(TaskTable):
    """``tasks --format csv``: every clause's row, lists joined with 、."""
    name, help = "csv", "csv (default otherwise)"

    def render(self, rows: list[dict], excel: bool = False) -> str:
        """The rows as CSV under render.TASK_COLUMNS."""
        from .render import TASK_COLUMNS, task_csv_rows, write_csv

        return write_csv(task_csv_rows(rows), TASK_COLUMNS, excel)


class TaskJson(TaskTable):
    """``tasks --format json``: every clause's row as one JSON array."""
    name, help = "json", "json"

    def render(self, rows: list[dict], excel: bool = False) -> str:
        """The rows as an indented JSON array."""
        import json

        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
