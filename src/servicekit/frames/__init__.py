"""Metrics on data frames: any engine narwhals reads, the caller's kind of frame back.

pandas, polars (eager and lazy), pyarrow, DuckDB, PySpark: a function takes the
frame as it is, computes with narwhals expressions and returns the same kind of
frame; a lazy frame stays lazy.
"""

from __future__ import annotations

from servicekit.frames._loyalty import cohort_retention, rfm

__all__ = ["cohort_retention", "rfm"]
