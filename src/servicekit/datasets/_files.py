"""The shipped sample files: loading them, and writing a help desk as CSV."""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, cast

import narwhals.stable.v2 as nw
import numpy as np
from numpy.typing import NDArray

from servicekit._params import Constraint, Instance, Optional, Summary, validate_params
from servicekit.datasets._helpdesk import BACKEND, Backend, Helpdesk, require
from servicekit.io import read_servicekit

__all__ = ["load_helpdesk", "save_helpdesk"]

TABLES = ("tickets", "events", "surveys")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_UTC = nw.Datetime("us", "UTC")


def _instant(df: nw.DataFrame[Any], name: str) -> nw.Expr:
    """A column of UTC instants from ISO 8601 text ending in Z, or from naive UTC datetimes."""
    col = nw.col(name)
    dtype = df.schema[name]
    if dtype == nw.String:  # 2026-03-02T01:30:00Z: the wall clock in UTC
        col = col.str.slice(0, 19).str.to_datetime(TIME_FORMAT[:-1])
    if isinstance(dtype, nw.Datetime) and dtype.time_zone is not None:
        return col.dt.convert_time_zone("UTC").cast(_UTC).alias(name)
    return col.cast(nw.Datetime("us")).dt.replace_time_zone("UTC").alias(name)


def _flag(df: nw.DataFrame[Any], name: str) -> nw.Expr:
    col = nw.col(name)
    if df.schema[name] == nw.String:
        return (col.str.to_lowercase() == "true").alias(name)
    return col.cast(nw.Boolean).alias(name)


def _iso(values: NDArray[np.datetime64]) -> NDArray[Any]:
    """UTC instants as ISO 8601 text with Z (None for NaT), without a Python loop."""
    text = np.char.add(np.datetime_as_string(values, unit="s"), "Z").astype(object)
    out: NDArray[Any] = np.where(np.isnat(values), np.array(None, dtype=object), text)
    return out


def tickets_frame(data: Any, backend: str) -> Any:
    """The normalised ticket frame from columns (a dict of arrays) or a native frame of text.

    Columns of instants are handed over as text, as the files hold them:
    ``read_servicekit`` does the rest, so the generated and the loaded frames
    are the same by construction.
    """
    if isinstance(data, dict):
        text = {k: _iso(v) if v.dtype.kind == "M" else v for k, v in data.items()}
        data = _from_arrays(text, backend).to_native()
    return read_servicekit(data)


def events_frame(data: Any, backend: str) -> Any:
    """The status-change log with its dtypes: string, datetime (us, UTC), string, bool."""
    df = _frame(data, backend)
    return df.select(
        nw.col("ticket_id").cast(nw.String),
        _instant(df, "at"),
        nw.col("status").cast(nw.String),
        _flag(df, "reply"),
    ).to_native()


def surveys_frame(data: Any, backend: str) -> Any:
    """Survey answers with their dtypes: string, datetime (us, UTC), int64, int64."""
    df = _frame(data, backend)
    return df.select(
        nw.col("ticket_id").cast(nw.String),
        _instant(df, "answered_at"),
        nw.col("nps").cast(nw.Int64),
        nw.col("csat").cast(nw.Int64),
    ).to_native()


_DTYPES: dict[str, Any] = {"O": nw.String, "i": nw.Int64, "b": nw.Boolean, "M": nw.Datetime("us")}


def _from_arrays(data: Mapping[str, NDArray[Any]], backend: str) -> nw.DataFrame[Any]:
    """A native frame from NumPy columns; object columns are text, never polars' Object."""
    schema = {name: _DTYPES[values.dtype.kind] for name, values in data.items()}
    columns: dict[str, Any] = dict(data)
    if backend == "polars":  # polars reads a NumPy object array as Object, a list as text
        columns = {k: v.tolist() if v.dtype.kind == "O" else v for k, v in columns.items()}
    # cast after building: from_dict(schema=) writes pandas 2's missing text as "None"
    df = nw.from_dict(columns, backend=cast(Any, backend))
    return df.with_columns(nw.col(name).cast(dtype) for name, dtype in schema.items())


def _frame(data: Any, backend: str) -> nw.DataFrame[Any]:
    if isinstance(data, dict):
        return _from_arrays(data, backend)
    return nw.from_native(data, eager_only=True)


def _read_text_csv(raw: bytes, backend: str) -> Any:
    """A CSV as a native frame of text columns (empty cells missing)."""
    if backend == "polars":
        import polars as pl

        return pl.read_csv(io.BytesIO(raw), infer_schema=False)
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, na_values=[""])


_BUILD = {"tickets": tickets_frame, "events": events_frame, "surveys": surveys_frame}


