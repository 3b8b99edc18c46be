"""Runners: many inputs → one result each, in input order (base.py: the contract and
:func:`extract_one`; local.py: serial or a process pool; ../dask.py: a Dask cluster)."""
from __future__ import annotations

from .base import Input, Job, Result, Runner, WorkerDied, extract_one, whole

__all__ = ["Input", "Job", "Result", "Runner", "WorkerDied", "extract_one", "whole"]
