"""grader.mutants: the mutants of the reference and their labels (in this process; no kernel)."""

from __future__ import annotations

import inspect
from collections import Counter

import pytest

from grader.cases import reference_module
from grader.mutants.generate import mutants
from grader.mutants.label import battery, label
from grader.spec import all_specs

SPECS = all_specs()


def _mutants(assignment: str, function: str):
    source = inspect.getsource(getattr(reference_module(SPECS[assignment]), function))
    return mutants(source, function)


def test_every_operator_is_applied_and_no_mutant_repeats_another_or_the_reference() -> None:
    found = _mutants("regularization", "backward_propagation_with_dropout")
    operators = Counter(m.operator for m in found)
    assert set(operators) == {"operator", "constant", "comparison", "keyword", "statement", "variable", "arguments",
                              "sign", "transpose"}
    assert len({m.source for m in found}) == len(found)
    reference = inspect.getsource(reference_module(SPECS["regularization"]).backward_propagation_with_dropout)
    assert all(m.source.strip() != reference.strip() for m in found)


def _labelled(assignment: str, function: str, description: str, contains: str = ""):
    spec = SPECS[assignment]
    graded = spec.function(function)
    mutant = next(m for m in _mutants(assignment, function)
                  if m.description.startswith(description) and contains in m.source)
    return label(spec, graded, mutant, battery(spec, graded, seeds=(1, 2)))


def test_labels_seed_changes_and_symmetric_draws_as_equivalent_and_real_changes_as_different() -> None:
    assert _labelled("initialization", "initialize_parameters_he", "constant 3 -> 4").kind == "equivalent"
    assert _labelled("initialization", "initialize_parameters_he", "statement removed: np.random.seed").kind == \
        "equivalent"
    negated = _labelled("initialization", "initialize_parameters_he", "negated: parameters['W'")
    assert negated.kind == "equivalent" and "same distributions" in negated.why
    assert _labelled("initialization", "initialize_parameters_he", "constant 2.0 -> 4.0").kind == "different"
    # a deterministic slip that only shows in the activations, not the masks, is not excused by the stream
    assert _labelled("regularization", "forward_propagation_with_dropout", "Add -> Sub in np.dot(W1, X) + b1").kind == \
        "different"
    # an intermediate entry of the gradients that the course never grades
    assert _labelled("regularization", "backward_propagation_with_regularization", "dZ3 -> dZ1",
                     "'dZ3': dZ1").kind == "ungraded"
    assert _labelled("gradient_checking", "gradient_check", "J_plus -> J_minus").kind == "different"


@pytest.mark.parametrize("assignment", list(SPECS))
def test_each_exercise_records_a_full_run_of_its_current_mutants(assignment: str) -> None:
    import json

    from grader.exercises import MUTATION_RECORD, exercise_folder

    path = exercise_folder(SPECS[assignment].reference) / MUTATION_RECORD
    hint = (f"the reference or the mutation operators changed: python -m grader.mutants --assignment {assignment} "
            "--record, then python tests/catalog.py")
    assert path.exists(), hint
    record = json.loads(path.read_text())
    current = {function.name: len(_mutants(assignment, function.name)) for function in SPECS[assignment].functions}
    assert {name: row["mutants"] for name, row in record["functions"].items()} == current, hint
    assert all(row["survivor"] == 0 and row["false fail"] == 0 for row in record["functions"].values())
