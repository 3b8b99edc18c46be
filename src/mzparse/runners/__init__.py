"""Runners: many inputs → results in input order, each produced by ``mzparse.pipeline.extract``.
``local`` runs them serially or in a process pool."""
