"""Cells of the Gradient Checking notebook."""

from grader.notebook_text import code, md, self_check
from grader.reference.gradient_checking.given_code import BACKWARD_N, FORWARD_N

INTRO = md(r"""
# Gradient Checking

Backpropagation is easy to get subtly wrong: a transposed matrix, a forgotten factor, a wrong index, and
the network still trains, only worse, with nothing to tell you why. Gradient checking is a way to
find out whether the gradients computed by backward propagation are right.

The idea comes from the definition of the derivative. For a cost $J$ of a parameter $\theta$:

$$\frac{\partial J}{\partial \theta} =
\lim_{\varepsilon \to 0} \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon}$$

Computing $J$ is easy to get right: it is the forward pass. So for a small $\varepsilon$, the right-hand
side, evaluated with two forward passes, gives an estimate of the derivative against which the result
of backward propagation can be compared. You will do it first for a function of one parameter, then
for every parameter of a small network.

Each function you write lives in a cell that starts with `# GRADED FUNCTION: <name>`. Write your code
only between the `### START CODE HERE ###` and `### END CODE HERE ###` lines, and keep the function's
name and arguments as they are.
""")

PACKAGES = md(r"""
## Packages

`gc_utils.py`, next to this notebook, provides the activations and the functions that convert the
parameters of a network between a dictionary and a single vector.
""")

IMPORTS = code(r"""
import numpy as np
from testCases import *
from public_tests import *
from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector
""")

ONE_D = md(r"""
## 1 - One-dimensional gradient checking

Take the simplest cost there is, a linear function of one parameter: $J(\theta) = \theta x$, for a
fixed real input $x$. Its "forward propagation" computes $J$, its "backward propagation" computes
$\frac{\partial J}{\partial \theta}$.

<a name='ex-1'></a>
### Exercise 1 - forward_propagation

Write `forward_propagation(x, theta)`, which returns $J(\theta) = \theta x$.
""")

FORWARD = code(r'''
# GRADED FUNCTION: forward_propagation

def forward_propagation(x, theta):
    """
    Computes the cost of the one-dimensional linear function J(theta) = theta * x.

    Arguments:
    x -- a real-valued input
    theta -- the parameter, a real number as well

    Returns:
    J -- the value of J at theta, for this input
    """
    ### START CODE HERE ### (approx. 1 line)
    J = None
    ### END CODE HERE ###

    return J
''')

FORWARD_TEST = code(r"""
x, theta = 2, 4
J = forward_propagation(x, theta)
print("J = " + str(J))
forward_propagation_test(forward_propagation)
""")

FORWARD_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
J = 8
```
""")

BACKWARD_TEXT = md(r"""
<a name='ex-2'></a>
### Exercise 2 - backward_propagation

Write `backward_propagation(x, theta)`, which returns the derivative of $J(\theta) = \theta x$ with
respect to $\theta$, computed by hand.
""")

BACKWARD = code(r'''
# GRADED FUNCTION: backward_propagation

def backward_propagation(x, theta):
    """
    Computes the derivative of J(theta) = theta * x with respect to theta.

    Arguments:
    x -- a real-valued input
    theta -- the parameter, a real number as well

    Returns:
    dtheta -- the derivative of the cost with respect to theta
    """
    ### START CODE HERE ### (approx. 1 line)
    dtheta = None
    ### END CODE HERE ###

    return dtheta
''')

BACKWARD_TEST = code(r"""
x, theta = 2, 4
dtheta = backward_propagation(x, theta)
print("dtheta = " + str(dtheta))
backward_propagation_test(backward_propagation)
""")

BACKWARD_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
dtheta = 2
```
""")

CHECK_TEXT = md(r"""
Now check that `backward_propagation()` agrees with the numerical estimate of the derivative.

<a name='ex-3'></a>
### Exercise 3 - gradient_check

Write `gradient_check(x, theta, epsilon, print_msg)`. It computes:

1. the estimate `gradapprox`, by a two-sided difference (steps 1 to 5 in the code):
   $\theta^{+} = \theta + \varepsilon$ and $\theta^{-} = \theta - \varepsilon$, then
   $J^{+} = J(\theta^{+})$ and $J^{-} = J(\theta^{-})$ with `forward_propagation()`, then
   $gradapprox = \frac{J^{+} - J^{-}}{2 \varepsilon}$;
