"""ticket_metrics equals a per-ticket reference computation and the SLA clock, on every engine."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import BusinessCalendar, SLAClock
from servicekit.errors import InvalidInputError
from servicekit.frames import ticket_metrics
from tests.frames.conftest import to_engine, to_polars

UTC = timezone.utc
T0 = datetime(2026, 3, 27, 8, tzinfo=UTC)  # the Friday before London's clocks go forward
STATUSES = ["new", "open", "pending", "hold", "solved", "closed"]
PAUSE, HOLD, SOLVED = {"pending"}, {"hold", "on_hold"}, {"solved", "closed"}
LONDON = BusinessCalendar(
    {d: [("09:00", "12:30"), ("13:30", "17:30")] for d in range(5)},
    tz="Europe/London",
    holidays=[datetime(2026, 4, 3).date()],
)


def reference(rows: list[tuple[datetime, str]], calendar: BusinessCalendar) -> dict[str, Any]:
    """The measures of one ticket, interval by interval, with BusinessCalendar.between."""
    kinds = ("requester_wait_time", "agent_wait_time", "agent_work_time", "on_hold_time")
    out: dict[str, Any] = dict.fromkeys(kinds, 0.0)
    out.update({f"{k}_b": 0.0 for k in list(out)})
    reopens = 0
    first_solved = last_solve_start = None
    for k, (at, state) in enumerate(rows):
        prev = rows[k - 1][1] if k else None
        if state in SOLVED and first_solved is None:
            first_solved = at
        if state in SOLVED and (prev is None or prev not in SOLVED):
            last_solve_start = at
        if state not in SOLVED and prev in SOLVED:
            reopens += 1
        if k + 1 == len(rows):
            break
        end = rows[k + 1][0]
        wall = (end - at).total_seconds()
        biz = calendar.between(at, end).total_seconds()
        for name, on in (
            ("requester_wait_time", state not in PAUSE and state not in SOLVED),
            ("agent_wait_time", state in PAUSE),
            ("agent_work_time", state not in PAUSE | HOLD | SOLVED),
            ("on_hold_time", state in HOLD),
        ):
            if on:
                out[name] += wall
                out[f"{name}_b"] += biz
    created = rows[0][0]
    solved_now = rows[-1][1] in SOLVED
    out["reopens"] = reopens
    out["first_resolution_time"] = (
        None if first_solved is None else (first_solved - created).total_seconds()
    )
    out["first_resolution_time_b"] = (
        None if first_solved is None else calendar.between(created, first_solved).total_seconds()
    )
    full = last_solve_start if solved_now else None
    out["full_resolution_time"] = None if full is None else (full - created).total_seconds()
    out["full_resolution_time_b"] = (
        None if full is None else calendar.between(created, full).total_seconds()
    )
    return out


@st.composite
def logs(draw: st.DrawFn) -> list[tuple[int, datetime, str]]:
    out = []
    for ticket in range(draw(st.integers(1, 6))):
        at = T0 + timedelta(minutes=draw(st.integers(0, 7 * 24 * 60)))
        out.append((ticket, at, "new"))
        for _ in range(draw(st.integers(0, 7))):
            at += timedelta(minutes=draw(st.integers(1, 3 * 24 * 60)))
            out.append((ticket, at, draw(st.sampled_from(STATUSES))))
    return out


def _frame(log: list[tuple[int, datetime, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ticket_id": [r[0] for r in log],
            "at": [r[1] for r in log],
            "status": [r[2] for r in log],
        },
        schema={"ticket_id": pl.Int64, "at": pl.Datetime("us", "UTC"), "status": pl.String},
    )


def _check(out: pl.DataFrame, log: list[tuple[int, datetime, str]]) -> None:
    tickets = sorted({r[0] for r in log})
    assert out["ticket_id"].to_list() == tickets
    for row in out.iter_rows(named=True):
        rows = [(at, st) for t, at, st in log if t == row["ticket_id"]]
        ref = reference(rows, LONDON)
        for name in (
            "requester_wait_time",
            "agent_wait_time",
            "agent_work_time",
            "on_hold_time",
            "first_resolution_time",
            "full_resolution_time",
        ):
            for got, want in (
                (row[f"{name}_s"], ref[name]),
                (row[f"{name}_business_s"], ref[f"{name}_b"]),
            ):
                if want is None:
                    assert got is None, name
                else:
                    assert got == pytest.approx(want, abs=1e-6), name
        assert row["reopens"] == ref["reopens"]
        # the SLA clock agrees: resolution time runs while not paused and not solved
        clock = SLAClock(calendar=LONDON, pause_statuses=PAUSE, resolved_statuses=SOLVED)
        report = clock.evaluate(
            rows[1:], received_at=rows[0][0], now=rows[-1][0], severity="general"
        )
        assert row["requester_wait_time_business_s"] == pytest.approx(
            report.resolution.elapsed.total_seconds(), abs=1e-6
        )


@settings(max_examples=40, deadline=None)
@given(logs())
def test_ticket_metrics_equal_the_reference_and_the_sla_clock(
    log: list[tuple[int, datetime, str]],
) -> None:
    _check(ticket_metrics(_frame(log), calendar=LONDON), log)


FIXED = [
    (1, T0, "new"),
    (1, T0 + timedelta(hours=3), "pending"),
    (1, T0 + timedelta(days=1, hours=2), "open"),
    (1, T0 + timedelta(days=3), "solved"),
    (1, T0 + timedelta(days=4), "open"),
    (1, T0 + timedelta(days=5), "hold"),
    (1, T0 + timedelta(days=6), "solved"),
    (2, T0 + timedelta(hours=1), "new"),
    (2, T0 + timedelta(hours=30), "open"),
    (3, T0 + timedelta(hours=2), "new"),
]


def test_every_engine_gives_the_same_metrics(engine: str) -> None:
    out = to_polars(ticket_metrics(to_engine(_frame(FIXED), engine), calendar=LONDON), engine)
    _check(out, FIXED)


def test_first_reply_from_a_replies_table(engine: str) -> None:
    replies = pl.DataFrame(
        {
            "ticket_id": [1, 1, 2],
            "at": [T0 + timedelta(hours=5), T0 + timedelta(hours=2), T0 + timedelta(hours=50)],
        },
        schema={"ticket_id": pl.Int64, "at": pl.Datetime("us", "UTC")},
    )
    out = to_polars(
        ticket_metrics(
            to_engine(_frame(FIXED), engine), calendar=LONDON, replies=to_engine(replies, engine)
        ),
        engine,
    )
    first = dict(zip(out["ticket_id"], out["first_reply_time_s"], strict=True))
    assert first == {1: 7200.0, 2: 49 * 3600.0, 3: None}
    business = dict(zip(out["ticket_id"], out["first_reply_time_business_s"], strict=True))
    # Friday 08:00 -> 10:00 UTC is 08:00 -> 10:00 in London (GMT until Sunday): one open hour
    assert business[1] == 3600.0 == LONDON.between(T0, T0 + timedelta(hours=2)).total_seconds()


def test_now_counts_the_current_status() -> None:
    log = _frame([(1, T0, "new"), (1, T0 + timedelta(hours=1), "pending")])
    out = ticket_metrics(log, calendar=None, now=T0 + timedelta(hours=4))
    assert out.select("requester_wait_time_s", "agent_wait_time_s").row(0) == (3600.0, 10800.0)
    assert ticket_metrics(log, calendar=None)["agent_wait_time_s"].to_list() == [0.0]


def test_a_lazy_log_stays_lazy() -> None:
    assert isinstance(ticket_metrics(_frame(FIXED).lazy(), calendar=LONDON), pl.LazyFrame)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"ticket": "id"}, "ticket"),
        ({"status": "ticket_id"}, "status"),
        ({"pause_statuses": "pending"}, "pause_statuses"),
        ({"calendar": "office"}, "calendar"),
        ({"now": datetime(2026, 3, 2)}, "now"),
        ({"replies": [1, 2]}, "replies"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, Any], argument: str) -> None:
    options: dict[str, Any] = {"calendar": LONDON, **kwargs}
    with pytest.raises(InvalidInputError) as info:
        ticket_metrics(_frame(FIXED), **options)
    assert info.value.argument == argument


def test_naive_times_need_a_zone() -> None:
    naive = _frame(FIXED).with_columns(pl.col("at").dt.replace_time_zone(None))
    with pytest.raises(InvalidInputError, match="naive"):
        ticket_metrics(naive, calendar=None)
    out = ticket_metrics(naive, calendar=None, tz="UTC")
    assert out.height == 3


def test_a_log_that_falls_in_closed_hours_has_no_business_time() -> None:
    saturday = datetime(2026, 3, 28, 10, tzinfo=UTC)
    log = _frame([(1, saturday, "new"), (1, saturday + timedelta(hours=3), "solved")])
    out = ticket_metrics(log, calendar=LONDON)
    assert out.select("full_resolution_time_s", "full_resolution_time_business_s").row(0) == (
        10800.0,
        0.0,
    )
