"""``grader student-package``: the student distribution, a wheel that holds no solution (docs/student.md).

The wheel ``dl-grader-student`` installs the import package ``grader`` with the self-check
(``from grader import check``, the name the shipped notebooks use) and ``grader check`` for an
assignment repository's CI, both judging only the public cases. What it carries about each
assignment is data, made here with the full grader: the public cases' inputs and expected
outputs, the outputs of the catalogued mistakes and alternatives on them with the full grader's
verdict and message, the shipped notebook's START/END regions, the course's helper modules and
the count of hidden cases. Stand-ins that a public case substitutes for helper functions become
tables of the calls the reference and the catalog make. No reference function, hidden-case
generator, oracle or semantic check is written; the build refuses to write a wheel in which a
line of a reference function (one the course does not print itself) or a generator's name appears.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import inspect
import io
import json
import zipfile
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import numpy as np

import grader
from grader import catalog, wire
from grader import notebook as nbtools
from grader.cases import Case, argument_names, build_cases, reference_module, substituted
from grader.outcomes import CallOutcome
from grader.reference.course import assignment_dir, shared_dir
from grader.scoring import judge_function
from grader.spec import AssignmentSpec, FunctionSpec

NAME = "dl-grader-student"
PACKAGE = Path(grader.__file__).resolve().parent
SHIPPED = ("__init__.py", "checkreport.py", "ci.py", "compare.py", "diagnoses.py", "files.py", "junit.py", "limits.py",
           "messages.py", "notebook.py", "outcomes.py", "results.py", "spec.py", "text.py", "wire.py",
           "kernel/__init__.py", "kernel/inside/__init__.py", "kernel/inside/harness.py", "kernel/inside/protocol.py",
           "student/__init__.py", "student/selfcheck.py", "student/cli.py", "student/run.py",
           "templates/selfcheck.html")
REQUIRES = ("numpy>=1.24", "jinja2>=3.1", "nbformat>=5.9", "ipython>=8")
SEMANTIC_NOTE = ("values that draw their random numbers differently from the notebook's instructions are judged by "
                 "the full grader's statistical checks only")


class PackageError(ValueError):
    """The student distribution cannot be built (the message says why)."""


# ---------------------------------------------------------------- what stays secret

def public_text(spec: AssignmentSpec) -> str:
    """Everything the course hands students for an assignment: its notebook's cells, its files and the shared ones."""
    folder = assignment_dir(spec.name)
    paths = sorted(folder.glob("*.py")) + sorted(shared_dir().glob("*.py")) + [folder / "spec.toml"]  # its hints
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
    shipped = nbtools.read_notebook(folder / spec.notebook)
    texts += [str(cell.source) for cell in shipped.cells]
    return "\n".join(texts)


def secrets(specs: list[AssignmentSpec]) -> set[str]:
    """Lines of the reference functions that the course does not hand out (in any assignment's files), and the
    names of the hidden-case generators: none may appear in the student distribution."""
    public = "\n".join(public_text(spec) for spec in specs)  # a line found anywhere in it is handed out already
    found: set[str] = set()
    for spec in specs:
        module = reference_module(spec)
        for function in spec.functions:
            body = inspect.getsource(getattr(module, function.name)).splitlines()[1:]
            found |= {line.strip() for line in body if len(line.strip()) >= 12 and line.strip() not in public
                      and not line.strip().startswith(("#", '"""', "'''"))}
            generators = [function.hidden, function.semantic.cases if function.semantic else None,
                          *(case.generator for case in function.public)]
            found |= {name for name in generators if name}
    return found


# ---------------------------------------------------------------- the data

def _call(function: Any, case: Case, substitute: str | None = None) -> CallOutcome:
    try:
        with substituted(function, substitute if substitute is not None else case.substitute), \
                redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
            return CallOutcome("ok", value=function(*copy.deepcopy(case.args)))
    except Exception as error:  # noqa: BLE001 - a catalogued mistake may raise; it is then not a known value
        return CallOutcome("raised", error={"type": type(error).__name__, "message": str(error)})


def _variants(spec: AssignmentSpec, function: FunctionSpec) -> list[Any]:
    """The catalogued mistakes and alternatives of ``function``, compiled from edits of the reference."""
    module = reference_module(spec)
    source = inspect.getsource(getattr(module, function.name))
    mistakes, alternatives = catalog.entries()
    compiled = []
    for entry in [*mistakes, *alternatives]:
        if entry.function != function.name or getattr(entry, "also", ()):
            continue
        edited = source
        for old, new in entry.edits:
            edited = edited.replace(old, new)
        namespace = dict(vars(module))
        try:
            exec(compile(edited, f"<catalog {function.name}>", "exec"), namespace)  # trusted: catalog edits
        except SyntaxError:
            continue
        compiled.append(namespace[function.name])
    return compiled


