"""First-order AST mutants of one function's source: each changes exactly one thing."""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

BINARY_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Add: (ast.Sub,), ast.Sub: (ast.Add,), ast.Mult: (ast.Div,), ast.Div: (ast.Mult,),
    ast.Pow: (ast.Mult,), ast.MatMult: (ast.Mult,),
}
COMPARE_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt,), ast.Gt: (ast.GtE, ast.Lt), ast.GtE: (ast.Gt,),
}
SIMILAR_SUFFIXES = (("plus", "minus"), ("grad", "gradapprox"))


@dataclass(frozen=True)
class Mutant:
    """One mutant of ``function``: what was changed (``operator``, ``description``), where, and its source."""

    function: str
    number: int
    operator: str
    description: str
    line: int
    source: str
    seed_only: bool = False  # the change is the argument of a seeding call: equivalent by definition


def _numbers(value: int | float) -> list[int | float]:
    if isinstance(value, int):
        return [v for v in (value + 1, value - 1, 0 if value else 1) if v != value]
    return [v for v in (value * 2, value / 2, 0.0 if value else 1.0, -value) if v != value]


def _family(name: str) -> str:
    return re.sub(r"\d", "#", name)


def _similar(a: str, b: str) -> bool:
    if a == b:
        return False
    if _family(a) == _family(b) and re.search(r"\d", a):
        return True
    for x, y in SIMILAR_SUFFIXES:
        if a.replace(x, y) == b or b.replace(x, y) == a:
            return True
    return False


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _seeding(call: ast.AST | None) -> bool:
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in (
        "seed", "default_rng", "RandomState")


class _Sites(ast.NodeVisitor):
    """Every place a mutation applies, as (operator, description, node path, replacement maker)."""

    def __init__(self, locals_: set[str], parameters: set[str]) -> None:
        self.sites: list[tuple[str, str, ast.AST, object, bool]] = []
        self.locals = locals_
        self.parameters = parameters
        self.call: list[ast.AST] = []

    def add(self, operator: str, description: str, node: ast.AST, change: object, seed_only: bool = False) -> None:
        self.sites.append((operator, description, node, change, seed_only))

    def visit_Call(self, node: ast.Call) -> None:
        self.call.append(node)
        if len(node.args) == 2:
            self.add("arguments", f"arguments of {ast.unparse(node.func)} swapped", node, "swap_args")
        for index, keyword in enumerate(node.keywords):
            self.add("keyword", f"keyword {keyword.arg}={ast.unparse(keyword.value)} removed", node, ("drop_kw", index))
            value = keyword.value
            if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                self.add("keyword", f"keyword {keyword.arg}={value.value} negated", value, ("const", not value.value))
        self.generic_visit(node)
        self.call.pop()

    def visit_BinOp(self, node: ast.BinOp) -> None:
        for other in BINARY_SWAPS.get(type(node.op), ()):
            self.add("operator", f"{type(node.op).__name__} -> {other.__name__} in {ast.unparse(node)}", node,
                     ("binop", other))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for other in COMPARE_SWAPS.get(type(node.ops[0]), ()):
            self.add("comparison", f"{type(node.ops[0]).__name__} -> {other.__name__} in {ast.unparse(node)}", node,
                     ("compare", other))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        seed = bool(self.call) and _seeding(self.call[-1])
        for other in _numbers(value):
            self.add("constant", f"constant {value!r} -> {other!r}", node, ("const", other), seed)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.USub):
            self.add("sign", f"minus removed in {ast.unparse(node)}", node, "unminus")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "T" and isinstance(node.ctx, ast.Load):
            self.add("transpose", f"transpose removed in {ast.unparse(node)}", node, "untranspose")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        index = node.slice
        if isinstance(index, ast.Name) and isinstance(index.ctx, ast.Load):
            for op, text in ((ast.Add, "+"), (ast.Sub, "-")):
                self.add("index", f"index {index.id} -> {index.id} {text} 1 in {ast.unparse(node)}", index,
                         ("index", op))
            self.add("index", f"index {index.id} -> 0 in {ast.unparse(node)}", index, ("replace", ast.Constant(0)))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load) and node.id in self.locals:
            for other in sorted(self.locals):
                both_parameters = node.id in self.parameters and other in self.parameters and node.id != other
                if _similar(node.id, other) or both_parameters:
                    self.add("variable", f"{node.id} -> {other}", node, ("rename", other))


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for statement in body:
        if not _is_docstring(statement):
            yield statement
        for field in ("body", "orelse"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list) and not isinstance(statement, ast.FunctionDef):
                yield from _statements(inner)


