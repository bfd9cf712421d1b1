"""`grader check` wall time per assignment next to the floor, measured in the same run.

The floor: a fresh kernel running a 3-cell numpy notebook with nbclient (shutdown_kernel=
"immediate"), as its own Python process, like `grader check` is. Both are run as commands,
interleaved, and the median of --repeat runs is reported, so that the machine's noise hits
both alike. With bubblewrap usable here, `grader check` is timed with and without the sandbox.
Then where the time of a sandboxed `grader check` goes: the median of each step of
`environment.timings` over every run, and the process's time outside grading (imports, start-up:
wall time minus `environment.seconds`). Prints ratios; asserts nothing.

    python benchmarks/check_vs_floor.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from grader.authoring import solution_notebook
from grader.commands.grade import sandbox_problem
from grader.spec import all_specs

ASSIGNMENTS = tuple(all_specs())  # every exercise the grader finds
FLOOR = """
import nbformat
from nbclient import NotebookClient
cells = ["import numpy as np", "x = np.random.randn(100, 100)", "print(float((x @ x.T).trace()))"]
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate").execute()
"""


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0,):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stdout[-500:]}{done.stderr[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dlgrader-bench-"))
    for name in ASSIGNMENTS:
        nbformat.write(solution_notebook(name), workdir / f"{name}.ipynb")
    sandboxes = ["none"] + (["bwrap"] if not sandbox_problem("auto") else [])
    floor_command = [sys.executable, "-c", FLOOR]
    timed(floor_command, workdir)  # warm the file cache for both sides
    times: dict[str, list[float]] = {"floor": []}
    steps: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        times["floor"].append(timed(floor_command, workdir))
        for name in ASSIGNMENTS:
            for sandbox in sandboxes:
                command = [sys.executable, "-m", "grader", "check", f"{name}.ipynb", "--sandbox", sandbox,
                           "--json", "result.json"]
                wall = timed(command, workdir)
                times.setdefault(f"{name} ({sandbox})", []).append(wall)
                environment = json.loads((workdir / "result.json").read_text())["environment"]
                for step, seconds in environment.get("timings", {}).items():
                    steps.setdefault(step, []).append(seconds)
                steps.setdefault("outside grading (imports, start-up)", []).append(wall - environment["seconds"])
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
        ratios = [statistics.median(times[f"{n} (bwrap)"]) / statistics.median(times[f"{n} (none)"])
                  for n in ASSIGNMENTS]
        print(f"sandbox cost per submission (bwrap − none, median over assignments): {statistics.median(costs):+.2f} s"
              f" ({statistics.median(ratios):.3f}× of --sandbox none)")
    print(f"\n{'where a grader check goes (every run)':<44}{'median s':>10}{'× floor':>10}")
    for step, values in steps.items():
        print(f"{step:<44}{statistics.median(values):>10.3f}{statistics.median(values) / floor:>10.2f}")


if __name__ == "__main__":
    main()
