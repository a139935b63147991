"""servicekit.frames against hand-written queries on the same engine, in the same run.

    python benchmarks/frames.py            # polars lazy and DuckDB
    python benchmarks/frames.py --spark    # also a PySpark run of nps_by (correctness)

Targets (issue 13): nps_by on 10M answers at most 1.3x hand-written polars (lazy)
and 1.3x hand-written DuckDB SQL; kpi_table on 1M tickets at most 1.5x a
hand-written polars group-by doing the same; ticket_metrics on 1M status
changes with a business calendar at most 3 s on polars.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import duckdb
import numpy as np
import polars as pl
from _timing import best_of

from servicekit import BusinessCalendar
from servicekit.frames import kpi_table, nps_by, ticket_metrics


def answers(n: int) -> pl.DataFrame:
    rng = np.random.default_rng(1)
    return pl.DataFrame({"team": rng.integers(0, 50, n).astype(str), "nps": rng.integers(0, 11, n)})


def hand_nps(lf: pl.LazyFrame) -> pl.LazyFrame:
    s = pl.col("nps")
    out = lf.group_by("team").agg(
        (s >= 9).sum().alias("promoters"),
        ((s >= 7) & (s < 9)).sum().alias("passives"),
        (s < 7).sum().alias("detractors"),
    )
    n = pl.col("promoters") + pl.col("passives") + pl.col("detractors")
    p, d = pl.col("promoters") / n, pl.col("detractors") / n
    se = 100 * ((p + d - (p - d) ** 2) / n).sqrt()
    return (
        out.with_columns(n.alias("n"), (100 * (p - d)).alias("nps"), se.alias("se"))
        .with_columns(
            (pl.col("nps") - 1.96 * pl.col("se")).clip(-100, 100).alias("ci_low"),
            (pl.col("nps") + 1.96 * pl.col("se")).clip(-100, 100).alias("ci_high"),
        )
        .sort("team")
    )


HAND_SQL = """
SELECT team, n, promoters, passives, detractors, nps, se,
       greatest(-100, nps - 1.96 * se) AS ci_low, least(100, nps + 1.96 * se) AS ci_high
