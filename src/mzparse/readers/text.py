"""Stage 1: bytes → text.

BOMs and UTF-16 (by its NUL pattern) first, then strict UTF-8. Anything else is
decoded in each candidate encoding (UTF-8 with replacement, GB18030, Big5,
Big5-HKSCS) and the most plausible reading wins: the share of characters a
Chinese document is made of, Han characters counted only when they belong to the
common set of one script (GB2312 level 1 for simplified, Big5 level 1 for
traditional, both read from the codecs themselves). A wrong reading turns into
rare characters, private-use code points, kana or Greek, so it scores low.
Japanese and Korean text, RTF and JSON are recognised and refused with a reason.
"""
from __future__ import annotations

import codecs
import os
import re
import threading
from dataclasses import field
from functools import lru_cache

from ..cache import dataclass
from ..errors import MzparseError

# (BOM, name in messages, codec). The codec is what source.encoding reports:
# data.decode(encoding) gives back the text the spans index (BOM stripped).
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

SUPPORTED = "UTF-8, UTF-16, GB18030/GBK or Big5"
# Chinese legacy encodings, most common first (GB18030 is a superset of GBK and GB2312).
# Big5-HKSCS only when plain Big5 fails: it is a superset that adds Hong Kong characters.
_LEGACY = ("gb18030", "big5", "big5hkscs")
_REFUSE_BELOW = 0.6   # plausibility under which no reading is a document
_JAPANESE = (("shift_jis", "Shift-JIS"), ("euc_jp", "EUC-JP"))
_KOREAN = (("euc_kr", "EUC-KR"),)


@dataclass(frozen=True)
class Decoded:
    """Bytes as text: the characters, the encoding they were read in, and where bytes were lost."""
    text: str
    encoding: str
    # (character position in text, byte offset in the file) of each U+FFFD put in for bytes
    # that did not decode; the T002 warning names the byte offset.
    replaced: tuple[tuple[int, int], ...] = field(default=())


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x00")
    return bad / len(sample)


@lru_cache(maxsize=1)
def common_han() -> tuple[frozenset[str], frozenset[str]]:
    """The common characters of each script, from the standards' own tables:
    GB2312 level 1 (3,755 常用字, rows B0–D7) and Big5 level 1 (5,401 常用字, A440–C67E)."""
    def chars(codec: str, leads: range, trails) -> frozenset[str]:
        out = set()
        for lead in leads:
            # A row at once (each pair of a double-byte code is one character, whatever stands
            # next to it); pair by pair only in a row with unassigned codes: ~14 → 2 ms a run.
            pairs = bytearray(2 * len(trails))
            pairs[0::2], pairs[1::2] = bytes((lead,)) * len(trails), bytes(trails)
            try:
                row = pairs.decode(codec)
            except UnicodeDecodeError:
                row = None
            if row is not None and len(row) == len(trails):
                out.update(row)
                continue
            for trail in trails:
                try:
                    out.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    pass
        return frozenset(out)

    simplified = chars("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    traditional = chars("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    traditional -= chars("big5", range(0xC6, 0xC7), range(0xA1, 0xFF))  # C6A1… is level 2
    return simplified, traditional


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0003134f"


def _is_document_symbol(ch: str) -> bool:
    """Punctuation and symbols Chinese documents use: CJK and full-width punctuation,
    general punctuation, ①–⑳ and ⑴, Roman numerals, ×÷°·±, 〇, 々."""
    return ("\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or "\u2010" <= ch <= "\u2027"
            or "\u2030" <= ch <= "\u205e" or "\u2460" <= ch <= "\u24ff" or "\u2160" <= ch <= "\u217f"
            or "\u3220" <= ch <= "\u3243" or "\ufe30" <= ch <= "\ufe4f" or ch in "×÷°·±§¥￥■□▲△◆◇○●★☆→←")


def plausibility(text: str) -> float:
    """How much ``text`` looks like a Chinese document, 0–1, judged on its non-ASCII
    characters (ASCII decodes the same in every candidate encoding).

    Han characters count fully when they are common characters of the script the text
    mostly uses and half otherwise (names and places use rare ones); document
    punctuation counts fully; U+FFFD, private-use code points, kana, hangul, Greek,
    Cyrillic, box drawing and accented Latin letters count nothing.
    """
    from collections import Counter

    simplified, traditional = common_han()
    others = n_s = n_t = han = 0
    good = 0
    # Counted per distinct character: a document uses a few thousand at most.
    for ch, k in Counter(text[:8000]).items():
        if ch < "\x80":
            continue
        if _is_han(ch):
            han += k
            n_s += k * (ch in simplified)
            n_t += k * (ch in traditional)
        elif _is_document_symbol(ch):
            good += k
        else:
            others += k
    total = han + good + others
    if not total:
        return 1.0
    common = max(n_s, n_t)
    return (good + common + 0.5 * (han - common)) / total


_LONE = re.compile("[\udc80-\udcff]+")


_errors = threading.local()


def _note_and_replace(exc: UnicodeDecodeError) -> tuple[str, int]:
    """The "replace" error handler (one U+FFFD per undecodable sequence), noting where each was."""
    _errors.spans.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("mzparse-replace", _note_and_replace)


def _lenient(data: bytes, codec: str) -> Decoded:
    """``data`` decoded as ``data.decode(codec, "replace")`` would, noting for each U+FFFD
    put in its character position and the byte offset of what it replaced."""
    _errors.spans = []
    text = data.decode(codec, "mzparse-replace")
    replaced, nchars, prev = [], 0, 0
    for start, end in _errors.spans:
        nchars += len(data[prev:start].decode(codec))  # between two errors all decodes
        replaced.append((nchars, start))
        nchars += 1
        prev = end
    return Decoded(text, codec, tuple(replaced))


def _kana_share(text: str) -> tuple[int, float]:
    non_ascii = [ch for ch in text[:20000] if ch >= "\x80" and not _is_document_symbol(ch)]
    kana = sum("\u3041" <= ch <= "\u30ff" for ch in non_ascii)
    return kana, kana / max(1, len(non_ascii))


def _hangul_share(text: str) -> tuple[int, float, float]:
    sample = text[:20000]
    non_ascii = [ch for ch in sample if ch >= "\x80" and not _is_document_symbol(ch)]
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in non_ascii)
    # Korean separates words with spaces; Chinese documents do not.
    spaced = sum(1 for i in range(1, len(sample)) if sample[i] == " " and "\uac00" <= sample[i - 1] <= "\ud7a3")
    return hangul, hangul / max(1, len(non_ascii)), spaced / max(1, hangul)


