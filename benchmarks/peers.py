"""One benchmark, all peers: the floor, `grader check`/`grade`, `otter run` and `nbgrader autograde`, in one run.

    python benchmarks/peers.py [--repeat 5] [--sizes 10,30,90] [--peer-submissions 8] [--no-peers]

Everything is measured in this run, interleaved where two things are compared (the machine's noise hits
both alike), and printed as medians with their spread (min–max over the repetitions) and as ratios;
nothing is asserted. Sections:

1. `grader check` per assignment vs the floor (a fresh kernel running a 3-cell numpy notebook with nbclient,
   as its own Python process) and vs `otter run` (no Docker) on the same notebook;
2. `grader grade` (default and `--full`, 1 worker) vs `nbgrader autograde` on the same submissions, per
   submission (one core each: both grade one submission at a time);
3. throughput of `grader grade` with 1 and 2 workers vs the floor run as many times, as many at a time,
   and the peak memory (VmHWM) of a worker process and of a kernel;
4. growth over the sizes: wall time of `grader grade --workers 2` on 10, 30, 90 submissions and the least-
   squares line through them (its intercept is the fixed cost of a batch, its slope the cost per submission).

Otter and nbgrader are installed from PyPI into throwaway virtual environments under --envs (kept between
runs; delete the folder to start afresh). The grader's own modules are byte-compiled first, as an installed
package's are (this machine sets PYTHONDONTWRITEBYTECODE=1, which would otherwise charge every run for
compiling them).
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from batch_throughput import grade_batch, make_submissions, nbgrader_batch
from check_vs_floor import FLOOR, timed

import grader
from grader.authoring import solution_notebook
from grader.commands.grade import sandbox_problem
from grader.reference.course import assignment_dir, assignments_root, shared_dir
from grader.spec import all_specs

ASSIGNMENTS = tuple(all_specs())  # every exercise the grader finds
PEER_PACKAGES = {"otter": ["otter-grader"], "nbgrader": ["nbgrader"]}
KERNEL_PACKAGES = ["numpy", "scipy", "scikit-learn", "matplotlib", "ipykernel"]


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def row(label: str, values: list[float], base: float | None = None, unit: str = "s") -> None:
    median = statistics.median(values)
    ratio = f"{median / base:>9.2f}×" if base else ""
    print(f"  {label:<46}{median:>8.2f} {unit}  [{spread(values)}]{ratio}")


def peer_env(root: Path, name: str) -> Path | None:
    """A virtual environment with the peer and the packages the notebooks import (installed once)."""
    venv = root / name
    marker = venv / ".installed"
    if marker.exists():
        return venv
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *PEER_PACKAGES[name], *KERNEL_PACKAGES],
                         capture_output=True, text=True)
    if pip.returncode != 0:
        print(f"  {name} could not be installed: {pip.stderr.strip()[-300:]}")
        return None
    subprocess.run([str(venv / "bin" / "python"), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
                   check=True, capture_output=True)  # the kernel the peer starts: this environment's own
    marker.write_text("ok\n")
    return venv


# An Otter test per graded function: the course's own public test of it, its printing silenced (Otter's
# doctests compare printed output).
OTTER_TEST = '''OK_FORMAT = True

test = {{"name": "{function}", "points": 1, "suites": [{{"type": "doctest", "scored": True, "setup": "",
    "teardown": "", "cases": [{{"hidden": False, "locked": False, "code": """
>>> import contextlib, io
>>> with contextlib.redirect_stdout(io.StringIO()):
...     {function}_test({function})
"""}}]}}]}}
'''


def otter_autograder(venv: Path, work: Path, assignment: str) -> Path:
    """`otter generate`'s configuration zip for one assignment: a test per graded function, the helper files."""
    folder = work / f"otter-{assignment}"
    (folder / "tests").mkdir(parents=True, exist_ok=True)
    for function in all_specs()[assignment].function_names:
        (folder / "tests" / f"{function}.py").write_text(OTTER_TEST.format(function=function), encoding="utf-8")
    helpers = [p for p in (*assignment_dir(assignment).iterdir(), *shared_dir().iterdir())
               if p.suffix in (".py", ".mat", ".csv", ".h5") and p.name not in ("__init__.py",)]
    for helper in helpers:
        (folder / helper.name).write_bytes(helper.read_bytes())
    subprocess.run([str(venv / "bin" / "otter"), "generate", "--tests-dir", "tests", *[h.name for h in helpers]],
                   cwd=folder, check=True, capture_output=True, text=True)
    return folder / "autograder.zip"


