"""Shared pieces of the charts (private): the lazy import, columns, time axes."""

from __future__ import annotations

import math
from datetime import date, datetime
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from servicekit._params import Summary, fail, is_missing, native

__all__ = [
    "BLUE",
    "GREY",
    "RED",
    "WIDTH",
    "Axis",
    "altair",
    "clean",
    "frame_column",
    "labels_of",
    "period_axis",
    "read_frame",
]

WIDTH = 640
"""Chart width in pixels: fits the text width of an A4 page (170 mm at 96 dpi)."""

BLUE, RED, GREY, ORANGE, DARK = "#4c78a8", "#d62728", "#7f7f7f", "#f58518", "#333333"
EXTRA = "pip install 'servicekit[charts]'"


def altair() -> ModuleType:
    """The altair module, imported on first use (an ImportError names the extra)."""
    try:
        import altair as alt
    except ImportError as err:  # pragma: no cover - the test extra installs altair
        raise ImportError(f"servicekit.charts needs altair: {EXTRA}") from err
    return alt


def clean(value: object) -> Any:
    """A JSON value: NaN, inf and missing become None, NumPy scalars Python ones."""
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def floats(values: NDArray[Any]) -> list[float | None]:
    """A float column as a list, NaN as None (vectorised: one tolist)."""
    arr = np.asarray(values, dtype=np.float64)
    out: list[float | None] = arr.tolist()
    if not np.isfinite(arr).all():
        for i in np.flatnonzero(~np.isfinite(arr)).tolist():
            out[i] = None
    return out


class Axis:
    """How one column of periods is drawn: its JSON values, its type and its axis.

    ``kind`` is ``"T"`` (temporal, naive wall-clock time parsed as UTC so that
    no renderer shifts it by its own zone), ``"Q"`` (numbers) or ``"O"``
    (labels, in the order given).
    """

    def __init__(self, values: list[Any], kind: str, fmt: str | None, tick: Any) -> None:
        self.values, self.kind, self.fmt, self.tick = values, kind, fmt, tick

    def encode(self, field: str, title: str) -> Any:
        """The altair X channel for ``field``."""
        alt = altair()
        if self.kind == "T":
            return alt.X(
                f"{field}:T",
                title=title,
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(format=self.fmt, tickCount=self.tick, labelOverlap=True),
            )
        if self.kind == "Q":
            return alt.X(f"{field}:Q", title=title, axis=alt.Axis(tickMinStep=1))
        return alt.X(f"{field}:O", title=title, sort=None, axis=alt.Axis(labelAngle=0))

    def tooltip(self, field: str, title: str) -> Any:
        """The tooltip of ``field``, in wall-clock time for datetimes."""
        alt = altair()
        if self.kind == "T":
            return alt.Tooltip(f"{field}:T", title=title, format=self.fmt, formatType="utc")
        return alt.Tooltip(f"{field}:{self.kind}", title=title)

    def data(self, rows: list[dict[str, Any]], field: str) -> Any:
        """Inline data; a temporal field is parsed as UTC wall-clock time."""
        alt = altair()
        if self.kind == "T":
            return alt.Data(
                values=rows, format=alt.DataFormat(parse={field: "utc:'%Y-%m-%dT%H:%M:%S'"})
            )
        return alt.Data(values=rows)


_DAY = 86400


