"""Loyalty, key drivers and mystery shopping: one valid call each."""

from __future__ import annotations

import csv
from datetime import date, datetime, timezone
from pathlib import Path

from servicekit.frames import cohort_retention, rfm
from servicekit.metrics import (
    churn_rate,
    customer_lifetime_value,
    fit_bgnbd,
    key_drivers,
    mystery_shopper_plan,
    mystery_shopper_scores,
    repurchase_rate,
    retention_rate,
    satisfaction_outcome_link,
)
from tests.registry import Case

DATA = Path(__file__).resolve().parents[1] / "data"

with (DATA / "cdnow_customers_summary.csv").open() as f:
    _CDNOW = list(csv.DictReader(f))[:300]
FREQUENCY = [int(r["frequency"]) for r in _CDNOW]
RECENCY = [float(r["recency"]) for r in _CDNOW]
AGE = [float(r["T"]) for r in _CDNOW]

SURVEY = {
    "overall": [3, 4, 5, 2, 4, 5, 1, 3, 4, 2],
    "speed": [2, 4, 5, 2, 3, 5, 1, 4, 4, 1],
    "courtesy": [3, 3, 4, 3, 4, 4, 2, 2, 5, 2],
}
VISITS = {
    "visit": ["v1", "v1", "v2", "v2"],
    "site": ["A", "A", "B", "B"],
    "period": ["2026-03"] * 4,
    "item": ["greet", "safe", "greet", "safe"],
    "score": [1.0, 1.0, 1.0, 0.0],
}
CHECKLIST = {
    "item": ["greet", "safe"],
    "section": ["welcome", "care"],
    "weight": [1.0, 2.0],
    "critical": [False, True],
}


def _purchases() -> object:
    import polars as pl

    t = [datetime(2026, 3, d, tzinfo=timezone.utc) for d in (1, 5, 9, 20, 28)]
    return pl.DataFrame(
        {"customer": ["a", "b", "a", "c", "b"], "at": t, "amount": [10.0, 25.0, 5.0, 40.0, 8.0]}
    )


MODEL = fit_bgnbd(FREQUENCY, RECENCY, AGE)

CASES = [
    Case(retention_rate, ([200, 100], [180, 90], [40, 10]), arrays=("start", "end", "new")),
    Case(churn_rate, ([200, 100], [180, 90], [40, 10]), arrays=("start", "end", "new")),
    Case(repurchase_rate, ([1, 2, 5, 0, 1],), arrays=("purchases",)),
    Case(
        customer_lifetime_value,
        ([100.0, 80.0], [0.8, 0.9], [0.12, 0.1]),
        {"periods": 10, "acquisition_cost": 20.0},
        arrays=("margin", "retention", "discount"),
    ),
    Case(fit_bgnbd, (FREQUENCY, RECENCY, AGE), arrays=("frequency", "recency", "age")),
    Case(
        MODEL.probability_alive,
        (),
        {"frequency": [0, 2, 5], "recency": [0.0, 30.4, 10.0], "age": [38.9, 38.9, 38.0]},
        arrays=("frequency", "recency", "age"),
        name="BGNBD.probability_alive",
    ),
    Case(
        MODEL.expected_purchases,
        (39.0,),
        {"frequency": [0, 2, 5], "recency": [0.0, 30.4, 10.0], "age": [38.9, 38.9, 38.0]},
        arrays=("frequency", "recency", "age"),
        name="BGNBD.expected_purchases",
    ),
    Case(MODEL.expected_purchases_new, ([13.0, 39.0],), arrays=("t",), name="BGNBD.new"),
    Case(
        key_drivers,
        (SURVEY,),
        {"outcome": "overall", "drivers": ["speed", "courtesy"], "method": "shapley"},
    ),
    Case(
        satisfaction_outcome_link,
        ([1, 2, 3, 4, 5, 5, 2, 4], [0, 0, 1, 1, 1, 1, 0, 0]),
        arrays=("satisfaction", "outcome"),
        nan_arrays=("satisfaction", "outcome"),
    ),
    Case(mystery_shopper_scores, (VISITS, CHECKLIST)),
    Case(
        mystery_shopper_plan,
        (["A", "B", "C"],),
        {"visits_per_site": 4, "period": (date(2026, 3, 1), date(2026, 3, 31)), "seed": 11},
    ),
    Case(
        rfm,
        (_purchases(),),
        {
            "customer": "customer",
            "at": "at",
            "amount": "amount",
            "now": datetime(2026, 4, 1, tzinfo=timezone.utc),
        },
    ),
    Case(
        cohort_retention,
        (_purchases(),),
        {"customer": "customer", "at": "at", "freq": "1w", "tz": "Europe/Paris"},
    ),
]
