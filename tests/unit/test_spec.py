"""grader.spec: the shipped specs load, and malformed specs are errors that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.spec import SpecError, all_specs, detect, load_spec

MINIMAL = 'name = "toy"\nreference = "grader.reference.initialization"\n[[functions]]\nname = "f"\n'


def test_every_shipped_spec_loads_and_has_points():
    specs = all_specs()
    assert specs, "no assignment specs found"
    for spec in specs.values():
        assert spec.max_score > 0 and len(set(spec.function_names)) == len(spec.functions)
        assert (spec.folder / spec.notebook).is_file(), spec.name


def test_a_minimal_spec_gets_the_documented_defaults(tmp_path: Path):
    (tmp_path / "spec.toml").write_text(MINIMAL)
    spec = load_spec(tmp_path)
    (function,) = spec.functions
    assert (spec.name, spec.notebook, function.points, function.returns, function.call_timeout) == (
        "toy", f"{tmp_path.name}.ipynb", 1.0, "value", 30.0)
    assert function.tolerance.rtol == 1e-6 and function.tolerance_for("x") == function.tolerance


@pytest.mark.parametrize(("text", "message"), [
    ("name = ", "spec.toml"),
    ('name = "toy"\nreference = "x"\n', "no graded functions"),
    ('reference = "x"\n[[functions]]\npoints = 1\n', "function 1"),
    ('reference = "x"\n[[functions]]\nname = "f"\npoints = "many"\n', "function 1"),
    ('reference = "x"\n[[functions]]\nname = "f"\nsemantic = 3\n', "semantic must be a table"),
])
def test_malformed_specs_name_the_file(tmp_path: Path, text: str, message: str):
    (tmp_path / "spec.toml").write_text(text)
    with pytest.raises(SpecError, match=message) as error:
        load_spec(tmp_path)
    assert str(tmp_path / "spec.toml") in str(error.value)


def test_a_missing_spec_file_is_a_spec_error(tmp_path: Path):
    with pytest.raises(SpecError, match="spec.toml"):
        load_spec(tmp_path)


def test_detect_picks_the_assignment_with_most_graded_names():
    specs = all_specs()
    assert detect({"initialize_parameters_he", "unrelated"}, specs).name == "initialization"
    assert detect({"gradient_check_n", "forward_propagation"}, specs).name == "gradient_checking"
    assert detect({"L_layer_model"}, specs) is None
    assert detect(set(), specs) is None