def _time_axis(seconds: NDArray[np.int64]) -> tuple[str, Any]:
    """An axis format and tick interval that suit the spacing of the periods."""
    alt = altair()
    seconds = np.unique(seconds)  # one row per period and group: each period once
    span_days = (int(seconds.max()) - int(seconds.min())) / _DAY if seconds.size else 0.0
    midnight = bool((seconds % _DAY == 0).all())
    days = (seconds // _DAY).astype("datetime64[D]")
    first_of_month = midnight and bool(
        (days.astype("datetime64[M]").astype("datetime64[D]") == days).all()
    )
    if first_of_month and (seconds.size < 2 or span_days >= 28 * (seconds.size - 1)):
        step = max(1, math.ceil(span_days / 30.4 / 12))
        return "%b %Y", alt.TimeIntervalStep(interval="month", step=step)
    if midnight:
        step = max(1, math.ceil(span_days / 12))
        return "%d %b %Y", alt.TimeIntervalStep(interval="day", step=step)
    step = max(1, math.ceil(span_days * 24 / 12))
    return "%d %b %H:%M", alt.TimeIntervalStep(interval="hour", step=step)


def period_axis(name: str, values: object) -> Axis:
    """The axis of a column of periods: datetimes (naive wall clock), numbers or labels."""
    if isinstance(values, list | tuple) and any(isinstance(v, str) for v in values):
        return Axis(labels_of(name, values), "O", None, None)
    arr = native(name, values, "a 1-d array-like of periods (datetimes, numbers or labels)")
    if arr.ndim != 1:
        fail(name, Summary(f"<shape {arr.shape}>"), "a 1-d array-like of periods")
    if arr.dtype.kind == "O" and arr.size:
        first = arr[0]
        if isinstance(first, datetime | date | np.datetime64):
            # few values (one per period): drop any zone, keeping the wall-clock time
            arr = np.array(
                [v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in arr.tolist()],
                dtype="datetime64[us]",
            )
    if arr.dtype.kind == "M":
        if np.isnat(arr).any():
            fail(name, Summary("<NaT>"), "periods with none missing")
        secs = arr.astype("datetime64[s]")
        text = np.datetime_as_string(secs, unit="s").tolist()
        fmt, tick = _time_axis(secs.astype(np.int64))
        return Axis(text, "T", fmt, tick)
    if arr.dtype.kind in "iu":
        return Axis(arr.tolist(), "Q", None, None)
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            fail(name, Summary("<missing or infinite periods>"), "periods with none missing")
        return Axis(arr.tolist(), "Q", None, None)
    return Axis(labels_of(name, arr), "O", None, None)


def labels_of(name: str, values: object) -> list[str]:
    """A column of labels as strings (categories, slots); missing labels are refused."""
    if isinstance(values, list | tuple):  # native() refuses strings: it reads numbers
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
    else:
        arr = native(name, values, "a 1-d array-like of labels")
    if arr.ndim != 1:
        fail(name, Summary(f"<shape {arr.shape}>"), "a 1-d array-like of labels")
    if arr.dtype.kind in "US":
        return [str(v) for v in arr.tolist()]
    if arr.dtype.kind in "iu":
        return [str(v) for v in arr.tolist()]
    if arr.dtype.kind == "O":
        items = arr.tolist()
        missing = sum(map(is_missing, items))
        if missing:
            fail(name, Summary(f"<{missing} missing of {len(items)}>"), "labels with none missing")
        if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in items):
            fail(name, Summary("<not text>"), "a 1-d array-like of text labels")
        return [str(v) for v in items]
    fail(name, Summary(f"<{arr.dtype} values>"), "a 1-d array-like of text labels")
    return []  # pragma: no cover - fail() raises


def read_frame(name: str, frame: Any) -> Any:
    """An eager narwhals frame of the caller's frame (pandas, polars, PyArrow)."""
    import narwhals.stable.v2 as nw

    try:
        df = nw.from_native(frame, eager_only=True)
    except TypeError:
        fail(name, Summary(f"<{type(frame).__name__}>"), "an eager data frame (pandas or polars)")
    return df


def frame_column(name: str, df: Any, argument: str, column: str) -> Any:
    """Column ``column`` of ``df`` as a NumPy array; ``argument`` named when it is missing.

    A zoned datetime column keeps its wall-clock time in its own zone.
    """
    import narwhals.stable.v2 as nw

    if column not in df.columns:
        fail(argument, column, f"a column of {name}: one of {sorted(df.columns)}")
    series = df[column]
    if isinstance(series.dtype, nw.Datetime) and series.dtype.time_zone is not None:
        series = series.dt.replace_time_zone(None)
    return series.to_numpy()
