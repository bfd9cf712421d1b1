"""Student notebooks from solution notebooks: the START..END CODE HERE regions blanked, then verified.

A region is blanked the way the shipped notebooks are written: comment lines stay; every
assignment becomes ``<its targets> = None`` (its trailing comment kept, a repeated placeholder
written once); any other statement is removed, and a region left with no statement gets
``pass`` so that the code still parses. The release is verified by grading: the solution must
get full marks and the release 0.
"""

from __future__ import annotations

import ast
import copy
import io
import textwrap
import tokenize
from dataclasses import dataclass, field, replace

import nbformat

from grader import notebook as nbtools
from grader.pipeline import Options, grade_bytes
from grader.results import SubmissionResult, points


class ReleaseError(ValueError):
    """A solution notebook that cannot be blanked (an unclosed region, code that does not parse)."""


def _comments(code: str) -> dict[int, str]:
    """Line number -> the comment that ends that line (after code)."""
    found: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT and token.line[:token.start[1]].strip():
                found[token.start[0]] = token.string
    except (tokenize.TokenError, IndentationError):
        pass
    return found


def _placeholder(node: ast.stmt, code: str) -> str | None:
    """``<targets> = None`` for an assignment (``a, b = None, None`` for a tuple), None for any other statement."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    else:
        return None
    last = targets[-1]
    value = ", ".join("None" for _ in last.elts) if isinstance(last, ast.Tuple | ast.List) else "None"
    return " = ".join(ast.get_source_segment(code, t) or ast.unparse(t) for t in targets) + " = " + value


def blank_region(lines: list[str], indent: str) -> list[str]:
    """The blanked lines of one region (the lines strictly between its START and END markers)."""
    code = textwrap.dedent("\n".join(lines))
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise ReleaseError(f"the code between START and END CODE HERE does not parse on its own: {error.msg} "
                           f"(line {error.lineno} of the region)") from error
    comments = _comments(code)
    starts = {node.lineno: node for node in tree.body}
    covered = {n for node in tree.body for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)}
    blanked: list[str] = []
    written: set[str] = set()
    statements = 0
    for number, line in enumerate(code.split("\n"), start=1):
        if number in starts:
            node = starts[number]
            placeholder = _placeholder(node, code)
            if placeholder is None or placeholder in written:
                continue
            written.add(placeholder)
            statements += 1
            comment = next((comments[n] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)
                            if n in comments), "")
            blanked.append(f"{indent}{placeholder}" + (f"  {comment}" if comment else ""))
        elif number not in covered:
            blanked.append(f"{indent}{line.strip()}" if line.strip() else "")
    if tree.body and not statements:
        blanked.append(f"{indent}pass")
    return blanked


def blank_source(source: str) -> str:
    """A cell's source with every START..END CODE HERE region blanked."""
    lines = source.split("\n")
    result: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        result.append(line)
        index += 1
        if nbtools.START_MARK not in line:
            continue
        end = next((i for i in range(index, len(lines)) if nbtools.END_MARK in lines[i]), None)
        if end is None:
            raise ReleaseError(f"'{nbtools.START_MARK}' without a matching '{nbtools.END_MARK}'")
        indent = line[:len(line) - len(line.lstrip())]
        result.extend(blank_region(lines[index:end], indent))
        result.append(lines[end])
        index = end + 1
    return "\n".join(result)


def release_notebook(solution: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    """The student notebook of a solution (regions blanked, outputs cleared) and the graded functions
    whose cell has no region to blank."""
    nb = copy.deepcopy(solution)
    graded = nbtools.graded_cells(nb)
    without = sorted(name for name, index in graded.items() if nbtools.START_MARK not in str(nb.cells[index].source))
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        if nbtools.START_MARK in str(cell.source):
            try:
                cell.source = blank_source(str(cell.source))
            except ReleaseError as error:
                raise ReleaseError(f"cell {index + 1}: {error}") from error
        cell.outputs = []
        cell.execution_count = None
    return nb, without


@dataclass
class Verification:
    solution: SubmissionResult
    release: SubmissionResult
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(solution: nbformat.NotebookNode, release: nbformat.NotebookNode, options: Options) -> Verification:
    """Grades both: the solution must get full marks, the release 0."""
    solved = grade_bytes(nbformat.writes(solution).encode(), "solution.ipynb", options, "solution")
    options = replace(options, assignment=options.assignment or solved.assignment)
    released = grade_bytes(nbformat.writes(release).encode(), "release.ipynb", options, "release")
    check = Verification(solved, released)
    if solved.assignment is None:
        check.problems.append(f"the solution could not be graded: {'; '.join(solved.errors)}")
        return check
    if solved.score < solved.max_score:
        failing = [f"{f.name} ({f.status}: {f.message})" for f in solved.functions if f.status != "passed"]
        check.problems.append(f"the solution scores {points(solved.score)}/{points(solved.max_score)}, not full marks: "
                              + "; ".join(failing))
    if released.score > 0:
        scoring = [f"{f.name} ({points(f.score)}/{points(f.max_score)})" for f in released.functions if f.score > 0]
        check.problems.append(f"the release scores {points(released.score)}/{points(released.max_score)}, not 0: "
                              f"{', '.join(scoring)} still earn points (is all of their code between START and "
                              "END CODE HERE?)")
    return check
