"""required_agents against pyworkforce's ErlangC, in one run.

pyworkforce is not a dependency of servicekit: install it beside servicekit
in the benchmark's own environment first::

    python3 -m venv .bench && .bench/bin/pip install -e . pyworkforce
    .bench/bin/python benchmarks/staffing.py

Prints, at 10, 100, 1,000 and 10,000 Erlangs and for a 48-interval day, the
time per call of each, the speed-up (target: at least 10x at 1,000 Erlangs),
and whether the two agree; then the cases where pyworkforce is wrong.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from datetime import timedelta

import numpy as np

from servicekit.metrics import erlang_c, required_agents

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # pragma: no cover - depends on the benchmark's environment
    sys.exit("this benchmark compares against pyworkforce: pip install pyworkforce")

AHT_MIN = 3.0  # handle time, minutes (pyworkforce's unit)
INTERVAL_MIN = 30.0
ASA_MIN = 20 / 60  # answer-time target, minutes
TARGET = 0.8


PLAN = {
    "handle_time": timedelta(minutes=AHT_MIN),
    "target_service_level": TARGET,
    "target_answer_time": timedelta(minutes=ASA_MIN),
}


def pyworkforce_agents(traffic: float) -> int:
    calls = traffic * INTERVAL_MIN / AHT_MIN
    erlang = ErlangC(transactions=calls, aht=AHT_MIN, asa=ASA_MIN, interval=INTERVAL_MIN)
    return int(erlang.required_positions(service_level=TARGET)["raw_positions"])


def servicekit_agents(traffic: float) -> int:
    return int(required_agents(traffic, **PLAN).agents)


def per_call(fn: Callable[[], object], min_time: float = 0.5) -> float:
    fn()
    count, start = 0, time.perf_counter()
    while True:
        fn()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / count


def main() -> None:
    print(f"required agents for {TARGET:.0%} in 20 s, AHT 180 s")
    print(f"{'traffic':>16} {'servicekit':>12} {'pyworkforce':>12} {'speed-up':>9}  agents")
    for traffic in (10.0, 100.0, 1_000.0, 10_000.0):
        ours = per_call(lambda a=traffic: servicekit_agents(a))
        theirs = per_call(lambda a=traffic: pyworkforce_agents(a), min_time=1.0)
        a, b = servicekit_agents(traffic), pyworkforce_agents(traffic)
        agree = "same" if a == b else f"differ: {a} vs {b}"
        print(
            f"{traffic:>12,.0f} E  {ours * 1e3:>9.3f} ms {theirs * 1e3:>9.3f} ms "
            f"{theirs / ours:>8.1f}x  {agree}"
        )

    day = 5.0 + 200.0 * np.sin(np.linspace(0.1, math.pi - 0.1, 48)) ** 2
    ours = per_call(lambda: required_agents(day, **PLAN))
    theirs = per_call(lambda: [pyworkforce_agents(float(a)) for a in day], min_time=1.0)
    plan = required_agents(day, **PLAN).agents
    same = all(int(x) == pyworkforce_agents(float(a)) for x, a in zip(plan, day, strict=True))
    print(
        f"{'48-interval day':>16} {ours * 1e3:>9.3f} ms {theirs * 1e3:>9.3f} ms "
        f"{theirs / ours:>8.1f}x  {'same' if same else 'differ'}"
    )

    print("\nwhere pyworkforce is wrong:")
    erlang = ErlangC(transactions=100, aht=AHT_MIN, asa=ASA_MIN, interval=INTERVAL_MIN)
    for n in (8, 9):
        print(
            f"  10 Erlangs on {n} agents: pyworkforce waiting probability "
            f"{erlang.waiting_probability(n):.3f}, servicekit {erlang_c(10.0, n):.3f}"
        )
    low = 0.6
    calls = low * INTERVAL_MIN / AHT_MIN
    theirs_low = ErlangC(transactions=calls, aht=AHT_MIN, asa=ASA_MIN, interval=INTERVAL_MIN)
    r = theirs_low.required_positions(service_level=0.3)["raw_positions"]
    ours_low = required_agents(low, **{**PLAN, "target_service_level": 0.3})
    print(
        f"  0.6 Erlangs, 30% target: pyworkforce {r} agents (it starts its search at "
        f"round(A + 1)); servicekit {ours_low.agents} agent reaching "
        f"{ours_low.service_level:.1%}"
    )


if __name__ == "__main__":
    main()
