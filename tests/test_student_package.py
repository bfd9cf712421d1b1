"""The student distribution: a wheel built here, installed in a fresh venv without dl-grader, that holds no
solution and self-checks real notebooks in a real kernel as the full grader judges their public cases."""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from inprocess import grade_source
from nbclient import NotebookClient
from notebooks import FUNCTIONS, IMPORTS, SPECS, build, edited, reference_source
from workflow import workflow_step

from grader import catalog
from grader import notebook as nbtools
from grader.cases import reference_module
from grader.cli import main
from grader.kernel.environment import ensure
from grader.reference.course import assignment_dir, shared_dir

pytestmark = [pytest.mark.kernel]
REPORT = """
import json, sys, importlib.util
from grader import check_all
report = check_all(show=False)
print("@@" + json.dumps({"functions": [[f.name, f.status, f.message, [[c.name, c.status, c.message] for c in f.cases]]
                                      for f in report.functions],
                         "modules": sorted(m for m in sys.modules if m == "grader" or m.startswith("grader.")),
                         "reference": importlib.util.find_spec("grader.reference") is not None}))
"""


@pytest.fixture(scope="module")
def student(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel, and a venv with it and the course's packages only (made from the kernel environment)."""
    root = tmp_path_factory.mktemp("student")
    assert main(["student-package", "-o", str(root / "dist")]) == 0
    wheel = next((root / "dist").glob("dl_grader_student-*.whl"))
    venv = root / "venv"
    kernel = ensure().python  # the course's packages (numpy, ipykernel, …) and no grader code
    subprocess.run([str(kernel), "-m", "venv", str(venv)], check=True)
    site = subprocess.run([str(kernel), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    ours = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()["
                           "'purelib'])"], check=True, capture_output=True, text=True).stdout.strip()
    Path(ours, "course-packages.pth").write_text(site + "\n", encoding="utf-8")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, capture_output=True)
    kernels = root / "jupyter" / "kernels" / "student"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "student", "language": "python"}), encoding="utf-8")
    return {"wheel": wheel, "venv": venv, "jupyter": root / "jupyter"}


def _public_files(assignment: str) -> str:
    folder = assignment_dir(assignment)
    texts = [p.read_text(encoding="utf-8") for p in [*folder.glob("*.py"), *shared_dir().glob("*.py"),
                                                     folder / "spec.toml"]]
    shipped = nbformat.read(folder / SPECS[assignment].notebook, as_version=4)
    return "\n".join(texts + [str(cell.source) for cell in shipped.cells])


def test_the_wheel_holds_no_reference_code_and_no_hidden_case_generator(student: dict[str, Path]) -> None:
    with zipfile.ZipFile(student["wheel"]) as wheel:
        texts = {name: wheel.read(name).decode("utf-8", errors="replace") for name in wheel.namelist()}
    names = set(texts)
    assert not any(n.startswith(("grader/reference", "grader/assignments")) for n in names)
    for module in ("scoring", "oracle", "semantics", "hypotheses", "cases", "pipeline", "selfcheck", "exercises",
                   "catalog", "mutants/__init__"):
        assert f"grader/{module}.py" not in names, module
    public = "\n".join(_public_files(a) for a in SPECS)
    blob = "\n".join(texts.values())
    checked = 0
    for assignment, spec in SPECS.items():
        module = reference_module(spec)
        for function in spec.functions:
            body = inspect.getsource(getattr(module, function.name)).splitlines()[1:]
            for line in (text.strip() for text in body):
                if len(line) >= 12 and line not in public and not line.startswith(("#", '"""')):
                    checked += 1
                    assert line not in blob, (assignment, function.name, line)
            for generator in (function.hidden, function.semantic.cases if function.semantic else None):
                if generator:
                    assert generator not in blob, generator
        for name, value in vars(module).items():  # no function of the reference module is defined in it
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_"):
                assert f"def {name}{inspect.signature(value)}" not in blob, name
    assert checked > 40  # the search had lines to look for


