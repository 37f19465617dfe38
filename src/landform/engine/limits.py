"""Limits every run shares (a module of its own: the CLI reads it without the engine)."""

DEFAULT_CONCURRENCY = 16
"""How many AWS operations run at once by default; chosen by measurement (bench/RESULTS.md)."""
