"""Control charts on 1,000,000 points against hand-written baselines, in one run.

- ``c_chart`` against plain NumPy computing the same centre line, limits and
  out-of-limit points (target: at most 3x; servicekit also checks every count
  is a whole number >= 0 and returns an immutable result).
- ``ewma_chart`` against pandas ``Series.ewm(alpha=lam, adjust=False).mean()``
  plus the same exact, time-varying limits computed with NumPy (target: at
  most 1.5x).

Run: ``python benchmarks/control.py [N]`` (needs pandas).
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pandas as pd
from _timing import best_of

from servicekit.metrics import c_chart, ewma_chart


def numpy_c_chart(c: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    cbar = c.mean()
    ucl, lcl = cbar + 3 * math.sqrt(cbar), max(cbar - 3 * math.sqrt(cbar), 0.0)
    return np.flatnonzero((c > ucl) | (c < lcl))


def pandas_ewma(x: pd.Series, lam: float, target: float, sigma: float, width: float) -> np.ndarray:  # type: ignore[type-arg]
    z = pd.concat([pd.Series([target]), x]).ewm(alpha=lam, adjust=False).mean().to_numpy()[1:]
    i = np.arange(1, x.size + 1)
    spread = width * sigma * np.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * i)))
    return np.flatnonzero((z > target + spread) | (z < target - spread))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(2026)
    counts = rng.poisson(20, n).astype(np.int64)
    assert np.array_equal(c_chart(counts).out_of_control, numpy_c_chart(counts))
    t_ours = best_of(lambda: c_chart(counts))
    t_base = best_of(lambda: numpy_c_chart(counts))
    print(f"c_chart on {n:,} counts")
    print(
        f"  servicekit {t_ours * 1e3:7.2f} ms | NumPy {t_base * 1e3:7.2f} ms | "
        f"ratio {t_ours / t_base:.2f}x (target <= 3)"
    )

    x = rng.normal(10.0, 1.0, n)
    series = pd.Series(x)
    lam, target, sigma, width = 0.1, 10.0, 1.0, 2.7
    ours = ewma_chart(x, lam=lam, target=target, sigma=sigma, L=width)
    base = pd.concat([pd.Series([target]), series]).ewm(alpha=lam, adjust=False).mean()
    assert np.allclose(ours.ewma, base.to_numpy()[1:], rtol=1e-9, atol=1e-9)
    t_ours = best_of(lambda: ewma_chart(x, lam=lam, target=target, sigma=sigma, L=width))
    t_base = best_of(lambda: pandas_ewma(series, lam, target, sigma, width))
    print(f"ewma_chart on {n:,} points")
    print(
        f"  servicekit {t_ours * 1e3:7.2f} ms | pandas ewm + limits {t_base * 1e3:7.2f} ms | "
        f"ratio {t_ours / t_base:.2f}x (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
