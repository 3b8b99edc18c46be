"""Chinese-language services any stage may call: numerals, calendar dates and 发文字号
(``dates``), traditional → simplified script (``script``), word segmentation and place names
(``segment``), the agency-name grammar (``agencies``) and grammar loading (``grammar``).

Nothing here knows about documents, layouts or clauses: it imports nothing above ``lang``.
"""