def section_check(work: Path, repeat: int, otter: Path | None, otter_repeat: int) -> None:
    print(f"\n1. grader check vs the floor (median of {repeat} [min–max], interleaved)"
          + (f"; otter run: {otter_repeat} of those rounds (it runs every cell, training loops included)" if otter
             else ""))
    for name in ASSIGNMENTS:
        nbformat.write(solution_notebook(name), work / f"{name}.ipynb")
    zips = {name: otter_autograder(otter, work, name) for name in ASSIGNMENTS} if otter else {}
    otter_env = {**os.environ, "PATH": f"{otter / 'bin'}:{os.environ['PATH']}", "MPLBACKEND": "Agg"} if otter else None
    floor_command = [sys.executable, "-c", FLOOR]
    timed(floor_command, work)  # warm the file cache for every side
    times: dict[str, list[float]] = {"floor": []}
    for k in range(repeat):
        times["floor"].append(timed(floor_command, work))
        for name in ASSIGNMENTS:
            times.setdefault(f"grader check {name}", []).append(
                timed([sys.executable, "-m", "grader", "check", f"{name}.ipynb"], work))
            if otter and k < otter_repeat:
                out = work / f"otter-out-{name}"
                out.mkdir(exist_ok=True)
                times.setdefault(f"otter run {name}", []).append(
                    timed([str(otter / "bin" / "otter"), "run", "--no-logo", "-a", str(zips[name]), "-o", str(out),
                           f"{name}.ipynb"], work, otter_env))
    floor = statistics.median(times["floor"])
    row("floor (3-cell numpy notebook)", times["floor"], floor)
    for name in ASSIGNMENTS:
        row(f"grader check {name}", times[f"grader check {name}"], floor)
        if otter:
            row(f"otter run {name}", times[f"otter run {name}"], floor)
            ratio = statistics.median(times[f"otter run {name}"]) / statistics.median(times[f"grader check {name}"])
            print(f"  {'':<46}otter run / grader check: {ratio:.2f}×")
    worst = max(statistics.median(times[f"grader check {n}"]) for n in ASSIGNMENTS) / floor
    print(f"  slowest grader check vs the floor: {worst:.2f}×")


def section_peers(work: Path, paths: list[Path], nbgrader: Path | None) -> None:
    print(f"\n2. grader grade vs nbgrader autograde ({len(paths)} submissions, one at a time: 1 worker each)")
    folder = work / "peer-submissions"
    folder.mkdir()
    for path in paths:
        (folder / path.name).write_bytes(path.read_bytes())
    ours, _ = grade_batch(folder, work / "peer-out", 1)
    full, _ = grade_batch(folder, work / "peer-out-full", 1, "--full")
    n = len(paths)
    print(f"  {'grader grade (definitions only)':<46}{ours / n:>8.2f} s per submission")
    print(f"  {'grader grade --full (every cell, like nbgrader)':<46}{full / n:>8.2f} s per submission")
    if nbgrader is None:
        return
    theirs = nbgrader_batch(paths, work / "nbgrader", venv=nbgrader)
    if theirs is None:
        return
    print(f"  {'nbgrader autograde (every cell)':<46}{theirs:>8.2f} s per submission")
    print(f"  nbgrader / grader grade: {theirs / (ours / n):.1f}×; nbgrader / grader grade --full: "
          f"{theirs / (full / n):.2f}× (per submission = per core: both use one core for one submission)")


