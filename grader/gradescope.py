"""Gradescope: a result in the autograder's ``results.json`` format, and the in-container runner.

``results_json`` maps one graded notebook to Gradescope's format: the total ``score``, one test
per graded function (``name``, ``score``, ``max_score``, ``status`` passed/failed, ``output``:
the grader's message, hint and failing cases, ``visibility``), and notebook-level problems in
the top-level ``output``. ``grader grade --gradescope`` writes it per submission.

``python -m grader.gradescope --assignment NAME --submission DIR --results FILE`` is what the
autograder bundle's ``run_autograder`` calls (see :mod:`grader.commands.gradescope_autograder`):
it finds the notebook in the uploaded files, grades it and always writes ``FILE``, even when
nothing gradable was uploaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from grader.adjust import adjustment_lines
from grader.files import write_atomically
from grader.junit import function_details
from grader.results import FunctionResult, SubmissionResult, points
from grader.text import inert

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
IGNORED = {".ipynb_checkpoints", "__MACOSX"}


# The options a Gradescope bundle fixes (passed on to the runner), and the one default it changes: a submission's
# time limit under Gradescope's own (10 minutes by default).
GRADESCOPE_OPTIONS = ("edition", "full", "cell_timeout", "call_timeout", "sandbox", "submission_timeout")
GRADESCOPE_DEFAULTS = {"submission_timeout": 600.0}


def _test(function: FunctionResult, visibility: str) -> dict[str, Any]:
    return {
        "name": function.name,
        "score": function.override["points"] if function.override else function.score,
        "max_score": function.max_score,
        "status": "passed" if function.status == "passed" else "failed",
        "output": inert(function.message if function.status == "passed" else function_details(function)),
        "visibility": visibility,
    }


def results_json(result: SubmissionResult, visibility: str = "visible") -> dict[str, Any]:
    """The Gradescope results.json of one graded notebook."""
    lines = [f"{result.assignment or 'Not graded'}: {points(result.final)}/{points(result.max_score)}"]
    lines.extend(adjustment_lines(result))
    if result.isolation_warning:
        lines.append(result.isolation_warning)
    lines.extend(f"Problem with the notebook: {error}" for error in result.errors)
    seed = result.environment.get("seed")
    if seed is not None:
        lines.append(f"(hidden cases drawn with seed {seed})")
    data: dict[str, Any] = {
        "score": float(result.final),
        "output": "\n".join(lines),
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": [_test(function, visibility) for function in result.functions],
    }
    seconds = result.environment.get("seconds")
    if isinstance(seconds, int | float):
        data["execution_time"] = round(float(seconds), 3)
    return data


def write_results(result: SubmissionResult, path: Path, visibility: str = "visible") -> None:
    write_atomically(path, json.dumps(results_json(result, visibility), indent=2, allow_nan=False) + "\n")


def write_batch(ids: list[str], out: Path, visibility: str = "visible") -> list[Path]:
    """``DIR/<id>.gradescope.json`` next to each ``DIR/<id>.json`` of a graded batch."""
    written = []
    for submission in ids:
        source = out / f"{submission}.json"
        result = SubmissionResult.from_dict(json.loads(source.read_text(encoding="utf-8")))
        target = out / f"{submission}.gradescope.json"
        write_results(result, target, visibility)
        written.append(target)
    return written


# ---------------------------------------------------------------- inside the Gradescope container

def find_notebook(folder: Path, expected_name: str, function_names: tuple[str, ...]) -> Path | None:
    """The submitted notebook: the one named as the assignment's, else the one with most graded functions."""
    from grader import notebook as nbtools

    found = sorted(p for p in folder.rglob("*.ipynb")
                   if p.is_file() and not IGNORED & set(p.relative_to(folder).parts))
    named = [p for p in found if p.name == expected_name]
    if named:
        return named[0]

    def overlap(path: Path) -> int:
        try:
            return len(set(nbtools.function_cells(nbtools.read_notebook(path))) & set(function_names))
        except nbtools.NotebookError:
            return -1

    return max(found, key=overlap, default=None)


def _not_submitted(spec: Any, message: str) -> SubmissionResult:
    functions = [FunctionResult(f.name, "missing", 0.0, f.points, message=message, reason="no notebook")
                 for f in spec.functions]
    return SubmissionResult(submission="submission", assignment=spec.name, score=0.0, max_score=spec.max_score,
                            functions=functions, errors=[message])


def run(assignment: str, submission: Path, results: Path, options: Any, visibility: str) -> SubmissionResult:
    """Grades the notebook uploaded in ``submission`` and writes Gradescope's ``results`` file."""
    from grader.pipeline import grade_notebook
    from grader.spec import all_specs

    spec = all_specs()[assignment]
    notebook = find_notebook(submission, spec.notebook, spec.function_names)
    if notebook is None:
        result = _not_submitted(spec, f"no notebook (.ipynb) was uploaded: please submit {spec.notebook}")
    else:
        result = grade_notebook(notebook, options, submission=notebook.stem)
    write_results(result, results, visibility)
    return result


def main(argv: list[str] | None = None) -> int:
    from grader import options as declared
    from grader.options import Options
    from grader.spec import all_specs

    parser = argparse.ArgumentParser(prog="python -m grader.gradescope",
                                     description="Grade a Gradescope submission folder into results.json.")
    parser.add_argument("--assignment", required=True, choices=sorted(all_specs()))
    parser.add_argument("--submission", type=Path, default=Path("/autograder/submission"), metavar="DIR")
    parser.add_argument("--results", type=Path, default=Path("/autograder/results/results.json"), metavar="FILE")
    parser.add_argument("--visibility", choices=VISIBILITIES, default="visible")
    declared.add_arguments(parser.add_argument, only=GRADESCOPE_OPTIONS, defaults=GRADESCOPE_DEFAULTS)
    args = parser.parse_args(argv)
    try:
        options = declared.from_namespace(args, base=Options(assignment=args.assignment), only=GRADESCOPE_OPTIONS)
    except declared.OptionError as error:
        parser.error(str(error))
    result = run(args.assignment, args.submission, args.results, options, args.visibility)
    print(f"{result.submission}: {points(result.score)}/{points(result.max_score)} -> {args.results}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
