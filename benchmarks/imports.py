"""First-import cost, measured with ``python -X importtime`` in fresh processes.

Targets: ``import servicekit.metrics`` at most 120 ms and ``import servicekit``
at most 200 ms; the baseline in the same run is ``import numpy``, which the
metrics need anyway (the ratio shows what servicekit adds on top of it).
Each figure is the median of several fresh interpreters.

Run: ``python benchmarks/imports.py [RUNS]``
"""

from __future__ import annotations

import statistics
import subprocess
import sys


def import_ms(module: str) -> float:
    """Cumulative import time of ``module`` in a fresh interpreter, in milliseconds."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    last = [line for line in out.stderr.splitlines() if line.rstrip().endswith(f"| {module}")]
    return int(last[-1].split("|")[1]) / 1000.0


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    base = statistics.median(import_ms("numpy") for _ in range(runs))
    print(f"import numpy (baseline): {base:6.1f} ms")
    for module, target in (
        ("servicekit", 200),
        ("servicekit.metrics", 120),
        ("servicekit.workflow", None),
    ):
        ms = statistics.median(import_ms(module) for _ in range(runs))
        goal = f" (target <= {target} ms)" if target else ""
        print(f"import {module:<20} {ms:6.1f} ms | {ms / base:.2f}x numpy{goal}")


if __name__ == "__main__":
    main()