FROM (
  SELECT *, 100.0 * (promoters - detractors) / n AS nps,
         100.0 * sqrt(((promoters + detractors) / n - ((promoters - detractors) / n) ^ 2) / n) AS se
  FROM (
    SELECT team, count(nps) AS n, count_if(nps >= 9) AS promoters,
           count_if(nps >= 7 AND nps < 9) AS passives, count_if(nps < 7) AS detractors
    FROM answers GROUP BY team
  )
) ORDER BY team
"""


def tickets(n: int) -> pl.DataFrame:
    rng = np.random.default_rng(2)
    opened = np.datetime64("2026-01-01", "us") + rng.integers(0, 365 * 86_400, n).astype(
        "timedelta64[s]"
    )
    frt = rng.integers(30, 86_400, n).astype("timedelta64[s]")
    res = frt + rng.integers(60, 5 * 86_400, n).astype("timedelta64[s]")
    return pl.DataFrame(
        {
            "agent": rng.integers(0, 200, n).astype(str),
            "opened_at": pl.Series(opened).dt.replace_time_zone("UTC"),
            "first_response_at": pl.Series(opened + frt).dt.replace_time_zone("UTC"),
            "resolved_at": pl.Series(opened + res).dt.replace_time_zone("UTC"),
            "reopened": rng.random(n) < 0.1,
            "escalated": rng.random(n) < 0.05,
        }
    )


def hand_kpis(lf: pl.LazyFrame) -> pl.LazyFrame:
    frt = (pl.col("first_response_at") - pl.col("opened_at")).dt.total_microseconds() / 1e6
    rt = (pl.col("resolved_at") - pl.col("opened_at")).dt.total_microseconds() / 1e6
    return (
        lf.with_columns(frt.alias("frt"), rt.alias("rt"))
        .group_by("agent")
        .agg(
            pl.len().alias("n"),
            *(
                e
                for c in ("frt", "rt")
                for e in (
                    pl.col(c).count().alias(f"{c}_n"),
                    pl.col(c).mean().alias(f"{c}_mean"),
                    pl.col(c).median().alias(f"{c}_median"),
                    pl.col(c).quantile(0.9, interpolation="linear").alias(f"{c}_p90"),
                )
            ),
            pl.col("resolved_at").is_not_null().mean().alias("resolution_rate"),
            pl.col("reopened").mean().alias("reopen_rate"),
            pl.col("escalated").mean().alias("escalation_rate"),
        )
        .sort("agent")
    )


def status_log(n: int) -> pl.DataFrame:
    """About n status changes: tickets of 5 changes each, a few hours apart."""
    rng = np.random.default_rng(3)
    tickets_n = n // 5
    start = np.datetime64("2026-01-01", "us") + rng.integers(0, 365 * 86_400, tickets_n).astype(
        "timedelta64[s]"
    )
    steps = rng.integers(60, 2 * 86_400, (tickets_n, 5)).astype("timedelta64[s]")
    steps[:, 0] = 0
    at = (start[:, None] + np.cumsum(steps, axis=1)).reshape(-1)
    statuses = np.array(["new", "open", "pending", "open", "solved"])
    return pl.DataFrame(
        {
            "ticket_id": np.repeat(np.arange(tickets_n), 5),
            "at": pl.Series(at).dt.replace_time_zone("UTC"),
            "status": np.tile(statuses, tickets_n),
        }
    )


def main() -> None:
    n = 10_000_000
    data = answers(n)
    lazy = data.lazy()
    ours = best_of(lambda: nps_by(lazy, "team").collect(), repeat=3)
    base = best_of(lambda: hand_nps(lazy).collect(), repeat=3)
    got = nps_by(lazy, "team").collect()
    assert got["nps"].to_list() == hand_nps(lazy).collect()["nps"].to_list()
    print(
        f"nps_by, {n:,} answers, polars lazy: servicekit {ours:.3f} s, hand-written "
        f"{base:.3f} s: {ours / base:.2f}x (target <= 1.3x)"
    )

    con = duckdb.connect()
    table = data.to_arrow()
    con.register("answers", table)
    rel = con.table("answers")
    ours = best_of(lambda: nps_by(rel, "team").fetchall(), repeat=3)
    base = best_of(lambda: con.sql(HAND_SQL).fetchall(), repeat=3)
    print(
        f"nps_by, {n:,} answers, DuckDB: servicekit {ours:.3f} s, hand-written SQL "
        f"{base:.3f} s: {ours / base:.2f}x (target <= 1.3x)"
    )

    m = 1_000_000
    tk = tickets(m).lazy()
    ours = best_of(lambda: kpi_table(tk, "agent").collect(), repeat=3)
    base = best_of(lambda: hand_kpis(tk).collect(), repeat=3)
    mine = kpi_table(tk, "agent").collect()
    hand = hand_kpis(tk).collect()
    assert np.allclose(mine["first_response_time_p90_s"], hand["frt_p90"])
    print(
        f"kpi_table, {m:,} tickets, polars lazy: servicekit {ours:.3f} s, hand-written "
        f"{base:.3f} s: {ours / base:.2f}x (target <= 1.5x)"
    )

    events = status_log(1_000_000)
    office = BusinessCalendar(
        {d: [("09:00", "12:00"), ("13:30", "18:00")] for d in range(5)}, tz="Asia/Shanghai"
    )
    took = best_of(lambda: ticket_metrics(events, calendar=office), repeat=3)
    tickets_n = ticket_metrics(events, calendar=office).height
    print(
        f"ticket_metrics, {events.height:,} status changes ({tickets_n:,} tickets), polars, "
        f"business calendar: {took:.2f} s (target <= 3 s)"
    )

    if "--spark" in sys.argv:
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("OFF")
        small = data.head(1_000_000)
        sdf = spark.createDataFrame(small.to_arrow())
        t0 = datetime.now(timezone.utc)
        out = pl.from_arrow(nps_by(sdf, "team").toArrow())
        took = (datetime.now(timezone.utc) - t0).total_seconds()
        same = np.allclose(
            out.sort("team")["nps"].to_numpy(), nps_by(small, "team")["nps"].to_numpy()
        )
        print(f"nps_by, 1,000,000 answers, PySpark local[2]: {took:.1f} s, equal to polars: {same}")
        spark.stop()


if __name__ == "__main__":
    main()
