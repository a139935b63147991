"""NPS, CSAT, CES, the satisfaction index and disconfirmation."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.metrics import (
    NPSResult,
    ces,
    compare_nps,
    csat,
    disconfirmation,
    nps,
    nps_from_counts,
    satisfaction_index,
)

# --- NPS: definition and worked examples ------------------------------------------
# Reichheld (2003), "The one number you need to grow", Harvard Business Review 81(12):
# promoters answer 9-10, passives 7-8, detractors 0-6; NPS = % promoters - % detractors.


def test_nps_worked_example() -> None:
    # 200 answers: 90 promoters (45%), 70 passives, 40 detractors (20%): NPS = 25.
    scores = [10] * 50 + [9] * 40 + [8] * 40 + [7] * 30 + [6] * 20 + [0] * 20
    r = nps(scores)
    assert (r.promoters, r.passives, r.detractors, r.n) == (90, 70, 40, 200)
    assert r.score == 25.0
    # Standard error of a difference of two multinomial shares (Rocks 2016, The American
    # Statistician 70(4)): sqrt((0.45 + 0.20 - 0.25**2) / 200) = sqrt(0.5875 / 200)
    # = 0.054199... -> 5.4199 points; the 95% Wald interval 25 +/- 1.95996 * 5.4199.
    assert r.standard_error == pytest.approx(100 * math.sqrt(0.5875 / 200), rel=1e-12)
    low, high = r.confidence_interval(0.95)
    assert low == pytest.approx(25 - 1.959964 * 5.41987, abs=1e-3)
    assert high == pytest.approx(25 + 1.959964 * 5.41987, abs=1e-3)


def test_adjusted_wald_adds_three_quarters_of_a_promoter_and_a_detractor() -> None:
    # Rocks (2016) / Sauro & Lewis (MeasuringU): add 3/4 detractor, 3/2 passive and
    # 3/4 promoter. 10 answers, 9 promoters, 1 passive: p = 9.75/13, d = 0.75/13.
    r = nps_from_counts(detractors=0, passives=1, promoters=9)
    p, d = 9.75 / 13, 0.75 / 13
    centre = 100 * (p - d)
    half = 1.959964 * 100 * math.sqrt((p + d - (p - d) ** 2) / 13)
    low, high = r.confidence_interval(method="adjusted_wald")
    assert low == pytest.approx(centre - half, abs=1e-4)
    assert high == pytest.approx(min(100.0, centre + half), abs=1e-4)
    # The plain Wald interval of an all-promoter sample collapses to a point; the
    # adjusted one does not.
    assert nps([10, 9, 10]).confidence_interval() == (100.0, 100.0)
    assert nps([10, 9, 10]).confidence_interval(method="adjusted_wald")[0] < 100.0


def test_compare_nps_two_sample_z_test() -> None:
    a = nps_from_counts(detractors=10, passives=40, promoters=50)  # NPS 40, SE 6.633
    b = nps_from_counts(detractors=20, passives=40, promoters=40)  # NPS 20, SE 7.483
    c = compare_nps(a, b)
    se = math.hypot(100 * math.sqrt(0.44 / 100), 100 * math.sqrt(0.56 / 100))  # = 10.0
    assert c.difference == 20.0
    assert c.standard_error == pytest.approx(se)
    assert c.z == pytest.approx(2.0)
    assert c.p_value == pytest.approx(0.0455003, abs=1e-6)  # 2 * (1 - Phi(2))
    assert compare_nps([10, 9, 0], [10, 9, 0]).p_value == 1.0
    assert compare_nps([10, 10], [0, 0]).p_value == 0.0  # no variation in either group


def test_nps_inputs_of_every_kind_agree() -> None:
    data = [10, 9, 8, 7, 6, 5, 0, 10, 3, 9, 9]
    expected = nps(data)
    for kind in (
        tuple(data),
        np.array(data, dtype=np.int8),
        np.array(data, dtype=np.int64),
        np.array(data, dtype=np.uint8),
        np.array(data, dtype=float),
        pd.Series(data),
        pd.Series(data, dtype="Int64"),
        pl.Series(data),
        pl.Series(data, dtype=pl.Int8),
        [float(x) for x in data],
        [np.int64(x) for x in data],
    ):
        assert nps(kind) == expected, type(kind)


@pytest.mark.parametrize(
    "values",
    [
        [10, 9, None, 0],
        [10, 9, math.nan, 0],
        np.array([10, 9, np.nan, 0]),
        pd.Series([10, 9, None, 0], dtype="Int64"),
        pl.Series([10, 9, None, 0]),
    ],
    ids=["list-None", "list-nan", "array", "pandas-Int64", "polars"],
)
def test_nps_missing_values_follow_nan_policy(values: object) -> None:
    with pytest.raises(ValueError, match=r"scores=<1 missing of 4>.*nan_policy"):
        nps(values)
    assert nps(values, nan_policy="omit") == nps([10, 9, 0])
    propagated = nps(values, nan_policy="propagate")
    assert math.isnan(propagated.score)
    assert math.isnan(propagated.standard_error)
    assert all(math.isnan(x) for x in propagated.confidence_interval())


def test_weighted_nps() -> None:
    # Weighting the detractor twice: P = 2, D = 2 of total weight 5 -> NPS 0.
    r = nps([10, 9, 8, 0], weights=[1, 1, 1, 2])
    assert (r.promoters, r.passives, r.detractors, r.n) == (2.0, 1.0, 2.0, 4)
    assert r.score == 0.0
    assert r.effective_n == pytest.approx(25 / 7)  # Kish: (sum w)^2 / sum w^2


def test_weights_skip_missing_scores_with_omit() -> None:
    r = nps(np.array([10, np.nan, 0]), weights=[3, 100, 1], nan_policy="omit")
    assert (r.promoters, r.detractors, r.n) == (3.0, 1.0, 2)


# --- NPS properties -----------------------------------------------------------------

score_lists = st.lists(st.integers(0, 10), min_size=1, max_size=300)


@given(score_lists)
def test_nps_is_bounded_and_is_100_p_minus_d_over_n(scores: list[int]) -> None:
    r = nps(scores)
    p = sum(s >= 9 for s in scores)
    d = sum(s <= 6 for s in scores)
    assert -100.0 <= r.score <= 100.0
    assert r.score == pytest.approx(100 * (p - d) / len(scores))
    assert r.promoters + r.passives + r.detractors == r.n == len(scores)


@given(score_lists, st.randoms(use_true_random=False))
def test_nps_ignores_order(scores: list[int], rnd: random.Random) -> None:
    shuffled = scores[:]
    rnd.shuffle(shuffled)
    assert nps(shuffled) == nps(scores)
    assert nps(np.array(shuffled)) == nps(scores)


@given(score_lists)
def test_all_ones_weights_equal_no_weights(scores: list[int]) -> None:
    plain = nps(scores)
    weighted = nps(scores, weights=[1.0] * len(scores))
    assert weighted.score == pytest.approx(plain.score)
    assert weighted.standard_error == pytest.approx(plain.standard_error)
    assert weighted.n == plain.n


@given(score_lists, st.sampled_from(["wald", "adjusted_wald"]), st.floats(0.5, 0.999))
def test_interval_is_within_bounds_and_wald_contains_the_estimate(
    scores: list[int], method: str, level: float
) -> None:
    r = nps(scores)
    low, high = r.confidence_interval(level, method=method)  # type: ignore[arg-type]
    assert -100.0 <= low <= high <= 100.0
    if method == "wald":
        assert low <= r.score <= high


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.integers(2, 20))
def test_interval_narrows_as_n_grows(d: int, pa: int, p: int, k: int) -> None:
    assume(d + pa + p > 0)
    small = nps_from_counts(detractors=d, passives=pa, promoters=p)
    large = nps_from_counts(detractors=d * k, passives=pa * k, promoters=p * k)  # k times
    assert large.score == pytest.approx(small.score)
    s_low, s_high = small.confidence_interval()
    l_low, l_high = large.confidence_interval()
    assert l_high - l_low <= s_high - s_low + 1e-9


# --- CSAT and CES --------------------------------------------------------------------


def test_csat_top_two_box() -> None:
    # 10 answers on 1-5: six 4s and 5s -> CSAT 60%; mean 3.6.
    r = csat([5, 5, 4, 4, 4, 4, 3, 2, 2, 3])
    assert (r.score, r.mean, r.n) == (60.0, 3.6, 10)


def test_csat_other_scales_and_boxes() -> None:
    r = csat([10, 9, 8, 3], scale=10, satisfied=(9, 10))
    assert r.score == 50.0
    assert csat([5, 4, 3], satisfied=(5,)).score == pytest.approx(100 / 3)


def test_ces_seven_point_agreement() -> None:
    # CES 2.0: share answering 5-7 ("somewhat agree" or more) that it was easy.
    r = ces([7, 7, 6, 5, 4, 3, 2, 1])
    assert (r.score, r.mean, r.n) == (50.0, 4.375, 8)
    assert ces([5, 4, 3, 2], scale=5).score == 50.0  # 5 and 4 are above the midpoint 3


def test_csat_and_ces_nan_policy() -> None:
    assert csat([5, None, 4], nan_policy="omit") == csat([5, 4])
    assert math.isnan(ces([5, None, 4], nan_policy="propagate").mean)


# --- satisfaction index and disconfirmation ------------------------------------------


def test_satisfaction_index_rescales_each_item() -> None:
    # ACSI (Fornell et al. 1996): 10-point items rescaled to 0-100 by (x - 1) / 9 * 100.
    assert satisfaction_index([1, 10]) == 50.0
    assert satisfaction_index([7.3]) == pytest.approx(70.0)
    assert satisfaction_index([4.0, 5.0], scale=(1, 5)) == pytest.approx(87.5)


def test_satisfaction_index_weights_are_normalised() -> None:
    a = satisfaction_index([8.2, 7.6, 9.1], weights=[50, 30, 20])
    b = satisfaction_index([8.2, 7.6, 9.1], weights=[0.5, 0.3, 0.2])
    assert a == pytest.approx(b) == pytest.approx(80.0)


def test_disconfirmation() -> None:
    r = disconfirmation([6.5, 4.0, 5.0], [5.0, 5.0, 5.0])
    assert r.gaps.tolist() == [1.5, -1.0, 0.0]
    assert r.mean_gap == pytest.approx(1 / 6)
    omitted = disconfirmation([6.0, None, 5.0], [5.0, 5.0, 6.0], nan_policy="omit")
    assert omitted.mean_gap == 0.0


def test_results_are_frozen_and_export_dicts() -> None:
    r = nps([10, 0])
    assert isinstance(r, NPSResult)
    with pytest.raises(AttributeError):
        r.score = 3.0  # type: ignore[misc]
    assert r.to_dict()["score"] == 0.0
    assert "score=0" in repr(r)


# --- behaviour fixed by the contracts issue ---------------------------------------------


def test_csat_counts_the_top_two_boxes_of_any_scale() -> None:
    # Top-two-box: on a 10-point scale 9 and 10 are satisfied (before, 4 and 5 were,
    # so csat([9, 10, 10, 7], scale=10) reported 0).
    assert csat([9, 10, 10, 7], scale=10).score == 75.0
    assert csat([3, 2, 3], scale=3).score == pytest.approx(100 * 3 / 3)
    assert csat([9, 10, 10, 7], scale=10, satisfied=(10,)).score == 50.0


def test_booleans_are_never_scores() -> None:
    # nps([True, 9, 10]) used to count True as a detractor (score 0 -> 1 of 3).
    for call in (lambda: nps([True, 9, 10]), lambda: csat([True, 5]), lambda: ces([False, 7])):
        with pytest.raises(InvalidInputError, match="booleans"):
            call()


def test_zero_division_gives_the_chosen_value() -> None:
    with pytest.raises(InvalidInputError, match="zero_division"):
        nps([None], nan_policy="omit")
    assert nps([None], nan_policy="omit", zero_division=0.0).score == 0.0
    assert math.isnan(csat([], zero_division=math.nan).score)
    assert ces([], zero_division=0.0).n == 0


def test_compare_nps_applies_the_nan_policy() -> None:
    with pytest.raises(InvalidInputError, match="missing"):
        compare_nps([10, None], [0, 9])
    assert compare_nps([10, None], [10], nan_policy="omit").difference == 0.0


def test_csat_and_ces_list_their_fields_in_the_same_order() -> None:
    assert list(csat([5]).to_dict()) == list(ces([7]).to_dict()) == ["score", "mean", "n"]
