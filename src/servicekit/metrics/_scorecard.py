"""KPI scorecards against the domain's targets, and KPIs by group in tidy form."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any

import numpy as np

from servicekit._params import (
    Instance,
    Summary,
    fail,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError
from servicekit.metrics._rates import SLACompliance
from servicekit.metrics._satisfaction import CESResult, CSATResult, NPSResult
from servicekit.metrics._times import Backlog, ResolutionTimes, TimeStats

__all__ = [
    "DEFAULT_TARGETS",
    "KPITable",
    "KPITarget",
    "Scorecard",
    "ScorecardRow",
    "kpi_scorecard",
]


@result
class KPITarget(Result):
    """A KPI's target and which way is better.

    Examples
    --------
    >>> KPITarget(0.8, higher_is_better=True)
    KPITarget(value=0.8, higher_is_better=True)
    """

    value: float | timedelta
    higher_is_better: bool


DEFAULT_TARGETS: Mapping[str, KPITarget] = MappingProxyType(
    {
        # The training deck's five targets (DOMAIN.md, "Service KPIs and their targets").
        "first_response_time": KPITarget(timedelta(minutes=5), higher_is_better=False),
        "first_contact_resolution_rate": KPITarget(0.80, higher_is_better=True),
        "resolution_rate": KPITarget(0.95, higher_is_better=True),
        "follow_up_rate": KPITarget(1.00, higher_is_better=True),
        "agent_rating": KPITarget(4.5, higher_is_better=True),
        # Defaults for the other KPIs servicekit computes: common help-desk practice,
        # meant to be replaced by a team's own targets.
        "resolution_time": KPITarget(timedelta(hours=24), higher_is_better=False),
        "reopen_rate": KPITarget(0.05, higher_is_better=False),
        "escalation_rate": KPITarget(0.10, higher_is_better=False),
        "abandon_rate": KPITarget(0.05, higher_is_better=False),
        "sla_compliance": KPITarget(0.95, higher_is_better=True),
        "average_handle_time": KPITarget(timedelta(minutes=6), higher_is_better=False),
        "backlog": KPITarget(0.0, higher_is_better=False),
        "nps": KPITarget(30.0, higher_is_better=True),
        "csat": KPITarget(80.0, higher_is_better=True),
        "ces": KPITarget(70.0, higher_is_better=True),
    }
)
"""The targets a scorecard uses unless given others.

The training deck's five: first response 5 minutes, first-contact resolution
80%, resolution 95%, follow-up 100%, agent rating 4.5 of 5. For the other KPIs
servicekit computes, defaults from common help-desk practice: resolution within
24 hours, reopen rate at most 5%, escalation rate at most 10%, abandon rate at
most 5%, SLA compliance 95%, average handle time at most 6 minutes, an empty
backlog, NPS 30 points, CSAT 80% and CES 70% (percent of satisfied or "easy"
answers). Pass your own ``targets`` to replace any of them."""


@result
class ScorecardRow(Result):
    """One KPI against its target.

    Attributes
    ----------
    kpi : str
        The KPI's name.
    value, target : float or timedelta
        What was measured, and the target.
    met : bool
        Whether the value is on the right side of the target (equal counts).
    gap : float or timedelta
        ``value - target``: positive above the target, whichever way is better.

    Examples
    --------
    >>> ScorecardRow("resolution_rate", 0.9, 0.95, False, -0.05).met
    False
    """

    kpi: str
    value: float | timedelta
    target: float | timedelta
    met: bool
    gap: float | timedelta


@result
class Scorecard(Result, Mapping[str, ScorecardRow]):
    """KPIs against targets: a read-only mapping of KPI name to :class:`ScorecardRow`.

    Examples
    --------
    >>> card = kpi_scorecard({"resolution_rate": 0.97})
    >>> "resolution_rate" in card, card["resolution_rate"].met
    (True, True)
    >>> [(kpi, row.met) for kpi, row in card.items()]
    [('resolution_rate', True)]
    """

    rows: tuple[ScorecardRow, ...]

    def __getitem__(self, kpi: str) -> ScorecardRow:
        for row in self.rows:
            if row.kpi == kpi:
                return row
        raise InvalidInputError("kpi", kpi, f"one of {[r.kpi for r in self.rows]}")

    def __contains__(self, kpi: object) -> bool:
        return any(row.kpi == kpi for row in self.rows)

    def get(self, kpi: str, default: Any = None) -> Any:
        """The row of ``kpi``, or ``default`` when it is not on the card."""
        return next((row for row in self.rows if row.kpi == kpi), default)

    def __iter__(self) -> Iterator[str]:
        return (row.kpi for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries, ready for ``pandas.DataFrame``."""
        return [row.to_dict() for row in self.rows]

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (needs pandas)."""
        return _pandas().DataFrame.from_records(self.to_records())


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas() needs pandas: pip install 'servicekit[pandas]' (or use to_records())"
        ) from err


def _measured(name: str, value: object) -> object:
    """A result object's headline number; plain values as they are."""
    if isinstance(value, ResolutionTimes):
        value = value.full
    if isinstance(value, Backlog):
        return value.count
    if isinstance(value, TimeStats):
        if value.mean is None:
            fail(
                f"values[{name!r}]",
                Summary("<TimeStats with n=0>"),
                "a TimeStats with measurements",
            )
        return value.mean
    if isinstance(value, NPSResult | CSATResult | CESResult):
        return value.score
    if isinstance(value, SLACompliance):
        return value.rate
    return value


