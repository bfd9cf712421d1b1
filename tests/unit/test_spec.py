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
    (tmp_path / f"{tmp_path.name}.ipynb").write_text("{}")
    spec = load_spec(tmp_path)
    (function,) = spec.functions
    assert (spec.name, spec.notebook, function.points, function.returns, function.call_timeout) == (
        "toy", f"{tmp_path.name}.ipynb", 1.0, "value", 30.0)
    assert function.tolerance.rtol == 1e-6 and function.tolerance_for("x") == function.tolerance


@pytest.mark.parametrize(("text", "message"), [
    ("name = ", "spec.toml"),
    ('name = "toy"\nreference = "x"\n', "top level: 'functions' is a required property"),
    ('name = "toy"\nreference = "x"\nfunctions = []\n', "functions: .* should be non-empty"),
    ('reference = "x"\n[[functions]]\npoints = 1\n', r"functions\[1\]: 'name' is a required property \(keys: "),
    ('reference = "x"\n[[functions]]\nname = "f"\npoints = "many"\n', r"functions\[1\].points: 'many' is not of"),
    ('reference = "x"\n[[functions]]\nname = "f"\nsemantic = 3\n', r"functions\[1\].semantic: 3 is not of type"),
    ('reference = "x"\n[[functions]]\nname = "f"\nrtl = 1e-3\n',
     r"functions\[1\]: unknown key 'rtl' \(allowed: atol, call_timeout, .*rtol"),
    ('reference = "x"\nnotebok = "a.ipynb"\n[[functions]]\nname = "f"\n', "top level: unknown key 'notebok'"),
    ('name = "toy"\n[[functions]]\nname = "f"\n', "'reference' is a required property"),
    ('reference = "x"\n[[functions]]\nname = "f"\n[[functions]]\nname = "f"\n', "functions: f graded twice"),
    ('reference = "x"\n[[functions]]\nname = "f"\npublic = [{ lable = "x" }]\n',
     r"functions\[1\].public\[1\]: unknown key 'lable'"),
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


def test_a_spec_naming_what_does_not_exist_is_reported_with_every_missing_name(tmp_path: Path):
    from grader.cases import verify

    (tmp_path / "spec.toml").write_text(
        'reference = "grader.reference.initialization"\nhelpers = ["nowhere"]\n[[functions]]\n'
        'name = "initialize_parameters_he"\nhidden = "no_such_generator"\noracle = "psychic"\n'
        'semantic = { check = "vibes" }\nuses = ["other.f"]\n[[functions]]\nname = "not_in_the_reference"\n')
    found = "\n".join(verify(load_spec(tmp_path)))  # and no notebook
    for expected in (f"notebook: no file {tmp_path.name}.ipynb", "helpers: no module nowhere.py", "hidden: 'no_such_generator' is not defined",
                     "oracle: 'psychic' (known: ", "semantic.check: 'vibes' (known: ",
                     "uses: other.f: other is not one of the spec's helpers",
                     "function not_in_the_reference: reference function: 'not_in_the_reference' is not defined"):
        assert expected in found, found
    assert all(verify(spec) == [] for spec in all_specs().values())


EDITIONS = ('name = "toy"\nreference = "grader.reference.initialization"\neditions = ["2019", "2021"]\n'
            '[[functions]]\nname = "initialize_parameters_zeros"\n'
            '[[functions]]\nname = "initialize_parameters_he"\neditions = ["2021"]\n')


def test_an_edition_grades_the_functions_it_has(tmp_path: Path):
    from grader.cases import verify

    (tmp_path / "spec.toml").write_text(EDITIONS)
    spec = load_spec(tmp_path)
    assert spec.for_edition(None) is spec and spec.for_edition("2021").function_names == spec.function_names
    older = spec.for_edition("2019")
    assert older.function_names == ("initialize_parameters_zeros",) and older.max_score == 1
    with pytest.raises(SpecError, match=r"toy: no edition '2017' \(its editions are 2019, 2021\)"):
        spec.for_edition("2017")
    with pytest.raises(SpecError, match="it has one edition"):
        all_specs()["initialization"].for_edition("2021")
    from grader.scoring import judge_function

    missing = judge_function(spec.function("initialize_parameters_he"), [], [], None, False, False)
    assert missing.status == "missing" and "only the 2021 edition of the notebook has it (--edition" in missing.message
    (tmp_path / "spec.toml").write_text(EDITIONS.replace('editions = ["2021"]', 'editions = ["2020"]'))
    assert any("editions: '2020' is not one of the spec's editions (2019, 2021)" in p
               for p in verify(load_spec(tmp_path)))
