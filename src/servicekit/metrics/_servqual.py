"""SERVQUAL: service quality as the gap between perceptions and expectations."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from servicekit._params import NAN_POLICY, NanPolicy, Summary, native, validate_params
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

__all__ = ["SERVQUAL_DIMENSIONS", "ServqualResult", "servqual"]

SERVQUAL_DIMENSIONS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        "tangibles": (1, 2, 3, 4),
        "reliability": (5, 6, 7, 8, 9),
        "responsiveness": (10, 11, 12, 13),
        "assurance": (14, 15, 16, 17),
        "empathy": (18, 19, 20, 21, 22),
    }
)
"""The five dimensions of the 22-item instrument and their items (numbered from 1)."""

_ITEMS = 22


@result
class ServqualResult(Result):
    """SERVQUAL gaps.

    Attributes
    ----------
    item_gaps : numpy.ndarray
        Perception - expectation for each of the 22 items (mean over
        respondents); negative where the service falls short.
    dimension_gaps : dict of str to float
        The mean item gap of each dimension.
    score : float
        The mean of the five dimension gaps (unweighted SERVQUAL score).
    weighted_score : float or None
        The dimension gaps weighted by importance; None when no weights were
        given.

    Examples
    --------
    >>> r = servqual([6] * 22, [5] * 22)
    >>> r.score, r.dimension_gaps["empathy"], r.weighted_score
    (-1.0, -1.0, None)
    """

    item_gaps: NDArray[np.float64]
    dimension_gaps: dict[str, float]
    score: float
    weighted_score: float | None


def _table(name: str, values: object) -> NDArray[np.float64]:
    expected = "22 item ratings, or a table of them (one row of 22 per respondent)"
    if isinstance(values, str | bytes | Mapping) or values is None:
        raise InvalidInputError(name, Summary(f"<{type(values).__name__}>"), expected)
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        arr = np.asarray(values.to_numpy())  # a data frame: one row per respondent
    elif isinstance(values, np.ndarray):
        arr = values
    else:
        rows = list(values) if isinstance(values, list | tuple) else None
        if rows is None:
            raise InvalidInputError(name, Summary(f"<{type(values).__name__}>"), expected)
        nested = bool(rows) and isinstance(rows[0], list | tuple | np.ndarray)
        flat = [v for row in rows for v in row] if nested else rows
        check = native(name, flat, expected)  # refuses booleans, strings, ragged nesting
        if check.dtype.kind == "O":
            for v in check.tolist():
                if v is not None and not isinstance(v, int | float | np.integer | np.floating):
                    raise InvalidInputError(name, Summary(f"<a {type(v).__name__}>"), expected)
        try:
            arr = np.array(rows, dtype=np.float64) if nested else check.astype(np.float64)
        except (TypeError, ValueError):
            raise InvalidInputError(name, Summary("<ragged rows>"), expected) from None
    if arr.dtype.kind not in "iuf" and arr.dtype.kind != "O":
        raise InvalidInputError(name, Summary(f"<{arr.dtype} values>"), "numeric ratings")
    if arr.dtype.kind == "O":
        arr = np.array(
            [np.nan if v is None else v for v in arr.ravel().tolist()], dtype=np.float64
        ).reshape(arr.shape)
    arr = arr.astype(np.float64, copy=False)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[1] != _ITEMS or arr.shape[0] == 0:
        raise InvalidInputError(
            name, Summary(f"<shape {arr.shape}>"), "22 item values, or one row of 22 per respondent"
        )
    if np.isinf(arr).any():
        raise InvalidInputError(name, "inf", "finite ratings")
    return arr


def _normalised_weights(weights: object) -> dict[str, float]:
    if not isinstance(weights, Mapping):
        raise InvalidInputError("weights", weights, "a mapping of dimension name to weight")
    names = set(SERVQUAL_DIMENSIONS)
    if set(weights) != names:
        raise InvalidInputError("weights", sorted(map(str, weights)), f"the keys {sorted(names)}")
    out: dict[str, float] = {}
    for key, value in weights.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | np.integer | np.floating)
            or not math.isfinite(value)
            or value < 0
        ):
            raise InvalidInputError(f"weights[{key!r}]", value, "a finite weight >= 0")
        out[key] = float(value)
    total = sum(out.values())
    if total == 0:
        raise InvalidInputError("weights", weights, "at least one positive weight")
    return {k: v / total for k, v in out.items()}


@validate_params(nan_policy=NAN_POLICY)
def servqual(
    expectations: object,
    perceptions: object,
    *,
    weights: Mapping[str, float] | None = None,
    nan_policy: NanPolicy = "raise",
) -> ServqualResult:
    r"""SERVQUAL gaps between perceived and expected service, per item and dimension.

    Parameters
    ----------
    expectations, perceptions : array-like
        The 22 items of the instrument: either one mean per item (22 values)
        or one row of 22 ratings per respondent (the same respondents in the
        same order in both). A data frame with 22 columns works too.
    weights : mapping of str to float, optional
        The importance of each dimension (``"tangibles"``, ``"reliability"``,
        ``"responsiveness"``, ``"assurance"``, ``"empathy"``), normalised by
        their sum: the 100 points respondents share out, or fractions.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        Missing ratings: raise; leave out the respondent's rating of that item
        (each item averaged over the rest); or let the item's gap be NaN.

    Returns
    -------
    ServqualResult

    Notes
    -----
    Item gap :math:`G_i = \bar P_i - \bar E_i`; dimension gap the mean of its
    items' gaps (items 1-4 tangibles, 5-9 reliability, 10-13 responsiveness,
    14-17 assurance, 18-22 empathy); the SERVQUAL score the mean of the five
    dimension gaps; the weighted score :math:`\sum_d w_d G_d / \sum_d w_d`.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A. and Berry, L. L. (1988). SERVQUAL: a
    multiple-item scale for measuring consumer perceptions of service
    quality. *Journal of Retailing* 64(1), 12-40.

    Examples
    --------
    >>> expected = [6.0] * 22
    >>> perceived = [5.0] * 4 + [4.0] * 5 + [6.0] * 4 + [6.5] * 4 + [5.5] * 5
    >>> r = servqual(expected, perceived,
    ...              weights={"tangibles": 10, "reliability": 30, "responsiveness": 25,
    ...                       "assurance": 20, "empathy": 15})
    >>> dict(r.dimension_gaps)  # doctest: +NORMALIZE_WHITESPACE
    {'tangibles': -1.0, 'reliability': -2.0, 'responsiveness': 0.0,
     'assurance': 0.5, 'empathy': -0.5}
    >>> r.score, round(r.weighted_score, 3)
    (-0.6, -0.675)
    """
    policy = nan_policy
    e = _table("expectations", expectations)
    p = _table("perceptions", perceptions)
    if e.shape != p.shape:
        raise InvalidInputError(
            "perceptions", Summary(f"<shape {p.shape}>"), f"the shape of expectations, {e.shape}"
        )
    w = None if weights is None else _normalised_weights(weights)
    gaps = p - e
    nan = np.isnan(gaps)
    if nan.any():
        if policy == "raise":
            which = "expectations" if np.isnan(e).any() else "perceptions"
            raise InvalidInputError(
                which,
                Summary(f"<{int(np.count_nonzero(np.isnan(e) | np.isnan(p)))} missing>"),
                "no missing ratings (or pass nan_policy='omit' or 'propagate')",
            )
        if policy == "omit":
            answered = (~nan).sum(axis=0)
            if (answered == 0).any():
                item = int(np.flatnonzero(answered == 0)[0]) + 1
                raise InvalidInputError(
                    "perceptions",
                    Summary(f"<item {item} never rated>"),
                    "at least one rating per item",
                )
            item_gaps = np.where(nan, 0.0, gaps).sum(axis=0) / answered
        else:
            item_gaps = gaps.mean(axis=0)
    else:
        item_gaps = gaps.mean(axis=0)
    dims = {
        name: float(item_gaps[[i - 1 for i in items]].mean())
        for name, items in SERVQUAL_DIMENSIONS.items()
    }
    score = float(np.mean(list(dims.values())))
    weighted = None if w is None else float(sum(w[d] * g for d, g in dims.items()))
    return ServqualResult(item_gaps, dims, score, weighted)
