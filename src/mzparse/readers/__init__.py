"""Readers: the bytes of a published document → its source text.

A reader depends only on ``errors`` (and later ``records``); the pipeline asks the readers for
the text and never looks at bytes itself. Today: ``text`` (plain text in any Chinese encoding).
"""
