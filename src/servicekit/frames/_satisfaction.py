"""NPS, CSAT and CES per group, on any data frame engine."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist
from typing import Any, Literal

import narwhals.stable.v2 as nw

from servicekit._params import Integer, Options, Real, Summary, fail, validate_params
from servicekit.frames._engine import Source

__all__ = ["ces_by", "csat_by", "nps_by"]

_LEVEL = Real(low=0.0, high=1.0, low_open=True, high_open=True)
_METHOD = Options("wald", "adjusted_wald")
_SCALE = Integer(low=2, high=100)
_BAD = "__servicekit_bad"


def _ratings(source: Source, by: list[str], score: str, low: int, high: int) -> nw.LazyFrame[Any]:
    """The grouping keys and the ratings: NaN is missing, a fraction becomes ``low - 1``.

    A fraction then lies outside the scale, so every caller finds bad ratings the
    same way: the answers counted minus those inside the scale.
    """
    dtype = source.schema[score]
    if not dtype.is_numeric():
        fail("score", score, f"a numeric column of ratings from {low} to {high} (it holds {dtype})")
    if dtype.is_integer():
        return source.frame.select(*by, score)
    # NaN is a missing answer, as in the scalar functions with nan_policy="omit"
    f = nw.col(score).cast(nw.Float64)
    fraction = nw.when((f % 1) != 0).then(float(low - 1)).otherwise(f)
    return source.frame.select(*by, nw.when(f.is_nan()).then(None).otherwise(fraction).alias(score))


def _counts(source: Source, flags: dict[str, Any]) -> dict[str, Any]:
    """Flags to sum per group (Spark cannot sum booleans)."""
    if source.implementation is nw.Implementation.POLARS:
        return flags
    return {k: v.cast(nw.Int64) for k, v in flags.items()}


def _refuse_bad(source: Source, result: nw.LazyFrame[Any], score: str, expected: str) -> None:
    """Eager input: a bad rating anywhere is an error (the result is computed anyway)."""
    bad = source.collect_small(result.select(nw.col(_BAD).sum()))[_BAD][0]
    if bad:
        fail(score, Summary(f"<{int(bad)} values outside the scale>"), expected)


def _finish(
    source: Source, out: nw.LazyFrame[Any], by: list[str], score: str, expected: str
) -> Any:
    out = out.sort(by)
    if source.eager:
        collected = out.collect().lazy()
        _refuse_bad(source, collected, score, expected)
        out = collected
    return source.finish(out.drop(_BAD))


@validate_params(level=_LEVEL, method=_METHOD)
def nps_by(
    frame: Any,
    by: str | Sequence[str],
    *,
    score: str = "nps",
    level: float = 0.95,
    method: Literal["wald", "adjusted_wald"] = "wald",
) -> Any:
    r"""Net Promoter Score per group, with its standard error and confidence interval.

    Parameters
    ----------
    frame : data frame
        Survey answers: a pandas, polars (eager or lazy), PyArrow, DuckDB or
        PySpark frame, one row per answer.
    by : str or list of str
        The column(s) to group by.
    score : str, default "nps"
        The column of 0-10 answers. Missing answers (null, NaN) are left out.
    level : float, default 0.95
        The confidence level of the interval.
    method : {"wald", "adjusted_wald"}, default "wald"
        The interval, as in :meth:`servicekit.metrics.NPSResult.confidence_interval`.

    Returns
    -------
    data frame
        The same kind as ``frame`` (lazy stays lazy), one row per group,
        sorted by the group: the keys, ``n``, ``promoters``, ``passives``,
        ``detractors``, ``nps``, ``standard_error``, ``ci_low``, ``ci_high``.
        Each row equals :func:`servicekit.metrics.nps` on that group's
        answers with ``nan_policy="omit"``.

    Raises
    ------
    InvalidInputError
        A column that is missing or not numeric; on an eager frame, an answer
        outside 0-10 or not a whole number. A lazy frame is not run to check:
        a group holding such an answer gets null scores instead of wrong ones.

    Examples
    --------
    >>> import polars as pl
    >>> answers = pl.DataFrame({"team": ["a", "a", "a", "b", "b"], "nps": [10, 9, 3, 8, 10]})
    >>> nps_by(answers, "team").select("team", "n", "nps")
    shape: (2, 3)
    ┌──────┬─────┬───────────┐
    │ team ┆ n   ┆ nps       │
    │ ---  ┆ --- ┆ ---       │
    │ str  ┆ i64 ┆ f64       │
    ╞══════╪═════╪═══════════╡
    │ a    ┆ 3   ┆ 33.333333 │
    │ b    ┆ 2   ┆ 50.0      │
    └──────┴─────┴───────────┘
    """
    source = Source("frame", frame)
    keys = source.columns("by", by)
    source.column("score", score)
    rows = _ratings(source, keys, score, 0, 10)
    s = nw.col(score)
    # One pass: the three boxes and the answers; an answer in no box is out of range.
    boxes = {
        "promoters": (s >= 9) & (s <= 10),
        "passives": (s >= 7) & (s < 9),
        "detractors": (s >= 0) & (s < 7),
    }
    rows = rows.with_columns(v.alias(k) for k, v in _counts(source, boxes).items())
    parts = ["promoters", "passives", "detractors"]
    counts = rows.group_by(keys).agg(nw.col(*parts).sum(), s.count().alias(_BAD))
    counts = counts.with_columns(nw.col(*parts, _BAD).cast(nw.Int64))
    n = nw.col("promoters") + nw.col("passives") + nw.col("detractors")
    counts = counts.with_columns(n.alias("n"), (nw.col(_BAD) - n).alias(_BAD))
    nf = nw.col("n").cast(nw.Float64)
    valid = (nw.col("n") > 0) & (nw.col(_BAD) == 0)
    p = nw.col("promoters").cast(nw.Float64) / nf
    d = nw.col("detractors").cast(nw.Float64) / nf
    score_expr = 100.0 * (p - d)
    var = p + d - (p - d) ** 2
    se_expr = 100.0 * (nw.when(var > 0).then(var).otherwise(0.0) / nf) ** 0.5
    counts = counts.with_columns(
        nw.when(valid).then(score_expr).otherwise(None).alias("nps"),
        nw.when(valid).then(se_expr).otherwise(None).alias("standard_error"),
    )
    z = NormalDist().inv_cdf(0.5 + level / 2)
    if method == "wald":
        center, se = nw.col("nps"), nw.col("standard_error")
    else:
        n_adj = nf + 3.0
        pa = (nw.col("promoters").cast(nw.Float64) + 0.75) / n_adj
        da = (nw.col("detractors").cast(nw.Float64) + 0.75) / n_adj
        center = nw.when(valid).then(100.0 * (pa - da)).otherwise(None)
        va = pa + da - (pa - da) ** 2
        se = nw.when(valid).then(100.0 * (nw.when(va > 0).then(va).otherwise(0.0) / n_adj) ** 0.5)
    counts = counts.with_columns(
        (center - z * se).clip(-100.0, 100.0).alias("ci_low"),
        (center + z * se).clip(-100.0, 100.0).alias("ci_high"),
    )
    out = counts.select(
        *keys,
        "n",
        "promoters",
        "passives",
        "detractors",
        "nps",
        "standard_error",
        "ci_low",
        "ci_high",
        _BAD,
    )
    return _finish(source, out, keys, score, "answers that are whole numbers from 0 to 10")


def _boxes_by(
    frame: Any,
    by: str | Sequence[str],
    score: str,
    scale: int,
    satisfied: tuple[int, ...],
    name: str,
) -> Any:
    source = Source("frame", frame)
    keys = source.columns("by", by)
    source.column("score", score)
    rows = _ratings(source, keys, score, 1, scale)
    s = nw.col(score)
    lo, hi = satisfied[0], satisfied[-1]
    if list(satisfied) == list(range(lo, hi + 1)):
        hit = (s >= lo) & (s <= hi)
    else:
        integer = source.schema[score].is_integer()
        hit = s.is_in(list(satisfied) if integer else [float(b) for b in satisfied])
    flags = _counts(source, {"satisfied": hit, "_in_scale": (s >= 1) & (s <= scale)})
    rows = rows.with_columns(v.alias(k) for k, v in flags.items())
    out = rows.group_by(keys).agg(
        s.count().alias("n"), nw.col("satisfied", "_in_scale").sum(), s.mean().alias("mean")
    )
    out = out.with_columns(
        nw.col("n", "satisfied").cast(nw.Int64),
        (nw.col("n") - nw.col("_in_scale")).cast(nw.Int64).alias(_BAD),
        nw.col("mean").cast(nw.Float64),
    )
    valid = (nw.col("n") > 0) & (nw.col(_BAD) == 0)
    ratio = 100.0 * nw.col("satisfied").cast(nw.Float64) / nw.col("n").cast(nw.Float64)
    out = out.with_columns(
        nw.when(valid).then(ratio).otherwise(None).alias(name),
        nw.when(valid).then(nw.col("mean")).otherwise(None).alias("mean"),
    ).select(*keys, "n", "satisfied", name, "mean", _BAD)
    return _finish(source, out, keys, score, f"ratings that are whole numbers from 1 to {scale}")


@validate_params(scale=_SCALE)
def csat_by(
    frame: Any,
    by: str | Sequence[str],
    *,
    score: str = "csat",
    scale: int = 5,
    satisfied: Sequence[int] | None = None,
) -> Any:
    """Customer satisfaction (CSAT) per group.

    Parameters
    ----------
    frame : data frame
        Ratings, one row per answer (any engine :func:`nps_by` takes).
    by : str or list of str
        The column(s) to group by.
    score : str, default "csat"
        The column of ratings from 1 to ``scale``; missing ones are left out.
    scale : int, default 5
        The number of points.
    satisfied : sequence of int, optional
        The ratings that count as satisfied (default: the top two boxes).

    Returns
    -------
    data frame
        Per group, sorted: the keys, ``n``, ``satisfied`` (how many),
        ``csat`` (percent satisfied) and ``mean``; equal to
        :func:`servicekit.metrics.csat` on each group with ``nan_policy="omit"``.

    Examples
    --------
    >>> import pandas as pd
    >>> ratings = pd.DataFrame({"channel": ["chat", "chat", "mail"], "csat": [5, 3, 4]})
    >>> csat_by(ratings, "channel")
      channel  n  satisfied  csat  mean
    0    chat  2          1  50.0   4.0
    1    mail  1          1 100.0   4.0
    """
    boxes = _satisfied_boxes(scale, satisfied)
    return _boxes_by(frame, by, score, scale, boxes, "csat")


@validate_params(scale=_SCALE)
def ces_by(
    frame: Any,
    by: str | Sequence[str],
    *,
    score: str = "ces",
    scale: int = 7,
) -> Any:
    """Customer effort score (CES) per group.

    Parameters
    ----------
    frame : data frame
        Ratings, one row per answer (any engine :func:`nps_by` takes).
    by : str or list of str
        The column(s) to group by.
    score : str, default "ces"
        The column of ratings from 1 to ``scale``; missing ones are left out.
    scale : int, default 7
        The number of points.

    Returns
    -------
    data frame
        Per group, sorted: the keys, ``n``, ``satisfied`` (answers above the
        middle of the scale), ``ces`` (their percent) and ``mean``; equal to
        :func:`servicekit.metrics.ces` on each group with ``nan_policy="omit"``.

    Examples
    --------
    >>> import polars as pl
    >>> ratings = pl.DataFrame({"team": ["a", "a", "b"], "ces": [7, 3, 6]})
    >>> ces_by(ratings, "team")["ces"].to_list()
    [50.0, 100.0]
    """
    easy_from = (scale + 1) // 2 + 1
    return _boxes_by(frame, by, score, scale, tuple(range(easy_from, scale + 1)), "ces")


def _satisfied_boxes(scale: int, satisfied: Sequence[int] | None) -> tuple[int, ...]:
    if satisfied is None:
        return (scale - 1, scale)
    if isinstance(satisfied, str | bytes) or not isinstance(satisfied, Sequence | set | frozenset):
        fail("satisfied", Summary(f"<{type(satisfied).__name__}>"), "a sequence of ratings")
    boxes = tuple(sorted(satisfied))
    if not boxes:
        fail("satisfied", Summary("<empty>"), "at least one rating")
    for box in boxes:
        if isinstance(box, bool) or not isinstance(box, int) or not 1 <= box <= scale:
            fail("satisfied", Summary(f"<{box!r}>"), f"ratings from 1 to {scale}")
    return boxes
