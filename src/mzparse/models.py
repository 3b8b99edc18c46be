"""The output schema: the single definition of mzparse's JSON (see CONTRACT.md §1).

Contract fields keep their names and types; fields beyond the contract are
optional additions (``role``, ``comparator``, ``approx``, ``per``, ``warnings``…).
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = Annotated[tuple[int, int], Field(description="[start, end) in characters of the decoded original text")]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class _Model(BaseModel):
    # No inf/NaN: JSON cannot hold them (they were written as null, which the schema
    # refuses), so a stage that lets one through fails here instead of writing it.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Source(_Model):
    """Where the document was read from and how."""
    path: str = Field(description="the input as given (or --name / '<text>' / '<bytes>')")
    sha256: str = Field(description="SHA-256 of the input's bytes")
    encoding: str = Field(description="the encoding the bytes were decoded with (Python codec name; "
                                      "'binary' for .docx and PDF)")
    script: Literal["simplified", "traditional", "mixed"] = Field(description="the script the text was written in")
    chars: int = Field(description="length of the decoded text in characters: spans index into it")
    format: Literal["text", "html", "docx", "pdf"] = Field("text", description="which reader read the file")
    text: str | None = Field(None, description="the text spans index: for a web page, .docx or PDF the text "
                                               "mzparse extracted (only with --with-text)")


class Cited(_Model):
    """A document the text cites: its 《title》 and/or its 发文字号."""
    title: str | None = Field(description="the cited title without 《》")
    doc_number: str | None = Field(description="the cited document number, e.g. 国办发〔2016〕82号")


class Meta(_Model):
    """The document's own metadata, read from its header and closing (CONTRACT.md, Meta)."""
    title: str | None = Field(None, description="the title as printed (lines joined, simplified script)")
    doc_number: str | None = Field(None, description="the document's own 发文字号 (a decree number counts)")
    date: IsoDate | None = Field(None, description="signing date; a regulation's latest history date; else the page's date")
    issuers: list[str] = Field([], description="issuing bodies, from the banner or the signature")
    recipients: list[str] = Field([], description="the bodies of the recipients line (各…：)")
    cited: list[Cited] = Field([], description="documents cited in the text, in order")


class Clause(_Model):
    """A numbered clause: from its marker to the next marker of any level."""
    path: str = Field(description="ordinals as written from the outermost level inward, joined by '.' (e.g. 2.3.11)")
    marker: str = Field(description="the marker as written (一、 （三） 第九条…)")
    level: int = Field(ge=1, description="depth in the document's hierarchy (1 = outermost)")
    heading: str | None = Field(description="the clause's heading: its first sentence or the text before the first full stop")
    text: str = Field(description="the clause's text in simplified script, marker included")
    span: Span
    inferred: bool = Field(False, description="the ordinal was lost in the source and inferred from the sequence")


class _Entity(_Model):
    path: str = Field(description="path of the clause the entity stands in ('' for the preamble)")
    text: str = Field(description="the words of the entity, in simplified script")
    span: Span


class Agency(_Entity):
    """A mention of one specific organisation."""
    type: Literal["agency"] = "agency"
    responsible: bool = Field(False, description="named with a word of responsibility (负责, 牵头, 责任单位：…)")
    role: Literal["lead", "support"] | None = Field(None, description="for a responsible body: leads (牵头) or supports (配合)")


class Time(_Entity):
    """A time expression: a point, a period, a plan period or a time limit."""
    type: Literal["time"] = "time"
    deadline: bool = Field(False, description="sets when something is to be done or achieved")
    date: IsoDate | None = Field(None, description="last day of the period named")
    start: IsoDate | None = Field(None, description="first day of the period named")
    duration: str | None = Field(None, pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?$",
                                 description="a relative limit as ISO 8601 (P5Y, P10D, PT2H)")


class Percentage(_Entity):
    """A percentage or a range of percentages."""
    type: Literal["percentage"] = "percentage"
    value: float = Field(description="the number before % (the lower end of a range)")
    max: float | None = Field(None, description="the upper end of a range")
    comparator: Literal[">=", "<=", ">", "<", "~"] | None = Field(None, description="以上/不低于 (>=), 以下 (<=), 左右 (~)…")


