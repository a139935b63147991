"""Service KPIs: times, rates, SLA compliance, handle time, backlog, scorecards, groups."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.metrics import (
    DEFAULT_TARGETS,
    KPITarget,
    TimeStats,
    abandon_rate,
    average_handle_time,
    backlog,
    escalation_rate,
    first_contact_resolution_rate,
    first_response_time,
    follow_up_rate,
    kpi_scorecard,
    reopen_rate,
    resolution_rate,
    resolution_time,
    sla_compliance,
)
from servicekit.sla import BusinessCalendar

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday
MIN = timedelta(minutes=1)


def opened_and_answered(minutes: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    """Contacts opened at T0 and answered after so many minutes (None: not yet)."""
    opened = np.full(len(minutes), np.datetime64(T0.replace(tzinfo=None), "us"))
    answered = np.array(
        [
            np.datetime64("NaT", "us") if m is None else opened[0] + np.timedelta64(m, "m")
            for m in minutes
        ]
    )
    return opened, answered


# --- first response time ---------------------------------------------------------------


def test_first_response_time_summary() -> None:
    r = first_response_time(*opened_and_answered([2, 4, 12, None]), percentiles=(90,))
    assert (r.n, r.open) == (3, 1)  # the unanswered one is open, not measured
    assert r.mean == 6 * MIN
    assert r.median == 4 * MIN
    assert r.max == 12 * MIN
    assert r.percentiles[90] == timedelta(seconds=float(np.percentile([120, 240, 720], 90)))
    opened = np.array([T0.replace(tzinfo=None)] * 4, dtype="datetime64[us]")
    answered = opened + np.array([2, 4, 12, "NaT"], dtype="timedelta64[m]")
    assert first_response_time(opened, answered, percentiles=(90,)) == r


def test_first_response_time_from_lists_of_aware_datetimes() -> None:
    r = first_response_time([T0, T0 + MIN], [T0 + 3 * MIN, None])
    assert (r.n, r.open, r.mean) == (1, 1, 3 * MIN)


def test_first_response_time_from_data_frame_columns() -> None:
    df = pd.DataFrame(
        {
            "opened": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:10"]).tz_localize(
                "Asia/Shanghai"
            ),
            "answered": pd.to_datetime(["2026-03-02 09:03", None]).tz_localize("Asia/Shanghai"),
        }
    )
    r = first_response_time(df["opened"], df["answered"])
    assert (r.n, r.open, r.mean) == (1, 1, 3 * MIN)
    opened = pl.Series([datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 9, 10)])
    answered = pl.Series([datetime(2026, 3, 2, 9, 3), None])
    zone = "Asia/Shanghai"
    got = first_response_time(
        opened.dt.replace_time_zone(zone), answered.dt.replace_time_zone(zone)
    )
    assert got == r
    assert first_response_time(opened, answered) == r  # naive columns are taken as UTC


def test_first_response_time_in_business_time() -> None:
    cal = BusinessCalendar(dict.fromkeys(range(5), (("09:00", "17:00"),)), tz="UTC")
    friday = datetime(2026, 3, 6, 16, 55, tzinfo=timezone.utc)
    opened = np.array([friday.replace(tzinfo=None)], dtype="datetime64[us]")
    answered = opened + np.timedelta64(64 * 60 + 10, "m")  # Monday 09:05
    assert first_response_time(opened, answered).mean == timedelta(hours=64, minutes=10)
    assert first_response_time(opened, answered, calendar=cal).mean == 10 * MIN


def test_no_answers_at_all_gives_an_empty_summary() -> None:
    r = first_response_time(*opened_and_answered([None, None]))
    assert (r.n, r.open, r.mean, r.percentiles) == (0, 2, None, {90.0: None, 95.0: None})


# --- resolution time ----------------------------------------------------------------


def test_resolution_time_on_arrays() -> None:
    opened = np.array(["2026-03-02T09:00", "2026-03-02T09:00"], dtype="datetime64[m]")
    first = opened + np.array([60, 30], dtype="timedelta64[m]")
    final = np.array(["2026-03-02T12:00", "NaT"], dtype="datetime64[m]")
    r = resolution_time(opened, first, final)
    assert (r.first.mean, r.full.mean, r.full.open) == (45 * MIN, 180 * MIN, 1)
    with pytest.raises(InvalidInputError, match="resolved_at"):
        resolution_time(opened, final, first)  # final before first


# --- rates ---------------------------------------------------------------------------


def test_rates_on_flags() -> None:
    assert first_contact_resolution_rate([True, True, False, None, True]) == 0.75
    assert first_contact_resolution_rate(np.array([1.0, np.nan, 0.0])) == 0.5
    assert resolution_rate(pd.Series([True, False, None, True], dtype="boolean")) == pytest.approx(
        2 / 3
    )
    assert resolution_rate(pl.Series([True, False, None])) == 0.5
    assert reopen_rate([0, 0, 1, 0, 3]) == 0.4
    assert escalation_rate([True, False]) == 0.5
    assert follow_up_rate([True, True, True, False]) == 0.75


def test_rates_give_the_chosen_value_when_nothing_is_known() -> None:
    with pytest.raises(InvalidInputError, match="zero_division"):
        resolution_rate([None, None])
    assert resolution_rate([None], zero_division=0.0) == 0.0
    assert math.isnan(reopen_rate([], zero_division=math.nan))


def test_flags_are_yes_or_no() -> None:
    # A count is not a flag: [0, 1, 2] used to be read as levels or booleans.
    for bad in ([0, 1], [1.0, 0.5], ["yes"], [True, "no"]):
        with pytest.raises(InvalidInputError, match="flags"):
            escalation_rate(bad)


# --- SLA compliance, handle time, abandonment, backlog ---------------------------------


def test_sla_compliance_counts_open_items_past_due_as_breached() -> None:
    due = np.array(["2026-03-02T10:00"] * 4, dtype="datetime64[m]")
    done = np.array(
        ["2026-03-02T09:30", "2026-03-02T10:00", "2026-03-02T10:30", "NaT"], dtype="datetime64[m]"
    )
    before = sla_compliance(due, done, now=np.datetime64("2026-03-02T09:45"))
    assert (before.met, before.breached, before.pending, before.rate) == (2, 1, 1, 2 / 3)
    after = sla_compliance(due, done, now=T0 + timedelta(hours=2))
    assert (after.met, after.breached, after.pending, after.rate) == (2, 2, 0, 0.5)


def test_sla_compliance_judges_now_exactly_in_any_unit() -> None:
    due = np.array(["2026-03-02T10:00:00"], dtype="datetime64[s]")
    done = np.array(["NaT"], dtype="datetime64[s]")
    half_second_late = np.datetime64("2026-03-02T10:00:00.500", "ms")
    assert sla_compliance(due, done, now=half_second_late).breached == 1
    with pytest.raises(InvalidInputError, match="done"):  # not yet due: nothing decided
        sla_compliance(due, done, now=np.datetime64("2026-03-02T10:00:00", "s"))


def seconds(values: list[float]) -> list[timedelta | None]:
    return [None if math.isnan(v) else timedelta(seconds=v) for v in values]


def test_average_handle_time() -> None:
    # (300 + 30 + 60 + 200 + 0 + 30) / 2 = 310 seconds
    talk, hold, wrap = seconds([300, 200]), seconds([30, 0]), seconds([60, 30])
    assert average_handle_time(talk, hold=hold, after_call_work=wrap) == timedelta(seconds=310)
    tds = np.array([300, 200], dtype="timedelta64[s]")
    assert average_handle_time(
        tds, after_call_work=np.array([1000, 500], dtype="timedelta64[ms]") * 60
    ) == timedelta(seconds=295)
    assert average_handle_time(seconds([300, math.nan, 100]), nan_policy="omit") == timedelta(
        seconds=200
    )
    assert math.isnan(average_handle_time(seconds([300, math.nan]), nan_policy="propagate"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="talk"):
        average_handle_time([300, 200])  # seconds or minutes? a duration carries its unit


def test_abandon_rate() -> None:
    assert abandon_rate(5, 95) == 0.05
    rates = abandon_rate(np.array([5, 10]), np.array([95, 30]))
    assert rates.tolist() == [0.05, 0.25]  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError, match="zero_division"):
        abandon_rate(0, 0)


def test_backlog_with_ages() -> None:
    opened = np.array(
        ["2026-03-01T00:00", "2026-03-02T00:00", "2026-03-02T12:00", "2026-03-05"],
        dtype="datetime64[m]",
    )
    closed = np.array(["2026-03-02T06:00", "NaT", "2026-03-04", "NaT"], dtype="datetime64[m]")
    b = backlog(opened, closed, at=datetime(2026, 3, 3, tzinfo=timezone.utc))
    assert b.count == 2  # the first closed before, the last not yet opened
    assert b.ages.max == timedelta(days=1)
    assert b.ages.median == timedelta(hours=18)


# --- scorecard ------------------------------------------------------------------------


def test_scorecard_against_the_training_decks_targets() -> None:
    card = kpi_scorecard(
        {
            "first_response_time": TimeStats(10, 0, 4 * MIN, 3 * MIN, 9 * MIN),
            "first_contact_resolution_rate": 0.78,
            "resolution_rate": 0.95,
            "follow_up_rate": 1.0,
            "agent_rating": 4.6,
        }
    )
    assert [(kpi, row.met) for kpi, row in card.items()] == [
        ("first_response_time", True),
        ("first_contact_resolution_rate", False),
        ("resolution_rate", True),  # equal to the target is met
        ("follow_up_rate", True),
        ("agent_rating", True),
    ]
    assert card["first_response_time"].gap == -MIN
    assert card["first_contact_resolution_rate"].gap == pytest.approx(-0.02)
    assert card["first_response_time"].target == DEFAULT_TARGETS["first_response_time"].value
    frame = card.to_pandas()
    assert list(frame.columns) == ["kpi", "value", "target", "met", "gap"]
    assert "resolution_rate" in card
    assert "nps" not in card
    assert card.get("nps") is None
    with pytest.raises(InvalidInputError, match="kpi"):
        card["nps"]


def test_scorecard_custom_targets_and_bad_input() -> None:
    targets = {**DEFAULT_TARGETS, "callbacks": KPITarget(10.0, higher_is_better=True)}
    assert kpi_scorecard({"callbacks": 12}, targets=targets)["callbacks"].met
    with pytest.raises(InvalidInputError, match="values"):
        kpi_scorecard({"callbacks": 12})
    with pytest.raises(InvalidInputError, match="first_response_time"):
        kpi_scorecard({"first_response_time": 420})  # seconds or minutes? a timedelta says
    with pytest.raises(InvalidInputError, match="resolution_rate"):
        kpi_scorecard({"resolution_rate": "high"})


# --- grouping -------------------------------------------------------------------------


@given(st.lists(st.booleans() | st.none(), min_size=1, max_size=50))
def test_rates_are_within_0_and_1(flags: list[bool | None]) -> None:
    if all(f is None for f in flags):
        with pytest.raises(InvalidInputError):
            resolution_rate(flags)
        return
    assert 0.0 <= resolution_rate(flags) <= 1.0
    assert 0.0 <= first_contact_resolution_rate(flags) <= 1.0


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (
            lambda: first_response_time(np.array(["2026-03-02"], dtype="datetime64[D]")),
            "first_response_at",
        ),
        (
            lambda: first_response_time(
                np.array(["2026-03-02", "2026-03-03"], dtype="datetime64[D]"),
                np.array(["2026-03-01", "NaT"], dtype="datetime64[D]"),
            ),
            "first_response_at",
        ),
        (
            lambda: first_response_time(
                np.array(["2026-03-02"], dtype="datetime64[D]"),
                np.array(["2026-03-02", "2026-03-03"], dtype="datetime64[D]"),
            ),
            "first_response_at",
        ),
        (lambda: first_response_time([datetime(2026, 3, 2)], [None]), "opened_at"),
        (lambda: first_response_time(*opened_and_answered([1]), percentiles=(120,)), "percentiles"),
        (lambda: resolution_rate([]), "flags"),
        (lambda: resolution_rate(["yes"]), "flags"),
        (lambda: reopen_rate([-1]), "reopen_counts"),
        (lambda: escalation_rate([0, 1]), "flags"),
        (
            lambda: sla_compliance(
                np.array(["NaT"], dtype="datetime64[D]"), np.array(["NaT"], dtype="datetime64[D]")
            ),
            "due",
        ),
        (
            lambda: sla_compliance(
                np.array(["2026-03-02"], dtype="datetime64[D]"),
                np.array(["NaT"], dtype="datetime64[D]"),
            ),
            "done",
        ),
        (lambda: average_handle_time([]), "talk"),
        (lambda: average_handle_time(seconds([1, 2]), hold=seconds([1])), "hold"),
        (lambda: average_handle_time(seconds([-5])), "talk"),
        (lambda: abandon_rate(-1, 5), "abandoned"),
        (lambda: abandon_rate(1.5, 5), "abandoned"),
        (lambda: abandon_rate([1, 2], [3]), "handled"),
        (
            lambda: backlog(
                np.array(["2026-03-02"], dtype="datetime64[D]"),
                np.array(["2026-03-01"], dtype="datetime64[D]"),
                at=np.datetime64("2026-03-05"),
            ),
            "closed_at",
        ),
        (lambda: backlog(np.array(["2026-03-02"], dtype="datetime64[D]"), at="tomorrow"), "at"),
    ],
)
def test_bad_input_names_the_argument(call: object, argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.argument == argument
