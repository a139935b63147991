"""KPI scorecards against the domain's targets, and KPIs by group in tidy form."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from servicekit.errors import InvalidInputError
from servicekit.metrics._arrays import Summary
from servicekit.metrics._operations import (
    PERIODS,
    TimeStats,
    flag_arrays,
    instants,
    period_starts,
    seconds_or_timedeltas,
)

__all__ = [
    "DEFAULT_TARGETS",
    "KPITable",
    "KPITarget",
    "Scorecard",
    "ScorecardRow",
    "kpi_scorecard",
    "kpi_table",
]

_NAT = np.iinfo(np.int64).min


@dataclass(frozen=True)
class KPITarget:
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
        "first_response_time": KPITarget(timedelta(minutes=5), higher_is_better=False),
        "first_contact_resolution_rate": KPITarget(0.80, higher_is_better=True),
        "resolution_rate": KPITarget(0.95, higher_is_better=True),
        "follow_up_rate": KPITarget(1.00, higher_is_better=True),
        "agent_rating": KPITarget(4.5, higher_is_better=True),
    }
)
"""The training deck's targets: first response 5 minutes, first-contact
resolution 80%, resolution 95%, follow-up 100%, agent rating 4.5 of 5."""


@dataclass(frozen=True)
class ScorecardRow:
    """One KPI against its target.

    Attributes
    ----------
    kpi : str
    value, target : float or timedelta
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


class Scorecard:
    """Rows of KPIs against targets; iterate it, or turn it into records or a DataFrame.

    Examples
    --------
    >>> card = kpi_scorecard({"resolution_rate": 0.97})
    >>> [(row.kpi, row.met) for row in card]
    [('resolution_rate', True)]
    """

    def __init__(self, rows: list[ScorecardRow]) -> None:
        self._rows = tuple(rows)

    def __iter__(self) -> Iterator[ScorecardRow]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, kpi: str) -> ScorecardRow:
        for row in self._rows:
            if row.kpi == kpi:
                return row
        raise InvalidInputError("kpi", kpi, f"one of {[r.kpi for r in self._rows]}")

    def __repr__(self) -> str:
        return f"Scorecard({list(self._rows)!r})"

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries, ready for ``pandas.DataFrame``."""
        return [asdict(row) for row in self._rows]

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (needs pandas)."""
        return _pandas().DataFrame.from_records(self.to_records())


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas() needs pandas: pip install pandas (or use to_records())"
        ) from err


def _kpi_value(name: str, value: object, target: KPITarget) -> float | timedelta:
    if isinstance(value, TimeStats):
        if value.mean is None:
            raise InvalidInputError(f"values[{name!r}]", value, "a TimeStats with measurements")
        value = value.mean
    if isinstance(target.value, timedelta):
        if isinstance(value, timedelta):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return timedelta(seconds=float(value))  # numbers are seconds
        raise InvalidInputError(f"values[{name!r}]", value, "a timedelta or a number of seconds")
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(f"values[{name!r}]", value, "a number")
    if not math.isfinite(value):
        raise InvalidInputError(f"values[{name!r}]", value, "a finite number")
    return float(value)


