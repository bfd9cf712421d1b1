"""`grader check` wall time per assignment next to the floor, measured in the same run.

The floor: a fresh kernel running a 3-cell numpy notebook with nbclient
(shutdown_kernel="immediate"). Each measurement is repeated and the median reported, in
interleaved order so that the machine's noise hits both alike. Prints ratios; asserts nothing.

    python benchmarks/check_vs_floor.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grader.authoring import solution_notebook
from grader.kernel.sandbox import bwrap_works
from grader.pipeline import Options, grade_notebook

ASSIGNMENTS = ("initialization", "regularization", "gradient_checking")
FLOOR_CELLS = ["import numpy as np", "x = np.random.randn(100, 100)", "print(float((x @ x.T).trace()))"]


def floor_once(workdir: Path) -> float:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in FLOOR_CELLS])
    started = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return time.perf_counter() - started


def check_once(path: Path, sandbox: str) -> float:
    started = time.perf_counter()
    result = grade_notebook(path, Options(sandbox=sandbox))
    elapsed = time.perf_counter() - started
    if result.score != result.max_score:
        sys.exit(f"benchmark notebook {path.name} did not get full marks: {result.to_json()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dlgrader-bench-"))
    paths = {}
    for name in ASSIGNMENTS:
        paths[name] = workdir / f"{name}.ipynb"
        nbformat.write(solution_notebook(name), paths[name])
    floor_once(workdir)  # warm the file cache for both sides
    sandboxes = ["none"] + (["bwrap"] if not bwrap_works() else [])
    times: dict[str, list[float]] = {"floor": []}
    for _ in range(args.repeat):
        times["floor"].append(floor_once(workdir))
        for name in ASSIGNMENTS:
            for sandbox in sandboxes:
                times.setdefault(f"{name} ({sandbox})", []).append(check_once(paths[name], sandbox))
    floor = statistics.median(times["floor"])
    print(f"{'what':<44}{'median s':>10}{'× floor':>10}")
    print(f"{'floor (3-cell numpy notebook)':<44}{floor:>10.2f}{1.0:>10.2f}")
    for label, values in times.items():
        if label != "floor":
            median = statistics.median(values)
            print(f"{'grader check ' + label:<44}{median:>10.2f}{median / floor:>10.2f}")
    if "bwrap" in sandboxes:
        costs = [statistics.median(times[f"{n} (bwrap)"]) - statistics.median(times[f"{n} (none)"])
                 for n in ASSIGNMENTS]
        print(f"sandbox cost per submission (bwrap − none, median over assignments): {statistics.median(costs):+.2f} s")


if __name__ == "__main__":
    main()
