"""The mistake catalog through the real pipeline: notebooks built here, graded in real kernels.

Graded functions are called with the reference's helpers, so they are independent: each
notebook carries one catalog entry per function (tests/catalog.py packs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog import (
    ASSIGNMENT,
    SPEC_HINT,
    Alternative,
    Mistake,
    Notebook,
    entries,
    expected_hint,
    page,
    render,
    schedule,
)
from notebooks import FUNCTIONS, build, edited, reference_source

from grader.exercises import registry
from grader.pipeline import Options, grade_notebook
from grader.spec import all_specs

pytestmark = [pytest.mark.kernel]

MISTAKES, ALTERNATIVES = entries()
NOTEBOOKS = schedule(list(MISTAKES), "mistakes") + schedule(list(ALTERNATIVES), "alternatives")
SEMANTIC_NOTE = "accepted because"


def _id(notebook: Notebook) -> str:
    return f"{notebook.assignment}-{notebook.kind}-{NOTEBOOKS.index(notebook) + 1}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_id)
def test_catalog_notebook(notebook: Notebook, tmp_path: Path) -> None:
    path = build(notebook.assignment, tmp_path / "catalog.ipynb", edits=notebook.edits)
    result = grade_notebook(path, Options(call_timeout=20))
    graded = {f.name: f for f in result.functions}
    problems: list[str] = []
    for entry in notebook.entries:
        got = graded[entry.function]
        where = f"{entry.function} / {entry.description}: {got.status}: {got.message} | hint: {got.hint}"
        if isinstance(entry, Mistake):
            if got.status not in ("failed", "error"):
                problems.append(f"not caught: {where}")
            elif entry.says not in got.message:
                problems.append(f"does not say {entry.says!r}: {where}")
            elif got.hint != expected_hint(entry):
                problems.append(f"hint is not {expected_hint(entry)!r}: {where}")
        elif got.status != "passed":
            problems.append(f"alternative failed: {where}")
        elif (SEMANTIC_NOTE in got.message) != entry.semantic:
            problems.append(f"alternative {'not ' if entry.semantic else ''}accepted by semantics: {where}")
    own = {entry.function for entry in notebook.entries}
    for name in FUNCTIONS[notebook.assignment]:
        if name not in own and graded[name].status != "passed":  # untouched, or edited by an alternative's "also"
            problems.append(f"{name} did not pass: {graded[name].message}")
    assert not problems, "\n".join(problems) + f"\n(seed {result.environment['seed']})"


def test_catalog_covers_every_function() -> None:
    """At least 4 mistakes and 2 alternatives per function; more for the backprop and gradient-check functions."""
    richer = {"backward_propagation_with_regularization", "backward_propagation_with_dropout", "gradient_check",
              "gradient_check_n"}
    for function in ASSIGNMENT:
        mistakes = [m for m in MISTAKES if m.function == function]
        alternatives = [a for a in ALTERNATIVES if a.function == function]
        assert len(mistakes) >= (6 if function in richer else 4), function
        assert len(alternatives) >= 2, function
        assert len({m.description for m in mistakes}) == len(mistakes), function


def test_catalog_entries_name_real_diagnoses_and_apply() -> None:
    for mistake in MISTAKES:
        assert mistake.hint == SPEC_HINT or mistake.hint in registry().diagnoses, mistake
        assert expected_hint(mistake), mistake
    for notebook in NOTEBOOKS:  # every edit applies to the reference source, and changes it
        for function, edits in notebook.edits.items():
            if not edits:  # an alternative that changes only another function ("also")
                continue
            source = reference_source(notebook.assignment, function)
            assert edited(source, edits) != source, (function, edits)
    semantic = {ASSIGNMENT[a.function] for a in ALTERNATIVES if a.semantic}
    judged_by_meaning = {spec.name for spec in all_specs().values() if any(f.semantic for f in spec.functions)}
    assert semantic == judged_by_meaning  # every exercise with semantic checks shows an alternative they accept
    assert all(isinstance(a, Alternative) for a in ALTERNATIVES)


@pytest.mark.parametrize("assignment", list(all_specs()))
def test_every_exercise_catalog_page_is_up_to_date(assignment: str) -> None:
    path = page(assignment)
    assert path.exists() and path.read_text(encoding="utf-8") == render(assignment, list(MISTAKES), list(ALTERNATIVES)), (
        f"{path} is out of date: python tests/catalog.py")


def test_every_spec_names_existing_checks_and_oracles() -> None:
    from grader.cases import verify

    assert all(verify(spec) == [] for spec in all_specs().values())
