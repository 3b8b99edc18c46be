"""The output's validator and serializer: records (records.Extraction) checked against the pydantic
models and written as their JSON, without importing pydantic.

Importing pydantic and the nine models and building their validators cost 120-180 ms of every
cold start; writing records needs neither, only pydantic-core's validator and serializer of the
same schemas. The schemas (the models' core schemas, each model a typed dict: ``models.core_schemas``) are
plain data, kept on disk by cache.py under a key of models.py's content and pydantic's and
pydantic-core's versions: the first run after an install (or a change of the models) builds
them with pydantic, every later run reads them back and imports only pydantic-core.
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .cache import cached, file_digest

# Records validated and written without a model object per record. The output of a large
# document holds ~170,000 entities: as pydantic objects they took most of its memory (1.8 GB
# for a 50 MB document). The same models' core schemas, each model turned into a typed dict
# (same fields, constraints, defaults and config), validate plain dicts and serialize them with
# the same serializer, so the bytes are those of Document.to_json; the JSON is made a batch of
# records at a time.

_TOP = ("schema_version", "source", "meta", "clauses", "entities", "warnings")
_LISTS = ("clauses", "entities", "warnings")
_BATCH = 2000   # records validated and serialized per call: few crossings into pydantic-core, small pieces
_MODELS = Path(__file__).with_name("models.py")


_CORE = "pydantic_core._pydantic_core"


def _core():
    """pydantic-core's compiled module (SchemaValidator, SchemaSerializer, ValidationError).

    Loaded without running the package's ``__init__``, which imports ``core_schema``: ~80 typed
    dicts whose string annotations are compiled at import, 12-15 ms of a 0.25 s cold start, for
    helpers the validator never calls. The module is registered under its own name, so a later
    ``import pydantic_core`` (pydantic, when a Document is made) finds and uses this very module:
    one ValidationError class, one initialisation (PyO3 refuses a second). Anything unexpected
    falls back to the plain import.
    """
    mod = sys.modules.get(_CORE)
    if mod is not None:
        return mod
    try:
        import importlib.machinery
        import importlib.util

        pkg = importlib.util.find_spec("pydantic_core")   # finds the package, runs none of it
        spec = importlib.machinery.PathFinder.find_spec(_CORE, list(pkg.submodule_search_locations or ()))
        if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            raise ImportError(_CORE)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[_CORE] = mod
        try:
            spec.loader.exec_module(mod)
        except BaseException:
            del sys.modules[_CORE]
            raise
        return mod
    except ImportError:
        from pydantic_core import _pydantic_core

        return _pydantic_core


_LEAN = False   # set by the command line (lean()): see _prime


def lean() -> None:
    """Let this process's serializers run without pydantic-core's Python package (the command
    line: it makes no pydantic model of its own with ``MISSING`` fields; see ``_prime``)."""
    global _LEAN
    _LEAN = True


def _prime(core) -> None:
    """Have the serializers look up ``pydantic_core.MISSING`` now, from a stand-in package.

    The compiled serializer reads ``MISSING`` (the sentinel of a field left out) off the package
    once per process, at its first use, and would import the package for it: ``core_schema``
    again. A stand-in carrying a sentinel of its own is seen instead, and is gone before anything
    else can import the package. No value in mzparse's records is that sentinel, so nothing is
    left out that would not be; a process that also serializes pydantic models with ``MISSING``
    fields would see them kept, which is why only the command line asks for this (``lean``).
    """
    if not _LEAN or "pydantic_core" in sys.modules:
        return
    import types

    stand_in = types.ModuleType("pydantic_core")
    stand_in.MISSING = object()
    sys.modules["pydantic_core"] = stand_in
    try:
        core.SchemaSerializer({"type": "typed-dict", "fields": {}}).to_json({})
    finally:
        if sys.modules.get("pydantic_core") is stand_in:
            del sys.modules["pydantic_core"]


def schema_key() -> str:
    """The cache key of the schemas: models.py's content, pydantic's and pydantic-core's versions
    (pydantic's read off its version.py, not imported) and Python's."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    stamp = Path(spec.origin).with_name("version.py").read_bytes() if spec and spec.origin else b"?"
    return "\0".join((file_digest(_MODELS), hashlib.sha256(stamp).hexdigest(),
                      _core().__version__, sys.version))


def _build() -> dict:
    from .models import core_schemas   # pydantic: only when the cache is off, empty or stale

    return core_schemas()


def schemas() -> dict:
    """{Document's top-level field: its typed-dict core schema}, from the cache when it holds them."""
    return cached("schema", schema_key(), _build, lambda v: isinstance(v, dict) and tuple(v) == _TOP)


@lru_cache(maxsize=1)
def _codecs() -> dict:
    """{top-level field: (validator, serializer)} of Document's fields, built once per process."""
    core = _core()
    codecs = {name: (core.SchemaValidator(s), core.SchemaSerializer(s)) for name, s in schemas().items()}
    _prime(core)
    return codecs


def _nest(piece: str, pad: str) -> str:
    """Indented JSON of a value one level down (a JSON string never holds a raw line break)."""
    return piece.replace("\n", "\n" + pad) if pad else piece


def _validated(ext) -> Iterator[tuple[str, object, bool]]:
    """(field, validated value, whether it is a batch of a list field's records) for each of
    Document's fields in order; an empty list field gives one empty batch."""
    from .records import as_dict, flat_dict

    codecs = _codecs()
    for name in _TOP:
        validator = codecs[name][0]
        value = getattr(ext, name)
        if name not in _LISTS:
            yield name, validator.validate_python(as_dict(value) if name in ("source", "meta") else value), False
            continue
        for start in range(0, max(len(value), 1), _BATCH):
            yield name, validator.validate_python([flat_dict(r) for r in value[start:start + _BATCH]]), True


def validate(ext):
    """Check an :class:`~mzparse.records.Extraction` against the models (pydantic's ValidationError
    if it breaks one), a batch of records at a time, keeping nothing; return it."""
    for _ in _validated(ext):
        pass
    return ext


def json_parts(ext, indent: int | None = 2) -> Iterator[str]:
    """The JSON of an :class:`~mzparse.records.Extraction`, validated against the models, in pieces
    whose concatenation is byte for byte what ``Document.to_json(indent)`` writes.

    Raises pydantic_core's ValidationError (pydantic's) as ``Document.model_validate`` would.
    """
    codecs = _codecs()
    pad = " " * indent if indent is not None else ""
    nl, sep, close = ("\n" + pad, ": ", "\n" + pad + "]") if indent is not None else ("", ":", "]")
    open_list = None   # the list field whose batches are being written
    for name, value, batch in _validated(ext):
        serializer = codecs[name][1]
        if open_list is not None and name != open_list:
            yield close
            open_list = None
        if open_list == name:
            lead = ","
        else:
            lead = ("{" if name == _TOP[0] else ",") + nl + f'"{name}"' + sep
        if not batch:
            exclude = {"text"} if name == "source" and value.get("text") is None else None
            yield lead + _nest(serializer.to_json(value, indent=indent, exclude=exclude).decode(), pad)
        elif not value:
            yield lead + "[]"
        else:
            if len(getattr(ext, name)) > _BATCH:
                value = _fresh(value)
            body = serializer.to_json(value, indent=indent).decode()
            body = body[1:-2] if indent is not None else body[1:-1]   # the batch's [ ] (and the line before ])
            yield (lead if open_list else lead + "[") + _nest(body, pad)
            open_list = name
    if open_list is not None:
        yield close
    yield "\n}" if indent is not None else "}"


def _fresh(batch: list[dict]) -> list[dict]:
    """The batch with its longer strings copied. The serializer reads a string's UTF-8 through
    CPython, which keeps that UTF-8 inside the string for its life: given the records' own
    strings, a large document's records grew by their UTF-8 (~70 MiB on a 50 MB document) as
    they were written. A copy takes its UTF-8 with it when the batch is done."""
    for d in batch:
        for k, v in d.items():
            if type(v) is str and len(v) > 32:
                d[k] = "".join((v, ""))
    return batch


class JsonPieces:
    """An Extraction's JSON (plus ``tail``), made a piece at a time as a sink writes it, so the whole
    text is never held; sent to another process (pickled), it goes as its finished pieces."""

    def __init__(self, ext, indent: int | None = 2, tail: str = ""):
        self.ext, self.indent, self.tail = ext, indent, tail

    def __iter__(self) -> Iterator[str]:
        yield from json_parts(self.ext, self.indent)
        if self.tail:
            yield self.tail

    def __reduce__(self):
        # The JSON is made where the document was (a pool or Dask worker), not by the receiver.
        return list, (list(self),)


