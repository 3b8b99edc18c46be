"""layout.split_lines and Line.text, held to the plain definition: each line of work.split("\n")
with leading blanks and bullets and trailing blanks left out (the text is sliced, not stored)."""
import random

from mzparse.structure import layout

_LEAD = layout._LEAD


def _reference(work: str) -> list[tuple[int, int, str, str]]:
    out, pos = [], 0
    for raw in work.split("\n"):
        lead = len(raw) - len(raw.lstrip(_LEAD))
        text = raw[lead:].rstrip(" ")
        out.append((pos + lead, pos + lead + len(text), text, layout.BLANK if not text else layout.BODY))
        pos += len(raw) + 1
    return out


def test_split_lines_as_defined():
    rnd = random.Random(18)
    for _ in range(5000):
        work = "".join(rnd.choice(" •·\n甲a○") for _ in range(rnd.randint(0, 14)))
        got = [(ln.start, ln.end, ln.text, ln.role) for ln in layout.split_lines(work)]
        assert got == _reference(work), work


def test_line_text_is_its_span():
    work = "  • 第一条 总则  \n\n○ 附件"
    lines = layout.split_lines(work)
    assert [ln.text for ln in lines] == ["第一条 总则", "", "附件"]
    assert all(ln.text == work[ln.start:ln.end] for ln in lines)
