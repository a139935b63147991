"""servicekit.io importers: one valid call each (a path to a small synthetic export).

The shared container checks (list, tuple, NumPy, pandas and polars Series) do not fit
a whole export: the importers take a path or a DataFrame, and tests/io/ checks pandas
and polars frames in. The declared constraints (tz, backend) are checked here.
"""

from __future__ import annotations

from pathlib import Path

from servicekit.io import read_freshdesk, read_jsm, read_servicekit, read_zammad, read_zendesk
from tests.registry import Case

DATA = Path(__file__).resolve().parents[1] / "data" / "io"

CASES = [
    Case(read_zendesk, (DATA / "zendesk.csv",), {"tz": "Europe/Berlin"}),
    Case(read_freshdesk, (DATA / "freshdesk.csv",), {"tz": "Europe/Berlin"}),
    Case(read_zammad, (DATA / "zammad.csv",), {"tz": "Europe/Berlin", "backend": "polars"}),
    Case(read_jsm, (DATA / "jsm.csv",), {"tz": "Europe/Berlin"}),
    Case(read_servicekit, (DATA / "servicekit.csv",), {"backend": "polars"}),
]
