"""first_response_time and sla_compliance over 1,000,000 interactions, against pandas.

The baseline does the same work with pandas in the same run: the response
times as a timedelta Series (mean, median, 90th/95th percentiles, max, after
dropping the unanswered), and met/breached counts for SLA compliance. pandas
is not a dependency of servicekit (``pip install pandas``). Target: servicekit
no slower than pandas.

Run: ``python benchmarks/operations.py [N]``
"""

from __future__ import annotations

import sys

import numpy as np
from _timing import best_of

from servicekit.metrics import first_response_time, sla_compliance

try:
    import pandas as pd
except ImportError:  # pragma: no cover - depends on the benchmark's environment
    sys.exit("this benchmark compares against pandas: pip install pandas")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(11)
    opened = np.datetime64("2026-01-01T00:00", "s") + rng.integers(0, 365 * 86_400, n).astype(
        "timedelta64[s]"
    )
    wait = rng.exponential(240, n).astype("timedelta64[s]")
    answered = opened + wait
    answered[rng.random(n) < 0.05] = np.datetime64("NaT", "us")
    due = opened + np.timedelta64(300, "s")
    now = np.datetime64("2027-01-01T00:00", "s")
    df = pd.DataFrame({"opened": opened, "answered": answered, "due": due})

    def pandas_frt() -> object:
        s = (df["answered"] - df["opened"]).dropna()
        return (
            s.mean(),
            s.median(),
            s.quantile([0.9, 0.95]),
            s.max(),
            int(df["answered"].isna().sum()),
        )

    def pandas_sla() -> float:
        done = df["answered"]
        met = int(((done <= df["due"]) & done.notna()).sum())
        breached = int(((done > df["due"]) | (done.isna() & (df["due"] < now))).sum())
        return met / (met + breached)

    ours_frt = first_response_time(opened, answered, percentiles=(90, 95))
    base = pandas_frt()
    # pandas keeps the mean at the column's resolution (whole seconds here)
    assert abs(ours_frt.mean.total_seconds() - base[0].total_seconds()) < 1  # type: ignore[index, union-attr]
    assert abs(sla_compliance(due, answered, now=now).rate - pandas_sla()) < 1e-12

    print(f"{n:,} interactions as arrays")
    for label, ours, theirs in (
        ("first_response_time", lambda: first_response_time(opened, answered), pandas_frt),
        ("sla_compliance", lambda: sla_compliance(due, answered, now=now), pandas_sla),
    ):
        t_ours, t_pd = best_of(ours), best_of(theirs)
        print(
            f"  {label:<20} servicekit {t_ours * 1e3:7.1f} ms | pandas {t_pd * 1e3:7.1f} ms | "
            f"ratio {t_ours / t_pd:.2f}x (target <= 1)"
        )


if __name__ == "__main__":
    main()
