"""The bundled sample help desk: deterministic, shipped as generated, shaped as the report needs."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pandas.testing as pdt
import polars as pl
import polars.testing as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import BusinessCalendar, InvalidInputError
from servicekit.datasets import (
    HELPDESK_TARGETS,
    Helpdesk,
    load_helpdesk,
    make_helpdesk,
    save_helpdesk,
)
from servicekit.frames import ticket_metrics
from servicekit.io import read_servicekit
from servicekit.metrics import complaint_spikes

SHANGHAI = ZoneInfo("Asia/Shanghai")
TABLES = ("tickets", "events", "surveys")


@pytest.fixture(scope="module")
def sample() -> Helpdesk:
    return load_helpdesk()


@pytest.fixture(scope="module")
def calendar(sample: Helpdesk) -> BusinessCalendar:
    return sample.calendar()


def _us(series: pd.Series) -> np.ndarray:
    """A UTC-aware pandas column as datetime64[us] UTC instants (NaT kept)."""
    return series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")


def _same(a: Helpdesk, b: Helpdesk) -> None:
    for name in TABLES:
        left, right = getattr(a, name), getattr(b, name)
        if isinstance(left, pl.DataFrame):
            plt.assert_frame_equal(left, right)
        else:
            pdt.assert_frame_equal(left, right)


# -- determinism and the shipped files ------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_same_seed_same_frames_and_another_seed_others(backend: str) -> None:
    first = make_helpdesk(tickets=800, seed=11, backend=backend)
    _same(first, make_helpdesk(tickets=800, seed=11, backend=backend))
    other = make_helpdesk(tickets=800, seed=12, backend=backend)
    with pytest.raises(AssertionError):
        _same(first, other)


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_shipped_files_are_what_make_helpdesk_gives(backend: str) -> None:
    """The package data is make_helpdesk() with its defaults, read back without loss."""
    _same(load_helpdesk(backend=backend), make_helpdesk(backend=backend))


def test_backends_hold_the_same_data() -> None:
    pandas_hd, polars_hd = load_helpdesk(), load_helpdesk(backend="polars")
    for name in TABLES:
        plt.assert_frame_equal(pl.from_pandas(getattr(pandas_hd, name)), getattr(polars_hd, name))


def test_loading_needs_no_holidays_package() -> None:
    code = (
        "import sys; from servicekit.datasets import load_helpdesk; hd = load_helpdesk(); "
        "print(len(hd.tickets), 'holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["20000", "False"]


def test_the_files_are_small() -> None:
    data = Path(__file__).resolve().parents[2] / "src" / "servicekit" / "datasets" / "data"
    sizes = {p.name: p.stat().st_size for p in data.glob("*.csv.gz")}
    assert set(sizes) == {"tickets.csv.gz", "events.csv.gz", "surveys.csv.gz"}
    assert sum(sizes.values()) < 2_000_000


# -- what the report relies on -------------------------------------------------------


def test_a_year_of_tickets_in_shanghai(sample: Helpdesk) -> None:
    t = sample.tickets
    assert len(t) == 20_000
    assert t["ticket_id"].is_unique
    local = t["opened_at"].dt.tz_convert(SHANGHAI)
    assert local.min().date() == date(2025, 11, 24)
    assert local.max().date() == date(2026, 11, 22)
    assert (sample.tz, sample.country, sample.hours) == (
        "Asia/Shanghai",
        "CN",
        "09:00-12:00,13:30-18:00",
    )
    assert dict(sample.targets) == dict(HELPDESK_TARGETS)
    assert set(t["priority"]) == {"low", "normal", "high", "urgent"}
    assert (t["priority"] == "urgent").mean() < 0.1
    assert t["agent_id"].dropna().str.fullmatch(r"agent-\d{2}").all()


def test_arrivals_peak_in_business_hours_with_a_few_at_night(sample: Helpdesk) -> None:
    hours = sample.tickets["opened_at"].dt.tz_convert(SHANGHAI).dt.hour
    per_hour = hours.value_counts().reindex(range(24), fill_value=0)
    assert (per_hour > 0).all()  # spread over the whole day
    assert per_hour.idxmax() in range(9, 18)
    assert per_hour.loc[9:17].sum() > 0.7 * len(hours)
    assert 0 < per_hour.loc[0:6].sum() < 0.05 * len(hours)
    # two peaks: mid-morning above lunch time, mid-afternoon too
    assert per_hour[10] > per_hour[12] < per_hour[15]


def test_weekends_and_the_spring_festival_are_quieter(
    sample: Helpdesk, calendar: BusinessCalendar
) -> None:
    days = sample.tickets["opened_at"].dt.tz_convert(SHANGHAI).dt.date
    counts = days.value_counts()
    every = pd.Series(0, index=[date(2025, 11, 24) + timedelta(d) for d in range(364)])
    counts = counts.reindex(every.index, fill_value=0)
    is_open = np.array(
        [
            calendar.is_open(datetime(d.year, d.month, d.day, 10, tzinfo=SHANGHAI))
            for d in counts.index
        ]
    )
    weekend = np.array([d.weekday() >= 5 for d in counts.index])
    working_mean = counts[is_open].median()
    assert counts[weekend & ~is_open].mean() < 0.5 * working_mean
    festival = [date(2026, 2, d) for d in range(15, 24)]  # State Council: 15-23 Feb 2026 off
    assert counts[festival].mean() < 0.5 * working_mean
    # a make-up working day (Saturday 14 Feb 2026) is as busy as a working day
    assert counts[date(2026, 2, 14)] > 0.7 * working_mean


def test_spike_days_are_flagged_by_the_control_chart(sample: Helpdesk) -> None:
    report = complaint_spikes(sample.tickets["opened_at"], freq="D", tz="Asia/Shanghai")
    flagged = {str(d)[:10] for d in report.spikes}
    assert len(flagged) >= 1
    # the four incidents the generator plants, and nothing else
    assert flagged == {"2026-03-17", "2026-06-18", "2026-09-08", "2026-11-11"}


def test_first_responses_happen_in_open_hours(sample: Helpdesk, calendar: BusinessCalendar) -> None:
    answered = _us(sample.tickets["first_response_at"].dropna())
    one = np.timedelta64(1, "s")
    # open during the second before it: inside a window, or exactly at its end
    assert (calendar.between(answered - one, answered) == one).all()
    opened = _us(sample.tickets["opened_at"])
    at_night = ~(calendar.between(opened, opened + one) == one)
    assert at_night.sum() > 500  # tickets do arrive when no one is there


@pytest.mark.parametrize(
    ("instant", "flag", "which"),
    [
        ("first_response_at", "first_response_breached", 0),
        ("resolved_at", "resolution_breached", 1),
    ],
)
def test_breach_flags_follow_the_targets_in_business_time(
    sample: Helpdesk, calendar: BusinessCalendar, instant: str, flag: str, which: int
) -> None:
    t = sample.tickets
    target_s = t["priority"].map({p: v[which] for p, v in HELPDESK_TARGETS.items()}).to_numpy()
    done = t[instant].notna().to_numpy()
    opened, at = _us(t["opened_at"]), _us(t[instant])
    elapsed = calendar.between(opened[done], at[done]) / np.timedelta64(1, "s")
    flags = t[flag].to_numpy(dtype=object)
    assert np.array_equal(flags[done].astype(bool), elapsed > target_s[done])
    # a ticket not yet done is breached once over target, else unknown
    end = np.datetime64("2026-11-22T16:00:00", "us")  # midnight after the last day, Shanghai
    so_far = calendar.between(opened[~done], np.full((~done).sum(), end)) / np.timedelta64(1, "s")
    pending = flags[~done]
    assert all(f is pd.NA for f in pending[so_far <= target_s[~done]])
    assert all(f is True for f in pending[so_far > target_s[~done]])
    rate = t[flag].mean()
    assert 0.02 < rate < 0.2  # a share breaches, not most


def test_open_tickets_at_the_end_and_some_reopens(sample: Helpdesk) -> None:
    t = sample.tickets
    still_open = t["resolved_at"].isna()
    assert 0 < still_open.sum() < 0.05 * len(t)
    assert set(t.loc[still_open, "status"]) <= {"new", "open", "pending", "on_hold"}
    assert set(t.loc[~still_open, "status"]) <= {"solved", "closed"}
    assert (t["reopened"] == (t["reopens"] > 0)).all()
    assert 0.03 < t["reopened"].mean() < 0.15
    assert 0.02 < t["escalated"].mean() < 0.15
    assert (t.loc[t["escalated"], "group"] == "specialists").all()


def test_events_agree_with_the_tickets(sample: Helpdesk, calendar: BusinessCalendar) -> None:
    """ticket_metrics on the status-change log gives back the ticket frame's times."""
    events = sample.events
    assert list(events.columns) == ["ticket_id", "at", "status", "reply"]
    assert events["at"].is_monotonic_increasing
    m = ticket_metrics(events, calendar=calendar, replies=events[events["reply"]])
    t = sample.tickets.set_index("ticket_id")
    m = m.set_index("ticket_id").loc[t.index]
    pdt.assert_series_equal(m["created_at"], t["opened_at"], check_names=False)
    pdt.assert_series_equal(m["first_reply_at"], t["first_response_at"], check_names=False)
    pdt.assert_series_equal(m["solved_at"], t["resolved_at"], check_names=False)
    assert (m["reopens"] == t["reopens"]).all()
    answered = t["first_response_at"].notna()
    fr = calendar.between(_us(t["opened_at"][answered]), _us(t["first_response_at"][answered]))
    assert np.array_equal(
        m.loc[answered, "first_reply_time_business_s"].to_numpy(), fr / np.timedelta64(1, "s")
    )
    # the status at the end of the log is the ticket's status
    last = events.groupby("ticket_id")["status"].last().loc[t.index]
    assert (last == t["status"]).all()


