"""What a project pinning servicekit sees of a release: the wheel's metadata, the version
the package reports and the changelog's newest section agree."""

from __future__ import annotations

import re
import subprocess
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from click.testing import CliRunner

import servicekit
from servicekit.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _metadata(wheel: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        message = HeaderParser().parsestr(archive.read(name).decode())
    fields: dict[str, list[str]] = {}
    for key, value in message.items():
        fields.setdefault(key, []).append(value)
    return fields


def _releases() -> list[tuple[str, str]]:
    """(version, date) of each released section of CHANGELOG.md, newest first."""
    text = (ROOT / "CHANGELOG.md").read_text()
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE)


def test_the_wheel_is_the_release_the_changelog_describes(wheel: Path) -> None:
    meta = _metadata(wheel)
    (version,) = meta["Version"]
    assert version == servicekit.__version__
    newest, _ = _releases()[0]
    assert version == newest
    assert wheel.name.startswith(f"servicekit-{version}-")


def test_the_wheel_links_its_documentation_changelog_and_source(wheel: Path) -> None:
    urls = dict(line.split(", ", 1) for line in _metadata(wheel)["Project-URL"])
    assert set(urls) >= {"Documentation", "Changelog", "Source"}
    assert all(url.startswith("https://") for url in urls.values())
    assert urls["Changelog"].endswith("CHANGELOG.md")


def test_the_wheel_declares_alpha_status_the_pythons_and_the_core_dependencies(
    wheel: Path,
) -> None:
    meta = _metadata(wheel)
    classifiers = meta["Classifier"]
    assert "Development Status :: 3 - Alpha" in classifiers
    assert "Typing :: Typed" in classifiers
    pythons = {c.rsplit(" :: ", 1)[1] for c in classifiers if re.search(r"3\.\d+$", c)}
    assert pythons == {"3.10", "3.11", "3.12", "3.13"}
    assert meta["Requires-Python"] == [">=3.10"]
    core = {
        re.split(r"[<>=;\[ ]", req, maxsplit=1)[0]
        for req in meta["Requires-Dist"]
        if "extra ==" not in req and "sys_platform" not in req
    }
    assert core == {"pydantic", "python-statemachine", "numpy", "narwhals"}


def test_every_release_in_the_changelog_is_dated_newest_first() -> None:
    releases = _releases()
    assert releases, "CHANGELOG.md has no released section"
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.index("## [Unreleased]") < text.index(f"## [{releases[0][0]}]")
    dates = [date for _, date in releases]
    assert dates == sorted(dates, reverse=True)


def test_the_command_line_reports_the_release() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert servicekit.__version__ in result.output


def test_the_console_script_without_the_cli_extra_names_it(wheel_venv: Path) -> None:
    # installed with the package whatever the extras: one line, no traceback
    done = subprocess.run(
        [str(wheel_venv / "bin" / "servicekit"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "servicekit: error: the servicekit command needs click: pip install 'servicekit[cli]'\n"
    )
    assert done.stdout == ""
