"""The documentation site builds with ``mkdocs build --strict`` and documents the API.

The pages' examples are doctested separately (``--doctest-glob=*.md`` over docs/); here the
site itself: no warning (griffe on the docstrings, links, the nav), an API reference that
holds the public names, the tutorials and the typing page in it, nothing loaded from the
network.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("mkdocs") is None:
        message = "mkdocs is not installed: pip install -e '.[docs]' (the test extra has it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    assert "WARNING" not in done.stderr, done.stderr[-5000:]
    return out


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "names"),
    [
        ("api/metrics", ["nps", "erlang_c", "required_agents", "NPSResult"]),
        ("api/sla", ["BusinessCalendar", "SLAClock", "SLAPolicy"]),
        ("api/workflow", ["ComplaintWorkflow", "progress_notices"]),
        ("api/models", ["Complaint", "Customer", "SurveyResponse"]),
        ("api/store", ["ComplaintStore"]),
        ("api/io", ["read_zendesk", "read_jsm"]),
        ("api/frames", ["kpi_table", "nps_by", "sla_events"]),
        ("api/errors", ["InvalidInputError", "ConcurrencyError"]),
    ],
)
def test_api_pages_document_the_public_names(site: Path, page: str, names: list[str]) -> None:
    html = _page(site, page)
    module = "servicekit." + page.removeprefix("api/")
    for name in names:
        assert f'id="{module}.{name}"' in html, f"{module}.{name} missing from {page}"


def test_api_page_renders_numpy_sections_and_signatures(site: Path) -> None:
    html = _page(site, "api/metrics")
    section = html[html.index('id="servicekit.metrics.nps"') :]
    section = section[: section.index('id="servicekit.metrics.nps_from_counts"')]
    # the numpydoc sections became tables, the signature is shown on its own
    assert "Parameters" in section
    assert "Returns" in section
    assert "nan_policy" in section
    assert "doc-signature" in section


def test_private_names_stay_out_of_the_reference(site: Path) -> None:
    html = _page(site, "api/models-types")
    assert 'id="servicekit.models.types.sanitized"' not in html
    assert 'id="servicekit.models.types.ServiceModel"' in html


def test_tutorials_typing_and_changelog_are_in_the_site(site: Path) -> None:
    assert "Running a help desk" in _page(site, "tutorials/help-desk")
    assert "Erlang" in _page(site, "tutorials/staffing")
    assert "opens offline in any browser" in _page(site, "tutorials/your-export")
    assert "pydantic.mypy" in _page(site, "typing")
    assert "## [Unreleased]" not in _page(site, "changelog")  # rendered, not included raw
    assert "Unreleased" in _page(site, "changelog")


def test_no_page_loads_anything_from_the_network(site: Path) -> None:
    remote = re.compile(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//")
    offenders = [
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if remote.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert "fonts.googleapis.com" not in _page(site, "")
