"""cache.dataclass: dataclasses.dataclass with the code of the methods it writes kept on disk.

The same class either way (fields, methods, frozen, slots, pickling); the kept code is what runs
once it is on disk; no cache, a foreign file or a failing class leave dataclasses as they were."""
from __future__ import annotations

import dataclasses
import glob
import inspect
import marshal
import os
import pickle

import pytest

from mzparse import cache


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A fresh cache folder and no code read yet in this process."""
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "_code", {})
    return tmp_path / "c"


def _files(folder):
    return sorted(glob.glob(os.path.join(folder, "dataclass-*.marshal")))


def _span_class(decorate):
    @decorate(frozen=True, slots=True)
    class Span:
        """A test record: a clause path and where it stands."""
        path: str
        span: tuple[int, int]
        level: int = 1
        notes: list[str] = dataclasses.field(default_factory=list, hash=False)

    return Span


# Pickling needs a class the module names: made once at import, with the cache as the suite has it.
Kept = _span_class(cache.dataclass)
Kept.__qualname__ = Kept.__name__ = "Kept"


def test_the_same_class_as_dataclasses_makes(kept):
    ours, theirs = _span_class(cache.dataclass), _span_class(dataclasses.dataclass)
    assert [(f.name, f.type, f.default) for f in dataclasses.fields(ours)] == \
        [(f.name, f.type, f.default) for f in dataclasses.fields(theirs)]
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__slots__ == theirs.__slots__
    a, b = ours("一、", (0, 2)), ours("一、", (0, 2))
    assert a == b and hash(a) == hash(b) and a.notes == [] and a.notes is not b.notes
    assert repr(a) == repr(theirs("一、", (0, 2))).replace(theirs.__qualname__, ours.__qualname__)
    assert a != ours("一、", (0, 3)) and a != theirs("一、", (0, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.level = 2
    assert _files(kept), "the methods' code was not kept"


def test_records_pickle_as_before(kept):
    r = Kept("（一）", (3, 7), 2, ["x"])
    back = pickle.loads(pickle.dumps(r))
    assert back == r and type(back) is Kept


def test_the_kept_code_is_what_runs(kept):
    _span_class(cache.dataclass)
    (path,) = _files(kept)
    with open(path, "rb") as fh:
        texts = marshal.load(fh)
    repr_text = next(t for t in texts if "def __repr__" in t)
    # The code kept for __repr__'s text replaced by code of another text: a new process (no code in
    # memory) must run what the file holds, not compile the text again.
    texts[repr_text] = compile(repr_text.replace("return ", "return 'KEPT' or ", 1), "<string>", "exec")
    with open(path, "wb") as fh:
        marshal.dump(texts, fh)
    cache._code.clear()
    assert repr(_span_class(cache.dataclass)("一、", (0, 2))) == "KEPT"


def test_a_changed_class_gets_its_own_code(kept):
    _span_class(cache.dataclass)
    cache._code.clear()

    @cache.dataclass(frozen=True, slots=True)
    class Span:
        path: str
        span: tuple[int, int]
        level: int = 1
        notes: list[str] = dataclasses.field(default_factory=list, hash=False)
        heading: str | None = None   # a field more: another __init__ text

    assert Span("一、", (0, 2)).heading is None
    assert "heading" in repr(Span("一、", (0, 2), heading="总则"))


def test_foreign_or_broken_files_are_compiled_over(kept):
    _span_class(cache.dataclass)
    (path,) = _files(kept)
    for junk in (b"\x00not marshal", marshal.dumps(["a list"]), marshal.dumps({"def f(): pass": "not code"})):
        with open(path, "wb") as fh:
            fh.write(junk)
        cache._code.clear()
        made = _span_class(cache.dataclass)
        assert repr(made("一、", (0, 2))).endswith("(path='一、', span=(0, 2), level=1, notes=[])")


def test_without_a_cache_it_is_dataclasses_own(tmp_path, monkeypatch):
    monkeypatch.setenv("MZPARSE_CACHE_DIR", "")
    made = _span_class(cache.dataclass)
    assert made("一、", (0, 2)) == made("一、", (0, 2))
    assert not list(tmp_path.iterdir())


def test_dataclasses_left_as_it_was_even_when_a_class_fails(kept):
    with pytest.raises(TypeError):   # a field without a default after one with: dataclasses refuses
        @cache.dataclass
        class Bad:
            a: int = 0
            b: int
    assert "exec" not in vars(dataclasses)
    _span_class(cache.dataclass)
    assert "exec" not in vars(dataclasses)
