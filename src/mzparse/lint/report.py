"""`mzparse check` output: findings as text, JSON, GitHub workflow commands or SARIF 2.1.0."""
from __future__ import annotations

import json
from urllib.parse import quote

from ..cache import dataclass
from .. import __version__
from .checks import rules, severity_rank

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


@dataclass(frozen=True)
class FileFindings:
    """What a batch keeps of one document for check (picklable)."""
    path: str
    warnings: tuple[dict, ...]    # Finding.model_dump() of each finding


def file_findings(doc) -> FileFindings:
    """A Document → what ``check`` keeps of it: its path and its warnings as dicts."""
    return FileFindings(doc.source.path, tuple(w.model_dump() for w in doc.warnings))


def matches(code: str, selectors: list[str]) -> bool:
    """A code matches a selector that is the code itself or a prefix of it (N, N00, N001, ALL)."""
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def keep(code: str, severity: str, select: list[str], ignore: list[str], threshold: str) -> bool:
    """Whether a finding is reported: selected, not ignored, and at or above ``threshold``."""
    if select and not matches(code, select):
        return False
    if ignore and matches(code, ignore):
        return False
    return severity_rank(severity) >= severity_rank(threshold)


# ---------------------------------------------------------------- formats

def text(files: list[FileFindings]) -> str:
    """Findings as ``path:line:col: CODE message`` lines."""
    out = []
    for f in files:
        for w in f.warnings:
            out.append(f"{f.path}:{w['line']}:{w['col']}: {w['code']} {w['message']}\n")
    return "".join(out)


def as_json(files: list[FileFindings]) -> str:
    """Findings as one JSON array, each with its file's path."""
    data = [{"path": f.path, **w} for f in files for w in f.warnings]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    # GitHub workflow commands: %, CR and LF are escaped in data; also : and , in properties.
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def github(files: list[FileFindings]) -> str:
    """Findings as GitHub Actions workflow commands (::warning file=…,line=…::message)."""
    out = []
    for f in files:
        for w in f.warnings:
            props = [f"file={_gh_escape(f.path, True)}", f"line={w['line']}", f"col={w['col']}"]
            if w["end_line"] == w["line"] and w["end_col"] > w["col"]:
                props.append(f"endColumn={w['end_col']}")
            props.append(f"title={_gh_escape(w['code'] + ' ' + rules()[w['code']].name, True)}")
            out.append(f"::{_GITHUB_LEVEL[w['severity']]} {','.join(props)}::{_gh_escape(w['message'])}\n")
    return "".join(out)


def sarif(files: list[FileFindings]) -> str:
    """Findings as a SARIF 2.1.0 log, with every rule described in the driver."""
    all_rules = list(rules().values())
    index = {r.code: i for i, r in enumerate(all_rules)}
    results = []
    for f in files:
        for w in f.warnings:
            region = {"startLine": w["line"], "startColumn": w["col"]}
            if w["span"][1] > w["span"][0]:
                region.update(endLine=w["end_line"], endColumn=w["end_col"], snippet={"text": w["text"]})
            results.append({
                "ruleId": w["code"],
                "ruleIndex": index[w["code"]],
                "level": _SARIF_LEVEL[w["severity"]],
                "message": {"text": w["message"]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": quote(f.path.replace("\\", "/"), safe="/:")},
                    "region": region}}],
            })
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mzparse",
                "version": __version__,
                "informationUri": "https://pypi.org/project/mzparse/",
                "rules": [{
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": r.why},
                    "help": {"text": f"{r.summary}\n{r.why}\nmzparse check --explain {r.code}"},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                } for r in all_rules],
            }},
            "columnKind": "unicodeCodePoints",   # columns count characters, not UTF-16 units
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": text, "json": as_json, "github": github, "sarif": sarif}


# ---------------------------------------------------------------- --explain

def explain(code: str, extract) -> str:
    """What rule ``code`` looks for and why, with what it reports on its own examples, each run
    through ``extract`` (the pipeline, handed down by the caller: lint sits below it)."""
    r = rules()[code]
    lines = [f"{r.code} {r.name} ({r.severity})", "", r.summary, "", "Why it matters: " + r.why, ""]
    for i, ex in enumerate(r.examples[:2], 1):
        found = [w for w in extract(ex, name="example").warnings if w.code == code]
        lines.append(f"Example {i}:")
        lines.extend("    " + ln for ln in ex.rstrip("\n").split("\n"))
        for w in found:
            lines.append(f"  → example:{w.line}:{w.col}: {w.code} {w.message}")
        lines.append("")
    if r.clean:
        lines.append("Not reported:")
        lines.extend("    " + ln for ln in r.clean[0].rstrip("\n").split("\n"))
        lines.append("")
    return "\n".join(lines)


def rule_table() -> str:
    """Every rule as one line: code, severity, name, summary (``check --list``)."""
    return "".join(f"{r.code}  {r.severity:<7}  {r.name:<24} {r.summary}\n" for r in rules().values())
