"""servicekit.charts: the data each chart carries, its SVG, and bad input."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from servicekit._results import result
from servicekit.charts import (
    bar_chart,
    control_chart,
    hourly_profile,
    nps_trend,
    rate_trend,
    staffing_curve,
    time_distribution,
    to_svg,
)
from servicekit.errors import InvalidInputError
from servicekit.frames import nps_by
from servicekit.metrics import (
    SpikeReport,
    c_chart,
    complaint_spikes,
    required_agents,
    u_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


def _svg(chart: Any) -> ET.Element:
    text = to_svg(chart)
    return ET.fromstring(text)  # a valid XML document, or this raises


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _marks(root: ET.Element, name: str) -> int:
    """The number of marks drawn in the mark group called ``name`` (one element each)."""
    groups = [g for g in root.iter(f"{SVG}g") if name in (g.get("class") or "").split()]
    return sum(len(list(g)) for g in groups)


def _rows(spec: dict[str, Any], layer: int) -> list[dict[str, Any]]:
    """A layer's rows (altair lifts data that all layers share to the top)."""
    own = spec["layer"][layer].get("data")
    values: list[dict[str, Any]] = (own or spec["data"])["values"]
    return values


def _spike_days() -> NDArray[np.datetime64]:
    """Complaints over ten days of March 2026 (UTC instants); 5 March is a spike."""
    counts = [4, 5, 3, 6, 30, 4, 5, 3, 4, 5]
    days = np.arange(np.datetime64("2026-03-01"), np.datetime64("2026-03-11"))
    return np.repeat(days, counts).astype("datetime64[us]") + np.timedelta64(12, "h")


@result
class _WithIncomplete(SpikeReport):
    """SpikeReport as the lead extends it: a flag per period for an incomplete one."""

    incomplete: NDArray[np.bool_]


# --- control_chart ------------------------------------------------------------------------


def test_control_chart_spikes_are_the_red_points() -> None:
    report = complaint_spikes(_spike_days(), tz="UTC")
    spec = control_chart(report).to_dict()
    spikes = spec["layer"][2]["data"]["values"]
    assert [r["period"] for r in spikes] == ["2026-03-05T00:00:00"]
    assert [r["status"] for r in spikes] == ["spike"]
    assert spec["layer"][2]["encoding"]["color"]["scale"]["range"] == ["#d62728"]
    counts = spec["layer"][1]["data"]["values"]
    assert [r["count"] for r in counts] == report.counts.tolist()
    assert spec["layer"][3]["data"]["values"] == []  # nothing incomplete


def test_control_chart_limits_are_the_reports() -> None:
    report = complaint_spikes(_spike_days(), tz="UTC")
    rows = control_chart(report).to_dict()["layer"][0]["data"]["values"]
    for name, values in (("UCL", report.chart.ucl), ("centre", report.chart.center)):
        assert [r["value"] for r in rows if r["limit"] == name] == pytest.approx(values.tolist())
    assert control_chart(report).to_dict()["layer"][0]["mark"]["interpolate"] == "linear"


def test_varying_limits_are_steps() -> None:
    chart = control_chart(u_chart([3, 4, 2, 9], [10, 20, 10, 10]))
    spec = chart.to_dict()
    assert spec["layer"][0]["mark"]["interpolate"] == "step-after"
    assert [r["period"] for r in spec["layer"][1]["data"]["values"]] == [0, 1, 2, 3]


def test_incomplete_period_is_never_a_spike() -> None:
    base = complaint_spikes([4, 5, 3, 6, 4, 5, 3, 30])  # the last period is above the UCL
    assert base.spikes.tolist() == [7]
    flags = np.zeros(8, dtype=bool)
    flags[-1] = True
    report = _WithIncomplete(base.periods, base.counts, base.chart, base.spikes, flags)
    spec = control_chart(report).to_dict()
    assert spec["layer"][2]["data"]["values"] == []
    assert spec["layer"][3]["data"]["values"] == [
        {"period": 7, "count": 30.0, "status": "incomplete"}
    ]
    assert spec["layer"][3]["mark"]["filled"] is False
    assert spec["layer"][3]["encoding"]["color"]["scale"]["domain"] == ["incomplete"]
    root = _svg(control_chart(report))
    assert "incomplete" in _texts(root)  # the legend
    assert _marks(root, "layer_2_marks") == 0
    assert _marks(root, "layer_3_marks") == 1


