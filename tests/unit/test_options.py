"""Grading options are declared once (grader.options): every front end gets the same flags, defaults and checks."""

from __future__ import annotations

import argparse

import pytest

from grader import options
from grader.cli import build_parser
from grader.gradescope import GRADESCOPE_DEFAULTS, GRADESCOPE_OPTIONS
from grader.options import OptionError, Options


def _flags(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {flag: action for action in parser._actions for flag in action.option_strings}


def _subparser(name: str) -> argparse.ArgumentParser:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices[name]


def test_check_and_grade_offer_every_option_with_its_declared_default_and_help() -> None:
    for command in ("check", "grade"):
        flags = _flags(_subparser(command))
        for field in options.user_options():
            action = flags[f"--{field.metadata['flag']}"]
            assert action.default == field.default and action.help == field.metadata["help"], (command, field.name)


def test_the_pytest_plugin_gets_the_same_options_with_a_prefix() -> None:
    parser = argparse.ArgumentParser()
    options.add_arguments(parser.add_argument, prefix="grade-")
    parsed = parser.parse_args(["--grade-call-timeout", "3", "--grade-full", "--grade-sandbox", "none"])
    chosen = options.from_values(lambda name: getattr(parsed, name), prefix="grade-")
    assert (chosen.call_timeout, chosen.full, chosen.sandbox, chosen.cell_timeout) == (3.0, True, "none", 60.0)


def test_the_gradescope_bundle_passes_its_options_on_to_the_runner_that_declares_them() -> None:
    from grader.commands.gradescope_autograder import run_script

    args = _subparser("gradescope-autograder").parse_args(["initialization", "--call-timeout", "7", "--full"])
    script = run_script(args)
    assert "--full --cell-timeout 60 --call-timeout 7 --sandbox auto --timeout 600" in script
    assert GRADESCOPE_DEFAULTS == {"submission_timeout": 600.0} and "seed" not in GRADESCOPE_OPTIONS


@pytest.mark.parametrize(("argv", "message"), [
    (["--call-timeout", "0"], "--call-timeout must be a positive number of seconds, not 0.0"),
    (["--timeout", "-5"], "--timeout must be a positive number of seconds"),
    (["--seed", "-1"], "--seed must be 0 or more"),
])
def test_values_that_are_not_allowed_name_their_flag(argv: list[str], message: str) -> None:
    parser = argparse.ArgumentParser()
    options.add_arguments(parser.add_argument)
    with pytest.raises(OptionError, match=message):
        options.from_namespace(parser.parse_args(argv))


def test_a_command_says_which_flag_is_wrong_and_exits_2(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    from grader.cli import main

    notebook = tmp_path / "x.ipynb"
    notebook.write_text("{}")
    assert main(["check", str(notebook), "--cell-timeout", "0"]) == 2
    assert "grader check: --cell-timeout must be a positive number of seconds" in capsys.readouterr().err


def test_to_flags_gives_back_the_options() -> None:
    chosen = Options(full=True, call_timeout=2.5, sandbox="none")
    parser = argparse.ArgumentParser()
    options.add_arguments(parser.add_argument)
    again = options.from_namespace(parser.parse_args(options.to_flags(chosen, [f.name for f in options.user_options()])))
    assert again == chosen
