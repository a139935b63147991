"""Charts against hand-written altair baselines, rendered with vl-convert in one run.

- ``to_svg(control_chart(...))`` on 365 daily periods against a plain
  ``alt.Chart(...).mark_line()`` of the same counts with vl-convert: what the
  limits, the flagged points, the labels and the wall-clock time axis cost.
- ``time_distribution`` on 100,000 durations (building the chart and rendering
  it) against the same baseline drawn with altair's own binning
  (``alt.X(bin=...)``) over the raw values: servicekit bins in NumPy first, so
  the chart carries ``bins`` rows instead of 100,000.

Run: ``python benchmarks/charts.py`` (needs the charts extra).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import vl_convert
from _timing import best_of

from servicekit.charts import control_chart, time_distribution, to_svg
from servicekit.metrics import complaint_spikes


def main() -> None:
    rng = np.random.default_rng(2026)
    counts = rng.poisson(20, 365)
    counts[200] = 80
    days = np.arange(np.datetime64("2026-01-01"), np.datetime64("2027-01-01"))
    stamps = np.repeat(days, counts).astype("datetime64[us]") + np.timedelta64(9, "h")
    report = complaint_spikes(stamps, tz="UTC")

    def baseline_line() -> str:
        rows = [
            {"day": d, "count": c}
            for d, c in zip(np.datetime_as_string(days).tolist(), counts.tolist(), strict=True)
        ]
        chart = alt.Chart(alt.Data(values=rows)).mark_line().encode(x="day:T", y="count:Q")
        return str(vl_convert.vegalite_to_svg(chart.properties(width=640).to_dict()))

    def ours_control() -> str:
        return to_svg(control_chart(report))

    base, ours = best_of(baseline_line), best_of(ours_control)
    print(
        f"control chart, 365 days: baseline {base * 1e3:.1f} ms, "
        f"to_svg(control_chart) {ours * 1e3:.1f} ms, ratio {ours / base:.2f}"
    )

    seconds = rng.lognormal(9, 1.2, 100_000)

    def baseline_hist() -> str:
        rows = [{"h": v} for v in (seconds / 3600).tolist()]
        chart = (
            alt.Chart(alt.Data(values=rows))
            .mark_bar()
            .encode(x=alt.X("h:Q", bin=alt.Bin(maxbins=30)), y="count()")
        )
        return str(vl_convert.vegalite_to_svg(chart.properties(width=640).to_dict()))

    def ours_build() -> object:
        return time_distribution(seconds)

    def ours_hist() -> str:
        return to_svg(time_distribution(seconds))

    base, build, ours = best_of(baseline_hist, 3), best_of(ours_build), best_of(ours_hist)
    print(
        f"time distribution, 100,000 durations: baseline (altair bins raw values) "
        f"{base * 1e3:.1f} ms, time_distribution {build * 1e3:.1f} ms, "
        f"to_svg(time_distribution) {ours * 1e3:.1f} ms, ratio {ours / base:.3f}"
    )


if __name__ == "__main__":
    main()