def _strictish(data: bytes, codec: str) -> str | None:
    """The first 64 KiB in ``codec``, strictly but for the character the cut may split."""
    head = data[:65536]
    try:
        return head.decode(codec)
    except UnicodeDecodeError as exc:
        if len(head) < len(data) and exc.start >= len(head) - 4:
            return head[:exc.start].decode(codec, "replace")
        return None


def _foreign(data: bytes) -> str | None:
    """Japanese or Korean text, which a Chinese decoding would turn into plausible-looking
    characters (EUC-JP kana are Big5's commonest characters; EUC-KR hangul are GB2312's)."""
    for codec, label in _JAPANESE:
        text = _strictish(data, codec)
        if text is None:
            continue
        kana, share = _kana_share(text)
        if kana >= 5 and share >= 0.2:  # Japanese prose is 40–70 % kana; Chinese has none
            return f"{label} (Japanese)"
    for codec, label in _KOREAN:
        text = _strictish(data, codec)
        if text is None:
            continue
        hangul, share, spaced = _hangul_share(text)
        # Korean puts a space every few syllables; a Chinese line rarely has one.
        if hangul >= 5 and share >= 0.9 and spaced >= 0.15:
            return f"{label} (Korean)"
    return None


_JSON_START = re.compile(rb'\A\s*(?:\{\s*(?:"|\}\s*\Z)|\[\s*(?:[\[{"\d\-\]]|true|false|null))')


