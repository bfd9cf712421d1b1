"""Similarity on a real graded batch: 27 independent generated solutions and 3 disguised near-copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import CHROMIUM, visit
from similar_submissions import batch

from grader.cli import main

pytestmark = [pytest.mark.kernel]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def test_the_near_copies_top_the_similarity_page(tmp_path: Path) -> None:
    copies = batch(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path / "in"), "--out", str(out), "--workers", "2"]) == 0
    results = [json.loads(p.read_text()) for p in out.glob("*.json") if p.name != "similarity.json"]
    assert len(results) == 30
    # Correct solutions written 27 different ways all pass: the generator writes only correct code.
    assert {r["submission"]: r["score"] for r in results} == {r["submission"]: 4 for r in results}

    listed = json.loads((out / "similarity.json").read_text())
    assert {frozenset((p["first"], p["second"])) for p in listed[:3]} == {frozenset(pair) for pair in copies}
    assert min(p["percent"] for p in listed[:3]) > max((p["percent"] for p in listed[3:]), default=0)
    page = (out / "similarity.html").read_text()
    assert all(f'href="{a}.html"' in page and f'href="{b}.html"' in page for a, b in copies)
    assert page.count("<mark>") > 10  # the shared lines, side by side
    assert 'href="similarity.html"' in (out / "index.html").read_text()

    if CHROMIUM is not None:
        for width in (1280, 390):
            shown = visit(out / "similarity.html", width, ARTIFACTS / f"similarity-{width}.png")
            assert shown.errors == [] and shown.fits, (width, shown.scroll_width, shown.wide)
