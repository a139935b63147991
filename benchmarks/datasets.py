"""The sample help desk: generating 100,000 tickets, and loading the shipped files.

Run: .venv/bin/python benchmarks/datasets.py [tickets]
Baselines, measured in the same run: for make_helpdesk, drawing the same number of
tickets' arrival instants with NumPy alone (the floor of any generator); for
load_helpdesk, pandas.read_csv / polars.read_csv on the same gzip-compressed files
with the time columns parsed by the engine (what a user would write by hand).
"""

from __future__ import annotations

import gzip
import io
import sys
from importlib import resources

import numpy as np
import pandas as pd
import polars as pl

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _timing import best_of

from servicekit.datasets import load_helpdesk, make_helpdesk

TIMES = {
    "tickets": ["opened_at", "first_response_at", "resolved_at", "closed_at"],
    "events": ["at"],
    "surveys": ["answered_at"],
}


def plain_pandas() -> None:
    data = resources.files("servicekit.datasets").joinpath("data")
    for name, times in TIMES.items():
        raw = gzip.decompress(data.joinpath(f"{name}.csv.gz").read_bytes())
        frame = pd.read_csv(io.BytesIO(raw))
        for column in times:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")


def plain_polars() -> None:
    data = resources.files("servicekit.datasets").joinpath("data")
    for name, times in TIMES.items():
        raw = gzip.decompress(data.joinpath(f"{name}.csv.gz").read_bytes())
        frame = pl.read_csv(io.BytesIO(raw))
        frame.with_columns(pl.col(times).str.to_datetime(time_zone="UTC"))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(0)

    def floor() -> None:
        (np.datetime64("2025-11-24") + rng.integers(0, 364 * 86400, n).astype("m8[s]")).sort()

    print(f"make_helpdesk(tickets={n:,})")
    base = best_of(floor, repeat=3)
    for backend in ("pandas", "polars"):
        t = best_of(lambda b=backend: make_helpdesk(tickets=n, backend=b), repeat=3)  # type: ignore[misc]
        print(
            f"  {backend:7s} {t:7.3f} s  ({n / t:,.0f} tickets/s; "
            f"NumPy arrivals alone {base * 1e3:.1f} ms, ratio {t / base:,.0f}x)"
        )
    print("load_helpdesk() (20,000 tickets, their events and surveys)")
    for backend, plain in (("pandas", plain_pandas), ("polars", plain_polars)):
        t = best_of(lambda b=backend: load_helpdesk(backend=b))  # type: ignore[misc]
        p = best_of(plain)
        print(
            f"  {backend:7s} {t:7.3f} s  (plain read_csv + time parsing {p:.3f} s, "
            f"ratio {t / p:.2f}x)"
        )


if __name__ == "__main__":
    main()
