"""Submissions of one assignment whose graded code is suspiciously alike (docs/similarity.md).

The graded cells of each submission (the ``source`` of its results) are tokenised and
normalised — comments and formatting gone, every name a student chooses replaced by one
placeholder, attribute names, keywords and well-known names kept — and fingerprinted by
winnowing the hashes of their token k-grams (Schleimer, Wilkerson and Aiken, 2003, as in MOSS).
Fingerprints that prove nothing are dropped before pairs are compared: those of the code the
shipped notebook gives everyone, of the reference solution and of the catalogued correct
alternatives (two correct solutions written a known way are alike for being correct), and those
that many submissions share. A pair
scores the share of the smaller fingerprint set it has in common.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import io
import keyword
import re
import tokenize
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from grader import catalog
from grader.results import SubmissionResult

K = 10  # tokens per k-gram: long enough that a shared one is not a coincidence of idiom
WINDOW = 5  # winnowing window: every match of K + WINDOW - 1 tokens is found
COMMON = 0.2  # fingerprints in more than this share of a batch (and at least 3 submissions) are ignored
MIN_SHARED = 8  # fewer shared fingerprints than this is never reported
FLOOR = 0.4  # nor a pair with less than this share in common
DETAILED = 10  # pairs shown side by side
KEPT_NAMES = frozenset({"np", "numpy", "range", "len", "print", "sum", "abs", "float", "int", "str", "dict", "list",
                        "zip", "enumerate", "max", "min", "round", "copy", "math", "True", "False", "None"})


@dataclass(frozen=True)
class Token:
    text: str
    line: int  # 1-based line of the source


def tokens(source: str) -> list[Token]:
    """The normalised tokens of a cell (nothing for text that does not tokenise from some point on)."""
    found: list[Token] = []
    previous = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind, text, line = token.type, token.string, token.start[0]
            if kind in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER):
                continue
            if kind == tokenize.NAME:
                text = text if keyword.iskeyword(text) or text in KEPT_NAMES or previous == "." else "V"
            elif kind == tokenize.STRING:
                text = "S"
            elif kind == tokenize.NUMBER:
                text = _number(text)
            elif kind == tokenize.NEWLINE:
                text = ";"
            elif kind == tokenize.INDENT:
                text = "{"
            elif kind == tokenize.DEDENT:
                text = "}"
            previous = token.string
            found.append(Token(text, line))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def _number(text: str) -> str:
    try:
        return repr(float(text.replace("_", "")))
    except ValueError:
        return text


def _hash(texts: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(texts).encode(), digest_size=8).digest(), "big")


def fingerprints(items: list[Token]) -> dict[int, list[int]]:
    """Winnowed k-gram hashes → the token positions where they start (the rightmost minimum of each window)."""
    hashes = [_hash([t.text for t in items[i:i + K]]) for i in range(len(items) - K + 1)]
    chosen: dict[int, list[int]] = {}
    last, span = -1, min(WINDOW, len(hashes))
    for start in range(len(hashes) - span + 1 if hashes else 0):
        window = hashes[start:start + span]
        low = min(window)
        position = start + max(i for i, h in enumerate(window) if h == low)
        if position != last:
            chosen.setdefault(hashes[position], []).append(position)
            last = position
    return chosen


@cache
def _base(assignment: str) -> frozenset[int]:
    """The fingerprints of what every submission may share: the shipped notebook and the reference solution."""
    from grader import notebook as nbtools
    from grader.spec import all_specs

    spec = all_specs().get(assignment)
    if spec is None:
        return frozenset()
    sources: list[str] = []
    try:
        shipped = nbtools.read_notebook(spec.folder / spec.notebook)
        sources += [str(cell.source) for cell in shipped.cells if cell.cell_type == "code"]
    except nbtools.NotebookError:
        pass
    module = importlib.import_module(spec.reference)
    reference: dict[str, str] = {}
    for name in spec.function_names:
        try:
            reference[name] = inspect.getsource(getattr(module, name))
        except (AttributeError, OSError, TypeError):
            continue
    sources += reference.values()
    _, alternatives = catalog.entries()
    for alternative in alternatives:  # the catalogued correct ways of writing a function are no evidence either
        source = reference.get(alternative.function, "")
        for old, new in alternative.edits:
            source = source.replace(old, new)
        sources.append(source)
    return frozenset(h for source in sources for h in fingerprints(tokens(source)))


@dataclass
class Code:
    """One submission's graded code: per function its source and fingerprints (hash → token positions)."""

    result: SubmissionResult
    href: str
    sources: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, list[Token]] = field(default_factory=dict)
    prints: dict[str, dict[int, list[int]]] = field(default_factory=dict)

    def hashes(self) -> set[int]:
        return {h for found in self.prints.values() for h in found}


