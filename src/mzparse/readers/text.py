"""Stage 1: bytes → text.

Strict decodings are tried in a fixed order (BOMs, UTF-16 by its NUL pattern,
UTF-8, then the Chinese legacy encodings). When more than one legacy encoding
decodes the bytes, charset-normalizer decides: it weighs how plausible the
decoded text is, which a hand-made guess does badly.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import MzparseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"%PDF-", "a PDF file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (.doc/.xls)"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)

# Chinese legacy encodings, most common first. GB18030 is a superset of GBK and GB2312.
_LEGACY = ("gb18030", "big5")
# Encodings a detector may prefer over the Chinese ones; we refuse those files
# rather than produce mojibake.
_FOREIGN = {"shift_jis": "Shift-JIS (Japanese)", "cp932": "Shift-JIS (Japanese)",
            "euc_jp": "EUC-JP (Japanese)", "euc_kr": "EUC-KR (Korean)", "cp949": "EUC-KR (Korean)"}


_MIN_DETECT = 200  # bytes; below this, statistics say nothing

@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x00")
    return bad / len(sample)


def _plausible(text: str) -> float:
    """Share of characters that Chinese documents are made of (CJK, ASCII, CJK punctuation)."""
    sample = text[:10000]
    if not sample:
        return 0.0
    good = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\t\r\n")
               or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               or "\u2000" <= ch <= "\u206f")
    return good / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows itself by NUL bytes (the high byte of ASCII, 一 = 00 4E…)."""
    if len(data) < 4 or len(data) % 2 or data[:20000].count(0) < len(data[:20000]) // 50:
        return None
    best, score = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data[:20000], codec)
        if text is not None and (sc := _plausible(text)) > score:
            best, score = codec, sc
    return best if score >= 0.9 else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes) -> Decoded:
    """Decode a document's bytes; raise MzparseError with a plain reason when it is not text."""
    if not data:
        raise MzparseError("empty file")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise MzparseError(f"binary file ({what}), not a text document")
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise MzparseError(f"starts with a {name} byte-order mark but is not valid {name}")
            return _checked(Decoded(text, name))
    guess = _utf16_without_bom(data)
    if guess:
        text = _strict(data, guess)
        if text is not None:
            return _checked(Decoded(text, guess))
    text = _strict(data, "utf-8")
    if text is not None:
        return _checked(Decoded(text, "utf-8"))
    candidates = {c: t for c in _LEGACY if (t := _strict(data, c)) is not None}
    best = _detect(data, list(candidates))
    if best in _FOREIGN:
        raise MzparseError(f"looks like {_FOREIGN[best]} text; mzparse reads Chinese documents "
                           "in UTF-8, UTF-16, GB18030/GBK or Big5")
    if not candidates:
        raise MzparseError("not valid text in UTF-8, UTF-16, GB18030/GBK or Big5")
    name = best if best in candidates else next(iter(candidates))
    return _checked(Decoded(candidates[name], name))


def _detect(data: bytes, candidates: list[str]) -> str | None:
    """Ask charset-normalizer which of the candidates (or a foreign CJK encoding) fits best."""
    if len(candidates) == 1 and not _maybe_foreign(data):
        return candidates[0]
    if len(data) < _MIN_DETECT:
        # Too little text for any detector to judge: GB18030 is by far the commonest legacy encoding.
        return candidates[0] if candidates else None
    from charset_normalizer import from_bytes

    pool = candidates + ["shift_jis", "euc_kr"]
    match = from_bytes(data[:65536], cp_isolation=pool, explain=False).best()
    return match.encoding if match else (candidates[0] if candidates else None)


def _maybe_foreign(data: bytes) -> bool:
    # Shift-JIS kana lead bytes 0x82/0x83 followed by trail bytes are rare in GBK text.
    sample = data[:4096]
    kana = sum(1 for i in range(len(sample) - 1) if sample[i] in (0x82, 0x83) and 0x40 <= sample[i + 1] <= 0x9F)
    return kana > 8


def _checked(dec: Decoded) -> Decoded:
    if not dec.text.strip("\x00 \t\r\n\f\v\ufeff\u3000"):
        raise MzparseError("no text in the file (only whitespace)")
    if _control_ratio(dec.text) > 0.01:
        raise MzparseError("binary data, not a text document")
    return dec


def read_file(path: str) -> tuple[bytes, Decoded]:
    """Read and decode a file; every OS failure becomes a one-line reason."""
    data = read_bytes(path)
    return data, decode(data)


def read_bytes(path: str) -> bytes:
    """A regular file's bytes; every OS failure becomes a one-line reason."""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise MzparseError("is a directory, not a file")
        if not stat.S_ISREG(mode):
            # A FIFO or device would block or never end; documents are regular files.
            raise MzparseError("not a regular file (FIFO, socket or device)")
        with open(path, "rb") as fh:
            data = fh.read()
    except MzparseError:
        raise
    except FileNotFoundError:
        raise MzparseError("no such file") from None
    except PermissionError:
        raise MzparseError("permission denied") from None
    except OSError as exc:
        raise MzparseError(exc.strerror or str(exc)) from None
    return data
