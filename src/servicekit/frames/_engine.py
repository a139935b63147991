"""One frame in, the same kind out: narwhals plus the few things engines do their own way (private).

Every function in :mod:`servicekit.frames` reads its input through :class:`Source`,
builds one narwhals lazy query, and hands the query back through
:meth:`Source.finish`, which gives the caller the kind of frame they passed:
an eager frame comes back eager (computed), a lazy one lazy (nothing run).

Narwhals covers almost everything; three things differ between engines and
live here: the epoch microseconds of an instant, an instant's local wall-clock
time in a zone (DuckDB keeps the zone in the connection and Spark in the
session, so narwhals does not convert there), and a small constant table on
the same engine (to join a calendar on). PyArrow tables are computed through
polars (or pandas) and returned as PyArrow tables, because PyArrow's group-by
has no quantiles.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from datetime import timezone
from typing import Any, NoReturn

import narwhals.stable.v2 as nw
import numpy as np
from numpy.typing import NDArray

from servicekit._params import Summary, fail, time_zone
from servicekit.errors import InvalidInputError

__all__ = ["FRAME_KINDS", "Source", "quote", "zone_name"]

FRAME_KINDS = "a pandas, polars (eager or lazy), PyArrow, DuckDB or PySpark data frame"

_US_PER_DAY = 86_400_000_000


def quote(name: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def zone_name(name: str, tz: object) -> str:
    """A valid IANA zone name (checked against the zone database); ``"UTC"`` for UTC."""
    zone = time_zone(name, tz)
    return "UTC" if zone is timezone.utc else str(tz)


class Source:
    """The caller's frame, as a narwhals lazy frame, and how to give a result back."""

    def __init__(self, name: str, native: object) -> None:
        self.name = name
        self.arrow = False
        self.mapping = isinstance(native, Mapping)
        if self.mapping:
            native = _from_mapping(name, native)  # type: ignore[arg-type]
        try:
            frame: Any = nw.from_native(native)
        except TypeError:
            fail(name, Summary(f"<{type(native).__name__}>"), FRAME_KINDS)
        if not isinstance(frame, nw.DataFrame | nw.LazyFrame):
            fail(name, Summary(f"<{type(native).__name__}>"), FRAME_KINDS)
        kind: Any = frame.implementation
        if kind is nw.Implementation.PANDAS and isinstance(frame, nw.DataFrame):
            frame = nw.from_native(_pandas_objects(native))
        if kind is nw.Implementation.PYARROW:
            self.arrow = True
            frame = nw.from_native(_arrow_to_local(native))
        self.eager = isinstance(frame, nw.DataFrame)
        self.implementation: nw.Implementation = frame.implementation
        self.frame: nw.LazyFrame[Any] = frame.lazy()
        self.schema: dict[str, Any] = dict(self.frame.collect_schema())

    # --- columns -------------------------------------------------------------------

    def column(self, argument: str, column: str) -> str:
        """Check that ``column`` exists; ``argument`` names the option that chose it."""
        if not isinstance(column, str) or column not in self.schema:
            shown = column if isinstance(column, str) else Summary(f"<{type(column).__name__}>")
            fail(argument, shown, f"a column of {self.name}: one of {sorted(self.schema)}")
        return column

    def columns(self, argument: str, columns: str | Sequence[str]) -> list[str]:
        """One or several column names, each checked."""
        names = [columns] if isinstance(columns, str) else list(columns)
        if not names:
            fail(argument, Summary("<empty>"), "at least one column name")
        return [self.column(argument, c) for c in names]

    def is_datetime(self, column: str) -> bool:
        return isinstance(self.schema[column], nw.Datetime)

    def datetime_zone(self, argument: str, column: str) -> str | None:
        """The zone of a datetime column (None when naive); refuses other types."""
        dtype = self.schema[column]
        if not isinstance(dtype, nw.Datetime):
            fail(argument, column, f"a datetime column (it holds {dtype})")
        zone = dtype.time_zone
        return None if zone is None else ("UTC" if zone in ("UTC", "Etc/UTC") else zone)

    def naive_without_zone(self, column: str) -> NoReturn:
        """Refuse naive times given without ``tz`` (nobody can tell which day they fall on)."""
        fail(
            "tz",
            None,
            f"a time zone: column {column!r} holds naive times, so pass tz= to say "
            "which zone they are in",
        )

    def zone_for(self, column: str, tz: str | None) -> str:
        """The zone to read ``column`` in: ``tz``, or the data's own; naive without tz refused."""
        own = self.datetime_zone(column, column)
        if tz is not None:
            return zone_name("tz", tz)
        if own is None:
            self.naive_without_zone(column)
        return own

    # --- engine-specific expressions -----------------------------------------------

    def with_epoch_us(
        self,
        frame: nw.LazyFrame[Any],
        column: str,
        out: str,
        tz: str | None,
        *,
        naive: bool = False,
    ) -> nw.LazyFrame[Any]:
        """Add ``out``: microseconds since the epoch of the instants in ``column``.

        As float64, exact for every instant servicekit accepts (up to 2200 the
        count stays below 2**53), so that missing values are null on every
        engine, pandas' NumPy columns included. Naive values are wall-clock
        times in ``tz`` (refused when ``tz`` is None); ``naive=True`` says a
        column made in the query (not in the schema) holds naive times.
        """
        own = None if naive else self.datetime_zone(column, column)
        if own is None:
            if tz is None:
                self.naive_without_zone(column)
            zone = zone_name("tz", tz)
        impl = self.implementation
        if impl is nw.Implementation.DUCKDB:
            src = quote(column)
            if own is None:
                src = f"timezone('{zone}', {src})"
            return _duckdb(frame, f"CAST(epoch_us({src}) AS DOUBLE)", out)
        if impl is nw.Implementation.PYSPARK:
            from pyspark.sql import functions as f

            native = frame.to_native()
            col = f.col(column)
            if own is None:
                session = native.sparkSession.conf.get("spark.sql.session.timeZone")
                col = f.convert_timezone(f.lit(zone), f.lit(session), col.cast("timestamp_ntz"))
                col = col.cast("timestamp")
            done: nw.LazyFrame[Any] = nw.from_native(
                native.withColumn(out, f.unix_micros(col).cast("double"))
            )
            return done
        expr = nw.col(column)
        if own is None:
            expr = expr.dt.replace_time_zone(zone)
        return frame.with_columns(expr.dt.timestamp("us").cast(nw.Float64).alias(out))

    def with_local(
        self, frame: nw.LazyFrame[Any], column: str, out: str, tz: str
    ) -> nw.LazyFrame[Any]:
        """Add ``out``: the local wall-clock time (naive) in ``tz`` of ``column``.

        Naive values are already wall-clock times in ``tz`` and are kept.
        """
        own = self.datetime_zone(column, column)
        if own is None:
            return frame.with_columns(nw.col(column).alias(out))
        impl = self.implementation
        if impl is nw.Implementation.DUCKDB:
            return _duckdb(frame, f"timezone('{tz}', {quote(column)})", out)
        if impl is nw.Implementation.PYSPARK:
            from pyspark.sql import functions as f

            native = frame.to_native()
            session = native.sparkSession.conf.get("spark.sql.session.timeZone")
            col = f.convert_timezone(
                f.lit(session), f.lit(tz), f.col(column).cast("timestamp_ntz")
            ).cast("timestamp_ntz")
            local: nw.LazyFrame[Any] = nw.from_native(native.withColumn(out, col))
            return local
        return frame.with_columns(
            nw.col(column).dt.convert_time_zone(tz).dt.replace_time_zone(None).alias(out)
        )

    def with_datetime(
        self, frame: nw.LazyFrame[Any], column: str, out: str, *, naive: bool = False
    ) -> nw.LazyFrame[Any]:
        """Add ``out``: UTC datetimes from the microseconds since the epoch in ``column``.

        ``naive=True`` gives naive datetimes of those microseconds (wall-clock
        times that were counted as if in UTC).
        """
        impl = self.implementation
        if impl is nw.Implementation.DUCKDB:
            sql = f"make_timestamp(CAST(round({quote(column)}) AS BIGINT))"
            return _duckdb(frame, sql if naive else f"timezone('UTC', {sql})", out)
        if impl is nw.Implementation.PYSPARK:
            from pyspark.sql import functions as f

            native = frame.to_native()
            col = f.timestamp_micros(f.round(f.col(column)).cast("long"))
            if naive:
                session = native.sparkSession.conf.get("spark.sql.session.timeZone")
                col = f.convert_timezone(f.lit(session), f.lit("UTC"), col.cast("timestamp_ntz"))
                col = col.cast("timestamp_ntz")
            done: nw.LazyFrame[Any] = nw.from_native(native.withColumn(out, col))
            return done
        if impl is nw.Implementation.PANDAS:
            pd: Any = importlib.import_module("pandas")
            native = frame.to_native().copy(deep=False)
            stamps = pd.to_datetime(native[column].round(), unit="us", utc=not naive)
            native[out] = stamps.astype("datetime64[us]" if naive else "datetime64[us, UTC]")
            back: nw.LazyFrame[Any] = nw.from_native(native).lazy()
            return back
        stamp = nw.col(column).round(0).cast(nw.Int64).cast(nw.Datetime("us"))
        if not naive:
            stamp = stamp.dt.replace_time_zone("UTC")
        return frame.with_columns(stamp.alias(out))

    def constant(self, columns: Mapping[str, NDArray[Any]]) -> nw.LazyFrame[Any]:
        """A small table of numbers on the same engine (to join on)."""
        impl = self.implementation
        names = list(columns)
        if impl is nw.Implementation.DUCKDB:
            rows = zip(*(columns[n].tolist() for n in names), strict=True)
            values = ", ".join("(" + ", ".join(_sql_number(v) for v in row) + ")" for row in rows)
            cols = ", ".join(quote(n) for n in names)
            if not values:
                values = "(" + ", ".join("NULL" for _ in names) + ")"
                sql = f"SELECT * FROM (VALUES {values}) AS t({cols}) WHERE false"
            else:
                sql = f"SELECT * FROM (VALUES {values}) AS t({cols})"
            rel = self.frame.to_native()
            table: nw.LazyFrame[Any] = nw.from_native(rel.query("_servicekit_src", sql))
            return table
        if impl is nw.Implementation.PYSPARK:
            from pyspark.sql import types as t

            native = self.frame.to_native()
            fields = [
                t.StructField(n, t.LongType() if columns[n].dtype.kind in "iu" else t.DoubleType())
                for n in names
            ]
            records = list(zip(*(columns[n].tolist() for n in names), strict=True))
            made = native.sparkSession.createDataFrame(records, t.StructType(fields))
            spark: nw.LazyFrame[Any] = nw.from_native(made)
            return spark
        backend = impl if impl in (nw.Implementation.PANDAS, nw.Implementation.POLARS) else None
        if backend is None:  # pragma: no cover - every eager engine is pandas or polars here
            backend = nw.Implementation.POLARS
        return nw.from_dict({n: columns[n] for n in names}, backend=backend).lazy()

    # --- results -------------------------------------------------------------------

    def finish(self, frame: nw.LazyFrame[Any]) -> Any:
        """The result as the kind of frame the caller passed."""
        if not self.eager:
            return frame.to_native()
        result = frame.collect()
        if self.arrow:
            return result.to_arrow()
        native = result.to_native()
        if self.implementation is nw.Implementation.PANDAS:
            native = native.reset_index(drop=True)  # rows are sorted: number them afresh
        return native

    def collect_small(self, frame: nw.LazyFrame[Any]) -> dict[str, list[Any]]:
        """Run a query whose result is a handful of values (bounds, counts) and read it."""
        return frame.collect().to_dict(as_series=False)


