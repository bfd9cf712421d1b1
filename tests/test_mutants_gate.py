"""The mutation-testing gate in CI: a seeded sample of mutants of every reference function, graded in kernels.

No different mutant may pass and no equivalent one may fail. ``DLGRADER_MUTANT_SEED`` picks another
sample; the full run is ``python -m grader.mutants`` (each exercise's table is in its reference/<name>/catalog.md).
"""

from __future__ import annotations

import os

import pytest

from grader.mutants.run import GRADING_SEED, run

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
PER_FUNCTION = 4


def test_a_seeded_sample_of_mutants_has_no_survivor_and_no_false_fail() -> None:
    seed = int(os.environ.get("DLGRADER_MUTANT_SEED", "0"))
    # two seeds of hidden cases: a mutant that passes under either is a survivor
    summary = run(sample=PER_FUNCTION, seed=seed, workers=1, grading_seeds=(GRADING_SEED, GRADING_SEED + seed + 1))
    assert len(summary.verdicts) >= 30
    assert not summary.problems, [(v.outcome, v.function, v.description, v.message) for v in summary.problems]