def test_incomplete_flags_must_align() -> None:
    base = complaint_spikes([4, 5, 3, 30])
    report = _WithIncomplete(base.periods, base.counts, base.chart, base.spikes, np.zeros(3, bool))
    with pytest.raises(InvalidInputError) as info:
        control_chart(report)
    assert info.value.argument == "report"


def test_control_chart_of_a_control_chart_marks_every_rule_breaker() -> None:
    chart = c_chart([3, 4, 2, 5, 3, 18])
    spec = control_chart(chart).to_dict()
    flagged = spec["layer"][2]["data"]["values"]
    assert [(r["period"], r["status"]) for r in flagged] == [(5, "out of control")]


def test_control_chart_svg_has_the_title_and_a_mark_per_point() -> None:
    report = complaint_spikes(_spike_days(), tz="UTC")
    root = _svg(control_chart(report, title="Complaints per day"))
    assert root.tag == f"{SVG}svg"
    assert "Complaints per day" in _texts(root)
    assert _marks(root, "layer_1_layer_1_marks") == 10  # one point per day
    assert _marks(root, "layer_2_marks") == 1  # one red spike
    assert "05 Mar 2026" in _texts(root) or "spike" in _texts(root)


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Auckland", "UTC"])
def test_dates_are_drawn_in_their_own_wall_clock_time(zone: str) -> None:
    """The renderer's own zone (TZ) never shifts the labels: naive local periods stay."""
    code = (
        "import numpy as np, re\n"
        "from servicekit.metrics import complaint_spikes\n"
        "from servicekit.charts import control_chart, to_svg\n"
        # 00:30 on 13 October in Shanghai is 12 October in UTC: counted on the 13th
        "t = np.array(['2026-10-12T16:30', '2026-10-13T16:30', '2026-10-14T16:30',"
        " '2026-10-15T16:30'], dtype='datetime64[us]')\n"
        "r = complaint_spikes(np.repeat(t, [2, 3, 2, 4]), tz='Asia/Shanghai')\n"
        "print(r.periods[0])\n"
        "print('|'.join(re.findall(r'<text[^>]*>([^<]*)</text>', to_svg(control_chart(r)))))\n"
    )
    env = {**os.environ, "TZ": zone}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    first, labels = out.stdout.splitlines()
    assert first.startswith("2026-10-13")
    texts = labels.split("|")
    assert "13 Oct 2026" in texts
    assert "16 Oct 2026" in texts
    assert "12 Oct 2026" not in texts


def test_monthly_periods_are_labelled_by_month() -> None:
    months = np.array(["2026-01-01", "2026-02-01", "2026-03-01"], dtype="datetime64[ms]")
    frame = pl.DataFrame({"period": months, "rate": [0.9, 0.95, 0.97]})
    texts = _texts(_svg(rate_trend(frame, rate="rate")))
    assert {"Jan 2026", "Feb 2026", "Mar 2026"} <= set(texts)


def test_control_chart_refuses_other_objects() -> None:
    with pytest.raises(InvalidInputError) as info:
        control_chart([1, 2, 3])  # type: ignore[arg-type]
    assert info.value.argument == "report"
    with pytest.raises(InvalidInputError) as info:
        control_chart(c_chart([1, 2]), height=10)
    assert info.value.argument == "height"


# --- nps_trend ------------------------------------------------------------------------------


def _answers() -> pl.DataFrame:
    rng = np.random.default_rng(7)
    months = np.array(["2026-01-01", "2026-02-01", "2026-03-01"], dtype="datetime64[us]")
    return pl.DataFrame({"period": np.repeat(months, 40), "nps": rng.integers(0, 11, 120)})


def test_nps_trend_band_is_the_confidence_interval() -> None:
    table = nps_by(_answers(), "period")
    spec = nps_trend(table).to_dict()
    band, line = spec["layer"]
    assert band["mark"]["type"] == "area"
    assert line["mark"]["type"] == "line"
    rows = _rows(spec, 0)
    assert [r["ci_low"] for r in rows] == table["ci_low"].to_list()
    assert [r["ci_high"] for r in rows] == table["ci_high"].to_list()
    assert [r["nps"] for r in rows] == table["nps"].to_list()
    assert [r["period"] for r in rows] == [
        "2026-01-01T00:00:00",
        "2026-02-01T00:00:00",
        "2026-03-01T00:00:00",
    ]
    assert band["encoding"]["y2"]["field"] == "ci_high"


