"""The Kano model and SERVQUAL."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit.metrics import (
    SERVQUAL_DIMENSIONS,
    KanoAnswer,
    KanoCategory,
    kano,
    kano_category,
    kano_from_counts,
    kano_scores,
    servqual,
)

# Berger et al. (1993), "Kano's methods for understanding customer-defined quality",
# Center for Quality of Management Journal 2(4): the evaluation table, functional answer
# by row, dysfunctional by column (like, must-be, neutral, live-with, dislike).
BERGER_TABLE = """
like      Q A A A O
must_be   R I I I M
neutral   R I I I M
live_with R I I I M
dislike   R R R R Q
"""


def test_evaluation_table_is_bergers() -> None:
    columns = ["like", "must_be", "neutral", "live_with", "dislike"]
    for line in BERGER_TABLE.strip().splitlines():
        functional, *cells = line.split()
        for dysfunctional, cell in zip(columns, cells, strict=True):
            assert kano_category(functional, dysfunctional) == KanoCategory(cell)
            assert kano_category(KanoAnswer(functional), KanoAnswer(dysfunctional)) == cell


def test_kano_counts_better_worse() -> None:
    # Better = (A + O) / (A + O + M + I), Worse = -(O + M) / (A + O + M + I) (Berger 1993).
    r = kano_from_counts({"A": 12, "O": 8, "M": 25, "I": 5, "R": 1, "Q": 1})
    assert r.n == 52
    assert r.category == KanoCategory.M
    assert r.better == pytest.approx(20 / 50)
    assert r.worse == pytest.approx(-33 / 50)


def test_fongs_test() -> None:
    # Fong (1996): |a - b| < 1.65 sqrt((a + b)(2n - a - b) / 2n) -> not significant.
    # a = 25 (M), b = 12 (A), n = 52: 1.65 * sqrt(37 * 67 / 104) = 8.05; 13 >= 8.05.
    assert kano_from_counts({"A": 12, "O": 8, "M": 25, "I": 5, "R": 1, "Q": 1}).significant
    # a = 20, b = 18, n = 50: 1.65 * sqrt(38 * 62 / 100) = 8.01; 2 < 8.01.
    assert not kano_from_counts({"A": 20, "O": 18, "M": 2, "I": 10}).significant


def test_categories_within_five_points_are_decided_by_m_o_a_i() -> None:
    # A 20 and O 18 of 50 are 4 points apart: O outranks A.
    assert kano_from_counts({"A": 20, "O": 18, "M": 2, "I": 10}).category == KanoCategory.O
    # I 20 and M 17 of 50 are 6 points apart: the most frequent, I, stands.
    assert kano_from_counts({"I": 20, "M": 17, "A": 13}).category == KanoCategory.I
    # Exactly 5 points (I 20, M 15 of 100): within, so M.
    assert kano_from_counts({"I": 20, "M": 15, "A": 65 - 50, "O": 50}).category == "O"
    assert kano_from_counts({"I": 40, "M": 35, "A": 25}).category == KanoCategory.M


def test_kano_from_pairs_matches_counts() -> None:
    pairs = [("like", "dislike")] * 3 + [("neutral", "dislike")] * 2 + [("like", "neutral")]
    r = kano(pairs)
    assert r.counts[KanoCategory.O] == 3
    assert r.counts[KanoCategory.M] == 2
    assert r.counts[KanoCategory.A] == 1
    assert r == kano_from_counts({"O": 3, "M": 2, "A": 1})


@given(st.lists(st.tuples(st.sampled_from(KanoAnswer), st.sampled_from(KanoAnswer)), min_size=1))
def test_kano_invariants(pairs: list[tuple[KanoAnswer, KanoAnswer]]) -> None:
    classified = [kano_category(f, d) for f, d in pairs]
    if not any(c in "AOMI" for c in classified):
        return  # better/worse are undefined; covered by the bad-input test
    r = kano(pairs)
    assert sum(r.counts.values()) == r.n == len(pairs)
    assert 0.0 <= r.better <= 1.0
    assert -1.0 <= r.worse <= 0.0
    assert r.counts[r.category] >= max(r.counts.values()) - 0.05 * r.n


def test_continuous_kano_scores() -> None:
    # Berger et al. (1993) asymmetric scale: functional like 4, must-be 2, neutral 0,
    # live-with -1, dislike -2; dysfunctional like -2, must-be -1, neutral 0,
    # live-with 2, dislike 4.
    s = kano_scores(
        ["like", "like", "neutral", "dislike"], ["dislike", "live_with", "dislike", "like"]
    )
    assert s.functional == pytest.approx((4 + 4 + 0 - 2) / 4)
    assert s.dysfunctional == pytest.approx((4 + 2 + 4 - 2) / 4)
    assert s.functional_sd == pytest.approx(np.std([4, 4, 0, -2], ddof=1))
    assert s.n == 4
    assert s.importance is None
    assert kano_scores(["like"], ["dislike"], importance=[7]).importance == 7.0
    assert math.isnan(kano_scores(["like"], ["dislike"]).functional_sd)


# --- SERVQUAL ----------------------------------------------------------------------
# Parasuraman, Zeithaml & Berry (1988), Journal of Retailing 64(1): 22 items in five
# dimensions: 1-4 tangibles, 5-9 reliability, 10-13 responsiveness, 14-17 assurance,
# 18-22 empathy. Gap = perception - expectation.


def test_dimensions_are_the_22_items() -> None:
    items = [i for dim in SERVQUAL_DIMENSIONS.values() for i in dim]
    assert items == list(range(1, 23))
    assert list(SERVQUAL_DIMENSIONS) == [
        "tangibles",
        "reliability",
        "responsiveness",
        "assurance",
        "empathy",
    ]


def test_servqual_respondent_rows() -> None:
    e = np.full((2, 22), 6.0)
    p = np.full((2, 22), 6.0)
    p[0, :4] = 4.0  # respondent 1: tangibles 2 short
    p[1, 4:9] = 3.0  # respondent 2: reliability 3 short
    r = servqual(e, p)
    assert r.item_gaps.shape == (22,)
    assert r.dimension_gaps == {
        "tangibles": -1.0,
        "reliability": -1.5,
        "responsiveness": 0.0,
        "assurance": 0.0,
        "empathy": 0.0,
    }
    assert r.score == pytest.approx(-0.5)
    assert r.weighted_score is None


def test_servqual_weights_100_points_or_fractions() -> None:
    e = [6.0] * 22
    p = [5.0] * 4 + [4.0] * 5 + [6.0] * 4 + [6.5] * 4 + [5.5] * 5
    points = {
        "tangibles": 10,
        "reliability": 30,
        "responsiveness": 25,
        "assurance": 20,
        "empathy": 15,
    }
    fractions = {k: v / 100 for k, v in points.items()}
    a, b = servqual(e, p, weights=points), servqual(e, p, weights=fractions)
    # -1 * .10 - 2 * .30 + 0 * .25 + .5 * .20 - .5 * .15 = -0.675
    assert a.weighted_score == pytest.approx(-0.675)
    assert b.weighted_score == pytest.approx(-0.675)


def test_servqual_takes_a_data_frame_and_omits_missing_ratings() -> None:
    e = pd.DataFrame(np.full((3, 22), 6.0))
    p = pd.DataFrame(np.full((3, 22), 5.0))
    p.iloc[0, 0] = np.nan
    with pytest.raises(ValueError, match="perceptions"):
        servqual(e, p)
    r = servqual(e, p, nan_policy="omit")
    assert r.item_gaps[0] == -1.0
    assert math.isnan(servqual(e, p, nan_policy="propagate").dimension_gaps["tangibles"])
