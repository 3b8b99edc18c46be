"""Every module, public module-level function and class, and public method of src/mzparse has a docstring.

``mzparse schema`` and ``help()`` are only as good as these: a new public name without one fails here.
Public means no leading underscore; methods are checked in every module-level class (a private
class's public methods, such as ``lines``, are still what its callers read).
"""
import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "mzparse"
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def undocumented(source: str) -> list[str]:
    """The names in ``source`` that need a docstring and lack one ("<module>" for the module itself)."""
    tree = ast.parse(source)
    out = [] if ast.get_docstring(tree) else ["<module>"]
    for node in tree.body:
        if not isinstance(node, _DEFS):
            continue
        if not node.name.startswith("_") and not ast.get_docstring(node):
            out.append(node.name)
        if isinstance(node, ast.ClassDef):
            out.extend(f"{node.name}.{m.name}" for m in node.body
                       if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                       and not m.name.startswith("_") and not ast.get_docstring(m))
    return out


def test_the_walker_finds_what_lacks_a_docstring():
    source = (
        "def shown(): pass\n"
        "def _private(): pass\n"
        "class Shape:\n"
        "    '''One shape.'''\n"
        "    def area(self): return 0\n"
        "    def _cache(self): pass\n"
        "    def __repr__(self): return ''\n"
        "class _Helper:\n"
        "    def run(self): pass\n"
        "async def fetch(): pass\n"
    )
    assert undocumented(source) == ["<module>", "shown", "Shape.area", "_Helper.run", "fetch"]
    documented = '"""A module."""\ndef shown():\n    """Shown."""\n'
    assert undocumented(documented) == []


def test_the_package_is_walked():
    files = sorted(PKG.rglob("*.py"))
    assert len(files) > 20 and (PKG / "pipeline.py") in files


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: p.relative_to(PKG).as_posix())
def test_public_names_have_docstrings(path: Path):
    missing = undocumented(path.read_text(encoding="utf-8"))
    assert not missing, f"{path.relative_to(PKG)}: no docstring for {', '.join(missing)}"
