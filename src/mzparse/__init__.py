"""mzparse: Chinese civil-affairs policy documents → validated structured data.

    >>> import mzparse
    >>> doc = mzparse.extract("samples/004_26c38e0122c86045.txt")
    >>> doc.meta.doc_number
    '苏办〔2012〕85号'
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["extract", "MzparseError", "__version__"]

from .errors import MzparseError


def extract(source, *, name=None, with_text=False):
    """See :func:`mzparse.pipeline.extract`."""
    from .pipeline import extract as _extract

    return _extract(source, name=name, with_text=with_text)
