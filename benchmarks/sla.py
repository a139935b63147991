"""Due dates for 1,000,000 tickets: vectorised BusinessCalendar.add, in one run, against

* the scalar ``add`` in a Python loop over a 20,000-ticket sample (scaled per ticket);
* NumPy's own ``np.busday_offset`` for whole business days (no hours, no breaks,
  no time zone).

Targets: vectorised at least 20x faster per ticket than the loop, and within 5x
of ``busday_offset``'s per-ticket cost.

Run: ``python benchmarks/sla.py [N]``
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone

import numpy as np
from _timing import best_of

from servicekit.sla import BusinessCalendar

HOLIDAYS = [date(2026, 10, d) for d in range(1, 8)] + [date(2027, 1, 1), date(2026, 5, 1)]
WORKDAYS = [date(2026, 9, 27), date(2026, 10, 10)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    sample = min(20_000, n)
    office = [("09:00", "12:00"), ("13:30", "18:00")]
    cal = BusinessCalendar(
        dict.fromkeys(range(5), office), tz="Asia/Shanghai", holidays=HOLIDAYS, workdays=WORKDAYS
    )
    rng = np.random.default_rng(7)
    start = np.datetime64("2026-01-01T00:00", "s")
    opened = start + rng.integers(0, 365 * 86_400, n).astype("timedelta64[s]")
    target = timedelta(hours=8)

    cal.add(opened[:10], target)  # build the calendar's table once, outside the timing
    t_vec = best_of(lambda: cal.add(opened, target))
    scalars = [datetime.fromisoformat(str(x)).replace(tzinfo=timezone.utc) for x in opened[:sample]]
    t_loop = best_of(lambda: [cal.add(t, target) for t in scalars], repeat=3)
    days = opened.astype("datetime64[D]")
    weekmask = "1111100"
    t_busday = best_of(
        lambda: np.busday_offset(days, 1, roll="forward", weekmask=weekmask, holidays=HOLIDAYS)
    )

    vec = cal.add(opened[:sample], target)
    loop = np.array(
        [np.datetime64(x.replace(tzinfo=None), "us") for x in [cal.add(t, target) for t in scalars]]
    )
    assert (vec == loop).all(), "vectorised and scalar add disagree"

    per_vec = t_vec / n
    per_loop = t_loop / sample
    per_busday = t_busday / n
    print(f"due dates (+8 business hours, lunch break, holidays, Asia/Shanghai) for {n:,} tickets")
    print(f"  vectorised add:        {per_vec * 1e9:8.1f} ns/ticket ({t_vec * 1e3:.0f} ms in all)")
    print(
        f"  scalar add, loop:      {per_loop * 1e9:8.1f} ns/ticket "
        f"-> vectorised is {per_loop / per_vec:.0f}x faster (target >= 20x)"
    )
    print(
        f"  np.busday_offset days: {per_busday * 1e9:8.1f} ns/ticket "
        f"-> vectorised costs {per_vec / per_busday:.2f}x (target <= 5x)"
    )


if __name__ == "__main__":
    main()
