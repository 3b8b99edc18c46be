"""The package's import direction: each module imports only from layers below its own.

    cli, config → runners → pipeline → lint → entities → structure → lang
    readers and writers → models, records, errors only

Imports inside functions count too: a lazy import that climbs a layer is still a cycle in waiting.
"""
import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "mzparse"

BASE = {"models", "records", "codec", "cache", "errors", "__version__"}   # __version__: a constant of the package root
# Higher number = higher layer; a module may import from its own layer or any lower one.
RANK = {"lang": 1, "structure": 2, "entities": 3, "lint": 4, "pipeline": 5, "runners": 6, "dask": 6,
        "cli": 7, "config": 7, "__main__": 7, "__init__": 7}
ISOLATED = {"readers", "writers"}   # they see only BASE (and their own folder)


def _unit(module: str) -> str:
    """The architectural unit of a module path relative to the package (``lang.agencies`` → ``lang``)."""
    return module.split(".")[0]


def _modules():
    for f in sorted(PKG.rglob("*.py")):
        rel = f.relative_to(PKG).with_suffix("")
        yield f, ".".join(rel.parts)


def _imports(f: Path, module: str):
    """Every mzparse module ``module`` imports, as a dotted path relative to the package."""
    pkg_parts = module.split(".")[:-1] if not module.endswith("__init__") else module.split(".")[:-1]
    for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg_parts[: len(pkg_parts) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "mzparse":
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                yield ".".join(target)
            else:   # from . import a, b
                for alias in node.names:
                    yield alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "mzparse" and "." in alias.name:
                    yield alias.name.split(".", 1)[1]


def _allowed(src: str, dst: str) -> bool:
    su, du = _unit(src), _unit(dst)
    if du in BASE or su == du:
        return True
    if su in ISOLATED or du in ISOLATED:
        # Readers and writers are leaves that the pipeline, runners and CLI call.
        return su not in ISOLATED and su not in BASE and RANK.get(su, 0) >= RANK["pipeline"]
    if su in BASE:
        return False
    return RANK[du] <= RANK[su]


MODULES = list(_modules())


@pytest.mark.parametrize("f,module", MODULES, ids=[m for _, m in MODULES])
def test_imports_only_go_down(f, module):
    wrong = [dst for dst in _imports(f, module) if not _allowed(module, dst)]
    assert not wrong, f"{module} imports {wrong} from a higher layer"


def test_every_unit_has_a_layer():
    units = {_unit(m) for _, m in MODULES}
    assert units <= BASE | set(RANK) | ISOLATED, units - (BASE | set(RANK) | ISOLATED)


def test_the_rule_is_not_vacuous():
    assert not _allowed("lang.agencies", "structure.layout")
    assert not _allowed("lint.report", "pipeline")
    assert not _allowed("writers.render", "lint.checks")
    assert _allowed("pipeline", "readers.text") and _allowed("structure.meta", "models")
