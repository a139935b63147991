"""The machinery the importers share: loading, column checks, times, value maps (private).

Everything runs as narwhals expressions on the caller's frame (pandas or
polars): decisions are taken once per column (which time layout, naive or
aware), never once per row.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import narwhals.stable.v2 as nw

from servicekit._params import ZONE_EXPECTED, Summary, fail, time_zone
from servicekit.errors import InvalidInputError

__all__ = [
    "BOOLEAN_COLUMNS",
    "COLUMNS",
    "Context",
    "Format",
    "read",
]

COLUMNS = (
    "ticket_id",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "status",
    "priority",
    "channel",
    "category",
    "group",
    "agent_id",
    "reopens",
    "reopened",
    "escalated",
    "first_response_breached",
    "resolution_breached",
    "satisfaction",
    "first_response_derived",
)
TIME_COLUMNS = ("opened_at", "first_response_at", "resolved_at", "closed_at")
BOOLEAN_COLUMNS = (
    "reopened",
    "escalated",
    "first_response_breached",
    "resolution_breached",
    "first_response_derived",
)
STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")

_DAY_US = 86_400_000_000
_UTC = nw.Datetime("us", "UTC")
# 2024-03-01 09:15, 2024-03-01T09:15:07, 2024-03-01 09:15:07.250 +01:00, ...Z
_ISO = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)? ?(?:Z|[+-]\d{2}:?\d{2})?$"
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
# Jira's default export layout: 12/Apr/26 3:30 PM
_JIRA = r"^\d{1,2}/[A-Za-z]{3}/\d{2} \d{1,2}:\d{2} [AaPp][Mm]$"
_JIRA_FORMAT = "%d/%b/%y %I:%M %p"


@dataclass(frozen=True)
class Format:
    """One vendor's export: its name in messages and the columns it cannot do without."""

    name: str
    required: tuple[str, ...]
    jira_times: bool = False
    aliases: tuple[tuple[str, str], ...] = ()
    """(other spelling, header) pairs: a column under another spelling is renamed."""

    def recognises(self, header: Iterable[str]) -> bool:
        """Whether a CSV header has every required column (under any accepted spelling)."""
        renamed = dict(self.aliases)
        present = {renamed.get(name, name) for name in header}
        return set(self.required) <= present


def _zone(tz: object) -> str | None:
    if tz is None:
        return None
    if not isinstance(tz, str):
        fail("tz", tz, f"{ZONE_EXPECTED}, or None")
    time_zone("tz", tz)
    return tz


def _dedupe(header: list[str]) -> list[str]:
    """Repeated headers (Jira repeats Comment, Watchers, Sprint) get .1, .2 as pandas does."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def _load(source: object, backend: str, fmt: Format) -> Any:
    """The native frame: the caller's, or a CSV file read as text with ``backend``."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            fail("source", Summary(f"<path {path.name!r}>"), f"an existing {fmt.name} file")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
        if not header:
            fail("source", Summary(f"<path {path.name!r}>"), f"a {fmt.name} with a header row")
        names = _dedupe([h.strip() for h in header])
        if backend == "polars":
            import polars as pl

            return pl.read_csv(
                path, has_header=False, skip_rows=1, new_columns=names, infer_schema=False
            )
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
        frame.columns = names
        return frame
    return source


def _strings(expr: nw.Expr) -> nw.Expr:
    """Text with surrounding space stripped; empty text is missing."""
    # null first: pandas 2 casts an object column's NaN to the text "nan"
    s = nw.when(~expr.is_null()).then(expr.cast(nw.String).str.strip_chars())
    return nw.when(s.str.len_chars() > 0).then(s)


def _null(dtype: Any) -> nw.Expr:
    """An all-missing column (``lit(None)`` would give pandas a non-nullable bool)."""
    if dtype == nw.String:
        return nw.lit(None, dtype=nw.String)
    return nw.when(nw.lit(value=False)).then(nw.lit(value=True))