def _code(result: SubmissionResult, href: str, base: frozenset[int]) -> Code:
    code = Code(result, href)
    for function in result.functions:
        if function.source:
            code.sources[function.name] = function.source
            code.tokens[function.name] = tokens(function.source)
            found = fingerprints(code.tokens[function.name])
            code.prints[function.name] = {h: p for h, p in found.items() if h not in base}
    return code


@dataclass(frozen=True)
class Pair:
    first: Code
    second: Code
    shared: frozenset[int]
    score: float  # shared fingerprints / the smaller submission's fingerprints

    def marked_lines(self, code: Code, function: str) -> list[int]:
        """Lines of ``code``'s cell of ``function`` covered by a shared k-gram."""
        lines: set[int] = set()
        items = code.tokens.get(function, [])
        for h, positions in code.prints.get(function, {}).items():
            if h in self.shared:
                for position in positions:
                    lines.update(t.line for t in items[position:position + K])
        return sorted(lines)

    def functions(self) -> list[str]:
        return [name for name, found in self.first.prints.items() if self.shared & set(found)]


def pairs(results: list[tuple[SubmissionResult, str]], limit: int = 50) -> list[Pair]:
    """The most alike pairs of submissions of the same assignment, most alike first."""
    by_assignment: dict[str, list[Code]] = {}
    for result, href in results:
        if result.assignment is not None:
            by_assignment.setdefault(result.assignment, []).append(_code(result, href, _base(result.assignment)))
    found: list[Pair] = []
    for codes in by_assignment.values():
        found.extend(_assignment_pairs(codes))
    found.sort(key=lambda p: (-p.score, -len(p.shared), p.first.result.submission, p.second.result.submission))
    return found[:limit]


def _assignment_pairs(codes: list[Code]) -> list[Pair]:
    sets = [c.hashes() for c in codes]
    holders: dict[int, list[int]] = {}
    for index, hashes in enumerate(sets):
        for h in hashes:
            holders.setdefault(h, []).append(index)
    common = max(3, int(COMMON * len(codes)))
    ignored = {h for h, who in holders.items() if len(who) > common}
    counted = [s - ignored for s in sets]
    shared: dict[tuple[int, int], set[int]] = {}
    for h, who in holders.items():
        if h not in ignored:
            for a, b in combinations(who, 2):
                shared.setdefault((a, b), set()).add(h)
    found = []
    for (a, b), common_prints in shared.items():
        smaller = min(len(counted[a]), len(counted[b]))
        if len(common_prints) >= MIN_SHARED and smaller and len(common_prints) / smaller >= FLOOR:
            found.append(Pair(codes[a], codes[b], frozenset(common_prints), len(common_prints) / smaller))
    return found


def view(found: list[Pair], detailed: int = DETAILED) -> list[dict]:
    """Display-ready pairs: scores, links and, for the first ``detailed``, the code side by side."""
    shown = []
    for rank, pair in enumerate(found, 1):
        entry = {"rank": rank, "percent": round(100 * pair.score), "shared": len(pair.shared),
                 "first": {"submission": pair.first.result.submission, "href": pair.first.href},
                 "second": {"submission": pair.second.result.submission, "href": pair.second.href},
                 "assignment": pair.first.result.assignment, "functions": pair.functions(), "sides": []}
        if rank <= detailed:
            for function in entry["functions"]:
                entry["sides"].append({"function": function, "columns": [
                    {"submission": code.result.submission,
                     "lines": _lines(code.sources.get(function, ""), pair.marked_lines(code, function))}
                    for code in (pair.first, pair.second)]})
        shown.append(entry)
    return shown


def _lines(source: str, marked: list[int]) -> list[dict]:
    keep = set(marked)
    return [{"number": n, "text": re.sub(r"\s+$", "", text), "marked": n in keep}
            for n, text in enumerate(source.splitlines(), 1)]
