"""Sample data: a deterministic synthetic help desk, shipped with the package.

:func:`load_helpdesk` loads the bundled year of tickets (Asia/Shanghai, with
China's holidays), their status changes and survey answers as pandas or
polars frames; :func:`make_helpdesk` generates it (or a variant: another
size, seed, period or calendar); :func:`save_helpdesk` writes one as CSV.
See docs/datasets.md.
"""

from __future__ import annotations

from servicekit.datasets._files import load_helpdesk, save_helpdesk
from servicekit.datasets._helpdesk import HELPDESK_TARGETS, Helpdesk, make_helpdesk

__all__ = ["HELPDESK_TARGETS", "Helpdesk", "load_helpdesk", "make_helpdesk", "save_helpdesk"]
