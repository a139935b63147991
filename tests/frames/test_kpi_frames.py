"""kpi_table on every engine: per-group KPIs equal the scalar functions; periods in local time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit import BusinessCalendar
from servicekit.errors import InvalidInputError
from servicekit.frames import kpi_table
from servicekit.metrics import KPITable, first_response_time, resolution_rate
from tests.frames.conftest import to_engine, to_polars

UTC = timezone.utc
SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar(
    {d: [("09:00", "12:00"), ("13:30", "18:00")] for d in range(5)}, tz="Asia/Shanghai"
)

RNG = np.random.default_rng(11)
N = 300
_opened = np.datetime64("2026-09-28T00:00", "us") + RNG.integers(0, 30 * 86_400, N).astype(
    "timedelta64[s]"
)
_frt = RNG.integers(30, 5 * 86_400, N).astype("timedelta64[s]")
_res = _frt + RNG.integers(60, 9 * 86_400, N).astype("timedelta64[s]")
TICKETS = pl.DataFrame(
    {
        "agent": RNG.choice(["ann", "bo", "cy"], N),
        "created": pl.Series(_opened).dt.replace_time_zone("UTC"),
        "first_reply": pl.Series(_opened + _frt).dt.replace_time_zone("UTC"),
        "solved": pl.Series(_opened + _res).dt.replace_time_zone("UTC"),
        "reopened": RNG.choice([True, False], N),
        "escalated": RNG.choice([True, False], N),
    }
).with_columns(
    pl.when(pl.int_range(pl.len()) % 9 == 0)
    .then(None)
    .otherwise(pl.col("first_reply"))
    .alias("first_reply"),
    pl.when(pl.int_range(pl.len()) % 5 == 0).then(None).otherwise(pl.col("solved")).alias("solved"),
)
MAPPING = {"opened_at": "created", "first_response_at": "first_reply", "resolved_at": "solved"}


def _seconds(start: pl.Series, stop: pl.Series) -> np.ndarray:
    keep = ~stop.is_null().to_numpy()
    a = start.to_numpy()[keep].astype("datetime64[us]")
    b = stop.to_numpy()[keep].astype("datetime64[us]")
    return (b - a).astype("timedelta64[us]").astype(np.int64) / 1e6


def _business(start: pl.Series, stop: pl.Series) -> np.ndarray:
    keep = ~stop.is_null().to_numpy()
    a = start.to_numpy()[keep].astype("datetime64[us]")
    b = stop.to_numpy()[keep].astype("datetime64[us]")
    return OFFICE.between(a, b).astype(np.int64) / 1e6


def test_kpis_per_group_equal_the_scalar_functions(engine: str) -> None:
    out = to_polars(
        kpi_table(
            to_engine(TICKETS, engine),
            "agent",
            columns=MAPPING,
            calendar=OFFICE,
            targets={"first_response": timedelta(hours=4)},
        ),
        engine,
    )
    assert out["agent"].to_list() == ["ann", "bo", "cy"]
    for row in out.iter_rows(named=True):
        g = TICKETS.filter(pl.col("agent") == row["agent"])
        assert row["n"] == g.height
        frt = _seconds(g["created"], g["first_reply"])
        rt = _seconds(g["created"], g["solved"])
        bfrt = _business(g["created"], g["first_reply"])
        brt = _business(g["created"], g["solved"])
        assert row["answered"] == frt.size
        assert row["resolved_n"] == rt.size
        for name, values in [
            ("first_response_time", frt),
            ("resolution_time", rt),
            ("first_response_time_business", bfrt),
            ("resolution_time_business", brt),
        ]:
            assert row[f"{name}_mean_s"] == pytest.approx(values.mean(), rel=1e-12)
            assert row[f"{name}_median_s"] == pytest.approx(np.median(values), rel=1e-12)
            assert row[f"{name}_p90_s"] == pytest.approx(np.quantile(values, 0.9), rel=1e-12)
        assert row["reopen_rate"] == pytest.approx(g["reopened"].mean())
        assert row["escalation_rate"] == pytest.approx(g["escalated"].mean())
        assert row["resolution_rate"] == pytest.approx(rt.size / g.height)
        # SLA met: first response within 4 business hours, over the answered tickets
        assert row["sla_compliance"] == pytest.approx((bfrt <= 4 * 3600).mean())
    whole = first_response_time(
        TICKETS["created"].to_numpy().astype("datetime64[us]"),
        TICKETS["first_reply"].to_numpy().astype("datetime64[us]"),
    ).mean
    assert whole is not None
    combined = (out["first_response_time_mean_s"] * out["answered"]).sum() / out["answered"].sum()
    assert combined == pytest.approx(whole.total_seconds())


# Complaints on 13 October in Shanghai, two of them still 12 October in UTC.
SPIKE = pl.DataFrame(
    {
        "team": ["a"] * 4,
        "opened_at": [
            datetime(2026, 10, 12, 16, 30, tzinfo=UTC),  # 00:30 on 13 Oct in Shanghai
            datetime(2026, 10, 12, 20, 0, tzinfo=UTC),  # 04:00 on 13 Oct
            datetime(2026, 10, 13, 2, 0, tzinfo=UTC),
            datetime(2026, 3, 31, 16, 30, tzinfo=UTC),  # 00:30 on 1 April in Shanghai
        ],
    }
)


def test_periods_are_local_days_and_months(engine: str) -> None:
    daily = to_polars(
        kpi_table(to_engine(SPIKE, engine), "team", tz="Asia/Shanghai", freq="D"), engine
    )
    assert dict(zip(daily["period"].dt.date().to_list(), daily["n"].to_list(), strict=True)) == {
        datetime(2026, 4, 1).date(): 1,
        datetime(2026, 10, 13).date(): 3,
    }
    monthly = to_polars(
        kpi_table(to_engine(SPIKE, engine), "team", tz="Asia/Shanghai", freq="M"), engine
    )
    assert [d.month for d in monthly["period"].dt.date().to_list()] == [4, 10]
    in_utc = to_polars(kpi_table(to_engine(SPIKE, engine), "team", freq="D"), engine)
    assert in_utc["n"].to_list() == [1, 2, 1]  # the data's own zone: UTC


def test_weeks_start_on_monday_across_a_london_dst_change(engine: str) -> None:
    london = pl.DataFrame(
        {
            "team": ["a"] * 4,
            "opened_at": [
                datetime(
                    2026, 3, 29, 0, 30, tzinfo=UTC
                ),  # Sunday 00:30 GMT (clocks go forward at 01:00)
                datetime(2026, 3, 29, 23, 30, tzinfo=UTC),  # Monday 00:30 BST: next week
                datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # Sunday 25 Oct 00:30 BST
                datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # Sunday 23:30 GMT, same week
            ],
        }
    )
    out = to_polars(
        kpi_table(to_engine(london, engine), "team", tz="Europe/London", freq="W"), engine
    )
    weeks = dict(zip(out["period"].dt.date().to_list(), out["n"].to_list(), strict=True))
    assert weeks == {
        datetime(2026, 3, 23).date(): 1,
        datetime(2026, 3, 30).date(): 1,
        datetime(2026, 10, 19).date(): 2,
    }


def test_naive_times_need_a_zone_and_are_read_in_it() -> None:
    naive = SPIKE.with_columns(pl.col("opened_at").dt.replace_time_zone(None))
    with pytest.raises(InvalidInputError, match="naive times, so pass tz="):
        kpi_table(naive, "team", freq="D")
    # naive wall-clock times in Shanghai: 16:30 on 12 Oct stays 12 Oct
    out = kpi_table(naive, "team", tz="Asia/Shanghai", freq="D")
    assert out["period"].dt.date().to_list()[1] == datetime(2026, 10, 12).date()


def test_a_lazy_frame_stays_lazy() -> None:
    out = kpi_table(TICKETS.lazy(), "agent", columns=MAPPING, freq="W", tz="Asia/Shanghai")
    assert isinstance(out, pl.LazyFrame)


def test_responses_before_the_opening_are_refused() -> None:
    bad = TICKETS.head(3).with_columns(pl.col("created").alias("first_reply"))
    bad = bad.with_columns(pl.col("first_reply") - pl.duration(hours=1))
    with pytest.raises(InvalidInputError, match="first_response_at=<3 before opened_at>"):
        kpi_table(bad, "agent", columns=MAPPING)


group_rows = st.lists(
    st.tuples(
        st.sampled_from(["a-1", "a-2", "a-3"]),
        st.none() | st.integers(0, 600),
        st.none() | st.booleans(),
        st.none() | st.booleans(),
    ),
    min_size=1,
    max_size=60,
)


@given(group_rows)
def test_a_dict_of_columns_still_works_and_groups_add_up(
    rows: list[tuple[str, int | None, bool | None, bool | None]],
) -> None:
    opened = np.full(len(rows), np.datetime64("2026-03-02T09:00", "s"))
    answered = np.array(
        [
            np.datetime64("NaT", "s") if s is None else opened[0] + np.timedelta64(s, "s")
            for _, s, _, _ in rows
        ]
    )
    cols: dict[str, Any] = {
        "agent_id": [r[0] for r in rows],
        "opened_at": opened,
        "first_response_at": answered,
        "resolved": [r[2] for r in rows],
        "first_contact_resolution": [r[3] for r in rows],
    }
    table = kpi_table(cols, "agent_id")
    assert isinstance(table, KPITable)
    records = table.to_records()
    assert sum(r["n"] for r in records) == len(rows)
    for r in records:
        for rate in ("resolution_rate", "first_contact_resolution_rate"):
            assert r[rate] is None or 0.0 <= r[rate] <= 1.0
    known = sum(r["resolution_known"] for r in records)
    if known:
        combined = (
            sum(
                r["resolution_rate"] * r["resolution_known"]
                for r in records
                if r["resolution_known"]
            )
            / known
        )
        assert combined == pytest.approx(resolution_rate(cols["resolved"]))
    answered_total = sum(r["answered"] for r in records)
    if answered_total:
        mean = (
            sum(r["first_response_time_mean_s"] * r["answered"] for r in records if r["answered"])
            / answered_total
        )
        whole = first_response_time(opened, answered).mean
        assert whole is not None
        assert mean == pytest.approx(whole.total_seconds())


def test_a_missing_opening_time_is_never_wrapped_around() -> None:
    # An item with no opened_at has no first response time; once, NaT wrapped around
    # to a mean of -9.2e12 seconds.
    opened = np.array(["2026-03-02T09:00", "NaT"], dtype="datetime64[us]")
    answered = opened + np.timedelta64(2, "m")
    answered[1] = np.datetime64("2026-03-02T09:04")
    table = kpi_table(
        {"agent_id": ["a", "a"], "opened_at": opened, "first_response_at": answered}, "agent_id"
    )
    (record,) = table.to_records()
    assert (record["answered"], record["first_response_time_mean_s"]) == (1, 120.0)


def test_pandas_frame_and_dict_agree() -> None:
    cols = {
        "channel": ["chat", "chat", "phone"],
        "resolved": [True, True, False],
        "handle_time": pd.to_timedelta([300, 100, 60], unit="s"),
    }
    from_frame = kpi_table(pd.DataFrame(cols), "channel")
    records = kpi_table(cols, "channel").to_records()
    assert from_frame["average_handle_time_s"].tolist() == [200.0, 60.0]
    assert [r["average_handle_time_s"] for r in records] == [200.0, 60.0]
    assert from_frame["resolution_rate"].tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: kpi_table({"agent_id": ["a", "b"], "resolved": [True]}, "agent_id"), "frame"),
        (lambda: kpi_table({"agent_id": ["a"]}, "period"), "freq"),
        (lambda: kpi_table([], "agent_id"), "frame"),
        (lambda: kpi_table(TICKETS, "nobody"), "by"),
        (lambda: kpi_table(TICKETS, "agent", columns={"opened": "created"}), "columns"),
        (lambda: kpi_table(TICKETS, "agent", columns={"opened_at": "nope"}), "columns"),
        (lambda: kpi_table(TICKETS, "agent", columns=MAPPING, freq="Y"), "freq"),
        (lambda: kpi_table(TICKETS, "agent", columns=MAPPING, tz="Mars/Olympus"), "tz"),
        (lambda: kpi_table(TICKETS, "agent", columns=MAPPING, calendar="office"), "calendar"),
        (
            lambda: kpi_table(TICKETS, "agent", columns=MAPPING, targets={"reply": timedelta(1)}),
            "targets",
        ),
        (lambda: kpi_table(TICKETS, "agent", columns={"reopened": "agent"}), "reopened"),
        (
            lambda: kpi_table(
                {"agent_id": ["a"], "handle_time": np.array([-5], dtype="timedelta64[s]")},
                "agent_id",
            ),
            "handle_time",
        ),
    ],
)
def test_bad_arguments_are_named(call: Any, argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.argument == argument
