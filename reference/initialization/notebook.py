"""Cells of the Initialization notebook."""

from grader.notebook_text import boundary, code, md, self_check, train_and_predict
from grader.reference.initialization.given_code import INIT_MODEL

INTRO = md(r"""
# Initialization

Gradient descent has to start somewhere, and where it starts matters more than one might expect.
A good starting point lets the cost fall quickly and reach a low value; a bad one can leave the
network stuck, or make the first steps so large that learning crawls.

In this notebook you will train the same three-layer network three times, changing only how its
weights are set before the first step:

1. **all zeros**, to see why this cannot work;
2. **large random values**, to see what happens when the weights are too big;
3. **He initialization**, random values scaled to the size of the previous layer.

Each function you write lives in a cell that starts with `# GRADED FUNCTION: <name>`. Write your code
only between the `### START CODE HERE ###` and `### END CODE HERE ###` lines, and keep the function's
name and arguments as they are.
""")

PACKAGES = md(r"""
## Packages

Run the cell below to import numpy, matplotlib and the helpers of this exercise (`init_utils.py`, in the
same folder as this notebook): the forward and backward passes, the loss, the parameter update, the
prediction and plotting functions, and the dataset loader.
""")

IMPORTS = code(r"""
import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
from public_tests import *
from init_utils import sigmoid, relu, compute_loss, forward_propagation, backward_propagation
from init_utils import update_parameters, predict, load_dataset, plot_decision_boundary, predict_dec

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)  # default size of the plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'
""")

DATA = md(r"""
## The data

The points come from scikit-learn's `make_circles`: two noisy concentric rings, one per class, in the
plane. `load_dataset()` draws 300 training points (with `np.random.seed(1)`) and 100 test points (with
`np.random.seed(2)`), both with noise 0.05, so everyone gets the same data. Each column of `train_X` is
one point $(x_1, x_2)$; `train_Y` holds its label, 0 or 1.

The classifier has to learn a closed, roughly circular boundary between the inner and the outer ring.
""")

LOAD = code(r"""
train_X, train_Y, test_X, test_Y = load_dataset()
""")

MODEL_TEXT = md(r"""
## The model

The network is LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with layer sizes `[2, 10, 5, 1]`.
`model()` below trains it with plain gradient descent (learning rate 0.01, 15,000 iterations), printing
the cost every 1,000 iterations and plotting it at the end. Its `initialization` argument picks the
function that creates the starting parameters:

- `initialization = "zeros"` calls `initialize_parameters_zeros()`,
- `initialization = "random"` calls `initialize_parameters_random()`,
- `initialization = "he"` calls `initialize_parameters_he()`.

You will write those three functions. Read `model()` and run the cell; nothing is graded in it.
""")

ZEROS_TEXT = md(r"""
## 1 - Zero initialization

A network has two kinds of parameters: the weight matrices $W^{[1]}, W^{[2]}, \dots, W^{[L]}$ and the
bias vectors $b^{[1]}, b^{[2]}, \dots, b^{[L]}$. The simplest idea is to set all of them to zero.

<a name='ex-1'></a>
### Exercise 1 - initialize_parameters_zeros

Write `initialize_parameters_zeros(layers_dims)`. For every layer $l = 1, \dots, L$ it stores in
`parameters` an all-zero `W` of shape `(layers_dims[l], layers_dims[l-1])` and an all-zero `b` of shape
`(layers_dims[l], 1)`, under the keys `"W" + str(l)` and `"b" + str(l)`. `np.zeros(shape)` does the work.
""")

ZEROS = code(r'''
# GRADED FUNCTION: initialize_parameters_zeros

def initialize_parameters_zeros(layers_dims):
    """
    Creates the parameters of a network with every weight and bias equal to zero.

    Arguments:
    layers_dims -- list of the layer sizes [n_x, n_1, ..., n_L], input layer first

    Returns:
    parameters -- dictionary with the keys "W1", "b1", ..., "WL", "bL":
                    Wl -- zeros, of shape (layers_dims[l], layers_dims[l-1])
                    bl -- zeros, of shape (layers_dims[l], 1)
    """
    parameters = {}
    L = len(layers_dims)  # number of layers, the input layer included

    for l in range(1, L):
        ### START CODE HERE ### (approx. 2 lines)
        parameters['W' + str(l)] = None
        parameters['b' + str(l)] = None
        ### END CODE HERE ###
    return parameters
''')

ZEROS_TEST = code(r"""
parameters = initialize_parameters_zeros([3, 2, 1])
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
print("W2 = " + str(parameters["W2"]))
print("b2 = " + str(parameters["b2"]))
initialize_parameters_zeros_test(initialize_parameters_zeros)
""")

ZEROS_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
W1 = [[0. 0. 0.]
 [0. 0. 0.]]
b1 = [[0.]
 [0.]]
W2 = [[0. 0.]]
b2 = [[0.]]
```
""")

ZEROS_RUN = md(r"""
Train the network from this starting point (it takes a few seconds).
""")

ZEROS_RUN_EXPECTED = md(r"""
**Expected output**: the cost stays at `0.6931471805599453`, that is $\log 2$, at every printed
iteration (up to a wobble in the last digit), and both accuracies are `0.5`.

A cost that never moves means the network learns nothing. Look at what it predicts:
""")

PREDICTIONS = code(r"""
print("predictions_train = " + str(predictions_train))
print("predictions_test = " + str(predictions_test))
""")

ZEROS_WHY = md(r"""
Every point gets the label 0. Here is why. With zero weights and biases, every unit of a layer computes
the same value ($\text{ReLU}(0) = 0$ in the hidden layers), so the output is $\sigma(0) = 0.5$ for every
input and the cost is $\log 2$. Worse, all units of a layer also receive the *same* gradient, so after
each update they are still identical: the hidden layers behave like layers of a single unit, and here
the gradients of the hidden weights are even exactly zero. Nothing distinguishes one unit from
another, and nothing ever will: gradient descent cannot **break the symmetry**.

Zero biases are harmless; the weights, though, must start with different (random) values.
""")

RANDOM_TEXT = md(r"""
## 2 - Random initialization

Random weights make the units of a layer differ from the start, so each can learn something of its
own. How large those random values are still matters. To see it, try weights that are far too large:
standard normal draws multiplied by 10. The biases can stay at zero.

<a name='ex-2'></a>
### Exercise 2 - initialize_parameters_random

Write `initialize_parameters_random(layers_dims)`: for each layer,
`W` is `np.random.randn(layers_dims[l], layers_dims[l-1]) * 10` and `b` is `np.zeros((layers_dims[l], 1))`.
The seed is already set so that your numbers match the expected ones: draw the weights in layer order
and make no other random draws.
""")

RANDOM = code(r'''
# GRADED FUNCTION: initialize_parameters_random

def initialize_parameters_random(layers_dims):
    """
    Creates the parameters of a network with large random weights and zero biases.

    Arguments:
    layers_dims -- list of the layer sizes [n_x, n_1, ..., n_L], input layer first

    Returns:
    parameters -- dictionary with the keys "W1", "b1", ..., "WL", "bL":
                    Wl -- standard normal values times 10, of shape (layers_dims[l], layers_dims[l-1])
                    bl -- zeros, of shape (layers_dims[l], 1)
    """
    np.random.seed(3)  # fixes the random numbers, so that yours match the expected output
    parameters = {}
    L = len(layers_dims)  # number of layers, the input layer included

    for l in range(1, L):
        ### START CODE HERE ### (approx. 2 lines)
        parameters['W' + str(l)] = None
        parameters['b' + str(l)] = None
        ### END CODE HERE ###
    return parameters
''')

RANDOM_TEST = code(r"""
parameters = initialize_parameters_random([3, 2, 1])
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
print("W2 = " + str(parameters["W2"]))
print("b2 = " + str(parameters["b2"]))
initialize_parameters_random_test(initialize_parameters_random)
""")

RANDOM_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
W1 = [[ 17.88628473   4.36509851   0.96497468]
 [-18.63492703  -2.77388203  -3.54758979]]
b1 = [[0.]
 [0.]]
W2 = [[-0.82741481 -6.27000677]]
b2 = [[0.]]
```
""")

RANDOM_RUN = md(r"""
Train the network from these large weights.
""")

RANDOM_WHY = md(r"""
**Expected output**: the first printed cost is `inf`, then the cost decreases slowly; the train
accuracy is `0.83` and the test accuracy `0.86`.

The symmetry is broken and the network does learn, but badly:

- With weights this large, the last layer's pre-activation is huge for many points, so the sigmoid
  outputs values extremely close to 0 or 1. A confident wrong answer costs a lot: when the output
  rounds to exactly 0 or 1, $\log(0)$ makes the cost infinite.
- A saturated sigmoid (and large activations in general) make the optimization slow and erratic: it
  takes many iterations just to undo the bad start, and 15,000 are not enough to get a good boundary.
- Smaller random values would do better, but how much smaller? The right scale depends on how many
  inputs each unit sums, which differs from layer to layer: that is what He initialization takes into
  account.
""")

HE_TEXT = md(r"""
## 3 - He initialization

He initialization (named after the first author of He et al., 2015) draws each weight from a normal
distribution whose variance depends on the size of the previous layer:

$$W^{[l]} \sim \mathcal{N}\left(0, \frac{2}{n^{[l-1]}}\right)$$

