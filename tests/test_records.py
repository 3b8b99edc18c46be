"""The records stages hand on: the same fields as the output models, picklable, validated and
written by ``codec.json_parts`` exactly as the pydantic Document would be."""
import dataclasses
import math
import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

import mzparse
from mzparse import codec, models, pipeline, records

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "shared" / "samples").glob("*.txt"))

PAIRS = [(records.Source, models.Source), (records.Cited, models.Cited), (records.Meta, models.Meta),
         (records.Clause, models.Clause), (records.Agency, models.Agency), (records.Time, models.Time),
         (records.Percentage, models.Percentage), (records.Money, models.Money),
         (records.Finding, models.Finding), (records.Extraction, models.Document)]


@pytest.mark.parametrize("record,model", PAIRS, ids=[r.__name__ for r, _ in PAIRS])
def test_a_record_has_its_models_fields_in_its_order(record, model):
    assert records.names(record) == tuple(model.model_fields)
    for f in dataclasses.fields(record):
        mf = model.model_fields[f.name]
        if f.default is not dataclasses.MISSING and not mf.is_required():
            assert f.default == mf.default, f.name


def test_the_table_columns_are_the_records_fields():
    # writers/tables.py reads its entity columns off the models; they are the records' fields too.
    from mzparse.writers import tables

    own = {"path", "text", "span", "type"}
    fields = {n for r in records.ENTITY_TYPES for n in records.names(r)} - own
    head = {n for n, _ in tables._ENTITY_HEAD}
    assert {n for n, _ in tables.ENTITY_COLUMNS} - head == fields
    clause = set(records.names(records.Clause)) - {"span"}
    assert clause <= {n for n, _ in tables.CLAUSE_COLUMNS}


def _extraction(path: Path, with_text: bool = False) -> records.Extraction:
    return pipeline.extract_records(path, name=path.name, with_text=with_text)


def test_records_pickle_as_they_are():
    ext = _extraction(SAMPLES[2])
    again = pickle.loads(pickle.dumps(ext))
    assert again == ext and again.entities and again.clauses


@pytest.mark.parametrize("batch", [1, 3, 2000])
@pytest.mark.parametrize("path", SAMPLES, ids=[p.name[:3] for p in SAMPLES])
def test_json_parts_are_the_documents_json(path, batch, monkeypatch):
    monkeypatch.setattr(codec, "_BATCH", batch)
    for with_text in (False, True):
        ext = _extraction(path, with_text)
        doc = mzparse.extract(path, name=path.name, with_text=with_text)
        for indent in (2, None):
            assert "".join(codec.json_parts(ext, indent)) == doc.to_json(indent=indent)


def test_an_empty_document_part_by_part():
    ext = records.Extraction(records.Source("x", "0" * 64, "utf-8", "simplified", 0), records.Meta(), [], [], [])
    doc = ext.to_document()
    for indent in (2, None):
        assert ext.to_json(indent) == doc.to_json(indent=indent)


@pytest.mark.parametrize("bad", [
    lambda e: dataclasses.replace(e, entities=[records.Percentage("", "x%", (0, 2), value=math.inf)]),
    lambda e: dataclasses.replace(e, clauses=[records.Clause("1", "一、", 0, None, "一、", (0, 2))]),
    lambda e: dataclasses.replace(e, entities=[records.Time("", "x", (0, 1), date="2020-1-1")]),
    lambda e: dataclasses.replace(e, entities=[records.Agency("", "x", (0, 1), role="boss")]),
    lambda e: dataclasses.replace(e, meta=records.Meta(date="yesterday")),
])
def test_json_parts_refuse_what_the_models_refuse(bad):
    ext = bad(records.Extraction(records.Source("x", "0" * 64, "utf-8", "simplified", 0), records.Meta(), [], [], []))
    with pytest.raises(ValidationError):
        ext.to_document()
    with pytest.raises(ValidationError):
        "".join(codec.json_parts(ext))


def test_pieces_pickle_as_the_finished_json():
    # A pool or Dask worker sends the pieces it made, not the records for the receiver to write.
    ext = _extraction(SAMPLES[4])
    pieces = ext.json_parts(2, "\n")
    sent = pickle.loads(pickle.dumps(pieces))
    assert type(sent) is list and len(sent) > 1
    assert "".join(sent) == "".join(pieces) == ext.to_document().to_json() + "\n"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_the_cli_writers_make_no_document(fmt, monkeypatch):
    from mzparse import writers
    from mzparse.runners.base import Input, Job
    from mzparse.runners.local import LocalRunner

    path, writer = SAMPLES[4], writers.get(fmt)
    want = writer.file_text(writer.shape(mzparse.extract(path, name=path.name)))

    def no_model(*args, **kwargs):
        raise AssertionError("a pydantic Document was made on the CLI's path")

    monkeypatch.setattr(models.Document, "model_validate", no_model)
    (res,) = LocalRunner(Job(writer.shape)).map([Input(path.name, str(path))])
    assert res.error is None and writer.file_text(res.value) == want


def test_with_path_and_flat_dict_are_replace_and_the_fields():
    # with_path and flat_dict read the fields with attrgetter (one C call): held equal to
    # dataclasses.replace and to the fields read one by one, for every record type.
    from dataclasses import fields, replace

    from mzparse import records as r

    made = [r.Agency("", "民政部", (0, 3), responsible=True, role="lead"),
            r.Time("", "2020年", (3, 8), deadline=True, date="2020-12-31"),
            r.Percentage("", "5%", (8, 10), value=5.0, max=6.0, comparator="<="),
            r.Money("", "100元", (10, 14), yuan=100.0, per="month"),
            r.Clause("1", "一、", 1, None, "一、总则", (0, 5)),
            r.Finding("T001", "warning", "m", 1, 2, 1, 3, (1, 2), "x")]
    for rec in made:
        assert r.flat_dict(rec) == {f.name: getattr(rec, f.name) for f in fields(rec)}
        if r.names(type(rec))[:2] == ("path", "text"):   # the entities
            assert r.with_path(rec, "2.1") == replace(rec, path="2.1")
            assert r.with_path(rec, "2.1", "同文").text == "同文"