2. the derivative `grad`, with `backward_propagation()`;
3. the **relative difference** between the two (steps 1' to 3'): its numerator with `np.linalg.norm`,
   its denominator as the sum of two norms, then their ratio:

$$difference = \frac{\| grad - gradapprox \|_2}{\| grad \|_2 + \| gradapprox \|_2}$$

Dividing by the sizes of the two gradients makes the test independent of their scale. A difference
below $10^{-7}$ means the two agree; much larger values point to a mistake in the backward pass.
""")

CHECK = code(r'''
# GRADED FUNCTION: gradient_check

def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """
    Compares the derivative computed by backward_propagation with its numerical estimate.

    Arguments:
    x -- a real-valued input
    theta -- the parameter, a real number as well
    epsilon -- the small shift of theta used in the two-sided difference
    print_msg -- if True, print whether the derivative looks right

    Returns:
    difference -- the relative difference between the two derivatives
    """
    # Numerical estimate of the derivative
    ### START CODE HERE ### (approx. 5 lines)
    theta_plus = None   # Step 1
    theta_minus = None  # Step 2
    J_plus = None       # Step 3
    J_minus = None      # Step 4
    gradapprox = None   # Step 5
    ### END CODE HERE ###

    # Derivative from backward propagation, and the relative difference between the two
    ### START CODE HERE ### (approx. 4 lines)
    grad = None
    numerator = None    # Step 1'
    denominator = None  # Step 2'
    difference = None   # Step 3'
    ### END CODE HERE ###

    if print_msg:
        if difference < 1e-7:
            print("The gradient is correct!")
        else:
            print("The gradient is wrong!")

    return difference
''')

CHECK_TEST = code(r"""
x, theta = 3, 4
difference = gradient_check(x, theta, print_msg=True)
print("difference = " + str(difference))
gradient_check_test(gradient_check)
""")

CHECK_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
The gradient is correct!
difference = 7.814075313343006e-11
```

At this level the difference is rounding noise: only its order of magnitude (well below $10^{-7}$)
matters, and the last digits may differ on your machine.
""")

N_D = md(r"""
## 2 - N-dimensional gradient checking

Now for a real network: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with layer sizes
`[4, 5, 3, 1]`, 47 parameters in all. Its forward and backward passes are given below. Run both cells.
`backward_propagation_n()` was written in a hurry and may contain mistakes: gradient checking will tell.
""")

N_D_CHECK = md(r"""
For one parameter, the two-sided difference works as before: nudge that parameter up and down by
$\varepsilon$, leaving all the others as they are, and compare the two costs. To do it for every
parameter in turn, it is convenient to have all of them in a single vector $\theta$:

- `dictionary_to_vector(parameters)` reshapes `W1`, `b1`, `W2`, `b2`, `W3`, `b3` into columns and stacks
  them, in this order, into one column vector of shape `(47, 1)`; it also returns the name of the matrix
  each entry came from;
- `vector_to_dictionary(theta)` does the reverse, back to a dictionary that `forward_propagation_n()`
  accepts;
- `gradients_to_vector(gradients)` stacks `dW1`, `db1`, `dW2`, `db2`, `dW3`, `db3` the same way, so that
  entry $i$ of the gradient vector is the derivative with respect to entry $i$ of $\theta$.

<a name='ex-4'></a>
### Exercise 4 - gradient_check_n

Write `gradient_check_n()`. For each parameter index `i`:

- $J^{+}_i$: copy the parameter vector (`np.copy`), add $\varepsilon$ to entry `[i][0]` of the copy, and
  compute the cost with `forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))`, which returns
  the cost and a cache you do not need;
- $J^{-}_i$: the same, subtracting $\varepsilon$;
- $gradapprox_i = \frac{J^{+}_i - J^{-}_i}{2 \varepsilon}$.

Then compute the relative difference between the vectors `grad` and `gradapprox` with the formula of
Exercise 3. This time the threshold is $2 \times 10^{-7}$.
""")

