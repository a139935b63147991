"""Importers: rows per second reading a synthetic Zendesk export, against a plain read.

Run: .venv/bin/python benchmarks/io.py [rows]
The baseline is the same frame's two time columns parsed and localised by the engine
itself (pandas.to_datetime / polars str.to_datetime; repeated or skipped wall times
made missing, which the importers resolve instead), measured in the same run.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd
import polars as pl

from servicekit.io import read_zendesk


def export(n: int) -> dict[str, list[str | None]]:
    rng = np.random.default_rng(1)
    base = np.datetime64("2026-01-01T00:00:00") + rng.integers(0, 300 * 86400, n).astype(
        "timedelta64[s]"
    )
    solved = base + rng.integers(60, 86400, n).astype("timedelta64[s]")
    fmt = lambda a: [str(x).replace("T", " ") for x in a]  # noqa: E731
    return {
        "Id": [str(i) for i in range(n)],
        "Requester": ["Someone"] * n,
        "Status": rng.choice(["Open", "Pending", "Solved", "Closed"], n).tolist(),
        "Priority": rng.choice(["Low", "Normal", "High", "Urgent"], n).tolist(),
        "Via": rng.choice(["Mail", "Web form", "Chat"], n).tolist(),
        "Created at": fmt(base),
        "Solved at": fmt(solved),
        "Reopens": rng.integers(0, 3, n).astype(str).tolist(),
        "First reply time in minutes": rng.integers(1, 600, n).astype(str).tolist(),
        "Satisfaction Score": rng.choice(["Good", "Bad", "Unoffered"], n).tolist(),
    }


def best(f: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    data = export(n)
    pdf, plf = pd.DataFrame(data), pl.DataFrame(data)
    fmt = "%Y-%m-%d %H:%M:%S"
    for name, frame, baseline in (
        (
            "pandas",
            pdf,
            lambda: [
                pd.to_datetime(pdf[c], format=fmt).dt.tz_localize(
                    "Europe/Berlin", ambiguous="NaT", nonexistent="NaT"
                )
                for c in ("Created at", "Solved at")
            ],
        ),
        (
            "polars",
            plf,
            lambda: plf.select(
                pl.col("Created at", "Solved at")
                .str.to_datetime(fmt)
                .dt.replace_time_zone("Europe/Berlin", ambiguous="null", non_existent="null")
            ),
        ),
    ):
        ours = best(lambda frame=frame: read_zendesk(frame, tz="Europe/Berlin"))
        base = best(baseline)
        print(
            f"{name}: read_zendesk {n} rows {ours * 1e3:.0f} ms ({n / ours / 1e6:.2f} M rows/s); "
            f"parsing 2 time columns alone {base * 1e3:.0f} ms; ratio {ours / base:.1f}x"
        )


if __name__ == "__main__":
    main()
