"""The Optimization methods exercise's published results: its three-layer network [2, 5, 2, 1] on the
"moons" data (``opt_utils_v1a.load_dataset``), 5000 epochs of mini-batches of 64, with gradient descent,
momentum and Adam (learning rate 0.0007), then with learning-rate decay (2021 edition); accuracies on the
training set, as the course's ``predict`` prints them (nothing is printed while training)."""

from __future__ import annotations

import argparse

import numpy as np

from grader.reference import optimization
from grader.reference.course import load
from grader.reference.results import Column, Progress, Row, Run, Section, train_each

EPOCHS = 5000
RUNS = (
    Run("optimization", "gd", "mini-batch gradient descent", EPOCHS, {"optimizer": "gd"}),
    Run("optimization", "momentum", "momentum, beta = 0.9", EPOCHS, {"optimizer": "momentum", "beta": 0.9}),
    Run("optimization", "adam", "Adam", EPOCHS, {"optimizer": "adam"}),
    Run("optimization", "gd_update_lr", "gd, update_lr from 0.1", EPOCHS,
        {"optimizer": "gd", "learning_rate": 0.1, "decay": "update_lr"}),
    Run("optimization", "gd_schedule", "gd, schedule_lr_decay from 0.1", EPOCHS,
        {"optimizer": "gd", "learning_rate": 0.1, "decay": "schedule_lr_decay"}),
    Run("optimization", "momentum_schedule", "momentum, schedule_lr_decay from 0.1", EPOCHS,
        {"optimizer": "momentum", "learning_rate": 0.1, "decay": "schedule_lr_decay"}),
    Run("optimization", "adam_schedule", "Adam, schedule_lr_decay from 0.01", EPOCHS,
        {"optimizer": "adam", "learning_rate": 0.01, "decay": "schedule_lr_decay"}),
)
COLUMNS = (Column("accuracy", "accuracy"), Column("cost_at_0", "cost at 0", ".6f", published=False))
# The course's printed accuracies (2021 edition).
PUBLISHED = {"gd": {"accuracy": 0.7166666666666667}, "momentum": {"accuracy": 0.7166666666666667},
             "adam": {"accuracy": 0.9433333333333334}, "gd_update_lr": {"accuracy": 0.6533333333333333}}


def train(run: Run, data: tuple[np.ndarray, np.ndarray], on_iteration=None) -> tuple[dict[str, float], str]:
    """One model trained silently: its training accuracy and its cost at epoch 0, and a one-line summary."""
    accuracy = load("optimization", "nn_utils").accuracy
    X, Y = data
    options = dict(run.options)
    if "decay" in options:
        options["decay"] = getattr(optimization, options["decay"])
    parameters, costs, _ = optimization.model(X, Y, [X.shape[0], 5, 2, 1], num_epochs=run.iterations,
                                              print_cost=False, on_iteration=on_iteration, **options)
    values = {"accuracy": accuracy(X, Y, parameters), "cost_at_0": float(costs[0])}
    return values, f"accuracy {values['accuracy']:.4f}"


def compute(settings: argparse.Namespace, progress: Progress | None = None) -> Section:
    data = optimization.opt_utils.load_dataset(plot=False)
    measured = train_each(RUNS, progress, lambda run, step: train(run, data, step))
    return Section("optimization", "Optimization methods (moons dataset, 5000 epochs)", COLUMNS,
                   tuple(Row(run.name, run.label, measured[run.name]) for run in RUNS))
