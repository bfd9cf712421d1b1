"""The HTML reports open in headless Chromium without console errors and show the score.

Needs Debian's ``chromium`` (installed by .ci/run); skips without it. Screenshots are saved
under test-artifacts/ as artifacts of the run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from notebooks import build

from grader.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]

pytestmark = [pytest.mark.kernel, pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")]


def open_in_chromium(page: Path, profile: Path, screenshot: Path | None = None, width: int = 1000) -> tuple[str, str]:
    """The rendered DOM and the browser's log for ``page``."""
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},1400"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([*common, f"--screenshot={screenshot}", page.as_uri()], capture_output=True, timeout=120)
        assert screenshot.is_file() and screenshot.stat().st_size > 1000
    return dom.stdout, dom.stderr


def console_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_student_report_and_class_summary_render(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    build("regularization", folder / "ana.ipynb",
          edits={"backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")]})
    build("regularization", folder / "bea.ipynb")
    (folder / "cal.ipynb").write_text("not a notebook", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(folder), "--out", str(out), "--workers", "1"]) == 0

    dom, log = open_in_chromium(out / "ana.html", tmp_path / "profile", ARTIFACTS / "student-report.png")
    assert console_errors(log) == []
    assert re.search(r'id="score"[^>]*>Score: 3 / 4', dom)
    assert "backward_propagation_with_dropout" in dom and "Failed" in dom

    dom, log = open_in_chromium(out / "ana.html", tmp_path / "profile", ARTIFACTS / "student-report-phone.png", 390)
    assert console_errors(log) == []

    dom, log = open_in_chromium(out / "index.html", tmp_path / "profile", ARTIFACTS / "class-summary.png")
    assert console_errors(log) == []
    assert "3 submissions" in dom and "<svg" in dom
    assert 'href="ana.html"' in dom and 'href="cal.html"' in dom


def test_report_is_self_contained(tmp_path: Path) -> None:
    path = build("initialization", tmp_path / "x.ipynb")
    assert main(["check", str(path), "--html", str(tmp_path / "x.html")]) == 0
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '<html lang="en">' in html and "<main>" in html
    assert "✓ Passed" in html  # status in words and symbol, not colour alone
