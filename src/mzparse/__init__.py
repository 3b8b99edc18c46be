"""mzparse: Chinese civil-affairs policy documents → validated structured data.

    >>> import mzparse
    >>> from pathlib import Path
    >>> doc = mzparse.extract(Path("samples/004_26c38e0122c86045.txt"))
    >>> doc.meta.doc_number
    '苏办〔2012〕85号'

A ``str`` is always a document's text, never a file name: files come as
``pathlib.Path`` (or through :func:`extract_file`), so text from users is never
taken for the name of a local file.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["extract", "extract_file", "extract_bytes", "extract_text", "MzparseError", "__version__"]

import re as _re

from .errors import MzparseError

# One line ending in a file extension: what a caller who meant a file would pass.
_FILE_NAME_LIKE = _re.compile(r"[^\n]{0,4000}\.(?:txt|text|html?|docx?|pdf|md|json|csv)", _re.IGNORECASE)


def extract(source, *, name=None, with_text=False):
    """A :class:`~mzparse.models.Document` from a ``pathlib.Path`` (the file is read),
    ``bytes`` (read as a file would be) or a ``str`` (the text itself). ``with_text`` keeps the text
    the spans index in ``source.text`` (for a web page, .docx or PDF: the text extracted)."""
    from .pipeline import extract as _extract

    if isinstance(source, str) and _FILE_NAME_LIKE.fullmatch(source.strip()):
        import warnings

        # Not a guess at what to do (the str is still text, no file is touched): a hint for
        # callers of the old API, which read a file named by a str.
        warnings.warn("mzparse.extract() takes a str as the document's text; to read the file "
                      f"{source.strip()!r}, pass pathlib.Path({source.strip()!r}) or use mzparse.extract_file()",
                      UserWarning, stacklevel=2)
    return _extract(source, name=name, with_text=with_text)


def extract_file(path, *, name=None, with_text=False):
    """The document in the file at ``path`` (a ``str`` or ``os.PathLike``)."""
    from .pipeline import extract_file as _extract_file

    return _extract_file(path, name=name, with_text=with_text)


def extract_bytes(data, *, name=None, with_text=False):
    """The document in ``data``, decoded as a file would be (BOMs, UTF-8, GB18030, Big5…)."""
    from .pipeline import extract_bytes as _extract_bytes

    return _extract_bytes(data, name=name, with_text=with_text)


def extract_text(text, *, name=None, with_text=False):
    """The document whose text is ``text``; spans index it (less a leading BOM)."""
    from .pipeline import extract_text as _extract_text

    return _extract_text(text, name=name, with_text=with_text)
