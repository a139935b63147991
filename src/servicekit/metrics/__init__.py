"""Pure metric functions: satisfaction, operations KPIs, staffing.

Every function accepts plain numbers, lists, tuples, NumPy arrays and
pandas/polars Series alike, and imports nothing from servicekit but its
errors, so a notebook can use it on plain data.
"""

from __future__ import annotations

from servicekit.metrics._kano import (
    KanoAnswer,
    KanoCategory,
    KanoResult,
    KanoScores,
    kano,
    kano_category,
    kano_from_counts,
    kano_scores,
)
from servicekit.metrics._satisfaction import (
    CESResult,
    CSATResult,
    DisconfirmationResult,
    NPSComparison,
    NPSResult,
    ces,
    compare_nps,
    csat,
    disconfirmation,
    nps,
    nps_from_counts,
    satisfaction_index,
)
from servicekit.metrics._servqual import SERVQUAL_DIMENSIONS, ServqualResult, servqual
from servicekit.metrics._staffing import (
    StaffingResult,
    average_speed_of_answer,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    occupancy,
    required_agents,
    service_level,
    traffic_intensity,
)

__all__ = [
    "SERVQUAL_DIMENSIONS",
    "CESResult",
    "CSATResult",
    "DisconfirmationResult",
    "KanoAnswer",
    "KanoCategory",
    "KanoResult",
    "KanoScores",
    "NPSComparison",
    "NPSResult",
    "ServqualResult",
    "StaffingResult",
    "average_speed_of_answer",
    "ces",
    "compare_nps",
    "csat",
    "disconfirmation",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "kano",
    "kano_category",
    "kano_from_counts",
    "kano_scores",
    "nps",
    "nps_from_counts",
    "occupancy",
    "required_agents",
    "satisfaction_index",
    "service_level",
    "servqual",
    "traffic_intensity",
]
