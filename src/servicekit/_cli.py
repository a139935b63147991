"""The ``servicekit`` command, behind :mod:`servicekit.cli` (private).

``servicekit report`` reads one or more export files (Zendesk, Freshdesk,
Zammad, Jira Service Management, or servicekit's own ticket CSV), computes
the report with :func:`servicekit.report.build_report` and writes one offline
HTML file. ``servicekit sample`` writes the bundled sample help desk as CSV,
``servicekit schema`` the models' JSON Schemas. Needs the ``cli`` extra.

Bad input ends with a one-line message naming the file, the column and what
was expected, and exit status 2; progress goes to stderr (``--quiet``
silences it). Everything heavy is imported inside the commands, so
``servicekit --help`` starts at once.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(main, ["--version"])
>>> result.output.startswith("servicekit, version ")
True
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NoReturn

try:
    import click
except ModuleNotFoundError as err:  # the wheel without the cli extra (tests/test_release.py)
    raise ImportError(
        f"the servicekit command needs {err.name}: pip install 'servicekit[cli]'"
    ) from None

from servicekit._version import __version__
from servicekit.errors import InvalidInputError

__all__ = ["main"]

FORMATS = ("auto", "zendesk", "freshdesk", "zammad", "jsm", "servicekit")
_WEEKDAYS = range(5)


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit status 2: what a user can fix, no traceback."""
    click.echo(f"servicekit: error: {message}", err=True)
    sys.exit(2)


def _header(path: Path) -> list[str]:
    import csv

    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return next(csv.reader(handle), [])
    except UnicodeDecodeError:
        _fail(f"{path}: not a UTF-8 CSV file")
    except OSError as err:
        _fail(f"{path}: cannot be read ({err.strerror})")


def _detect(path: Path) -> str:
    # the importers' own required columns: a file is recognised as what would read it
    from servicekit.io._importers import FRESHDESK, JSM, SERVICEKIT, ZAMMAD, ZENDESK

    header = _header(path)
    formats = {"zendesk": ZENDESK, "freshdesk": FRESHDESK, "zammad": ZAMMAD, "jsm": JSM}
    for name, fmt in {**formats, "servicekit": SERVICEKIT}.items():
        if fmt.recognises(header):
            return name
    _fail(
        f"{path}: not a known export (expected the header of a Zendesk, Freshdesk, Zammad, "
        "Jira Service Management or servicekit ticket CSV; pass --format)"
    )


def _read(paths: Sequence[Path], fmt: str, tz: str | None) -> Any:
    import polars as pl

    import servicekit.io as io

    readers: dict[str, Callable[..., Any]] = {
        "zendesk": io.read_zendesk,
        "freshdesk": io.read_freshdesk,
        "zammad": io.read_zammad,
        "jsm": io.read_jsm,
        "servicekit": io.read_servicekit,
    }
    frames = []
    for path in paths:
        kind = _detect(path) if fmt == "auto" else fmt
        try:
            frames.append(readers[kind](path, tz=tz, backend="polars"))
        except InvalidInputError as err:
            _fail(f"{path}: {err}")
    return pl.concat(frames, how="vertical_relaxed") if len(frames) > 1 else frames[0]


def _windows(hours: str) -> dict[int, list[tuple[str, str]]]:
    pieces = []
    for part in hours.split(","):
        start, sep, end = part.strip().partition("-")
        if not sep:
            _fail(f"--hours: {part.strip()!r} is not a window like 09:00-18:00")
        pieces.append((start.strip(), end.strip()))
    return dict.fromkeys(_WEEKDAYS, pieces)


def _calendar_file(path: Path, tz: str) -> Any:
    from servicekit.sla import BusinessCalendar

    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        _fail(f"{path}: not a JSON calendar ({type(err).__name__})")
    if not isinstance(spec, dict) or "windows" not in spec:
        _fail(f'{path}: expected a JSON object with "windows" (and "holidays", "workdays")')
    windows = spec["windows"]
    if isinstance(windows, str):
        windows = _windows(windows)
    elif isinstance(windows, dict):
        try:
            windows = {int(k): [tuple(w) for w in v] for k, v in windows.items()}
        except (TypeError, ValueError):
            _fail(f'{path}: "windows" maps weekdays 0-6 to lists of ["09:00", "18:00"] pairs')
    try:
        return BusinessCalendar(
            windows,
            tz=spec.get("tz", tz),
            holidays=[date.fromisoformat(d) for d in spec.get("holidays", [])],
            workdays=[date.fromisoformat(d) for d in spec.get("workdays", [])],
        )
    except (InvalidInputError, TypeError, ValueError) as err:
        _fail(f"{path}: {err}")


