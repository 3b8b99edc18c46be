"""Records made without their dataclass ``__init__`` (the entity stage makes hundreds a document).

A frozen dataclass's ``__init__`` sets each field by ``object.__setattr__`` looked up and called
in Python: ~10k instructions for an Agency. :func:`maker` gives a function that sets each slot
by its member descriptor instead (~5.5k): the same object, field for field
(tests/entities/test_make.py holds the two equal for every entity record type).
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache


@lru_cache(maxsize=8)
def maker(cls):
    """A function of ``cls``'s fields in order (all of them, defaults included) that makes what
    ``cls(*values)`` makes, for a slotted dataclass whose ``__init__`` only sets its fields."""
    names = [f.name for f in dataclasses.fields(cls)]
    if not getattr(cls, "__slots__", None) or hasattr(cls, "__post_init__"):
        return cls   # not a record this can make: its own constructor
    ns = {"new": object.__new__, "cls": cls}
    ns.update((f"s{i}", getattr(cls, name).__set__) for i, name in enumerate(names))
    args = ", ".join(f"a{i}" for i in range(len(names)))
    sets = "".join(f"    s{i}(o, a{i})\n" for i in range(len(names)))
    exec(f"def make({args}):\n    o = new(cls)\n{sets}    return o\n", ns)   # unrolled: a loop costs half the gain
    return ns["make"]
