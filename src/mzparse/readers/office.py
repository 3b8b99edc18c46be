"""Forms mzparse does not read itself: a one-line reason naming the form and how to convert it.

Word 97–2003 (.doc), WPS and RTF files are converted by LibreOffice
(``soffice --headless --convert-to docx``); with ``--convert`` (the environment
variable MZPARSE_CONVERT, which the CLI sets) and ``soffice`` on PATH mzparse
runs that conversion itself and reads the .docx. An OFD file (China's
fixed-layout format, GB/T 33190) has no free converter on the command line.
"""
from __future__ import annotations

import os
import shutil

from ..errors import MzparseError
from .base import Reader, SourceText

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
CONVERT_ENV = "MZPARSE_CONVERT"


def _what(head: bytes, suffix: str) -> tuple[str, bool] | None:
    """(what the file is, whether LibreOffice converts it), or None for a form this reader leaves alone."""
    if head.startswith(_OLE):
        # WPS Writer saves the same OLE container with a WordDocument stream.
        if suffix in (".doc", ".dot", ".wps", ".wpt") or _WORD_STREAM in head:
            return "a Word 97-2003 or WPS document (.doc/.wps)", True
        return None
    if head.startswith(b"{\\rtf"):
        return "an RTF document", True
    if head.startswith(b"PK\x03\x04") and (b"OFD.xml" in head[:4096] or suffix == ".ofd"):
        return "an OFD document (GB/T 33190 fixed layout)", False
    return None


class RefusedReader(Reader):
    """Forms mzparse does not read (.doc, .wps, RTF, OFD): refused with how to convert them."""
    name = "refused"
    suffixes = (".doc", ".wps", ".rtf", ".ofd")
    searched = False   # named on the command line, they are refused with a way forward

    def sniff(self, head: bytes, suffix: str) -> bool:
        """An OLE Word/WPS file, RTF or OFD, by content or suffix."""
        return _what(head, suffix) is not None

    def read(self, data: bytes) -> SourceText:
        """MzparseError naming the form and how to convert it; with --convert and LibreOffice,
        the converted .docx's text."""
        what, convertible = _what(data[:65536], ".doc" if data.startswith(_OLE) else ".ofd")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if convertible and soffice and os.environ.get(CONVERT_ENV):
            return convert(data, soffice)
        if not convertible:
            raise MzparseError(f"{what}, which mzparse does not read: export it to PDF or .docx "
                               "with an OFD reader, then give mzparse that file")
        how = "soffice --headless --convert-to docx FILE (LibreOffice)"
        tail = ", or run mzparse with --convert" if soffice else ""
        raise MzparseError(f"{what}, which mzparse does not read: convert it with {how}{tail}")


def convert(data: bytes, soffice: str) -> SourceText:
    """Convert with LibreOffice in a private directory and read the .docx it writes."""
    import subprocess
    import tempfile

    from .docx import DocxReader

    with tempfile.TemporaryDirectory(prefix="mzparse-convert-") as tmp:
        src = os.path.join(tmp, "input.doc")
        with open(src, "wb") as fh:
            fh.write(data)
        # A profile of its own, so a running LibreOffice of the user's does not swallow the job.
        profile = "file://" + os.path.join(tmp, "profile")
        try:
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                            "--outdir", tmp, src], check=True, capture_output=True, timeout=300)
            with open(os.path.join(tmp, "input.docx"), "rb") as fh:
                converted = fh.read()
        except (OSError, subprocess.SubprocessError) as exc:
            raise MzparseError(f"LibreOffice could not convert the file ({type(exc).__name__})") from None
    doc = DocxReader().read(converted)
    return SourceText(doc.text, doc.encoding, "docx", doc.meta, doc.furniture)
