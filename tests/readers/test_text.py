"""Stage 1 and 2: decoding every encoding a document arrives in, and the script map."""
import codecs
import re

import pytest

import mzparse
from conftest import sample
from mzparse.errors import MzparseError
from mzparse.readers.text import decode
from mzparse.lang.script import normalise

TEXT = "民政部、深圳市人民政府推进民政事业综合配套改革合作协议\n一、合作原则\n（一）发挥先行先试作用。\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    # With a BOM, the codec that strips it: data.decode(encoding) is the text spans index.
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),     # no BOM: found by the NUL pattern
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_decodes(data, encoding):
    dec = decode(data)
    assert dec.encoding == encoding
    assert dec.text == TEXT == data.decode(dec.encoding)


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


# ---------------------------------------------------------------- issue 19: plausibility, damage, BOMs

TRAD = "關於加強社會救助工作的通知\n一、各縣市政府應於年底前完成低收入戶調查。\n"


@pytest.mark.parametrize("text,codec,want", [
    (TRAD, "big5", "big5"),                   # under 200 bytes: no statistics, yet not GB18030
    ("救助標準", "big5", "big5"),
    ("社會福利署通知：申請嘅資料", "big5hkscs", "big5hkscs"),  # 嘅 is in HKSCS only
    ("关于印发通知", "gb18030", "gb18030"),
    ("食品药品", "gb18030", "gb18030"),        # these GBK bytes are also valid UTF-8
])
def test_short_texts_get_the_plausible_encoding(text, codec, want):
    dec = decode(text.encode(codec))
    assert (dec.encoding, dec.text) == (want, text)


@pytest.mark.parametrize("text,codec,language", [
    ("사회복지 정책에 관한 법률 시행령입니다.", "euc_kr", "EUC-KR (Korean)"),
    ("これは日本語の文書です。社会福祉の政策について。", "euc_jp", "EUC-JP (Japanese)"),
])
def test_japanese_and_korean_are_named_not_read_as_chinese(text, codec, language):
    with pytest.raises(MzparseError, match=rf"looks like {re.escape(language)} text"):
        decode(text.encode(codec))


@pytest.mark.parametrize("data,what", [
    (b"{\\rtf1\\ansi\\ansicpg936 " + "一、总则".encode("gb18030") + b"}", "RTF document"),
    ('{"title": "关于加强养老服务的通知"}'.encode(), "JSON data"),
    ('[{"条": "第一条"}]'.encode(), "JSON data"),
])
def test_text_formats_that_are_not_documents(data, what):
    with pytest.raises(MzparseError, match=what):
        decode(data)


def test_a_brace_or_bracket_at_the_start_is_still_a_document():
    text = "[通知]\n一、各地要在2024年底前完成。\n"
    assert decode(text.encode()).text == text


def test_bad_bytes_in_utf8_cost_a_character_each_and_are_reported_with_their_offset():
    text = "关于做好养老服务的通知\n一、各地民政部门要在年底前完成摸底。\n二、所需资金由省财政厅安排。\n" * 20
    data = text.encode("utf-8")
    at = data.index("二".encode())
    damaged = data[:at] + b"\xff" + data[at:]
    dec = decode(damaged)
    assert dec.encoding == "utf-8" and dec.text.count("\ufffd") == 1
    assert dec.text.replace("\ufffd", "") == text
    assert dec.replaced == ((text.index("二"), at),)
    doc = mzparse.extract(damaged, name="x.txt")
    (t002,) = [w for w in doc.warnings if w.code == "T002"]
    assert f"byte offset {at}" in t002.message and t002.span == (text.index("二"), text.index("二") + 1)
    # Spans index the file as Python's "replace" decodes it, one U+FFFD per bad sequence.
    two = data[:at] + b"\xff\xfe" + data[at:]
    assert decode(two).text == two.decode("utf-8", "replace") and decode(two).replaced == (
        (text.index("二"), at), (text.index("二") + 1, at + 1))


def test_a_file_cut_inside_its_last_character_is_read():
    text = "关于做好养老服务的通知\n一、各地民政部门要在年底前完成摸底。"
    dec = decode(text.encode("utf-8")[:-1])
    assert dec.encoding == "utf-8" and dec.text == text[:-1] + "\ufffd"


def test_mostly_undecodable_utf8_is_refused_saying_so():
    text = "关于做好养老服务的通知，各地民政部门要在年底前完成摸底。"
    data = b"".join(ch.encode() + (b"\xff\xfe" if i % 2 else b"") for i, ch in enumerate(text))
    with pytest.raises(MzparseError, match="UTF-8 too damaged"):
        decode(data)


def test_gbk_with_a_damaged_byte_is_still_gbk():
    text = "关于做好养老服务的通知\n一、各地民政部门要在年底前完成摸底。\n" * 10
    data = text.encode("gbk")
    at = len(text[:text.index("要")].encode("gbk"))  # between two characters (inside one, GBK loses step)
    dec = decode(data[:at] + b"\xff" + data[at:])
    assert dec.encoding == "gb18030" and dec.text.count("\ufffd") == 1


def test_plausibility_scores_a_wrong_reading_low():
    from mzparse.readers.text import plausibility

    assert plausibility(TRAD) > 0.95 and plausibility("关于做好养老服务的通知") > 0.95
    wrong = TRAD.encode("big5").decode("gb18030", "replace")
    assert plausibility(wrong) < 0.6


TASK = "关于养老服务的通知\n一、省民政厅牵头，于2024年底前完成，补贴提高到50%。\n"


@pytest.mark.parametrize("bom_and_data", [
    codecs.BOM_UTF8 + TASK.encode("utf-8"),
    TASK.encode("utf-16"),
    TASK.encode("utf-32"),
])
def test_spans_slice_the_file_decoded_with_the_reported_encoding(bom_and_data):
    # What the README shows: data.decode(doc.source.encoding)[start:end] is the entity's text.
    doc = mzparse.extract(bom_and_data, name="x.txt")
    original = bom_and_data.decode(doc.source.encoding)
    assert len(doc.entities) >= 3 and doc.clauses
    for c in doc.clauses:
        assert normalise(original[slice(*c.span)]).simplified == c.text
    for e in doc.entities:
        assert normalise(original[slice(*e.span)]).simplified == e.text
