"""Generated Regularization submissions for the similarity calibration: independent correct solutions
written in different ways (each student picks one way per choice, from a seeded generator), and
near-copies of some of them (names changed, reformatted, comments added)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import nbformat
from notebooks import IMPORTS, graded_cell


def _m(r: random.Random, first: str) -> str:
    return r.choice([f"{first}.shape[1]", f"{first}.shape[-1]", f"int({first}.shape[1])"])


def _square_sum(r: random.Random, w: str) -> str:
    return r.choice([f"np.sum(np.square({w}))", f"np.sum({w} ** 2)", f"np.sum({w} * {w})", f"({w} ** 2).sum()",
                     f"np.square({w}).sum()", f"np.linalg.norm({w}) ** 2"])


def cost(r: random.Random) -> str:
    lines = ["def compute_cost_with_regularization(A3, Y, parameters, lambd):", f"    m = {_m(r, r.choice(['Y', 'A3']))}"]
    names = r.choice([("W1", "W2", "W3"), ("w1", "w2", "w3"), ("first", "second", "third")])
    if r.random() < 0.5:
        lines.append(f"    {', '.join(names)} = parameters['W1'], parameters['W2'], parameters['W3']")
    else:
        lines += [f"    {n} = parameters[\"W{i}\"]" for i, n in enumerate(names, 1)]
    ce = r.choice(["cross_entropy_cost", "ce", "base"])
    lines.append(f"    {ce} = compute_cost(A3, Y)")
    style = r.randrange(3)
    if style == 0:
        total = " + ".join(_square_sum(r, n) for n in names)
        factor = r.choice(["lambd / (2 * m) * ({})", "(lambd / (2 * m)) * ({})", "lambd * ({}) / (2 * m)",
                           "0.5 * lambd / m * ({})"])
        lines.append(f"    l2 = {factor.format(total)}")
    elif style == 1:
        lines += ["    squares = 0", f"    for W in ({', '.join(names)}):", f"        squares += {_square_sum(r, 'W')}",
                  f"    l2 = {r.choice(['lambd * squares / (2 * m)', 'squares * lambd / (2 * m)'])}"]
    else:
        lines += [f"    s{i} = {_square_sum(r, n)}" for i, n in enumerate(names, 1)]
        lines.append(f"    l2 = (s1 + s2 + s3) * {r.choice(['lambd / (2 * m)', 'lambd / (2. * m)', '0.5 * lambd / m'])}")
    lines += r.choice([[f"    cost = {ce} + l2", "    return cost"], [f"    return {ce} + l2"]])
    return "\n".join(lines) + "\n"


class _Style:
    """One student's habits in a backward pass, kept across the layers."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.dot = r.choice(["np.dot({a}, {b})", "{a} @ {b}", "np.matmul({a}, {b})"])
        self.inv = r.choice(["1.0 / m * {x}", "{x} / m", "(1 / m) * {x}", "1. / m * {x}"])
        self.sum = r.choice(["np.sum({z}, axis=1, keepdims=True)", "{z}.sum(axis=1, keepdims=True)",
                             "np.sum({z}, axis=1).reshape(-1, 1)"])
        self.mean = r.random() < 0.25
        self.relu = r.choice(["np.multiply({d}, np.int64({a} > 0))", "{d} * ({a} > 0)", "np.where({a} > 0, {d}, 0)",
                              "{d} * np.heaviside({a}, 0)"])
        self.ret = r.randrange(3)

    def db(self, z: str) -> str:
        return f"np.mean({z}, axis=1, keepdims=True)" if self.mean else self.inv.format(x=self.sum.format(z=z))

    def grads(self) -> list[str]:
        names = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
        if self.ret == 0:
            return ["    return {" + ", ".join(f'"{n}": {n}' for n in names) + "}"]
        if self.ret == 1:
            return ["    gradients = {}", *[f"    gradients['{n}'] = {n}" for n in names], "    return gradients"]
        return ["    return dict(" + ", ".join(f"{n}={n}" for n in names) + ")"]


def _backward(r: random.Random, header: str, unpack: str, dw_extra: str, mask: bool) -> str:
    s = _Style(r)
    lines = [header, f"    m = {_m(r, r.choice(['X', 'Y']))}", unpack, "    dZ3 = A3 - Y"]
    previous = {3: "A2", 2: "A1", 1: "X"}
    for layer in (3, 2, 1):
        if layer < 3:
            da = s.dot.format(a=f"W{layer + 1}.T", b=f"dZ{layer + 1}")
            if mask:
                da = r.choice([f"{da} * D{layer} / keep_prob", f"np.multiply({da}, D{layer}) / keep_prob"])
            lines.append(f"    dA{layer} = {da}")
            lines.append(f"    dZ{layer} = {s.relu.format(d=f'dA{layer}', a=f'A{layer}')}")
        product = s.dot.format(a=f"dZ{layer}", b=f"{previous[layer]}.T")
        lines.append(f"    dW{layer} = {s.inv.format(x=product)}{dw_extra.format(l=layer)}")
        lines.append(f"    db{layer} = {s.db(f'dZ{layer}')}")
    return "\n".join(lines + s.grads()) + "\n"


