"""KPI scorecards against the domain's targets, and KPIs by group in tidy form."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    Durations,
    Instance,
    Summary,
    fail,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError
from servicekit.metrics._columns import FLAGS, INSTANTS, MISSING, PERIODS, period_starts
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
    "kpi_table",
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
    >>> import numpy as np
    >>> t = kpi_table({"agent": ["a", "b", "a"], "resolved": [True, False, True]}, by="agent")
    >>> [(r["agent"], r["n"], r["resolution_rate"]) for r in t.to_records()]
    [('a', 2, 1.0), ('b', 1, 0.0)]
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


_COLUMNS = ("opened_at", "first_response_at", "resolved", "first_contact_resolution", "handle_time")
_HANDLE_TIME = Durations()


def _group_keys(by: str, cols: Mapping[str, Any], freq: str | None) -> NDArray[Any]:
    if by == "period":
        if cols.get("opened_at") is None:
            fail("by", by, "an opened_at column to take the period from")
        opened = INSTANTS.convert("opened_at", cols["opened_at"])
        if (opened == MISSING).any():
            fail("opened_at", Summary("<missing>"), "an opening time for every item")
        return period_starts(opened, str(freq))
    if cols.get(by) is None:
        fail("by", by, f"a column to group by: one of {sorted(cols)} or 'period'")
    raw = cols[by]
    keys = np.asarray(raw.to_numpy() if hasattr(raw, "to_numpy") else list(raw), dtype=object)
    if keys.ndim != 1:
        fail(by, Summary(f"<shape {keys.shape}>"), "a 1-d column of group keys")
    missing = np.array([k is None or k != k for k in keys.tolist()], dtype=bool)
    if missing.any():
        k = int(np.flatnonzero(missing)[0])
        fail(by, Summary(f"<missing at index {k}>"), "a group for every item")
    return np.array([str(getattr(k, "value", k)) for k in keys.tolist()], dtype=object)


def _flag_sums(
    name: str, values: Any, codes: NDArray[np.intp], groups: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(true counts, known counts) per group of a boolean column with missing values."""
    if values is None:
        zero = np.zeros(groups)
        return zero, zero
    true, known = FLAGS.convert(name, values)
    return (
        np.bincount(codes, weights=true.astype(np.float64), minlength=groups).astype(np.float64),
        np.bincount(codes, weights=known.astype(np.float64), minlength=groups).astype(np.float64),
    )


