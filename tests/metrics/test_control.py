"""Control charts against Montgomery's worked examples, and the run rules."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.metrics import (
    c_chart,
    complaint_spikes,
    ewma_chart,
    np_chart,
    p_chart,
    u_chart,
)

# Montgomery, D. C., Introduction to Statistical Quality Control, 6th ed. (Wiley, 2009).
# Example 7.3 (c chart): nonconformities in 26 samples of 100 printed circuit boards.
PCB = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30,
       24, 16, 19, 17, 15]  # fmt: skip
# Example 7.1 (p chart): nonconforming cans in 30 samples of 50.
CANS = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24,
        15, 9, 12, 7, 13, 9, 6]  # fmt: skip
# Example 7.5 (u chart): nonconformities in 20 samples of 5 personal computers.
PCS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]
# Table 9.1: 20 observations from N(10, 1), then 10 from N(11, 1).
TABLE_9_1 = [9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03, 11.47,
             10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50,
             10.60, 11.08, 10.38, 11.62, 11.31, 10.52]  # fmt: skip


def test_c_chart_montgomery_example_7_3() -> None:
    r = c_chart(PCB)
    assert r.center[0] == pytest.approx(516 / 26)  # 19.85
    assert r.ucl[0] == pytest.approx(516 / 26 + 3 * math.sqrt(516 / 26))  # 33.2 (book: 33.22)
    assert round(float(r.lcl[0]), 2) == 6.48
    assert (r.out_of_control + 1).tolist() == [6, 20]  # "samples 6 and 20"


def test_p_chart_montgomery_example_7_1() -> None:
    r = p_chart(CANS, 50)
    assert round(float(r.center[0]), 4) == 0.2313
    assert round(float(r.ucl[0]), 4) == 0.4102
    assert round(float(r.lcl[0]), 4) == 0.0524
    assert (r.out_of_control + 1).tolist() == [15, 23]
    assert r.values[14] == 22 / 50


def test_np_chart_same_data() -> None:
    r = np_chart(CANS, 50)
    assert round(float(r.center[0]), 2) == 11.57
    assert round(float(r.ucl[0]), 2) == 20.51
    assert round(float(r.lcl[0]), 2) == 2.62
    assert (r.out_of_control + 1).tolist() == [15, 23]


def test_u_chart_montgomery_example_7_5() -> None:
    r = u_chart(PCS, 5)
    assert round(float(r.center[0]), 2) == 1.93
    assert round(float(r.ucl[0]), 2) == 3.79
    assert round(float(r.lcl[0]), 2) == 0.07
    assert r.out_of_control.size == 0


def test_limits_vary_with_the_sample_size_and_never_go_below_zero() -> None:
    r = u_chart([2, 30, 3], [10, 100, 1])
    assert r.ucl[0] != r.ucl[1]
    assert (r.lcl >= 0).all()
    assert r.lcl[2] == 0.0  # ubar - 3 sqrt(ubar / 1) is negative
    assert (p_chart([1, 1], [2, 2]).ucl <= 1).all()


def test_ewma_montgomery_example_9_2() -> None:
    # lambda = 0.1, L = 2.7, mu0 = 10, sigma = 1 (Montgomery section 9.2)
    r = ewma_chart(TABLE_9_1, lam=0.1, target=10.0, sigma=1.0, L=2.7)
    assert r.ewma[0] == pytest.approx(0.1 * 9.45 + 0.9 * 10)  # 9.945
    assert r.ewma[1] == pytest.approx(0.1 * 7.99 + 0.9 * 9.945)  # 9.7495
    assert r.ucl[0] == pytest.approx(10 + 2.7 * math.sqrt(0.1 / 1.9 * (1 - 0.9**2)))  # 10.27
    assert round(r.ucl_asymptotic, 2) == 10.62
    assert round(r.lcl_asymptotic, 2) == 9.38
    assert (r.out_of_control + 1).tolist() == [29, 30]  # after the shift at 21


@given(
    st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=700),
    st.floats(0.001, 1.0),
    st.floats(-10, 10),
)
def test_ewma_blocks_equal_the_plain_recursion(x: list[float], lam: float, target: float) -> None:
    z, expected = target, []
    for v in x:
        z = lam * v + (1 - lam) * z
        expected.append(z)
    got = ewma_chart(x, lam=lam, target=target, sigma=1.0).ewma
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_western_electric_rules() -> None:
    base = [10.0] * 30
    # c chart of constant 10: sigma = sqrt(10) = 3.16; 2 sigma = 16.3, 1 sigma = 13.2
    two_of_three = [*base[:10], 17, 11, 17, *base[13:]]
    r = c_chart(two_of_three, western_electric=True)
    assert 12 in r.violations["two_of_three_beyond_2_sigma"].tolist()
    assert r.violations["beyond_3_sigma"].size == 0
    assert 12 in r.out_of_control.tolist()
    four_of_five = [*base[:10], 14, 14, 9, 14, 14, *base[15:]]
    assert (
        14
        in c_chart(four_of_five, western_electric=True)
        .violations["four_of_five_beyond_1_sigma"]
        .tolist()
    )
    eight = [8.0] * 12 + [12.0] * 8 + [8.0] * 10
    flagged = c_chart(eight, western_electric=True).violations["eight_on_one_side"].tolist()
    assert flagged[:2] == [7, 8]  # the eighth point below the centre, and onward
    assert c_chart(two_of_three).violations.keys() == {"beyond_3_sigma"}


def test_complaint_spikes_by_day_week_month_and_hour() -> None:
    days = np.array(
        ["2026-03-01"] * 3 + ["2026-03-02"] * 2 + ["2026-03-04"] * 4 + ["2026-03-05"] * 15,
        dtype="datetime64[D]",
    )
    r = complaint_spikes(days, tz="UTC")
    assert r.counts.tolist() == [3, 2, 0, 4, 15]  # the quiet 3rd counts zero
    assert r.spikes.astype(str).tolist() == ["2026-03-05"]
    weeks = complaint_spikes(
        np.array(["2026-03-04", "2026-03-09"], dtype="datetime64[D]"), freq="W", tz="UTC"
    )
    assert weeks.periods.astype(str).tolist() == ["2026-03-02", "2026-03-09"]  # Mondays
    months = complaint_spikes(
        np.array(["2026-01-31", "2026-03-01"], dtype="datetime64[D]"), freq="M", tz="UTC"
    )
    assert months.counts.tolist() == [1, 0, 1]
    hours = complaint_spikes(
        np.array(["2026-03-01T10:15", "2026-03-01T10:45"], dtype="datetime64[m]"),
        freq="h",
        tz="UTC",
    )
    assert hours.counts.tolist() == [2]


def test_spikes_are_counted_in_local_days() -> None:
    import pandas as pd
    import polars as pl

    # 13 October in Shanghai: four of its six complaints are still 12 October in UTC
    before = ["2026-10-10 03:00", "2026-10-11 03:00", "2026-10-12 03:00"]
    late = ["2026-10-12 16:30", "2026-10-12 18:00", "2026-10-12 20:00", "2026-10-12 21:00"]
    stamps = pd.to_datetime([*before, *late, "2026-10-13 02:00", "2026-10-13 03:00"], utc=True)
    shanghai = complaint_spikes(stamps, tz="Asia/Shanghai")
    assert shanghai.periods.astype(str).tolist()[-1] == "2026-10-13"
    assert shanghai.counts.tolist() == [1, 1, 1, 6]
    in_utc = complaint_spikes(stamps)  # the column's own zone: UTC
    assert in_utc.counts.tolist() == [1, 1, 5, 2]
    # a column that carries its zone is binned in it
    local = complaint_spikes(pl.Series(stamps).dt.convert_time_zone("Asia/Shanghai"))
    assert local.counts.tolist() == [1, 1, 1, 6]
    # across the end of summer time in London (25 October 2026, 01:00 UTC)
    london = pd.to_datetime(["2026-10-24 23:30", "2026-10-25 23:30"], utc=True)
    assert complaint_spikes(london, tz="Europe/London").periods.astype(str).tolist() == [
        "2026-10-25"
    ]
    assert complaint_spikes(london, tz="UTC").counts.tolist() == [1, 1]


def test_timestamps_without_a_zone_need_tz() -> None:
    days = np.array(["2026-03-01", "2026-03-02"], dtype="datetime64[D]")
    with pytest.raises(InvalidInputError, match="pass tz='UTC' for UTC instants"):
        complaint_spikes(days)
    with pytest.raises(InvalidInputError, match="tz="):
        complaint_spikes(days, tz="Mars/Olympus")


def test_only_rises_are_spikes() -> None:
    r = complaint_spikes([40, 42, 38, 41, 39, 40, 0])  # a silent day is not a crisis
    assert r.chart.out_of_control.tolist() == [6]
    assert r.spikes.size == 0


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: c_chart([]), "counts"),
        (lambda: c_chart([1, -1]), "counts"),
        (lambda: c_chart([1.5]), "counts"),
        (lambda: u_chart([1, 2], [1]), "n"),
        (lambda: u_chart([1, 2], [1, 0]), "n"),
        (lambda: p_chart([6], [5]), "nonconforming"),
        (lambda: np_chart([1], 0), "n"),
        (lambda: ewma_chart([1.0], lam=0.0, target=0, sigma=1), "lam"),
        (lambda: ewma_chart([1.0], lam=0.2, target=0, sigma=0), "sigma"),
        (lambda: ewma_chart([1.0], lam=0.2, target=math.nan, sigma=1), "target"),
        (lambda: ewma_chart([], lam=0.2, target=0, sigma=1), "x"),
        (lambda: ewma_chart([1.0, math.nan], lam=0.2, target=0, sigma=1), "x"),
        (lambda: ewma_chart([1.0], lam=0.2, target=0, sigma=1, L=-3), "L"),
        (lambda: complaint_spikes([1, 2], freq="Q"), "freq"),
        (
            lambda: complaint_spikes(np.array(["NaT"], dtype="datetime64[D]"), tz="UTC"),
            "timestamps_or_counts",
        ),
    ],
)
def test_bad_input(call: object, argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.argument == argument


def _day_stamps(counts: list[int]) -> np.ndarray:
    first = np.datetime64("2026-03-01", "D")
    days = np.arange(first, first + np.timedelta64(len(counts), "D"))
    return np.repeat(days, counts).astype("datetime64[us]")


def test_the_period_until_falls_in_is_incomplete_and_never_a_spike() -> None:
    # an export taken at 10:00 on the fifth day: its 30 tickets are a partial count
    stamps = _day_stamps([5, 6, 4, 5, 30])
    until = datetime(2026, 3, 5, 10, tzinfo=timezone.utc)
    report = complaint_spikes(stamps, tz="UTC", until=until)
    assert report.incomplete.tolist() == [False, False, False, False, True]
    assert report.spikes.size == 0
    # the limits come from the four complete days only
    assert report.chart.center.tolist() == [5.0] * 5
    assert report.counts.tolist() == [5, 6, 4, 5, 30]
    # without until the same day is judged, and flagged
    assert complaint_spikes(stamps, tz="UTC").spikes.astype(str).tolist() == ["2026-03-05"]


def test_until_runs_the_periods_up_to_the_end_of_the_data() -> None:
    stamps = _day_stamps([5, 6, 4, 5])
    # until at midnight starting 7 March: 5 and 6 March had no ticket and count zero
    report = complaint_spikes(stamps, tz="UTC", until=datetime(2026, 3, 7, tzinfo=timezone.utc))
    assert report.counts.tolist() == [5, 6, 4, 5, 0, 0]
    assert not report.incomplete.any()
    # in Shanghai, 7 March 00:00 UTC is 08:00 local on the 7th: that day has begun
    local = complaint_spikes(
        stamps, tz="Asia/Shanghai", until=datetime(2026, 3, 7, tzinfo=timezone.utc)
    )
    assert local.periods[-1] == np.datetime64("2026-03-07")
    assert local.incomplete.tolist()[-2:] == [False, True]


def test_until_is_checked() -> None:
    stamps = _day_stamps([5, 6, 4])
    with pytest.raises(InvalidInputError, match="until"):
        complaint_spikes(stamps, tz="UTC", until=datetime(2026, 3, 2, tzinfo=timezone.utc))
    with pytest.raises(InvalidInputError, match="until"):
        complaint_spikes([4, 5, 6], until=datetime(2026, 3, 2, tzinfo=timezone.utc))
    with pytest.raises(InvalidInputError, match="until"):
        complaint_spikes(stamps, tz="UTC", until=datetime(2026, 3, 5, 9))  # naive
    with pytest.raises(InvalidInputError, match="complete period"):
        complaint_spikes(
            _day_stamps([5]), tz="UTC", until=datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
        )


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 40), min_size=2, max_size=20),
    hour=st.integers(1, 23),
)
def test_an_incomplete_period_is_never_a_spike(counts: list[int], hour: int) -> None:
    stamps = _day_stamps(counts)
    end = datetime(2026, 3, 1, hour, tzinfo=timezone.utc) + timedelta(days=len(counts) - 1)
    stamps = stamps[stamps < np.datetime64(end.replace(tzinfo=None), "us")]
    assume(
        stamps.size > 0
        and stamps.min() < np.datetime64("2026-03-01", "D") + np.timedelta64(len(counts) - 1, "D")
    )
    report = complaint_spikes(stamps, tz="UTC", until=end)
    assert report.incomplete[-1]
    assert report.incomplete.sum() == 1
    assert report.periods[-1] not in report.spikes
    assert report.chart.values.size == report.periods.size
