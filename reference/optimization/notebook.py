"""Cells of the Optimization methods notebook."""

from grader.notebook_text import code, md, self_check
from grader.reference.optimization.expected import EXPECTED
from grader.reference.optimization.given_code import MODEL, train
from grader.reference.optimization.notebook_adam import (
    ADAM,
    ADAM_INIT,
    ADAM_INIT_TEST,
    ADAM_STEP_TEXT,
    ADAM_TEST,
    ADAM_TEXT,
)
from grader.reference.optimization.notebook_training import (
    ADAM_RUN,
    ADAM_RUN_EXPECTED,
    DECAY_RUN,
    DECAY_RUN_EXPECTED,
    DECAY_TEXT,
    GD_RUN,
    GD_RUN_EXPECTED,
    LOAD,
    MODEL_INTRO,
    MODEL_TEXT,
    MOMENTUM_RUN,
    MOMENTUM_RUN_EXPECTED,
    SCHEDULE,
    SCHEDULE_RUNS,
    SCHEDULE_SUMMARY,
    SCHEDULE_TEST,
    SCHEDULE_TEXT,
    SUMMARY,
    UPDATE_LR,
    UPDATE_LR_TEST,
)

INTRO = md(r"""
# Optimization Methods

Until now every network you trained took its steps with plain gradient descent on the whole training
set. Better optimization methods reach a good value of the cost sooner, and sometimes a better one.
In this notebook you will write three of them and compare them on the same network and data:

1. **mini-batch gradient descent**: a step after each small batch of examples instead of after all of them;
2. **momentum**: steps along a moving average of the gradients, which smooths out their oscillations;
3. **Adam**: momentum combined with a per-parameter scale from a moving average of the squared gradients;

and then **learning rate decay**, which shrinks the steps as training goes on.

Each function you write lives in a cell that starts with `# GRADED FUNCTION: <name>`. Write your code
only between the `### START CODE HERE ###` and `### END CODE HERE ###` lines, and keep the function's
name and arguments as they are.
""")

PACKAGES = md(r"""
## Packages

Run the cell below to import numpy, matplotlib and the helpers of this exercise (`opt_utils_v1a.py`, in
the same folder): the three-layer network's forward and backward passes, its cost (summed over a
mini-batch), He initialization, prediction and plotting, and the dataset loader; `testCases` and
`public_tests` hold the test cases and checks used below.
""")

IMPORTS = code(r"""
import numpy as np
import matplotlib.pyplot as plt
import math
import sklearn
import sklearn.datasets

from opt_utils_v1a import load_params_and_grads, initialize_parameters, forward_propagation, backward_propagation
from opt_utils_v1a import compute_cost, predict, predict_dec, plot_decision_boundary, load_dataset
from copy import deepcopy
from testCases import *
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)  # default size of the plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'
""")

GD_TEXT = md(r"""
## 1 - Gradient descent

Gradient descent moves every parameter a small step against its gradient. For each layer
$l = 1, \dots, L$:

$$W^{[l]} = W^{[l]} - \alpha \, dW^{[l]}, \qquad b^{[l]} = b^{[l]} - \alpha \, db^{[l]}$$

where $\alpha$ is the learning rate. The parameters are in the dictionary `parameters`
(`parameters['W' + str(l)]`, `parameters['b' + str(l)]`) and the gradients in `grads`
(`grads['dW' + str(l)]`, `grads['db' + str(l)]`).

<a name='ex-1'></a>
### Exercise 1 - update_parameters_with_gd

Write `update_parameters_with_gd(parameters, grads, learning_rate)`: one step of gradient descent on
every layer. `L = len(parameters) // 2` is the number of layers.
""")

GD = code(r'''
# GRADED FUNCTION: update_parameters_with_gd

def update_parameters_with_gd(parameters, grads, learning_rate):
    """
    Takes one step of gradient descent on every parameter.

    Arguments:
    parameters -- dictionary of the parameters: parameters['W' + str(l)], parameters['b' + str(l)]
    grads -- dictionary of their gradients: grads['dW' + str(l)], grads['db' + str(l)]
    learning_rate -- the learning rate, a number

    Returns:
    parameters -- the dictionary of the updated parameters
    """
    L = len(parameters) // 2  # number of layers in the network

    for l in range(1, L + 1):
        ### START CODE HERE ### (approx. 2 lines)
        parameters["W" + str(l)] = None
        parameters["b" + str(l)] = None
        ### END CODE HERE ###
    return parameters
''')

