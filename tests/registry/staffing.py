"""Staffing (Erlang): one valid call each."""

from __future__ import annotations

from datetime import timedelta

from servicekit.metrics import (
    average_speed_of_answer,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    occupancy,
    required_agents,
    service_level,
    traffic_intensity,
)
from tests.registry import Case

AHT = timedelta(seconds=180)
ASA = timedelta(seconds=20)

CASES = [
    Case(erlang_b, ([1.0, 2.0, 4.46], 10), arrays=("traffic",)),
    Case(erlang_c, ([10.0, 0.0], [14, 3]), arrays=("traffic", "agents")),
    Case(
        service_level,
        ([10.0, 12.0], 14),
        {"handle_time": AHT, "target_answer_time": ASA},
        arrays=("traffic",),
    ),
    Case(average_speed_of_answer, ([10.0, 0.0], 14), {"handle_time": AHT}, arrays=("traffic",)),
    Case(occupancy, ([10.0, 7.0], 14), arrays=("traffic",)),
    Case(
        traffic_intensity,
        ([100, 40],),
        {"period": timedelta(minutes=30), "handle_time": AHT},
        arrays=("calls",),
    ),
    Case(
        required_agents,
        ([0.0, 10.0, 20.0],),
        {
            "handle_time": AHT,
            "target_service_level": 0.8,
            "target_answer_time": ASA,
            "shrinkage": 0.3,
            "min_agents": 1,
        },
        arrays=("traffic",),
    ),
    Case(erlang_b_capacity, (10,), {"blocking": 0.01}),
]