def test_surveys_answer_solved_tickets_after_resolution(sample: Helpdesk) -> None:
    s, t = sample.surveys, sample.tickets.set_index("ticket_id")
    assert list(s.columns) == ["ticket_id", "answered_at", "nps", "csat"]
    assert s["ticket_id"].is_unique
    assert 0.2 < len(s) / t["resolved_at"].notna().sum() < 0.3
    solved = t.loc[s["ticket_id"]]
    assert solved["status"].isin(["solved", "closed"]).all()
    assert (s["answered_at"].to_numpy() > solved["resolved_at"].to_numpy()).all()
    assert s["nps"].between(0, 10).all()
    assert s["csat"].between(1, 5).all()
    assert (solved["satisfaction"].to_numpy() == np.where(s["csat"] >= 4, "good", "bad")).all()


def test_satisfaction_is_worse_after_a_breach_or_a_reopen_and_dips_in_july(
    sample: Helpdesk,
) -> None:
    s = sample.surveys.merge(sample.tickets, on="ticket_id")
    bad = s["resolution_breached"] | s["first_response_breached"] | s["reopened"]
    assert s.loc[bad.astype(bool), "nps"].mean() < s.loc[~bad.astype(bool), "nps"].mean() - 1
    month = s["answered_at"].dt.tz_convert(SHANGHAI).dt.strftime("%Y-%m")
    by_month = s.groupby(month)["csat"].mean()
    assert by_month.idxmin() == "2026-07"