def test_nps_trend_polars_and_pandas_give_the_same_spec() -> None:
    answers = _answers()
    from_polars = nps_trend(nps_by(answers, "period")).to_dict()
    from_pandas = nps_trend(nps_by(answers.to_pandas(), "period")).to_dict()
    assert from_polars == from_pandas


def test_nps_trend_zoned_periods_keep_their_wall_clock_time() -> None:
    table = nps_by(_answers(), "period").with_columns(
        pl.col("period").dt.replace_time_zone("Asia/Shanghai")
    )
    rows = _rows(nps_trend(table).to_dict(), 0)
    assert rows[0]["period"] == "2026-01-01T00:00:00"


def test_nps_trend_svg() -> None:
    root = _svg(nps_trend(nps_by(_answers(), "period"), title="NPS by month"))
    assert "NPS by month" in _texts(root)
    assert _marks(root, "layer_1_layer_1_marks") == 3


def test_nps_trend_bad_input_names_the_argument() -> None:
    table = nps_by(_answers(), "period")
    with pytest.raises(InvalidInputError) as info:
        nps_trend(table, period="month")
    assert info.value.argument == "period"
    with pytest.raises(InvalidInputError) as info:
        nps_trend(table.drop("ci_low"))
    assert info.value.argument == "frame"
    with pytest.raises(InvalidInputError) as info:
        nps_trend([1, 2, 3])
    assert info.value.argument == "frame"
    with pytest.raises(InvalidInputError) as info:
        nps_trend(table.lazy())
    assert info.value.argument == "frame"


# --- rate_trend -----------------------------------------------------------------------------


def _sla() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": ["2026-01", "2026-01", "2026-02", "2026-02"],
            "priority": ["high", "low", "high", "low"],
            "compliance": [0.91, 0.97, np.nan, 0.99],
        }
    )


def test_rate_trend_one_line_per_group_and_a_target() -> None:
    spec = rate_trend(
        _sla(), period="month", rate="compliance", group="priority", target=0.95
    ).to_dict()
    lines, rule = spec["layer"]
    assert [(r["period"], r["group"], r["rate"]) for r in lines["data"]["values"]] == [
        ("2026-01", "high", 0.91),
        ("2026-01", "low", 0.97),
        ("2026-02", "high", None),
        ("2026-02", "low", 0.99),
    ]
    assert lines["encoding"]["color"]["field"] == "group"
    assert lines["encoding"]["y"]["axis"]["format"] == ".0%"
    assert rule["mark"]["type"] == "rule"
    assert rule["data"]["values"] == [{"target": 0.95}]


def test_rate_trend_without_target_is_one_chart() -> None:
    spec = rate_trend(_sla(), period="month", rate="compliance").to_dict()
    assert spec["mark"]["type"] == "line"
    assert "color" not in spec["encoding"]


def test_rate_trend_polars_and_pandas_give_the_same_spec() -> None:
    kwargs: dict[str, Any] = {"period": "month", "rate": "compliance", "group": "priority"}
    assert (
        rate_trend(_sla(), **kwargs).to_dict()
        == rate_trend(pl.from_pandas(_sla()), **kwargs).to_dict()
    )


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"rate": "nope"}, "rate"),
        ({"rate": "compliance", "group": "nope"}, "group"),
        ({"rate": "compliance", "period": "nope"}, "period"),
        ({"rate": "compliance", "target": 95}, "target"),
        ({"rate": "priority"}, "rate"),
    ],
)
def test_rate_trend_bad_input(kwargs: dict[str, Any], argument: str) -> None:
    kwargs.setdefault("period", "month")
    with pytest.raises(InvalidInputError) as info:
        rate_trend(_sla(), **kwargs)
    assert info.value.argument == argument


def test_rate_outside_0_1_is_refused() -> None:
    frame = _sla().assign(compliance=[91.0, 97.0, 80.0, 99.0])  # percentages, not rates
    with pytest.raises(InvalidInputError, match="rates from 0 to 1") as info:
        rate_trend(frame, period="month", rate="compliance")
    assert info.value.argument == "rate"


