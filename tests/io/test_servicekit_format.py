"""read_servicekit: servicekit's own ticket CSV back into the normalised ticket frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from servicekit import InvalidInputError
from servicekit.io import read_servicekit, read_zendesk
from servicekit.io._frame import COLUMNS

HEADER = "ticket_id,opened_at,status,priority,reopens,escalated,first_response_breached\n"


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(header + body)
    return path


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_minimal_file_fills_the_optional_columns(tmp_path: Path, backend: str) -> None:
    path = _write(
        tmp_path,
        "HD-1,2026-03-02T01:00:00Z,solved,high,2,TRUE,false\nHD-2,2026-03-02T02:00:00Z,new,,,,\n",
    )
    t = read_servicekit(path, backend=backend)
    frame = t if isinstance(t, pl.DataFrame) else pl.from_pandas(t)
    assert frame.columns == list(COLUMNS)
    assert frame["reopens"].to_list() == [2, 0]
    assert frame["reopened"].to_list() == [True, False]
    assert frame["escalated"].to_list() == [True, None]
    assert frame["first_response_breached"].to_list() == [False, None]
    assert frame["first_response_derived"].to_list() == [False, False]
    assert frame["resolved_at"].to_list() == [None, None]
    assert str(frame["opened_at"][0]) == "2026-03-02 01:00:00+00:00"


def test_same_dtypes_as_the_vendor_importers() -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "io" / "zendesk.csv"
    zendesk = read_zendesk(data, tz="UTC")
    ours = read_servicekit(
        pd.DataFrame(
            {"ticket_id": ["1"], "opened_at": ["2026-03-02T01:00:00Z"], "status": ["open"]}
        )
    )
    assert dict(ours.dtypes) == dict(zendesk.dtypes)


def test_naive_times_need_a_zone(tmp_path: Path) -> None:
    path = _write(tmp_path, "HD-1,2026-03-02 09:00:00,open,,,,\n")
    with pytest.raises(InvalidInputError) as info:
        read_servicekit(path)
    assert info.value.argument == "tz"
    t = read_servicekit(path, tz="Asia/Shanghai")
    assert t.loc[0, "opened_at"] == pd.Timestamp("2026-03-02 01:00:00+00:00")


@pytest.mark.parametrize(
    ("body", "column"),
    [
        ("HD-1,2026-03-02T01:00:00Z,resolved,,,,\n", "status"),
        ("HD-1,2026-03-02T01:00:00Z,open,critical,,,\n", "priority"),
        ("HD-1,2026-03-02T01:00:00Z,open,,,maybe,\n", "escalated"),
        ("HD-1,2026-03-02T01:00:00Z,open,,1.5,,\n", "reopens"),
        ("HD-1,02/03/2026,open,,,,\n", "opened_at"),
    ],
)
def test_a_bad_cell_names_its_column(tmp_path: Path, body: str, column: str) -> None:
    with pytest.raises(InvalidInputError, match=repr(column)) as info:
        read_servicekit(_write(tmp_path, body))
    assert info.value.argument == "source"


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "HD-1,open\n", header="ticket_id,status\n")
    with pytest.raises(InvalidInputError, match="'opened_at'"):
        read_servicekit(path)


def test_a_polars_frame_with_booleans_and_numbers() -> None:
    frame = pl.DataFrame(
        {
            "ticket_id": ["A", "B"],
            "opened_at": ["2026-03-02T01:00:00Z", "2026-03-03T01:00:00Z"],
            "status": ["closed", "open"],
            "reopens": [0, 3],
            "resolution_breached": [True, None],
            "channel": ["Email", None],
        }
    )
    t = read_servicekit(frame)
    assert isinstance(t, pl.DataFrame)
    assert t["resolution_breached"].to_list() == [True, None]
    assert t["reopened"].to_list() == [False, True]
    assert t["channel"].to_list() == ["email", None]