def test_repr_shows_counts_not_data(sample: Helpdesk) -> None:
    text = repr(sample)
    assert text.startswith("Helpdesk(tickets=<20000 rows>, events=<")
    assert "HD-" not in text
    assert "agent-" not in text
    assert len(text) < 300


# -- Hypothesis: invariants of any generated help desk -------------------------------


@settings(max_examples=8, deadline=None)
@given(tickets=st.integers(1, 400), seed=st.integers(0, 2**32))
def test_any_helpdesk_keeps_its_invariants(tickets: int, seed: int) -> None:
    hd = make_helpdesk(tickets=tickets, seed=seed, backend="polars")
    t, e, s = hd.tickets, hd.events, hd.surveys
    assert t.height == tickets
    assert t["ticket_id"].n_unique() == tickets
    first = e.group_by("ticket_id").agg(pl.col("at").first(), pl.col("status").first())
    joined = first.join(t.select("ticket_id", "opened_at"), on="ticket_id")
    assert joined.height == tickets
    assert (joined["status"] == "new").all()
    assert (joined["at"] == joined["opened_at"]).all()
    answered = t.filter(pl.col("first_response_at").is_not_null())
    assert (answered["first_response_at"] > answered["opened_at"]).all()
    done = t.filter(pl.col("resolved_at").is_not_null())
    assert (done["resolved_at"] > done["first_response_at"]).all()
    assert s.join(t, on="ticket_id", how="anti").height == 0