@dataclass
class Instant:
    """An instant column as microseconds since the epoch (UTC) and where it is present."""

    us: nw.Expr
    present: nw.Expr

    def expr(self) -> nw.Expr:
        return nw.when(self.present).then(
            self.us.cast(nw.Datetime("us")).dt.replace_time_zone("UTC")
        )


class Context:
    """One export being read: the frame, its format, the zone of naive times."""

    def __init__(self, df: nw.DataFrame[Any], fmt: Format, tz: str | None) -> None:
        self.df = df
        self.fmt = fmt
        self.tz = tz
        self._temp = 0

    def materialise(self, expr: nw.Expr) -> nw.Expr:
        """Compute ``expr`` once into a scratch column, so later expressions stay small."""
        self._temp += 1
        name = f"__servicekit_{self._temp}"
        self.df = self.df.with_columns(expr.alias(name))
        return nw.col(name)

    def has(self, name: str) -> bool:
        return name in self.df.columns

    def first(self, *names: str) -> str | None:
        return next((n for n in names if self.has(n)), None)

    def _bad(self, name: str, value: object, expected: str) -> InvalidInputError:
        return InvalidInputError(
            "source",
            Summary(f"<column {name!r}: {value!r}>"),
            f"a {self.fmt.name} whose column {name!r} holds {expected}",
        )

    def _first_where(self, name: str, mask: nw.Expr) -> object:
        rows = self.df.filter(mask).select(nw.col(name).cast(nw.String)).head(1)
        return rows.item(0, 0) if len(rows) else None

    def _any(self, expr: nw.Expr) -> bool:
        return bool(self.df.select(expr.any()).item())

    def text(self, name: str | None) -> nw.Expr:
        if name is None or not self.has(name):
            return _null(nw.String)
        return _strings(nw.col(name))

    def lower(self, name: str | None) -> nw.Expr:
        return self.text(name).str.to_lowercase()

    def number(self, name: str | None) -> nw.Expr:
        """A numeric column as Float64 (missing where empty)."""
        if name is None or not self.has(name):
            return nw.lit(None, dtype=nw.Float64)
        if self.df.schema[name].is_numeric():
            return nw.col(name).cast(nw.Float64)
        s = _strings(nw.col(name))
        bad = ~s.is_null() & ~s.str.contains(r"^-?\d+(?:\.\d+)?$")
        if self._any(bad):
            raise self._bad(name, self._first_where(name, bad), "numbers")
        return nw.when(~s.is_null()).then(s.fill_null("0").cast(nw.Float64))

    def mapped(
        self,
        name: str | None,
        mapping: Mapping[str, str],
        what: str,
        fallback: nw.Expr | None = None,
    ) -> nw.Expr:
        """Lower-cased labels mapped to servicekit's vocabulary; an unknown label is refused."""
        if name is None or not self.has(name):
            return _null(nw.String)
        s = self.lower(name)
        out = s.replace_strict(dict(mapping), default=None, return_dtype=nw.String)
        if fallback is not None:
            out = nw.coalesce(out, fallback)
        unknown = ~s.is_null() & out.is_null()
        if self._any(unknown):
            known = sorted(set(mapping))
            raise self._bad(name, self._first_where(name, unknown), f"{what} ({', '.join(known)})")
        return out

    def flag(self, name: str | None, true: tuple[str, ...], false: tuple[str, ...]) -> nw.Expr:
        """A boolean from labels (lower-cased); other labels and empty cells are missing."""
        if name is None or not self.has(name):
            return _null(nw.Boolean)
        s = self.lower(name)
        return (
            nw.when(s.is_in(list(true)))
            .then(nw.lit(value=True))
            .otherwise(nw.when(s.is_in(list(false))).then(nw.lit(value=False)))
        )

    # -- instants --------------------------------------------------------------------

    def instant(self, name: str | None) -> Instant:
        found = self._instant(name)
        if name is None or not self.has(name):
            return found
        return Instant(self.materialise(found.us), self.materialise(found.present))

    def _instant(self, name: str | None) -> Instant:
        if name is None or not self.has(name):
            return Instant(nw.lit(0, dtype=nw.Int64), nw.lit(value=False))
        dtype = self.df.schema[name]
        col = nw.col(name)
        if isinstance(dtype, nw.Datetime):
            present = ~col.is_null()
            if dtype.time_zone is not None:
                utc = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
                return Instant(self._us(utc).fill_null(0), present)
            return Instant(self._localise(name, self._us(col).fill_null(0)), present)
        if dtype == nw.Date:
            local = self._us(col.cast(nw.Datetime("us"))).fill_null(0)
            return Instant(self._localise(name, local), ~col.is_null())
        if dtype != nw.String:
            raise self._bad(name, Summary(f"<{dtype}>"), "datetimes or text")
        s = self.materialise(_strings(col))
        present = ~s.is_null()
        if self.fmt.jira_times and not self._any(present & ~s.str.contains(_JIRA)):
            filled = s.fill_null("01/Jan/70 12:00 AM")
            local = self._us(filled.str.to_datetime(_JIRA_FORMAT))
            return Instant(self._localise(name, local), present)
        bad = present & ~s.str.contains(_ISO)
        if self._any(bad):
            layout = "'dd/Mmm/yy h:mm AM' (Jira) or " if self.fmt.jira_times else ""
            raise self._bad(
                name,
                self._first_where(name, bad),
                f"times written as {layout}'YYYY-MM-DD HH:MM[:SS]' with an optional UTC offset",
            )
        compact = self.materialise(s.fill_null("1970-01-01 00:00:00").str.replace_all(r"[ T]", ""))
        zoned = self.materialise(compact.str.contains(_OFFSET))
        aware = self._any(present & zoned)
        if aware and self._any(present & ~zoned):
            raise self._bad(
                name,
                self._first_where(name, present & ~zoned),
                "times that all carry a UTC offset, or none of them",
            )
        core = self.materialise(compact.str.replace(_OFFSET, "") if aware else compact)
        has_seconds = core.str.slice(15, 1) == ":"
        seconds = nw.when(has_seconds).then(core.str.slice(16, 2)).otherwise(nw.lit("00"))
        wall = nw.concat_str(
            [core.str.slice(0, 10), nw.lit(" "), core.str.slice(10, 5), nw.lit(":"), seconds]
        )
        fraction = nw.when(has_seconds & (core.str.slice(18, 1) == ".")).then(
            nw.concat_str([nw.lit("0"), core.str.slice(18)])
        )
        fraction_us = (fraction.fill_null("0").cast(nw.Float64) * 1e6).round(0).cast(nw.Int64)
        local = self._us(wall.str.to_datetime("%Y-%m-%d %H:%M:%S")) + fraction_us
        if not aware:
            return Instant(self._localise(name, local), present)
        colon = compact.str.contains(r"[+-]\d{2}:\d{2}$")
        plain = compact.str.contains(r"[+-]\d{4}$")
        sign = (
            nw.when(colon)
            .then(compact.str.slice(-6, 1))
            .otherwise(nw.when(plain).then(compact.str.slice(-5, 1)).otherwise(nw.lit("+")))
        )
        hours = (
            nw.when(colon)
            .then(compact.str.slice(-5, 2))
            .otherwise(nw.when(plain).then(compact.str.slice(-4, 2)).otherwise(nw.lit("00")))
        )
        minutes = nw.when(colon | plain).then(compact.str.slice(-2, 2)).otherwise(nw.lit("00"))
        offset = (hours.cast(nw.Int64) * 60 + minutes.cast(nw.Int64)) * 60_000_000
        signed = nw.when(sign == "-").then(-offset).otherwise(offset)
        return Instant(local - signed, present)

    @staticmethod
    def _us(naive: nw.Expr) -> nw.Expr:
        return naive.cast(nw.Datetime("us")).dt.timestamp("us")

    def _wall(self, utc_us: nw.Expr) -> nw.Expr:
        """The wall clock (as microseconds) in ``tz`` at the UTC instant ``utc_us``."""
        assert self.tz is not None
        aware = utc_us.cast(nw.Datetime("us")).dt.replace_time_zone("UTC")
        local = aware.dt.convert_time_zone(self.tz).dt.replace_time_zone(None)
        return self._us(local)

    def _localise(self, name: str, wall: nw.Expr) -> nw.Expr:
        """UTC microseconds for wall-clock microseconds in ``tz``.

        A repeated wall time (clocks going back) takes its first occurrence; one in a
        skipped hour reads with the offset from before the change, so it moves forward
        by the gap (02:30 becomes 03:30), as Python's ``fold=0`` and BusinessCalendar do.
        """
        if self.tz is None:
            raise InvalidInputError(
                "tz",
                None,
                f"a time zone: the times in column {name!r} of this {self.fmt.name} have no "
                "zone (pass tz= with the zone the export was made in, e.g. tz='Europe/Berlin')",
            )
        if self.tz == "UTC":
            return wall
        wall = self.materialise(wall)
        # the offsets in force a day before and a day after: candidates for the instant
        early = self.materialise(wall - (self._wall(wall - _DAY_US) - (wall - _DAY_US)))
        late = self.materialise(wall - (self._wall(wall + _DAY_US) - (wall + _DAY_US)))
        return (
            nw.when(self._wall(early) == wall)
            .then(early)
            .otherwise(nw.when(self._wall(late) == wall).then(late).otherwise(early))
        )


