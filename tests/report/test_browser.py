"""The report renders in a real browser: headless Chromium, network off, a screenshot.

Chromium is a real component (Debian's ``chromium``; ``.ci/run`` installs it).
Locally without it the test skips; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from servicekit.datasets import load_helpdesk
from servicekit.report import build_report

CHARTS = {"sla-month", "sla-priority", "volume", "nps", "csat", "first-response", "resolution",
          "hours", "staffing", "category", "channel"}  # fmt: skip


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


def _run(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # the network is off: every host resolves to nothing, no proxy reaches out
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(
        [chromium, *flags], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_report_renders_offline_in_chromium(tmp_path: Path) -> None:
    chromium = _chromium()
    desk = load_helpdesk(backend="polars")
    page = build_report(desk.tickets, tz=desk.tz, surveys=desk.surveys).save(
        tmp_path / "report.html"
    )
    url = page.resolve().as_uri()

    dom = _run(chromium, tmp_path / "profile-dom", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # every chart is in the rendered page, as inline SVG
    for name in CHARTS:
        assert f'data-chart="{name}"><svg' in dom.stdout, name
    # nothing was refused or failed: no console errors, no blocked loads
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Refused" in line]
    assert console == []

    shot = tmp_path / "shot.png"
    run = _run(
        chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1200,2400", url
    )
    assert run.returncode == 0, run.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2400)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None
    # not blank: many colours, and a good share of the page is not background
    assert len(colours) > 50
    background = max(colours)[0]
    assert background < 0.9 * image.size[0] * image.size[1]
