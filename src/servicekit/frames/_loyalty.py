"""Loyalty on data frames: RFM scores and segments, cohort retention (any engine, via narwhals)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeVar, cast

import narwhals.stable.v2 as nw

from servicekit._params import (
    Constraint,
    Identifier,
    Instant,
    Integer,
    Options,
    Summary,
    fail,
    time_zone,
    validate_params,
)
from servicekit.frames._engine import Source

__all__ = ["cohort_retention", "rfm"]

FrameT = TypeVar("FrameT")

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US_PER_DAY = 86_400_000_000
_TICK = timedelta(microseconds=1)


class _Frame(Constraint[Any]):
    """Any native data frame narwhals reads (eager or lazy), as a narwhals frame."""

    expected = "a data frame (pandas, polars eager or lazy, pyarrow, DuckDB, PySpark, ...)"

    def convert(self, name: str, value: object) -> Any:
        if isinstance(value, Mapping):
            raise self.error(name, Summary("<a mapping>"))
        return Source(name, value)

    def invalid(self) -> tuple[object, ...]:
        return ([1, 2], {"a": [1]}, None, "text")


class _TimeZone(Constraint[str]):
    expected = "an IANA time zone name such as 'Europe/Paris' or 'UTC'"

    def convert(self, name: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.error(name, value)
        time_zone(name, value)
        return value

    def invalid(self) -> tuple[object, ...]:
        return ("Mars/Olympus", "", 3, None)


def _schema(source: Source, name: str, columns: dict[str, str]) -> dict[str, Any]:
    """The dtypes of the named columns; ``columns`` maps argument name -> column name."""
    schema = source.schema
    out = {}
    for argument, column in columns.items():
        if column not in schema:
            fail(argument, column, f"a column of {name}")
        out[argument] = schema[column]
    return out


def _aware(argument: str, column: str, dtype: Any) -> None:
    if not isinstance(dtype, nw.Datetime) or dtype.time_zone is None:
        fail(
            argument,
            column,
            f"a column of timezone-aware datetimes (it holds {dtype}); "
            "convert naive times with .dt.replace_time_zone(...)",
        )


def _score(column: str, bins: int, *, descending: bool) -> Any:
    """Quantile score 1..bins from the mid-rank: tied customers share the score of their middle."""
    rank = nw.col(column).rank(method="average", descending=descending)
    return (((rank - 0.5) * bins / nw.len()).floor() + 1).cast(nw.Int64)


def _on_five(score: int, bins: int) -> int:
    """A score on 1..bins moved linearly onto 1..5 (rounded half up): 1 -> 1, bins -> 5."""
    return 1 + ((score - 1) * 8 + (bins - 1)) // (2 * (bins - 1))


def _segment_name(r5: int, f5: int) -> str:
    """The usual RFM segment of recency and frequency scores on a 1-5 scale."""
    if r5 >= 5 and f5 >= 4:
        return "champions"
    if r5 >= 3 and f5 >= 4:
        return "loyal_customers"
    if r5 >= 4 and f5 >= 2:
        return "potential_loyalists"
    if r5 == 5:
        return "new_customers"
    if r5 == 4:
        return "promising"
    if r5 == 3:
        return "need_attention" if f5 == 3 else "about_to_sleep"
    if f5 == 5:
        return "cannot_lose_them"
    return "at_risk" if f5 >= 3 else "hibernating"


def _segments(bins: int) -> tuple[list[int], list[str]]:
    """Every (r, f) cell code ``r * 1000 + f`` and its segment, for ``replace_strict``."""
    cells = [(r, f) for r in range(1, bins + 1) for f in range(1, bins + 1)]
    return (
        [r * 1000 + f for r, f in cells],
        [_segment_name(_on_five(r, bins), _on_five(f, bins)) for r, f in cells],
    )


@validate_params(
    frame=_Frame(),
    customer=Identifier(),
    at=Identifier(),
    amount=Identifier(),
    now=Instant(),
    bins=Integer(low=2, high=100),
)
def rfm(
    frame: FrameT,
    *,
    customer: str,
    at: str,
    amount: str,
    now: datetime,
    bins: int = 5,
) -> FrameT:
    """Recency, frequency and monetary value per customer, with quantile scores and segments.

    Parameters
    ----------
    frame : data frame
        One row per purchase: pandas, polars (eager or lazy), pyarrow, DuckDB,
        PySpark or any frame narwhals reads. A lazy frame gives a lazy frame
        back and nothing is computed.
    customer : str
        The column of customer ids.
    at : str
        The column of purchase times (timezone-aware datetimes).
    amount : str
        The column of purchase amounts (>= 0).
    now : datetime.datetime
        The time recency is measured to (timezone-aware); no purchase may be
        later.
    bins : int, default 5
        Score levels: scores run from 1 (worst) to ``bins`` (best).

    Returns
    -------
    data frame
        The caller's kind of frame, one row per customer sorted by customer:
        ``customer`` (the column keeps its name), ``recency_days`` (days from
        the last purchase to ``now``), ``frequency`` (purchases), ``monetary``
        (their total), ``r_score``, ``f_score``, ``m_score`` (1 to ``bins``),
        ``rfm_score`` (the three scores as one integer: 545 is R 5, F 4,
        M 5; two digits each when ``bins`` > 9) and ``segment``.

    Notes
    -----
    Scores are quantile ranks: a customer's score is
    ``floor((rank - 1/2) * bins / n) + 1`` where ``rank`` is their position
    among the ``n`` customers, from the worst (longest recency, fewest
    purchases, least spend) to the best, and tied customers share the mean of
    their ranks (the middle of their tie). So tied customers always get one
    score, neither favoured nor penalised by the order of the rows; scores stay
    within 1..``bins`` for any number of customers; a better value never
    scores lower. With many ties (most customers buying once) a score level
    may hold more or fewer than ``n / bins`` customers, or none, and with
    fewer customers than ``bins`` not every level is used.

    Segments follow the common recency x frequency map on a 1-5 scale (scores
    for other ``bins`` are first moved linearly onto 1..5, rounded): champions (R 5, F 4-5), loyal
    customers (R 3-5, F 4-5), potential loyalists (R 4-5, F 2-3), new
    customers (R 5, F 1), promising (R 4, F 1), need attention (R 3, F 3),
    about to sleep (R 3, F 1-2), cannot lose them (R 1-2, F 5), at risk
    (R 1-2, F 3-4) and hibernating (R 1-2, F 1-2).

    Values are checked on eager frames (no purchase after ``now``, no
    negative amount, no missing value, at least one purchase); a lazy frame's
    values are not looked at, only its schema, so that nothing is collected.

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. Fader,
    P. S., Hardie, B. G. S. and Lee, K. L. (2005). RFM and CLV: using iso-value
    curves for customer base analysis. *Journal of Marketing Research* 42(4),
    415-430.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> import polars as pl
    >>> t = lambda d: datetime(2026, 3, d, tzinfo=timezone.utc)
    >>> purchases = pl.DataFrame({"customer": ["a", "a", "b", "c", "c", "c"],
    ...                           "at": [t(1), t(20), t(2), t(10), t(25), t(28)],
    ...                           "amount": [20.0, 35.0, 500.0, 10.0, 15.0, 12.5]})
    >>> out = rfm(purchases, customer="customer", at="at", amount="amount",
    ...           now=datetime(2026, 4, 1, tzinfo=timezone.utc), bins=3)
    >>> out.select("customer", "recency_days", "frequency", "rfm_score", "segment").rows()
    [('a', 12.0, 2, 222, 'need_attention'), ('b', 30.0, 1, 113, 'hibernating'), \
('c', 4.0, 3, 331, 'champions')]
    """
    source = cast(Source, frame)
    dtypes = _schema(source, "frame", {"customer": customer, "at": at, "amount": amount})
    _aware("at", at, dtypes["at"])
    if not dtypes["amount"].is_numeric():
        fail("amount", amount, f"a column of numbers (it holds {dtypes['amount']})")
    now_us = (now - _EPOCH) // _TICK
    nf = source.with_epoch_us(source.frame, at, "_last_us", None)
    if source.eager:
        _check_purchases(nf, customer, at, amount, now_us)
    per_customer = nf.group_by(customer).agg(
        nw.col("_last_us").max(),
        nw.len().alias("frequency"),
        nw.col(amount).sum().alias("monetary"),
    )
    scored = per_customer.with_columns(
        nw.col("monetary").cast(nw.Float64),
        ((now_us - nw.col("_last_us")) / _US_PER_DAY).alias("recency_days"),
    ).with_columns(
        _score("recency_days", bins, descending=True).alias("r_score"),
        _score("frequency", bins, descending=False).alias("f_score"),
        _score("monetary", bins, descending=False).alias("m_score"),
    )
    codes, names = _segments(bins)
    digit = 10 if bins <= 9 else 100
    out = scored.with_columns(
        (nw.col("r_score") * (digit * digit) + nw.col("f_score") * digit + nw.col("m_score")).alias(
            "rfm_score"
        ),
        (nw.col("r_score") * 1000 + nw.col("f_score"))
        .replace_strict(codes, names, default="unclassified", return_dtype=nw.String)
        .alias("segment"),
    ).select(
        customer,
        "recency_days",
        nw.col("frequency").cast(nw.Int64),
        "monetary",
        "r_score",
        "f_score",
        "m_score",
        "rfm_score",
        "segment",
    )
    out = out.sort(customer)
    return cast(FrameT, source.finish(out))


def _check_purchases(frame: Any, customer: str, at: str, amount: str, now_us: int) -> None:
    """The values of an eager frame, in one query of reductions."""
    checks = [
        nw.len().alias("n"),
        nw.col(customer).null_count().alias("customer_nulls"),
        nw.col(at).null_count().alias("at_nulls"),
        nw.col(amount).null_count().alias("amount_nulls"),
        nw.col(amount).min().alias("amount_min"),
        nw.col("_last_us").max().alias("at_max"),
    ]
    if frame.collect_schema()[amount].is_float():
        checks.append((~nw.col(amount).is_finite()).sum().alias("nonfinite"))
    stats = frame.select(*checks).collect().rows(named=True)[0]
    if stats["n"] == 0:
        fail("frame", Summary("<no purchases>"), "at least one purchase (no customers to score)")
    for argument, column in (("customer", customer), ("at", at), ("amount", amount)):
        nulls = stats[f"{argument}_nulls"]
        if nulls:
            fail(argument, column, f"a column with no missing values ({nulls} missing)")
    if stats.get("nonfinite"):
        fail("amount", amount, f"finite amounts (found {stats['nonfinite']} NaN or infinite)")
    low = stats["amount_min"]
    if low is not None and low < 0:
        fail("amount", amount, f"amounts >= 0 (found {low})")
    if stats["at_max"] > now_us:
        fail("now", Summary("<before the last purchase>"), "a time at or after every purchase")


def _days_from_civil(year: Any, month: Any) -> Any:
    """Days from 1970-01-01 to the first day of ``month`` of ``year`` (Hinnant's algorithm).

    Integer expressions only, so every engine computes it the same way.
    """
    y = year - (month <= 2).cast(nw.Int64)
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


_FREQ = Options("1d", "1w", "1mo", "1q", "1y")


@validate_params(
    frame=_Frame(),
    customer=Identifier(),
    at=Identifier(),
    freq=_FREQ,
    tz=_TimeZone(),
)
def cohort_retention(
    frame: FrameT,
    *,
    customer: str,
    at: str,
    freq: Literal["1d", "1w", "1mo", "1q", "1y"] = "1mo",
    tz: str = "UTC",
) -> FrameT:
    """Cohort retention: of the customers who first bought in each period, how many came back.

    Parameters
    ----------
    frame : data frame
        One row per purchase (or visit, or contact), any frame narwhals reads;
        a lazy frame gives a lazy frame back and nothing is computed.
    customer : str
        The column of customer ids.
    at : str
        The column of times (timezone-aware datetimes).
    freq : {"1d", "1w", "1mo", "1q", "1y"}, default "1mo"
        The period: day, week (from Monday), month, quarter or year.
    tz : str, default "UTC"
        The time zone whose calendar cuts the periods (a purchase at 23:30 UTC
        on 31 March is in April in Shanghai).

    Returns
    -------
    data frame
        The caller's kind of frame, long format, sorted: ``cohort`` (the local
        start of the customers' first period in ``tz``, a naive wall-clock
        datetime, as ``kpi_table``'s periods), ``period`` (periods since
        it: 0, 1, 2, ...), ``customers`` (cohort members active in that
        period), ``cohort_size`` and ``retention`` (``customers /
        cohort_size``). Periods with no active member have no row. Pivot it
        (``pivot(on="period", index="cohort", values="retention")``) for the
        familiar triangle.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> import polars as pl
    >>> t = lambda m, d: datetime(2026, m, d, tzinfo=timezone.utc)
    >>> log = pl.DataFrame({"customer": ["a", "a", "b", "b", "c", "c"],
    ...                     "at": [t(1, 5), t(2, 3), t(1, 20), t(3, 1), t(2, 9), t(3, 2)]})
    >>> out = cohort_retention(log, customer="customer", at="at", freq="1mo")
    >>> out.select(pl.col("cohort").dt.date(), "period", "customers", "retention").rows()
    [(datetime.date(2026, 1, 1), 0, 2, 1.0), (datetime.date(2026, 1, 1), 1, 1, 0.5), \
(datetime.date(2026, 1, 1), 2, 1, 0.5), (datetime.date(2026, 2, 1), 0, 1, 1.0), \
(datetime.date(2026, 2, 1), 1, 1, 1.0)]
    """
    source = cast(Source, frame)
    dtypes = _schema(source, "frame", {"customer": customer, "at": at})
    _aware("at", at, dtypes["at"])
    nf = source.frame
    if source.eager:
        stats = (
            nf.select(
                nw.len().alias("n"),
                nw.col(customer).null_count().alias("c"),
                nw.col(at).null_count().alias("t"),
            )
            .collect()
            .rows()[0]
        )
        if stats[0] == 0:
            fail("frame", Summary("<no rows>"), "at least one purchase (no customers)")
        if stats[1] or stats[2]:
            argument, column = ("customer", customer) if stats[1] else ("at", at)
            fail(argument, column, "a column with no missing values")
    # local wall-clock time, counted in microseconds as if it were UTC
    nf = source.with_local(nf, at, "_local", tz)
    nf = source.with_epoch_us(nf, "_local", "_local_us", "UTC", naive=True)
    local = nw.col("_local")
    days = (nw.col("_local_us") // _US_PER_DAY).cast(nw.Int64)
    year, month = local.dt.year().cast(nw.Int64), local.dt.month().cast(nw.Int64)
    if freq == "1d":
        start, ordinal = days, days
    elif freq == "1w":  # weeks from Monday; day 0 (1970-01-01) was a Thursday
        start = days - (days + 3) % 7
        ordinal = start // 7
    elif freq == "1mo":
        start, ordinal = _days_from_civil(year, month), year * 12 + month
    elif freq == "1q":
        first_month = (month - 1) // 3 * 3 + 1
        start, ordinal = _days_from_civil(year, first_month), year * 4 + (month - 1) // 3
    else:
        start, ordinal = _days_from_civil(year, year * 0 + 1), year
    nf = nf.select(
        nw.col(customer),
        (start * _US_PER_DAY).cast(nw.Float64).alias("_start_us"),
        ordinal.cast(nw.Int64).alias("_ordinal"),
    )
    nf = source.with_datetime(nf, "_start_us", "cohort", naive=True)
    active = nf.select(customer, "cohort", "_ordinal").unique()
    spans = active.with_columns(
        nw.col("cohort").min().over(customer),
        (nw.col("_ordinal") - nw.col("_ordinal").min().over(customer)).alias("period"),
    )
    table = (
        spans.group_by("cohort", "period")
        .agg(nw.len().alias("customers"))
        .with_columns(nw.col("customers").cast(nw.Int64))
        .with_columns(nw.col("customers").max().over("cohort").alias("cohort_size"))
        .with_columns((nw.col("customers") / nw.col("cohort_size")).alias("retention"))
        .select("cohort", nw.col("period").cast(nw.Int64), "customers", "cohort_size", "retention")
        .sort("cohort", "period")
    )
    return cast(FrameT, source.finish(table))
