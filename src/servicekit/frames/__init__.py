"""Service analytics on any data frame engine: pandas, polars, PyArrow, DuckDB, PySpark.

Each function takes a native frame and returns the same kind: an eager frame
comes back computed, a lazy one (a polars ``LazyFrame``, a DuckDB relation, a
PySpark DataFrame) comes back lazy, with nothing collected to the driver. The
work is written once on `narwhals <https://narwhals-dev.github.io/narwhals/>`_.
See docs/frames.md.
"""

from __future__ import annotations

from servicekit.frames._kpi import KPI_COLUMNS, kpi_table
from servicekit.frames._loyalty import cohort_retention, rfm
from servicekit.frames._models import complaints_frame, events_frame
from servicekit.frames._satisfaction import ces_by, csat_by, nps_by
from servicekit.frames._sla import sla_events
from servicekit.frames._tickets import ticket_metrics

__all__ = [
    "KPI_COLUMNS",
    "ces_by",
    "cohort_retention",
    "complaints_frame",
    "csat_by",
    "events_frame",
    "kpi_table",
    "nps_by",
    "rfm",
    "sla_events",
    "ticket_metrics",
]
