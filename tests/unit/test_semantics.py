"""The statistics of the semantic checks and the gradient oracle, checked in the grader process.

The false-fail bounds are verified at the sample sizes the large-input cases use; correct
implementations drawn from several bit generators must pass, slightly wrong ones must not;
the numerical gradients of the reference cost must confirm the reference's gradients.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from grader import stats
from grader.cases import build_cases
from grader.reference import initialization as init_ref
from grader.reference import regularization as reg_ref
from grader.reference.initialization.judging import HE, RANDOM
from grader.reference.regularization import gradients as reg_gradients
from grader.reference.regularization.judging import DROPOUT_FORWARD
from grader.spec import all_specs

HARNESS_CAP = 64 * 1024 * 1024
GENERATORS = [np.random.PCG64, np.random.Philox, np.random.SFC64, np.random.MT19937]


def _semantic_case(assignment: str, function: str, seed: int = 0):
    spec = all_specs()[assignment]
    return next(c for c in build_cases(spec, spec.function(function), seed) if c.semantic)


def test_every_test_has_a_false_fail_probability_below_1e_6() -> None:
    assert stats.ALPHA <= 1e-8
    layers = len(init_ref.LARGE_LAYERS_DIMS) - 1
    he_tests = 3 * layers + layers * (layers - 1) // 2  # mean, scale, shape per matrix; independence per pair
    dropout_tests = 4 * 2 + 1  # kept fraction, margins, two neighbour tests per mask; D2 against D1
    assert max(he_tests, dropout_tests) <= stats.MAX_TESTS_PER_CASE
    assert stats.MAX_TESTS_PER_CASE * stats.ALPHA < 1e-6  # union bound over a case's tests


def test_binomial_intervals_hold_their_level_at_the_sizes_in_use() -> None:
    p = reg_ref.SEMANTIC_KEEP_PROB
    m = reg_ref.SEMANTIC_EXAMPLES
    for n in (reg_ref.SEMANTIC_DIMS[1] * m, reg_ref.SEMANTIC_DIMS[2] * m):
        low, high = stats._binomial_interval(n, p, stats.ALPHA)
        assert scipy_stats.binom.cdf(low - 1, n, p) <= stats.ALPHA / 2
        assert scipy_stats.binom.sf(high, n, p) <= stats.ALPHA / 2
        assert high / n - low / n < 0.025  # tight: a kept fraction 1.25 points off keep_prob fails
    rows, columns = reg_ref.SEMANTIC_DIMS[1], m
    each = stats.ALPHA / (rows + columns)
    for length in (rows, columns):
        low, high = stats._binomial_interval(length, p, each)
        assert scipy_stats.binom.cdf(low - 1, length, p) + scipy_stats.binom.sf(high, length, p) <= each
        assert 0 < low and high < length  # an all-dropped or all-kept row or column fails


def test_normal_tests_hold_their_level() -> None:
    n = 12_000  # the smallest weight matrix of the large network
    outcome = stats.normal_shape(np.zeros(n) + 0.1, 1.0)
    assert 2 * math.exp(-2 * n * outcome.high**2) == pytest.approx(stats.ALPHA)  # DKW with Massart's constant
    scale = stats.normal_scale(np.ones(n), 1.0)
    assert scipy_stats.chi2.cdf(n * (scale.low / 1.0) ** 2, n) == pytest.approx(stats.ALPHA / 2, rel=1e-6)
    assert scipy_stats.chi2.sf(n * (scale.high / 1.0) ** 2, n) == pytest.approx(stats.ALPHA / 2, rel=1e-6)


def _he(generator: np.random.Generator, dims: list[int], factor: float = 1.0) -> dict:
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = generator.standard_normal((dims[l], dims[l - 1])) * math.sqrt(2 / dims[l - 1]) * factor
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


@pytest.mark.parametrize("bit_generator", GENERATORS, ids=lambda g: g.__name__)
def test_correct_draws_from_any_generator_pass(bit_generator) -> None:
    he_case = _semantic_case("initialization", "initialize_parameters_he")
    random_case = _semantic_case("initialization", "initialize_parameters_random")
    dropout_case = _semantic_case("regularization", "forward_propagation_with_dropout")
    X, parameters, keep_prob = dropout_case.args
    for seed in range(15):
        generator = np.random.Generator(bit_generator(seed))
        assert HE.check(he_case, _he(generator, he_case.args[0])) == []
        random = {k: (v / math.sqrt(2 / he_case.args[0][int(k[1]) - 1]) * 10 if k[0] == "W" else v)
                  for k, v in _he(generator, random_case.args[0]).items()}
        assert RANDOM.check(random_case, random) == []
        cache = reg_ref.dropout_cache(generator, X, parameters, keep_prob, boolean=seed % 2 == 0)
        parts = dict(zip(reg_ref.DROPOUT_CACHE, cache, strict=True))
        assert DROPOUT_FORWARD.check(dropout_case, parts) == []


def test_slightly_wrong_draws_fail() -> None:
    he_case = _semantic_case("initialization", "initialize_parameters_he")
    generator = np.random.default_rng(1)
    findings = HE.check(he_case, _he(generator, he_case.args[0], factor=1.05))
    assert [f.diagnosis for f in findings] == ["weights_std"] * 3
    dropout_case = _semantic_case("regularization", "forward_propagation_with_dropout")
    X, parameters, keep_prob = dropout_case.args
    cache = reg_ref.dropout_cache(generator, X, parameters, keep_prob - 0.01)
    parts = dict(zip(reg_ref.DROPOUT_CACHE, cache, strict=True))
    parts["A1"] = parts["A1"] * (keep_prob - 0.01) / keep_prob  # consistent, only the fraction is off
    assert "kept_fraction" in [f.diagnosis for f in DROPOUT_FORWARD.check(dropout_case, parts)]
    blocks = dict(parts)
    blocks["D1"] = np.zeros_like(parts["D1"])
    blocks["D1"][:, : int(keep_prob * blocks["D1"].shape[1])] = 1  # right fraction, whole columns
    assert "mask_pattern" in [f.diagnosis for f in DROPOUT_FORWARD.check(dropout_case, blocks)]


def test_large_cases_fit_the_harness_cap_with_room() -> None:
    for assignment, function in (("initialization", "initialize_parameters_he"),
                                 ("regularization", "forward_propagation_with_dropout")):
        case = _semantic_case(assignment, function)
        expected = case.expected
        arrays = list(expected.values()) if isinstance(expected, dict) else [expected[0], *expected[1]]
        assert sum(np.asarray(a).nbytes for a in arrays) < HARNESS_CAP / 4


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("function,kind", [("backward_propagation_with_regularization", "l2_backward"),
                                           ("backward_propagation_with_dropout", "dropout_backward")])
def test_numerical_gradients_confirm_the_reference(function: str, kind: str, seed: int) -> None:
    spec = all_specs()["regularization"]
    confirmed = 0
    for case in build_cases(spec, spec.function(function), seed):
        numeric = reg_gradients.numerical_gradients(kind, case)
        if numeric is None:  # the course's literal cache of the dropout exercise is not a forward pass
            assert case.label.startswith("canonical") and kind == "dropout_backward"
            continue
        for key, value in numeric.items():
            np.testing.assert_allclose(value, case.expected[key], rtol=1e-4, atol=1e-6)
        confirmed += 1
    assert confirmed >= 3


def test_every_diagnosis_has_words_safe_for_hidden_cases() -> None:
    from grader import messages
    from grader.compare import diagnosed
    from grader.exercises import registry

    for name, entry in registry().diagnoses.items():
        finding = diagnosed(name, "dW2", subject="W2", got=0.25, expected=0.7, error=0.5)
        said, hidden = messages.describe(finding), messages.summarise_hidden([finding])
        assert said.startswith("dW2") and hidden.startswith("dW2"), name
        assert not any(text in hidden for text in ("0.25", "25", "0.7", "70", "0.5")), (name, hidden)
        assert entry.has_numbers == (said != hidden), name
        assert "{" not in entry.hint and "\n" not in said + entry.hint, name


def test_independence_tests_hold_their_level_exactly() -> None:
    n = 12_000
    outcome = stats.normal_independent(np.arange(n, dtype=float), np.ones(n) + np.arange(n) % 3)
    t = outcome.high * math.sqrt((n - 2) / (1 - outcome.high**2))
    assert 2 * scipy_stats.t.sf(t, n - 2) == pytest.approx(stats.ALPHA, rel=1e-6)
    count = 70_000
    low, high = stats._binomial_interval(count, 0.7, stats.ALPHA / 2)
    assert scipy_stats.binom.cdf(low - 1, count, 0.7) + scipy_stats.binom.sf(high, count, 0.7) <= stats.ALPHA / 2


def _reseeded_he(dims: list[int]) -> dict:
    parameters = {}
    for l in range(1, len(dims)):
        generator = np.random.default_rng(3)  # reseeded inside the loop: every layer starts from the same stream
        parameters[f"W{l}"] = generator.standard_normal((dims[l], dims[l - 1])) * math.sqrt(2 / dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def test_layers_drawn_from_the_same_stream_fail_jointly_though_each_passes_alone() -> None:
    he_case = _semantic_case("initialization", "initialize_parameters_he")
    dims = he_case.args[0]
    parameters = _reseeded_he(dims)
    for l in range(1, len(dims)):  # each matrix on its own is a perfect He draw
        assert stats.normal_scale(parameters[f"W{l}"], math.sqrt(2 / dims[l - 1])).passed
    findings = HE.check(he_case, parameters)
    assert [(f.diagnosis, f.path, f.subject) for f in findings] == [("draws_repeated", "W2", "W1")]


def _dropout_parts(case, D1: np.ndarray, D2: np.ndarray) -> dict:
    X, parameters, keep_prob = case.args
    relu = lambda z: np.maximum(0.0, z)  # noqa: E731
    A1 = relu(parameters["W1"] @ X + parameters["b1"]) * D1 / keep_prob
    A2 = relu(parameters["W2"] @ A1 + parameters["b2"]) * D2 / keep_prob
    A3 = 1 / (1 + np.exp(-(parameters["W3"] @ A2 + parameters["b3"])))
    return {"D1": D1, "A1": A1, "D2": D2, "A2": A2, "A3": A3}


def test_masks_drawn_from_the_same_numbers_and_patterned_masks_fail() -> None:
    case = _semantic_case("regularization", "forward_propagation_with_dropout")
    X, parameters, keep_prob = case.args
    shape1, shape2 = (parameters["W1"].shape[0], X.shape[1]), (parameters["W2"].shape[0], X.shape[1])
    reseeded = [(np.random.default_rng(1).random(shape) < keep_prob).astype(int) for shape in (shape1, shape2)]
    findings = DROPOUT_FORWARD.check(case, _dropout_parts(case, *reseeded))
    assert [(f.diagnosis, f.path) for f in findings] == [("masks_dependent", "D2")]
    assert "keeps 100% of them, not 70%" in messages_of(findings)
    rows, columns = np.indices(shape1)
    # a fixed pattern with exactly keep_prob of every row and column kept, the same for every call
    pattern = (((rows * 3 + columns * 7) % 10) < 10 * keep_prob).astype(int)
    independent = (np.random.default_rng(5).random(shape2) < keep_prob).astype(int)
    findings = DROPOUT_FORWARD.check(case, _dropout_parts(case, pattern, independent))
    assert stats.bernoulli_count(pattern, keep_prob).passed
    assert [(f.diagnosis, f.path) for f in findings] == [("mask_not_random", "D1")]


def messages_of(findings) -> str:
    from grader import messages

    return messages.summarise(findings)
