"""rfm and cohort_retention on pandas and polars, eager and lazy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.frames import cohort_retention, rfm

UTC = timezone.utc
NOW = datetime(2026, 4, 1, tzinfo=UTC)
PURCHASES = {
    "customer": ["a", "a", "b", "c", "c", "c", "d", "e"],
    "at": [
        datetime(2026, 1, 5, tzinfo=UTC),
        datetime(2026, 3, 20, tzinfo=UTC),
        datetime(2026, 1, 2, tzinfo=UTC),
        datetime(2026, 2, 10, tzinfo=UTC),
        datetime(2026, 3, 25, tzinfo=UTC),
        datetime(2026, 3, 28, tzinfo=UTC),
        datetime(2026, 3, 30, tzinfo=UTC),
        datetime(2026, 2, 1, tzinfo=UTC),
    ],
    "amount": [20.0, 35.0, 500.0, 10.0, 15.0, 12.5, 60.0, 5.0],
}
KINDS = ["pandas", "polars", "polars-lazy"]


def _frame(kind: str, data: dict[str, list[Any]]) -> Any:
    if kind == "pandas":
        return pd.DataFrame(data)
    frame = pl.DataFrame(data)
    return frame.lazy() if kind == "polars-lazy" else frame


def _rows(out: Any) -> list[tuple[Any, ...]]:
    if isinstance(out, pl.LazyFrame):
        out = out.collect()
    if isinstance(out, pl.DataFrame):
        return out.rows()
    return [tuple(r) for r in out.astype(object).itertuples(index=False)]


def _rfm(frame: Any, **kw: Any) -> Any:
    return rfm(frame, customer="customer", at="at", amount="amount", now=NOW, **kw)


# --- rfm ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_rfm_by_hand(kind: str) -> None:
    out = _rfm(_frame(kind, PURCHASES))
    assert type(out) is type(_frame(kind, PURCHASES))  # the caller's kind of frame back
    rows = {r[0]: r for r in _rows(out)}
    assert list(rows) == ["a", "b", "c", "d", "e"]
    # recency in days to NOW, purchases, spend
    assert rows["a"][1:4] == (12.0, 2, 55.0)
    assert rows["b"][1:4] == (89.0, 1, 500.0)
    assert rows["c"][1:4] == (4.0, 3, 37.5)
    # 5 customers, 5 bins: ranks 1..5 give scores 1..5; frequency ties (b, d, e bought
    # once) share their mean rank, 2, and so score floor((2 - 1/2) * 5 / 5) + 1 = 2
    assert {k: r[4] for k, r in rows.items()} == {"a": 3, "b": 1, "c": 4, "d": 5, "e": 2}
    assert {k: r[5] for k, r in rows.items()} == {"a": 4, "b": 2, "c": 5, "d": 2, "e": 2}
    assert {k: r[6] for k, r in rows.items()} == {"a": 3, "b": 5, "c": 2, "d": 4, "e": 1}
    assert rows["c"][7] == 452
    assert rows["d"][8] == "potential_loyalists"  # R 5, F 2
    assert rows["b"][8] == "hibernating"  # R 1, F 1
    assert rows["c"][8] == "loyal_customers"  # R 4, F 5


def test_rfm_lazy_stays_lazy_and_collects_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    lazy = pl.DataFrame(PURCHASES).lazy()

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("collected")

    monkeypatch.setattr(pl.LazyFrame, "collect", refuse)
    out = _rfm(lazy)
    assert isinstance(out, pl.LazyFrame)
    monkeypatch.undo()
    assert _rows(out) == _rows(_rfm(pl.DataFrame(PURCHASES)))


@settings(max_examples=50, deadline=None)
@given(
    customers=st.lists(st.integers(0, 30), min_size=1, max_size=80),
    bins=st.integers(2, 10),
    seed=st.integers(0, 2**32 - 1),
)
def test_rfm_scores_are_within_1_and_bins(customers: list[int], bins: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = len(customers)
    data = {
        "customer": customers,
        "at": [NOW - timedelta(days=int(d)) for d in rng.integers(0, 5, n)],  # many ties
        "amount": [float(x) for x in rng.integers(0, 4, n)],
    }
    out = _rfm(pl.DataFrame(data), bins=bins)
    for column in ("r_score", "f_score", "m_score"):
        scores = out.get_column(column)
        assert scores.min() >= 1
        assert scores.max() <= bins
    # ties share one score
    for value_col, score_col in (("frequency", "f_score"), ("monetary", "m_score")):
        per_value = out.group_by(value_col).agg(pl.col(score_col).n_unique())
        assert per_value.get_column(score_col).max() == 1
    # a better value never gets a lower score
    ordered = out.sort("monetary")
    assert all(step >= 0 for step in ordered.get_column("m_score").diff().drop_nulls())


def test_rfm_pandas_and_polars_agree_on_a_large_sample() -> None:
    rng = np.random.default_rng(9)
    n = 5000
    data = {
        "customer": [f"c{i}" for i in rng.integers(0, 700, n)],
        "at": [NOW - timedelta(hours=int(h)) for h in rng.integers(0, 24 * 300, n)],
        "amount": list(rng.gamma(2, 30, n).round(2)),
    }

    def rounded(out: Any) -> list[tuple[Any, ...]]:  # engines divide in their own way
        return [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in _rows(out)]

    assert rounded(_rfm(pd.DataFrame(data))) == rounded(_rfm(pl.DataFrame(data)))


@pytest.mark.parametrize(
    ("change", "argument"),
    [
        ({"amount": [-1.0, *PURCHASES["amount"][1:]]}, "amount"),  # negative amount
        ({"at": [NOW + timedelta(days=1), *PURCHASES["at"][1:]]}, "now"),  # after now
        ({"amount": [None, *PURCHASES["amount"][1:]]}, "amount"),
        ({"amount": [float("nan"), *PURCHASES["amount"][1:]]}, "amount"),
        ({"amount": [float("inf"), *PURCHASES["amount"][1:]]}, "amount"),
        ({"customer": [None, *PURCHASES["customer"][1:]]}, "customer"),
    ],
)
def test_rfm_bad_values_name_the_argument(change: dict[str, list[Any]], argument: str) -> None:
    for kind in ("pandas", "polars"):
        with pytest.raises(InvalidInputError) as info:
            _rfm(_frame(kind, {**PURCHASES, **change}))
        assert info.value.argument == argument


def test_rfm_schema_errors() -> None:
    empty = pl.DataFrame(
        {"customer": [], "at": [], "amount": []},
        schema={"customer": pl.String, "at": pl.Datetime("us", "UTC"), "amount": pl.Float64},
    )
    with pytest.raises(InvalidInputError) as info:
        _rfm(empty)
    assert info.value.argument == "frame"
    naive = pl.DataFrame(PURCHASES).with_columns(pl.col("at").dt.replace_time_zone(None))
    with pytest.raises(InvalidInputError, match="timezone-aware") as info:
        _rfm(naive.lazy())
    assert info.value.argument == "at"
    with pytest.raises(InvalidInputError) as info:
        rfm(pl.DataFrame(PURCHASES), customer="who", at="at", amount="amount", now=NOW)
    assert info.value.argument == "customer"
    with pytest.raises(InvalidInputError) as info:
        _rfm(pl.DataFrame(PURCHASES).with_columns(pl.col("amount").cast(pl.String)))
    assert info.value.argument == "amount"
    with pytest.raises(InvalidInputError) as info:
        _rfm([1, 2, 3])
    assert info.value.argument == "frame"


# --- cohort retention ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_cohort_retention_by_hand(kind: str) -> None:
    out = cohort_retention(_frame(kind, PURCHASES), customer="customer", at="at")
    if kind == "polars-lazy":
        assert isinstance(out, pl.LazyFrame)
    rows = [(c.date().isoformat(), p, n, size, r) for c, p, n, size, r in _rows(out)]
    # January: a, b (a back in March); February: c, e (c back in March); March: d
    assert rows == [
        ("2026-01-01", 0, 2, 2, 1.0),
        ("2026-01-01", 2, 1, 2, 0.5),
        ("2026-02-01", 0, 2, 2, 1.0),
        ("2026-02-01", 1, 1, 2, 0.5),
        ("2026-03-01", 0, 1, 1, 1.0),
    ]


def test_cohort_lazy_stays_lazy_and_collects_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("collected")

    monkeypatch.setattr(pl.LazyFrame, "collect", refuse)
    out = cohort_retention(
        pl.DataFrame(PURCHASES).lazy(), customer="customer", at="at", freq="1w", tz="Asia/Tokyo"
    )
    assert isinstance(out, pl.LazyFrame)
    monkeypatch.undo()
    eager = cohort_retention(
        pl.DataFrame(PURCHASES), customer="customer", at="at", freq="1w", tz="Asia/Tokyo"
    )
    assert _rows(out) == _rows(eager)


@pytest.mark.parametrize("kind", KINDS)
def test_cohort_periods_follow_the_local_calendar(kind: str) -> None:
    # 23:30 UTC on 31 January is already 1 February in Shanghai (UTC+8)
    data = {
        "customer": ["x", "x"],
        "at": [datetime(2026, 1, 31, 23, 30, tzinfo=UTC), datetime(2026, 2, 20, tzinfo=UTC)],
    }
    utc = _rows(cohort_retention(_frame(kind, data), customer="customer", at="at"))
    shanghai = _rows(
        cohort_retention(_frame(kind, data), customer="customer", at="at", tz="Asia/Shanghai")
    )
    assert [(c.month, p) for c, p, *_ in utc] == [(1, 0), (1, 1)]
    assert [(c.month, p) for c, p, *_ in shanghai] == [(2, 0)]
    # the cohort is the local start of the period, as a wall-clock (naive) datetime
    assert shanghai[0][0].tzinfo is None
    assert (shanghai[0][0].month, shanghai[0][0].day, shanghai[0][0].hour) == (2, 1, 0)


@pytest.mark.parametrize(
    ("freq", "cohorts", "periods"),
    [
        ("1d", ["2026-01-02", "2026-01-05", "2026-02-01", "2026-02-10", "2026-03-30"], None),
        ("1w", ["2025-12-29", "2026-01-05", "2026-01-26", "2026-02-09", "2026-03-30"], None),
        ("1q", ["2026-01-01"], [0]),
        ("1y", ["2026-01-01"], [0]),
    ],
)
def test_cohort_frequencies(freq: str, cohorts: list[str], periods: list[int] | None) -> None:
    results = [
        _rows(cohort_retention(_frame(kind, PURCHASES), customer="customer", at="at", freq=freq))
        for kind in KINDS
    ]
    assert results[0] == results[1] == results[2]
    assert sorted({c.date().isoformat() for c, *_ in results[0]}) == cohorts
    if periods is not None:
        assert [p for _, p, *_ in results[0]] == periods


def test_cohort_week_periods_by_hand() -> None:
    rows = _rows(cohort_retention(pl.DataFrame(PURCHASES), customer="customer", at="at", freq="1w"))
    # weeks start on Monday: b's 2 January 2026 (a Friday) is in the week of 29
    # December; a's first purchase (Monday 5 January) starts a week, and a's return on
    # Friday 20 March is in the week of 16 March, 10 weeks later
    by_cohort = {(c.date().isoformat(), p): n for c, p, n, *_ in rows}
    assert by_cohort[("2025-12-29", 0)] == 1
    assert by_cohort[("2026-01-05", 0)] == 1
    assert by_cohort[("2026-01-05", 10)] == 1


@settings(max_examples=40, deadline=None)
@given(
    events=st.lists(st.tuples(st.integers(0, 15), st.integers(0, 400)), min_size=1, max_size=60),
    tz=st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Europe/Paris"]),
)
def test_cohort_retention_is_a_share_and_period_0_is_everyone(
    events: list[tuple[int, int]], tz: str
) -> None:
    data = {
        "customer": [c for c, _ in events],
        "at": [datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=d) for _, d in events],
    }
    out = cohort_retention(pl.DataFrame(data), customer="customer", at="at", tz=tz)
    first = out.filter(pl.col("period") == 0)
    assert first.get_column("retention").to_list() == [1.0] * first.height
    assert first.get_column("customers").sum() == len({c for c, _ in events})
    assert out.get_column("retention").min() > 0
    assert out.get_column("retention").max() <= 1


def test_cohort_bad_input() -> None:
    with pytest.raises(InvalidInputError) as info:
        cohort_retention(pl.DataFrame(PURCHASES), customer="customer", at="at", tz="Mars/Base")
    assert info.value.argument == "tz"
    with pytest.raises(InvalidInputError) as info:
        cohort_retention(pl.DataFrame(PURCHASES), customer="customer", at="at", freq="1h")
    assert info.value.argument == "freq"
    with pytest.raises(InvalidInputError) as info:
        cohort_retention(pl.DataFrame(PURCHASES), customer="customer", at="amount")
    assert info.value.argument == "at"
    with pytest.raises(InvalidInputError) as info:
        cohort_retention(pl.DataFrame(PURCHASES).clear(), customer="customer", at="at")
    assert info.value.argument == "frame"
