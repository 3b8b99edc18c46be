"""Stage 1 and 2: decoding every encoding a document arrives in, and the script map."""
import codecs

import pytest

import mzparse
from conftest import sample
from mzparse.errors import MzparseError
from mzparse.readers.text import decode
from mzparse.lang.script import normalise

TEXT = "民政部、深圳市人民政府推进民政事业综合配套改革合作协议\n一、合作原则\n（一）发挥先行先试作用。\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-16"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),     # no BOM: found by the NUL pattern
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_decodes(data, encoding):
    dec = decode(data)
    assert dec.encoding == encoding
    assert dec.text == TEXT


def test_big5_traditional():
    trad = sample("003").read_text(encoding="utf-8")
    data = trad.encode("big5", errors="ignore")
    dec = decode(data)
    assert dec.encoding == "big5"
    assert "九省市經驗交流" in dec.text


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"  \r\n\t \n", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
    (b"PK\x03\x04" + bytes(100), "ZIP archive"),
    (bytes([0x80, 0xFF, 0xFE, 0x81, 0x30, 0xFF] * 50), "not valid text"),
])
def test_refuses_with_a_reason(data, reason):
    with pytest.raises(MzparseError) as ei:
        decode(data)
    assert reason in str(ei.value)


def test_shift_jis_is_refused():
    jp = ("これは日本語の文書です。社会福祉の政策について説明します。" * 20).encode("shift_jis")
    with pytest.raises(MzparseError) as ei:
        decode(jp)
    assert "Shift-JIS" in str(ei.value) or "not valid text" in str(ei.value)


def test_crlf_nul_and_no_final_newline_keep_spans():
    text = "标题\r\n一、总则\r\n（一）范围。\x00到2015年完成。"
    doc = mzparse.extract(text.encode("utf-8"), name="x.txt")
    assert [c.path for c in doc.clauses] == ["1", "1.1"]
    for c in doc.clauses:
        assert normalise(text[slice(*c.span)]).simplified == c.text
    t = [e for e in doc.entities if e.type == "time"]
    assert t and text[slice(*t[0].span)] == "到2015年"


def test_script_detection_and_simplified_text():
    assert normalise("民政部、财政部").script == "simplified"
    assert normalise("民政部、財政部確定北京為全國唯一").script == "traditional"
    t = normalise("財政部")
    assert t.simplified == "财政部" and len(t.work) == len(t.original)


def test_full_width_digits_and_brackets_normalised():
    t = normalise("（１）到２０１５年")
    assert t.work == "(1)到2015年"


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_same_result_in_every_encoding(enc, docs):
    path = sample("004")
    text = path.read_text(encoding="utf-8")
    doc = mzparse.extract(text.encode(enc), name=path.name)
    ref = docs["004"]
    assert [c.path for c in doc.clauses] == [c.path for c in ref.clauses]
    assert doc.meta == ref.meta
    assert [(e.type, e.text) for e in doc.entities] == [(e.type, e.text) for e in ref.entities]


def test_traditional_sample_same_in_big5_and_utf8(docs):
    text = sample("003").read_text(encoding="utf-8")
    data = text.encode("big5", errors="replace")
    doc = mzparse.extract(data, name="003.txt")
    assert doc.source.encoding == "big5"
    assert [c.path for c in doc.clauses] == [c.path for c in docs["003"].clauses]
    assert doc.meta.title == docs["003"].meta.title == "九省市经验交流"