def kpi_scorecard(
    values: Mapping[str, object], targets: Mapping[str, KPITarget] = DEFAULT_TARGETS
) -> Scorecard:
    """Compare measured KPIs with their targets.

    Parameters
    ----------
    values : mapping of str to value
        KPI name (the function names: ``"first_contact_resolution_rate"``,
        ``"first_response_time"``, ...) to the measured value: a number, a
        ``timedelta`` (or a number of seconds) for times, or a
        :class:`TimeStats` (its mean is used).
    targets : mapping of str to KPITarget, default DEFAULT_TARGETS
        The targets; add your own KPIs here.

    Returns
    -------
    Scorecard
        One row per measured KPI, in the order given.

    Examples
    --------
    >>> from datetime import timedelta
    >>> card = kpi_scorecard({"first_response_time": timedelta(minutes=7),
    ...                       "first_contact_resolution_rate": 0.83})
    >>> [(r.kpi, r.met) for r in card]
    [('first_response_time', False), ('first_contact_resolution_rate', True)]
    >>> card["first_response_time"].gap, round(card["first_contact_resolution_rate"].gap, 2)
    (datetime.timedelta(seconds=120), 0.03)
    """
    if not isinstance(values, Mapping):
        raise InvalidInputError("values", values, "a mapping of KPI name to value")
    if not isinstance(targets, Mapping):
        raise InvalidInputError("targets", targets, "a mapping of KPI name to KPITarget")
    rows = []
    for name, raw in values.items():
        target = targets.get(name)
        if not isinstance(target, KPITarget):
            raise InvalidInputError("values", name, f"KPIs with a target: {sorted(targets)}")
        value = _kpi_value(name, raw, target)
        goal = target.value
        met = value >= goal if target.higher_is_better else value <= goal  # type: ignore[operator]
        rows.append(ScorecardRow(name, value, goal, bool(met), value - goal))  # type: ignore[operator]
    return Scorecard(rows)


