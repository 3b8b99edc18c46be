"""Defaults from ``[tool.mzparse]`` in a pyproject.toml, or from a mzparse.toml, found upward."""
from __future__ import annotations

import tomllib
from pathlib import Path


def find_config(start: Path | None = None) -> tuple[Path | None, dict]:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / "mzparse.toml"
        if own.is_file():
            return own, _load(own)
        py = d / "pyproject.toml"
        if py.is_file():
            conf = _load(py).get("tool", {}).get("mzparse")
            if conf is not None:
                return py, conf
    return None, {}


def _load(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def default_map(conf: dict) -> dict:
    """Click's default_map: top-level keys for extract/tasks/show, [check] for check."""
    common = {k.replace("-", "_"): v for k, v in conf.items() if not isinstance(v, dict)}
    if "format" in common:
        common["fmt"] = common.pop("format")  # the parameter behind --format
    check = {k.replace("-", "_"): v for k, v in conf.get("check", {}).items()}
    if "format" in check:
        check["fmt"] = check.pop("format")
    pick = lambda keys: {k: v for k, v in common.items() if k in keys}  # noqa: E731
    return {
        "extract": pick({"fmt", "jobs", "glob", "excel", "quiet", "out_dir"}),
        "tasks": pick({"jobs", "glob", "excel", "quiet"}),
        "check": {**pick({"jobs", "glob", "quiet"}), **check},
    }
