"""Mystery shopping: weighted checklist scores with critical items, and the visit plan."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.metrics import mystery_shopper_plan, mystery_shopper_scores

CHECKLIST = {
    "item": ["greet", "smile", "answer", "upsell", "safety"],
    "section": ["welcome", "welcome", "help", "help", "help"],
    "weight": [1.0, 1.0, 3.0, 1.0, 2.0],
    "critical": [False, False, False, False, True],
}


def _visits(rows: list[tuple[str, str, str, str, float | None]]) -> dict[str, list[object]]:
    cols = ("visit", "site", "period", "item", "score")
    return {c: [r[i] for r in rows] for i, c in enumerate(cols)}


VISITS = _visits(
    [
        ("v1", "north", "2026-03", "greet", 1.0),
        ("v1", "north", "2026-03", "smile", 0.0),
        ("v1", "north", "2026-03", "answer", 1.0),
        ("v1", "north", "2026-03", "upsell", 0.0),
        ("v1", "north", "2026-03", "safety", 1.0),
        ("v2", "south", "2026-03", "greet", 1.0),
        ("v2", "south", "2026-03", "smile", 1.0),
        ("v2", "south", "2026-03", "answer", 1.0),
        ("v2", "south", "2026-03", "upsell", 1.0),
        ("v2", "south", "2026-03", "safety", 0.0),  # a critical failure
        ("v3", "north", "2026-04", "greet", 1.0),
        ("v3", "north", "2026-04", "answer", 0.5),
        ("v3", "north", "2026-04", "upsell", None),  # not applicable
        ("v3", "north", "2026-04", "safety", 1.0),
    ]
)


def test_scores_by_hand() -> None:
    r = mystery_shopper_scores(VISITS, CHECKLIST)
    assert r.visit == ("v1", "v2", "v3")
    assert r.sections == ("help", "welcome")
    # v1: help (3 + 0 + 2) / 6 = 83.33, welcome 1/2 = 50; weighted by 6 and 2
    # v2: help zeroed by the failed critical item, welcome 100
    # v3: help (1.5 + 2) / 5 = 70 (upsell not applicable), welcome 1/1 = 100
    np.testing.assert_allclose(r.section_scores, [[500 / 6, 50.0], [0.0, 100.0], [70.0, 100.0]])
    np.testing.assert_allclose(r.score, [75.0, 25.0, 75.0])
    assert r.site == ("north", "south", "north")
    assert dict(r.by_site) == {"north": 75.0, "south": 25.0}
    assert dict(r.by_period) == {"2026-03": 50.0, "2026-04": 75.0}


@pytest.mark.parametrize("kind", ["pandas", "polars", "polars-lazy"])
def test_frames_give_the_same_scores(kind: str) -> None:
    make = {
        "pandas": pd.DataFrame,
        "polars": lambda d: pl.DataFrame(d, strict=False),
        "polars-lazy": lambda d: pl.DataFrame(d, strict=False).lazy(),
    }[kind]
    expected = mystery_shopper_scores(VISITS, CHECKLIST)
    assert mystery_shopper_scores(make(VISITS), make(CHECKLIST)) == expected


def test_a_section_without_critical_column_is_never_zeroed() -> None:
    checklist = {k: v for k, v in CHECKLIST.items() if k != "critical"}
    r = mystery_shopper_scores(VISITS, checklist)
    assert r.section_scores[1, 0] == pytest.approx(100 * 4 / 6)


@settings(max_examples=50)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=5, max_size=5))
def test_scores_are_between_0_and_100(scores: list[float]) -> None:
    pairs = zip(CHECKLIST["item"], scores, strict=True)
    visits = _visits([("v", "s", "p", item, x) for item, x in pairs])
    r = mystery_shopper_scores(visits, CHECKLIST)
    assert 0.0 <= r.score[0] <= 100.0
    if scores[4] < 1:  # the critical item failed: its whole section is 0
        assert r.section_scores[0, 0] == 0.0
    if all(x == 1.0 for x in scores):
        assert r.score[0] == 100.0


@pytest.mark.parametrize(
    ("change", "argument"),
    [
        (("checklist", "weight", [1.0, 0.0, 3.0, 1.0, 2.0]), "checklist"),  # weight not > 0
        (("checklist", "weight", [1.0, -1.0, 3.0, 1.0, 2.0]), "checklist"),
        (("checklist", "item", ["greet", "greet", "answer", "upsell", "safety"]), "checklist"),
        (("visits", "item", ["nope", *VISITS["item"][1:]]), "visits"),  # not in the checklist
        (("visits", "item", [7] * len(VISITS["item"])), "visits"),  # another type
        (("visits", "score", [1.5, *VISITS["score"][1:]]), "visits"),
        (("visits", "site", ["east", *VISITS["site"][1:]]), "visits"),  # a visit at two sites
        (("visits", "score", [True] * len(VISITS["score"])), "visits"),
    ],
)
def test_bad_input_names_the_argument(change: tuple[str, str, list[object]], argument: str) -> None:
    which, column, values = change
    visits, checklist = dict(VISITS), dict(CHECKLIST)
    (visits if which == "visits" else checklist)[column] = values
    with pytest.raises(InvalidInputError) as info:
        mystery_shopper_scores(visits, checklist)
    assert info.value.argument == argument


def test_missing_column_and_empty_visits() -> None:
    with pytest.raises(InvalidInputError, match="'score'"):
        mystery_shopper_scores({k: v for k, v in VISITS.items() if k != "score"}, CHECKLIST)
    with pytest.raises(InvalidInputError) as info:
        mystery_shopper_scores({k: [] for k in VISITS}, CHECKLIST)
    assert info.value.argument == "visits"
    with pytest.raises(InvalidInputError) as info:
        mystery_shopper_scores(VISITS, {k: [] for k in CHECKLIST})
    assert info.value.argument == "checklist"


# --- the plan -------------------------------------------------------------------------------

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def test_plan_is_reproducible_and_seed_dependent() -> None:
    a = mystery_shopper_plan(["s1", "s2"], visits_per_site=4, period=MARCH, seed=42)
    assert a == mystery_shopper_plan(["s1", "s2"], visits_per_site=4, period=MARCH, seed=42)
    assert a != mystery_shopper_plan(["s1", "s2"], visits_per_site=4, period=MARCH, seed=43)


@settings(max_examples=100)
@given(
    n_sites=st.integers(1, 20),
    k=st.integers(1, 31),
    days=st.integers(1, 120),
    seed=st.integers(0, 2**32),
)
def test_plan_spreads_distinct_days_over_the_period(
    n_sites: int, k: int, days: int, seed: int
) -> None:
    if k > days:
        return
    first = date(2026, 1, 1)
    last = date.fromordinal(first.toordinal() + days - 1)
    sites = [f"site-{i}" for i in range(n_sites)]
    plan = mystery_shopper_plan(sites, visits_per_site=k, period=(first, last), seed=seed)
    assert len(plan.visit) == n_sites * k
    assert len(set(plan.visit)) == len(plan.visit)  # codes unique
    assert np.all(np.diff(plan.day.astype(np.int64)) >= 0)  # sorted by day
    assert plan.day.min() >= np.datetime64(first)
    assert plan.day.max() <= np.datetime64(last)
    for site in sites:
        mine = np.sort(plan.day[np.array(plan.site) == site].astype(np.int64))
        assert mine.size == k
        assert np.unique(mine).size == k  # never two visits to a site on one day
        # spread: visit i falls in the i-th of k equal stretches of the period
        start = np.datetime64(first).astype(np.int64)
        bounds = start + (np.arange(k + 1) * days) // k
        assert np.all((mine >= bounds[:-1]) & (mine < bounds[1:]))


def test_plan_codes_reveal_nothing() -> None:
    plan = mystery_shopper_plan(["north", "south"], visits_per_site=3, period=MARCH, seed=1)
    for code, site in zip(plan.visit, plan.site, strict=True):
        assert site not in code
        assert len(code) == 10


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"visits_per_site": 32}, "visits_per_site"),  # more visits than days
        ({"visits_per_site": 0}, "visits_per_site"),
        ({"period": (date(2026, 3, 31), date(2026, 3, 1))}, "period"),
        ({"period": (datetime(2026, 3, 1), datetime(2026, 3, 9))}, "period"),
    ],
)
def test_plan_bad_input(kwargs: dict[str, object], argument: str) -> None:
    options: dict[str, object] = {"visits_per_site": 2, "period": MARCH, "seed": 1}
    options.update(kwargs)
    with pytest.raises(InvalidInputError) as info:
        mystery_shopper_plan(["a"], **options)
    assert info.value.argument == argument


def test_plan_refuses_repeated_sites() -> None:
    with pytest.raises(InvalidInputError) as info:
        mystery_shopper_plan(["a", "a"], visits_per_site=1, period=MARCH, seed=1)
    assert info.value.argument == "sites"