def _workdir(assignment: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in [*assignment_dir(assignment).iterdir(), *shared_dir().glob("*.py")]:
        if path.is_file() and path.suffix in (".py", ".mat", ".h5", ".npy") or path.is_dir() and path.name == "datasets":
            (shutil.copytree if path.is_dir() else shutil.copy2)(path, folder / path.name)
    return folder


def _run(nb: nbformat.NotebookNode, folder: Path, student: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("JUPYTER_PATH", str(student["jupyter"]))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(nb, kernel_name="student", timeout=300, resources={"metadata": {"path": str(folder)}}).execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(next(line[2:] for line in out.splitlines() if line.startswith("@@")))


def _mistakes(assignment: str) -> dict[str, tuple[list[tuple[str, str]], str]]:
    """Per function, the first catalogued mistake whose public case the full grader fails with words (not a crash),
    and those words."""
    chosen = {}
    mistakes, _ = catalog.entries()
    for function in FUNCTIONS[assignment]:
        for mistake in (m for m in mistakes if m.function == function):
            source = reference_source(assignment, function)
            if not all(old in source for old, _ in mistake.edits):
                continue
            graded = grade_source(assignment, function, edited(source, list(mistake.edits)), seed=0)
            public = next(c for c in graded.cases if not c.hidden)
            if public.status == "failed":
                chosen[function] = (list(mistake.edits), f"{public.name}: {public.message}")
                break
    return chosen


@pytest.mark.parametrize("assignment", sorted(SPECS))
def test_self_check_in_a_kernel_of_the_student_distribution(assignment: str, student: dict[str, Path],
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _workdir(assignment, tmp_path / "work")
    solution = _run(nbformat.read(build(assignment, tmp_path / "solution.ipynb"), as_version=4), folder, student,
                    monkeypatch)
    assert [(name, status) for name, status, _, _ in solution["functions"]] == [
        (name, "passed") for name in FUNCTIONS[assignment]]
    # (c) the kernel imported the student distribution only: no reference, no engine of the full grader
    assert not solution["reference"]
    assert not {m for m in solution["modules"] if m.split(".")[1:2] in (["pipeline"], ["scoring"], ["reference"],
                                                                            ["selfcheck"], ["cases"])}

    shipped = nbformat.read(assignment_dir(assignment) / SPECS[assignment].notebook, as_version=4)
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(IMPORTS[assignment])] + [
        shipped.cells[i] for i in sorted(nbtools.graded_cells(shipped).values())])
    for name, status, message, _ in _run(blank, folder, student, monkeypatch)["functions"]:
        assert status != "passed" and message.startswith("not implemented yet: the code between START CODE HERE"), (
            name, message)

    chosen = _mistakes(assignment)
    assert set(chosen) == set(FUNCTIONS[assignment]), chosen  # a catalogued mistake for every function
    wrong = build(assignment, tmp_path / "wrong.ipynb", edits={f: edits for f, (edits, _) in chosen.items()})
    seen = {name: message for name, _, message, _ in _run(nbformat.read(wrong, as_version=4), folder, student,
                                                          monkeypatch)["functions"]}
    for function, (_, full) in chosen.items():
        assert seen[function] == full, (function, seen[function], full)


def test_the_example_workflow_with_the_student_wheel_only(student: dict[str, Path], tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repository = _workdir("regularization", tmp_path / "assignment")
    build("regularization", repository / "Regularization.ipynb",
          edits={"backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")]})
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), repository / "scratch.ipynb")
    subprocess.run(["git", "init", "-q"], cwd=repository, check=True)
    subprocess.run(["git", "add", "-A", "-f"], cwd=repository, check=True)
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env.update({"GITHUB_ACTIONS": "true", "MIN_SCORE": "100%", "NOTEBOOKS": "*.ipynb",
                "PATH": f"{student['venv'] / 'bin'}{os.pathsep}{env['PATH'].replace(str(Path(sys.executable).parent), '')}"})
    (repository / "vendor").mkdir()
    shutil.copy2(student["wheel"], repository / "vendor" / student["wheel"].name)
    (repository / "requirements-grader.txt").write_text(f"./vendor/{student['wheel'].name}\n", encoding="utf-8")
    install = subprocess.run(["bash", "-c", workflow_step("Install dl-grader")], cwd=repository,
                             env={**env, "DL_GRADER": ""}, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0 and "(student distribution: public cases only)" in install.stdout, (
        install.stdout + install.stderr)
    run = subprocess.run(["bash", "-c", workflow_step("Grade the notebooks")], cwd=repository, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "public cases only" in run.stdout and "scratch.ipynb: skipped" in run.stdout
    assert re.search(r"::error file=Regularization\.ipynb,title=backward_propagation_with_dropout%3A failed", run.stdout)
    assert "division by keep_prob is missing" in run.stdout
    assert sorted(p.name for p in (repository / "grades").iterdir()) == ["Regularization.json", "Regularization.xml"]
    assert "is below the minimum 100%" in run.stderr
