"""Words for findings and execution problems: one line that says what is wrong and where.

Messages never show a hidden case's inputs; they name the returned key and how it is wrong.
Findings of kind ``diagnosed`` are worded from :data:`DIAGNOSES` (grader/diagnoses.py): what
is wrong (with statistics of the returned values where that helps, never an input), the same
without numbers for hidden cases and class summaries, and a hint at the fix without the code.
"""

from __future__ import annotations

from dataclasses import replace

from grader.compare import Finding
from grader.diagnoses import DIAGNOSES, Diagnosis
from grader.outcomes import CallOutcome


def _number(value: float) -> str:
    return f"{value:.3g}"


def describe(finding: Finding) -> str:
    """One line for one finding."""
    path = finding.path
    if finding.kind == "none":
        return "returned None" if path == "return value" else f"{path} is None"
    if finding.kind == "type":
        subject = "returned" if path == "return value" else f"{path} is"
        return f"{subject} {finding.got}, expected {finding.expected}"
    if finding.kind == "length":
        return f"{path} has {finding.got} items, expected {finding.expected}"
    if finding.kind == "missing_key":  # a key of a nested dict is named with its dict: v['dW2']
        return f"{path} is missing" if "[" in path else f"missing key '{path}'"
    if finding.kind == "extra_key":
        return (f"unexpected key {path}" if "[" in path else f"unexpected key '{path}'") + (
            f" (the keys are exactly {finding.expected})")
    if finding.kind == "shape":
        text = f"{path} has shape {finding.got}, expected {finding.expected}"
        return text + " (it is transposed)" if finding.transposed else text
    if finding.kind == "not_finite":
        return f"{path}: {finding.wrong_count} of {finding.total} values are NaN or infinite"
    if finding.kind == "opaque":
        return f"{path} is {finding.got}, expected numbers"
    if finding.kind == "values":
        return _values(finding)
    if finding.kind == "diagnosed":
        return _fill(_entry(finding).says, finding)
    return f"{path}: {finding.kind}"


def _entry(finding: Finding) -> Diagnosis:
    from grader.exercises import registry  # only diagnosed findings need the exercises' words

    return registry().diagnoses.get(finding.diagnosis) or Diagnosis(f"{{path}}: {finding.diagnosis.replace('_', ' ')}")


def _fill(template: str, finding: Finding, path: str | None = None) -> str:
    subject = finding.subject or finding.path
    return template.format(path=finding.path if path is None else path, subject=subject, **finding.numbers)


def hint(findings: list[Finding]) -> str:
    """The hint of the first finding that has one of its own ("" when none does: the spec's hint applies).

    Diagnosed findings have theirs; so have a transposed array and values of the wrong sign.
    """
    for finding in findings:
        if finding.kind == "diagnosed" and _entry(finding).hint:
            return _fill(_entry(finding).hint, finding)
        if finding.kind in ("shape", "values") and finding.transposed:
            return DIAGNOSES["transposed"].hint
        if finding.kind == "values" and finding.factor is not None and abs(finding.factor + 1) < 1e-3:
            return DIAGNOSES["sign"].hint
    return ""


def _template(finding: Finding, hidden: bool) -> str:
    entry = _entry(finding)
    return entry.reason if hidden and entry.reason else entry.says


def _grouped(findings: list[Finding], hidden: bool) -> list[tuple[Finding, str]]:
    """Diagnosed findings said the same way but for their path, on one line: (first, paths).

    The same diagnosis with no numbers in the wording shown, or the same numbers once rounded for it.
    When their subjects differ (W1, W2, …) the line names the subject generically (W_l).
    """
    groups: list[tuple[Finding, list[str]]] = []
    subjects: dict[int, set[str]] = {}
    for finding in findings:
        if finding.kind == "diagnosed":
            template = _template(finding, hidden)
            numbers = Diagnosis(template).has_numbers
            same = next((g for g in groups if g[0].kind == "diagnosed" and g[0].diagnosis == finding.diagnosis
                         and (not numbers or _fill(template, g[0], "") == _fill(template, finding, ""))), None)
            if same is not None:
                same[1].append(finding.path)
                subjects[id(same[0])].add(finding.subject)
                continue
        subjects[id(finding)] = {finding.subject}
        groups.append((finding, [finding.path]))
    return [(first if len(subjects[id(first)]) > 1 else replace(first, path=", ".join(dict.fromkeys(paths))),
             ", ".join(dict.fromkeys(paths))) for first, paths in groups]


def _one(finding: Finding, paths: str, hidden: bool) -> str:
    if finding.kind != "diagnosed":
        return reason(finding) if hidden else describe(finding)
    template = _template(finding, hidden)
    if paths != finding.path:  # several parameters: name them generically (W_l, D_l)
        return _fill(template.replace("{subject}", _generic(finding.subject)), finding, paths)
    return _fill(template, finding)