def _apply(node: ast.AST, change: object) -> ast.AST:
    if change == "swap_args":
        node.args = [node.args[1], node.args[0]]  # type: ignore[attr-defined]
    elif change == "unminus":
        return node.operand  # type: ignore[attr-defined]
    elif change == "untranspose":
        return node.value  # type: ignore[attr-defined]
    elif change == "negate":
        return ast.UnaryOp(ast.USub(), node)
    elif change == "remove":
        return ast.Pass()
    else:
        kind, value = change  # type: ignore[misc]
        if kind == "drop_kw":
            node.keywords.pop(value)  # type: ignore[attr-defined]
        elif kind == "binop":
            node.op = value()  # type: ignore[attr-defined]
        elif kind == "compare":
            node.ops = [value()] + node.ops[1:]  # type: ignore[attr-defined]
        elif kind == "const":
            node.value = value  # type: ignore[attr-defined]
        elif kind == "rename":
            node.id = value  # type: ignore[attr-defined]
        elif kind == "index":
            return ast.BinOp(node, value(), ast.Constant(1))
        elif kind == "replace":
            return value
    return node


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, change: object) -> None:
        self.target, self.change = target, change

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return _apply(node, self.change)
        return super().visit(node)


def _locals(function: ast.FunctionDef) -> set[str]:
    names = {a.arg for a in function.args.args}
    names |= {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return names


def mutants(source: str, name: str) -> list[Mutant]:
    """Every first-order mutant of the function ``name`` defined in ``source`` (in a stable order)."""
    tree = ast.parse(source)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    sites = _Sites(_locals(function), {a.arg for a in function.args.args})
    for statement in function.body:
        sites.visit(statement)
    for statement in _statements(function.body):
        if isinstance(statement, ast.Assign | ast.AugAssign | ast.Expr | ast.Return):
            seeding = isinstance(statement, ast.Expr) and _seeding(statement.value)
            sites.add("statement", f"statement removed: {ast.unparse(statement).splitlines()[0][:60]}", statement,
                      "remove", seeding)
        if isinstance(statement, ast.Assign):
            sites.add("sign", f"negated: {ast.unparse(statement).splitlines()[0][:60]}", statement.value, "negate")
    found: list[Mutant] = []
    seen = {ast.unparse(function)}
    for operator, description, node, change, seed_only in sites.sites:
        index = _path(function, node)
        copied = copy.deepcopy(function)
        target = _follow(copied, index)
        mutated = _Replace(target, change).visit(copied)
        ast.fix_missing_locations(mutated)
        text = ast.unparse(mutated)
        if text in seen:
            continue
        seen.add(text)
        found.append(Mutant(name, len(found) + 1, operator, description, getattr(node, "lineno", function.lineno),
                            text, seed_only))
    return found


def _path(root: ast.AST, target: ast.AST) -> list[int]:
    """The position of ``target`` in the pre-order walk of ``root`` (to find it again in a deep copy)."""
    for index, node in enumerate(_walk(root)):
        if node is target:
            return [index]
    raise ValueError("node not in tree")


def _follow(root: ast.AST, path: list[int]) -> ast.AST:
    for index, node in enumerate(_walk(root)):
        if index == path[0]:
            return node
    raise ValueError("path not in tree")


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _walk(child)
