"""The published results of the exercises, found the way the engine finds exercises.

An exercise whose package has a ``results`` module (``reference/<name>/results.py``) takes part.
That module offers:

* ``RUNS`` — the :class:`Run` s (models) it trains, so that progress can count them all;
* ``compute(settings, progress) -> Section`` — trains them silently and measures them;
  ``settings`` is the parsed command line, ``progress`` a :class:`Progress` (or None);
* optionally ``add_arguments(parser)`` and ``read_arguments(settings, fail)`` — command-line
  options of its own (``fail(message)`` reports a usage error);
* optionally ``PUBLISHED`` — ``{row key: {column key: value}}``, the numbers the course publishes
  that a run with the default settings reproduces (a test checks them for every exercise).

``python -m grader.reference`` prints every section as one table, or as JSON
(``{exercise: {row: {column: value}}}``; a section with a single published column maps each row
to its number).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

import numpy as np

from grader.exercises import exercise_module
from grader.spec import all_specs


@dataclass(frozen=True)
class Run:
    """One model of an exercise's table, trained for ``iterations`` steps (``options`` go to its model())."""

    exercise: str
    name: str
    label: str
    iterations: int
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: str = ".4f"  # a format spec for the table; inf is shown as "inf"
    published: bool = True  # in the JSON output too (else the table only)

    def text(self, value: float | None) -> str:
        if value is None:
            return ""
        return "inf" if isinstance(value, float) and math.isinf(value) else format(value, self.format)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: dict[str, float]


@dataclass(frozen=True)
class Section:
    """One exercise's part of the table."""

    exercise: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def as_json(self) -> dict[str, Any]:
        published = [column for column in self.columns if column.published]
        if len(published) == 1:
            return {row.key: row.values[published[0].key] for row in self.rows}
        return {row.key: {c.key: row.values[c.key] for c in published if c.key in row.values} for row in self.rows}


class Progress(Protocol):
    """Receives the training progress: ``begin`` before each model, ``step`` after each iteration."""

    def begin(self, run: Run, position: int, count: int) -> None: ...

    def step(self, iteration: int, cost: float) -> None: ...

    def end(self, run: Run, summary: str) -> None: ...


class _Offset:
    """A progress display seen by one exercise: its runs numbered among everyone's."""

    def __init__(self, progress: Progress, before: int, count: int) -> None:
        self.progress, self.before, self.count = progress, before, count

    def begin(self, run: Run, position: int, count: int) -> None:
        self.progress.begin(run, self.before + position, self.count)

    def step(self, iteration: int, cost: float) -> None:
        self.progress.step(iteration, cost)

    def end(self, run: Run, summary: str) -> None:
        self.progress.end(run, summary)


def modules() -> dict[str, ModuleType]:
    """Every discovered exercise's ``results`` module, by exercise name."""
    found = {}
    for name, spec in all_specs().items():
        module = exercise_module(spec.reference, "results")
        if module is not None:
            found[name] = module
    return found


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for module in modules().values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)


def read_arguments(settings: argparse.Namespace, fail: Callable[[str], Any]) -> None:
    for module in modules().values():
        if hasattr(module, "read_arguments"):
            module.read_arguments(settings, fail)


def compute(settings: argparse.Namespace, progress: Progress | None = None,
            only: Sequence[str] = ()) -> list[Section]:
    """Every exercise's section (``only``: these exercises), trained one model after the other."""
    chosen = {name: module for name, module in modules().items() if not only or name in only}
    count = sum(len(module.RUNS) for module in chosen.values())
    sections, before = [], 0
    for module in chosen.values():
        view = _Offset(progress, before, count) if progress is not None else None
        sections.append(module.compute(settings, view))
        before += len(module.RUNS)
    return sections


def defaults() -> argparse.Namespace:
    """The settings of a run without options."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([])


def train_and_measure(model: Callable[..., tuple[dict, list]], run: Run, data: Sequence[Any],
                      on_iteration: Callable[[int, float], None] | None = None) -> tuple[dict[str, float], str]:
    """A week-1 style model (``model(X, Y, num_iterations=…, print_cost=…, on_iteration=…, **options)`` returning
    ``(parameters, costs)``) trained silently on ``(train_X, train_Y, test_X, test_Y)``: its train and test
    accuracies (``nn_utils.accuracy``) and its cost at iteration 0, and a one-line summary."""
    from grader.reference.course import load

    accuracy = load("initialization", "nn_utils").accuracy
    train_X, train_Y, test_X, test_Y = data
    # Large random weights saturate the sigmoid: inf costs are expected and are not warnings here.
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        parameters, costs = model(train_X, train_Y, num_iterations=run.iterations, print_cost=False,
                                  on_iteration=on_iteration, **run.options)
        values = {"train": accuracy(train_X, train_Y, parameters), "test": accuracy(test_X, test_Y, parameters),
                  "cost_at_0": float(costs[0])}
    return values, f"train {values['train']:.4f}, test {values['test']:.4f}"


def train_each(runs: Sequence[Run], progress: Progress | None,
               train: Callable[[Run, Callable[[int, float], None] | None], tuple[dict[str, float], str]]
               ) -> dict[str, dict[str, float]]:
    """Trains ``runs`` in turn with ``train(run, on_iteration) -> (values, summary)``, reporting progress."""
    measured = {}
    for position, run in enumerate(runs, start=1):
        if progress is not None:
            progress.begin(run, position, len(runs))
        values, summary = train(run, progress.step if progress is not None else None)
        if progress is not None:
            progress.end(run, summary)
        measured[run.name] = values
    return measured