def _generic(subject: str) -> str:
    return subject[:-1] + "_l" if subject[-1:].isdigit() else subject


def _values(finding: Finding) -> str:
    if finding.total == 1 and "got" in finding.sample:
        got, expected = finding.sample["got"], finding.sample["expected"]
        text = f"{finding.path}: got {_scalar(got)}, expected {_scalar(expected)}"
        if finding.factor is not None:
            text += f" ({finding.factor:.3g}× the expected value)"
        return text
    place = f" at {list(finding.where)}" if finding.where else ""
    text = f"{finding.path}: max abs error {_number(finding.max_abs_error)}{place}"
    if finding.total > 1:
        text += f" ({finding.wrong_count} of {finding.total} values wrong)"
    if finding.transposed:
        text += "; your values are the transpose of the expected ones"
    elif finding.factor is not None:
        if abs(finding.factor + 1) < 1e-3:
            text += "; your values have the wrong sign"
        else:
            text += f"; your values are {finding.factor:.2f}× the expected ones"
    return text


def _scalar(value: object) -> str:
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def reason(finding: Finding) -> str:
    """What is wrong, without positions, magnitudes or anything drawn from a case's inputs."""
    path = finding.path
    if finding.kind == "extra_key":
        return f"unexpected key {path}" if "[" in path else f"unexpected key '{path}'"
    if finding.kind in ("none", "missing_key", "length"):
        return describe(finding) if finding.kind != "length" else f"{path}: wrong number of items"
    if finding.kind == "type":
        return f"{'returned' if path == 'return value' else path + ' is'} {finding.got.split(' of shape')[0]}"
    if finding.kind == "shape":
        return f"{path}: wrong shape" + (" (transposed)" if finding.transposed else "")
    if finding.kind == "not_finite":
        return f"{path}: NaN or infinite values"
    if finding.kind == "opaque":
        return f"{path}: not numbers"
    if finding.kind == "diagnosed":
        entry = _entry(finding)
        return _fill(entry.reason or entry.says, finding)
    text = f"{path}: wrong values"
    if finding.transposed:
        return text + " (transposed)"
    if finding.factor is not None:
        return text + (" (wrong sign)" if abs(finding.factor + 1) < 1e-3 else f" ({finding.factor:.2f}× expected)")
    return text


def summarise_hidden(findings: list[Finding], limit: int = 3) -> str:
    """Several findings of a hidden case on one line: reasons only."""
    return _summary(findings, limit, hidden=True)


def summarise(findings: list[Finding], limit: int = 3) -> str:
    """Several findings on one line (the first ``limit`` of them)."""
    return _summary(findings, limit, hidden=False)


def _summary(findings: list[Finding], limit: int, hidden: bool) -> str:
    groups = _grouped(findings, hidden)
    lines = [_one(first, paths, hidden) for first, paths in groups[:limit]]
    if len(groups) > limit:
        lines.append(f"and {len(groups) - limit} more")
    return "; ".join(lines)


NOT_IMPLEMENTED = "not implemented yet: the code between START CODE HERE and END CODE HERE is unchanged"
_STOPPED = {"timeout": "time limit", "dead": "killed the kernel"}


def outcome_problem(outcome: CallOutcome) -> tuple[str, str, dict]:
    """Status, message and details of a call that returned no value to compare (raised, hung, …)."""
    if outcome.kind == "raised":
        return "error", raised(outcome.error), {"traceback": traceback_lines(outcome.error),
                                                "reason": f"raised {outcome.error.get('type', 'an exception')}"}
    if outcome.kind == "unreadable":
        return ("error", f"the grader could not read the returned value: {outcome.detail}",
                {"reason": "unreadable return value"})
    if outcome.kind == "mutated":
        return "failed", outcome.detail, {"reason": "changes its inputs"}
    reason = outcome.detail if outcome.kind == "skipped" else _STOPPED.get(outcome.kind, outcome.kind)
    return "error", outcome.detail, {"reason": reason}


def raised(error: dict) -> str:
    """The student's exception, with the innermost line of their code."""
    name = str(error.get("type", "Exception"))
    message = str(error.get("message", "")).strip().splitlines()
    frames = error.get("frames") or []
    where = ""
    if frames:
        last = frames[-1]
        where = f" in {last.get('name')}, line {last.get('line')}"
        if last.get("code"):
            where += f": `{str(last.get('code')).strip()}`"
    first = message[0][:200] if message else ""
    return f"raised {name}{': ' + first if first else ''}{where}"


def traceback_lines(error: dict) -> list[str]:
    """The student's frames, innermost last, for reports."""
    lines = []
    for frame in error.get("frames") or []:
        lines.append(f"line {frame.get('line')}, in {frame.get('name')}: {str(frame.get('code', '')).strip()}")
    lines.append(f"{error.get('type')}: {str(error.get('message', '')).strip()[:500]}")
    return lines
