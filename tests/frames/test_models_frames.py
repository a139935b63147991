"""complaints_frame and events_frame feed stored complaints to every frames function."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from servicekit import Complaint, ComplaintWorkflow
from servicekit.errors import InvalidInputError
from servicekit.frames import complaints_frame, events_frame, kpi_table
from servicekit.metrics import first_response_time, reopen_rate
from servicekit.workflow import complaint_facts

T0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def _complaints() -> list[Complaint]:
    out = []
    for k in range(12):
        c = Complaint(
            id=f"CP-{k}",
            customer_id=f"C-{k % 4}",
            channel=["web", "phone"][k % 2],
            received_at=T0 + timedelta(hours=k),
            subject="My parcel never came",
        )
        wf = ComplaintWorkflow(c)
        at = c.received_at
        if k % 3:
            wf.acknowledge(actor=f"agent-{k % 2}", at=at + timedelta(minutes=3 * k + 1))
        wf.classify(actor=f"agent-{k % 2}", severity="general", at=at + timedelta(minutes=40))
        if k % 4 == 0:
            wf.investigate(actor=f"agent-{k % 2}", at=at + timedelta(minutes=50))
            wf.resolve(
                actor=f"agent-{k % 2}",
                resolution="Refund",
                findings="Lost",
                at=at + timedelta(hours=2),
            )
            wf.reply(actor=f"agent-{k % 2}", message="Refunded", at=at + timedelta(hours=3))
            if k == 4:
                wf.reopen(
                    actor=f"agent-{k % 2}", reason="Still missing", at=at + timedelta(hours=5)
                )
        out.append(c)
    return out


COMPLAINTS = _complaints()


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_kpis_of_stored_complaints_equal_the_facts(backend: str) -> None:
    frame = complaints_frame(COMPLAINTS, backend=backend)
    kind = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}[backend]
    assert isinstance(frame, kind)
    table = kpi_table(frame, "channel")
    out = (
        pl.from_pandas(table)
        if backend == "pandas"
        else pl.from_arrow(table)
        if backend == "pyarrow"
        else table
    )
    facts = complaint_facts(COMPLAINTS)
    for row in out.iter_rows(named=True):
        mine = facts.channel == row["channel"]
        expected = first_response_time(facts.received_at[mine], facts.first_response_at[mine])
        assert expected.mean is not None
        assert row["first_response_time_mean_s"] == pytest.approx(expected.mean.total_seconds())
        resolved_once = mine & ~np.isnat(facts.first_resolved_at)
        expected_rate = reopen_rate(facts.reopen_count[resolved_once], zero_division=float("nan"))
        if np.isnan(expected_rate):  # no complaint of the group was ever resolved
            assert row["reopen_rate"] is None or np.isnan(row["reopen_rate"])
        else:
            assert row["reopen_rate"] == pytest.approx(expected_rate)


def test_no_free_text_reaches_the_frames() -> None:
    complaints = complaints_frame(COMPLAINTS, backend="polars")
    events = events_frame(COMPLAINTS, backend="polars")
    for frame in (complaints, events):
        text = str(frame.to_dicts())
        assert "parcel" not in text
        assert "Refund" not in text
        assert "missing" not in text.lower()


def test_events_are_the_histories_in_order() -> None:
    events = events_frame(COMPLAINTS, backend="polars")
    assert events.height == sum(len(c.history) for c in COMPLAINTS)
    first = events.filter(pl.col("complaint_id") == "CP-4")
    assert first["event"].to_list() == [e.event for e in COMPLAINTS[4].history]
    assert first["at"].dtype == pl.Datetime("us", "UTC")
    assert np.all(np.diff(first["seq"].to_numpy()) == 1)


def test_bad_input_is_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        complaints_frame(COMPLAINTS, backend="excel")
    assert info.value.argument == "backend"
    with pytest.raises(InvalidInputError) as info:
        events_frame([COMPLAINTS[0], "CP-2"])  # type: ignore[list-item]
    assert info.value.argument == "complaints[1]"