def backward_reg(r: random.Random) -> str:
    extra = r.choice([" + lambd / m * W{l}", " + (lambd / m) * W{l}", " + lambd * W{l} / m"])
    return _backward(r, "def backward_propagation_with_regularization(X, Y, cache, lambd):",
                     "    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache", extra, mask=False)


def backward_dropout(r: random.Random) -> str:
    return _backward(r, "def backward_propagation_with_dropout(X, Y, cache, keep_prob):",
                     "    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache", "", mask=True)


def forward_dropout(r: random.Random) -> str:
    dot = r.choice(["np.dot({a}, {b})", "{a} @ {b}"])
    lines = ["def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):", "    np.random.seed(1)"]
    for n in (1, 2, 3):
        lines.append(f"    W{n} = parameters['W{n}']")
        lines.append(f"    b{n} = parameters['b{n}']")
    before = "X"
    for layer in (1, 2):
        lines.append(f"    Z{layer} = {dot.format(a=f'W{layer}', b=before)} + b{layer}")
        lines.append(f"    A{layer} = relu(Z{layer})")
        draw = r.choice([f"np.random.rand(A{layer}.shape[0], A{layer}.shape[1])", f"np.random.rand(*A{layer}.shape)"])
        lines += r.choice([[f"    D{layer} = {draw}", f"    D{layer} = (D{layer} < keep_prob).astype(int)"],
                           [f"    D{layer} = ({draw} < keep_prob).astype(int)"],
                           [f"    D{layer} = np.int64({draw} < keep_prob)"]])
        lines += r.choice([[f"    A{layer} = A{layer} * D{layer} / keep_prob"],
                           [f"    A{layer} = np.multiply(A{layer}, D{layer})", f"    A{layer} = A{layer} / keep_prob"],
                           [f"    A{layer} = (A{layer} * D{layer}) / keep_prob"]])
        before = f"A{layer}"
    lines += [f"    Z3 = {dot.format(a='W3', b='A2')} + b3", "    A3 = sigmoid(Z3)",
              "    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)", "    return A3, cache"]
    return "\n".join(lines) + "\n"


WRITERS = {"compute_cost_with_regularization": cost, "backward_propagation_with_regularization": backward_reg,
           "forward_propagation_with_dropout": forward_dropout, "backward_propagation_with_dropout": backward_dropout}
RENAMES = {"cost": "total_cost", "l2": "penalty", "squares": "acc", "cross_entropy_cost": "xent", "ce": "xent_part",
           "base": "xent_base", "gradients": "grads", "m": "n_examples", "first": "wa", "second": "wb", "third": "wc",
           "s1": "t1", "s2": "t2", "s3": "t3"}


def student(seed: int) -> dict[str, str]:
    """One student's four functions, written their way."""
    r = random.Random(f"similarity-student-{seed}")
    return {name: write(r) for name, write in WRITERS.items()}


def disguise(source: str) -> str:
    """A near-copy: the variables renamed, the code reformatted and commented."""
    for old, new in RENAMES.items():
        source = re.sub(rf"(?<![\w'\".]){old}\b(?!['\"])", new, source)
    lines = []
    for line in source.splitlines():
        line = line.replace(", ", ",  ").replace(" = ", "  =  ").replace("'", '"')
        if line.strip().startswith(("dW", "db", "l2", "penalty", "A1 =", "A2 =")):
            lines.append(line[:len(line) - len(line.lstrip())] + "# my own work")
        lines.append(line)
    return "\n".join(lines) + "\n"


def notebook(functions: dict[str, str], path: Path) -> Path:
    cells = [nbformat.v4.new_markdown_cell("# Regularization"), nbformat.v4.new_code_cell(IMPORTS["regularization"])]
    cells += [graded_cell(name, source) for name, source in functions.items()]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def batch(folder: Path, independent: int = 27, copies: int = 3) -> list[tuple[str, str]]:
    """Writes the notebooks; returns the (original, copy) id pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    pairs = []
    for index in range(independent):
        functions = student(index)
        notebook(functions, folder / f"student{index:02d}.ipynb")
        if index < copies:
            notebook({n: disguise(s) for n, s in functions.items()}, folder / f"copy{index:02d}.ipynb")
            pairs.append((f"student{index:02d}", f"copy{index:02d}"))
    return pairs
