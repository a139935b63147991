"""Satisfaction measures: one valid call each."""

from __future__ import annotations

from servicekit.metrics import (
    ces,
    compare_nps,
    csat,
    disconfirmation,
    nps,
    nps_from_counts,
    satisfaction_index,
)
from tests.registry import Case

CASES = [
    Case(nps, ([10, 9, 9, 8, 7, 6, 3, 10, 9, 0],), arrays=("scores",), nan_arrays=("scores",)),
    Case(
        nps,
        ([10, 9, 8, 0],),
        {"weights": [1.0, 1.0, 1.0, 2.0]},
        arrays=("scores", "weights"),
        name="nps-weighted",
    ),
    Case(nps_from_counts, (), {"detractors": 10, "passives": 40, "promoters": 50}),
    Case(compare_nps, ([10, 9, 8, 2], [6, 5, 9]), arrays=("a", "b"), nan_arrays=("a",)),
    Case(csat, ([5, 4, 4, 3, 2, 5, 5, 1],), arrays=("ratings",), nan_arrays=("ratings",)),
    Case(csat, ([9, 10, 10, 7],), {"scale": 10}, arrays=("ratings",), name="csat-scale-10"),
    Case(ces, ([7, 6, 6, 5, 4, 3, 1],), arrays=("ratings",), nan_arrays=("ratings",)),
    Case(
        satisfaction_index,
        ([8.2, 7.6, 9.1],),
        {"weights": [50.0, 30.0, 20.0]},
        arrays=("item_means", "weights"),
        nan_arrays=("item_means",),
    ),
    Case(disconfirmation, ([6, 4, 5], [5, 5, 5]), arrays=("experience", "expectation")),
]