def _finish(ctx: Context, columns: Mapping[str, nw.Expr]) -> Any:
    exprs = []
    for name in COLUMNS:
        expr = columns[name]
        if name in TIME_COLUMNS:
            expr = expr.cast(_UTC)
        elif name == "reopens":
            expr = expr.cast(nw.Int64)
        exprs.append(expr.alias(name))
    out = ctx.df.select(exprs)
    result = out.to_native()
    if type(result).__module__.startswith("pandas"):
        # pandas' default bool cannot hold a missing value: use its nullable boolean
        result = result.astype(dict.fromkeys(BOOLEAN_COLUMNS, "boolean"))
    return result


def read(
    source: object,
    fmt: Format,
    tz: object,
    backend: str,
    build: Any,
) -> Any:
    """Load ``source``, check ``fmt``'s columns, and build the normalised ticket frame."""
    zone = _zone(tz)
    native = _load(source, backend, fmt)
    try:
        df = nw.from_native(native, eager_only=True)
    except TypeError:
        fail(
            "source",
            Summary(f"<{type(source).__name__}>"),
            f"a path to a {fmt.name} or a pandas or polars DataFrame of one",
        )
    renamed = {c: str(c).strip().lstrip("\ufeff") for c in df.columns}
    present = set(renamed.values())
    for other, header in fmt.aliases:
        if header not in present and other in present:
            renamed = {k: header if v == other else v for k, v in renamed.items()}
    if any(k != v for k, v in renamed.items()):
        df = df.rename(renamed)
    for column in fmt.required:
        if column not in df.columns:
            raise InvalidInputError(
                "source",
                Summary(f"<no column {column!r}>"),
                f"a {fmt.name} with its column {column!r}",
            )
    ctx = Context(df, fmt, zone)
    try:
        columns = build(ctx)
        result = _finish(ctx, columns)
    except InvalidInputError:
        raise
    except Exception as err:  # the engine's own error, e.g. a malformed cell
        raise InvalidInputError(
            "source",
            Summary(f"<{type(err).__name__}>"),
            f"a {fmt.name} whose cells can be read",
        ) from err
    return result
