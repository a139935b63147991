"""Mystery shopping: weighted checklist scores, and a random, anonymous visit plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    Constraint,
    Identifier,
    Integer,
    Optional,
    Summary,
    fail,
    is_missing,
    validate_params,
)
from servicekit._results import Result, result

__all__ = [
    "MysteryShopperPlan",
    "MysteryShopperScores",
    "mystery_shopper_plan",
    "mystery_shopper_scores",
]

_VISIT_COLUMNS = ("visit", "site", "period", "item", "score")
_CHECKLIST_COLUMNS = ("item", "section", "weight")


class _Table(Constraint[Any]):
    """A data frame narwhals reads, or a mapping of column names to 1-d array-likes."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = tuple(columns)
        self.expected = (
            "a data frame or a mapping of 1-d array-likes with the columns "
            + ", ".join(repr(c) for c in columns)
        )

    def convert(self, name: str, value: object) -> dict[str, NDArray[Any]]:
        if isinstance(value, Mapping):
            get = value.__getitem__
            available = set(value)
        else:
            try:
                import narwhals.stable.v2 as nw

                frame = nw.from_native(cast(Any, value))
                if isinstance(frame, nw.LazyFrame):
                    frame = frame.collect()
            except Exception:  # not a frame narwhals knows
                self.fail(name, Summary(f"<{type(value).__name__}>"))
            available = set(frame.columns)

            def get(key: str) -> object:
                return frame.get_column(key).to_numpy()

        out: dict[str, NDArray[Any]] = {}
        for key in (*self.columns, "critical"):
            if key not in available:
                if key == "critical":
                    continue
                self.fail(name, key, f"{self.expected}; column {key!r} is missing")
            column = get(key)
            if isinstance(column, str | bytes) or not hasattr(column, "__len__"):
                self.fail(name, Summary(f"<column {key!r}: {type(column).__name__}>"))
            to_numpy = getattr(column, "to_numpy", None)
            arr = np.asarray(to_numpy() if to_numpy is not None else list(cast(Any, column)))
            if arr.ndim != 1:
                self.fail(name, Summary(f"<column {key!r} of shape {arr.shape}>"))
            out[key] = arr
        sizes = {a.size for a in out.values()}
        if len(sizes) > 1:
            self.fail(name, Summary("<columns of different lengths>"), "equal-length columns")
        return out

    def invalid(self) -> tuple[object, ...]:
        return ([1, 2], "text", None, {"visit": [1]})


def _numbers(name: str, column: str, arr: NDArray[Any], *, missing: bool) -> NDArray[np.float64]:
    if arr.dtype.kind not in "iufO":
        fail(name, Summary(f"<{arr.dtype} values in {column!r}>"), f"numbers in column {column!r}")
    if arr.dtype.kind in "iuf":
        return arr.astype(np.float64)
    out = np.empty(arr.size)
    for i, item in enumerate(arr.tolist()):  # object columns only (None in a list)
        if is_missing(item):
            out[i] = np.nan
        elif isinstance(item, bool) or not isinstance(item, int | float | np.number):
            fail(name, Summary(f"<a {type(item).__name__} in {column!r}>"), "numbers")
        else:
            out[i] = float(item)
    if not missing and np.isnan(out).any():
        fail(name, Summary(f"<missing values in {column!r}>"), "no missing values")
    return out


