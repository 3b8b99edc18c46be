"""records.maker makes what each entity record's constructor makes, field for field."""
import dataclasses
import pickle

from mzparse import records
from mzparse.records import maker


def _values(cls):
    # a distinct value a field (positional, in the fields' order)
    return [f"{f.name}-value" if f.type in ("str", "str | None") else (3, 9) if f.name == "span" else i + 0.5
            for i, f in enumerate(dataclasses.fields(cls))]


def test_every_entity_record_made_alike():
    for cls in records.ENTITY_TYPES:
        values = _values(cls)
        made, ref = maker(cls)(*values), cls(*values)
        assert type(made) is cls
        assert made == ref and hash(made) == hash(ref)
        assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == values
        assert dataclasses.astuple(made) == dataclasses.astuple(ref)
        assert pickle.loads(pickle.dumps(made)) == ref
        assert records.with_path(made, "1.2") == records.with_path(ref, "1.2")


def test_a_class_it_cannot_make_keeps_its_constructor():
    @dataclasses.dataclass
    class Plain:
        a: int

    @dataclasses.dataclass(slots=True)
    class Checked:
        a: int

        def __post_init__(self):
            raise ValueError

    assert maker(Plain) is Plain and maker(Checked) is Checked
