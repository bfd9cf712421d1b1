"""``grader demo``: grade the bundled sample submissions into ./grader-reports."""

from __future__ import annotations

import argparse
import importlib.resources
import os
import sys
from pathlib import Path

from grader.collect import collect
from grader.commands.grade import BatchRequest, grade_and_report
from grader.options import Options

DEMO_CALL_TIMEOUT = 5.0


def samples_dir() -> Path:
    return Path(str(importlib.resources.files("grader.examples") / "submissions"))


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="grade the bundled sample submissions",
                                 description="Grade the bundled sample submissions and write their reports.")
    parser.add_argument("--out", type=Path, default=Path("grader-reports"), metavar="DIR",
                        help="where the reports go (default: ./grader-reports)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    submissions, _ = collect([samples_dir()])
    if not submissions:
        print(f"grader demo: no sample submissions in {samples_dir()}", file=sys.stderr)
        return 2
    code = grade_and_report(submissions, args.out, Options(call_timeout=DEMO_CALL_TIMEOUT),
                            BatchRequest(workers=max(1, args.workers)), sys.stderr, hide=(samples_dir(),))
    print((args.out / "index.html").resolve())
    return code
