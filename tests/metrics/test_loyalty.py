"""Retention, churn, repurchase, CLV and the BG/NBD model against published values."""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.metrics import (
    BGNBD,
    churn_rate,
    customer_lifetime_value,
    fit_bgnbd,
    repurchase_rate,
    retention_rate,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def _cdnow() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with (DATA / "cdnow_customers_summary.csv").open() as f:
        rows = list(csv.DictReader(f))
    return (
        np.array([int(r["frequency"]) for r in rows]),
        np.array([float(r["recency"]) for r in rows]),
        np.array([float(r["T"]) for r in rows]),
    )


@pytest.fixture(scope="module")
def cdnow_model() -> BGNBD:
    return fit_bgnbd(*_cdnow())


# --- retention and churn -------------------------------------------------------------------


def test_retention_textbook_example() -> None:
    # The customer retention rate ((E - N) / S): 200 customers at the start, 180 at
    # the end of which 40 are new: 140 of 200 kept, 70% (the worked example in
    # Farris et al., Marketing Metrics, ch. 5, and in every CRM primer).
    assert retention_rate(200, 180, 40) == pytest.approx(0.70)
    assert churn_rate(200, 180, 40) == pytest.approx(0.30)


def test_retention_arrays_and_zero_division() -> None:
    out = retention_rate([100, 0, 50], [90, 10, 50], [10, 10, 0], zero_division=math.nan)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [0.8, math.nan, 1.0])
    churn = churn_rate([100, 0], [90, 10], [10, 10], zero_division=0.0)
    np.testing.assert_allclose(churn, [0.2, 0.0])


