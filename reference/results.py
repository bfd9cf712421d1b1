"""The numbers of the reference results table: the exercises' six models and the gradient checks.

* Initialization: the three-layer network of the exercise on the "circles" dataset
  (``init_utils.load_dataset``), 15000 iterations at learning rate 0.01, with zeros, large random
  and He initialization.
* Regularization: the exercise's network on the 2-D dataset (``reg_utils.load_2D_dataset``, or a
  given ``data.mat``), 30000 iterations at learning rate 0.3, without regularization, with L2
  (lambd 0.7) and with dropout (keep_prob 0.86).
* Gradient checking: the 1-D check at x = 2, theta = 4 and the N-dimensional check on the
  course's canonical case with the exercise's buggy backward pass and with the corrected one.

Accuracies are computed with ``nn_utils.accuracy`` (nothing is printed while training).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from grader.reference import gradient_checking, initialization, regularization
from grader.reference.course import load

Dataset = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Run:
    """One model of the table: ``section`` is "initialization" or "regularization"."""

    section: str
    name: str
    label: str
    iterations: int
    options: dict[str, Any] = field(default_factory=dict)


RUNS: tuple[Run, ...] = (
    Run("initialization", "zeros", "zeros initialization", 15000, {"initialization": "zeros"}),
    Run("initialization", "random", "large random initialization", 15000, {"initialization": "random"}),
    Run("initialization", "he", "He initialization", 15000, {"initialization": "he"}),
    Run("regularization", "none", "no regularization", 30000, {}),
    Run("regularization", "l2", "L2 regularization, lambd = 0.7", 30000, {"lambd": 0.7}),
    Run("regularization", "dropout", "dropout, keep_prob = 0.86", 30000, {"keep_prob": 0.86}),
)


@dataclass(frozen=True)
class ModelResult:
    train: float
    test: float
    cost_at_0: float


@dataclass(frozen=True)
class Results:
    models: dict[tuple[str, str], ModelResult]
    gradient_checking: dict[str, float]
    dataset_2d: str

    def as_json(self) -> dict[str, dict[str, Any]]:
        """The published shape: accuracies per section and model, then the three differences."""
        out: dict[str, dict[str, Any]] = {"initialization": {}, "regularization": {}}
        for (section, name), result in self.models.items():
            out[section][name] = {"train": result.train, "test": result.test}
        out["gradient_checking"] = dict(self.gradient_checking)
        return out


class Progress(Protocol):
    """Receives the training progress: ``begin`` before each model, ``step`` after each iteration."""

    def begin(self, run: Run, position: int, count: int) -> None: ...

    def step(self, iteration: int, cost: float) -> None: ...

    def end(self, run: Run, result: ModelResult) -> None: ...


def load_2d_dataset(data_mat: str | None = None) -> tuple[Dataset, str]:
    """The regularization data and a description of its origin.

    Without ``data_mat`` this is ``reg_utils.load_2D_dataset`` as the exercise calls it: it reads
    ``datasets/data.mat`` below the working directory when present, else generates the project's
    own dataset. A given ``data_mat`` must exist.
    """
    reg_utils = regularization.reg_utils
    if data_mat is not None:
        if not os.path.isfile(data_mat):
            raise FileNotFoundError(f"2-D dataset file not found: {data_mat}")
        return reg_utils.load_2D_dataset(path=data_mat, plot=False), f"data.mat file {data_mat}"
    origin = (f"data.mat file {reg_utils.DATA_MAT} (working directory)" if os.path.exists(reg_utils.DATA_MAT)
              else "bundled dataset (two_d_dataset.generate_2d_dataset)")
    return reg_utils.load_2D_dataset(plot=False), origin


def train(run: Run, data: Dataset, on_iteration: Callable[[int, float], None] | None = None) -> ModelResult:
    """Trains one model of the table silently and measures it."""
    accuracy = load("initialization", "nn_utils").accuracy
    train_X, train_Y, test_X, test_Y = data
    module = initialization if run.section == "initialization" else regularization
    # Large random weights saturate the sigmoid: inf costs are expected and are not warnings here.
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        parameters, costs = module.model(train_X, train_Y, num_iterations=run.iterations, print_cost=False,
                                         on_iteration=on_iteration, **run.options)
        return ModelResult(train=accuracy(train_X, train_Y, parameters), test=accuracy(test_X, test_Y, parameters),
                           cost_at_0=float(costs[0]))


def gradient_check_differences() -> dict[str, float]:
    """The 1-D difference at x = 2, theta = 4 and the N-D ones with the buggy and the fixed backward pass."""
    X, Y, parameters = load("gradient_checking", "testCases").gradient_check_n_test_case()
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    buggy = gradient_checking.backward_propagation_n(X, Y, cache)
    fixed = gradient_checking.backward_propagation_n_fixed(X, Y, cache)
    return {
        "difference_1d": float(gradient_checking.gradient_check(2, 4)),
        "difference_nd_buggy": float(gradient_checking.gradient_check_n(parameters, buggy, X, Y)),
        "difference_nd_fixed": float(gradient_checking.gradient_check_n(parameters, fixed, X, Y)),
    }


def compute(data_mat: str | None = None, progress: Progress | None = None, runs: Sequence[Run] = RUNS,
            two_d_dataset: tuple[Dataset, str] | None = None) -> Results:
    """Trains ``runs`` one after the other (about 15 s for all six) and runs the gradient checks.

    The 2-D data is ``two_d_dataset`` (data and description, from :func:`load_2d_dataset`) when
    given, else loaded from ``data_mat``.
    """
    circles: Dataset = initialization.init_utils.load_dataset(plot=False)
    two_d, origin = two_d_dataset if two_d_dataset is not None else load_2d_dataset(data_mat)
    models: dict[tuple[str, str], ModelResult] = {}
    for position, run in enumerate(runs, start=1):
        if progress is not None:
            progress.begin(run, position, len(runs))
        data = circles if run.section == "initialization" else two_d
        result = train(run, data, progress.step if progress is not None else None)
        if progress is not None:
            progress.end(run, result)
        models[(run.section, run.name)] = result
    return Results(models=models, gradient_checking=gradient_check_differences(), dataset_2d=origin)