GD_TEST = code(r"""
parameters, grads, learning_rate = update_parameters_with_gd_test_case()
learning_rate = 0.01
parameters = update_parameters_with_gd(parameters, grads, learning_rate)

print("W1 =\n" + str(parameters["W1"]))
print("b1 =\n" + str(parameters["b1"]))
print("W2 =\n" + str(parameters["W2"]))
print("b2 =\n" + str(parameters["b2"]))

update_parameters_with_gd_test(update_parameters_with_gd)
""")

BATCH_TEXT = md(r"""
Two extremes of gradient descent differ only in how many examples each step looks at:

- **(Batch) gradient descent** computes the gradients on all $m$ examples before each step: exact
  gradients, but one step per pass over the data.
- **Stochastic gradient descent** (SGD) steps after every single example: many cheap, noisy steps that
  oscillate on their way to the minimum.

**Mini-batch gradient descent** sits between them: each step uses a batch of, say, 64 examples. It takes
many steps per pass like SGD, with gradients much less noisy, and it vectorizes well.

## 2 - Mini-batch gradient descent

Building the mini-batches takes two steps:

- **Shuffle**: put the columns of `X` (one example each) in a random order, and the columns of `Y` in
  *the same* order, so that each example keeps its label. The seed is set so that your order matches
  the expected one.
- **Partition**: cut the shuffled `(X, Y)` into mini-batches of `mini_batch_size` examples. When `m` is
  not a multiple of `mini_batch_size`, the last mini-batch is smaller: it holds the
  `m % mini_batch_size` examples left over after the `math.floor(m / mini_batch_size)` full ones.

The first mini-batch is `shuffled_X[:, 0 : mini_batch_size]`, the second
`shuffled_X[:, mini_batch_size : 2 * mini_batch_size]`, and so on.

<a name='ex-2'></a>
### Exercise 2 - random_mini_batches

Write the partition step of `random_mini_batches(X, Y, mini_batch_size, seed)`; the shuffle is given.
""")

BATCHES = code(r'''
# GRADED FUNCTION: random_mini_batches

def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """
    Creates a list of random mini-batches from (X, Y).

    Arguments:
    X -- input data, of shape (input size, number of examples)
    Y -- labels, of shape (1, number of examples)
    mini_batch_size -- the number of examples in a mini-batch
    seed -- the seed of the shuffle, so that your mini-batches match the expected ones

    Returns:
    mini_batches -- list of the pairs (mini_batch_X, mini_batch_Y)
    """
    np.random.seed(seed)  # fixes the shuffle, so that yours matches the expected one
    m = X.shape[1]  # number of training examples
    mini_batches = []

    # Step 1: shuffle (X, Y)
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))

    # Step 2: partition (shuffled_X, shuffled_Y), first the full mini-batches
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        ### START CODE HERE ### (approx. 2 lines)
        mini_batch_X = None
        mini_batch_Y = None
        ### END CODE HERE ###
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    # Then the last, smaller mini-batch, when m is not a multiple of mini_batch_size
    if m % mini_batch_size != 0:
        ### START CODE HERE ### (approx. 2 lines)
        mini_batch_X = None
        mini_batch_Y = None
        ### END CODE HERE ###
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    return mini_batches
''')

BATCHES_TEST = code(r"""
t_X, t_Y, mini_batch_size = random_mini_batches_test_case()
mini_batches = random_mini_batches(t_X, t_Y, mini_batch_size)

print("shape of the 1st mini_batch_X: " + str(mini_batches[0][0].shape))
print("shape of the 2nd mini_batch_X: " + str(mini_batches[1][0].shape))
print("shape of the 3rd mini_batch_X: " + str(mini_batches[2][0].shape))
print("shape of the 1st mini_batch_Y: " + str(mini_batches[0][1].shape))
print("shape of the 2nd mini_batch_Y: " + str(mini_batches[1][1].shape))
print("shape of the 3rd mini_batch_Y: " + str(mini_batches[2][1].shape))
print("mini batch sanity check: " + str(mini_batches[0][0][0][0:3]))

random_mini_batches_test(random_mini_batches)
""")

