"""One exception type for every refusal: the CLI prints it as one line."""


class MzparseError(Exception):
    """A file mzparse cannot turn into a document; ``str()`` is the plain reason."""

    def __init__(self, reason: str, path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason
