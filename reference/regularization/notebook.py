"""Cells of the Regularization notebook."""

from grader.notebook_text import boundary, code, md, self_check, train_and_predict
from grader.reference.regularization.given_code import REG_MODEL
from grader.reference.regularization.notebook_dropout import dropout_cells

INTRO = md(r"""
# Regularization

A network with many parameters can fit its training set too well: it learns the noise of the
particular examples it saw, along with the pattern, and then does worse on new data. This is
**overfitting**, and regularization is the family of techniques that fight it.

In this notebook you will train the same network three times on a small, noisy 2-D dataset:

1. without regularization, as a baseline;
2. with **L2 regularization**;
3. with **dropout**.

Each function you write lives in a cell that starts with `# GRADED FUNCTION: <name>`. Write your code
only between the `### START CODE HERE ###` and `### END CODE HERE ###` lines (a function may have more
than one such region), and keep the function's name and arguments as they are.
""")

PACKAGES = md(r"""
## Packages

The helpers of this exercise are in `reg_utils.py`, next to this notebook: the activations, the
three-layer forward and backward passes, the cross-entropy cost `compute_cost`, the parameter
initialization and update, prediction, plotting and the dataset loader.
""")

IMPORTS = code(r"""
import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
import scipy.io
from testCases import *
from public_tests import *
from reg_utils import sigmoid, relu, plot_decision_boundary, initialize_parameters, load_2D_dataset, predict_dec
from reg_utils import compute_cost, predict, forward_propagation, backward_propagation, update_parameters

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)  # default size of the plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'
""")

DATA = md(r"""
## The data

Each example is a point $(x_1, x_2)$ of the square $[-0.75, 0.4] \times [-0.75, 0.65]$ with a label, 0
(red) or 1 (blue). The two classes are separated by a smooth curve, but some points lie on the wrong
side of it: the labels are noisy. There are 211 training points and 200 test points.

`load_2D_dataset()` reads the course's original dataset from `datasets/data.mat` (a `datasets` folder
next to this notebook) when that file is present. When it is not, the loader generates this project's
own dataset instead: deterministic (the same points every time), with the same shapes and region of the
plane. The numbers quoted as expected training results below are those of the original dataset; with the
generated one, yours will differ, but the comparison between the three models is what matters.
""")

LOAD = code(r"""
train_X, train_Y, test_X, test_Y = load_2D_dataset()
""")

MODEL_TEXT = md(r"""
## The model

The network is LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with layer sizes `[2, 20, 3, 1]`,
its weights initialized by `initialize_parameters` from `reg_utils`. `model()` trains it by gradient
descent (learning rate 0.3, 30,000 iterations) and prints the cost every 10,000 iterations. It uses:

- no regularization when `lambd = 0` and `keep_prob = 1` (the defaults);
- L2 regularization when `lambd` is not 0: `compute_cost_with_regularization()` and
  `backward_propagation_with_regularization()`, which you will write;
- dropout when `keep_prob < 1`: `forward_propagation_with_dropout()` and
  `backward_propagation_with_dropout()`, which you will write too.

Read `model()` and run the cell; nothing is graded in it.
""")

BASELINE = md(r"""
## 1 - Without regularization

Train the baseline network (it takes a few seconds).
""")

BASELINE_EXPECTED = md(r"""
**Expected output** with the original dataset: the cost starts at `0.6557412523481002`; the train
accuracy is `0.9478672985781991` and the test accuracy `0.915`.

Plot the decision boundary:
""")

LIMITS = ("[-0.75, 0.40]", "[-0.75, 0.65]")

BASELINE_WHY = md(r"""
The boundary bends around individual noisy points of the training set: the network has started to fit
the noise. That is why it does better on the training set than on the test set. The two regularizers
below aim at a simpler boundary that generalizes better.
""")

L2_TEXT = md(r"""
## 2 - L2 regularization

L2 regularization adds to the cost a penalty proportional to the sum of the squares of all weights. The
cross-entropy cost

$$J = -\frac{1}{m} \sum_{i = 1}^{m} \left( y^{(i)}\log a^{[L](i)} + (1 - y^{(i)})\log\left(1 - a^{[L](i)}\right)
\right)$$

becomes

$$J_{\text{regularized}} = J + \frac{\lambda}{2m} \sum_{l} \sum_{k} \sum_{j} \left(W^{[l]}_{k,j}\right)^2$$

where $\lambda$ (`lambd` in the code, since `lambda` is a Python keyword) sets how strongly large weights
are penalized. The biases are not penalized.

<a name='ex-1'></a>
### Exercise 1 - compute_cost_with_regularization

Write `compute_cost_with_regularization()`. The cross-entropy part is computed for you by
`compute_cost(A3, Y)`; add the L2 term over `W1`, `W2` and `W3`. For one matrix, the double sum of
squares is `np.sum(np.square(W1))`.
""")

