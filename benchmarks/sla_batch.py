"""SLA targets of 100,000 open complaints: evaluate_many against looping for_complaint.

The complaints are in business hours (Asia/Shanghai, a lunch break), with
acknowledgements, classifications and investigations, a quarter of them
paused. Target: evaluate_many at most 0.5 s (looping took 4.7 s). The loop is
timed on 2,000 complaints and scaled up.

Run: ``python benchmarks/sla_batch.py [N]``
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone

from servicekit import BusinessCalendar, Complaint, ComplaintWorkflow, SLAClock, SLAPolicy

T0 = datetime(2026, 3, 2, 1, tzinfo=timezone.utc)
OFFICE = BusinessCalendar(
    dict.fromkeys(range(5), (("09:00", "12:00"), ("13:30", "18:00"))), tz="Asia/Shanghai"
)


def make(n: int) -> list[Complaint]:
    stored = []
    for k in range(100):
        c = Complaint(
            id=f"CP-{k}",
            customer_id="C",
            channel="web",
            received_at=T0 + timedelta(minutes=k),
            subject="s",
        )
        wf = ComplaintWorkflow(c)
        wf.acknowledge(actor="a", at=c.received_at + timedelta(minutes=3))
        severity = ("general", "major", "urgent")[k % 3]
        wf.classify(actor="a", severity=severity, at=c.received_at + timedelta(minutes=5))
        wf.investigate(actor="a", at=c.received_at + timedelta(minutes=9))
        if k % 4 == 0:
            wf.pause(actor="a", reason="r", at=c.received_at + timedelta(hours=2))
        stored.append(c.model_dump_json())
    return [
        Complaint.model_validate_json(stored[k % 100].replace(f'"CP-{k % 100}"', f'"X-{k}"'))
        for k in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    complaints = make(n)
    clock = SLAClock(SLAPolicy(), OFFICE)
    now = T0 + timedelta(days=1)
    cold = time.perf_counter()
    clock.evaluate_many(complaints, now=now)
    cold = time.perf_counter() - cold
    warm = min(_timed(lambda: clock.evaluate_many(complaints, now=now)) for _ in range(3))
    sample = complaints[:2_000]
    loop = _timed(lambda: [clock.for_complaint(c, now=now) for c in sample]) * n / len(sample)
    print(f"SLA targets of {n:,} open complaints")
    print(f"  evaluate_many: {warm:6.3f} s ({cold:.3f} s with the calendar's first tables)")
    print(f"  looping for_complaint: {loop:6.2f} s -> {loop / warm:.0f}x (target: <= 0.5 s)")


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
