"""Writers: a Document → the bytes of an output format (JSON, JSON lines, CSV, the task table,
a tree for people), written atomically. They depend only on ``models`` and ``errors``."""
