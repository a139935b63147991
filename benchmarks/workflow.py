"""The whole complaint lifecycle, servicekit's workflow vs a bare python-statemachine machine.

Both drive each complaint from received to closed through the same events
(classify, investigate, add_evidence, resolve, reply, follow_up, close). The
bare machine has the same states and transitions and no servicekit logic:
no argument checks, no history, no pydantic model (a plain object holds the
status). Prints complaints/s, the ratio of servicekit's time to the bare
machine's (target: servicekit at least 2x faster, ratio <= 0.5), the memory
one live workflow holds (target: at most 3 KB, the complaint aside), and one
web request as a help desk serves it: load a stored complaint's JSON, wrap it,
apply one event, dump the JSON (target: median at most 50 us).

Run: ``python benchmarks/workflow.py [N]`` (default 100,000 complaints).
"""

from __future__ import annotations

import gc
import operator
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import reduce
from typing import Any

from statemachine import State, StateMachine

from servicekit import Complaint, ComplaintWorkflow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
OPEN = ("received", "classified", "investigating", "resolved", "replied", "tracking")


def _stay(*states: State) -> Any:
    """Self-transitions that keep the state, as servicekit's machine declares them."""
    return reduce(operator.or_, (s.to.itself(internal=True) for s in states))


class Bare(StateMachine):
    received = State(initial=True, value="received")
    classified = State(value="classified")
    investigating = State(value="investigating")
    resolved = State(value="resolved")
    replied = State(value="replied")
    tracking = State(value="tracking")
    closed = State(value="closed")

    classify = received.to(classified)
    investigate = classified.to(investigating)
    resolve = investigating.to(resolved)
    reply = resolved.to(replied)
    follow_up = replied.to(tracking) | _stay(tracking)
    close = replied.to(closed) | tracking.to(closed)
    reopen = replied.to(investigating) | tracking.to(investigating) | closed.to(investigating)
    add_evidence = _stay(investigating, resolved, replied, tracking)
    escalate = _stay(received, classified, investigating, resolved, replied, tracking)
    hand_over = _stay(received, classified, investigating, resolved, replied, tracking)


class PlainModel:
    def __init__(self) -> None:
        self.status = "received"


LIFECYCLE = (
    "classify",
    "investigate",
    "add_evidence",
    "resolve",
    "reply",
    "follow_up",
    "close",
)


def bare_lifecycle(i: int) -> Any:
    machine = Bare(model=PlainModel(), state_field="status")
    for event in LIFECYCLE:
        machine.send(event)
    return machine


def servicekit_lifecycle(i: int) -> ComplaintWorkflow:
    complaint = Complaint(
        id=f"CP-{i}", customer_id=f"C-{i}", channel="phone", received_at=T0, subject="Charged twice"
    )
    minute = timedelta(minutes=1)
    wf = ComplaintWorkflow(complaint, clock=lambda: T0 + minute)
    wf.classify(actor="agent-1", severity="major", category="billing")
    wf.investigate(actor="agent-1")
    wf.add_evidence(actor="agent-1", kind="transaction_record", reference=f"txn-{i}")
    wf.resolve(actor="agent-1", resolution="refunded the second charge")
    wf.reply(actor="agent-1", message="We refunded the second charge.")
    wf.follow_up(actor="agent-1", outcome="refund received", customer_satisfied=True)
    wf.close(actor="agent-1")
    return wf


def timed(fn: Callable[[int], object], n: int) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for i in range(n):
        fn(i)
    return time.perf_counter() - t0


def memory_per_live(fn: Callable[[int], object], n: int = 2_000) -> float:
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    keep = [fn(i) for i in range(n)]
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del keep
    return used / n


def workflows_only(n: int = 2_000) -> float:
    """Bytes per live workflow, the complaints built beforehand (and not counted)."""
    complaints = [servicekit_lifecycle(i).complaint for i in range(n)]
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    keep = [ComplaintWorkflow(c) for c in complaints]
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del keep
    return used / n


def request_times(n: int = 20_000) -> list[float]:
    """One request: load JSON, wrap, one event (a progress notice), dump JSON."""
    opened = Complaint(
        id="CP-x", customer_id="C-x", channel="web", received_at=T0, subject="Late parcel"
    )
    w = ComplaintWorkflow(opened)
    w.acknowledge(actor="agent-1", at=T0)
    w.classify(actor="agent-1", severity="major", at=T0)
    w.investigate(actor="agent-1", at=T0)
    stored = opened.model_dump_json()
    at = T0 + timedelta(hours=1)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        complaint = Complaint.model_validate_json(stored)
        ComplaintWorkflow(complaint).update_customer(actor="agent-1", message="On it", at=at)
        complaint.model_dump_json()
        times.append(time.perf_counter() - t0)
    return sorted(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    assert servicekit_lifecycle(0).status == "closed"
    assert bare_lifecycle(0).current_state_value == "closed"
    t_bare = timed(bare_lifecycle, n)
    t_ours = timed(servicekit_lifecycle, n)
    print(f"{n:,} complaints, received -> closed ({len(LIFECYCLE)} events each)")
    print(f"  bare python-statemachine: {n / t_bare:>9,.0f} complaints/s")
    print(f"  servicekit workflow:      {n / t_ours:>9,.0f} complaints/s")
    print(f"  ratio servicekit / bare:  {t_ours / t_bare:.2f}x (target <= 0.5: 2x faster)")
    bare_kib = memory_per_live(bare_lifecycle) / 1024
    print(f"  memory per live bare machine:       {bare_kib:6.1f} KiB")
    print(
        "  memory per live workflow+complaint: "
        f"{memory_per_live(servicekit_lifecycle) / 1024:6.1f} KiB (7 history entries)"
    )
    print(f"  memory per live workflow alone:     {workflows_only():6.0f} B (target <= 3 KB)")
    times = request_times()
    median, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
    print(
        "one request (load JSON, wrap, one event, dump JSON): "
        f"median {median * 1e6:.1f} us, p99 {p99 * 1e6:.1f} us (target: median <= 50 us)"
    )


if __name__ == "__main__":
    main()
