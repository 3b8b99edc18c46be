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
    path: str
    sha256: str
    encoding: str
    script: Literal["simplified", "traditional", "mixed"]
    chars: int


class Cited(_Model):
    title: str | None
    doc_number: str | None


class Meta(_Model):
    title: str | None = None
    doc_number: str | None = None
    date: IsoDate | None = None
    issuers: list[str] = []
    recipients: list[str] = []
    cited: list[Cited] = []


class Clause(_Model):
    path: str
    marker: str
    level: int = Field(ge=1)
    heading: str | None
    text: str
    span: Span
    inferred: bool = Field(False, description="the ordinal was lost in the source and inferred from the sequence")


class _Entity(_Model):
    path: str
    text: str
    span: Span


class Agency(_Entity):
    type: Literal["agency"] = "agency"
    responsible: bool = False
    role: Literal["lead", "support"] | None = None


class Time(_Entity):
    type: Literal["time"] = "time"
    deadline: bool = False
    date: IsoDate | None = None
    start: IsoDate | None = None
    duration: str | None = Field(None, pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?$")


class Percentage(_Entity):
    type: Literal["percentage"] = "percentage"
    value: float
    max: float | None = None
    comparator: Literal[">=", "<=", ">", "<", "~"] | None = None


class Money(_Entity):
    type: Literal["money"] = "money"
    yuan: float
    max_yuan: float | None = None
    currency: str = "CNY"
    approx: bool = False
    per: str | None = Field(None, description="the unit the amount is per, e.g. 每人每月, 月")
    comparator: Literal[">=", "<=", ">", "<", "~"] | None = None


Entity = Annotated[Union[Agency, Time, Percentage, Money], Field(discriminator="type")]


class Warning_(_Model):
    """A defect of the published text (see `mzparse check --explain CODE`)."""
    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    line: int = Field(ge=1, description="1-based line of span[0] in the original text")
    col: int = Field(ge=1, description="1-based column, in characters")
    end_line: int = Field(ge=1, description="line of span[1]")
    end_col: int = Field(ge=1, description="column of span[1]: the character just after the text")
    span: Span
    text: str = Field(description="the offending characters as published (original script)")


class Document(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    meta: Meta
    clauses: list[Clause]
    entities: list[Entity]
    warnings: list[Warning_] = []

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON: field order fixed by the models, Chinese as itself; compact without indent.

        pydantic's own serializer writes what json.dumps(model_dump()) does, four times faster.
        """
        return self.model_dump_json(indent=indent)
