"""The HTML reports open in headless Chromium without console errors and show the score.

Needs Debian's ``chromium`` (installed by .ci/run); skips without it. Screenshots are saved
under test-artifacts/ as artifacts of the run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import CHROMIUM, visit
from notebooks import build

from grader.cli import main

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [pytest.mark.kernel, pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")]


def layout(page: Path, width: int, screenshot: str) -> str:
    """Opens ``page`` at ``width`` CSS px, saves test-artifacts/``screenshot``; its DOM, once it fits and logged
    no error."""
    shown = visit(page, width, ARTIFACTS / screenshot)
    assert shown.errors == [], (page.name, shown.errors)
    assert shown.fits, (page.name, width, shown.scroll_width, shown.wide)
    return shown.html


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two graded batches: three assignments (full marks, mistakes, a crash, not a notebook), and one."""
    root = tmp_path_factory.mktemp("browser")
    three = root / "three"
    three.mkdir()
    build("initialization", three / "ada.ipynb")
    build("regularization", three / "ana_has_a_rather_long_lms_identifier_123456.ipynb",
          edits={"backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")],
                 "compute_cost_with_regularization": [("lambd / (2 * m)", "lambd / m")]})
    build("gradient_checking", three / "gus.ipynb",
          replace={"forward_propagation": "def forward_propagation(x, theta):\n    J = theta * x\n"
                                          "    return undefined_name * J\n"})
    (three / "cal.ipynb").write_text("not a notebook", encoding="utf-8")
    one = root / "one"
    one.mkdir()
    build("regularization", one / "bea.ipynb")
    build("regularization", one / "ben.ipynb", edits={"backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")]})
    outs = {}
    for name, folder in (("three", three), ("one", one)):
        outs[name] = root / f"out-{name}"
        assert main(["grade", str(folder), "--out", str(outs[name]), "--workers", "1"]) == 0
    return outs


@pytest.mark.parametrize("width", [1280, 390])
def test_student_reports_fit_the_screen_and_show_the_code(batches: dict[str, Path], width: int) -> None:
    out = batches["three"]
    dom = layout(out / "ada.html", width, f"student-full-marks-{width}.png")
    assert re.search(r'id="score"[^>]*>Score: 3 / 3', dom) and "Initialization" in dom

    mistakes = out / "ana_has_a_rather_long_lms_identifier_123456.html"
    dom = layout(mistakes, width, f"student-mistakes-{width}.png")
    assert re.search(r'id="score"[^>]*>Score: 2 / 4', dom)
    assert "<details class=\"code\" open" in dom and "<mark>line" in dom  # the code, its marked lines
    assert "division by keep_prob is missing" in dom

    dom = layout(out / "gus.html", width, f"student-error-{width}.png")
    assert "<mark>line 5</mark> the exception was raised here" in dom

    dom = layout(out / "cal.html", width, f"student-not-graded-{width}.png")
    assert "not graded" in dom and "is not a valid notebook" in dom


@pytest.mark.parametrize("width", [1280, 390])
def test_class_summaries_fit_the_screen(batches: dict[str, Path], width: int) -> None:
    dom = layout(batches["three"] / "index.html", width, f"class-summary-three-{width}.png")
    assert "4 submissions" in dom and dom.count("<svg") == 3  # one section, one histogram per assignment
    assert 'id="a-initialization"' in dom and 'id="a-regularization"' in dom and 'id="a-gradient_checking"' in dom
    assert 'href="cal.html"' in dom and "Could not be graded" in dom
    assert 'href="ana_has_a_rather_long_lms_identifier_123456.html#backward_propagation_with_dropout"' in dom
    assert "n/a" not in dom  # no column of another assignment's functions

    dom = layout(batches["one"] / "index.html", width, f"class-summary-one-{width}.png")
    assert "mean 87.5% · median 87.5%" in dom and "1 / 2 (50%)" in dom  # 4/4 and 3/4


def test_report_is_self_contained(tmp_path: Path) -> None:
    path = build("initialization", tmp_path / "x.ipynb")
    assert main(["check", str(path), "--html", str(tmp_path / "x.html")]) == 0
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '<html lang="en">' in html and "<main>" in html
    assert "✓ Passed" in html  # status in words and symbol, not colour alone