def _known(function: FunctionSpec, cases: list[Case], variants: list[Any], public: list[int]) -> list[list[dict]]:
    """Per public case, the values the variants return that are not the expected one, with the full grader's words."""
    known: list[list[dict]] = [[] for _ in public]
    for variant in variants:
        outcomes = [_call(variant, case) for case in cases]
        result = judge_function(function, cases, outcomes, None, True, False)
        for slot, index in enumerate(public):
            verdict, outcome = result.cases[index], outcomes[index]
            if outcome.kind != "ok" or (verdict.status == "passed" and not verdict.message):
                continue
            try:
                value = wire.encode(outcome.value)
            except (TypeError, ValueError):
                continue
            if verdict.status == "passed" or value not in [k["value"] for k in known[slot]]:
                known[slot].append({"value": value, "status": verdict.status, "message": verdict.message,
                                    "reason": str((verdict.details or {}).get("reason", verdict.status)),
                                    "hint": result.hint if verdict.status != "passed" else ""})
    return known


def _numbers(value: Any) -> Any:
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise PackageError(f"a stand-in's call holds {type(value).__name__}, not numbers")
    return array.tolist()


def stand_in(case: Case, callers: list[Any]) -> str:
    """The substitute of a public case as a table of the calls ``callers`` make to it (no code of it)."""
    scope: dict[str, Any] = {"np": np}
    exec(compile(case.substitute or "", "<substitute>", "exec"), scope)  # trusted: from the reference module
    names = [k for k, v in scope.items() if callable(v) and not k.startswith("_") and k != "np"]
    calls: dict[str, list] = {name: [] for name in names}

    def record(name: str, args: tuple) -> Any:
        result = scope[name](*args)
        entry = [[_numbers(a) for a in args], _numbers(result), isinstance(result, np.ndarray)]
        if entry not in calls[name]:
            calls[name].append(entry)
        return result

    source = "\n".join(f"def {name}(*args):\n    return _answer({name!r}, args)\n" for name in names)
    recorders: dict[str, Any] = {"np": np, "_answer": record}
    exec(compile(source, "<recorder>", "exec"), recorders)
    for caller in callers:
        with _installed(caller, {name: recorders[name] for name in names}), redirect_stdout(io.StringIO()), \
                np.errstate(all="ignore"):
            try:
                caller(*copy.deepcopy(case.args))
            except Exception:  # noqa: BLE001, S110 - a mistake that raises has recorded what it called before
                pass
    return (f"_ANSWERS = {calls!r}\n\n"
            "def _answer(name, args):\n"
            "    for known, result, array in _ANSWERS[name]:\n"
            "        if len(known) == len(args) and all(np.shape(a) == np.shape(k) and np.allclose(\n"
            "                np.asarray(a, dtype=float), np.asarray(k, dtype=float), rtol=1e-12, atol=0)\n"
            "                for a, k in zip(args, known)):\n"
            "            return np.array(result) if array else result\n"
            "    raise LookupError(f'the self-check knows {name} only at the points the public case uses; '\n"
            "                      'the full grader runs this call')\n\n" + source)


class _installed:
    """Names of ``function``'s globals replaced for a while."""

    def __init__(self, function: Any, replacements: dict[str, Any]) -> None:
        self.namespace, self.replacements = function.__globals__, replacements
        self.saved: dict[str, Any] = {}

    def __enter__(self) -> None:
        self.saved = {name: self.namespace.get(name) for name in self.replacements}
        self.namespace.update(self.replacements)

    def __exit__(self, *exc: object) -> None:
        self.namespace.update(self.saved)


def _spec_data(function: FunctionSpec) -> dict[str, Any]:
    def layout(value: Any) -> Any:
        return [layout(v) for v in value] if isinstance(value, tuple | list) else value

    return {"name": function.name, "points": function.points, "returns": layout(function.returns),
            "returns_also": [layout(v) for v in function.returns_also], "graded": list(function.graded),
            "in_place": list(function.in_place), "scale_free": list(function.scale_free),
            "tolerance": {"rtol": function.tolerance.rtol, "atol": function.tolerance.atol},
            "key_tolerance": {k: {"rtol": t.rtol, "atol": t.atol} for k, t in function.key_tolerance.items()},
            "uses": {k: list(v) for k, v in function.uses.items()}, "call_timeout": function.call_timeout,
            "hint": function.hint, "editions": list(function.editions)}