class Money(_Entity):
    """An amount of currency, or a range of amounts."""
    type: Literal["money"] = "money"
    yuan: float = Field(description="the amount in units of `currency` with 万/亿/千 applied (lower end of a range)")
    max_yuan: float | None = Field(None, description="the upper end of a range")
    currency: str = Field("CNY", description="ISO 4217 code of the currency named")
    approx: bool = Field(False, description="an approximate amount (2000多万元, 十万余元)")
    per: str | None = Field(None, description="the unit the amount is per, e.g. 每人每月, 月")
    comparator: Literal[">=", "<=", ">", "<", "~"] | None = Field(None, description="以上/不低于 (>=), 以下 (<=)…")


Entity = Annotated[Union[Agency, Time, Percentage, Money], Field(discriminator="type")]


class Finding(_Model):
    """A defect of the published text (see `mzparse check --explain CODE`)."""
    code: str = Field(description="the rule's code (N001, R001, …; `mzparse check --list-rules`)")
    severity: Literal["error", "warning", "info"] = Field(description="error: information lost; warning: probably a defect; info: style")
    message: str = Field(description="what is wrong, in one line")
    line: int = Field(ge=1, description="1-based line of span[0] in the original text")
    col: int = Field(ge=1, description="1-based column, in characters")
    end_line: int = Field(ge=1, description="line of span[1]")
    end_col: int = Field(ge=1, description="column of span[1]: the character just after the text")
    span: Span
    text: str = Field(description="the offending characters as published (original script)")


class Document(_Model):
    """One document read by mzparse: the JSON of CONTRACT.md §1, plus the findings of `mzparse check`."""
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source = Field(description="where and how the document was read")
    meta: Meta = Field(description="title, 发文字号, date, issuers, recipients, cited documents")
    clauses: list[Clause] = Field(description="every clause, flat, in document order")
    entities: list[Entity] = Field(description="every entity of the body, in document order")
    warnings: list[Finding] = Field([], description="defects of the published text (`mzparse check`)")

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON: field order fixed by the models, Chinese as itself; compact without indent.

        pydantic's own serializer writes what json.dumps(model_dump()) does, four times faster.
        ``source.text`` is written only when the document was extracted ``with_text``.
        """
        return self.model_dump_json(indent=indent, exclude=None if self.source.text is not None else {"source": {"text"}})

    def json_parts(self, indent: int | None = 2, tail: str = "") -> list[str]:
        """The same JSON (and ``tail``) as ``records.Extraction.json_parts`` gives it: here one piece."""
        return [self.to_json(indent) + tail]


# Records are validated and written without a model object per record (codec.py): the output of
# a large document holds ~170,000 entities, and as pydantic objects they took most of its memory
# (1.8 GB for a 50 MB document). The same models' core schemas, each model turned into a typed
# dict (same fields, constraints, defaults and config), validate plain dicts and serialize them
# with the same serializer, so the bytes are those of Document.to_json.

def _typed_dicts(schema):
    """A core schema with every model schema in it turned into the typed-dict schema of its fields."""
    if isinstance(schema, list):
        return [_typed_dicts(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "model":
        inner = schema["schema"]
        assert inner["type"] == "model-fields" and not inner.get("computed_fields"), inner["type"]
        fields = {}
        for name, f in inner["fields"].items():
            fields[name] = {"type": "typed-dict-field", "schema": _typed_dicts(f["schema"]),
                            "required": f["schema"]["type"] != "default"}
        config = dict(schema.get("config") or {})
        return {"type": "typed-dict", "fields": fields, "extra_behavior": config.pop("extra_fields_behavior", "ignore"),
                "config": config}
    # "ref" goes with the model; "metadata" holds pydantic's JSON-schema callbacks, which neither
    # validating nor serializing reads and which would keep the schema from being plain data.
    return {k: (v if k in ("cls", "default", "expected") else _typed_dicts(v)) for k, v in schema.items()
            if k not in ("ref", "metadata")}


def core_schemas() -> dict:
    """{Document's top-level field: its core schema with every model a typed dict}: plain data
    (strings, numbers, lists, dicts) that pydantic-core builds the output's validator and
    serializer from (codec.py keeps it on disk, so a run needs no pydantic)."""
    out = {}
    for name, f in Document.__pydantic_core_schema__["schema"]["fields"].items():
        s = f["schema"]
        if s["type"] == "default":
            s = s["schema"]
        out[name] = _typed_dicts(s)
    return out


def to_document(ext) -> "Document":
    """The validated :class:`Document` of an :class:`~mzparse.records.Extraction` (what library users get)."""
    # Read from the records' attributes, not from a dict made per record first (~30 % less time):
    # the same schema validates each field; a record has exactly its model's fields
    # (tests/test_records.py), so the dicts' extra="forbid" had nothing to refuse.
    return Document.model_validate(ext, from_attributes=True)
