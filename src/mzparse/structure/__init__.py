"""A document's skeleton: each line's role (``layout``), the numbered clause tree (``clauses``)
and the metadata (``meta``). In: the normalised texts; out: records for the entity stage."""
