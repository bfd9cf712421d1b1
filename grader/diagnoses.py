"""The vocabulary of named diagnoses: what is wrong, the same for hidden cases, and a hint.

``says`` may use ``{path}`` (the returned key), ``{subject}`` (a parameter or mask it is about)
and the finding's ``numbers`` (statistics of the returned values, never inputs of a hidden
case); ``reason`` is the same without numbers (for hidden cases and class summaries; empty:
``says`` has none); ``hint`` points at the fix without giving the code (empty: the spec's hint
of the function applies).
"""

from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnosis:
    says: str
    reason: str = ""
    hint: str = ""

    @property
    def has_numbers(self) -> bool:
        """Whether ``says`` quotes numbers (then findings with this diagnosis are not merged on one line)."""
        fields = {name for _, name, _, _ in string.Formatter().parse(self.says) if name}
        return bool(fields - {"path", "subject"})


@dataclass(frozen=True)
class Note:
    """Why values that differ from the reference's are accepted: for the case, and for the function."""

    case: str
    function: str


# The engine's own words; each exercise's judging module adds its DIAGNOSES and NOTES (grader.exercises).
DIAGNOSES: dict[str, Diagnosis] = {
    "transposed": Diagnosis("{path}: transposed",
                            hint="A transposed result: check the order of the dimensions, or of the operands of the "
                                 "product that makes it and where a transpose (.T) belongs."),
    "sign": Diagnosis("{path}: wrong sign", hint="The values have the opposite sign: check the order of a "
                                                  "subtraction."),
}
