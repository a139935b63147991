"""The ``servicekit`` command, as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import servicekit
from servicekit.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "io"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_on_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, err = _run("report", "--sample", "--out", str(out), "--quiet")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'data-chart="nps"' in page  # the sample has survey answers
    assert err == ""  # --quiet: nothing on stderr


def test_report_on_a_zendesk_export_recognises_the_format(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, err = _run(
        "report", str(DATA / "zendesk.csv"), "--tz", "Europe/London", "--out", str(out), "-q"
    )
    assert code == 0, err
    assert "first responses were derived" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "fmt"), [("freshdesk.csv", "freshdesk"), ("jsm.csv", "jsm")])
def test_report_on_other_exports(tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / "report.html"
    code, _, err = _run(
        "report", str(DATA / name), "--format", fmt, "--tz", "UTC", "--country", "GB",
        "--out", str(out), "-q",
    )  # fmt: skip
    assert code == 0, err
    assert out.stat().st_size > 10_000


def test_sample_writes_csv_that_report_reads_back(tmp_path: Path) -> None:
    code, out, err = _run("sample", "--out", str(tmp_path / "desk"))
    assert code == 0, err
    written = sorted(Path(line).name for line in out.splitlines())
    assert written == ["events.csv", "surveys.csv", "tickets.csv"]
    page = tmp_path / "report.html"
    code, _, err = _run(
        "report", str(tmp_path / "desk" / "tickets.csv"), "--tz", "Asia/Shanghai",
        "--country", "CN", "--hours", "09:00-12:00,13:30-18:00",
        "--surveys", str(tmp_path / "desk" / "surveys.csv"), "--out", str(page), "-q",
    )  # fmt: skip
    assert code == 0, err
    sample = tmp_path / "sample.html"
    assert _run("report", "--sample", "--out", str(sample), "-q")[0] == 0
    # the same data read back from CSV: the same tickets, the same scorecard
    for html in (page.read_text(encoding="utf-8"), sample.read_text(encoding="utf-8")):
        assert "20,000 tickets opened from 2025-11-24" in html
        assert 'data-kpi="sla_compliance"' in html
    scorecard = [p.read_text(encoding="utf-8").split('id="sla"')[0] for p in (page, sample)]
    assert scorecard[0] == scorecard[1]


def test_schema_writes_the_models_json_schemas(tmp_path: Path) -> None:
    code, out, err = _run("schema", "--out", str(tmp_path))
    assert code == 0, err
    names = {Path(line).name for line in out.splitlines()}
    assert {"Complaint.schema.json", "Customer.schema.json"} <= names
    complaint = json.loads((tmp_path / "Complaint.schema.json").read_text())
    assert complaint["properties"]["id"]["type"] == "string"


def test_version() -> None:
    code, out, _ = _run("--version")
    assert code == 0
    assert out.strip() == f"servicekit, version {servicekit.__version__}"


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("servicekit: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_a_missing_column_names_the_file_the_column_and_the_format(tmp_path: Path) -> None:
    broken = tmp_path / "export.csv"
    lines = (DATA / "zendesk.csv").read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join(lines).replace("Created at", "Made at"), encoding="utf-8")
    code, _, err = _run(
        "report", str(broken), "--format", "zendesk", "--tz", "UTC", "--out",
        str(tmp_path / "r.html"), "-q",
    )  # fmt: skip
    _one_line_error(code, err, str(broken), "Created at", "Zendesk")
    assert not (tmp_path / "r.html").exists()


def test_auto_recognises_zammads_other_number_header(tmp_path: Path) -> None:
    # Zammad exports write the ticket number as "#" or "Number": both are recognised
    renamed = tmp_path / "zammad.csv"
    text = (DATA / "zammad.csv").read_text(encoding="utf-8")
    header, _, rest = text.partition("\n")
    assert header.startswith("#,")
    renamed.write_text("Number," + header[2:] + "\n" + rest, encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = _run("report", str(renamed), "--tz", "Europe/Berlin", "--out", str(out), "-q")
    assert code == 0, err


def test_an_unknown_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "orders.csv"
    other.write_text("order,amount\n1,20\n", encoding="utf-8")
    code, _, err = _run("report", str(other), "--tz", "UTC", "--out", str(tmp_path / "r.html"))
    _one_line_error(code, err, str(other), "--format")


def test_naive_export_times_need_tz(tmp_path: Path) -> None:
    code, _, err = _run("report", str(DATA / "zendesk.csv"), "--out", str(tmp_path / "r.html"))
    _one_line_error(code, err, "--tz")


def test_a_bad_zone_and_bad_hours_are_one_line(tmp_path: Path) -> None:
    out = str(tmp_path / "r.html")
    code, _, err = _run("report", str(DATA / "zendesk.csv"), "--tz", "Mars/Base", "--out", out)
    _one_line_error(code, err, "Mars/Base")
    code, _, err = _run(
        "report", str(DATA / "zendesk.csv"), "--tz", "UTC", "--hours", "nine", "--out", out
    )
    _one_line_error(code, err, "--hours")


def test_progress_goes_to_stderr(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, stdout, err = _run("report", "--sample", "--out", str(out))
    assert code == 0
    assert stdout == ""
    assert "wrote" in err


def test_help_imports_nothing_heavy() -> None:
    # `servicekit --help` must start at once: no pandas, polars, altair or pydantic
    code = (
        "import sys; from servicekit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('polars', 'pandas', 'altair', 'pydantic', 'numpy', 'rich')"
        " if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_console_script_is_installed() -> None:
    script = shutil.which("servicekit", path=str(Path(sys.executable).parent))
    assert script is not None
    done = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "report" in done.stdout
