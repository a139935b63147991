"""sla_events equals SLAClock.evaluate on every ticket, on every engine (Hypothesis over logs)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import BusinessCalendar, SLAClock, SLAPolicy, SLATargets
from servicekit.errors import InvalidInputError
from servicekit.frames import sla_events
from servicekit.sla import SLAState
from tests.frames.conftest import to_engine, to_polars

UTC = timezone.utc
T0 = datetime(2026, 3, 27, 8, tzinfo=UTC)  # the Friday before London's clocks go forward
STATUSES = ["new", "open", "waiting_on_customer", "on_hold", "resolved", "closed", "replied"]
LONDON = BusinessCalendar(
    {d: [("09:00", "12:30"), ("13:30", "17:30")] for d in range(5)},
    tz="Europe/London",
    holidays=[datetime(2026, 4, 3).date()],
)
POLICY = SLAPolicy(
    targets={
        "general": SLATargets(timedelta(hours=4), timedelta(hours=16)),
        "major": SLATargets(timedelta(hours=1), timedelta(hours=8)),
        "urgent": SLATargets(timedelta(minutes=30), timedelta(hours=4)),
    }
)
CLOCK = SLAClock(POLICY, LONDON)


@st.composite
def logs(draw: st.DrawFn) -> tuple[list[tuple[int, datetime, str, str]], dict[int, datetime]]:
    rows, replies = [], {}
    for ticket in range(draw(st.integers(1, 5))):
        severity = draw(st.sampled_from(["general", "major", "urgent"]))
        at = T0 + timedelta(minutes=draw(st.integers(0, 6 * 24 * 60)))
        created = at
        rows.append((ticket, at, "new", severity))
        for _ in range(draw(st.integers(0, 6))):
            at += timedelta(minutes=draw(st.integers(1, 2 * 24 * 60)))
            rows.append((ticket, at, draw(st.sampled_from(STATUSES)), severity))
        if draw(st.booleans()):
            replies[ticket] = created + timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
    return rows, replies


def _frames(
    rows: list[tuple[int, datetime, str, str]], replies: dict[int, datetime]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    log = pl.DataFrame(
        rows,
        schema={
            "ticket_id": pl.Int64,
            "at": pl.Datetime("us", "UTC"),
            "status": pl.String,
            "severity": pl.String,
        },
        orient="row",
    )
    answered = pl.DataFrame(
        {"ticket_id": list(replies), "at": list(replies.values())},
        schema={"ticket_id": pl.Int64, "at": pl.Datetime("us", "UTC")},
    )
    return log, answered


def _check(
    out: pl.DataFrame,
    rows: list[tuple[int, datetime, str, str]],
    replies: dict[int, datetime],
    now: datetime | None,
) -> None:
    tickets = sorted({r[0] for r in rows})
    assert out.select("ticket_id", "target").rows() == [
        (t, name) for t in tickets for name in ("first_response", "resolution")
    ]
    for row in out.iter_rows(named=True):
        mine = [r for r in rows if r[0] == row["ticket_id"]]
        at = now if now is not None else mine[-1][1]
        report = CLOCK.evaluate(
            [(r[1], r[2]) for r in mine],
            received_at=mine[0][1],
            now=at,
            severity=mine[0][3],
            first_response_at=replies.get(row["ticket_id"]),
        )
        status = getattr(report, row["target"])
        assert row["applied_at"] == mine[0][1]
        assert row["target_s"] == status.target.total_seconds()
        assert row["elapsed_s"] == pytest.approx(status.elapsed.total_seconds(), abs=1e-6)
        if status.due is None:
            assert row["breach_at"] is None
        else:
            assert row["breach_at"] == status.due, row
        assert row["breached"] == (status.state is SLAState.BREACHED)
        assert row["met"] == (status.state is SLAState.MET)
        assert row["active"] == (status.state in (SLAState.RUNNING, SLAState.AT_RISK))


@settings(max_examples=40, deadline=None)
@given(logs(), st.one_of(st.none(), st.integers(0, 12 * 24 * 60)))
def test_sla_events_equal_the_sla_clock(
    data: tuple[list[tuple[int, datetime, str, str]], dict[int, datetime]],
    minutes: int | None,
) -> None:
    rows, replies = data
    now = None if minutes is None else T0 + timedelta(minutes=minutes)
    if now is not None and all(r[1] > now for r in rows):
        return  # nothing has happened yet
    if now is not None:  # tickets created after now do not exist yet
        rows = [r for r in rows if min(x[1] for x in rows if x[0] == r[0]) <= now]
    log, answered = _frames(rows, replies)
    out = sla_events(log, POLICY, calendar=LONDON, severity="severity", replies=answered, now=now)
    _check(out, rows, replies, now)


FIXED = [
    (1, T0, "new", "major"),
    (1, T0 + timedelta(hours=3), "waiting_on_customer", "major"),
    (1, T0 + timedelta(days=3, hours=2), "open", "major"),
    (1, T0 + timedelta(days=4), "resolved", "major"),
    (2, T0 + timedelta(hours=1), "new", "general"),
    (2, T0 + timedelta(hours=30), "on_hold", "general"),
    (3, T0 + timedelta(hours=2), "new", "urgent"),
]
REPLIES = {1: T0 + timedelta(minutes=50), 3: T0 + timedelta(hours=5)}


def test_every_engine_gives_the_same_events(engine: str) -> None:
    log, answered = _frames(FIXED, REPLIES)
    now = T0 + timedelta(days=5)
    out = sla_events(
        to_engine(log, engine),
        POLICY,
        calendar=LONDON,
        severity="severity",
        replies=to_engine(answered, engine),
        now=now,
    )
    _check(to_polars(out, engine), FIXED, REPLIES, now)


def test_a_lazy_log_stays_lazy() -> None:
    log, _ = _frames(FIXED, REPLIES)
    assert isinstance(sla_events(log.lazy(), POLICY, calendar=LONDON), pl.LazyFrame)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"policy": "strict"}, "policy"),
        ({"calendar": None}, "calendar"),
        ({"severity": "priority"}, "severity"),
        ({"now": datetime(2026, 3, 2)}, "now"),
        ({"resolved_statuses": "resolved"}, "resolved_statuses"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, Any], argument: str) -> None:
    log, _ = _frames(FIXED, REPLIES)
    options: dict[str, Any] = {"policy": POLICY, "calendar": LONDON, **kwargs}
    policy = options.pop("policy")
    with pytest.raises(InvalidInputError) as info:
        sla_events(log, policy, **options)
    assert info.value.argument == argument
