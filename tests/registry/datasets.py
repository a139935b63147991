"""servicekit.datasets: one valid call each, for the declared-constraint checks.

The container checks do not apply (no array-like arguments); tests/datasets/ checks
the frames themselves. read_servicekit is registered in io.py.
"""

from __future__ import annotations

from servicekit.datasets import load_helpdesk, make_helpdesk
from tests.registry import Case

CASES = [
    Case(load_helpdesk, (), {"backend": "polars"}),
    Case(make_helpdesk, (), {"tickets": 200, "seed": 1, "backend": "polars"}),
]
