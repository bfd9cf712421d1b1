"""``grader gradescope-autograder ASSIGNMENT -o autograder.zip``: the bundle Gradescope runs.

The zip holds ``setup.sh`` (run once when the image is built: a Python >= 3.11 virtual
environment in ``/autograder/venv`` with this package installed from the bundled source copy
``dl-grader/``, its dependencies from the package index), and ``run_autograder`` (run per
submission: grades the uploaded notebook with ``python -m grader.gradescope`` and always leaves
``/autograder/results/results.json``). Nothing is downloaded while the bundle is built: the
source copy is taken from the installed package itself. ``AUTOGRADER_ROOT`` (default
``/autograder``) and ``DL_GRADER_PYTHON`` override the locations, for testing a bundle locally.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import shlex
import stat
import sys
import zipfile
from pathlib import Path

import grader
from grader import options
from grader.gradescope import GRADESCOPE_DEFAULTS, GRADESCOPE_OPTIONS, VISIBILITIES
from grader.reference.course import assignments_root
from grader.spec import all_specs

SKIPPED = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", "examples"}
PROJECT = "dl-grader"

SETUP_SH = """#!/usr/bin/env bash
# dl-grader autograder setup: Gradescope runs this once, as root, when it builds the image.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

PYTHON="$(find_python || true)"
if [ -z "$PYTHON" ]; then
  # Gradescope's Ubuntu 22.04 images have Python 3.10; 3.11 is in the distribution's universe.
  apt-get update -y
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3.11 python3.11-venv
  PYTHON=python3.11
fi
if ! "$PYTHON" -m venv "$ROOT/venv"; then
  apt-get update -y
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$(basename "$PYTHON")-venv"
  "$PYTHON" -m venv "$ROOT/venv"
fi
"$ROOT/venv/bin/python" -m pip install --upgrade pip
"$ROOT/venv/bin/python" -m pip install "$SOURCE/dl-grader"
"$ROOT/venv/bin/python" -c "import grader.gradescope, grader.reference, grader.assignments"
# The kernels' own environment (no grader code in it) and a check of the sandbox. An image where
# kernels cannot be sandboxed still builds: every results.json then says why nothing was graded.
"$ROOT/venv/bin/python" -m grader setup || echo "dl-grader: WARNING: kernels cannot be sandboxed in this image" >&2
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# dl-grader: Gradescope runs this once per submission; it must leave results/results.json.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{DL_GRADER_PYTHON:-$ROOT/venv/bin/python}}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$ROOT"
"$PYTHON" -m grader.gradescope --assignment {assignment} --submission "$ROOT/submission" --results "$RESULTS" {options}
status=$?
if [ ! -s "$RESULTS" ]; then
  printf '{{"score": 0.0, "tests": [], "output": "%s"}}\n' \
    "The autograder could not grade this submission (exit status $status). Please tell the course staff." \
    > "$RESULTS"
fi
exit 0
"""

PYPROJECT = """[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
description = "dl-grader, bundled for a Gradescope autograder"
requires-python = ">=3.11"
dependencies = [{dependencies}]

[project.scripts]
grader = "grader.cli:main"

[tool.setuptools.packages.find]
include = ["grader*"]

[tool.setuptools.package-data]
"*" = ["*", "**/*"]
"""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("gradescope-autograder", help="build a Gradescope autograder zip",
                                 description="Build the setup.sh / run_autograder bundle for Gradescope.")
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment (the name in its spec.toml)")
    parser.add_argument("-o", "--output", type=Path, default=Path("autograder.zip"), metavar="FILE",
                        help="the zip to write (default: autograder.zip)")
    parser.add_argument("--visibility", choices=VISIBILITIES, default="visible",
                        help="when students see the test results (default: visible)")
    options.add_arguments(parser.add_argument, only=GRADESCOPE_OPTIONS, defaults=GRADESCOPE_DEFAULTS)
    parser.set_defaults(run=run)


def _dependencies() -> list[str]:
    try:
        requires = importlib.metadata.requires(PROJECT) or []
    except importlib.metadata.PackageNotFoundError:
        requires = []
    return [r for r in requires if "extra ==" not in r]


def _files(folder: Path, prefix: str, skip: set[str]) -> dict[str, Path]:
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or skip & set(relative.parts) or path.suffix in (".pyc", ".pyo"):
            continue
        if relative.parts[0].endswith(".egg-info"):
            continue
        found[f"{prefix}/{relative.as_posix()}"] = path
    return found


def source_files() -> dict[str, Path]:
    """Archive path -> file of the source copy: the grader package with its reference and assignments."""
    import grader.reference

    package = Path(grader.__file__).resolve().parent
    root = f"{PROJECT}/grader"
    files = _files(package, root, SKIPPED | {"reference", "assignments"})
    files.update(_files(Path(grader.reference.__file__).resolve().parent, f"{root}/reference", SKIPPED))
    files.update(_files(assignments_root(), f"{root}/assignments", SKIPPED))
    return files


def pyproject() -> str:
    dependencies = ", ".join(f'"{d}"' for d in _dependencies())
    return PYPROJECT.format(name=PROJECT, version=grader.__version__, dependencies=dependencies)


def run_script(args: argparse.Namespace) -> str:
    """run_autograder, passing the chosen options on to the runner (python -m grader.gradescope)."""
    chosen = options.from_namespace(args, only=GRADESCOPE_OPTIONS)
    flags = ["--visibility", args.visibility, *options.to_flags(chosen, GRADESCOPE_OPTIONS)]
    return RUN_AUTOGRADER.format(assignment=shlex.quote(args.assignment),
                                 options=" ".join(shlex.quote(flag) for flag in flags))


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    archive.writestr(info, data)


def build_bundle(args: argparse.Namespace) -> list[str]:
    """Writes the zip; returns its member names."""
    args.output.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.output.with_name(args.output.name + ".tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        _add(archive, "setup.sh", SETUP_SH.encode(), executable=True)
        _add(archive, "run_autograder", run_script(args).encode(), executable=True)
        _add(archive, f"{PROJECT}/pyproject.toml", pyproject().encode())
        for name, path in source_files().items():
            _add(archive, name, path.read_bytes())
        names = archive.namelist()
    temporary.replace(args.output)
    return names


def run(args: argparse.Namespace) -> int:
    specs = all_specs()
    if args.assignment not in specs:
        print(f"grader gradescope-autograder: unknown assignment {args.assignment!r} "
              f"(known: {', '.join(sorted(specs))})", file=sys.stderr)
        return 2
    names = build_bundle(args)
    print(f"wrote {args.output} ({len(names)} files): upload it as the autograder of "
          f"{specs[args.assignment].title}; students submit {specs[args.assignment].notebook}")
    return 0