def _kpi_value(name: str, raw: object, target: KPITarget) -> float | timedelta:
    value = _measured(name, raw)
    if isinstance(target.value, timedelta):
        if isinstance(value, timedelta):
            return value
        if isinstance(value, np.timedelta64) and not np.isnat(value):
            return timedelta(seconds=float(value / np.timedelta64(1, "s")))
        fail(f"values[{name!r}]", value, "a timedelta (or a TimeStats)")
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        fail(f"values[{name!r}]", Summary(f"<{type(value).__name__}>"), "a number or a result")
    if not math.isfinite(value):
        fail(f"values[{name!r}]", value, "a finite number")
    return float(value)


@validate_params(
    values=Instance(Mapping, expected="a mapping of KPI name to value"),
    targets=Instance(Mapping, expected="a mapping of KPI name to KPITarget"),
)
def kpi_scorecard(
    values: Mapping[str, object], *, targets: Mapping[str, KPITarget] = DEFAULT_TARGETS
) -> Scorecard:
    """Compare measured KPIs with their targets.

    Parameters
    ----------
    values : mapping of str to value
        KPI name (``"first_contact_resolution_rate"``, ``"first_response_time"``,
        ``"nps"``, ...; see :data:`DEFAULT_TARGETS`) to the measured value: a
        number, a ``timedelta`` for times, or the library's own result
        object (:class:`TimeStats` and :class:`ResolutionTimes` give their
        mean, NPS/CSAT/CES results their score, :class:`SLACompliance` its
        rate, :class:`Backlog` its count).
    targets : mapping of str to KPITarget, default DEFAULT_TARGETS
        The targets; add your own KPIs here.

    Returns
    -------
    Scorecard
        One row per measured KPI, in the order given.

    Examples
    --------
    >>> from datetime import timedelta
    >>> from servicekit.metrics import nps
    >>> card = kpi_scorecard({"first_response_time": timedelta(minutes=7),
    ...                       "first_contact_resolution_rate": 0.83,
    ...                       "nps": nps([10, 9, 9, 8, 3])})
    >>> [(kpi, row.met) for kpi, row in card.items()]
    [('first_response_time', False), ('first_contact_resolution_rate', True), ('nps', True)]
    >>> card["first_response_time"].gap, round(card["first_contact_resolution_rate"].gap, 2)
    (datetime.timedelta(seconds=120), 0.03)
    """
    rows = []
    for name, raw in values.items():
        target = targets.get(name)
        if not isinstance(target, KPITarget):
            fail("values", name, f"KPIs with a target: {sorted(targets)}")
        value = _kpi_value(name, raw, target)
        goal = target.value
        met = value >= goal if target.higher_is_better else value <= goal  # type: ignore[operator]
        rows.append(ScorecardRow(name, value, goal, bool(met), value - goal))  # type: ignore[operator]
    return Scorecard(tuple(rows))


@result
class KPITable(Result):
    """KPIs by group, tidy: one read-only record per group.

    Attributes
    ----------
    by : str
        The grouping column.
    records : tuple of mappings
        One record per group, in the groups' sorted order.

    Examples
    --------
    ``servicekit.frames.kpi_table`` returns one for a dict of columns:

    >>> t = KPITable("agent", ({"agent": "a", "n": 2}, {"agent": "b", "n": 1}))
    >>> [(r["agent"], r["n"]) for r in t.to_records()]
    [('a', 2), ('b', 1)]
    """

    by: str
    records: tuple[dict[str, Any], ...]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.to_records())

    def to_records(self) -> list[dict[str, Any]]:
        """One dictionary per group (copies)."""
        return [dict(r) for r in self.records]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` indexed by the group (needs pandas)."""
        return _pandas().DataFrame.from_records(self.to_records()).set_index(self.by)