def _ratio(num: NDArray[Any], den: NDArray[Any]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _group_medians(
    values: NDArray[np.float64], codes: NDArray[np.intp], groups: int
) -> NDArray[np.float64]:
    out = np.full(groups, np.nan)
    if values.size == 0:
        return out
    order = np.lexsort((values, codes))
    v, c = values[order], codes[order]
    starts = np.searchsorted(c, np.arange(groups), side="left")
    ends = np.searchsorted(c, np.arange(groups), side="right")
    has = ends > starts
    lo = (starts + ends - 1) // 2
    hi = (starts + ends) // 2
    out[has] = (v[lo[has]] + v[hi[has]]) / 2.0
    return out


def kpi_table(columns: Any, *, by: str, freq: str | None = None) -> KPITable:
    """The service KPIs per agent, channel, category or period, as tidy records.

    Parameters
    ----------
    columns : mapping of str to array-like, or a pandas or polars DataFrame
        Columns named ``opened_at``, ``first_response_at`` (instants),
        ``resolved``, ``first_contact_resolution`` (booleans, None for
        unknown), ``handle_time`` (durations: timedeltas or timedelta64)
        plus the grouping column; any may be left out, and other columns
        are ignored. From complaints,
        ``servicekit.workflow.complaint_facts(...).to_dict()`` gives them.
    by : str
        The column to group by, e.g. ``"agent_id"`` or ``"channel"``, or
        ``"period"`` to group ``opened_at`` by ``freq``.
    freq : {"h", "D", "W", "M"}, optional
        The period when ``by="period"`` (weeks start on Monday; UTC).

    Returns
    -------
    KPITable
        Per group: ``n``; ``first_response_time_mean_s`` and
        ``first_response_time_median_s`` over the answered items (seconds);
        ``answered``; ``first_contact_resolution_rate`` and
        ``resolution_rate`` over the items whose outcome is known;
        ``average_handle_time_s``. NaN where a group has nothing to measure.

    Notes
    -----
    Rates add up: the whole's rate is the groups' rates weighted by their
    known counts (``resolution_known``, ``fcr_known``), which the records
    carry for that purpose. An item with no ``opened_at`` has no first
    response time (it is never a wrapped-around number).

    Examples
    --------
    >>> import numpy as np
    >>> opened = np.array(["2026-03-02T09:00"] * 3, dtype="datetime64[s]")
    >>> table = kpi_table({"channel": ["chat", "chat", "phone"], "opened_at": opened,
    ...                    "first_response_at": opened + np.array([60, 180, 30]),
    ...                    "first_contact_resolution": [True, None, False]}, by="channel")
    >>> [(r["channel"], r["first_response_time_mean_s"], r["first_contact_resolution_rate"])
    ...  for r in table.to_records()]
    [('chat', 120.0, 1.0), ('phone', 30.0, 0.0)]
    """
    if by == "period" and freq not in PERIODS:
        fail("freq", freq, "'h', 'D', 'W' or 'M' when by='period'")
    names = _COLUMNS if by == "period" else (*_COLUMNS, by)
    if isinstance(columns, Mapping):
        available = list(columns)
    elif hasattr(columns, "columns") and hasattr(columns, "__getitem__"):
        available = [str(c) for c in columns.columns]
    else:
        fail(
            "columns", Summary(f"<{type(columns).__name__}>"), "a mapping of columns or a DataFrame"
        )
    cols: dict[str, Any] = {k: columns[k] if k in available else None for k in names}
    keys = _group_keys(by, cols, freq)
    n_items = keys.size
    if n_items == 0:
        fail("columns", Summary("<empty>"), "at least one item")
    for name, column in cols.items():
        if column is not None and len(column) != n_items:
            fail(name, Summary(f"<{len(column)} values>"), f"{n_items} values")
    groups, codes = np.unique(keys, return_inverse=True)
    codes = codes.astype(np.intp).reshape(-1)
    g = groups.size
    counts = np.bincount(codes, minlength=g)

    frt_mean = frt_median = np.full(g, np.nan)
    answered = np.zeros(g)
    if cols.get("opened_at") is not None and cols.get("first_response_at") is not None:
        start = INSTANTS.convert("opened_at", cols["opened_at"])
        end = INSTANTS.convert("first_response_at", cols["first_response_at"])
        done = (end != MISSING) & (start != MISSING)
        if (end[done] < start[done]).any():
            fail("first_response_at", Summary("<before opened_at>"), "not before opened_at")
        secs = (end[done] - start[done]).astype(np.float64) / 1e6
        c = codes[done]
        answered = np.bincount(c, minlength=g).astype(np.float64)
        frt_mean = _ratio(np.bincount(c, weights=secs, minlength=g), answered)
        frt_median = _group_medians(secs, c, g)
    fcr_true, fcr_known = _flag_sums(
        "first_contact_resolution", cols.get("first_contact_resolution"), codes, g
    )
    res_true, res_known = _flag_sums("resolved", cols.get("resolved"), codes, g)
    fcr_rate, res_rate = _ratio(fcr_true, fcr_known), _ratio(res_true, res_known)
    aht = np.full(g, np.nan)
    if cols.get("handle_time") is not None:
        seconds = _HANDLE_TIME.convert("handle_time", cols["handle_time"])
        known = ~np.isnan(seconds)
        aht = _ratio(
            np.bincount(codes[known], weights=seconds[known], minlength=g),
            np.bincount(codes[known], minlength=g).astype(np.float64),
        )
    labels = groups.tolist()
    records = [
        {
            by: labels[k],
            "n": int(counts[k]),
            "answered": int(answered[k]),
            "first_response_time_mean_s": float(frt_mean[k]),
            "first_response_time_median_s": float(frt_median[k]),
            "first_contact_resolution_rate": float(fcr_rate[k]),
            "fcr_known": int(fcr_known[k]),
            "resolution_rate": float(res_rate[k]),
            "resolution_known": int(res_known[k]),
            "average_handle_time_s": float(aht[k]),
        }
        for k in range(g)
    ]
    return KPITable(by, tuple(records))