@validate_params(backend=BACKEND)
def load_helpdesk(*, backend: Backend = "pandas") -> Helpdesk:
    """The bundled sample help desk: a year of tickets in Asia/Shanghai, as frames.

    Loads the files shipped in the package (made by :func:`make_helpdesk`
    with its defaults): 20,000 tickets opened from Monday 24 November 2025 to
    Sunday 22 November 2026, their status changes and survey answers. Needs
    only pandas or polars (not the ``holidays`` extra).

    Parameters
    ----------
    backend : {"pandas", "polars"}, default "pandas"
        The kind of frames.

    Returns
    -------
    Helpdesk
        Equal, frame for frame, to ``make_helpdesk(backend=backend)``.

    Examples
    --------
    >>> from servicekit.datasets import load_helpdesk
    >>> hd = load_helpdesk()
    >>> len(hd.tickets), hd.tz, hd.country
    (20000, 'Asia/Shanghai', 'CN')
    >>> hd.tickets["status"].value_counts().to_dict()
    {'closed': 19416, 'open': 327, 'solved': 183, 'new': 70, 'on_hold': 2, 'pending': 2}
    >>> list(hd.events.columns), list(hd.surveys.columns)
    (['ticket_id', 'at', 'status', 'reply'], ['ticket_id', 'answered_at', 'nps', 'csat'])
    """
    require(backend)
    data = resources.files("servicekit.datasets").joinpath("data")
    frames = {}
    for name in TABLES:
        raw = gzip.decompress(data.joinpath(f"{name}.csv.gz").read_bytes())
        frames[name] = _BUILD[name](_read_text_csv(raw, backend), backend)
    return Helpdesk(**frames)


def _as_text(frame: Any) -> nw.DataFrame[Any]:
    """Every column as text: instants in ISO 8601 UTC with Z, booleans true/false."""
    df = nw.from_native(frame, eager_only=True)
    out = []
    for name, dtype in df.schema.items():
        col = nw.col(name)
        if isinstance(dtype, nw.Datetime):
            expr = col.dt.convert_time_zone("UTC").dt.to_string(TIME_FORMAT)
        elif dtype == nw.Boolean:
            expr = nw.when(col).then(nw.lit("true")).when(~col).then(nw.lit("false"))
        else:
            expr = col.cast(nw.String)
        out.append(expr.alias(name))
    selected: nw.DataFrame[Any] = df.select(out)
    return selected


def csv_bytes(frame: Any) -> bytes:
    """A frame as CSV text (UTF-8, a header row, LF line ends, empty cells for nulls)."""
    df = _as_text(frame)
    native = df.to_native()
    if type(native).__module__.startswith("polars"):
        return bytes(native.write_csv().encode("utf-8"))
    return bytes(native.to_csv(index=False, lineterminator="\n").encode("utf-8"))


class _Directory(Constraint[Path]):
    expected = "a path (str or os.PathLike) to a directory, created if missing"

    def convert(self, name: str, value: object) -> Path:
        if not isinstance(value, str | os.PathLike) or not str(value):
            raise self.error(name, Summary(f"<{type(value).__name__}>"))
        path = Path(value)
        if path.exists() and not path.is_dir():
            raise self.error(name, Summary(f"<path {path.name!r}: not a directory>"))
        return path

    def invalid(self) -> tuple[object, ...]:
        return (42, None, "")


@validate_params(
    directory=_Directory(),
    helpdesk=Optional(Instance(Helpdesk, expected="a Helpdesk")),
)
def save_helpdesk(
    directory: str | os.PathLike[str], *, helpdesk: Helpdesk | None = None
) -> Mapping[str, Path]:
    """Write a help desk as plain CSV files: tickets.csv, events.csv and surveys.csv.

    What ``servicekit sample --out DIR`` does. Times are written in ISO 8601,
    in UTC, with a ``Z`` (``2026-03-02T01:30:00Z``); booleans as ``true`` and
    ``false``; missing values as empty cells. tickets.csv has the normalised
    columns, which :func:`servicekit.io.read_servicekit` reads back.

    Parameters
    ----------
    directory : str or os.PathLike
        Where to write (created, with its parents, if missing). Files of the
        same names are replaced.
    helpdesk : Helpdesk, optional
        What to write; by default the bundled sample (:func:`load_helpdesk`).

    Returns
    -------
    dict of str to pathlib.Path
        ``{"tickets": ..., "events": ..., "surveys": ...}``, the files written.

    Examples
    --------
    >>> import tempfile
    >>> from servicekit.datasets import save_helpdesk
    >>> from servicekit.io import read_servicekit
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save_helpdesk(tmp)
    ...     print(sorted(p.name for p in paths.values()))
    ...     print(len(read_servicekit(paths["tickets"])))
    ['events.csv', 'surveys.csv', 'tickets.csv']
    20000
    """
    hd = load_helpdesk() if helpdesk is None else helpdesk
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in TABLES:
        path = target / f"{name}.csv"
        path.write_bytes(csv_bytes(getattr(hd, name)))
        paths[name] = path
    return paths