def _keys(name: str, column: str, arr: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """Distinct values and the index of each row's value (np.unique, with a clear error)."""
    if arr.dtype.kind == "O" and any(is_missing(v) for v in arr.tolist()):
        fail(name, Summary(f"<missing values in {column!r}>"), f"no missing {column!r}")
    try:
        uniq, inverse = np.unique(arr, return_inverse=True)
    except TypeError:
        fail(name, Summary(f"<mixed types in {column!r}>"), f"{column!r} values of one type")
    return uniq, inverse.reshape(-1)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


@result
class MysteryShopperScores(Result):
    """Mystery-shopper scores per visit, with their means per site and per period.

    Attributes
    ----------
    visit, site, period : tuple
        One entry per visit (sorted by visit id).
    score : numpy.ndarray
        Each visit's score, 0 to 100: the weighted mean of its sections.
    sections : tuple of str
        The checklist's sections, sorted.
    section_scores : numpy.ndarray
        Visits x sections, 0 to 100; NaN where a visit checked no item of a
        section; 0 where a critical item of the section failed.
    by_site, by_period : mapping
        Mean visit score per site and per period.

    Examples
    --------
    >>> visits = {"visit": [1, 1], "site": ["A", "A"], "period": ["2026-Q1"] * 2,
    ...           "item": ["greet", "answer"], "score": [1, 0]}
    >>> checklist = {"item": ["greet", "answer"], "section": ["welcome", "help"],
    ...              "weight": [1.0, 3.0]}
    >>> mystery_shopper_scores(visits, checklist).score
    array([25.])
    """

    visit: tuple[Any, ...]
    site: tuple[Any, ...]
    period: tuple[Any, ...]
    score: NDArray[np.float64]
    sections: tuple[str, ...]
    section_scores: NDArray[np.float64]
    by_site: Mapping[Any, float]
    by_period: Mapping[Any, float]


@validate_params(visits=_Table(_VISIT_COLUMNS), checklist=_Table(_CHECKLIST_COLUMNS))
def mystery_shopper_scores(visits: Any, checklist: Any) -> MysteryShopperScores:
    """Score mystery-shopper visits against a weighted checklist with critical items.

    Parameters
    ----------
    visits : data frame or mapping of columns
        One row per checklist item checked on a visit, with the columns
        ``visit`` (an id), ``site``, ``period`` (any labels: "2026-03",
        a date, a wave number), ``item`` (a checklist item) and ``score``
        (1 met, 0 not met, a fraction for partial credit; missing for not
        applicable). Any frame narwhals reads (pandas, polars, pyarrow, ...)
        or a mapping of column names to 1-d array-likes.
    checklist : data frame or mapping of columns
        One row per item: ``item``, ``section``, ``weight`` (> 0) and
        optionally ``critical`` (True for an item whose failure zeroes its
        section: a safety or legal requirement, a rude answer).

    Returns
    -------
    MysteryShopperScores
        Scores per visit and per section, and the means per site and period.

    Notes
    -----
    A section's score on a visit is ``100 * sum(weight * score) / sum(weight)``
    over the items of that section the visit checked; it is 0 when a critical
    item in it scored below 1. The visit's score is the mean of its section
    scores weighted by the weights checked in each. Items not applicable
    (missing score) count in neither sum.

    Examples
    --------
    >>> visits = {"visit": ["v1"] * 3 + ["v2"] * 3, "site": ["A"] * 3 + ["B"] * 3,
    ...           "period": ["2026-03"] * 6, "item": ["greet", "answer", "safe"] * 2,
    ...           "score": [1, 1, 1, 1, 0.5, 0]}
    >>> checklist = {"item": ["greet", "answer", "safe"],
    ...              "section": ["welcome", "help", "help"],
    ...              "weight": [1.0, 2.0, 1.0], "critical": [False, False, True]}
    >>> r = mystery_shopper_scores(visits, checklist)
    >>> r.score, dict(r.by_site)
    (array([100., 25.]), {'A': 100.0, 'B': 25.0})
    """
    items, item_index = _keys("checklist", "item", checklist["item"])
    if items.size == 0:
        fail("checklist", Summary("<no items>"), "at least one checklist item")
    if items.size != checklist["item"].size:
        fail("checklist", Summary("<an item listed twice>"), "each item once")
    weights = _numbers("checklist", "weight", checklist["weight"], missing=False)
    bad = ~(weights > 0) | ~np.isfinite(weights)
    if bad.any():
        fail("checklist", float(weights[bad][0]), "weights > 0 (column 'weight')")
    critical_col = checklist.get("critical")
    critical = np.zeros(items.size, dtype=bool)
    if critical_col is not None:
        if critical_col.dtype.kind != "b" and not all(
            isinstance(v, bool | np.bool_) for v in critical_col.tolist()
        ):
            fail("checklist", Summary("<non-boolean 'critical'>"), "True or False in 'critical'")
        critical[item_index] = critical_col.astype(bool)
    sections, section_of_row = _keys("checklist", "section", checklist["section"])
    section_of_item = np.empty(items.size, dtype=np.intp)
    section_of_item[item_index] = section_of_row
    weight_of_item = np.empty(items.size)
    weight_of_item[item_index] = weights

    if visits["visit"].size == 0:
        fail("visits", Summary("<no rows>"), "at least one checked item")
    scores = _numbers("visits", "score", visits["score"], missing=True)
    present = ~np.isnan(scores)
    if ((scores[present] < 0) | (scores[present] > 1)).any():
        fail(
            "visits",
            _plain(scores[present][(scores[present] < 0) | (scores[present] > 1)][0]),
            "scores from 0 to 1 (column 'score')",
        )
    try:
        position = np.searchsorted(items, visits["item"])
        known = (position < items.size) & (
            items[np.minimum(position, items.size - 1)] == visits["item"]
        )
    except TypeError:  # items of another type than the checklist's
        known = np.zeros(visits["item"].size, dtype=bool)
    if not known.all():
        fail("visits", Summary("<an item not in the checklist>"), "items of the checklist")
    visit_ids, visit_of_row = _keys("visits", "visit", visits["visit"])
    n_visits, n_sections = visit_ids.size, sections.size
    first_row = np.full(n_visits, -1, dtype=np.intp)
    first_row[visit_of_row[::-1]] = np.arange(visit_of_row.size)[::-1]
    for column in ("site", "period"):
        values = visits[column]
        if (values != values[first_row][visit_of_row]).any():
            fail("visits", Summary(f"<a visit with two {column}s>"), f"one {column} per visit")

    cell = visit_of_row * n_sections + section_of_item[position]
    w = np.where(present, weight_of_item[position], 0.0)
    size = n_visits * n_sections
    weight_sum = np.bincount(cell, weights=w, minlength=size)
    earned = np.bincount(cell, weights=w * np.where(present, scores, 0.0), minlength=size)
    missed = critical[position] & present & (scores < 1)
    failed = np.bincount(cell, weights=missed, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        section_scores = np.where(weight_sum > 0, 100.0 * earned / weight_sum, np.nan)
    section_scores = np.where((failed > 0) & (weight_sum > 0), 0.0, section_scores)
    section_scores = section_scores.reshape(n_visits, n_sections)
    weight_sum = weight_sum.reshape(n_visits, n_sections)
    total = weight_sum.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        visit_score = np.where(
            total > 0,
            np.nansum(section_scores * weight_sum, axis=1) / np.where(total > 0, total, 1.0),
            np.nan,
        )
    site = visits["site"][first_row]
    period = visits["period"][first_row]
    return MysteryShopperScores(
        tuple(_plain(v) for v in visit_ids),
        tuple(_plain(v) for v in site),
        tuple(_plain(v) for v in period),
        visit_score,
        tuple(str(s) for s in sections),
        section_scores,
        _means("visits", "site", site, visit_score),
        _means("visits", "period", period, visit_score),
    )


def _means(
    name: str, column: str, keys: NDArray[Any], score: NDArray[np.float64]
) -> dict[Any, float]:
    uniq, index = _keys(name, column, keys)
    ok = ~np.isnan(score)
    sums = np.bincount(index[ok], weights=score[ok], minlength=uniq.size)
    counts = np.bincount(index[ok], minlength=uniq.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return {_plain(k): float(m) for k, m in zip(uniq, means, strict=True)}


# --- the plan ---------------------------------------------------------------------------


class _Sites(Constraint[tuple[str, ...]]):
    expected = "a non-empty sequence of distinct site identifiers"

    def convert(self, name: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | np.ndarray):
            raise self.error(name, Summary(f"<{type(value).__name__}>"))
        sites = tuple(Identifier().convert(name, v) for v in list(value))
        if not sites:
            raise self.error(name, Summary("<no sites>"))
        if len(set(sites)) != len(sites):
            raise self.error(name, Summary("<a site listed twice>"))
        return sites

    def invalid(self) -> tuple[object, ...]:
        return ("A", [], ["A", "A"], [1], None)


class _Period(Constraint[tuple[date, date]]):
    expected = "a (first day, last day) pair of dates, first <= last"

    def convert(self, name: str, value: object) -> tuple[date, date]:
        if not isinstance(value, tuple | list) or len(value) != 2:
            raise self.error(name, Summary(f"<{type(value).__name__}>"))
        first, last = value
        for day in (first, last):
            if not isinstance(day, date) or isinstance(day, datetime):
                raise self.error(name, day)
        if first > last or (last - first).days > 366 * 10:
            raise self.error(name, Summary(f"<{first} to {last}>"))
        return first, last

    def invalid(self) -> tuple[object, ...]:
        return (
            None,
            (date(2026, 3, 31), date(2026, 3, 1)),
            (datetime(2026, 3, 1), datetime(2026, 3, 31)),
            ("2026-03-01", "2026-03-31"),
            (date(2026, 3, 1),),
        )


@result
class MysteryShopperPlan(Result):
    """A schedule of anonymous mystery-shopper visits, sorted by date.

    Attributes
    ----------
    visit : tuple of str
        Random visit codes (nothing in them says which site or when).
    site : tuple of str
        The site of each visit.
    day : numpy.ndarray
        The date of each visit (``datetime64[D]``).

    Examples
    --------
    >>> plan = mystery_shopper_plan(["A"], visits_per_site=2,
    ...                             period=(date(2026, 3, 1), date(2026, 3, 31)), seed=1)
    >>> len(plan.visit), plan.site
    (2, ('A', 'A'))
    """

    visit: tuple[str, ...]
    site: tuple[str, ...]
    day: NDArray[np.datetime64]


@validate_params(
    sites=_Sites(),
    visits_per_site=Integer(low=1, high=366),
    period=_Period(),
    seed=Optional(Integer(low=0)),
)
def mystery_shopper_plan(
    sites: Sequence[str],
    *,
    visits_per_site: int,
    period: tuple[date, date],
    seed: int | None = None,
) -> MysteryShopperPlan:
    """Draw a reproducible, random, anonymous schedule of mystery-shopper visits.

    Parameters
    ----------
    sites : sequence of str
        The sites (stores, branches, hotlines) to visit.
    visits_per_site : int
        Visits to each site in the period, at most its number of days.
    period : (datetime.date, datetime.date)
        The first and last day of the period (both included).
    seed : int, optional
        The random seed: the same seed gives the same plan. ``None`` draws a
        fresh one.

    Returns
    -------
    MysteryShopperPlan
        Visits sorted by day, with random codes.

    Notes
    -----
    The period is cut into ``visits_per_site`` stretches of (nearly) equal
    length and each site gets one visit on a day drawn at random in each
    stretch: visits are spread over the whole period, never two on one day at
    a site, and sites cannot predict them. Visit codes are random 10-digit
    hexadecimal strings, unique within the plan.

    Examples
    --------
    >>> plan = mystery_shopper_plan(["A", "B"], visits_per_site=3,
    ...                             period=(date(2026, 3, 1), date(2026, 3, 31)), seed=7)
    >>> plan == mystery_shopper_plan(["A", "B"], visits_per_site=3,
    ...                              period=(date(2026, 3, 1), date(2026, 3, 31)), seed=7)
    True
    >>> sorted(plan.site)
    ['A', 'A', 'A', 'B', 'B', 'B']
    """
    first, last = period
    days = (last - first).days + 1
    if visits_per_site > days:
        fail("visits_per_site", visits_per_site, f"at most the {days} days of the period")
    rng = np.random.default_rng(seed)
    k, n_sites = visits_per_site, len(sites)
    bounds = (np.arange(k + 1) * days) // k  # stretch i: [bounds[i], bounds[i + 1])
    width = np.diff(bounds)
    offsets = bounds[:-1] + (rng.random((n_sites, k)) * width).astype(np.int64)
    day = np.datetime64(first, "D") + offsets.reshape(-1).astype("timedelta64[D]")
    site_index = np.repeat(np.arange(n_sites), k)
    order = np.lexsort((rng.random(site_index.size), day))
    codes = rng.integers(0, 16**10, size=site_index.size)
    while np.unique(codes).size < codes.size:  # a collision (about 1 in 10**12 per pair)
        codes = rng.integers(0, 16**10, size=site_index.size)
    return MysteryShopperPlan(
        tuple(f"{int(c):010x}" for c in codes),
        tuple(sites[i] for i in site_index[order]),
        day[order],
    )
