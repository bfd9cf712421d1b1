"""Batch throughput against the floor and against nbgrader, measured in the same run.

    python benchmarks/batch_throughput.py [--submissions 80] [--workers 2] [--nbgrader 6]

Prints, for N generated submissions (solved and blank notebooks of the three assignments):
- `grader grade --workers W` wall time and submissions/s;
- the floor: a fresh kernel running a 3-cell numpy notebook with nbclient, N times, W at a time;
- peak memory (VmHWM) of the grader's worker processes and of the kernels;
- with --nbgrader K > 0: `nbgrader autograde` on K of the submissions, nbgrader installed by this
  script in a throwaway virtual environment (it runs every cell, training loops included).
Ratios are computed from numbers measured in this run; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from grader.authoring import solution_notebook, student_notebook
from grader.kernel.reap import descendants, parent_of
from grader.spec import all_specs

ASSIGNMENTS = tuple(all_specs())  # every exercise the grader finds
FLOOR_CELLS = ["import numpy as np", "x = np.random.randn(100, 100)", "print(float((x @ x.T).trace()))"]


def make_submissions(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    solved = {name: solution_notebook(name) for name in ASSIGNMENTS}
    blank = {name: student_notebook(name) for name in ASSIGNMENTS}
    paths = []
    for i in range(count):
        name = ASSIGNMENTS[i % len(ASSIGNMENTS)]
        path = folder / f"student{i:03d}_{name}.ipynb"
        nbformat.write(solved[name] if i % 4 else blank[name], path)
        paths.append(path)
    return paths


def _floor_notebooks(count: int) -> float:
    from nbclient import NotebookClient

    workdir = tempfile.mkdtemp(prefix="dlgrader-floor-")
    for _ in range(count):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in FLOOR_CELLS])
        NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate",
                       resources={"metadata": {"path": workdir}}).execute()
    return 0.0


def floor_batch(count: int, workers: int) -> float:
    started = time.perf_counter()
    shares = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_floor_notebooks, shares))
    return time.perf_counter() - started


def _peak(pid: int) -> tuple[str, int]:
    """What process ``pid`` is (worker, kernel, fork server or other: "") and its peak memory (VmHWM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "", 0
    command = _command(pid)
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    peak = int(fields.get("VmHWM", "0 kB").split()[0]) * 1024
    if "zygote.py" in command:  # the fork server, its confining child, and the kernel that child forks
        depth, parent = 0, int(fields["PPid"])
        while depth < 3 and "zygote.py" in _command(parent):
            depth, parent = depth + 1, parent_of(parent) or 0
        return {0: "fork server", 2: "kernel"}.get(depth, ""), peak
    return "kernel" if "ipykernel" in command else "worker" if "multiprocessing" in command else "", peak


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def grade_batch(folder: Path, out: Path, workers: int, *flags: str) -> tuple[float, dict[str, int]]:
    """Wall time, and the peak memory (sampled) of a worker process, a kernel and the fork server."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "grader", "grade", str(folder), "--out", str(out),
                                "--workers", str(workers), *flags], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peaks = {"worker": 0, "kernel": 0, "fork server": 0, "": 0}

    def sample() -> None:
        while process.poll() is None:
            for pid in descendants(process.pid):
                kind, peak = _peak(pid)
                peaks[kind] = max(peaks[kind], peak)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"grader grade failed with exit code {process.returncode}")
    peaks.pop("")
    return time.perf_counter() - started, peaks


def nbgrader_batch(paths: list[Path], root: Path, venv: Path | None = None) -> float | None:
    """Seconds per submission of `nbgrader autograde` (installed here in a throwaway venv unless ``venv`` has it)."""
    if venv is None:
        venv = root / "nbgrader-venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "nbgrader", "numpy", "scipy",
                              "scikit-learn", "matplotlib"], capture_output=True, text=True)
        if pip.returncode != 0:
            print(f"nbgrader could not be installed: {pip.stderr.strip()[-300:]}")
            return None
    from grader.reference.course import assignment_dir, shared_dir

    course = root / "course"
    (course / "nbgrader_config.py").parent.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'dl'\n"
        f"c.CourseDirectory.root = {str(course)!r}\nc.ExecutePreprocessor.timeout = 600\n")
    helpers = {name: [*assignment_dir(name).glob("*.py"), *shared_dir().glob("*.py")] for name in ASSIGNMENTS}
    for name in ASSIGNMENTS:
        source = course / "source" / name
        source.mkdir(parents=True)
        nbformat.write(student_notebook(name), source / f"{name}.ipynb")
        for helper in helpers[name]:
            (source / helper.name).write_bytes(helper.read_bytes())
    for index, path in enumerate(paths):
        name = next(a for a in ASSIGNMENTS if path.stem.endswith(a))
        target = course / "submitted" / f"student{index:03d}" / name
        target.mkdir(parents=True)
        (target / f"{name}.ipynb").write_bytes(path.read_bytes())
        for helper in helpers[name]:
            (target / helper.name).write_bytes(helper.read_bytes())
    nbgrader = str(venv / "bin" / "nbgrader")
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "MPLBACKEND": "Agg"}
    for name in ASSIGNMENTS:
        subprocess.run([nbgrader, "generate_assignment", name, "--force"], cwd=course, env=env,
                       capture_output=True, check=True)
    started = time.perf_counter()
    for name in ASSIGNMENTS:
        subprocess.run([nbgrader, "autograde", name, "--force"], cwd=course, env=env, capture_output=True, check=True)
    return (time.perf_counter() - started) / len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=80)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nbgrader", type=int, default=6, metavar="K", help="submissions for nbgrader (0: skip)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="dlgrader-bench-"))
    paths = make_submissions(root / "submissions", args.submissions)
    floor = floor_batch(args.submissions, args.workers)
    ours, peaks = grade_batch(root / "submissions", root / "out", args.workers)
    n = args.submissions
    print(f"{n} submissions, {args.workers} workers, {os.cpu_count()} cores")
    print(f"{'floor (3-cell numpy notebook, W at a time)':<48}{floor:>8.1f} s{n / floor:>8.2f} /s")
    print(f"{'grader grade':<48}{ours:>8.1f} s{n / ours:>8.2f} /s")
    print(f"throughput vs floor: {floor / ours:.2f}")
    print(f"peak memory: worker process {peaks['worker'] / 2**20:.0f} MB, kernel {peaks['kernel'] / 2**20:.0f} MB, "
          f"fork server {peaks['fork server'] / 2**20:.0f} MB")
    if args.nbgrader > 0:
        per_submission = nbgrader_batch(paths[: args.nbgrader], root)
        if per_submission is not None:
            ours_per = ours / n
            print(f"{'nbgrader autograde (every cell, sequential)':<48}{per_submission:>8.1f} s per submission")
            print(f"grader grade vs nbgrader, per submission: {per_submission / ours_per:.0f}× faster")


if __name__ == "__main__":
    main()