# --- time_distribution ----------------------------------------------------------------------


def test_time_distribution_counts_every_duration_once() -> None:
    rng = np.random.default_rng(3)
    seconds = rng.lognormal(9, 1.2, 5000)
    spec = time_distribution(seconds, bins=20).to_dict()
    bars, rules = spec["layer"]
    rows = bars["data"]["values"]
    assert sum(r["count"] for r in rows) == 5000
    assert len(rows) == 21  # 20 bins up to the 99th percentile and the overflow bar
    hours = seconds / 3600
    assert rows[-1]["count"] == int((hours > np.quantile(hours, 0.99)).sum())
    assert rows[-2]["end"] == pytest.approx(np.quantile(hours, 0.99))
    stats = {r["stat"]: r["value"] for r in rules["data"]["values"]}
    assert stats["median"] == pytest.approx(np.median(hours))
    assert stats["p90"] == pytest.approx(np.quantile(hours, 0.9))


def test_time_distribution_units_and_missing_values() -> None:
    spec = time_distribution([60.0, 120.0, None, float("nan"), 180.0], unit="min", bins=3)
    rows = spec.to_dict()["layer"][0]["data"]["values"]
    assert sum(r["count"] for r in rows) == 3
    assert spec.to_dict()["layer"][0]["encoding"]["x"]["title"] == "time (min)"


def test_time_distribution_every_container_gives_the_same_spec() -> None:
    seconds = [600.0, 1800.0, 3600.0, 86400.0, 7200.0]
    expected = time_distribution(seconds, unit="d").to_dict()
    for kind in (np.array, pd.Series, pl.Series, tuple):
        assert time_distribution(kind(seconds), unit="d").to_dict() == expected
    as_timedelta = [timedelta(seconds=s) for s in seconds]
    assert time_distribution(as_timedelta, unit="d").to_dict() == expected


def test_time_distribution_svg_has_a_bar_per_bin() -> None:
    root = _svg(time_distribution([600, 1200, 1800, 2400], bins=4, title="Resolution time"))
    assert "Resolution time" in _texts(root)
    # 4 bins up to the 99th percentile (2370 s) and the overflow bar of the longest
    assert _marks(root, "layer_0_marks") == 5
    assert _marks(root, "layer_1_marks") == 2  # median and p90


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"seconds": [None, float("nan")]}, "seconds"),
        ({"seconds": [-5, 10]}, "seconds"),
        ({"seconds": "10"}, "seconds"),
        ({"seconds": [10], "unit": "s"}, "unit"),
        ({"seconds": [10], "bins": 1}, "bins"),
    ],
)
def test_time_distribution_bad_input(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        time_distribution(**kwargs)
    assert info.value.argument == argument


# --- bar_chart, hourly_profile, staffing_curve -----------------------------------------------


def test_bar_chart_sorts_and_sums_the_rest_into_other() -> None:
    chart = bar_chart(["a", "b", "c", "d", "b"], [5, 1, 9, 2, 3], top=2)
    rows = chart.to_dict()["data"]["values"]
    assert [(r["label"], r["value"]) for r in rows] == [("c", 9.0), ("a", 5.0), ("other", 6.0)]
    assert chart.to_dict()["encoding"]["y"]["sort"] is None


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefghijkl"), st.integers(0, 1000)), min_size=1, max_size=40
    ),
    st.integers(1, 12),
)
def test_bar_chart_keeps_the_total(pairs: list[tuple[str, int]], top: int) -> None:
    labels, values = zip(*pairs, strict=True)
    rows = bar_chart(list(labels), list(values), top=top).to_dict()["data"]["values"]
    assert sum(r["value"] for r in rows) == sum(values)
    assert len(rows) <= top + 1
    shown = [r["value"] for r in rows if r["label"] != "other"]
    assert shown == sorted(shown, reverse=True)


def test_bar_chart_svg_has_a_bar_per_row() -> None:
    root = _svg(bar_chart(["email", "phone", "chat"], [4, 8, 2], title="Channels"))
    assert "Channels" in _texts(root)
    assert _marks(root, "marks") == 3


