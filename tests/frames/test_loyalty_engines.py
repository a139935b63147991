"""rfm and cohort_retention give the same table on every engine (DuckDB and Spark included)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from servicekit.frames import cohort_retention, rfm
from tests.frames.conftest import to_engine, to_polars

UTC = timezone.utc
NOW = datetime(2026, 7, 1, tzinfo=UTC)
RNG = np.random.default_rng(5)
N = 400
PURCHASES = pl.DataFrame(
    {
        "customer": RNG.choice([f"c{i}" for i in range(60)], N),
        "at": [
            datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=int(h))
            for h in RNG.integers(0, 180 * 24, N)
        ],
        "amount": RNG.integers(1, 500, N).astype(float),
    },
    schema_overrides={"at": pl.Datetime("us", "UTC")},
)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns[:2])


def test_rfm_is_the_same_on_every_engine(engine: str) -> None:
    reference = to_polars(
        rfm(PURCHASES, customer="customer", at="at", amount="amount", now=NOW), "polars"
    )
    out = to_polars(
        rfm(to_engine(PURCHASES, engine), customer="customer", at="at", amount="amount", now=NOW),
        engine,
    )
    assert_frame_equal(_sorted(out), _sorted(reference), check_dtypes=False)


def test_cohort_retention_is_the_same_on_every_engine(engine: str) -> None:
    reference = to_polars(
        cohort_retention(PURCHASES, customer="customer", at="at", freq="1mo", tz="Asia/Shanghai"),
        "polars",
    )
    out = to_polars(
        cohort_retention(
            to_engine(PURCHASES, engine),
            customer="customer",
            at="at",
            freq="1mo",
            tz="Asia/Shanghai",
        ),
        engine,
    )
    assert_frame_equal(_sorted(out), _sorted(reference), check_dtypes=False)
