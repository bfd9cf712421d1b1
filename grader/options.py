"""The grading options, declared once: each field's default, flag, help and check.

``grader check``, ``grader grade``, the pytest plugin (with the prefix ``grade-``) and the
Gradescope runner all get their flags from :data:`Options`' fields through
:func:`add_arguments`, and build their options with :func:`from_values`, which validates
them. This module imports nothing heavy: the pytest plugin loads it in every pytest run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

SANDBOXES = ("auto", "bwrap", "none")
KERNEL_STARTS = ("auto", "fork", "exec")


def _option(default: Any, flag: str, help: str, metavar: str = "", choices: tuple[str, ...] = (),
            kind: type | None = None, positive: bool = False) -> Any:
    return field(default=default, metadata={"flag": flag, "help": help, "metavar": metavar, "choices": choices,
                                            "kind": kind, "positive": positive})


@dataclass(frozen=True)
class Options:
    """How one submission is graded. Fields with a ``flag`` are user options; the others are set by the tool."""

    assignment: str | None = _option(None, "assignment", "grade as this assignment instead of detecting it",
                                     "NAME", kind=str)
    edition: str | None = _option(None, "edition", "grade as this edition of the course's notebook (default: the "
                                  "latest, with every function)", "NAME", kind=str)
    full: bool = _option(False, "full", "run every cell as written (default: definitions only)")
    seed: int | None = _option(None, "seed", "seed of the hidden cases (default: a new one per run)", "N", kind=int)
    cell_timeout: float = _option(60.0, "cell-timeout", "time limit per cell in seconds (60)", "S", kind=float,
                                  positive=True)
    call_timeout: float | None = _option(None, "call-timeout", "time limit per call of a graded function in "
                                         "seconds (default: per function in the spec, 30)", "S", kind=float,
                                         positive=True)
    sandbox: str = _option("auto", "sandbox", "confine student kernels with bubblewrap (auto: when it works here)",
                           choices=SANDBOXES, kind=str)
    kernel_start: str = _option("auto", "kernel-start", "how sandboxed kernels start: fork (from a fork server that "
                                "has imported ipykernel), exec (bubblewrap starts each); auto: fork in batches",
                                choices=KERNEL_STARTS, kind=str)
    submission_timeout: float = _option(900.0, "timeout", "time limit per submission in seconds (900)", "S",
                                        kind=float, positive=True)
    hide: tuple[str, ...] = ()
    warm_kernels: bool = False
    kernel_name: str = "python3"


def user_options() -> list[Any]:
    """The fields students' and instructors' tools expose as flags, in declaration order."""
    return [f for f in fields(Options) if "flag" in f.metadata]


def add_arguments(add: Callable[..., Any], prefix: str = "", only: Iterable[str] | None = None,
                  defaults: dict[str, Any] | None = None) -> None:
    """Declares the flags with ``add`` (``ArgumentParser.add_argument`` or pytest's ``addoption``).

    ``only`` limits them to some fields; ``defaults`` overrides a default (said in the help).
    """
    wanted = set(only) if only is not None else None
    for option in user_options():
        if wanted is not None and option.name not in wanted:
            continue
        meta = option.metadata
        default = (defaults or {}).get(option.name, option.default)
        text = meta["help"] + (f" [here: {default}]" if defaults and option.name in defaults else "")
        kwargs: dict[str, Any] = {"dest": prefix.replace("-", "_") + option.name, "help": text, "default": default}
        if meta["kind"] is None:
            kwargs["action"] = "store_true"
        else:
            kwargs["type"] = meta["kind"]
            if meta["metavar"]:
                kwargs["metavar"] = meta["metavar"]
            if meta["choices"]:
                kwargs["choices"] = meta["choices"]
        add(f"--{prefix}{meta['flag']}", **kwargs)


class OptionError(ValueError):
    """An option value that is not allowed (the message names the flag)."""


def from_values(get: Callable[[str], Any], prefix: str = "", base: Options | None = None,
                only: Iterable[str] | None = None) -> Options:
    """Options from flag values (``get(dest)``), validated; fields not in ``only`` keep ``base``'s values."""
    wanted = set(only) if only is not None else None
    values = {}
    for option in user_options():
        if wanted is not None and option.name not in wanted:
            continue
        value = get(prefix.replace("-", "_") + option.name)
        if option.metadata["positive"] and value is not None and not value > 0:
            raise OptionError(f"--{prefix}{option.metadata['flag']} must be a positive number of seconds, not {value}")
        if option.name == "seed" and value is not None and value < 0:
            raise OptionError(f"--{prefix}seed must be 0 or more, not {value}")
        values[option.name] = value
    return replace(base or Options(), **values)


def from_namespace(args: argparse.Namespace, base: Options | None = None, only: Iterable[str] | None = None) -> Options:
    return from_values(lambda name: getattr(args, name), base=base, only=only)


def to_flags(options: Options, only: Iterable[str]) -> list[str]:
    """The command-line flags that give ``options``' values of the fields ``only`` (for a command run later)."""
    flags, wanted = [], set(only)
    for option in user_options():
        if option.name not in wanted:
            continue
        value = getattr(options, option.name)
        if option.metadata["kind"] is None:
            flags += [f"--{option.metadata['flag']}"] if value else []
        elif value is not None:
            flags += [f"--{option.metadata['flag']}", f"{value:g}" if isinstance(value, float) else str(value)]
    return flags