def floor_batch(work: Path, count: int, workers: int) -> float:
    """The floor command run ``count`` times, ``workers`` at a time."""
    command = [sys.executable, "-c", FLOOR]
    started = time.perf_counter()
    running: list[subprocess.Popen] = []
    for _ in range(count):
        while len(running) >= workers:
            time.sleep(0.005)
            running = [p for p in running if p.poll() is None]
        running.append(subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for process in running:
        process.wait()
    return time.perf_counter() - started


def section_throughput(work: Path, count: int, repeat: int) -> None:
    print(f"\n3. throughput, {count} submissions (median of {repeat} [min–max], interleaved)")
    folder = work / "throughput"
    make_submissions(folder, count)
    results: dict[str, list[float]] = {}
    peaks: dict[str, int] = {}
    for k in range(repeat):
        for workers in (1, 2):
            results.setdefault(f"floor, {workers} at a time", []).append(count / floor_batch(work, count, workers))
            wall, seen = grade_batch(folder, work / f"tp-{workers}-{k}", workers)
            results.setdefault(f"grader grade --workers {workers}", []).append(count / wall)
            peaks = {kind: max(peaks.get(kind, 0), peak) for kind, peak in seen.items()}
    for workers in (1, 2):
        floor = statistics.median(results[f"floor, {workers} at a time"])
        row(f"floor, {workers} at a time", results[f"floor, {workers} at a time"], floor, "/s")
        row(f"grader grade --workers {workers}", results[f"grader grade --workers {workers}"], floor, "/s")
    print(f"  peak memory (VmHWM): worker process {peaks['worker'] / 2**20:.0f} MB, "
          f"kernel {peaks['kernel'] / 2**20:.0f} MB, fork server {peaks['fork server'] / 2**20:.0f} MB")


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares line wall = intercept + slope · n."""
    mean_n = statistics.fmean(n for n, _ in points)
    mean_t = statistics.fmean(t for _, t in points)
    slope = (sum((n - mean_n) * (t - mean_t) for n, t in points) / sum((n - mean_n) ** 2 for n, _ in points))
    return mean_t - slope * mean_n, slope


def section_growth(work: Path, sizes: list[int]) -> None:
    print(f"\n4. growth: grader grade --workers 2 on {', '.join(map(str, sizes))} submissions")
    points = []
    for size in sizes:
        folder = work / f"growth-{size}"
        make_submissions(folder, size)
        wall, _ = grade_batch(folder, work / f"growth-out-{size}", 2)
        points.append((size, wall))
        print(f"  {size:>4} submissions{wall:>10.1f} s{size / wall:>8.2f} /s")
    intercept, slope = fit(points)
    print(f"  fit: {intercept:.2f} s fixed + {slope:.3f} s per submission")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="10,30,90", help="batch sizes of the growth fit (comma-separated)")
    parser.add_argument("--throughput", type=int, default=40, metavar="N", help="submissions of section 3")
    parser.add_argument("--peer-submissions", type=int, default=8, metavar="K", help="submissions of section 2")
    parser.add_argument("--otter-repeat", type=int, default=2, metavar="R", help="rounds of section 1 with otter run")
    parser.add_argument("--no-peers", action="store_true", help="skip otter and nbgrader (nothing is installed)")
    parser.add_argument("--envs", type=Path, default=Path.home() / ".cache" / "dl-grader-bench",
                        help="where the peers' virtual environments are kept")
    args = parser.parse_args(argv)
    import grader.reference as reference_package

    for folder in (Path(grader.__file__).parent, Path(reference_package.__file__).parent, assignments_root()):
        compileall.compile_dir(str(folder), quiet=2)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}, "
          f"sandbox {'bwrap' if not sandbox_problem('auto') else 'unavailable'}; grader {grader.__version__}")
    work = Path(tempfile.mkdtemp(prefix="dlgrader-peers-"))
    args.envs.mkdir(parents=True, exist_ok=True)
    otter = None if args.no_peers else peer_env(args.envs, "otter")
    nbgrader = None if args.no_peers else peer_env(args.envs, "nbgrader")
    section_check(work, args.repeat, otter, min(args.repeat, args.otter_repeat))
    paths = make_submissions(work / "peers", args.peer_submissions)
    section_peers(work, paths, nbgrader)
    section_throughput(work, args.throughput, max(1, args.repeat // 2))
    section_growth(work, [int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
