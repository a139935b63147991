"""Regenerate the sample help desk shipped in src/servicekit/datasets/data/.

Run from the repository root (needs the ``holidays`` and ``pandas`` extras):

    python tools/make_sample_data.py

The files are gzip-compressed CSV (times in ISO 8601 UTC with ``Z``), written
deterministically (gzip with no file name and mtime 0), so running this again
with the same servicekit, NumPy and holidays gives the same bytes.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from servicekit.datasets import make_helpdesk
from servicekit.datasets._files import TABLES, csv_bytes

DATA = Path(__file__).resolve().parents[1] / "src" / "servicekit" / "datasets" / "data"


def main() -> int:
    """Generate the sample with make_helpdesk's defaults and write the three files."""
    helpdesk = make_helpdesk()
    DATA.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in TABLES:
        raw = csv_bytes(getattr(helpdesk, name))
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        path = DATA / f"{name}.csv.gz"
        path.write_bytes(packed)
        total += len(packed)
        print(f"{path.name}: {len(raw):,} bytes of CSV, {len(packed):,} compressed")
    print(f"total {total:,} bytes; {helpdesk!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
