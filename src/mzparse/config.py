"""Defaults from ``[tool.mzparse]`` in a pyproject.toml, or from a mzparse.toml, found upward.

A configuration that cannot be read as written is an error (exit 2, naming the file,
the key and the problem), never a silent fall-back to the defaults: a misspelt
``jobz`` or ``severty`` would otherwise look as if it worked.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Callable, Iterable

from .cache import toml


class ConfigError(Exception):
    """``str()`` is the one-line message: FILE: [table] key: problem."""


def find_config(start: Path | None = None) -> tuple[Path | None, dict]:
    """The first mzparse.toml, or pyproject.toml with ``[tool.mzparse]``, from ``start`` (default:
    the working directory) upward → (its path, its table); (None, {}) when there is none."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / "mzparse.toml"
        if own.is_file():
            return own, _load(own, ours=True)
        py = d / "pyproject.toml"
        if py.is_file():
            conf = _load(py, ours=False).get("tool", {}).get("mzparse")
            if conf is not None:
                return py, conf
    return None, {}


def _load(path: Path, ours: bool) -> dict:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not ours and b"mzparse" not in data and b"\\u" not in data and b"\\U" not in data:
        return {}   # another project's pyproject.toml: no table of ours (not even as [tool."mz\u0070arse"])
    try:
        return toml(data)   # kept parsed by its content, as the pattern files are
    except ValueError as exc:   # tomllib.TOMLDecodeError and UnicodeDecodeError are ValueErrors
        # A broken pyproject.toml is another tool's business unless it holds our table.
        if ours or b"tool.mzparse" in data:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        return {}


# ---------------------------------------------------------------- what may be set

def _whole(minimum: int) -> Callable[[object], str | None]:
    def check(v):
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
            return f"expected a whole number ≥ {minimum}"
        return None
    return check


def _is(kind: type, what: str) -> Callable[[object], str | None]:
    return lambda v: None if isinstance(v, kind) else f"expected {what}"


def _one_of(choices: Iterable[str]) -> Callable[[object], str | None]:
    choices = tuple(choices)
    return lambda v: None if v in choices else f"expected one of {', '.join(choices)}"


def _codes(v) -> str | None:
    if isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v)):
        return None
    return "expected a list of rule codes or prefixes"


def schema(formats: Iterable[str], check_formats: Iterable[str], severities: Iterable[str]) -> dict:
    """Every key a configuration may hold, with its check (the choices come from the CLI's own)."""
    common = {"jobs": _whole(0), "glob": _is(str, "a pattern such as \"*.txt\""),
              "quiet": _is(bool, "true or false"), "hidden": _is(bool, "true or false"),
              "follow": _is(bool, "true or false")}
    return {
        **common,
        "format": _one_of(formats), "excel": _is(bool, "true or false"),
        "out_dir": _is(str, "a directory name"),
        "check": {**common, "format": _one_of(check_formats), "severity": _one_of(severities),
                  "select": _codes, "ignore": _codes},
    }


def validate(conf: dict, path: Path | None, spec: dict) -> None:
    """Raise ConfigError for the first unknown key or bad value."""
    table = "[tool.mzparse] " if path is not None and path.name == "pyproject.toml" else ""
    _validate(conf, spec, path, table, "")


def _validate(conf: dict, spec: dict, path, table: str, prefix: str) -> None:
    for key, value in conf.items():
        norm = key.replace("-", "_")
        rule = spec.get(norm)
        where = f"{path}: {table}{prefix}{key}"
        if rule is None:
            close = difflib.get_close_matches(norm, [k for k in spec], n=1)
            hint = f" (did you mean {close[0].replace('_', '-')!r}?)" if close else \
                f" (known: {', '.join(sorted(k.replace('_', '-') for k in spec))})"
            raise ConfigError(f"{path}: {table}unknown key {prefix + key!r}{hint}")
        if isinstance(rule, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table ([{key}])")
            _validate(value, rule, path, table, f"{prefix}{key}.")
            continue
        problem = rule(value)
        if problem:
            raise ConfigError(f"{where}: {problem}, not {value!r}")


def default_map(conf: dict) -> dict:
    """Click's default_map: top-level keys for extract/tasks/show, [check] for check."""
    common = {k.replace("-", "_"): v for k, v in conf.items() if not isinstance(v, dict)}
    if "format" in common:
        common["fmt"] = common.pop("format")  # the parameter behind --format
    check = {k.replace("-", "_"): v for k, v in conf.get("check", {}).items()}
    if "format" in check:
        check["fmt"] = check.pop("format")
    pick = lambda keys: {k: v for k, v in common.items() if k in keys}  # noqa: E731
    walk = {"hidden", "follow"}
    return {
        "extract": pick({"fmt", "jobs", "glob", "excel", "quiet", "out_dir"} | walk),
        "tasks": pick({"jobs", "glob", "excel", "quiet"} | walk),
        "show": pick({"glob"} | walk),
        "check": {**pick({"jobs", "glob", "quiet"} | walk), **check},
    }
