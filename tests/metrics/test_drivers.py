"""Key drivers (relative weights, Shapley/LMG) and the satisfaction-outcome link."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from servicekit import InvalidInputError
from servicekit.metrics import KeyDrivers, key_drivers, satisfaction_outcome_link

SWISS = Path(__file__).resolve().parents[1] / "data" / "swiss.csv"
DRIVERS = ["Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"]
ATTITUDE = Path(__file__).resolve().parents[1] / "data" / "attitude.csv"


def _swiss() -> dict[str, list[float]]:
    with SWISS.open() as f:
        rows = list(csv.DictReader(f))
    return {c: [float(r[c]) for r in rows] for c in ["Fertility", *DRIVERS]}


def _r2(y: np.ndarray, x: np.ndarray) -> float:
    """R² of ordinary least squares with an intercept (the brute-force oracle)."""
    if x.shape[1] == 0:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return float(1 - residual @ residual / ((y - y.mean()) @ (y - y.mean())))


def _lmg_by_orderings(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """LMG as Lindeman, Merenda and Gold define it: sequential R² gains averaged over orders."""
    p = x.shape[1]
    gains = np.zeros(p)
    orders = list(itertools.permutations(range(p)))
    for order in orders:
        used: list[int] = []
        for j in order:
            before = _r2(y, x[:, used])
            used.append(j)
            gains[j] += _r2(y, x[:, used]) - before
    return gains / len(orders)


def test_swiss_r_squared_published() -> None:
    # R: summary(lm(Fertility ~ ., data = swiss)) prints "Multiple R-squared: 0.7067"
    # (the relaimpo documentation's example, Grömping 2006, JSS 17(1), section 5:
    # "Proportion of variance explained by model: 70.67%").
    for method in ("relative_weights", "shapley"):
        k = key_drivers(_swiss(), outcome="Fertility", drivers=DRIVERS, method=method)
        assert round(k.r_squared, 4) == 0.7067
        assert k.shares.sum() == pytest.approx(k.r_squared)
        assert k.n == 47


def test_attitude_shapley_shares_published() -> None:
    # The R package dominanceanalysis (C. Bustos Navarrete), README, "Linear regression":
    # dominanceAnalysis(lm(rating ~ ., attitude)) on R's attitude data prints the average
    # contribution of each predictor to R² (general dominance, which is the LMG/Shapley
    # share: Azen and Budescu 2003, Grömping 2007) and the full model's fit, 0.733.
    with ATTITUDE.open() as f:
        rows = list(csv.DictReader(f))
    drivers = ["complaints", "privileges", "learning", "raises", "critical", "advance"]
    data = {c: [float(r[c]) for r in rows] for c in ["rating", *drivers]}
    k = key_drivers(data, outcome="rating", drivers=drivers, method="shapley")
    published = {
        "complaints": 0.371,
        "learning": 0.156,
        "raises": 0.120,
        "privileges": 0.051,
        "advance": 0.028,
        "critical": 0.007,
    }
    assert dict(zip(k.drivers, k.shares.round(3).tolist(), strict=True)) == published
    assert k.ranking() == tuple(published)
    assert round(k.r_squared, 3) == 0.733
    assert k.n == 30


def test_swiss_lmg_matches_averaging_over_all_orderings() -> None:
    # relaimpo's calc.relimp(swiss, type = "lmg") on R's swiss data; no printed
    # values could be cited, so the oracle is the definition itself: the sequential
    # R² gains averaged over all 5! orders of the drivers, by least squares.
    data = _swiss()
    y = np.array(data["Fertility"])
    x = np.column_stack([data[d] for d in DRIVERS])
    k = key_drivers(data, outcome="Fertility", drivers=DRIVERS, method="shapley")
    np.testing.assert_allclose(k.shares, _lmg_by_orderings(y, x), rtol=1e-9)
    assert k.ranking()[0] == "Education"
    assert k.ranking()[-1] == "Agriculture"
    # pinned (computed here, checked against the oracle above), so a change shows
    np.testing.assert_allclose(k.shares.round(4), [0.0571, 0.1712, 0.2601, 0.1056, 0.1128])


def test_relative_weights_of_uncorrelated_drivers_are_their_squared_correlations() -> None:
    # Johnson (2000): with orthogonal drivers, epsilon_j = r_jy² (= LMG = R² shares).
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.normal(size=(200, 3)))
    x = q - q.mean(axis=0)
    x, _ = np.linalg.qr(x)
    y = x @ np.array([3.0, 2.0, 1.0]) + rng.normal(size=200) * 0.05
    data = {"y": y, "a": x[:, 0], "b": x[:, 1], "c": x[:, 2]}
    rw = key_drivers(data, outcome="y", drivers=["a", "b", "c"])
    lmg = key_drivers(data, outcome="y", drivers=["a", "b", "c"], method="shapley")
    squared = [np.corrcoef(x[:, j], y)[0, 1] ** 2 for j in range(3)]
    np.testing.assert_allclose(rw.shares, squared, atol=1e-3)
    np.testing.assert_allclose(lmg.shares, squared, atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(
    data=arrays(
        np.float64, st.tuples(st.integers(8, 40), st.integers(1, 5)), elements=st.floats(-100, 100)
    ),
    noise=st.integers(0, 2**32 - 1),
    method=st.sampled_from(["relative_weights", "shapley"]),
)
def test_shares_are_non_negative_and_sum_to_r_squared(
    data: np.ndarray, noise: int, method: str
) -> None:
    n, p = data.shape
    rng = np.random.default_rng(noise)
    x = data + rng.normal(size=data.shape)  # keep the drivers from being degenerate
    y = x @ rng.normal(size=p) + rng.normal(size=n)
    table = {"y": y, **{f"x{j}": x[:, j] for j in range(p)}}
    k = key_drivers(table, outcome="y", drivers=[f"x{j}" for j in range(p)], method=method)
    assert np.all(k.shares >= 0)
    assert k.shares.sum() == pytest.approx(k.r_squared, abs=1e-9)
    assert k.r_squared == pytest.approx(_r2(y, x), abs=1e-9)


def test_bootstrap_intervals_cover_the_estimate_and_are_reproducible() -> None:
    data = _swiss()
    k = key_drivers(data, outcome="Fertility", drivers=DRIVERS, bootstrap=300, seed=4)
    assert k.low is not None
    assert k.high is not None
    assert np.all(k.low <= k.shares)
    assert np.all(k.shares <= k.high)
    again = key_drivers(data, outcome="Fertility", drivers=DRIVERS, bootstrap=300, seed=4)
    assert again == k


@pytest.mark.parametrize("kind", ["pandas", "polars", "polars-lazy"])
def test_frames_give_the_same_answer(kind: str) -> None:
    data = _swiss()
    frame = {
        "pandas": lambda: pd.DataFrame(data),
        "polars": lambda: pl.DataFrame(data),
        "polars-lazy": lambda: pl.DataFrame(data).lazy(),
    }[kind]()
    expected = key_drivers(data, outcome="Fertility", drivers=DRIVERS)
    assert key_drivers(frame, outcome="Fertility", drivers=DRIVERS) == expected


def test_rows_with_missing_values_are_left_out() -> None:
    data = _swiss()
    with_gap = {c: [None, *v[1:]] if c == "Catholic" else v for c, v in data.items()}
    without = {c: v[1:] for c, v in data.items()}
    got = key_drivers(with_gap, outcome="Fertility", drivers=DRIVERS)
    assert got == key_drivers(without, outcome="Fertility", drivers=DRIVERS)
    assert got.n == 46


@pytest.mark.parametrize(
    ("data", "drivers", "argument"),
    [
        (
            {"y": [1.0, 2.0, 3.0], "a": [1.0, 2.0, 4.0], "b": [3.0, 1.0, 2.0]},
            ["a", "b"],
            "frame_or_arrays",
        ),  # fewer rows than drivers + 2
        ({"y": [1.0, 2.0, 3.0, 5.0, 4.0], "a": [2.0] * 5}, ["a"], "drivers"),  # constant driver
        ({"y": [1.0] * 5, "a": [1.0, 2.0, 3.0, 4.0, 6.0]}, ["a"], "outcome"),
        ({"y": [1.0, 2.0, 3.0, 4.0, 6.0], "a": [1.0, 2.0, 3.0, 4.0, 5.0]}, ["b"], "drivers"),
        (
            {
                "y": [1.0, 2.0, 3.0, 4.0, 6.0],
                "a": [1.0, 2.0, 3.0, 4.0, 5.0],
                "b": [2.0, 4.0, 6.0, 8.0, 10.0],
            },
            ["a", "b"],
            "drivers",
        ),  # collinear
        ({"y": [1.0, 2.0, 3.0, 4.0, 6.0], "a": [1, 2, 3, "4", 5]}, ["a"], "frame_or_arrays"),
    ],
)
def test_bad_driver_data_names_the_argument(
    data: dict[str, list[object]], drivers: list[str], argument: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        key_drivers(data, outcome="y", drivers=drivers)
    assert info.value.argument == argument


def test_outcome_among_the_drivers_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        key_drivers(_swiss(), outcome="Fertility", drivers=["Fertility", "Education"])
    assert info.value.argument == "drivers"


def test_key_drivers_result_helpers() -> None:
    k = key_drivers(_swiss(), outcome="Fertility", drivers=DRIVERS, method="shapley")
    assert isinstance(k, KeyDrivers)
    assert sum(k.relative().values()) == pytest.approx(1.0)
    assert set(k.ranking()) == set(DRIVERS)


# --- satisfaction and outcomes -------------------------------------------------------------


def test_link_matches_scipy_pearson_and_its_fisher_interval() -> None:
    rng = np.random.default_rng(8)
    csat = rng.integers(1, 6, 120).astype(float)
    spend = 10 * csat + rng.normal(0, 15, 120)
    link = satisfaction_outcome_link(csat, spend)
    ref = scipy.stats.pearsonr(csat, spend)
    ci = ref.confidence_interval(0.95)  # SciPy's interval is Fisher's too
    assert link.r == pytest.approx(ref.statistic)
    assert (link.low, link.high) == pytest.approx((ci.low, ci.high))
    assert link.n == 120


def test_link_spearman_matches_scipy() -> None:
    satisfaction = [1, 2, 2, 3, 4, 4, 5, 5, 5, 3]
    repurchased = [0, 0, 1, 0, 1, 1, 1, 1, 0, 1]
    link = satisfaction_outcome_link(satisfaction, repurchased, method="spearman")
    assert link.r == pytest.approx(scipy.stats.spearmanr(satisfaction, repurchased).statistic)
    assert link.low < link.r < link.high


def test_link_textbook_fisher_interval() -> None:
    # r = 0.5 with n = 50: z = atanh(0.5) = 0.5493, se = 1/sqrt(47) = 0.1459, 95%
    # interval tanh(0.5493 -/+ 1.96 * 0.1459) = (0.257, 0.683), Fisher (1921), the
    # worked example of every introductory statistics text.
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    e = rng.normal(size=50)
    x, e = x - x.mean(), e - e.mean()
    e = e - x * (x @ e) / (x @ x)
    x, e = (x - x.mean()) / x.std(), (e - e.mean()) / e.std()
    y = 0.5 * x + np.sqrt(0.75) * e
    link = satisfaction_outcome_link(x, y)
    assert link.r == pytest.approx(0.5, abs=1e-9)
    assert (round(link.low, 3), round(link.high, 3)) == (0.257, 0.683)


@pytest.mark.parametrize(
    ("satisfaction", "outcome", "argument"),
    [
        ([1, 2, 3], [0, 1, 1], "satisfaction"),  # fewer than 4 pairs
        ([3, 3, 3, 3, 3], [0, 1, 1, 0, 1], "satisfaction"),
        ([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], "outcome"),
        ([1, 2, 3, 4, 5], [1, 0, 1, 1], "outcome"),
    ],
)
def test_link_bad_input(satisfaction: list[int], outcome: list[int], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        satisfaction_outcome_link(satisfaction, outcome)
    assert info.value.argument == argument
