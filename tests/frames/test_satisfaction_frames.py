"""nps_by, csat_by and ces_by equal the scalar functions on each group, on every engine."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.errors import InvalidInputError
from servicekit.frames import ces_by, csat_by, nps_by
from servicekit.metrics import ces, csat, nps
from tests.frames.conftest import to_engine, to_polars

RNG = np.random.default_rng(7)
N = 400
ANSWERS = pl.DataFrame(
    {
        "team": RNG.choice(["north", "south", "east"], N),
        "channel": RNG.choice(["chat", "mail"], N),
        "nps": pl.Series(RNG.integers(0, 11, N), dtype=pl.Int64),
        "csat": pl.Series(RNG.integers(1, 6, N), dtype=pl.Int64),
        "ces": pl.Series(RNG.integers(1, 8, N), dtype=pl.Int64),
    }
).with_columns(
    # a few unanswered questions: left out, as nan_policy="omit" does
    pl.when(pl.int_range(pl.len()) % 37 == 0).then(None).otherwise(pl.col("nps")).alias("nps")
)


def _groups(frame: pl.DataFrame, by: list[str]) -> dict[tuple[Any, ...], pl.DataFrame]:
    return {k: g for k, g in frame.group_by(by, maintain_order=True)}  # noqa: C416


def _close(a: float | None, b: float) -> bool:
    if a is None:
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.parametrize("method", ["wald", "adjusted_wald"])
def test_nps_by_equals_nps_on_each_group(engine: str, method: str) -> None:
    by = ["team", "channel"]
    out = to_polars(nps_by(to_engine(ANSWERS, engine), by, method=method, level=0.9), engine)
    assert out.columns == [
        *by,
        *("n", "promoters", "passives", "detractors", "nps", "standard_error"),
        *("ci_low", "ci_high"),
    ]
    assert out.select(by).rows() == sorted(out.select(by).rows()), "sorted by the group"
    groups = _groups(ANSWERS, by)
    assert out.height == len(groups)
    for row in out.iter_rows(named=True):
        expected = nps(groups[(row["team"], row["channel"])]["nps"], nan_policy="omit")
        low, high = expected.confidence_interval(level=0.9, method=method)
        assert row["n"] == expected.n
        assert (row["promoters"], row["passives"], row["detractors"]) == (
            expected.promoters,
            expected.passives,
            expected.detractors,
        )
        assert _close(row["nps"], expected.score)
        assert _close(row["standard_error"], expected.standard_error)
        assert _close(row["ci_low"], low)
        assert _close(row["ci_high"], high)


def test_csat_and_ces_by_equal_the_scalar_functions(engine: str) -> None:
    native = to_engine(ANSWERS, engine)
    c = to_polars(csat_by(native, "team", satisfied=[5]), engine)
    e = to_polars(ces_by(native, "team", scale=7), engine)
    for row, erow in zip(c.iter_rows(named=True), e.iter_rows(named=True), strict=True):
        group = ANSWERS.filter(pl.col("team") == row["team"])
        expected = csat(group["csat"], satisfied=(5,))
        assert (row["n"], row["csat"], row["mean"]) == pytest.approx(
            (expected.n, expected.score, expected.mean), rel=1e-12
        )
        expected_ces = ces(group["ces"])
        assert (erow["n"], erow["ces"], erow["mean"]) == pytest.approx(
            (expected_ces.n, expected_ces.score, expected_ces.mean), rel=1e-12
        )


@settings(max_examples=30)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.one_of(st.none(), st.integers(0, 10))),
        min_size=1,
        max_size=60,
    )
)
def test_nps_by_matches_nps_for_any_answers(rows: list[tuple[str, int | None]]) -> None:
    frame = pl.DataFrame(rows, schema={"g": pl.String, "nps": pl.Int64}, orient="row")
    out = nps_by(frame, "g")
    for row in out.iter_rows(named=True):
        scores = frame.filter(pl.col("g") == row["g"])["nps"]
        if scores.null_count() == scores.len():
            assert row["n"] == 0
            assert row["nps"] is None
            continue
        expected = nps(scores, nan_policy="omit")
        assert row["n"] == expected.n
        assert _close(row["nps"], expected.score)
        assert _close(row["standard_error"], expected.standard_error)


def test_a_lazy_frame_stays_lazy_and_nothing_runs() -> None:
    lazy = ANSWERS.lazy().with_columns(pl.col("nps").map_elements(_explode, return_dtype=pl.Int64))
    result = nps_by(lazy, "team")
    assert isinstance(result, pl.LazyFrame)  # _explode would have raised had it run


def _explode(value: int) -> int:
    raise AssertionError("the lazy query ran")


def test_answers_outside_the_scale_are_refused_on_eager_frames() -> None:
    bad = pl.DataFrame({"g": ["a", "b"], "nps": [11, 9]})
    with pytest.raises(InvalidInputError, match=r"nps_by\(\): nps=<1 values outside the scale>"):
        nps_by(bad, "g")
    with pytest.raises(InvalidInputError, match="csat"):
        csat_by(pl.DataFrame({"g": ["a"], "csat": [2.5]}), "g")


def test_lazy_groups_with_answers_outside_the_scale_get_no_score() -> None:
    bad = pl.LazyFrame({"g": ["a", "a", "b"], "nps": [11, 9, 9]})
    out = nps_by(bad, "g").collect()
    assert out["nps"].to_list() == [None, 100.0]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: nps_by([1, 2], "g"), "frame"),
        (lambda: nps_by(ANSWERS, "nope"), "by"),
        (lambda: nps_by(ANSWERS, "team", score="missing"), "score"),
        (lambda: nps_by(ANSWERS, "team", score="team"), "score"),
        (lambda: nps_by(ANSWERS, [], score="nps"), "by"),
        (lambda: nps_by(ANSWERS, "team", level=1.0), "level"),
        (lambda: nps_by(ANSWERS, "team", method="exact"), "method"),
        (lambda: csat_by(ANSWERS, "team", satisfied=[6]), "satisfied"),
        (lambda: csat_by(ANSWERS, "team", scale=1), "scale"),
    ],
)
def test_bad_arguments_are_named(call: Any, argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.argument == argument


def test_float_ratings_and_scattered_boxes_match_csat() -> None:
    ratings = pl.DataFrame({"g": ["a"] * 6, "csat": [1.0, 5.0, 3.0, float("nan"), None, 5.0]})
    (row,) = csat_by(ratings, "g", satisfied=[1, 5]).iter_rows(named=True)
    expected = csat([1, 5, 3, None, None, 5], satisfied=(1, 5), nan_policy="omit")
    assert (row["n"], row["csat"], row["mean"]) == (expected.n, expected.score, expected.mean)


def test_a_fractional_answer_is_refused_not_boxed() -> None:
    with pytest.raises(InvalidInputError, match="outside the scale"):
        nps_by(pl.DataFrame({"g": ["a", "a"], "nps": [6.5, 9.0]}), "g")
    lazy = nps_by(pl.LazyFrame({"g": ["a", "b"], "nps": [6.5, 9.0]}), "g").collect()
    assert lazy["nps"].to_list() == [None, 100.0]


def test_a_pandas_result_is_numbered_afresh() -> None:
    out = nps_by(ANSWERS.to_pandas(), "team")
    assert out.index.tolist() == list(range(len(out)))
