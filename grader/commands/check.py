"""``grader check NOTEBOOK``: grade one notebook and print a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import options
from grader.ci import exit_status, github_outputs, parse_min_score, summary
from grader.commands import validate
from grader.options import OptionError, Options
from grader.text import inert_line


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("check", help="grade one notebook", description="Grade one notebook.")
    parser.add_argument("notebook", type=Path, help="the .ipynb file to grade")
    add_grading_options(parser)
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the result JSON here")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the HTML report here")
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML here (a testcase per function)")
    parser.add_argument("--min-score", type=parse_min_score, metavar="X",
                        help="exit 0 when the score is at least X points (or X%% of the maximum), else 1")
    parser.add_argument("--skip-unrelated", action="store_true",
                        help="exit 0 without grading when the notebook is not an assignment notebook (it reads as a "
                             "notebook but has no graded header and defines no graded function; for CI over every "
                             "notebook of a repository)")
    parser.set_defaults(run=run)


def unrelated(path: Path) -> bool:
    """Whether ``path`` is a readable notebook with no graded header and no graded function of any assignment
    (a scratch notebook); a file that is not a readable notebook is never unrelated: it is graded, and fails."""
    from grader import notebook as nbtools
    from grader.spec import all_specs

    try:
        nb = nbtools.read_notebook(path)
    except nbtools.NotebookError:
        return False
    return not nbtools.is_assignment_notebook(nb, {n for spec in all_specs().values() for n in spec.function_names})


def add_grading_options(parser: argparse.ArgumentParser) -> None:
    """The grading flags, from their one declaration (grader.options)."""
    options.add_arguments(parser.add_argument)


def options_from(args: argparse.Namespace) -> Options:
    """The validated options of the flags; raises OptionError naming a flag whose value is not allowed."""
    return options.from_namespace(args)


def prelaunch(chosen: Options) -> None:
    """Starts the kernel before the grader's heavy imports (Jupyter's client is all it needs), so that it boots
    while the notebook is read, the cases are built and the rest of the grader is imported. Where kernels cannot
    start, nothing happens here: grading says why."""
    from grader.kernel.confine import confinement, kernel_env, started
    from grader.kernel.environment import KernelEnvironmentError
    from grader.kernel.sandbox import SandboxError

    try:
        _, sandbox = confinement(chosen.sandbox, tuple(Path(p) for p in chosen.hide))
        sandbox = started(sandbox, chosen.kernel_start, batch=False)
    except (KernelEnvironmentError, SandboxError):
        return
    from grader.kernel.pool import POOL

    POOL.prelaunch(sandbox, chosen.kernel_name, kernel_env)


def run(args: argparse.Namespace) -> int:
    if not args.notebook.exists():
        print(f"grader check: {args.notebook}: no such file", file=sys.stderr)
        return 2
    if args.notebook.is_dir():
        print(f"grader check: {args.notebook}: is a folder; check grades one notebook (grader grade takes folders)",
              file=sys.stderr)
        return 2
    try:
        chosen = options_from(args)
    except OptionError as error:
        print(f"grader check: {error}", file=sys.stderr)
        return 2
    prelaunch(chosen)
    try:
        return _check(args, chosen)
    finally:
        from grader.kernel.pool import POOL

        POOL.close()  # the kernel started ahead, when the notebook was not graded after all


def _check(args: argparse.Namespace, chosen: Options) -> int:
    problems = [validate.output_file(f"--{flag}", path) for flag, path in
                (("json", args.json), ("html", args.html), ("junit", args.junit)) if path is not None]
    problems.append(validate.assignment(chosen.assignment, chosen.edition))
    problem = next((p for p in problems if p), "")
    if problem:
        print(f"grader check: {problem}", file=sys.stderr)
        return 2
    if args.skip_unrelated and not chosen.assignment and unrelated(args.notebook):
        print(f"{inert_line(args.notebook.name)}: skipped, not an assignment notebook (no graded function)")
        return 0
    from grader.pipeline import grade_notebook

    result = grade_notebook(args.notebook, chosen)
    print(summary(result))
    if args.html:
        import time

        from grader.files import write_atomically
        from grader.report import render_student

        started = time.perf_counter()
        html = render_student(result)
        result.environment.setdefault("timings", {})["render"] = round(time.perf_counter() - started, 4)
        write_atomically(args.html, html)
    if args.json:
        result.write_json(args.json)
    if args.junit:
        from grader.junit import write_junit

        write_junit(result, args.junit)
    github_outputs(result, args.notebook)
    return exit_status(result, args.min_score)