# -- another calendar, arguments ------------------------------------------------------


def test_a_callers_calendar_sets_the_zone() -> None:
    office = BusinessCalendar({d: [("08:00", "16:00")] for d in range(5)}, tz="Europe/Berlin")
    hd = make_helpdesk(tickets=300, calendar=office, start=date(2026, 3, 2), days=28)
    assert (hd.tz, hd.country, hd.hours) == ("Europe/Berlin", None, None)
    assert hd.calendar() is office
    answered = _us(hd.tickets["first_response_at"].dropna())
    one = np.timedelta64(1, "s")
    assert (office.between(answered - one, answered) == one).all()


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"backend": "arrow"}, "backend"),
        ({"tickets": 0}, "tickets"),
        ({"tickets": 12.5}, "tickets"),
        ({"seed": -1}, "seed"),
        ({"start": datetime(2026, 1, 1)}, "start"),
        ({"start": "2026-01-01"}, "start"),
        ({"days": 3}, "days"),
        ({"calendar": "CN"}, "calendar"),
        ({"start": date(2031, 1, 6)}, "start"),  # no make-up working days known for 2031
    ],
)
def test_bad_arguments_name_themselves(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        make_helpdesk(**kwargs)
    assert info.value.argument == argument


def test_load_refuses_an_unknown_backend() -> None:
    with pytest.raises(InvalidInputError) as info:
        load_helpdesk(backend="arrow")  # type: ignore[arg-type]
    assert info.value.argument == "backend"


# -- save_helpdesk and read_servicekit ------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_saved_tickets_read_back_equal(tmp_path: Path, backend: str) -> None:
    hd = load_helpdesk(backend=backend)
    paths = save_helpdesk(tmp_path / "new" / "dir", helpdesk=hd)
    assert {k: p.name for k, p in paths.items()} == {
        "tickets": "tickets.csv",
        "events": "events.csv",
        "surveys": "surveys.csv",
    }
    back = read_servicekit(paths["tickets"], backend=backend)
    if backend == "polars":
        plt.assert_frame_equal(back, hd.tickets)
    else:
        pdt.assert_frame_equal(back, hd.tickets)
    header = paths["events"].read_text().splitlines()[:2]
    assert header[0] == "ticket_id,at,status,reply"
    assert header[1].split(",")[1].endswith("Z")


def test_save_writes_the_sample_by_default_the_same_from_either_backend(tmp_path: Path) -> None:
    default = save_helpdesk(tmp_path / "a")
    polars_ = save_helpdesk(tmp_path / "b", helpdesk=load_helpdesk(backend="polars"))
    for name in TABLES:
        assert default[name].read_bytes() == polars_[name].read_bytes()


def test_save_refuses_a_file_for_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(InvalidInputError) as info:
        save_helpdesk(target)
    assert info.value.argument == "directory"
    with pytest.raises(InvalidInputError) as info:
        save_helpdesk(tmp_path, helpdesk="sample")  # type: ignore[arg-type]
    assert info.value.argument == "helpdesk"
