"""The update rules of gradient descent, momentum and Adam with their known mistakes, and the oracle that names
the mistake a wrong returned entry comes from (offered to the engine by judging.ARRAY_ORACLES as "update_rule")."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from grader.cases import Case
from grader.compare import Finding, close, diagnosed, flatten, leaves, parts_of
from grader.spec import FunctionSpec


def _layers(parameters: dict) -> list[str]:
    return [p + str(l) for l in range(1, len(parameters) // 2 + 1) for p in ("W", "b")]


def _gd(parameters, grads, learning_rate, sign=-1.0, rate=True):
    for key in _layers(parameters):
        parameters[key] = parameters[key] + sign * (learning_rate if rate else 1.0) * grads["d" + key]
    return parameters


def _momentum(parameters, grads, v, beta, learning_rate, swapped=False, no_one_minus=False, step="v",
              sign=-1.0, rate=True):
    for key in _layers(parameters):
        d = "d" + key
        old = v[d]
        a, b = (1 - beta, beta) if swapped else (beta, 1.0 if no_one_minus else 1 - beta)
        v[d] = a * v[d] + b * grads[d]
        used = {"v": v[d], "grad": grads[d], "old": old}[step]
        parameters[key] = parameters[key] + sign * (learning_rate if rate else 1.0) * used
    return parameters, v


def _adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8, **mistake):
    """The Adam step with one known mistake: a keyword flag, whose value says where it is made — "v", "s",
    or "vs" for both moments (``raw``: no bias correction; ``raw_step``: the step uses the uncorrected
    moment; ``power``: (1 - beta)^t; ``no_t``: 1 - beta; ``times``: multiplied by 1 - beta^t; ``swap``:
    beta and 1 - beta swapped), or True (``crossed``: each moment corrected with the other beta;
    ``eps_inside``, ``no_sqrt``, ``s_not_squared``, ``no_rate``, ``added``)."""
    vc, sc = {}, {}

    def at(flag: str, moment: str) -> bool:
        return moment in str(mistake.get(flag, ""))

    betas = {"v": beta1, "s": beta2}
    for key in _layers(parameters):
        d = "d" + key
        new = {"v": grads[d], "s": grads[d] if mistake.get("s_not_squared") else grads[d] ** 2}
        moments = {"v": v, "s": s}
        corrected = {}
        for moment, store in moments.items():
            beta = betas[moment]
            keep, add = (1 - beta, beta) if at("swap", moment) else (beta, 1 - beta)
            store[d] = keep * store[d] + add * new[moment]
            other = betas["s" if moment == "v" else "v"]
            factor = 1 - (other if mistake.get("crossed") else beta) ** (1 if at("no_t", moment) else t)
            if at("power", moment):
                factor = (1 - beta) ** t
            if at("raw", moment):
                corrected[moment] = store[d]
            elif at("times", moment):
                corrected[moment] = store[d] * factor
            else:
                corrected[moment] = store[d] / factor
        vc[d], sc[d] = corrected["v"], corrected["s"]
        step_v = v[d] if at("raw_step", "v") else vc[d]
        step_s = s[d] if at("raw_step", "s") else sc[d]
        if mistake.get("eps_inside"):
            denominator = np.sqrt(step_s + epsilon)
        elif mistake.get("no_sqrt"):
            denominator = step_s + epsilon
        else:
            denominator = np.sqrt(step_s) + epsilon
        rate = 1.0 if mistake.get("no_rate") else learning_rate
        parameters[key] = parameters[key] + (1.0 if mistake.get("added") else -1.0) * rate * step_v / denominator
    return parameters, v, s, vc, sc


VariantList = list[tuple[str, str, Callable[..., Any]]]  # diagnosis, subject, the function with that mistake

GD: VariantList = [
    ("update_added", "", lambda *a: _gd(*a, sign=1.0)),
    ("update_no_rate", "", lambda *a: _gd(*a, rate=False)),
]
MOMENTUM: VariantList = [
    ("update_added", "", lambda *a: _momentum(*a, sign=1.0)),
    ("update_no_rate", "", lambda *a: _momentum(*a, rate=False)),
    ("beta_swapped", "beta", lambda *a: _momentum(*a, swapped=True)),
    ("momentum_no_one_minus", "", lambda *a: _momentum(*a, no_one_minus=True)),
    ("momentum_step_grad", "", lambda *a: _momentum(*a, step="grad")),
    ("momentum_step_old", "", lambda *a: _momentum(*a, step="old")),
]
ADAM: VariantList = [
    ("update_added", "", lambda *a: _adam(*a, added=True)),
    ("update_no_rate", "", lambda *a: _adam(*a, no_rate=True)),
    ("beta_swapped", "beta1", lambda *a: _adam(*a, swap="v")),
    ("beta_swapped", "beta2", lambda *a: _adam(*a, swap="s")),
    ("adam_correction_betas_crossed", "", lambda *a: _adam(*a, crossed=True)),
    ("adam_eps_inside_sqrt", "", lambda *a: _adam(*a, eps_inside=True)),
    ("adam_no_sqrt", "", lambda *a: _adam(*a, no_sqrt=True)),
    ("adam_s_not_squared", "", lambda *a: _adam(*a, s_not_squared=True)),
] + [(diagnosis, subject, lambda *a, flag=flag, where=where: _adam(*a, **{flag: where}))
     for flag, diagnosis in (("raw", "adam_uncorrected"), ("raw_step", "adam_step_uncorrected"),
                             ("power", "adam_correction_power"), ("no_t", "adam_t_unused"),
                             ("times", "adam_correction_multiplied"))
     for where, subject in (("v", "v"), ("s", "s"), ("vs", "v and s"))]
VARIANTS = {"update_parameters_with_gd": GD, "update_parameters_with_momentum": MOMENTUM,
            "update_parameters_with_adam": ADAM}
# Where a returned dictionary's entries were given: its argument (a part left as given was not updated).
GIVEN = {"update_parameters_with_gd": {"": 0},
         "update_parameters_with_momentum": {"parameters": 0, "v": 2},
         "update_parameters_with_adam": {"parameters": 0, "v": 2, "s": 3}}


def _given(function: str, args: list, path: str) -> Any:
    """The input entry a returned entry replaces (``W2`` of gd's dict, ``v['dW2']`` of momentum's tuple)."""
    for part, index in GIVEN[function].items():
        if not part:
            return args[index].get(path)
        prefix = f"{part}["
        if path.startswith(prefix) and path.endswith("]"):
            key = path[len(prefix):-1].strip("'")
            return args[index].get(key)
    return None


def _parameter(path: str) -> str:
    """The parameter an entry belongs to: ``W1`` for ``W1``, ``parameters['W1']``, ``v['dW1']``, ``s['dW1']``."""
    key = path.split("[", 1)[1].rstrip("]").strip("'") if "[" in path else path
    return key[1:] if key.startswith("d") else key


def update_rule(case: Case, parts: dict[str, Any], findings: list[Finding], function: FunctionSpec) -> list[Finding]:
    """The wrong entries of each parameter explained by the one known mistake that predicts all of that
    parameter's returned entries (its new value, v, s, the corrected moments) and differs from the expected."""
    got = leaves(parts)
    expected = leaves(flatten(case.expected, function.returns)[0])
    predicted = []
    for diagnosis, subject, variant in VARIANTS[function.name]:
        try:
            with np.errstate(all="ignore"):
                value = variant(*copy.deepcopy(list(case.args)))
            predicted.append((diagnosis, subject, leaves(parts_of(value, function)[0])))
        except (ArithmeticError, ValueError, TypeError, KeyError):
            continue

    def same(a: Any, b: Any, path: str) -> bool:
        return close(np.asarray(a, dtype=float), np.asarray(b, dtype=float), function.tolerance_for(path.split("[")[0]))

    groups: dict[str, list[str]] = {}
    for path in got:
        if path in expected:
            groups.setdefault(_parameter(path), []).append(path)
    named: dict[str, Finding] = {}
    for paths in groups.values():
        wrong = [f.path for f in findings if f.kind == "values" and f.path in paths]
        if not wrong:
            continue
        for path in wrong:
            given = _given(function.name, list(case.args), path)
            if given is not None and not same(given, expected[path], path) and same(got[path], given, path):
                named[path] = diagnosed("not_updated", path)
        explaining = {(diagnosis, subject) for diagnosis, subject, values in predicted
                      if all(p in values and same(got[p], values[p], p) for p in paths)
                      and any(not same(values[p], expected[p], p) for p in paths)}
        if len(explaining) == 1:
            diagnosis, subject = explaining.pop()
            named.update({p: diagnosed(diagnosis, p, subject=subject) for p in wrong if p not in named})
    return [named.get(f.path, f) for f in findings]
