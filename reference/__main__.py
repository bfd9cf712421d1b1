"""``python -m grader.reference``: trains the reference models and prints the results table.

The table gives train and test accuracy and the cost at iteration 0 of the six models of the
Initialization and Regularization exercises, and the differences found by gradient checking
(see :mod:`grader.reference.results`). ``--json`` prints only the accuracies and differences, as
JSON, on stdout. Training progress goes to stderr: one updating line on a terminal, a plain line
now and then otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import time
from typing import TextIO

from grader.reference.results import RUNS, ModelResult, Results, Run, compute, load_2d_dataset

TTY_EVERY = 250  # iterations between redraws of the progress line on a terminal
PLAIN_EVERY = 10000  # iterations between plain progress lines otherwise


class StderrProgress:
    """Shows which model is training, how far it is and its current cost."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.run: Run | None = None
        self.prefix = ""
        self.started = 0.0
        self.width = 0

    def begin(self, run: Run, position: int, count: int) -> None:
        self.run = run
        self.prefix = f"[{position}/{count}] {run.section}: {run.label}"
        self.started = time.monotonic()
        if not self.tty:
            self._line(f"{self.prefix}: training, {run.iterations} iterations")

    def step(self, iteration: int, cost: float) -> None:
        done = iteration + 1
        total = self.run.iterations if self.run is not None else done
        if self.tty and (done % TTY_EVERY == 0 or done == total):
            self._redraw(f"{self.prefix}  {done:>5}/{total} ({100 * done // total:>3} %)  cost {cost:.6f}")
        elif not self.tty and done % PLAIN_EVERY == 0 and done < total:
            self._line(f"{self.prefix}: {done}/{total} iterations, cost {cost:.6f}")

    def end(self, run: Run, result: ModelResult) -> None:
        seconds = time.monotonic() - self.started
        message = f"{self.prefix}: done in {seconds:.1f} s (train {result.train:.4f}, test {result.test:.4f})"
        if self.tty:
            self._redraw(message)
            self.stream.write("\n")
            self.width = 0
            self.stream.flush()
        else:
            self._line(message)

    def _redraw(self, text: str) -> None:
        text = text[:shutil.get_terminal_size().columns - 1]  # a wrapped line could not be redrawn
        self.stream.write("\r" + text.ljust(self.width))
        self.width = len(text)
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


def _cost(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:.6f}"


def format_table(results: Results) -> str:
    """The human-readable results table."""
    labels = {(run.section, run.name): run.label for run in RUNS}
    lines = [f"{'Model':<44}{'train':>10}{'test':>10}{'cost at 0':>14}"]
    for section, title in (("initialization", "Initialization (circles dataset)"),
                           ("regularization", f"Regularization (2-D dataset: {results.dataset_2d})")):
        lines.append(title)
        for (model_section, name), result in results.models.items():
            if model_section == section:
                label = labels.get((model_section, name), name)
                lines.append(f"  {label:<42}{result.train:>10.4f}{result.test:>10.4f}{_cost(result.cost_at_0):>14}")
    differences = results.gradient_checking
    lines += [
        "Gradient checking (difference between backprop and numerical gradient)",
        f"  {'1-D, x = 2, theta = 4':<42}{differences['difference_1d']:>34.6e}",
        f"  {'N-D, buggy backward_propagation_n':<42}{differences['difference_nd_buggy']:>34.6e}",
        f"  {'N-D, fixed backward_propagation_n':<42}{differences['difference_nd_fixed']:>34.6e}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grader.reference",
        description="Train the reference models of the Initialization and Regularization exercises, "
                    "run the gradient checks and print the results.")
    parser.add_argument("--json", action="store_true",
                        help="print only the accuracies and gradient-check differences as JSON on stdout")
    parser.add_argument("--data-mat", metavar="PATH",
                        help="train the regularization models on this data.mat (keys X, y, Xval, yval)")
    args = parser.parse_args(argv)
    if args.data_mat is not None and not os.path.isfile(args.data_mat):
        parser.error(f"--data-mat: no such file: {args.data_mat}")
    if args.data_mat is None:
        two_d_dataset = load_2d_dataset()
    else:
        try:
            two_d_dataset = load_2d_dataset(args.data_mat)
        except Exception as error:  # scipy's MatReadError, a missing key, ...: all mean an unusable file
            parser.error(f"--data-mat: cannot read {args.data_mat} as the 2-D dataset "
                         f"(keys X, y, Xval, yval): {type(error).__name__}: {error}")
    progress = StderrProgress()
    try:
        results = compute(progress=progress, two_d_dataset=two_d_dataset)
    except KeyboardInterrupt:
        print("\ninterrupted" if progress.tty else "interrupted", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(results.as_json(), indent=2))
    else:
        print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
