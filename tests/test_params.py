"""The shared validation layer: what every public function's declared parameters accept."""

from __future__ import annotations

import math
import pickle
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit._params import (
    NAN_POLICY,
    ZERO_DIVISION,
    Duration,
    Durations,
    FreeText,
    Identifier,
    Instant,
    Instants,
    Integer,
    Numbers,
    Optional,
    Real,
    apply_nan_policy,
    declared_params,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

SCORES = Numbers(integer=True, low=0, high=10, missing=True)


@validate_params(scores=SCORES, level=Real(low=0, high=1, low_open=True, high_open=True))
def _mean(scores: object, *, level: float = 0.95) -> float:
    arr = np.asarray(scores, dtype=np.float64)
    return float(np.nanmean(arr)) if arr.size else math.nan


class TestNumbers:
    @pytest.mark.parametrize(
        "values",
        [
            [1, 2, 3],
            (1, 2, 3),
            np.array([1, 2, 3]),
            np.array([1.0, 2.0, 3.0]),
            pd.Series([1, 2, 3]),
            pl.Series([1, 2, 3]),
            [1.0, 2, 3.0],
        ],
    )
    def test_every_container_gives_the_same_values(self, values: object) -> None:
        assert SCORES.convert("scores", values).tolist() == [1, 2, 3]

    @pytest.mark.parametrize(
        ("values", "fragment"),
        [
            ([True, 9, 10], "booleans are not numbers"),
            (np.array([True, False]), "booleans are not numbers"),
            (pd.Series([True, False]), "booleans are not numbers"),
            (["5", "4"], "strings are never parsed"),
            ([9, "10"], "strings are never parsed"),
            ([[1, 2], [3]], "not nested or ragged"),
            ([1, [2]], "not nested or ragged"),
            ([2**70, 1], "within 64 bits"),
            ([2**70, 1.5], "within 64 bits"),
            ("1, 2, 3", "array-like"),
            (5, "1-d array-like"),
            ({"a": 1}, "array-like"),
            ([1.5], "integers from 0 to 10"),
            ([11], "integers from 0 to 10"),
            ([-1], "integers from 0 to 10"),
            ([math.inf], "integers from 0 to 10"),
        ],
    )
    def test_refuses_what_is_not_a_column_of_numbers(self, values: object, fragment: str) -> None:
        with pytest.raises(InvalidInputError, match="scores") as info:
            SCORES.convert("scores", values)
        assert fragment in str(info.value)

    def test_missing_values_become_nan(self) -> None:
        out = SCORES.convert("scores", [1, None, math.nan, pd.NA])
        assert out.dtype == np.float64
        assert np.isnan(out[1:]).all()
        nullable = SCORES.convert("scores", pd.Series([1, None], dtype="Int64"))
        assert nullable[0] == 1
        assert np.isnan(nullable[1])
        assert np.isnan(SCORES.convert("scores", pl.Series([1, None]))[1])

    def test_missing_values_refused_unless_declared(self) -> None:
        with pytest.raises(InvalidInputError, match="none missing"):
            Numbers().convert("x", [1.0, None])

    @given(st.lists(st.integers(0, 10), min_size=1, max_size=30), st.data())
    def test_a_boolean_anywhere_is_refused(self, scores: list[int], data: st.DataObject) -> None:
        position = data.draw(st.integers(0, len(scores)))
        flag = data.draw(st.booleans())
        with pytest.raises(InvalidInputError, match="booleans"):
            SCORES.convert("scores", [*scores[:position], flag, *scores[position:]])


class TestDurations:
    @pytest.mark.parametrize(
        "value",
        [
            timedelta(minutes=30),
            np.timedelta64(30, "m"),
            np.timedelta64(1800, "s"),
            np.timedelta64(1_800_000_000_000, "ns"),
            pd.Timedelta(minutes=30),
        ],
    )
    def test_every_unit_means_the_same_duration(self, value: object) -> None:
        assert Duration().convert("period", value) == 1800.0

    def test_plain_numbers_only_where_the_name_says_seconds(self) -> None:
        with pytest.raises(InvalidInputError, match="period"):
            Duration().convert("period", 1800)
        assert Duration(seconds=True).convert("handle_time_s", 1800) == 1800.0

    @pytest.mark.parametrize(
        "value",
        [timedelta(seconds=-1), np.timedelta64("NaT", "us"), np.timedelta64(1, "Y"), True, "30m"],
    )
    def test_refused(self, value: object) -> None:
        with pytest.raises(InvalidInputError):
            Duration(seconds=True).convert("d", value)

    def test_arrays_keep_their_unit_and_missing_values(self) -> None:
        td = np.array([90, "NaT"], dtype="timedelta64[m]")
        out = Durations().convert("handle_time", td)
        assert out[0] == 5400.0
        assert np.isnan(out[1])
        series = pd.Series(pd.to_timedelta(["1h", None]))
        assert Durations().convert("handle_time", series)[0] == 3600.0
        polars = pl.Series([timedelta(hours=1), None])
        out = Durations().convert("handle_time", polars)
        assert out[0] == 3600.0
        assert np.isnan(out[1])
        assert Durations().convert("handle_time", [timedelta(minutes=2), None])[0] == 120.0

    def test_numbers_are_seconds_only_when_declared(self) -> None:
        with pytest.raises(InvalidInputError):
            Durations().convert("handle_time", [60, 120])
        assert Durations(seconds=True).convert("handle_time_s", [60, 120]).tolist() == [60, 120]


class TestInstants:
    def test_naive_refused_and_aware_in_range(self) -> None:
        with pytest.raises(InvalidInputError, match="timezone-aware"):
            Instant().convert("at", datetime(2026, 1, 1))
        for year in (1, 1899, 2201, 9999):
            with pytest.raises(InvalidInputError, match="1900-01-01 to 2200-12-31"):
                Instant().convert("at", datetime(year, 6, 1, tzinfo=timezone.utc))

    def test_missing_instants_are_marked_never_wrapped(self) -> None:
        t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        series = pd.Series([t, None], dtype="datetime64[ns, UTC]")
        us = Instants().convert("opened_at", series)
        assert us[1] == Instants.MISSING
        assert us[0] == (t - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)

    def test_naive_columns_refused_unless_declared_utc(self) -> None:
        naive = np.array(["2026-03-02T09:00"], dtype="datetime64[m]")
        with pytest.raises(InvalidInputError, match="naive"):
            Instants().convert("opened_at", naive)
        assert Instants(naive_utc=True).convert("opened_at", naive)[0] > 0

    def test_out_of_range_instants_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="1900-01-01"):
            Instants(naive_utc=True).convert("at", np.array(["1800-01-01"], dtype="datetime64[D]"))


