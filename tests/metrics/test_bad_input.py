"""One table of bad inputs, run through every satisfaction metric.

Each must raise InvalidInputError naming the argument, never a wrong answer, a
bare KeyError/ZeroDivisionError or a NumPy warning (warnings are errors here).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from servicekit import InvalidInputError
from servicekit.metrics import (
    ces,
    compare_nps,
    csat,
    disconfirmation,
    kano,
    kano_category,
    kano_from_counts,
    kano_scores,
    nps,
    nps_from_counts,
    satisfaction_index,
    servqual,
)

# metric name -> (call with one array-like, the argument name it reports, valid example)
ONE_D: dict[str, tuple[Callable[[Any], object], str, list[float]]] = {
    "nps": (lambda v: nps(v), "scores", [9, 7, 3]),
    "csat": (lambda v: csat(v), "ratings", [5, 4, 1]),
    "ces": (lambda v: ces(v), "ratings", [7, 4, 1]),
    "satisfaction_index": (lambda v: satisfaction_index(v), "item_means", [7.5, 8.0, 9.0]),
    "disconfirmation": (lambda v: disconfirmation(v, [5.0] * _len(v)), "experience", [5.0, 6.0]),
    "compare_nps": (lambda v: compare_nps(v, [9, 9, 0]), "a", [9, 7, 3]),
}
INTEGER_SCALES = {"nps", "csat", "ces", "compare_nps"}
RANGED = INTEGER_SCALES | {"satisfaction_index"}


def _len(v: Any) -> int:
    try:
        return len(v)
    except TypeError:
        return 1


COMMON_BAD: list[tuple[str, object]] = [
    ("empty", []),
    ("empty array", np.array([], dtype=np.int64)),
    ("None", None),
    ("a string", "9797"),
    ("a scalar", 7),
    ("a dict", {"a": 9}),
    ("2-d", [[9, 7], [3, 1]]),
    ("strings", ["9", "7"]),
    ("booleans", [True, False]),
    ("objects", [9, object()]),
    ("missing", [9, math.nan, 3]),
    ("missing None", [9, None, 3]),
    ("all missing", [math.nan, math.nan]),
]
RANGE_BAD: list[tuple[str, object]] = [
    ("too high", [9, 99]),
    ("negative", [9, -1]),
    ("infinite", [9, math.inf]),
    ("too high int8", np.array([9, 120], dtype=np.int8)),
    ("negative int8", np.array([9, -3], dtype=np.int8)),
    ("negative int64", np.array([9, -3], dtype=np.int64)),
]
INTEGER_BAD: list[tuple[str, object]] = [("fractional", [4.5, 3.0])]

CASES = [
    (metric, label, value)
    for metric in ONE_D
    for label, value in (
        COMMON_BAD
        + (RANGE_BAD if metric in RANGED else [])
        + (INTEGER_BAD if metric in INTEGER_SCALES else [])
    )
]


@pytest.mark.parametrize(
    ("metric", "label", "value"), CASES, ids=[f"{m}-{label}" for m, label, _ in CASES]
)
def test_bad_values_raise_naming_the_argument(metric: str, label: str, value: object) -> None:
    call, argument, _ = ONE_D[metric]
    with pytest.raises(InvalidInputError) as info:
        call(value)
    assert info.value.argument == argument
    assert str(info.value).startswith(f"{info.value.function}(): {argument}=")
    assert "expected" in str(info.value)


@pytest.mark.parametrize("metric", list(ONE_D))
def test_valid_example_works(metric: str) -> None:
    call, _, example = ONE_D[metric]
    assert call(example) is not None


WITH_OPTIONS: list[tuple[str, Callable[[], object], str]] = [
    ("nps nan_policy", lambda: nps([9], nan_policy="ignore"), "nan_policy"),  # type: ignore[arg-type]
    ("csat nan_policy", lambda: csat([5], nan_policy=None), "nan_policy"),  # type: ignore[arg-type]
    ("nps weights length", lambda: nps([9, 7], weights=[1]), "weights"),
    ("nps negative weight", lambda: nps([9, 7], weights=[1, -1]), "weights"),
    ("nps nan weight", lambda: nps([9, 7], weights=[1, math.nan]), "weights"),
    ("nps zero weights", lambda: nps([9, 7], weights=[0, 0]), "weights"),
    ("nps text weights", lambda: nps([9, 7], weights=["a", "b"]), "weights"),
    ("index weights length", lambda: satisfaction_index([7, 8], weights=[1, 2, 3]), "weights"),
    ("index zero weights", lambda: satisfaction_index([7, 8], weights=[0, 0]), "weights"),
    ("index scale", lambda: satisfaction_index([7], scale=(10, 1)), "scale"),
    ("index scale shape", lambda: satisfaction_index([7], scale=10), "scale"),  # type: ignore[arg-type]
    ("csat scale", lambda: csat([1], scale=1), "scale"),
    ("csat boxes", lambda: csat([1], satisfied=(6,)), "satisfied"),
    ("csat no boxes", lambda: csat([1], satisfied=()), "satisfied"),
    ("ces scale", lambda: ces([1], scale=2.5), "scale"),  # type: ignore[arg-type]
    ("ci level", lambda: nps([9]).confidence_interval(1.5), "level"),
    ("ci method", lambda: nps([9]).confidence_interval(method="exact"), "method"),  # type: ignore[arg-type]
    (
        "counts negative",
        lambda: nps_from_counts(detractors=-1, passives=2, promoters=3),
        "detractors",
    ),
    (
        "counts fractional",
        lambda: nps_from_counts(detractors=1, passives=2.5, promoters=3),  # type: ignore[arg-type]
        "passives",
    ),
    (
        "counts all zero",
        lambda: nps_from_counts(detractors=0, passives=0, promoters=0),
        "detractors + passives + promoters",
    ),
    ("counts by position", lambda: nps_from_counts(1, 2, 3), "arguments"),  # type: ignore[misc]
    ("disconfirmation lengths", lambda: disconfirmation([1, 2], [1]), "expectation"),
    ("kano answer", lambda: kano_category("love", "dislike"), "functional"),
    ("kano dysfunctional", lambda: kano_category("like", 3), "dysfunctional"),  # type: ignore[arg-type]
    ("kano pairs empty", lambda: kano([]), "pairs"),
    ("kano pair shape", lambda: kano([("like",)]), "pairs"),  # type: ignore[list-item]
    ("kano pairs string", lambda: kano("like"), "pairs"),  # type: ignore[arg-type]
    ("kano counts key", lambda: kano_from_counts({"Z": 3}), "counts"),
    ("kano counts value", lambda: kano_from_counts({"A": -3}), "counts['A']"),
    ("kano counts only R", lambda: kano_from_counts({"R": 3}), "counts"),
    ("kano counts type", lambda: kano_from_counts([("A", 3)]), "counts"),  # type: ignore[arg-type]
    ("kano scores lengths", lambda: kano_scores(["like"], ["like", "like"]), "dysfunctional"),
    ("kano scores empty", lambda: kano_scores([], []), "functional"),
    ("kano importance", lambda: kano_scores(["like"], ["like"], importance=[1, 2]), "importance"),
    ("servqual items", lambda: servqual([5] * 21, [5] * 21), "expectations"),
    ("servqual shapes", lambda: servqual([[5] * 22] * 2, [5] * 22), "perceptions"),
    ("servqual text", lambda: servqual(["a"] * 22, [5] * 22), "expectations"),
    ("servqual missing", lambda: servqual([5] * 22, [5] * 21 + [math.nan]), "perceptions"),
    ("servqual inf", lambda: servqual([5] * 22, [5] * 21 + [math.inf]), "perceptions"),
    (
        "servqual weights keys",
        lambda: servqual([5] * 22, [5] * 22, weights={"tangibles": 1}),
        "weights",
    ),
    (
        "servqual weight value",
        lambda: servqual(
            [5] * 22,
            [5] * 22,
            weights=dict.fromkeys(
                ["tangibles", "reliability", "responsiveness", "assurance", "empathy"], -1
            ),
        ),
        "weights['tangibles']",
    ),
]


@pytest.mark.parametrize(
    ("label", "call", "argument"), WITH_OPTIONS, ids=[label for label, _, _ in WITH_OPTIONS]
)
def test_bad_options_raise_naming_the_argument(
    label: str, call: Callable[[], object], argument: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.argument == argument
