"""Comparing printed text that contains floats: numbers as numbers (with a tolerance), text as text.

Machines differ in BLAS and CPU, so the last digits of a printed float are not part of any
contract: ``same_text("difference = 0.285093156776", "difference = 0.285093156777")`` holds
(relative 1e-9), ``same_text("cost = 1.78", "cost = 1.79")`` does not.
"""

from __future__ import annotations

import math
import re

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan")
REL = 1e-9


def split(text: str) -> tuple[list[str], list[float]]:
    """The text around the numbers (numbers replaced by a marker) and the numbers."""
    numbers = [float(m) for m in NUMBER.findall(text)]
    return NUMBER.split(text), numbers


def close(a: float, b: float, rel: float = REL) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)


def same_text(expected: str, printed: str, rel: float = REL) -> bool:
    """Whether two lines say the same: equal text, numbers equal within ``rel``."""
    text_a, numbers_a = split(expected)
    text_b, numbers_b = split(printed)
    return (text_a == text_b and len(numbers_a) == len(numbers_b)
            and all(close(a, b, rel) for a, b in zip(numbers_a, numbers_b, strict=True)))


def contains_line(printed: str, expected: str, rel: float = REL) -> bool:
    """Whether some line of ``printed`` says ``expected`` (numbers within ``rel``)."""
    return any(same_text(expected.strip(), line.strip(), rel) for line in printed.splitlines())


def contains(printed: str, expected: str, rel: float = REL) -> bool:
    """Whether ``printed`` has a run of consecutive lines that say the lines of ``expected``."""
    want = [line.strip() for line in expected.strip("\n").splitlines()]
    have = [line.strip() for line in printed.splitlines()]
    return any(all(same_text(w, h, rel) for w, h in zip(want, have[i:i + len(want)], strict=True))
               for i in range(len(have) - len(want) + 1))
