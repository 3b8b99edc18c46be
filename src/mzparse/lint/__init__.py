"""``mzparse check``: the rules of ``lint/rules.toml`` run over the text, layout, clause tree,
metadata and entities (``checks``), and the report formats (``report``)."""
