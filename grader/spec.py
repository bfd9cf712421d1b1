"""Assignment specs: which functions are graded, on which cases, with which tolerances and points.

Each assignment folder holds one ``spec.toml`` (documented in docs/spec.md). This module only
reads and validates them; cases are built by :mod:`grader.cases`.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# Reading specs needs the schema and the assignment folders; the dataclasses alone (what the student
# distribution ships for its comparisons) need neither, so both are imported where specs are read.


class SpecError(ValueError):
    """An assignment spec that is malformed."""


@dataclass(frozen=True)
class Tolerance:
    """|got - expected| <= atol * max(1, max|expected|) + rtol * |expected|, elementwise."""

    rtol: float = 1e-6
    atol: float = 1e-8


@dataclass(frozen=True)
class PublicCase:
    """A case whose inputs students may see: literal ``args``, or a testCases function plus extra args."""

    label: str
    args: tuple[Any, ...] = ()
    test_case: str | None = None
    extra_args: tuple[Any, ...] = ()
    generator: str | None = None
    substitute: str | None = None


@dataclass(frozen=True)
class SemanticSpec:
    """Checks of meaning for a function whose values depend on how it draws random numbers.

    ``check`` names a checker of :mod:`grader.semantics`; ``cases`` a generator of the reference
    module, ``fn(rng) -> [{"args": [...]}, ...]``, of large inputs for its statistical tests.
    """

    check: str
    cases: str | None = None


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    points: float = 1.0
    partial_credit: bool = False
    returns: Any = "value"
    returns_also: tuple[Any, ...] = ()  # other tuple layouts a correct function may return (another edition's)
    graded: tuple[str, ...] = ()
    in_place: tuple[str, ...] = ()  # arguments whose entries the function may change in place (the course's updates)
    scale_free: tuple[str, ...] = ()
    tolerance: Tolerance = field(default_factory=Tolerance)
    key_tolerance: dict[str, Tolerance] = field(default_factory=dict)
    public: tuple[PublicCase, ...] = ()
    hidden: str | None = None
    uses: dict[str, tuple[str, str]] = field(default_factory=dict)
    call_timeout: float = 30.0
    hint: str = ""
    semantic: SemanticSpec | None = None
    oracle: str | None = None  # a diagnosis of wrong values: grader.oracle.ORACLES
    editions: tuple[str, ...] = ()  # the editions of the course's notebook that have it (empty: all)

    def tolerance_for(self, key: str) -> Tolerance:
        return self.key_tolerance.get(key, self.tolerance)

    def layout_for(self, value: Any) -> Any:
        """``returns``, or the layout of ``returns_also`` with as many items as the tuple ``value``."""
        if isinstance(value, tuple | list) and not isinstance(self.returns, str) and len(value) != len(self.returns):
            return next((layout for layout in self.returns_also if len(layout) == len(value)), self.returns)
        return self.returns


@dataclass(frozen=True)
class AssignmentSpec:
    name: str
    title: str
    folder: Path
    notebook: str
    reference: str
    helpers: tuple[str, ...]
    functions: tuple[FunctionSpec, ...]
    editions: tuple[str, ...] = ()  # the course's editions of the notebook, oldest first (empty: one)

    def for_edition(self, edition: str | None) -> AssignmentSpec:
        """The spec of one edition: the functions that edition has (None: the latest edition, all of them)."""
        if edition is None:
            return self
        if edition not in self.editions:
            known = f"its editions are {', '.join(self.editions)}" if self.editions else "it has one edition"
            raise SpecError(f"{self.name}: no edition {edition!r} ({known})")
        return replace(self, functions=tuple(f for f in self.functions if not f.editions or edition in f.editions))

    @property
    def function_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.functions)

    def function(self, name: str) -> FunctionSpec:
        for spec in self.functions:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def max_score(self) -> float:
        return sum(f.points for f in self.functions)


def _tolerance(table: dict[str, Any], default: Tolerance) -> Tolerance:
    return Tolerance(rtol=float(table.get("rtol", default.rtol)), atol=float(table.get("atol", default.atol)))


def _semantic(table: Any) -> SemanticSpec | None:
    if table is None:
        return None
    if not isinstance(table, dict) or not isinstance(table.get("check"), str):
        raise ValueError("semantic must be a table with a 'check' name")
    return SemanticSpec(check=table["check"], cases=table.get("cases"))


def _function(table: dict[str, Any], where: str) -> FunctionSpec:
    try:
        name = table["name"]
        tolerance = _tolerance(table, Tolerance())
        uses = {}
        for qualified in table.get("uses", []):
            module, _, attribute = qualified.partition(".")
            uses[attribute] = (module, attribute)
        public = tuple(
            PublicCase(
                label=case.get("label", f"case {i + 1}"),
                args=tuple(case.get("args", ())),
                test_case=case.get("test_case"),
                extra_args=tuple(case.get("extra_args", ())),
                generator=case.get("generator"),
                substitute=case.get("substitute"),
            )
            for i, case in enumerate(table.get("public", []))
        )
        return FunctionSpec(
            name=name,
            points=float(table.get("points", 1)),
            partial_credit=bool(table.get("partial_credit", False)),
            returns=table.get("returns", "value"),
            returns_also=tuple(table.get("returns_also", ())),
            graded=tuple(table.get("graded", ())),
            in_place=tuple(table.get("in_place", ())),
            scale_free=tuple(table.get("scale_free", ())),
            tolerance=tolerance,
            key_tolerance={k: _tolerance(v, tolerance) for k, v in table.get("key_tolerance", {}).items()},
            public=public,
            hidden=table.get("hidden"),
            uses=uses,
            call_timeout=float(table.get("call_timeout", 30)),
            hint=table.get("hint", ""),
            semantic=_semantic(table.get("semantic")),
            oracle=table.get("oracle"),
            editions=tuple(table.get("editions", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SpecError(f"{where}: {error}") from error


def load_spec(folder: Path) -> AssignmentSpec:
    path = folder / "spec.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(f"{path}: {error}") from error
    return _parsed_spec(folder, text)


@functools.lru_cache(maxsize=64)
def _parsed_spec(folder: Path, text: str) -> AssignmentSpec:
    """A spec file's text parsed and validated, once per process and text (a batch asks for every spec per
    submission; an edited spec is a new text, parsed anew)."""
    path = folder / "spec.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"{path}: {error}") from error
    from grader import spec_schema

    found = spec_schema.problems(data, path)
    if found:
        raise SpecError("; ".join(found))
    functions = tuple(_function(t, f"{path} function {i + 1}") for i, t in enumerate(data.get("functions", [])))
    names = [f.name for f in functions]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise SpecError(f"{path}: functions: {', '.join(repeated)} graded twice")
    notebook = data.get("notebook", f"{folder.name}.ipynb")
    return AssignmentSpec(
        name=data.get("name", folder.name),
        title=data.get("title", folder.name),
        folder=folder,
        notebook=notebook,
        reference=data["reference"],
        helpers=tuple(data.get("helpers", ())),
        functions=functions,
        editions=tuple(data.get("editions", ())),
    )


def all_specs() -> dict[str, AssignmentSpec]:
    """Every assignment with a spec.toml, by name."""
    specs = {}
    from grader.reference.course import assignments_root

    for folder in sorted(assignments_root().iterdir()):
        if (folder / "spec.toml").is_file():
            spec = load_spec(folder)
            specs[spec.name] = spec
    return specs


def detect(graded_names: set[str], specs: dict[str, AssignmentSpec],
           headers: set[str] | frozenset[str] = frozenset()) -> AssignmentSpec | None:
    """The assignment sharing the most graded function names with the notebook (None if no overlap).

    ``graded_names`` are the functions the notebook defines (or names in a header); a tie is
    broken by the names in ``# GRADED FUNCTION:`` headers.
    """
    best = max(specs.values(), key=lambda s: (len(graded_names & set(s.function_names)),
                                              len(headers & set(s.function_names))), default=None)
    if best is None or not graded_names & set(best.function_names):
        return None
    return best