class TestScalars:
    def test_integer_and_real(self) -> None:
        assert Integer(low=0).convert("n", np.int16(3)) == 3
        for bad in (True, 2.0, "3", -1):
            with pytest.raises(InvalidInputError):
                Integer(low=0).convert("n", bad)
        with pytest.raises(InvalidInputError):
            Real().convert("x", math.inf)
        with pytest.raises(InvalidInputError):
            Real().convert("x", np.bool_(True))

    def test_options_do_not_mistake_true_for_one(self) -> None:
        assert NAN_POLICY.convert("nan_policy", "omit") == "omit"
        with pytest.raises(InvalidInputError):
            NAN_POLICY.convert("nan_policy", ["omit"])
        assert ZERO_DIVISION.convert("zero_division", 0) == 0.0
        assert math.isnan(ZERO_DIVISION.convert("zero_division", math.nan))
        with pytest.raises(InvalidInputError):
            ZERO_DIVISION.convert("zero_division", True)

    def test_free_text_is_never_shown(self) -> None:
        secret = "Jane Roe, 4111 1111 1111 1111"
        for constraint in (FreeText(max_length=5), Optional(FreeText(max_length=5))):
            with pytest.raises(InvalidInputError) as info:
                constraint.convert("reason", secret)
            assert secret not in str(info.value)
            assert info.value.value is None
            assert secret not in repr(pickle.dumps(info.value))

    def test_identifier(self) -> None:
        assert Identifier().convert("actor", "agent-7") == "agent-7"
        with pytest.raises(InvalidInputError):
            Identifier().convert("actor", "x" * 201)


