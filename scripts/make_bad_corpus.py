"""Write the generated part of the bad-input corpus (tests/data/bad/cases.toml says what each case expects).

Binary and large cases are generated, not committed:

    python scripts/make_bad_corpus.py [DIR]      # default: tests/data/bad/generated

The tests call generate() into a temporary directory.
"""
from __future__ import annotations

import codecs
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "002_c636a10c1823b5ad.txt"


def _png() -> bytes:
    # A valid 1×1 PNG: signature, IHDR, IDAT, IEND.
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def _zip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("doc.txt", "一、总体要求\n")
    return buf.getvalue()


def _nested_markers(n: int = 10_000) -> bytes:
    # Markers of every style, cycling, so each looks one level deeper than the last.
    styles = ["第{}章 标题", "第{}节 标题", "第{}条 内容。", "{}、标题", "（{}）标题", "{}.内容", "（{}）内容", "{})内容"]
    cn = "一二三四五六七八九十"
    lines = []
    for i in range(n):
        k = i // len(styles) % 10
        st = styles[i % len(styles)]
        num = cn[k] if ("章" in st or "节" in st or "条" in st or "、" in st or st.startswith("（{}）标题")) else str(k + 1)
        lines.append(st.format(num))
    return ("\n".join(lines) + "\n").encode("utf-8")


# Short texts of our own in traditional script, for the encodings a detector needs
# statistics for (under 200 bytes it used to take any Big5 file for GB18030).
_TRAD = "關於加強社會救助工作的通知\n一、各縣市政府應於年底前完成低收入戶調查。\n"
_HK = "社會福利署通知\n一、長者津貼申請人如有疑問，可致電查詢，嘅咗啲嚟哋資料須齊備。\n"


def _figures(number: str) -> bytes:
    lines = ["关于提高救助标准的通知", "一、标准", f"(一)每人每月补助{number}元,另补助500元。",
             f"(二)覆盖率达到百分之{number}。" if not number.isascii() else f"(二)覆盖率达到{number}%。",
             "(三)覆盖率达到95%。"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def cases() -> dict[str, bytes]:
    text = SAMPLE.read_text(encoding="utf-8")
    body = text.encode("utf-8")
    middle = len(body) // 2
    while body[middle] & 0xC0 == 0x80:  # the start of a character, so the bad byte stands alone
        middle += 1
    return {
        "png.txt": _png(),
        "zip.txt": _zip(),
        # Bytes that are neither UTF-8 nor a plausible GB18030/Big5/UTF-16 text.
        "invalid.txt": bytes([0x80, 0xFF, 0xFE, 0x81, 0x30, 0xFF, 0xC0, 0xAF]) * 64,
        "shift_jis.txt": ("これは日本語の文書です。社会福祉の政策について説明します。\n" * 20).encode("shift_jis"),
        "euc_jp.txt": "これは日本語の文書です。社会福祉の政策について説明します。\n".encode("euc_jp"),
        "euc_kr.txt": "사회복지 정책에 관한 법률 시행령입니다. 각 지방자치단체는 이를 따른다.\n".encode("euc_kr"),
        "big5_short.txt": _TRAD.encode("big5"),
        "big5_hkscs.txt": _HK.encode("big5hkscs"),
        "rtf.txt": b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}}\\f0 " + _TRAD.encode("gb18030") + b"}",
        "json.txt": ('{"title": "关于加强社会救助工作的通知", "body": "一、总体要求"}\n').encode("utf-8"),
        # One stray byte in a long UTF-8 document, and a document cut off inside its last character.
        "utf8_one_bad_byte.txt": body[:middle] + b"\xff" + body[middle:],
        "utf8_cut_mid_character.txt": (text.rstrip() + "。").encode("utf-8")[:-1],
        "utf8_bom.txt": codecs.BOM_UTF8 + body,
        "utf16_nobom.txt": text[:3000].encode("utf-16-le"),
        "nul_bytes.txt": text[:3000].replace("\n", "\n\x00", 20).encode("utf-8"),
        "nested_markers.txt": _nested_markers(),
        # Figures too large for a float (OverflowError, inf) or for int() (over 4,300 digits):
        # no entity, an F003 warning, and output its own schema accepts.
        "figures_cn_310.txt": _figures("九" * 310),
        "figures_cn_5000.txt": _figures("九" * 5000),
        "figures_arabic_400.txt": _figures("9" * 400),
        # A page that lost its line breaks: ~5.4 MB on one line.
        "one_line_5mb.txt": (text.replace("\n", "") * 140).encode("utf-8"),
        # A 50 MB document: sample 002 repeated (its clause paths repeat; that is fine).
        "big_50mb.txt": (text * (50_000_000 // len(text.encode("utf-8")) + 1)).encode("utf-8"),
    }


def generate(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in cases().items():
        p = out / name
        if not p.exists() or p.stat().st_size != len(data):
            p.write_bytes(data)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "tests" / "data" / "bad" / "generated"
    print(generate(target))