def _not_a_document(data: bytes) -> str | None:
    """Text formats that are not documents: read as text they would give markup, not clauses."""
    head = data[:64].lstrip()
    if head.startswith(b"{\\rtf"):
        return "an RTF document, not plain text: save it as text (UTF-8) first"
    if _JSON_START.match(data[:256]):
        import json

        try:
            json.loads(data)  # UTF-8, -16 or -32, as JSON allows
        except ValueError:  # UnicodeDecodeError included
            return None
        return "JSON data, not a Chinese text document"
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
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise MzparseError(f"starts with a {name} byte-order mark but is not valid {name}") from None
            return _checked(Decoded(text, codec), data)
    guess = _utf16_without_bom(data)
    if guess:
        text = _strict(data, guess)
        if text is not None:
            return _checked(Decoded(text, guess), data)
    text = _strict(data, "utf-8")
    # A few bytes of GBK can happen to be valid UTF-8 (食品药品 reads ʳƷҩƷ); more than a few cannot.
    if text is not None and (plausibility(text) >= 0.9 or sum(ch >= "\x80" for ch in text[:64]) >= 8):
        return _checked(Decoded(text, "utf-8"), data)
    foreign = _foreign(data)
    if foreign:
        raise MzparseError(f"looks like {foreign} text; mzparse reads Chinese documents in {SUPPORTED}")
    return _checked(_most_plausible(data, Decoded(text, "utf-8") if text is not None else None), data)


def _most_plausible(data: bytes, valid_utf8: Decoded | None) -> Decoded:
    # Judged on the first 64 KiB (whose last character the cut may split), decoded whole once chosen.
    head = data[:65536]
    scored: list[tuple[float, int, str, str]] = []  # (plausibility, -rank, codec, escaped text)
    for rank, codec in enumerate(("utf-8", *_LEGACY)):
        if codec == "big5hkscs" and any(c == "big5" and not _LONE.search(raw) for _, _, c, raw in scored):
            continue  # plain Big5 read it all: the superset would read it the same
        raw = head.decode(codec, "surrogateescape")  # each undecodable byte → U+DC80–DCFF
        # Every undecodable byte counts as one wrong character; ties: the order above.
        scored.append((plausibility(raw), -rank, codec, raw))
    best_score, _, codec, raw = max(scored)
    # Valid UTF-8 stays UTF-8 unless another reading is clearly more plausible (café, not caf茅).
    if valid_utf8 is not None and (best_score < _REFUSE_BELOW or best_score < plausibility(valid_utf8.text) + 0.3):
        return valid_utf8
    if best_score < _REFUSE_BELOW:
        if _utf8_share(data) > 0.5:
            bad = len(_LONE.findall(scored[0][3]))
            raise MzparseError(f"UTF-8 too damaged to read ({bad} invalid byte sequences "
                               f"in the first {len(head):,} bytes), and not valid text in {SUPPORTED} either")
        raise MzparseError(f"not valid text in {SUPPORTED}")
    return _lenient(data, codec)


def _utf8_share(data: bytes) -> float:
    """Share of the non-ASCII bytes that form valid UTF-8 sequences."""
    non_ascii = sum(b >= 0x80 for b in data[:65536])
    if not non_ascii:
        return 0.0
    valid = sum(len(m.group()) for m in re.finditer(
        rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data[:65536]))
    return valid / non_ascii


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows itself by NUL bytes (the high byte of ASCII, 一 = 00 4E…)."""
    if len(data) < 4 or len(data) % 2 or data[:20000].count(0) < max(1, len(data[:20000]) // 50):
        return None
    best, score = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data[:20000], codec)
        if text is not None and (sc := _ascii_cjk_share(text)) > score:
            best, score = codec, sc
    return best if score >= 0.9 else None


def _ascii_cjk_share(text: str) -> float:
    """Share of characters that Chinese documents are made of (CJK, ASCII, CJK punctuation)."""
    sample = text[:10000]
    if not sample:
        return 0.0
    good = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\t\r\n")
               or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               or "\u2000" <= ch <= "\u206f")
    return good / len(sample)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _checked(dec: Decoded, data: bytes) -> Decoded:
    if not dec.text.strip("\x00 \t\r\n\f\v\ufeff\u3000"):
        raise MzparseError("no text in the file (only whitespace)")
    if _control_ratio(dec.text) > 0.01:
        raise MzparseError("binary data, not a text document")
    what = _not_a_document(data)
    if what:
        raise MzparseError(what)
    return dec


def display_name(path: "str | os.PathLike[str]") -> str:
    """A path as text that JSON can carry: bytes that are not UTF-8 (kept by the OS as
    surrogate escapes) are written as ``%XX``, as in a URL, so the name stays lossless and
    printable, and an output file named after it needs no backslash."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "surrogateescape").translate(_PERCENT)


_PERCENT = {0xDC00 + b: f"%{b:02X}" for b in range(0x80, 0x100)}


def read_file(path) -> tuple[bytes, Decoded]:
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
