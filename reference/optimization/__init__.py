"""Reference solution of the Optimization methods exercise (week 2), its training loop and hidden cases.

Mini-batch gradient descent, momentum and Adam on the course's three-layer network, plus the 2021
edition's learning-rate decay. The update functions follow the course: they rebind the entries of
the dictionaries they are given and return them (the spec's ``in_place``).
"""

from __future__ import annotations

import math

import numpy as np

from grader.reference.course import load

opt_utils = load("optimization", "opt_utils_v1a")


# GRADED FUNCTION: update_parameters_with_gd
def update_parameters_with_gd(parameters, grads, learning_rate):
    """One step of gradient descent: W_l -= learning_rate * dW_l, b_l -= learning_rate * db_l."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


# GRADED FUNCTION: random_mini_batches
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """The examples shuffled (np.random.seed(seed), then np.random.permutation(m)) and cut into mini-batches
    of mini_batch_size, the last one holding the m % mini_batch_size left over (when there are any)."""
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches


# GRADED FUNCTION: initialize_velocity
def initialize_velocity(parameters):
    """The velocity v: zeros of the shape of each parameter, under the keys "dW1", "db1", ..."""
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return v


# GRADED FUNCTION: update_parameters_with_momentum
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """v = beta * v + (1 - beta) * grad, then W_l -= learning_rate * v_dW_l (and the same for b_l)."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads["dW" + str(l)]
        v["db" + str(l)] = beta * v["db" + str(l)] + (1 - beta) * grads["db" + str(l)]
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
    return parameters, v


# GRADED FUNCTION: initialize_adam
def initialize_adam(parameters):
    """The moments v and s of Adam: zeros of the shape of each parameter, under the keys "dW1", "db1", ..."""
    L = len(parameters) // 2
    v = {}
    s = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return v, s