def _duckdb(frame: nw.LazyFrame[Any], sql: str, out: str) -> nw.LazyFrame[Any]:
    rel = frame.to_native()
    done: nw.LazyFrame[Any] = nw.from_native(rel.project(f"*, {sql} AS {quote(out)}"))
    return done


def _sql_number(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NULL"
    if isinstance(value, float):
        return repr(value)
    return str(int(value))


def _pandas_objects(frame: Any) -> Any:
    """Object columns of a pandas frame (booleans with None, say) in pandas' nullable types.

    Text columns stay as the caller had them (``convert_dtypes`` would make them
    pandas' ``string``).
    """
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    objects = [
        c
        for c, dtype in frame.dtypes.items()
        if str(dtype) == "object" and pd.api.types.infer_dtype(frame[c]) not in ("string", "empty")
    ]
    if not objects:
        return frame
    frame = frame.copy(deep=False)
    for c in objects:
        frame[c] = frame[c].convert_dtypes()
    return frame


def _arrow_to_local(table: Any) -> Any:
    try:
        import polars as pl
    except ImportError:
        return table.to_pandas()
    return pl.from_arrow(table)


def _from_mapping(name: str, columns: Mapping[str, Any]) -> Any:
    """A dict of columns as a polars frame (or pandas when polars is missing)."""
    if not all(isinstance(k, str) for k in columns):
        fail(name, Summary("<a mapping with non-string keys>"), "a mapping of column names")
    lengths = {len(v) if hasattr(v, "__len__") else -1 for v in columns.values()}
    if len(lengths) > 1 or -1 in lengths:
        fail(name, Summary("<columns of different lengths>"), "columns of one length")
    # NumPy datetime64 columns are UTC instants, as everywhere in servicekit
    utc = [k for k, v in columns.items() if isinstance(v, np.ndarray) and v.dtype.kind == "M"]
    data = {
        k: v.astype("datetime64[us]")
        if k in utc
        else v.astype("timedelta64[us]")
        if isinstance(v, np.ndarray) and v.dtype.kind == "m"
        else (list(v) if isinstance(v, tuple) else v)
        for k, v in columns.items()
    }
    try:
        import polars as pl
    except ImportError:
        try:
            pd: Any = importlib.import_module("pandas")
        except ImportError:
            raise ImportError(
                "a mapping of columns needs polars or pandas: "
                "pip install 'servicekit[polars]' (or pandas), or pass a data frame"
            ) from None
        frame = pd.DataFrame(data)
        for k in utc:
            frame[k] = frame[k].dt.tz_localize("UTC")
        return frame
    try:
        frame = pl.DataFrame(data, strict=False)
        return frame.with_columns(pl.col(k).dt.replace_time_zone("UTC") for k in utc)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        raise InvalidInputError(
            name, Summary("<columns polars cannot read>"), "columns of one type each"
        ) from None