class KPITable:
    """KPIs by group, tidy: one record per group.

    Examples
    --------
    >>> import numpy as np
    >>> t = kpi_table({"agent": ["a", "b", "a"], "resolved": [True, False, True]}, by="agent")
    >>> [(r["agent"], r["n"], r["resolution_rate"]) for r in t.to_records()]
    [('a', 2, 1.0), ('b', 1, 0.0)]
    """

    def __init__(self, by: str, records: list[dict[str, Any]]) -> None:
        self.by = by
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.to_records())

    def __repr__(self) -> str:
        return f"KPITable(by={self.by!r}, groups={len(self._records)})"

    def to_records(self) -> list[dict[str, Any]]:
        """One dictionary per group (copies)."""
        return [dict(r) for r in self._records]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` indexed by the group (needs pandas)."""
        return _pandas().DataFrame.from_records(self.to_records()).set_index(self.by)


_COLUMNS = ("opened_at", "first_response_at", "resolved", "first_contact_resolution", "handle_time")


def _columns_from_items(items: list[Any], by: str) -> dict[str, Any]:
    names = _COLUMNS if by == "period" else (*_COLUMNS, by)
    cols: dict[str, list[Any]] = {name: [] for name in names}
    for item in items:
        for name in cols:
            try:
                cols[name].append(getattr(item, name))
            except AttributeError:
                cols[name].append(None)
    return cols


def _group_keys(by: str, cols: Mapping[str, Any], freq: str | None) -> NDArray[Any]:
    if by == "period":
        if cols.get("opened_at") is None:
            raise InvalidInputError("by", by, "an opened_at column to take the period from")
        return period_starts(instants("opened_at", cols["opened_at"]), str(freq))
    if by not in cols or cols[by] is None:
        raise InvalidInputError(
            "by", by, f"a column to group by: one of {sorted(cols)} or 'period'"
        )
    raw = cols[by]
    keys = (
        raw.to_numpy()
        if hasattr(raw, "to_numpy")
        else np.asarray(
            [str(getattr(k, "value", k)) if k is not None else None for k in raw], dtype=object
        )
    )
    if any(k is None for k in keys):
        raise InvalidInputError(by, Summary("<a missing group>"), "a group for every item")
    out: NDArray[Any] = np.asarray(keys)
    return out


def _flag_sums(
    name: str, values: Any, codes: NDArray[np.intp], groups: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(true counts, known counts) per group of a boolean column with missing values."""
    if values is None:
        zero = np.zeros(groups)
        return zero, zero
    true, known = flag_arrays(name, values)
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


def kpi_table(items_or_columns: object, *, by: str, freq: str | None = None) -> KPITable:
    """The service KPIs per agent, channel, category or period, as tidy records.

    Parameters
    ----------
    items_or_columns : sequence of Interaction, or mapping of str to array-like
        Interactions, or columns named ``opened_at``, ``first_response_at``,
        ``resolved``, ``first_contact_resolution``, ``handle_time`` (seconds
        or timedeltas) plus the grouping column; any may be left out.
    by : str
        The column (attribute) to group by, e.g. ``"agent_id"`` or
        ``"channel"``, or ``"period"`` to group ``opened_at`` by ``freq``.
    freq : {"h", "D", "W", "M"}, optional
        The period when ``by="period"`` (weeks start on Monday).

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
    carry for that purpose.

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
        raise InvalidInputError("freq", freq, "'h', 'D', 'W' or 'M' when by='period'")
    if isinstance(items_or_columns, Mapping):
        names = _COLUMNS if by == "period" else (*_COLUMNS, by)
        cols: dict[str, Any] = {k: items_or_columns.get(k) for k in names}
        for key in items_or_columns:
            if key not in cols:
                raise InvalidInputError("items_or_columns", key, f"columns among {sorted(names)}")
    else:
        if isinstance(items_or_columns, str | bytes) or not hasattr(items_or_columns, "__iter__"):
            raise InvalidInputError("items_or_columns", items_or_columns, "interactions or columns")
        items = list(items_or_columns)
        if not items:
            raise InvalidInputError("items_or_columns", Summary("<empty>"), "at least one item")
        cols = _columns_from_items(items, by)
    keys = _group_keys(by, cols, freq)
    n_items = keys.size
    if n_items == 0:
        raise InvalidInputError("items_or_columns", Summary("<empty>"), "at least one item")
    for name, column in cols.items():
        if column is not None and len(column) != n_items:
            raise InvalidInputError(name, Summary(f"<{len(column)} values>"), f"{n_items} values")
    groups, codes = np.unique(keys, return_inverse=True)
    codes = codes.astype(np.intp).reshape(-1)
    g = groups.size
    counts = np.bincount(codes, minlength=g)

    frt_mean = frt_median = np.full(g, np.nan)
    answered = np.zeros(g)
    if cols.get("opened_at") is not None and cols.get("first_response_at") is not None:
        start = instants("opened_at", cols["opened_at"])
        end = instants("first_response_at", cols["first_response_at"])
        done = end != _NAT
        if (end[done] < start[done]).any():
            raise InvalidInputError(
                "first_response_at", Summary("<before opened_at>"), "not before opened_at"
            )
        secs = (end[done] - start[done]).astype(np.float64) / 1e6
        c = codes[done]
        answered = np.bincount(c, minlength=g).astype(np.float64)
        frt_mean = _ratio(np.bincount(c, weights=secs, minlength=g), answered)
        frt_median = _group_medians(secs, c, g)
    fcr_true, fcr_known = _flag_sums(
        "first_contact_resolution", cols.get("first_contact_resolution"), codes, g
    )
    res_true, res_known = _flag_sums("resolved", cols.get("resolved"), codes, g)
    aht = np.full(g, np.nan)
    if cols.get("handle_time") is not None:
        seconds, _ = seconds_or_timedeltas("handle_time", cols["handle_time"])
        known = ~np.isnan(seconds)
        aht = _ratio(
            np.bincount(codes[known], weights=seconds[known], minlength=g),
            np.bincount(codes[known], minlength=g).astype(np.float64),
        )
    records = []
    for k in range(g):
        key = groups[k]
        records.append(
            {
                by: key.item() if isinstance(key, np.generic) else key,
                "n": int(counts[k]),
                "answered": int(answered[k]),
                "first_response_time_mean_s": float(frt_mean[k]),
                "first_response_time_median_s": float(frt_median[k]),
                "first_contact_resolution_rate": float(_ratio(fcr_true, fcr_known)[k]),
                "fcr_known": int(fcr_known[k]),
                "resolution_rate": float(_ratio(res_true, res_known)[k]),
                "resolution_known": int(res_known[k]),
                "average_handle_time_s": float(aht[k]),
            }
        )
    return KPITable(by, records)