@pytest.mark.parametrize(
    ("args", "kwargs", "argument"),
    [
        ((["a", "b"], [1]), {}, "values"),
        ((["a", None], [1, 2]), {}, "labels"),
        (([], []), {}, "labels"),
        ((["a"], [1]), {"top": 0}, "top"),
        ((["a"], [float("nan")]), {}, "values"),
    ],
)
def test_bar_chart_bad_input(args: tuple[Any, ...], kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        bar_chart(*args, **kwargs)
    assert info.value.argument == argument


def test_hourly_profile_hours_and_slots() -> None:
    rows = hourly_profile(np.array([0, 9, 23]), [1, 5, 2]).to_dict()["data"]["values"]
    assert rows == [
        {"slot": "00:00", "volume": 1.0},
        {"slot": "09:00", "volume": 5.0},
        {"slot": "23:00", "volume": 2.0},
    ]
    spec = hourly_profile(["09:00", "09:30"], [3, 4]).to_dict()
    assert spec["encoding"]["x"]["title"] == "time of day"
    root = _svg(hourly_profile(list(range(24)), list(range(24)), title="Busiest hours"))
    assert _marks(root, "marks") == 24


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (([9, 24], [1, 2]), "hours"),
        (([9, 9], [1, 2]), "hours"),
        (([9, 10], [1]), "values"),
        (([9, 10], [1, -2]), "values"),
    ],
)
def test_hourly_profile_bad_input(args: tuple[Any, ...], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        hourly_profile(*args)
    assert info.value.argument == argument


def test_staffing_curve_from_required_agents() -> None:
    slots = ["09:00", "09:30", "10:00"]
    arrivals = np.array([40.0, 60.0, 50.0])
    agents = required_agents(
        arrivals * 180 / 1800,
        handle_time=timedelta(seconds=180),
        target_service_level=0.8,
        target_answer_time=timedelta(seconds=20),
    ).agents
    chart = staffing_curve(slots, arrivals, agents, title="Staffing")
    spec = chart.to_dict()
    rows = _rows(spec, 1)
    assert [r["agents"] for r in rows] == agents.tolist()
    assert [r["arrivals"] for r in rows] == arrivals.tolist()
    assert spec["layer"][1]["encoding"]["y"]["axis"]["orient"] == "right"
    root = _svg(chart)
    assert "Staffing" in _texts(root)
    assert "agents needed" in _texts(root)
    assert _marks(root, "layer_0_marks") == 3


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ((["09:00"], [1.0, 2.0], [1, 2]), "arrivals"),
        ((["09:00", "09:30"], [1.0, 2.0], [1]), "agents"),
        ((["09:00", "09:00"], [1.0, 2.0], [1, 2]), "slots"),
        ((["09:00", "09:30"], [1.0, -2.0], [1, 2]), "arrivals"),
    ],
)
def test_staffing_curve_bad_input(args: tuple[Any, ...], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        staffing_curve(*args)
    assert info.value.argument == argument


# --- to_svg and notebooks ---------------------------------------------------------------------


def test_to_svg_refuses_what_is_not_a_chart() -> None:
    with pytest.raises(InvalidInputError) as info:
        to_svg({"mark": "bar"})
    assert info.value.argument == "chart"


def test_to_svg_is_offline() -> None:
    """No CDN: the SVG links nothing; remote data is refused rather than fetched."""
    import altair as alt

    text = to_svg(bar_chart(["a"], [1]))
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text
    remote = alt.Chart(alt.UrlData("https://example.invalid/data.csv")).mark_bar()
    with pytest.raises(Exception, match=r"(?i)url|allowed|base"):
        to_svg(remote)


def test_notebook_html_of_the_results_charts_draw() -> None:
    results = [
        complaint_spikes([4, 5, 3, 30]),
        c_chart([3, 4, 2, 5, 3, 18]),
        required_agents(
            np.array([10.0, 20.0]),
            handle_time=timedelta(seconds=180),
            target_service_level=0.8,
            target_answer_time=timedelta(seconds=20),
        ),
    ]
    for r in results:
        table = ET.fromstring(r._repr_html_())
        assert table.tag == "table"
        assert table.find("caption").text == type(r).__name__  # type: ignore[union-attr]
        assert len(table.findall("tr")) == len(r.to_dict())
