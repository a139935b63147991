"""The report's figures are the library's own, and the page shows them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import polars as pl
import pytest

from servicekit import BusinessCalendar, InvalidInputError
from servicekit.frames import kpi_table, nps_by
from servicekit.metrics import complaint_spikes, nps
from servicekit.report import PRIORITY_SLA, Report, build_report
from servicekit.report._html import duration, percent

UTC = timezone.utc
SHANGHAI = "Asia/Shanghai"
# Monday to Friday 09:00-12:00 and 13:30-18:00 in Shanghai, 1 May 2026 a holiday
OFFICE = BusinessCalendar(
    {d: [("09:00", "12:00"), ("13:30", "18:00")] for d in range(5)},
    tz=SHANGHAI,
    holidays=[datetime(2026, 5, 1).date()],
)


def _local(*args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo(SHANGHAI)).astimezone(UTC)  # type: ignore[misc]


def _tickets(n_days: int = 40, per_day: int = 6, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-03-02T01:00", "us")  # 09:00 in Shanghai
    day = np.repeat(np.arange(n_days), per_day)
    opened = start + day * np.timedelta64(1, "D") + rng.integers(0, 9 * 3600, day.size) * 10**6
    first = opened + rng.integers(60, 6 * 3600, day.size) * 10**6
    resolved = first + rng.integers(3600, 3 * 86400, day.size) * 10**6
    resolved = np.where(rng.random(day.size) < 0.1, np.datetime64("NaT", "us"), resolved)
    frame = pl.DataFrame(
        {
            "ticket_id": [f"T-{i}" for i in range(day.size)],
            "opened_at": opened,
            "first_response_at": first,
            "resolved_at": resolved,
            "status": np.where(np.isnat(resolved), "open", "solved"),
            "priority": rng.choice(["low", "normal", "high", "urgent"], day.size),
            "channel": rng.choice(["email", "chat"], day.size),
            "category": rng.choice(["billing", "delivery", "product"], day.size),
            "reopened": rng.random(day.size) < 0.05,
            "escalated": rng.random(day.size) < 0.1,
        }
    )
    return frame.with_columns(
        pl.col("opened_at", "first_response_at", "resolved_at").dt.replace_time_zone("UTC")
    )


def _surveys(tickets: pl.DataFrame, seed: int = 2) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    solved = tickets.filter(pl.col("resolved_at").is_not_null())
    return pl.DataFrame(
        {
            "answered_at": solved["resolved_at"] + timedelta(hours=2),
            "nps": rng.integers(0, 11, solved.height),
            "csat": rng.integers(1, 6, solved.height),
        }
    )


@pytest.fixture(scope="module")
def report() -> Report:
    tickets = _tickets()
    return build_report(tickets, tz=SHANGHAI, calendar=OFFICE, surveys=_surveys(tickets))


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return report.to_html()


def test_the_kpis_are_kpi_tables_own(report: Report) -> None:
    tickets = _tickets()
    monthly = report.monthly
    # the same frame through kpi_table by hand: the SLA verdict from PRIORITY_SLA
    assert report.sla_source == "targets"
    expected = kpi_table(
        tickets.with_columns(pl.col("resolved_at").is_not_null().alias("resolved")),
        "period",
        columns={
            c: c
            for c in (
                "opened_at",
                "first_response_at",
                "resolved_at",
                "resolved",
                "reopened",
                "escalated",
            )
        },
        tz=SHANGHAI,
        freq="M",
        calendar=OFFICE,
    )
    for column in ("n", "answered", "first_response_time_business_median_s",
                   "resolution_time_business_p90_s", "reopen_rate", "escalation_rate"):  # fmt: skip
        assert monthly[column].to_list() == expected[column].to_list(), column
    overall = report.overall.row(0, named=True)
    card = report.scorecard
    assert card["first_response_time"].value == timedelta(
        seconds=overall["first_response_time_business_median_s"]
    )
    assert card["resolution_rate"].value == overall["resolution_rate"]


def test_sla_verdicts_follow_the_priority_targets(report: Report) -> None:
    tickets = _tickets()
    opened = tickets["opened_at"].dt.replace_time_zone(None).to_numpy()
    first = tickets["first_response_at"].dt.replace_time_zone(None).to_numpy()
    done = tickets["resolved_at"].dt.replace_time_zone(None).to_numpy()
    fr = OFFICE.between(opened, first) / np.timedelta64(1, "s")
    res = OFFICE.between(opened, done) / np.timedelta64(1, "s")
    goals = np.array([PRIORITY_SLA[p] for p in tickets["priority"]])
    goal_s = np.vectorize(lambda t: t.total_seconds())(goals)
    breached = (fr > goal_s[:, 0]) | (res > goal_s[:, 1])
    known = breached | ~np.isnan(res)
    expected = (~breached[known]).mean()
    assert report.overall["sla_compliance"][0] == pytest.approx(expected)


def test_the_export_own_breach_flags_win() -> None:
    tickets = _tickets().with_columns(
        (pl.col("ticket_id").str.extract(r"(\d+)").cast(pl.Int64) % 4 == 0).alias(
            "first_response_breached"
        ),
        pl.lit(False).alias("resolution_breached"),
    )
    report = build_report(tickets, tz=SHANGHAI, calendar=OFFICE)
    assert report.sla_source == "export"
    assert report.overall["sla_compliance"][0] == pytest.approx(0.75)


def test_business_times_count_open_hours_only() -> None:
    # opened Friday 17:00, answered Monday 10:00 (Shanghai): one hour Friday, one Monday
    tickets = pl.DataFrame(
        {
            "ticket_id": ["A", "B"],
            "opened_at": [_local(2026, 3, 6, 17), _local(2026, 3, 9, 9)],
            "first_response_at": [_local(2026, 3, 9, 10), _local(2026, 3, 9, 14)],
            "status": ["open", "open"],
        }
    )
    report = build_report(tickets, tz=SHANGHAI, calendar=OFFICE)
    # B: 09:00-12:00 and 13:30-14:00, three and a half hours
    assert sorted(report.first_response_s.tolist()) == [7200.0, 12600.0]


def test_volume_is_complaint_spikes_with_the_last_day_incomplete(report: Report) -> None:
    tickets = _tickets()
    last = tickets.select(pl.max_horizontal(pl.all().exclude(
        "ticket_id", "status", "priority", "channel", "category", "reopened", "escalated"
    ).max())).item()  # fmt: skip
    until = last + timedelta(microseconds=1)
    expected = complaint_spikes(tickets["opened_at"], freq="D", tz=SHANGHAI, until=until)
    assert report.volume.counts.tolist() == expected.counts.tolist()
    assert report.volume.incomplete.tolist() == expected.incomplete.tolist()
    assert report.volume.incomplete[-1]
    assert report.until == until


def test_a_surge_in_the_last_hours_is_incomplete_not_a_spike() -> None:
    tickets = _tickets(n_days=30, per_day=5).drop("first_response_at", "resolved_at")
    surge_at = tickets["opened_at"].max() + timedelta(days=1)
    surge = pl.DataFrame(
        {
            "ticket_id": [f"S-{i}" for i in range(60)],
            "opened_at": [surge_at + timedelta(minutes=i) for i in range(60)],
            "status": ["new"] * 60,
        }
    )
    report = build_report(pl.concat([tickets, surge], how="diagonal"), tz=SHANGHAI)
    assert report.volume.counts[-1] == 60
    assert report.volume.incomplete[-1]
    assert report.volume.spikes.size == 0


def test_satisfaction_is_nps_by_month(report: Report) -> None:
    surveys = _surveys(_tickets())
    by_month = surveys.with_columns(
        pl.col("answered_at")
        .dt.convert_time_zone(SHANGHAI)
        .dt.truncate("1mo")
        .dt.replace_time_zone(None)
        .alias("period")
    )
    expected = nps_by(by_month, "period")
    assert report.nps_monthly is not None
    assert report.nps_monthly["nps"].to_list() == expected["nps"].to_list()
    assert report.scorecard["nps"].value == nps(surveys["nps"].to_numpy()).score


def test_staffing_uses_open_days_only(report: Report) -> None:
    tickets = _tickets()
    local = tickets["opened_at"].dt.convert_time_zone(SHANGHAI)
    weekday = local.dt.weekday() <= 5
    open_days = local.filter(weekday).dt.date().n_unique()
    slot = report.staffing.filter(pl.col("slot") == "10:00")
    in_slot = local.filter(weekday & (local.dt.hour() == 10) & (local.dt.minute() < 30)).len()
    # the tickets start on a Monday and every weekday has tickets: no day is missed
    assert slot["arrivals"][0] == pytest.approx(in_slot / open_days)
    assert report.staffing["agents"].min() >= 0
    assert report.hourly.sum() == tickets.height


def test_the_page_shows_the_reports_numbers(report: Report, page: str) -> None:
    overall = report.overall.row(0, named=True)
    assert percent(overall["sla_compliance"]) in page
    assert duration(overall["first_response_time_business_median_s"]) in page
    for row in report.monthly.iter_rows(named=True):
        assert f"<td>{str(row['period'])[:7]}</td><td>{row['n']:,}</td>" in page
    for kpi, row in report.scorecard.items():
        assert f'data-kpi="{kpi}"' in page
        assert ("missed" if not row.met else "met") in page
    assert f"{report.tickets:,} tickets" in page
    incomplete = str(report.volume.periods[-1])[:10]
    assert re.search(rf'class="incomplete">{incomplete}<', page)


def test_the_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", page)
    assert "url(http" not in page
    assert "Content-Security-Policy" in page


def test_nothing_personal_reaches_the_page() -> None:
    tickets = _tickets(n_days=10).with_columns(
        pl.lit("Wang Xiaoming").alias("requester"),
        pl.lit("wang@example.com").alias("email"),
        pl.lit("My parcel never came").alias("subject"),
    )
    page = build_report(tickets, tz=SHANGHAI).to_html()
    for secret in ("Wang Xiaoming", "wang@example.com", "parcel"):
        assert secret not in page


def test_pandas_and_polars_give_the_same_report() -> None:
    tickets = _tickets(n_days=15)
    a = build_report(tickets, tz=SHANGHAI, calendar=OFFICE)
    b = build_report(tickets.to_pandas(), tz=SHANGHAI, calendar=OFFICE)
    c = build_report(tickets.lazy(), tz=SHANGHAI, calendar=OFFICE)
    for other in (b, c):
        assert other.monthly.equals(a.monthly)
        assert other.volume.counts.tolist() == a.volume.counts.tolist()


def test_naive_times_are_read_in_tz() -> None:
    tickets = _tickets(n_days=5)
    naive = tickets.with_columns(
        pl.col("opened_at", "first_response_at", "resolved_at")
        .dt.convert_time_zone(SHANGHAI)
        .dt.replace_time_zone(None)
    )
    a = build_report(tickets, tz=SHANGHAI, calendar=OFFICE)
    b = build_report(naive, tz=SHANGHAI, calendar=OFFICE)
    assert b.first_response_s.tolist() == a.first_response_s.tolist()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda t: build_report([1, 2], tz=SHANGHAI), "tickets"),
        (lambda t: build_report(t.drop("status"), tz=SHANGHAI), "tickets"),
        (lambda t: build_report(t.head(0), tz=SHANGHAI), "tickets"),
        (lambda t: build_report(t, tz="Mars/Olympus"), "tz"),
        (lambda t: build_report(t, tz=SHANGHAI, calendar="office"), "calendar"),
        (lambda t: build_report(t, tz=SHANGHAI, until=datetime(2026, 1, 1, tzinfo=UTC)), "until"),
        (lambda t: build_report(t, tz=SHANGHAI, until=datetime(2027, 1, 1)), "until"),
        (lambda t: build_report(t, tz=SHANGHAI, surveys=t), "surveys"),
        (
            lambda t: build_report(t.with_columns(pl.lit("soon").alias("opened_at")), tz="UTC"),
            "tickets",
        ),
    ],
)
def test_bad_input_is_named(call: Any, name: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call(_tickets(n_days=3))
    assert caught.value.argument == name
