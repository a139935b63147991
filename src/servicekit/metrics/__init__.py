"""Pure metric functions: satisfaction, operations KPIs, staffing.

Every function accepts plain numbers, lists, tuples, NumPy arrays and
pandas/polars Series alike, and imports nothing from servicekit but its
errors, so a notebook can use it on plain data.
"""

from __future__ import annotations

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
    "StaffingResult",
    "average_speed_of_answer",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "occupancy",
    "required_agents",
    "service_level",
    "traffic_intensity",
]
