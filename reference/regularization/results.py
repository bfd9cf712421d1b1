"""The Regularization exercise's published results: its network on the 2-D dataset
(``reg_utils.load_2D_dataset``, or a given ``data.mat``), 30000 iterations at learning rate 0.3,
without regularization, with L2 (lambd 0.7) and with dropout (keep_prob 0.86). With the course's
``data.mat`` (``--data-mat``) the accuracies are the course's; the bundled data only shows the effect."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from grader.reference import regularization
from grader.reference.results import Column, Progress, Row, Run, Section, train_and_measure, train_each

Dataset = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
RUNS = (
    Run("regularization", "none", "no regularization", 30000, {}),
    Run("regularization", "l2", "L2 regularization, lambd = 0.7", 30000, {"lambd": 0.7}),
    Run("regularization", "dropout", "dropout, keep_prob = 0.86", 30000, {"keep_prob": 0.86}),
)
COLUMNS = (Column("train", "train"), Column("test", "test"),
           Column("cost_at_0", "cost at 0", ".6f", published=False))
# The course's printed accuracies (train, test) on its data.mat.
PUBLISHED_WITH_DATA_MAT = {"none": {"train": 0.9478672985781991, "test": 0.915},
                           "l2": {"train": 0.9383886255924171, "test": 0.93},
                           "dropout": {"train": 0.9289099526066351, "test": 0.95}}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-mat", metavar="PATH",
                        help="train the regularization models on this data.mat (keys X, y, Xval, yval)")


def read_arguments(settings: argparse.Namespace, fail: Callable[[str], Any]) -> None:
    """Loads the 2-D data once (``settings.two_d_dataset``); an unusable ``--data-mat`` is a usage error."""
    if settings.data_mat is not None and not os.path.isfile(settings.data_mat):
        fail(f"--data-mat: no such file: {settings.data_mat}")
    try:
        settings.two_d_dataset = load_2d_dataset(settings.data_mat)
    except Exception as error:  # scipy's MatReadError, a missing key, ...: all mean an unusable file
        fail(f"--data-mat: cannot read {settings.data_mat} as the 2-D dataset "
             f"(keys X, y, Xval, yval): {type(error).__name__}: {error}")


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


def train(run: Run, data: Dataset, on_iteration=None) -> tuple[dict[str, float], str]:
    """One model trained silently: its accuracies and cost at iteration 0, and a one-line summary."""
    return train_and_measure(regularization.model, run, data, on_iteration)


def compute(settings: argparse.Namespace, progress: Progress | None = None) -> Section:
    data, origin = getattr(settings, "two_d_dataset", None) or load_2d_dataset(settings.data_mat)
    measured = train_each(RUNS, progress, lambda run, step: train(run, data, step))
    return Section("regularization", f"Regularization (2-D dataset: {origin})", COLUMNS,
                   tuple(Row(run.name, run.label, measured[run.name]) for run in RUNS))
