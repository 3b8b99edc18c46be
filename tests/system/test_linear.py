"""Inputs that were quadratic stay linear: each class is timed at n and 2n.

Linear work doubles (ratio ~2); quadratic work quadruples. The bound (3.5) is loose
so that a busy machine does not fail the test, and each timing is the best of a few
runs. The inputs are the shape of real defects: a page that lost its line breaks,
mojibake, numerals lost in conversion.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from mzparse.lang import agencies as A
from mzparse.records import Context
from mzparse.lint import checks as K
from mzparse.structure import clauses as C
from mzparse.structure import layout as L

RATIO = 3.5
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _best(fn, arg, repeat: int = 3) -> float:
    # CPU time of this process, without the collector: other processes on a shared
    # machine and the collector's thresholds (set by object counts) skew wall times.
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best


def growth(fn, make, n: int) -> float:
    """Time of fn(make(2n)) over fn(make(n)), after one warm-up call (compiled grammars)."""
    small, big = make(n), make(2 * n)
    fn(make(16))
    return _best(fn, big) / _best(fn, small)


def _t001(text: str):
    return [m.span() for rx in K.rules()["T001"].regexes for m in rx.finditer(text)]


def test_mojibake_run_of_question_marks():
    # No Han after the run: each start position used to scan the rest of the run.
    assert growth(_t001, lambda n: "说明:" + "?" * n + "abc\n", 12_000) < RATIO
    # The rule still finds a run before the residue of lost bytes, and one after Han.
    assert _t001("a" + "?" * 500 + "紤]到") == [(1, 501)]
    assert _t001("前言" + "?" * 300 + "abc") == [(2, 302)]
    assert _t001("a?b??c") == []


def test_agency_list_without_sentence_end():
    # The first body line lists units with 、 and has no sentence end (a page that lost
    # its line breaks): the prose test used to scan to the line end from every 、.
    def doc(n: int) -> str:
        return "关于开展检查的通知\n" + "、".join(f"{i}号单位" for i in range(n)) + "\n一、总体要求\n"

    assert growth(L.analyse, doc, 8_000) < RATIO
    # The alternative still means a ,、: with a ,。; somewhere after it.
    assert L._PROSE.search("甲、乙、丙和丁两个单位,")
    assert L._PROSE.search("甲乙:丙、丁;")
    assert not L._PROSE.search("甲、乙、丙")


def test_many_lost_numerals():
    def doc(n: int) -> str:
        return "一、总则\n" + "".join("()第项内容。\n" for _ in range(n))

    def build(work: str):
        return C.build(work, 0, len(work))

    assert growth(build, doc, 8_000) < RATIO
    got = build("一、总则\n(一)甲。\n()乙。\n()丙。\n")
    assert [c.path for c in got] == ["1", "1.1", "1.2", "1.3"]
    assert [c.inferred for c in got] == [False, False, True, True]


def _find(work: str):
    # The working text as it is: the agency grammar alone is timed, not normalisation.
    return A.find(SimpleNamespace(work=work), 0, len(work), Context())


def test_many_functional_descriptions_on_one_line():
    # Units and descriptions on one line: each unit was tested against every description.
    line = "国务院民政部门会同省民政厅和国务院财政部门、"
    assert growth(_find, lambda n: line * n, 1_500) < RATIO
    found = [m.text for m in _find(line)]
    assert "国务院民政部门" in found and "省民政厅" in found and "民政部" not in found


def test_many_titles_and_mentions_on_one_line():
    # Each mention was tested against every cited title.
    line = "根据《省民政厅关于救助的通知》,省民政厅、省财政厅负责。"
    assert growth(_find, lambda n: line * n, 1_500) < RATIO
    found = _find(line)
    assert [m.text for m in found] == ["省民政厅", "省财政厅"]  # not the one inside 《…》


def test_one_department_name_repeated():
    # A chain of units joined into one mention: its text grew by concatenation.
    work = "办公厅" * 20 * 20_000

    def units(n: int) -> list:
        return [A.Mention(60 * i, 60 * i + 60, "办公厅" * 20, i == 0) for i in range(n)]

    assert growth(lambda us: A._merge(work, us), units, 10_000) < RATIO
    assert [m.text for m in _find("民政部" + "办公厅" * 50)] == ["民政部" + "办公厅" * 50]


def test_long_runs_of_line_breaks():
    # make fuzz reported a page grown to 30,000 CRs as super-linear (wall time on a busy
    # machine; CPU time is linear): kept as a regression for CR and LF runs.
    import mzparse

    def run(n: int):
        return mzparse.extract(("一、总则\n内容。" + "\r" * n + "二、要求\n" + "\n" * n + "内容。\n").encode(), name="x.txt")

    assert growth(lambda k: run(k), lambda k: k, 30_000) < RATIO


def _extract(text: str):
    import mzparse

    return mzparse.extract(text.encode("utf-8"), name="x.txt")


SHAPES = {
    "paren_before_crs": lambda n: "一、总则\n(" + "\r" * n + "内容\n",   # make fuzz: 20,000 CRs took 1.6 s
    "docno_blanks": lambda n: "民政厅〔2016" + " " * n + "内容\n一、总则\n",  # blanks after the year
    "list_then_blanks": lambda n: "一、总则\n内容(省民政厅)" + " " * n + "内容\n",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_blank_runs_after_an_optional_part(shape):
    # A greedy blank run before an optional part and another blank run was split every
    # way between the two: quadratic in the run. Found by make fuzz and by probing its shape.
    assert growth(_extract, SHAPES[shape], 20_000) < RATIO


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="samples not present")
def test_samples_joined_without_line_breaks():
    import mzparse

    body = "".join(p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))).replace("\n", "")

    def run(n: int):
        return mzparse.extract(body[:n].encode("utf-8"), name="page.txt")

    n = min(len(body) // 2, 40_000)
    assert growth(lambda k: run(k), lambda k: k, n) < RATIO
