"""The cases cover each graded function's contract: defaults, signs, asymmetric stand-ins, m = 1, one-unit layers."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from grader.cases import build_cases, reference_module
from grader.spec import all_specs

SEEDS = (0, 1, 2)
FUNCTIONS = [(spec, function) for spec in all_specs().values() for function in spec.functions]


def _id(item) -> str:
    return item[1].name


@pytest.mark.parametrize("item", FUNCTIONS, ids=_id)
def test_every_default_argument_is_left_to_its_default_by_some_case(item) -> None:
    spec, function = item
    parameters = list(inspect.signature(getattr(reference_module(spec), function.name)).parameters.values())
    defaulted = [i for i, p in enumerate(parameters) if p.default is not inspect.Parameter.empty]
    for seed in SEEDS:
        lengths = {len(case.args) for case in build_cases(spec, function, seed)}
        for index in defaulted:
            assert min(lengths) <= index, f"{function.name}: no case leaves {parameters[index].name} to its default"


def _arrays(value) -> list[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, dict):
        return [a for v in value.values() for a in _arrays(v)]
    if isinstance(value, tuple | list):
        return [a for v in value for a in _arrays(v)]
    return []


@pytest.mark.parametrize("item", [i for i in FUNCTIONS if i[0].name == "regularization"], ids=_id)
def test_network_cases_have_a_single_example_and_one_unit_layers(item) -> None:
    spec, function = item
    for seed in SEEDS:
        cases = [c for c in build_cases(spec, function, seed) if not c.semantic]
        assert any(np.asarray(c.args[0]).shape[-1] == 1 for c in cases), function.name  # X or A3 of one example
        assert any(any(a.ndim == 2 and a.shape[0] == 1 and a.shape[1] == 1 for a in _arrays(c.args)) for c in cases)


def _stand_ins(source: str):
    scope: dict = {"np": np}
    exec(compile(source, "<substitute>", "exec"), scope)  # trusted: the reference's stand-ins
    return scope["forward_propagation"], scope["backward_propagation"]


def test_gradient_check_cases_have_both_signs_and_stand_ins_that_are_not_symmetric() -> None:
    spec = all_specs()["gradient_checking"]
    for seed in SEEDS:
        cases = build_cases(spec, spec.function("gradient_check"), seed)
        opposite = asymmetric = exercise_cost = 0
        for case in cases:
            x, theta = case.args[:2]
            forward, backward = _stand_ins(case.substitute)
            derivative = (forward(x, theta + 1e-6) - forward(x, theta - 1e-6)) / 2e-6
            opposite += np.sign(backward(x, theta)) != np.sign(derivative)
            asymmetric += not np.isclose(backward(x, theta), backward(x, -theta))
            exercise_cost += np.isclose(forward(x, theta), theta * x) and not case.alternatives
        assert opposite >= 1 and asymmetric >= 3 and exercise_cost >= 3