@given(
    start=st.integers(0, 10_000),
    kept_share=st.floats(0, 1),
    new=st.integers(0, 10_000),
)
def test_retention_and_churn_add_up_to_one(start: int, kept_share: float, new: int) -> None:
    kept = int(start * kept_share)
    r = retention_rate(start, kept + new, new, zero_division=1.0)
    c = churn_rate(start, kept + new, new, zero_division=0.0)
    assert 0.0 <= r <= 1.0
    assert r + c == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ((100, 50, 60), "new"),  # more new customers than customers at the end
        ((100, 200, 50), "end"),  # more kept than there were
        ((0, 0, 0), "start"),  # nobody to retain
        ((-1, 0, 0), "start"),
        ((100, 50.5, 0), "end"),
    ],
)
def test_retention_bad_input_names_the_argument(args: tuple[float, ...], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        retention_rate(*args)
    assert info.value.argument == argument


def test_repurchase_rate() -> None:
    assert repurchase_rate([1, 2, 5, 0, 1]) == 0.5
    assert repurchase_rate([0, 0], zero_division=0.0) == 0.0
    with pytest.raises(InvalidInputError, match="no buyers"):
        repurchase_rate([0, 0])
    with pytest.raises(InvalidInputError) as info:
        repurchase_rate([1, -2])
    assert info.value.argument == "purchases"


# --- customer lifetime value ------------------------------------------------------------


@pytest.mark.parametrize(
    ("retention", "multiple"),
    # Gupta and Lehmann (2003), "Customers as assets", J. Interactive Marketing 17(1),
    # Table 1: margin multiples r / (1 + i - r) at a 12% discount rate.
    [(0.6, 1.15), (0.7, 1.67), (0.8, 2.50), (0.9, 4.09)],
)
def test_clv_margin_multiples_published(retention: float, multiple: float) -> None:
    assert customer_lifetime_value(1.0, retention, 0.12) == pytest.approx(multiple, abs=0.005)


def test_clv_finite_horizon_is_the_discounted_sum() -> None:
    m, r, i, n = 120.0, 0.85, 0.1, 7
    brute = sum(m * r**t / (1 + i) ** t for t in range(1, n + 1)) - 30.0
    got = customer_lifetime_value(m, r, i, periods=n, acquisition_cost=30.0)
    assert got == pytest.approx(brute)
    # the finite sums approach the infinite-horizon value
    far = customer_lifetime_value(m, r, i, periods=2000)
    assert far == pytest.approx(customer_lifetime_value(m, r, i))


def test_clv_broadcasts_and_refuses_certain_retention() -> None:
    out = customer_lifetime_value([100.0, 200.0], 0.8, 0.12)
    np.testing.assert_allclose(out, [250.0, 500.0])
    with pytest.raises(InvalidInputError) as info:
        customer_lifetime_value(100.0, 1.0, 0.12)
    assert info.value.argument == "retention"
    with pytest.raises(InvalidInputError) as info:
        customer_lifetime_value([1.0, 2.0], [0.5, 0.5, 0.5], 0.1)
    assert info.value.argument == "retention"


# --- BG/NBD --------------------------------------------------------------------------------


def test_bgnbd_reproduces_the_published_cdnow_estimates(cdnow_model: BGNBD) -> None:
    # Fader, Hardie and Lee (2005), "Counting your customers the easy way",
    # Marketing Science 24(2), 275-284: r = 0.243, alpha = 4.414, a = 0.793,
    # b = 2.426 on the CDNOW data (2,357 customers, weeks); log-likelihood
    # -9582.4 (Hardie's note 004, http://brucehardie.com/notes/004/).
    m = cdnow_model
    assert m.n == 2357
    for got, published in ((m.r, 0.243), (m.alpha, 4.414), (m.a, 0.793), (m.b, 2.426)):
        assert float(f"{got:.3g}") == pytest.approx(float(f"{published:.3g}"))
    assert m.r == pytest.approx(0.2426, abs=5e-4)
    assert m.alpha == pytest.approx(4.4135, abs=5e-3)
    assert m.a == pytest.approx(0.7929, abs=5e-4)
    assert m.b == pytest.approx(2.4258, abs=5e-3)
    assert m.log_likelihood == pytest.approx(-9582.43, abs=0.01)


def test_bgnbd_conditional_expectation_published(cdnow_model: BGNBD) -> None:
    # CDNOW customer 1 (x = 2, t_x = 30.43, T = 38.86): 1.226 expected purchases in
    # the next 39 weeks (Hardie's note 004, and the lifetimes documentation's
    # conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86)).
    got = cdnow_model.expected_purchases(39, frequency=[2], recency=[30.43], age=[38.86])
    assert got[0] == pytest.approx(1.226, abs=5e-4)
    # P(alive) for the same customer (Hardie's note 021 formula; lifetimes gives 0.727)
    alive = cdnow_model.probability_alive(frequency=[2], recency=[30.43], age=[38.86])
    assert alive[0] == pytest.approx(0.727, abs=5e-4)


def test_bgnbd_defaults_to_the_fitted_customers(cdnow_model: BGNBD) -> None:
    x, tx, t = _cdnow()
    alive = cdnow_model.probability_alive()
    assert alive.shape == (2357,)
    np.testing.assert_allclose(alive, cdnow_model.probability_alive(frequency=x, recency=tx, age=t))
    expected = cdnow_model.expected_purchases(39)
    assert expected.shape == (2357,)
    assert expected.min() >= 0
    assert np.all(cdnow_model.expected_purchases(78) >= expected)
    # a customer who has not bought for a long time is the silent-churn suspect
    assert alive[(x >= 5) & (t - tx > 30)].max() < 0.2


def test_bgnbd_expected_purchases_new_customer(cdnow_model: BGNBD) -> None:
    assert cdnow_model.expected_purchases_new(0.0) == pytest.approx(0.0, abs=1e-12)
    values = cdnow_model.expected_purchases_new([13.0, 26.0, 39.0])
    assert isinstance(values, np.ndarray)
    assert np.all(np.diff(values) > 0)


@settings(max_examples=200)
@given(
    x=st.integers(0, 50),
    age=st.floats(0.1, 200.0),
    share=st.floats(0.0, 1.0),
    r=st.floats(0.05, 5),
    alpha=st.floats(0.1, 50),
    a=st.floats(0.05, 5),
    b=st.floats(0.05, 10),
)
def test_probability_alive_is_a_probability(
    x: int, age: float, share: float, r: float, alpha: float, a: float, b: float
) -> None:
    age = max(age, float(x))  # at most one repeat purchase per time unit
    recency = 0.0 if x == 0 else max(share * age, 1e-6)
    p = BGNBD(r, alpha, a, b).probability_alive(frequency=[x], recency=[recency], age=[age])
    assert 0.0 <= p[0] <= 1.0
    if x == 0:
        assert p[0] == 1.0
    # a customer who just bought (recency == age) is more likely alive than one who did
    # not buy for a while
    if x > 0:
        just = BGNBD(r, alpha, a, b).probability_alive(frequency=[x], recency=[age], age=[age])
        assert just[0] >= p[0] - 1e-12


def test_probability_alive_is_one_for_a_customer_who_just_bought_once() -> None:
    m = BGNBD(0.243, 4.414, 0.793, 2.426)
    assert m.probability_alive(frequency=[0], recency=[0.0], age=[0.5])[0] == 1.0


def test_bgnbd_fit_recovers_simulated_parameters() -> None:
    # Simulate the model itself and refit: the estimates come back close.
    rng = np.random.default_rng(5)
    n, age = 20_000, 52.0
    lam = rng.gamma(0.5, 1 / 5.0, n)  # r = 0.5, alpha = 5
    p = rng.beta(1.0, 3.0, n)  # a = 1, b = 3
    x = np.zeros(n, dtype=np.int64)
    tx = np.zeros(n)
    t = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():  # vectorised over customers, one purchase step at a time
        t = t + rng.exponential(1 / lam)
        buy = alive & (t <= age)
        x[buy] += 1
        tx[buy] = t[buy]
        alive = buy & (rng.random(n) >= p)
    m = fit_bgnbd(x, tx, np.full(n, age))
    assert m.r == pytest.approx(0.5, rel=0.15)
    assert m.alpha == pytest.approx(5.0, rel=0.2)
    assert m.a == pytest.approx(1.0, rel=0.3)
    assert m.b == pytest.approx(3.0, rel=0.3)


@pytest.mark.parametrize(
    ("frequency", "recency", "age", "argument"),
    [
        ([], [], [], "frequency"),  # no customers
        ([1, 2], [3.0, 50.0], [40.0, 40.0], "recency"),  # last purchase after the age
        ([12], [3.0], [5.0], "frequency"),  # more repeat purchases than time units
        ([0], [2.0], [10.0], "recency"),  # recency without a repeat purchase
        ([2], [0.0], [10.0], "recency"),  # repeat purchases without a recency
        ([1], [1.0, 2.0], [10.0], "recency"),  # lengths differ
        ([1], [1.0], [10.0, 3.0], "age"),
        ([1.5], [1.0], [10.0], "frequency"),
        ([-1], [0.0], [10.0], "frequency"),
        ([1], [1.0], [0.0], "age"),
    ],
)
def test_bgnbd_bad_input_names_the_argument(
    frequency: list[float], recency: list[float], age: list[float], argument: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd(frequency, recency, age)
    assert info.value.argument == argument


def test_bgnbd_partial_history_is_refused(cdnow_model: BGNBD) -> None:
    with pytest.raises(InvalidInputError) as info:
        cdnow_model.probability_alive(frequency=[1], recency=[2.0])
    assert info.value.argument == "age"


def test_bgnbd_without_scipy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(ImportError, match=r"servicekit\[loyalty\]"):
        fit_bgnbd([1, 0], [2.0, 0.0], [5.0, 5.0])


def test_bgnbd_result_keeps_the_protocol(cdnow_model: BGNBD) -> None:
    assert "frequency" not in repr(cdnow_model)
    assert cdnow_model.frequency.flags.writeable is False
    assert cdnow_model == fit_bgnbd(*_cdnow())