class TestDecorator:
    def test_names_function_argument_value_and_expectation(self) -> None:
        with pytest.raises(InvalidInputError) as info:
            _mean([1, 2, 11])
        err = info.value
        assert (err.function, err.argument, err.value) == ("_mean", "scores", 11)
        assert str(err).startswith("_mean(): scores=11 is invalid: expected")
        assert isinstance(err, ValueError)
        assert isinstance(err, TypeError)

    def test_options_are_keyword_only_and_unknown_keywords_hidden(self) -> None:
        with pytest.raises(InvalidInputError, match="keyword-only"):
            _mean([1, 2], 0.9)  # type: ignore[misc]
        with pytest.raises(InvalidInputError) as info:
            _mean([1, 2], colour="a customer's secret")  # type: ignore[call-arg]
        assert "secret" not in str(info.value)
        assert "colour" in str(info.value)
        with pytest.raises(InvalidInputError, match="requires it"):
            _mean()  # type: ignore[call-arg]

    def test_converted_values_reach_the_function(self) -> None:
        assert _mean((1, None, 3)) == 2.0
        assert declared_params(_mean)["scores"] is SCORES

    def test_error_survives_pickling_with_its_function(self) -> None:
        with pytest.raises(InvalidInputError) as info:
            _mean([1], level=2)
        again = pickle.loads(pickle.dumps(info.value))
        assert str(again) == str(info.value)
        assert again.function == "_mean"

    def test_nan_policy(self) -> None:
        arr = np.array([1.0, np.nan, 3.0])
        with pytest.raises(InvalidInputError, match="1 missing of 3"):
            apply_nan_policy("x", arr, "raise")
        clean, had = apply_nan_policy("x", arr, "omit")
        assert clean.tolist() == [1.0, 3.0]
        assert had


@result
class _Chart(Result):
    values: np.ndarray
    limits: dict[str, float]
    labels: list[str]
    mean: float


class TestResultProtocol:
    def make(self) -> _Chart:
        return _Chart(np.arange(1000.0), {"ucl": 3.0}, ["a", "b"], math.nan)

    def test_immutable_for_real(self) -> None:
        chart = self.make()
        with pytest.raises(ValueError, match="read-only"):
            chart.values[0] = 5.0
        with pytest.raises(TypeError):
            chart.limits["ucl"] = 9.0  # type: ignore[index]
        assert chart.labels == ("a", "b")

    def test_callers_array_is_not_aliased(self) -> None:
        data = np.arange(10.0)
        chart = _Chart(data[2:], {}, [], 0.0)
        data[5] = -1.0
        assert chart.values[3] == 5.0

    def test_equality_and_hash_by_value(self) -> None:
        assert self.make() == self.make()
        assert hash(self.make()) == hash(self.make())
        other = _Chart(np.arange(1000.0) + 1, {"ucl": 3.0}, ["a", "b"], math.nan)
        assert self.make() != other

    def test_compact_repr_and_html(self) -> None:
        text = repr(self.make())
        assert len(text) < 200
        assert "shape=(1000,)" in text
        assert "..." in text
        page = self.make()._repr_html_()
        assert page.startswith("<table")
        assert "ucl" in page

    def test_to_dict(self) -> None:
        d = self.make().to_dict()
        assert d["limits"] == {"ucl": 3.0}
        assert d["labels"] == ["a", "b"]


@given(
    st.integers(0, 10**6),
    st.sampled_from(["s", "ms", "us", "ns", "m", "h", "D"]),
)
def test_timedelta64_never_changes_a_result_silently(seconds: int, unit: str) -> None:
    """A duration in any unit means the same as the timedelta of the same length."""
    from servicekit.metrics import traffic_intensity

    length = np.timedelta64(seconds, "s")
    in_unit = length.astype(f"timedelta64[{unit}]")
    if in_unit.astype("timedelta64[s]") != length:  # not exactly representable in that unit
        return
    period = timedelta(minutes=30)
    a = traffic_intensity(10, period=period, handle_time=timedelta(seconds=seconds + 1))
    b = traffic_intensity(10, period=period, handle_time=in_unit + np.timedelta64(1, "s"))
    assert a == b
    assert Durations().convert("d", np.array([in_unit]))[0] == float(seconds)