def _years(tickets: Any, tz: str) -> list[int]:
    import polars as pl

    # the years the tickets were opened in: the calendar needs their holidays
    local = tickets.select(pl.col("opened_at").dt.convert_time_zone(tz).dt.year())
    first, last = int(local.min().item()), int(local.max().item())
    return list(range(first, last + 1))


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner per stage on stderr (rich), or nothing with --quiet."""
    if quiet:
        yield lambda _stage: None
        return
    try:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    except ModuleNotFoundError:
        raise ImportError("progress needs rich: pip install 'servicekit[cli]'") from None

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        current: list[Any] = []

        def stage(name: str) -> None:
            if current:
                bar.update(current[-1], completed=1, total=1)
            current.append(bar.add_task(name, total=None))

        yield stage
        if current:
            bar.update(current[-1], completed=1, total=1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="servicekit")
def main() -> None:
    """Service-management building blocks: reports from help-desk exports."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="The export's format; auto recognises it by its header.",
)
@click.option("--tz", help="Time zone days are counted in, and of naive export times.")
@click.option("--country", help="Public holidays of this country (ISO code, e.g. CN).")
@click.option(
    "--calendar",
    "calendar_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='A JSON calendar: {"windows": ..., "holidays": [...], "workdays": [...]}.',
)
@click.option(
    "--hours",
    default="09:00-18:00",
    show_default=True,
    help="Business hours, Monday to Friday, e.g. 09:00-12:00,13:30-18:00.",
)
@click.option(
    "--surveys",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Survey answers CSV: answered_at and nps and/or csat columns.",
)
@click.option("--title", default="Service report", show_default=True)
@click.option(
    "--handle-time",
    type=click.FloatRange(min=0.1),
    default=8.0,
    show_default=True,
    help="Average handle time in minutes, for the staffing plan.",
)
@click.option("--sample", is_flag=True, help="Report on the bundled sample help desk.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def report(
    inputs: tuple[Path, ...],
    fmt: str,
    tz: str | None,
    country: str | None,
    calendar_file: Path | None,
    hours: str,
    surveys: Path | None,
    title: str,
    handle_time: float,
    sample: bool,
    out: Path,
    quiet: bool,
) -> None:
    """Write an HTML service report of INPUT export files (or of --sample)."""
    from servicekit.report import build_report
    from servicekit.sla import BusinessCalendar

    if sample and inputs:
        _fail("give export files or --sample, not both")
    if not sample and not inputs:
        _fail("give at least one export file (or --sample)")
    if country and calendar_file:
        _fail("give --country or --calendar, not both")
    with _progress(quiet) as stage:
        survey_frame = None
        if sample:
            from servicekit.datasets import load_helpdesk

            stage("loading the sample help desk")
            desk = load_helpdesk(backend="polars")
            tickets, survey_frame = desk.tickets, desk.surveys
            tz = tz or desk.tz
            country = country if country or calendar_file else desk.country
            if desk.hours is not None and hours == "09:00-18:00":
                hours = desk.hours
        else:
            if tz is None:
                _fail("--tz is required: the zone days are counted in (e.g. Asia/Shanghai)")
            stage(f"reading {len(inputs)} file{'s' if len(inputs) > 1 else ''}")
            tickets = _read(inputs, fmt, tz)
        assert tz is not None
        stage("building the calendar")
        try:
            if calendar_file is not None:
                calendar = _calendar_file(calendar_file, tz)
            elif country:
                calendar = BusinessCalendar.from_holidays(
                    country, years=_years(tickets, tz), windows=_windows(hours), tz=tz
                )
            else:
                calendar = BusinessCalendar(_windows(hours), tz=tz)
        except InvalidInputError as err:
            _fail(str(err))
        if surveys is not None:
            survey_frame = _read_surveys(surveys)
        try:
            result = build_report(
                tickets,
                tz=tz,
                calendar=calendar,
                surveys=survey_frame,
                title=title,
                handle_time=timedelta(minutes=handle_time),
                progress=stage,
            )
            stage("rendering")
            result.save(out)
        except InvalidInputError as err:
            _fail(str(err))
        except OSError as err:
            _fail(f"{out}: cannot be written ({err.strerror})")
    if not quiet:
        click.echo(f"wrote {out} ({result.tickets:,} tickets)", err=True)


def _read_surveys(path: Path) -> Any:
    import polars as pl

    try:
        frame = pl.read_csv(path, try_parse_dates=False, infer_schema_length=10_000)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as err:
        _fail(f"{path}: not a CSV of survey answers ({type(err).__name__})")
    if "answered_at" not in frame.columns:
        _fail(f"{path}: no column 'answered_at' (expected answered_at and nps and/or csat)")
    return frame


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The directory to write tickets.csv, events.csv and surveys.csv into.",
)
def sample(out: Path) -> None:
    """Write the bundled sample help desk as CSV files."""
    from servicekit.datasets import save_helpdesk

    try:
        paths = save_helpdesk(out)
    except OSError as err:
        _fail(f"{out}: cannot be written ({err.strerror})")
    for path in paths.values():
        click.echo(str(path))


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The directory to write one <Model>.schema.json per model into.",
)
def schema(out: Path) -> None:
    """Write the models' JSON Schemas (customers, interactions, complaints, surveys)."""
    import servicekit.models as models

    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in models.__all__:
            model = getattr(models, name)
            if isinstance(model, type) and hasattr(model, "model_json_schema"):
                path = out / f"{name}.schema.json"
                path.write_text(json.dumps(model.model_json_schema(), indent=2) + "\n")
                click.echo(str(path))
    except OSError as err:
        _fail(f"{out}: cannot be written ({err.strerror})")
