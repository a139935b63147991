"""The report end to end on 100,000 tickets: import, figures, charts, HTML; time per stage.

Run: .venv/bin/python benchmarks/report.py [tickets]
The tickets come from the sample generator (``make_helpdesk``), written as servicekit's
own CSV and read back the way ``servicekit report`` reads an export. The issue's budget
is 15 s end to end. The baseline, measured in the same run, is polars reading the same
CSV with its time columns parsed: what any report has to pay before computing anything.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from servicekit.datasets import make_helpdesk, save_helpdesk
from servicekit.io import read_servicekit
from servicekit.report import build_report
from servicekit.sla import BusinessCalendar


def main(n: int) -> None:
    t0 = time.perf_counter()
    desk = make_helpdesk(tickets=n, backend="polars")
    print(f"generate {n:,} tickets: {time.perf_counter() - t0:6.2f} s (not counted)")
    folder = Path(tempfile.mkdtemp())
    paths = save_helpdesk(folder, helpdesk=desk)
    years = sorted({d.year for d in desk.tickets["opened_at"].dt.date().to_list()[::1000]})

    stages: dict[str, float] = {}
    start = time.perf_counter()
    mark = start

    def stage(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        stages[name] = now - mark
        mark = now

    tickets = read_servicekit(paths["tickets"], backend="polars")
    surveys = pl.read_csv(paths["surveys"])
    stage("import")
    calendar = BusinessCalendar.from_holidays(
        "CN",
        years=range(years[0], years[-1] + 1),
        windows={d: [("09:00", "12:00"), ("13:30", "18:00")] for d in range(5)},
        tz=desk.tz,
    )
    stage("calendar")
    current = ["start"]

    def progress(name: str) -> None:
        stage(current[-1])
        current.append(name)

    report = build_report(
        tickets, tz=desk.tz, calendar=calendar, surveys=surveys, progress=progress
    )
    stage(current[-1])
    html = report.to_html()
    stage("render (charts, HTML)")
    total = time.perf_counter() - start

    base = time.perf_counter()
    pl.read_csv(paths["tickets"], try_parse_dates=True)
    baseline = time.perf_counter() - base

    for name, seconds in stages.items():
        if name != "start":
            print(f"  {name:<24} {seconds:6.2f} s")
    print(f"report end to end: {total:6.2f} s for {n:,} tickets ({len(html) / 1e6:.1f} MB HTML)")
    ratio = total / baseline
    print(f"baseline (polars read_csv with dates): {baseline:6.2f} s; ratio {ratio:.1f}x")
    print("budget 15 s:", "met" if total <= 15 else "MISSED")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