def _withheld(known: list[dict], secret: set[str] | frozenset[str], function: FunctionSpec) -> list[dict]:
    """Known values whose words would hand out a secret line: a hint that spells out the reference's line gives way
    to the function's own hint; a message that does is not shipped (the comparison's own words apply)."""
    kept = []
    for entry in known:
        if any(line in entry["message"] for line in secret):
            continue
        if any(line in entry["hint"] for line in secret):
            entry = {**entry, "hint": function.hint}
        kept.append(entry)
    return kept


def assignment_data(spec: AssignmentSpec, secret: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """What the student distribution knows of one assignment (JSON-ready); ``secret``: lines its words may not hold."""
    shipped = nbtools.read_notebook(assignment_dir(spec.name) / spec.notebook)
    regions = {name: nbtools.student_region(str(shipped.cells[i].source))
               for name, i in nbtools.graded_cells(shipped).items() if nbtools.START_MARK in shipped.cells[i].source}
    reference = reference_module(spec)
    functions = []
    for function in spec.functions:
        cases = [c for c in build_cases(spec, function, seed=0) if not c.semantic]
        public = [i for i, c in enumerate(cases) if not c.hidden]
        variants = _variants(spec, function)
        known = _known(function, cases, variants, public)
        shown = []
        for slot, index in enumerate(public):
            case = cases[index]
            shown.append({"label": case.label, "args": [wire.encode(a) for a in case.args],
                          "expected": wire.encode(case.expected), "known": _withheld(known[slot], secret, function),
                          "substitute": stand_in(case, [getattr(reference, function.name), *variants])
                          if case.substitute else None})
        functions.append({"spec": _spec_data(function), "arguments": list(argument_names(spec, function.name)),
                          "region": regions.get(function.name), "hidden": len(cases) - len(public)
                          + sum(1 for c in build_cases(spec, function, seed=0) if c.semantic),
                          "note": SEMANTIC_NOTE if function.semantic else "", "cases": shown})
    helpers = {}
    for name in spec.helpers:
        local = assignment_dir(spec.name) / f"{name}.py"
        helpers[name] = (local if local.is_file() else shared_dir() / f"{name}.py").read_text(encoding="utf-8")
    return {"name": spec.name, "title": spec.title, "notebook": spec.notebook, "helpers": helpers,
            "functions": functions}


# ---------------------------------------------------------------- the wheel

def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def files(specs: list[AssignmentSpec], secret: set[str]) -> dict[str, bytes]:
    """Every file of the wheel's package, by its path in the wheel."""
    found = {f"grader/{path}": (PACKAGE / path).read_bytes() for path in SHIPPED}
    for spec in specs:
        data = json.dumps(assignment_data(spec, secret), indent=1, sort_keys=True)
        found[f"grader/student/data/{spec.name}.json"] = data.encode()
    return found


def check_secrets(contents: dict[str, bytes], secret: set[str]) -> None:
    """Refuses a wheel in which a secret line of any assignment appears."""
    for path, data in contents.items():
        text = data.decode("utf-8", errors="replace")
        leaked = sorted(line for line in secret if line in text)
        if leaked:
            raise PackageError(f"{path} would hand out {leaked[0]!r} (and {len(leaked) - 1} more)")


def build(specs: list[AssignmentSpec], out: Path) -> Path:
    """Writes the wheel into ``out``; returns its path."""
    from grader.spec import all_specs

    secret = secrets(list(all_specs().values()))  # what one exercise hides, no other may hand out
    contents = files(specs, secret)
    check_secrets(contents, secret)
    version = grader.__version__
    dist = f"dl_grader_student-{version}.dist-info"
    metadata = "\n".join(["Metadata-Version: 2.1", f"Name: {NAME}", f"Version: {version}",
                          "Summary: dl-grader's self-check and CI check for students: public cases only, no solutions",
                          "Requires-Python: >=3.11", *(f"Requires-Dist: {r}" for r in REQUIRES),
                          f"Keywords: {' '.join(s.name for s in specs)}", ""])
    contents[f"{dist}/METADATA"] = metadata.encode()
    contents[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: dl-grader\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    contents[f"{dist}/entry_points.txt"] = b"[console_scripts]\ngrader = grader.student.cli:main\n"
    record = [_record_line(name, data) for name, data in contents.items()] + [f"{dist}/RECORD,,"]
    contents[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"dl_grader_student-{version}-py3-none-any.whl"
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in contents.items():
            wheel.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    temporary.replace(path)
    return path