A unit of layer $l$ sums $n^{[l-1]}$ inputs, so the variance of its pre-activation grows with
$n^{[l-1]}$; dividing the weights' variance by $n^{[l-1]}$ keeps the activations (and the gradients) at a
similar scale from layer to layer. The factor 2 compensates for ReLU, which sets half of its inputs to
zero. (Xavier initialization uses $1/n^{[l-1]}$ instead, and suits tanh units.)

<a name='ex-3'></a>
### Exercise 3 - initialize_parameters_he

Write `initialize_parameters_he(layers_dims)`: for each layer, `W` is
`np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2 / layers_dims[l-1])`, and `b` is zero.
As before, keep the seed and draw the weights in layer order.
""")

HE = code(r'''
# GRADED FUNCTION: initialize_parameters_he

def initialize_parameters_he(layers_dims):
    """
    Creates the parameters of a network with He-initialized weights and zero biases.

    Arguments:
    layers_dims -- list of the layer sizes [n_x, n_1, ..., n_L], input layer first

    Returns:
    parameters -- dictionary with the keys "W1", "b1", ..., "WL", "bL":
                    Wl -- normal values with variance 2 / layers_dims[l-1], of shape (layers_dims[l], layers_dims[l-1])
                    bl -- zeros, of shape (layers_dims[l], 1)
    """
    np.random.seed(3)  # fixes the random numbers, so that yours match the expected output
    parameters = {}
    L = len(layers_dims) - 1  # number of layers, the input layer excluded

    for l in range(1, L + 1):
        ### START CODE HERE ### (approx. 2 lines)
        parameters['W' + str(l)] = None
        parameters['b' + str(l)] = None
        ### END CODE HERE ###
    return parameters
''')

HE_TEST = code(r"""
parameters = initialize_parameters_he([2, 4, 1])
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
print("W2 = " + str(parameters["W2"]))
print("b2 = " + str(parameters["b2"]))
initialize_parameters_he_test(initialize_parameters_he)
""")

HE_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
W1 = [[ 1.78862847  0.43650985]
 [ 0.09649747 -1.8634927 ]
 [-0.2773882  -0.35475898]
 [-0.08274148 -0.62700068]]
b1 = [[0.]
 [0.]
 [0.]
 [0.]]
W2 = [[-0.03098412 -0.33744411 -0.92904268  0.62552248]]
b2 = [[0.]]
```
""")

HE_RUN = md(r"""
Train the network from He-initialized weights.
""")

HE_RUN_EXPECTED = md(r"""
**Expected output**: the cost starts at `0.8830537463419761` and is about `0.0736` at iteration 14000;
the train accuracy is `0.9933333333333333` and the test accuracy `0.96`.
""")

CONCLUSION = md(r"""
The boundary now follows the two rings closely, after the same number of iterations that left the
other two networks far behind.

## Summary

| initialization | train accuracy | test accuracy | what went wrong |
| --- | --- | --- | --- |
| zeros | 50% | 50% | the units of a layer stay identical: symmetry is never broken |
| large random (x 10) | 83% | 86% | the outputs saturate: huge initial cost, slow progress |
| He | 99.3% | 96% | — |

What to remember:

- Different starting points lead to very different results with the same network, data and optimizer.
- Weights must be random to break the symmetry between the units of a layer; biases may start at zero.
- Random values must not be too large: scale them to the size of the previous layer.
- He initialization, variance $2 / n^{[l-1]}$, works well for ReLU networks.
""")

LIMITS = ("[-1.5, 1.5]", "[-1.5, 1.5]")  # axes of the decision boundary plots

CELLS = [
    INTRO, PACKAGES, IMPORTS, DATA, LOAD, MODEL_TEXT, INIT_MODEL,
    ZEROS_TEXT, ZEROS, ZEROS_TEST, ZEROS_EXPECTED, self_check("initialize_parameters_zeros"),
    ZEROS_RUN, train_and_predict(', initialization="zeros"'), ZEROS_RUN_EXPECTED, PREDICTIONS,
    boundary("Model with Zeros initialization", *LIMITS), ZEROS_WHY,
    RANDOM_TEXT, RANDOM, RANDOM_TEST, RANDOM_EXPECTED, self_check("initialize_parameters_random"),
    RANDOM_RUN, train_and_predict(', initialization="random"'), PREDICTIONS,
    boundary("Model with large random initialization", *LIMITS), RANDOM_WHY,
    HE_TEXT, HE, HE_TEST, HE_EXPECTED, self_check("initialize_parameters_he"),
    HE_RUN, train_and_predict(', initialization="he"'), HE_RUN_EXPECTED,
    boundary("Model with He initialization", *LIMITS), CONCLUSION,
]