BATCHES_AFTER = md(r"""
Mini-batch sizes are usually powers of two (16, 32, 64, 128), which suit how memory is laid out.
""")

MOMENTUM_TEXT = md(r"""
## 3 - Momentum

A mini-batch's gradient only approximates the full one, so mini-batch steps zigzag. Momentum steps along
an exponentially weighted average of the past gradients instead, the "velocity" $v$: the directions
that agree from step to step add up, the oscillations cancel out.

The velocity starts at zero, with one entry per parameter: `v['dW' + str(l)]` has the shape of
`parameters['W' + str(l)]`, and `v['db' + str(l)]` that of `parameters['b' + str(l)]`.

<a name='ex-3'></a>
### Exercise 3 - initialize_velocity

Write `initialize_velocity(parameters)`: zeros of each parameter's shape (`np.zeros(shape)`).
""")

VELOCITY = code(r'''
# GRADED FUNCTION: initialize_velocity

def initialize_velocity(parameters):
    """
    Initializes the velocity of momentum with zeros.

    Arguments:
    parameters -- dictionary of the parameters: parameters['W' + str(l)], parameters['b' + str(l)]

    Returns:
    v -- dictionary of the velocities: v['dW' + str(l)], v['db' + str(l)], zeros of the parameters' shapes
    """
    L = len(parameters) // 2  # number of layers in the network
    v = {}

    for l in range(1, L + 1):
        ### START CODE HERE ### (approx. 2 lines)
        v["dW" + str(l)] = None
        v["db" + str(l)] = None
        ### END CODE HERE ###
    return v
''')

VELOCITY_TEST = code(r"""
parameters = initialize_velocity_test_case()
v = initialize_velocity(parameters)

print("v[\"dW1\"] =\n" + str(v["dW1"]))
print("v[\"db1\"] =\n" + str(v["db1"]))
print("v[\"dW2\"] =\n" + str(v["dW2"]))
print("v[\"db2\"] =\n" + str(v["db2"]))

initialize_velocity_test(initialize_velocity)
""")

MOMENTUM_RULE = md(r"""
Each step first updates the velocity, then moves the parameters along it. For each layer $l$:

$$v_{dW^{[l]}} = \beta \, v_{dW^{[l]}} + (1 - \beta) \, dW^{[l]}, \qquad W^{[l]} = W^{[l]} - \alpha \, v_{dW^{[l]}}$$

$$v_{db^{[l]}} = \beta \, v_{db^{[l]}} + (1 - \beta) \, db^{[l]}, \qquad b^{[l]} = b^{[l]} - \alpha \, v_{db^{[l]}}$$

$\beta$ is the momentum: with $\beta = 0$ this is plain gradient descent, and the larger $\beta$, the
more past gradients the average remembers (about $1 / (1 - \beta)$ of them). $\beta = 0.9$ is a common
choice.

<a name='ex-4'></a>
### Exercise 4 - update_parameters_with_momentum

Write `update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)`.
""")

MOMENTUM = code(r'''
# GRADED FUNCTION: update_parameters_with_momentum

def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """
    Takes one step of momentum on every parameter.

    Arguments:
    parameters -- dictionary of the parameters: parameters['W' + str(l)], parameters['b' + str(l)]
    grads -- dictionary of their gradients: grads['dW' + str(l)], grads['db' + str(l)]
    v -- dictionary of the current velocities: v['dW' + str(l)], v['db' + str(l)]
    beta -- the momentum hyperparameter, a number
    learning_rate -- the learning rate, a number

    Returns:
    parameters -- the dictionary of the updated parameters
    v -- the dictionary of the updated velocities
    """
    L = len(parameters) // 2  # number of layers in the network

    for l in range(1, L + 1):
        ### START CODE HERE ### (approx. 4 lines)
        # the velocities
        v["dW" + str(l)] = None
        v["db" + str(l)] = None
        # the parameters
        parameters["W" + str(l)] = None
        parameters["b" + str(l)] = None
        ### END CODE HERE ###
    return parameters, v
''')

