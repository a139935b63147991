"""servicekit.io importers on small synthetic exports in the vendors' real header order.

Where each fixture's header order comes from is in tests/data/io/README.md: Zendesk's
legacy CSV export (help article 4408886165402; the order as rebuilt by public scripts
that reproduce it), Freshdesk's helpkit TicketsExportTest export_fields, Zammad's
lib/excel_sheet/ticket.rb ticket_header, and Jira's issue CSV export header.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest

from servicekit import InvalidInputError
from servicekit.io import read_freshdesk, read_jsm, read_zammad, read_zendesk

DATA = Path(__file__).resolve().parents[1] / "data" / "io"
READERS = {
    "zendesk": read_zendesk,
    "freshdesk": read_freshdesk,
    "zammad": read_zammad,
    "jsm": read_jsm,
}
COLUMNS = [
    "ticket_id",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "status",
    "priority",
    "channel",
    "category",
    "group",
    "agent_id",
    "reopens",
    "reopened",
    "escalated",
    "first_response_breached",
    "resolution_breached",
    "satisfaction",
    "first_response_derived",
]
PERSONAL = ("Test ", "example.invalid", "Invoice question", "Refund request", "VPN down")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)  # type: ignore[misc]


def rows(frame: Any) -> list[dict[str, Any]]:
    """The frame as plain Python rows (None for missing), whatever its kind."""
    if isinstance(frame, pl.DataFrame):
        return frame.to_dicts()
    out = []
    for record in frame.astype(object).to_dict("records"):
        out.append(
            {
                k: None
                if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)
                else (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v)
                for k, v in record.items()
            }
        )
    return out


def to_polars(frame: pd.DataFrame) -> pl.DataFrame:
    """A text-only pandas frame as polars (without pyarrow)."""
    return pl.DataFrame(
        {
            c: pl.Series(
                c, frame[c].astype(object).where(frame[c].notna(), None).tolist(), dtype=pl.String
            )
            for c in frame.columns
        }
    )


def read(vendor: str, backend: str = "polars", tz: str | None = "Europe/Berlin") -> Any:
    return READERS[vendor](DATA / f"{vendor}.csv", tz=tz, backend=backend)


# -- the normalised frame ------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars"])
@pytest.mark.parametrize("vendor", sorted(READERS))
def test_path_in_gives_the_documented_columns(vendor: str, backend: str) -> None:
    frame = read(vendor, backend)
    assert isinstance(frame, pd.DataFrame if backend == "pandas" else pl.DataFrame)
    assert list(frame.columns) == COLUMNS
    text = frame.astype(str).to_string() if backend == "pandas" else str(frame.to_dicts())
    for fragment in PERSONAL:
        assert fragment not in text  # requesters, e-mails, subjects are never carried
    for row in rows(frame):
        assert row["status"] in {"new", "open", "pending", "on_hold", "solved", "closed"}
        assert row["priority"] in {None, "low", "normal", "high", "urgent"}
        assert row["opened_at"].tzinfo is not None
        assert row["opened_at"].utcoffset().total_seconds() == 0


@pytest.mark.parametrize("vendor", sorted(READERS))
def test_dtypes_polars(vendor: str) -> None:
    schema = read(vendor).schema
    assert schema["ticket_id"] == pl.String
    for name in ("opened_at", "first_response_at", "resolved_at", "closed_at"):
        assert schema[name] == pl.Datetime("us", "UTC")
    assert schema["reopens"] == pl.Int64
    for name in ("reopened", "escalated", "first_response_breached", "first_response_derived"):
        assert schema[name] == pl.Boolean


@pytest.mark.parametrize("vendor", sorted(READERS))
def test_dtypes_pandas(vendor: str) -> None:
    dtypes = read(vendor, "pandas").dtypes
    for name in ("opened_at", "first_response_at", "resolved_at", "closed_at"):
        assert str(dtypes[name]) == "datetime64[us, UTC]"
    assert str(dtypes["reopens"]) == "int64"
    for name in ("reopened", "escalated", "resolution_breached", "first_response_derived"):
        assert str(dtypes[name]) == "boolean"  # nullable: missing stays missing


@pytest.mark.parametrize("vendor", sorted(READERS))
def test_pandas_and_polars_frames_in_give_the_same_rows(vendor: str) -> None:
    path = DATA / f"{vendor}.csv"
    from_path = rows(read(vendor, "polars"))
    as_pandas = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    as_polars = to_polars(as_pandas)
    pandas_out = READERS[vendor](as_pandas, tz="Europe/Berlin")
    assert isinstance(pandas_out, pd.DataFrame)
    assert rows(pandas_out) == from_path
    polars_out = READERS[vendor](as_polars, tz="Europe/Berlin")
    assert isinstance(polars_out, pl.DataFrame)
    assert rows(polars_out) == from_path


# -- per vendor ----------------------------------------------------------------------


def test_zendesk_first_reply_is_derived_from_minutes() -> None:
    first, second, third = rows(read("zendesk"))
    # Created 2026-03-02 09:00 Berlin (CET, UTC+1) = 08:00 UTC; first reply after 45 min
    assert first["opened_at"] == utc(2026, 3, 2, 8, 0)
    assert first["first_response_at"] == utc(2026, 3, 2, 8, 45)
    assert first["first_response_derived"] is True
    assert first["resolved_at"] == utc(2026, 3, 2, 14, 30)
    assert first["closed_at"] is None  # the legacy CSV has no closed time
    # no minutes (no reply yet): nothing derived
    assert second["first_response_at"] is None
    assert second["first_response_derived"] is False
    assert third["first_response_at"] == utc(2026, 3, 3, 10, 30)
    assert [r["status"] for r in (first, second, third)] == ["solved", "open", "on_hold"]
    assert [r["satisfaction"] for r in (first, second, third)] == ["good", None, "bad"]
    assert [r["reopens"] for r in (first, second, third)] == [0, 2, 0]
    assert [r["reopened"] for r in (first, second, third)] == [False, True, False]
    assert first["channel"] == "mail"
    assert first["category"] == "Question"
    assert first["group"] == "Billing"
    assert first["agent_id"] == "Agent Alpha"
    assert third["agent_id"] is None
    assert first["escalated"] is None  # Zendesk's export can't tell


def test_zendesk_time_across_the_spring_change() -> None:
    # 2026-03-28 23:30 in Berlin is still CET (clocks go forward on 29 March at 02:00)
    second = rows(read("zendesk"))[1]
    assert second["opened_at"] == utc(2026, 3, 28, 22, 30)


def test_freshdesk() -> None:
    first, second, third = rows(read("freshdesk"))
    assert first["first_response_at"] == utc(2026, 3, 2, 8, 20)  # Initial response time
    assert first["resolved_at"] == utc(2026, 3, 2, 11, 0)
    assert first["closed_at"] == utc(2026, 3, 2, 12, 0)
    assert [r["status"] for r in (first, second, third)] == ["closed", "pending", "open"]
    assert [r["priority"] for r in (first, second, third)] == ["normal", "urgent", "low"]
    assert [r["first_response_breached"] for r in (first, second, third)] == [False, True, None]
    assert [r["resolution_breached"] for r in (first, second, third)] == [False, None, None]
    assert first["satisfaction"] == "awesome"
    assert first["channel"] == "email"
    assert first["agent_id"] == "Agent Gamma"
    assert second["agent_id"] is None
    assert first["first_response_derived"] is False


def test_zammad() -> None:
    first, second, third = rows(read("zammad"))
    assert first["ticket_id"] == "31001"
    assert first["first_response_at"] == utc(2026, 3, 2, 8, 30)
    assert first["resolved_at"] == first["closed_at"] == utc(2026, 3, 2, 15, 0)
    assert [r["status"] for r in (first, second, third)] == ["closed", "pending", "closed"]
    assert [r["priority"] for r in (first, second, third)] == ["normal", "high", "low"]
    # First Response Diff In Min: the target minus the time taken; -15 is 15 minutes late
    assert [r["first_response_breached"] for r in (first, second, third)] == [False, True, None]
    assert first["resolution_breached"] is False
    assert first["channel"] == "email"
    assert first["agent_id"] == "Agent Delta"


def test_zammad_number_header_is_accepted() -> None:
    frame = pd.read_csv(DATA / "zammad.csv", dtype=str).rename(columns={"#": "Number"})
    assert rows(read_zammad(frame, tz="Europe/Berlin"))[0]["ticket_id"] == "31001"


def test_jsm_negative_remaining_time_is_breached() -> None:
    first, second, third, fourth = rows(read("jsm"))
    # "-0:35": the first-response goal was missed by 35 minutes
    assert first["first_response_breached"] is True
    assert first["resolution_breached"] is False
    assert second["first_response_breached"] is False
    assert second["resolution_breached"] is True  # "-3:05"
    assert third["resolution_breached"] is None  # no SLA value
    assert fourth["first_response_breached"] is None


def test_jsm_times_statuses_and_fields() -> None:
    first, second, third, fourth = rows(read("jsm"))
    assert first["ticket_id"] == "HELP-12"
    # 02/Mar/26 9:05 AM Berlin = 08:05 UTC; 3:40 PM = 14:40 UTC
    assert first["opened_at"] == utc(2026, 3, 2, 8, 5)
    assert first["resolved_at"] == utc(2026, 3, 2, 14, 40)
    assert second["opened_at"] == utc(2026, 3, 3, 22, 15)  # 11:15 PM
    assert [r["status"] for r in (first, second, third, fourth)] == [
        "solved",
        "open",
        "open",
        "open",  # "Awaiting parts" is no known status: Status Category "In Progress"
    ]
    assert [r["priority"] for r in (first, second, third, fourth)] == [
        "high",
        "normal",
        "urgent",
        "low",
    ]
    assert third["escalated"] is True
    assert first["escalated"] is None
    assert first["category"] == "Report a system problem"
    assert first["satisfaction"] == "4"
    assert first["agent_id"] == "Agent Epsilon"


# -- refusals ------------------------------------------------------------------------


REQUIRED = {
    "zendesk": ("Created at", "Zendesk"),
    "freshdesk": ("Ticket ID", "Freshdesk"),
    "zammad": ("State", "Zammad"),
    "jsm": ("Issue key", "Jira Service Management"),
}


@pytest.mark.parametrize("backend", ["pandas", "polars"])
@pytest.mark.parametrize("vendor", sorted(READERS))
def test_missing_required_column_names_the_column_and_format(vendor: str, backend: str) -> None:
    column, fmt = REQUIRED[vendor]
    frame = pd.read_csv(DATA / f"{vendor}.csv", dtype=str).drop(columns=[column])
    native = frame if backend == "pandas" else to_polars(frame)
    with pytest.raises(InvalidInputError) as info:
        READERS[vendor](native, tz="UTC")
    assert info.value.argument == "source"
    assert repr(column) in str(info.value)
    assert fmt in str(info.value)


@pytest.mark.parametrize("vendor", sorted(READERS))
def test_naive_times_without_tz_are_refused(vendor: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        read(vendor, tz=None)
    assert info.value.argument == "tz"
    assert "no zone" in str(info.value)


def test_aware_times_need_no_tz_and_are_converted_to_utc() -> None:
    frame = pl.DataFrame(
        {
            "Id": ["1", "2"],
            "Status": ["Open", "Solved"],
            "Created at": ["2026-03-02T09:00:00+01:00", "2026-03-02 09:00:00.250Z"],
            "Solved at": [None, "2026-03-02 10:00:00 -0500"],
        }
    )
    first, second = rows(read_zendesk(frame))
    assert first["opened_at"] == utc(2026, 3, 2, 8, 0)
    assert second["opened_at"] == utc(2026, 3, 2, 9, 0, 0, 250_000)
    assert second["resolved_at"] == utc(2026, 3, 2, 15, 0)


def test_mixed_naive_and_aware_times_are_refused() -> None:
    frame = pl.DataFrame(
        {
            "Id": ["1", "2"],
            "Status": ["Open", "Open"],
            "Created at": ["2026-03-02 09:00", "2026-03-02 09:00Z"],
        }
    )
    with pytest.raises(InvalidInputError, match="offset"):
        read_zendesk(frame, tz="UTC")


def test_datetime_columns_in_a_frame_are_read_as_such() -> None:
    naive = pd.DataFrame(
        {
            "#": ["1"],
            "State": ["open"],
            "Created At": pd.to_datetime(["2026-07-01 12:00"]),  # as pandas.read_excel gives
        }
    )
    assert rows(read_zammad(naive, tz="Asia/Shanghai"))[0]["opened_at"] == utc(2026, 7, 1, 4, 0)
    aware = naive.assign(**{"Created At": naive["Created At"].dt.tz_localize("Europe/Berlin")})
    assert rows(read_zammad(aware))[0]["opened_at"] == utc(2026, 7, 1, 10, 0)


def test_repeated_wall_time_takes_its_first_occurrence() -> None:
    # Berlin, 25 October 2026: 02:30 happens twice; the first is CEST (UTC+2)
    frame = pl.DataFrame({"Id": ["1"], "Status": ["Open"], "Created at": ["2026-10-25 02:30:00"]})
    assert rows(read_zendesk(frame, tz="Europe/Berlin"))[0]["opened_at"] == utc(2026, 10, 25, 0, 30)
    # New York, 1 November 2026: 01:30 happens twice; the first is EDT (UTC-4)
    frame = pl.DataFrame({"Id": ["1"], "Status": ["Open"], "Created at": ["2026-11-01 01:30:00"]})
    assert rows(read_zendesk(frame, tz="America/New_York"))[0]["opened_at"] == utc(
        2026, 11, 1, 5, 30
    )


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("Status", "Archived", "Zendesk statuses"),
        ("Priority", "Critical", "Zendesk priorities"),
        ("Created at", "yesterday", "times written as"),
        ("Reopens", "many", "numbers"),
    ],
)
def test_unreadable_cells_name_the_column(column: str, value: str, fragment: str) -> None:
    frame = pl.DataFrame(
        {"Id": ["1"], "Status": ["Open"], "Priority": ["Low"], "Created at": ["2026-03-02 09:00"]}
    ).with_columns(pl.lit(value).alias(column))
    with pytest.raises(InvalidInputError) as info:
        read_zendesk(frame, tz="UTC")
    assert info.value.argument == "source"
    assert repr(column) in str(info.value)
    assert fragment in str(info.value)


def test_jsm_sla_cell_that_is_not_hh_mm_is_refused() -> None:
    frame = pd.read_csv(DATA / "jsm.csv", dtype=str)
    frame.loc[0, "Custom field (Time to resolution)"] = "2 hours"
    with pytest.raises(InvalidInputError, match="HH:MM"):
        read_jsm(frame, tz="UTC")


def test_missing_ticket_id_is_refused() -> None:
    frame = pl.DataFrame(
        {"Id": [None, "2"], "Status": ["Open", "Open"], "Created at": ["2026-03-02 09:00"] * 2}
    )
    with pytest.raises(InvalidInputError, match="ticket id"):
        read_zendesk(frame, tz="UTC")


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": 8}, "tz"),
        ({"backend": "spark"}, "backend"),
    ],
)
def test_bad_options_name_the_argument(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        read_zendesk(DATA / "zendesk.csv", **kwargs)
    assert info.value.argument == argument


@pytest.mark.parametrize("source", [42, [1, 2], "no/such/export.csv"])
def test_bad_source_is_refused(source: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        read_freshdesk(source, tz="UTC")
    assert info.value.argument == "source"


def test_options_are_keyword_only() -> None:
    with pytest.raises(InvalidInputError, match="keyword-only"):
        read_jsm(DATA / "jsm.csv", "UTC")


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_datetime_columns_in_a_frame_are_read(backend: str) -> None:
    # a frame whose times are already datetimes, naive and with gaps, not text
    data = {
        "Id": ["1", "2"],
        "Status": ["Open", "Solved"],
        "Created at": [datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 10)],
        "Solved at": [None, datetime(2026, 3, 2, 12)],
    }
    frame = pl.DataFrame(data) if backend == "polars" else pd.DataFrame(data)
    out = read_zendesk(frame, tz="Asia/Shanghai")
    opened = list(out["opened_at"])
    assert [t.hour for t in opened] == [1, 2]  # 09:00 and 10:00 in Shanghai, in UTC
    solved = list(out["resolved_at"])
    assert solved[0] is None or solved[0] != solved[0]  # missing (None or NaT)
    assert solved[1].hour == 4
