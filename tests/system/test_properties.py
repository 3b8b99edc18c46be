"""Property tests: whatever the document, extraction never raises and its spans always hold."""
import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mzparse
from mzparse.errors import MzparseError
from mzparse.models import Document
from mzparse.lang.script import normalise

CN = "一二三四五六七八九十"
# A digit right after "1." is ambiguous (1.3万户 is no marker), so no generated sentence starts with one.
SENTENCES = ["加强社会救助体系建设。", "省民政厅、省财政厅负责。", "到2015年底前完成。", "提高到90%以上。",
             "每人每月400元。", "“十三五”期间全面推进。", "力争5年内基本实现。", "財政部確定試點單位。",
             "（省民政厅、省人力资源社会保障厅）", "由民政部牵头。", "发放资金1.7亿元。", "于２０１６年１２月"]


def cn(n):
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


MARKERS = [lambda n: f"{cn(n)}、", lambda n: f"（{cn(n)}）", lambda n: f"({cn(n)})", lambda n: f"{n}.",
           lambda n: f"{n}、", lambda n: f"（{n}）", lambda n: chr(0x2460 + n - 1), lambda n: f"第{cn(n)}条 ",
           lambda n: f"{chr(0xFF10 + n)}．" if n < 10 else f"{n}．"]


@st.composite
def documents(draw):
    """A random tree of marker styles (each depth its own style), with body sentences."""
    styles = draw(st.permutations(range(len(MARKERS))))
    lines = [draw(st.sampled_from(["关于加强民政工作的通知", "各市民政局:", ""]))]

    def emit(depth, budget):
        count = draw(st.integers(1, 3))
        for i in range(1, count + 1):
            style = MARKERS[styles[depth]]
            lines.append(style(i) + "".join(draw(st.lists(st.sampled_from(SENTENCES), max_size=3))))
            if depth + 1 < min(4, len(styles)) and budget > 0 and draw(st.booleans()):
                emit(depth + 1, budget - 1)

    emit(0, 3)
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


def check_invariants(doc: Document, original: str):
    paths = {c.path for c in doc.clauses}
    for c in doc.clauses:
        assert 0 <= c.span[0] <= c.span[1] <= len(original)
        assert normalise(original[slice(*c.span)]).simplified == c.text
        assert c.level == len(c.path.split("."))
    for e in doc.entities:
        assert 0 <= e.span[0] < e.span[1] <= len(original)
        assert normalise(original[slice(*e.span)]).simplified == e.text
        assert e.path == "" or e.path in paths
    assert Document.model_validate_json(doc.to_json()) == doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_generated_documents(text, encoding):
    data = text.encode(encoding)
    doc = mzparse.extract(data, name="gen.txt")
    original = codecs.decode(data, "utf-8-sig" if encoding.startswith("utf-8") else encoding)
    check_invariants(doc, original)
    assert doc.clauses, text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_arbitrary_unicode_never_raises(text):
    data = text.encode("utf-8", "surrogatepass")
    try:
        doc = mzparse.extract(data, name="any.txt")
    except MzparseError:
        return
    # Spans index the bytes as the reader decoded them: a few short bytes of UTF-8 (1.á) also read
    # as GB18030, and the reader may find that reading the more plausible one.
    check_invariants(doc, data.decode(doc.source.encoding, "replace"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_but_a_reason(data):
    try:
        mzparse.extract(data, name="bytes.bin")
    except MzparseError as exc:
        assert str(exc) and "\n" not in str(exc)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES + ["，", "。", "\n", "2016年", "省委", "（", "）", "()"]), max_size=30))
def test_entity_phrases_in_random_contexts(parts):
    text = "".join(parts) or "。"
    try:
        doc = mzparse.extract(text, name="ctx.txt")
    except MzparseError:
        return
    check_invariants(doc, text)