MOMENTUM_TEST = code(r"""
parameters, grads, v = update_parameters_with_momentum_test_case()
parameters, v = update_parameters_with_momentum(parameters, grads, v, beta=0.9, learning_rate=0.01)

print("W1 =\n" + str(parameters["W1"]))
print("b1 =\n" + str(parameters["b1"]))
print("W2 =\n" + str(parameters["W2"]))
print("b2 =\n" + str(parameters["b2"]))
print("v[\"dW1\"] =\n" + str(v["dW1"]))
print("v[\"db1\"] =\n" + str(v["db1"]))
print("v[\"dW2\"] =\n" + str(v["dW2"]))
print("v[\"db2\"] =\n" + str(v["db2"]))

update_parameters_with_momentum_test(update_parameters_with_momentum)
""")

MOMENTUM_AFTER = md(r"""
The velocity starts at zero, so the first steps are small; it takes a few steps to build up.
""")


def _expected(name: str) -> tuple[str, str]:
    return md("**Expected output** (before the public test's own messages):\n\n```\n" + EXPECTED[name] + "\n```")


CELLS = [
    INTRO, PACKAGES, IMPORTS,
    GD_TEXT, GD, GD_TEST, _expected("update_parameters_with_gd"), self_check("update_parameters_with_gd"),
    BATCH_TEXT, BATCHES, BATCHES_TEST, _expected("random_mini_batches"), self_check("random_mini_batches"),
    BATCHES_AFTER,
    MOMENTUM_TEXT, VELOCITY, VELOCITY_TEST, _expected("initialize_velocity"), self_check("initialize_velocity"),
    MOMENTUM_RULE, MOMENTUM, MOMENTUM_TEST, _expected("update_parameters_with_momentum"),
    self_check("update_parameters_with_momentum"), MOMENTUM_AFTER,
    ADAM_TEXT, ADAM_INIT, ADAM_INIT_TEST, _expected("initialize_adam"), self_check("initialize_adam"),
    ADAM_STEP_TEXT, ADAM, ADAM_TEST, _expected("update_parameters_with_adam"),
    self_check("update_parameters_with_adam"),
    MODEL_TEXT, LOAD, MODEL_INTRO, MODEL,
    GD_RUN, train("Gradient Descent optimization", ', optimizer="gd"'), GD_RUN_EXPECTED,
    MOMENTUM_RUN, train("Momentum optimization", ', beta=0.9, optimizer="momentum"'), MOMENTUM_RUN_EXPECTED,
    ADAM_RUN, train("Adam optimization", ', optimizer="adam"'), ADAM_RUN_EXPECTED, SUMMARY,
    DECAY_TEXT, UPDATE_LR, UPDATE_LR_TEST, _expected("update_lr"), self_check("update_lr"),
    DECAY_RUN, train("Gradient Descent with learning rate decay",
                     ', optimizer="gd", learning_rate=0.1, num_epochs=5000, decay=update_lr'), DECAY_RUN_EXPECTED,
    SCHEDULE_TEXT, SCHEDULE, SCHEDULE_TEST, _expected("schedule_lr_decay"), self_check("schedule_lr_decay"),
    SCHEDULE_RUNS,
    train("Gradient Descent with scheduled learning rate decay",
          ', optimizer="gd", learning_rate=0.1, num_epochs=5000, decay=schedule_lr_decay'),
    train("Momentum with scheduled learning rate decay",
          ', optimizer="momentum", learning_rate=0.1, num_epochs=5000, decay=schedule_lr_decay'),
    train("Adam with scheduled learning rate decay",
          ', optimizer="adam", learning_rate=0.01, num_epochs=5000, decay=schedule_lr_decay'),
    SCHEDULE_SUMMARY,
]
