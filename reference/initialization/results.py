"""The Initialization exercise's published results: its three-layer network on the "circles" data
(``init_utils.load_dataset``), 15000 iterations at learning rate 0.01, with zeros, large random and He
initialization; accuracies from ``nn_utils.accuracy`` (nothing is printed while training)."""

from __future__ import annotations

import argparse

import numpy as np

from grader.reference import initialization
from grader.reference.results import Column, Progress, Row, Run, Section, train_and_measure, train_each

RUNS = (
    Run("initialization", "zeros", "zeros initialization", 15000, {"initialization": "zeros"}),
    Run("initialization", "random", "large random initialization", 15000, {"initialization": "random"}),
    Run("initialization", "he", "He initialization", 15000, {"initialization": "he"}),
)
COLUMNS = (Column("train", "train"), Column("test", "test"),
           Column("cost_at_0", "cost at 0", ".6f", published=False))
# The course's printed accuracies (train, test).
PUBLISHED = {"zeros": {"train": 0.5, "test": 0.5}, "random": {"train": 0.83, "test": 0.86},
             "he": {"train": 0.9933333333333333, "test": 0.96}}


def train(run: Run, data: tuple[np.ndarray, ...], on_iteration=None) -> tuple[dict[str, float], str]:
    """One model trained silently: its accuracies and cost at iteration 0, and a one-line summary."""
    return train_and_measure(initialization.model, run, data, on_iteration)


def compute(settings: argparse.Namespace, progress: Progress | None = None) -> Section:
    data = initialization.init_utils.load_dataset(plot=False)
    measured = train_each(RUNS, progress, lambda run, step: train(run, data, step))
    return Section("initialization", "Initialization (circles dataset)", COLUMNS,
                   tuple(Row(run.name, run.label, measured[run.name]) for run in RUNS))
