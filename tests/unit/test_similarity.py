"""Similarity across a batch, calibrated on generated submissions (no kernel)."""

from __future__ import annotations

import random

from notebooks import reference_source
from similar_submissions import disguise, student

from grader import similarity
from grader.results import FunctionResult, SubmissionResult


def submission(sid: str, assignment: str, functions: dict[str, str]) -> tuple[SubmissionResult, str]:
    graded = [FunctionResult(name, "passed", 1.0, 1.0, source=source) for name, source in functions.items()]
    return SubmissionResult(sid, assignment, float(len(graded)), float(len(graded)), graded), f"{sid}.html"


def test_normalisation_sets_names_comments_and_formatting_aside() -> None:
    one = "def f(a, b):\n    total = np.dot(a, b)  # product\n    return total / 2\n"
    two = "def g(x,\n      y):\n    # the product\n    acc=np.dot( x , y )\n\n    return acc/2.0\n"
    assert [t.text for t in similarity.tokens(one)] == [t.text for t in similarity.tokens(two)]
    assert "dot" in [t.text for t in similarity.tokens(one)]  # attribute names stay: they are what the code does
    assert similarity.tokens("def f(:\n") == [] or all(t.text for t in similarity.tokens("def f(:\n"))


def test_winnowing_keeps_a_fingerprint_in_every_window() -> None:
    items = similarity.tokens(reference_source("regularization", "backward_propagation_with_dropout"))
    found = similarity.fingerprints(items)
    starts = sorted(p for positions in found.values() for p in positions)
    assert starts and all(b - a <= similarity.WINDOW for a, b in zip(starts, starts[1:], strict=False))
    assert similarity.fingerprints(items[:3]) == {}


def test_near_copies_rank_above_every_pair_of_independent_solutions() -> None:
    batch = []
    for index in range(27):
        functions = student(index)
        batch.append(submission(f"student{index:02d}", "regularization", functions))
        if index < 3:
            batch.append(submission(f"copy{index:02d}", "regularization",
                                    {name: disguise(source) for name, source in functions.items()}))
    found = similarity.pairs(batch)
    top = {(p.first.result.submission, p.second.result.submission) for p in found[:3]}
    assert top == {("student00", "copy00"), ("student01", "copy01"), ("student02", "copy02")}
    assert min(p.score for p in found[:3]) > max(p.score for p in found[3:])
    shown = similarity.view(found, detailed=1)[0]
    assert shown["sides"] and any(line["marked"] for column in shown["sides"][0]["columns"] for line in column["lines"])


def test_correct_short_solutions_written_the_usual_ways_are_not_listed() -> None:
    ways = {"initialize_parameters_zeros": [("np.zeros((layers_dims[l], layers_dims[l - 1]))", w) for w in (
                "np.zeros((layers_dims[l], layers_dims[l-1]))", "np.zeros(shape=(layers_dims[l], layers_dims[l - 1]))",
                "np.zeros((layers_dims[l], layers_dims[l - 1]))")],
            "initialize_parameters_he": [("np.sqrt(2.0 / layers_dims[l - 1])", w) for w in (
                "np.sqrt(2 / layers_dims[l - 1])", "(2 / layers_dims[l-1]) ** 0.5", "np.sqrt(2. / layers_dims[l-1])",
                "np.sqrt(2.0 / layers_dims[l - 1])")]}
    for count in (4, 12, 40):
        batch = []
        for index in range(count):
            r = random.Random(index)
            functions = {}
            for name in ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"):
                source = reference_source("initialization", name)
                for old, new in [r.choice(ways[name])] if name in ways else []:
                    assert old in source, (name, old)
                    source = source.replace(old, new)
                functions[name] = source
            batch.append(submission(f"s{index}", "initialization", functions))
        assert similarity.pairs(batch) == [], count


def test_only_submissions_of_the_same_assignment_are_compared() -> None:
    functions = student(0)
    found = similarity.pairs([submission("a", "regularization", functions), submission("b", None, functions),
                              submission("c", "regularization", {n: disguise(s) for n, s in functions.items()})])
    assert [(p.first.result.submission, p.second.result.submission) for p in found] == [("a", "c")]