CHECK_N = code(r'''
# GRADED FUNCTION: gradient_check_n

def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """
    Checks whether backward_propagation_n computes the gradient of the cost of forward_propagation_n.

    Arguments:
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3"
    gradients -- output of backward_propagation_n: the gradients of the cost with respect to the parameters
    X -- input data, of shape (4, number of examples)
    Y -- labels, of shape (1, number of examples)
    epsilon -- the small shift applied to one parameter at a time
    print_msg -- if True, print whether the gradient looks right

    Returns:
    difference -- the relative difference between the backpropagated and the numerical gradient
    """
    # Parameters and gradients as column vectors
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    # Numerical estimate of each partial derivative
    for i in range(num_parameters):

        # J_plus[i]: the cost with entry i of the parameters increased by epsilon
        ### START CODE HERE ### (approx. 3 lines)
        theta_plus = None      # Step 1
        theta_plus[i] = None   # Step 2
        J_plus[i] = None       # Step 3
        ### END CODE HERE ###

        # J_minus[i]: the cost with entry i of the parameters decreased by epsilon
        ### START CODE HERE ### (approx. 3 lines)
        theta_minus = None     # Step 1
        theta_minus[i] = None  # Step 2
        J_minus[i] = None      # Step 3
        ### END CODE HERE ###

        # Two-sided difference
        ### START CODE HERE ### (approx. 1 line)
        gradapprox[i] = None
        ### END CODE HERE ###

    # Relative difference between grad and gradapprox
    ### START CODE HERE ### (approx. 3 lines)
    numerator = None    # Step 1'
    denominator = None  # Step 2'
    difference = None   # Step 3'
    ### END CODE HERE ###

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))

    return difference
''')

CHECK_N_TEST = code(r"""
X, Y, parameters = gradient_check_n_test_case()

cost, cache = forward_propagation_n(X, Y, parameters)
gradients = backward_propagation_n(X, Y, cache)
difference = gradient_check_n(parameters, gradients, X, Y, 1e-7, True)
gradient_check_n_test(gradient_check_n)
""")

CHECK_N_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
There is a mistake in the backward propagation! difference = 0.2850931567761623
```

This is with the `backward_propagation_n()` given above; the public test then runs your function both
with it and with a corrected backward pass. The gradient check works, and it found a problem:
`backward_propagation_n()` has two bugs, in the gradients of two parameters (hint: look at `dW2` and
`db1`). To locate such bugs yourself, compare `grad` and `gradapprox` entry by entry, using the names
returned by `dictionary_to_vector()`. Once both are fixed, the check prints

```
Your backward propagation works perfectly fine! difference = 1.1890913024229996e-07
```

(the last digits may vary slightly from machine to machine). You may fix them and run the check again;
only `gradient_check_n()` itself is graded.
""")

CONCLUSION = md(r"""
## Notes

- Gradient checking is slow: it takes two forward passes per parameter, and real networks have millions
  of parameters. Use it to verify an implementation, on a few examples, then turn it off: never inside
  the training loop.
- It does not work with dropout, whose random masks change the cost from one forward pass to the next.
  Check the gradients with dropout turned off (`keep_prob = 1`), then turn it back on for training.
- With L2 regularization, the checked cost must include the regularization term, and so must the
  gradients.

What to remember:

- Gradient checking compares the gradients of backpropagation with a numerical estimate computed from
  the forward pass by a two-sided difference, $\frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon}$.
- The relative difference $\frac{\| grad - gradapprox \|_2}{\| grad \|_2 + \| gradapprox \|_2}$ should
  be of the order of $10^{-7}$ or less for $\varepsilon = 10^{-7}$.
""")

CELLS = [
    INTRO, PACKAGES, IMPORTS,
    ONE_D, FORWARD, FORWARD_TEST, FORWARD_EXPECTED, self_check("forward_propagation"),
    BACKWARD_TEXT, BACKWARD, BACKWARD_TEST, BACKWARD_EXPECTED, self_check("backward_propagation"),
    CHECK_TEXT, CHECK, CHECK_TEST, CHECK_EXPECTED, self_check("gradient_check"),
    N_D, FORWARD_N, BACKWARD_N,
    N_D_CHECK, CHECK_N, CHECK_N_TEST, CHECK_N_EXPECTED, self_check("gradient_check_n"),
    CONCLUSION,
]