COST = code(r'''
# GRADED FUNCTION: compute_cost_with_regularization

def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """
    Computes the cross-entropy cost plus the L2 regularization term.

    Arguments:
    A3 -- output of the forward pass, of shape (1, number of examples)
    Y -- labels, of shape (1, number of examples)
    parameters -- dictionary with the network's parameters "W1", "b1", "W2", "b2", "W3", "b3"
    lambd -- regularization strength

    Returns:
    cost -- the regularized cost (a number)
    """
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)  # the cost without regularization

    ### START CODE HERE ### (approx. 2 lines)
    L2_regularization_cost = None
    cost = None
    ### END CODE HERE ###

    return cost
''')

COST_TEST = code(r"""
A3, t_Y, parameters = compute_cost_with_regularization_test_case()
cost = compute_cost_with_regularization(A3, t_Y, parameters, lambd=0.1)
print("cost = " + str(cost))
compute_cost_with_regularization_test(compute_cost_with_regularization)
""")

COST_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
cost = 1.7864859451590758
```
""")

L2_BACKWARD_TEXT = md(r"""
Since the cost changed, so do its gradients. The penalty depends only on the weights, and the derivative
of $\frac{\lambda}{2m} W^2$ with respect to $W$ is $\frac{\lambda}{m} W$. So each weight gradient is the
one of the baseline model plus $\frac{\lambda}{m} W^{[l]}$; the other gradients do not change.

<a name='ex-2'></a>
### Exercise 2 - backward_propagation_with_regularization

Write `backward_propagation_with_regularization()`: complete `dW3`, `dW2` and `dW1`, each being
`1. / m * np.dot(dZ, A_prev.T)` plus its regularization term.
""")

L2_BACKWARD = code(r'''
# GRADED FUNCTION: backward_propagation_with_regularization

def backward_propagation_with_regularization(X, Y, cache, lambd):
    """
    Backward pass of the baseline model when the cost includes the L2 regularization term.

    Arguments:
    X -- input data, of shape (input size, number of examples)
    Y -- labels, of shape (1, number of examples)
    cache -- the cache returned by forward_propagation()
    lambd -- regularization strength

    Returns:
    gradients -- dictionary with the gradients of the regularized cost with respect to each parameter,
                 activation and pre-activation
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    ### START CODE HERE ### (approx. 1 line)
    dW3 = None
    ### END CODE HERE ###
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    ### START CODE HERE ### (approx. 1 line)
    dW2 = None
    ### END CODE HERE ###
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    ### START CODE HERE ### (approx. 1 line)
    dW1 = None
    ### END CODE HERE ###
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
''')

L2_BACKWARD_TEST = code(r"""
t_X, t_Y, cache = backward_propagation_with_regularization_test_case()
grads = backward_propagation_with_regularization(t_X, t_Y, cache, lambd=0.7)
print("dW1 = \n" + str(grads["dW1"]))
print("dW2 = \n" + str(grads["dW2"]))
print("dW3 = \n" + str(grads["dW3"]))
backward_propagation_with_regularization_test(backward_propagation_with_regularization)
""")

L2_BACKWARD_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
dW1 =
[[-0.25604646  0.12298827 -0.28297129]
 [-0.17706303  0.34536094 -0.4410571 ]]
dW2 =
[[ 0.79276486  0.85133918]
 [-0.0957219  -0.01720463]
 [-0.13100772 -0.03750433]]
dW3 =
[[-1.77691347 -0.11832879 -0.09397446]]
```
""")

L2_RUN = md(r"""
Train the network with L2 regularization, $\lambda = 0.7$:
""")

L2_EXPECTED = md(r"""
**Expected output** with the original dataset: the cost starts at `0.6974484493131264`; the train
accuracy is `0.9383886255924171` and the test accuracy `0.93`.
""")

L2_WHY = md(r"""
The training accuracy went down a little and the test accuracy up: the network no longer fits the
noise. The boundary is smoother.

What L2 regularization does:

- Large weights make the cost larger, so gradient descent prefers small ones. A network with small
  weights computes a smoother function, whose output changes little when the input changes a little.
- In the update, the extra term of the gradient subtracts $\alpha \frac{\lambda}{m} W$ at every step:
  each weight is shrunk a little before the usual step, hence the other name, **weight decay**.
- $\lambda$ is a hyperparameter, to be tuned on a validation set. Too large, and the boundary becomes
  too simple: the network underfits (high bias).
""")

CELLS = [
    INTRO, PACKAGES, IMPORTS, DATA, LOAD, MODEL_TEXT, REG_MODEL,
    BASELINE, train_and_predict(""), BASELINE_EXPECTED,
    boundary("Model without regularization", *LIMITS), BASELINE_WHY,
    L2_TEXT, COST, COST_TEST, COST_EXPECTED, self_check("compute_cost_with_regularization"),
    L2_BACKWARD_TEXT, L2_BACKWARD, L2_BACKWARD_TEST, L2_BACKWARD_EXPECTED,
    self_check("backward_propagation_with_regularization"),
    L2_RUN, train_and_predict(", lambd=0.7"), L2_EXPECTED,
    boundary("Model with L2 regularization", *LIMITS), L2_WHY,
    *dropout_cells(LIMITS),
]
