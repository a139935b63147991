"""Print pip pins for the lowest versions the core dependencies declare.

``numpy>=1.26`` becomes ``numpy==1.26``; CI installs the test extra with these pins
(on the lowest supported Python) so that a declared minimum is a tested one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    sys.exit("run .ci/lowest.py with Python 3.11 or newer (it reads pyproject.toml)")

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
pins = []
for requirement in project["dependencies"]:
    if ";" in requirement:  # platform-only ones (tzdata on Windows)
        continue
    found = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)\s*(,.*)?", requirement)
    if found is None:
        sys.exit(f"no lower bound to pin in the core dependency {requirement!r}")
    pins.append(f"{found[1]}=={found[2]}")
print(" ".join(pins))