# GRADED FUNCTION: update_parameters_with_adam
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One step of Adam: the moving averages v (of the gradients) and s (of their squares), their bias
    corrections v / (1 - beta1^t) and s / (1 - beta2^t), and W -= learning_rate * v_corrected /
    (sqrt(s_corrected) + epsilon). Returns parameters, v, s, v_corrected, s_corrected (the 2021 edition)."""
    L = len(parameters) // 2
    v_corrected = {}
    s_corrected = {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            d = "d" + p + str(l)
            v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
            v_corrected[d] = v[d] / (1 - beta1 ** t)
            s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
            s_corrected[d] = s[d] / (1 - beta2 ** t)
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v_corrected[d] / (
                np.sqrt(s_corrected[d]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


# GRADED FUNCTION: update_lr
def update_lr(learning_rate0, epoch_num, decay_rate):
    """Learning-rate decay: learning_rate0 / (1 + decay_rate * epoch_num)."""
    learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
    return learning_rate


# GRADED FUNCTION: schedule_lr_decay
def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """Scheduled decay: learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval))."""
    learning_rate = learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
    return learning_rate


def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9,
          beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None, decay_rate=1,
          on_iteration=None):
    """The exercise's three-layer network trained by mini-batch gd, momentum or adam (the 2021 model).

    The mini-batches of epoch i are drawn with seed 10 + i + 1; the cost of an epoch is the summed
    loss over its mini-batches divided by m. ``decay`` (update_lr or schedule_lr_decay) sets the
    learning rate after each epoch. Prints the cost every 1000 epochs when ``print_cost``;
    ``on_iteration(epoch, cost)`` is called after every epoch. Returns (parameters, costs every 100
    epochs, learning rates every 1000 epochs).
    """
    costs, learning_rates = [], []
    t = 0
    seed = 10
    m = X.shape[1]
    learning_rate0 = learning_rate
    parameters = opt_utils.initialize_parameters(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    elif optimizer != "gd":
        raise ValueError(f"unknown optimizer {optimizer!r}")
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0.0
        for minibatch_X, minibatch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = opt_utils.forward_propagation(minibatch_X, parameters)
            cost_total += opt_utils.compute_cost(a3, minibatch_Y)
            grads = opt_utils.backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            else:
                t = t + 1
                parameters, v, s, _, _ = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                                     beta1, beta2, epsilon)
        cost_avg = cost_total / m
        if decay is not None:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if i % 1000 == 0:
            learning_rates.append(learning_rate)
            if print_cost:
                print(f"Cost after epoch {i}: {cost_avg:f}")
                if decay is not None:
                    print(f"learning rate after epoch {i}: {learning_rate:f}")
        if i % 100 == 0:
            costs.append(cost_avg)
        if on_iteration is not None:
            on_iteration(i, cost_avg)
    return parameters, costs, learning_rates


# ---------------------------------------------------------------- hidden cases
def _network(rng: np.random.Generator, dims: list[int]) -> tuple[dict, dict]:
    """Parameters and gradients of a network of sizes ``dims``, both signs, normal draws."""
    parameters, grads = {}, {}
    for l in range(1, len(dims)):
        for p, shape in (("W", (dims[l], dims[l - 1])), ("b", (dims[l], 1))):
            parameters[p + str(l)] = rng.standard_normal(shape)
            grads["d" + p + str(l)] = rng.standard_normal(shape)
    return parameters, grads


def _shapes(rng: np.random.Generator) -> list[list[int]]:
    """A one-unit network, a deep narrow one, a wider one (the course's is [3, 2, 3])."""
    deep = [int(n) for n in rng.integers(1, 5, size=int(rng.integers(4, 6)))]
    return [[1, 1], deep, [int(rng.integers(4, 8)), int(rng.integers(3, 6)), 1]]


def _moments(rng: np.random.Generator, grads: dict) -> tuple[dict, dict]:
    """Nonzero first moments of both signs and positive second moments, as after some steps."""
    v = {key: 0.5 * rng.standard_normal(value.shape) for key, value in grads.items()}
    s = {key: rng.uniform(0.05, 2.0, value.shape) for key, value in grads.items()}
    return v, s


def gd_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for dims in _shapes(rng):
        parameters, grads = _network(rng, dims)
        cases.append({"args": [parameters, grads, float(rng.uniform(0.05, 0.5))]})
    return cases


def parameters_cases(rng: np.random.Generator) -> list[dict]:
    """For the initializers: the parameters of other networks (one argument)."""
    return [{"args": [_network(rng, dims)[0]]} for dims in _shapes(rng)]


def momentum_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for dims, beta in zip(_shapes(rng), (0.9, float(rng.uniform(0.6, 0.8)), float(rng.uniform(0.2, 0.4))),
                          strict=True):
        parameters, grads = _network(rng, dims)
        v, _ = _moments(rng, grads)
        cases.append({"args": [parameters, grads, v, beta, float(rng.uniform(0.05, 0.5))]})
    return cases


def adam_cases(rng: np.random.Generator) -> list[dict]:
    """Moments as after some steps, t of 1 (no correction to see) to 7, and a call with the defaults;
    large epsilons (0.1, 0.5), so that where epsilon is added shows."""
    shapes = _shapes(rng)
    cases = []
    settings = ((1, [0.1, 0.85, 0.95, 0.1]), (int(rng.integers(3, 8)), [0.3, 0.7, 0.8, 0.5]), (2, None))
    for dims, (t, hyper) in zip(shapes, settings, strict=True):
        parameters, grads = _network(rng, dims)
        v, s = _moments(rng, grads)
        args = [parameters, grads, v, s, t]
        cases.append({"args": args + hyper if hyper else args})
    parameters, grads = _network(rng, shapes[1])
    v, s = _moments(rng, grads)
    cases.append({"args": [parameters, grads, v, s, 5, 0.05, 0.6, 0.75, 0.2]})
    return cases


def mini_batch_cases(rng: np.random.Generator) -> list[dict]:
    """Distinct values (so that every example can be told apart): a remainder of 20 (the course's 148 and 64),
    no remainder, fewer examples than one mini-batch, mini-batches of one example, and the defaults."""
    def data(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
        return rng.standard_normal((n, m)), (rng.uniform(size=(1, m)) < 0.5)

    seed = int(rng.integers(1, 100))
    cases = [{"args": [*data(3, 148), 64, seed]},
             {"args": [*data(2, 96), 32, seed + 1]},
             {"args": [*data(4, 10), 64, seed + 2]},
             {"args": [*data(1, 5), 1, seed + 3]},
             {"args": [*data(2, 150)]}]
    return cases


# The semantic check's large input: 2000 distinct examples in mini-batches of 64 (31 and 16 left over);
# the statistics need many examples, none of them secret.
def mini_batch_semantic_cases(rng: np.random.Generator) -> list[dict]:
    fixed = np.random.default_rng(20260214)
    X = fixed.standard_normal((2, 2000))
    Y = (fixed.uniform(size=(1, 2000)) < 0.5).astype(float)
    return [{"args": [X, Y, 64, 3]}]


def public_mini_batches() -> list[dict]:
    """The 2021 public test's case: X (5, 7) and Y (1, 7) after np.random.seed(1), mini-batches of 2, seed 0."""
    draws = np.random.RandomState(1)
    X = draws.randn(5, 7)
    Y = draws.randn(1, 7) < 0.5
    return [{"args": [X, Y, 2]}]


def update_lr_cases(rng: np.random.Generator) -> list[dict]:
    return [{"args": [float(rng.uniform(0.01, 1)), int(rng.integers(1, 50)), float(rng.uniform(0.1, 3))]},
            {"args": [float(rng.uniform(0.01, 1)), 0, float(rng.uniform(0.1, 3))]},
            {"args": [float(rng.uniform(0.01, 1)), int(rng.integers(100, 5000)), float(rng.uniform(0.001, 0.1))]}]


def schedule_cases(rng: np.random.Generator) -> list[dict]:
    """Epochs between multiples of the interval (where the floor shows), below one interval, on one,
    and the default interval of 1000."""
    interval = int(rng.integers(20, 200))
    lr0, rate = float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 3))
    return [{"args": [lr0, int(2.6 * interval), rate, interval]},
            {"args": [lr0, interval // 3, rate, interval]},
            {"args": [lr0, 3 * interval, rate, interval]},
            {"args": [lr0, int(rng.integers(2400, 2900)), rate]}]
