"""What the stages hand to each other: typed records, one per kind.

Each record's fields are its output fields, in the output's order (``models.py`` holds the same
fields with their constraints and descriptions; ``tests/test_records.py`` holds the two equal, and
the writers' table columns are read off them). Records are frozen, slotted and picklable: a
process pool or Dask worker sends them as they are. They are not validated here; the output
validates them once, against the pydantic models, without making a model object per record
(``codec.json_parts``), or makes the :class:`~mzparse.models.Document` a library user asks for
(``models.to_document``).

The extractors' ``find`` (``entities.times.find``, ``entities.amounts.find``) give records with an
empty ``path``; ``entities.extract_all`` decides each entity's clause path (handing it to their
``find_all`` as ``path_at``, or setting it with :func:`with_path`).
"""
from __future__ import annotations

from dataclasses import field, fields
from functools import lru_cache
from operator import attrgetter
from typing import Callable

from .cache import dataclass

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Source:
    """Where the document was read from and how."""
    path: str
    sha256: str
    encoding: str
    script: str
    chars: int
    format: str = "text"
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Cited:
    """A document the text cites: its 《title》 and/or its 发文字号."""
    title: str | None
    doc_number: str | None


@dataclass(frozen=True, slots=True)
class Meta:
    """The document's own metadata (title, 发文字号, date, issuers, recipients, cited documents)."""
    title: str | None = None
    doc_number: str | None = None
    date: str | None = None
    issuers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    cited: list[Cited] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause: from its marker to the next marker of any level."""
    path: str
    marker: str
    level: int
    heading: str | None
    text: str
    span: Span
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class _Entity:
    """What every entity has: its clause's path (set by entities.extract_all), its text, its span."""
    path: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Agency(_Entity):
    """A mention of one specific organisation, and whether it is named responsible (and as what)."""
    type: str = "agency"
    responsible: bool = False
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Time(_Entity):
    """A time expression: a point, a period, a plan period or a time limit."""
    type: str = "time"
    deadline: bool = False
    date: str | None = None
    start: str | None = None
    duration: str | None = None


@dataclass(frozen=True, slots=True)
class Percentage(_Entity):
    """A percentage or a range of percentages."""
    type: str = "percentage"
    value: float = 0.0
    max: float | None = None
    comparator: str | None = None


@dataclass(frozen=True, slots=True)
class Money(_Entity):
    """An amount of currency, or a range of amounts."""
    type: str = "money"
    yuan: float = 0.0
    max_yuan: float | None = None
    currency: str = "CNY"
    approx: bool = False
    per: str | None = None
    comparator: str | None = None


Entity = Agency | Time | Percentage | Money
ENTITY_TYPES = (Agency, Time, Percentage, Money)


@dataclass(frozen=True, slots=True)
class Finding:
    """A defect of the published text, located by line and column (the output's ``warnings``)."""
    code: str
    severity: str
    message: str
    line: int
    col: int
    end_line: int
    end_col: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """One document's records: what the pipeline hands to the output (same fields as ``models.Document``)."""
    schema_version: str = field(default="1", kw_only=True)
    source: Source
    meta: Meta
    clauses: list[Clause]
    entities: list[Entity]
    warnings: list[Finding]

    def to_json(self, indent: int | None = 2) -> str:
        """The document's JSON, validated against the models: the bytes ``Document.to_json`` writes."""
        return "".join(self.json_parts(indent))

    def json_parts(self, indent: int | None = 2, tail: str = ""):
        """The same JSON (and ``tail``) in pieces, a batch of records each, made as they are read
        (``codec.JsonPieces``: iterable; pickled, the list of its pieces)."""
        from .codec import JsonPieces

        return JsonPieces(self, indent, tail)

    def to_document(self):
        """The validated :class:`~mzparse.models.Document` (a pydantic object per clause and entity)."""
        from .models import to_document

        return to_document(self)


@dataclass(frozen=True, slots=True)
class Context:
    """What an extractor knows of the document besides the text: its metadata (the date gives
    yearless dates their year) and the level it speaks for (a province's or a city's own)."""
    meta: Meta | None = None
    level: str | None = None


_NAMES: dict[type, tuple[str, ...]] = {}
_GETTERS: dict[type, "Callable"] = {}


def names(record_type) -> tuple[str, ...]:
    """The field names of a record type, in output order."""
    got = _NAMES.get(record_type)
    if got is None:
        got = _NAMES[record_type] = tuple(f.name for f in fields(record_type))
        # Every field's value in one C call (a getattr a field, or dataclasses.replace, walked them in
        # Python: ~2-4 % of a document's time). Every record type has two fields or more: a tuple.
        _GETTERS[record_type] = attrgetter(*got)
    return got


def _values(record) -> tuple:
    """A record's field values, in output order."""
    cls = type(record)
    getter = _GETTERS.get(cls)
    if getter is None:
        names(cls)
        getter = _GETTERS[cls]
    return getter(record)


def with_path(record, path: str, text: str | None = None):
    """The record with its clause ``path`` set (and its ``text`` replaced by an equal one), a new
    record: records are frozen. An entity's first fields are path and text."""
    return type(record)(path, record.text if text is None else text, *_values(record)[2:])


def as_dict(record) -> dict:
    """A record's fields as a dict, nested records (a Meta's ``cited``) and lists of them too."""
    out = {}
    for name in names(type(record)):
        v = getattr(record, name)
        if type(v) in _NAMES or hasattr(v, "__dataclass_fields__"):
            v = as_dict(v)
        elif type(v) is list and v and hasattr(v[0], "__dataclass_fields__"):
            v = [as_dict(x) for x in v]
        out[name] = v
    return out


def flat_dict(record) -> dict:
    """A flat record's fields as a dict (clauses, entities, findings: no nested records)."""
    return dict(zip(names(type(record)), _values(record)))


# Records made without their dataclass ``__init__`` (the entity stage makes hundreds a document):
# a frozen dataclass's ``__init__`` sets each field by ``object.__setattr__`` looked up and called
# in Python, ~10k instructions for an Agency; :func:`maker`'s function sets each slot by its member
# descriptor instead (~5.5k): the same object, field for field (tests/entities/test_make.py).


@lru_cache(maxsize=8)
def maker(cls):
    """A function of ``cls``'s fields in order (all of them, defaults included) that makes what
    ``cls(*values)`` makes, for a slotted dataclass whose ``__init__`` only sets its fields."""
    field_names = [f.name for f in fields(cls)]
    if not getattr(cls, "__slots__", None) or hasattr(cls, "__post_init__"):
        return cls   # not a record this can make: its own constructor
    ns = {"new": object.__new__, "cls": cls}
    ns.update((f"s{i}", getattr(cls, name).__set__) for i, name in enumerate(field_names))
    args = ", ".join(f"a{i}" for i in range(len(field_names)))
    sets = "".join(f"    s{i}(o, a{i})\n" for i in range(len(field_names)))
    exec(f"def make({args}):\n    o = new(cls)\n{sets}    return o\n", ns)   # unrolled: a loop costs half the gain
    return ns["make"]
