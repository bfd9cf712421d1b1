"""Cells of the Regularization notebook: the dropout part and the conclusion."""

from grader.notebook_text import Cell, boundary, code, md, self_check, train_and_predict

DROPOUT_TEXT = md(r"""
## 3 - Dropout

Dropout switches hidden units off at random during training. At every iteration, each unit of a hidden
layer is kept with probability `keep_prob` and otherwise set to zero, for that iteration only: each
iteration trains a different, thinner network. Since no unit can count on any particular other unit
being there, the network cannot build fragile combinations that fit individual training points; the
weights get spread over many units, with an effect similar to L2 regularization.

### 3.1 - Forward propagation with dropout

Dropout applies to the two hidden layers only, not to the input or the output layer. For the first
hidden layer (the second is handled the same way with `D2` and `A2`):

1. Draw `D1 = np.random.rand(A1.shape[0], A1.shape[1])`: one uniform random number per unit **and per
   example**, so that each example gets its own mask.
2. Turn it into a mask of 0s and 1s: `D1 = (D1 < keep_prob).astype(int)`. Each entry is 1 with
   probability `keep_prob`.
3. Switch the units off: `A1 = A1 * D1`.
4. Divide by `keep_prob`: `A1 = A1 / keep_prob`. The kept units are scaled up so that the expected value
   of each activation stays what it was without dropout. Thanks to this **inverted dropout**, nothing
   needs to change at test time, when all units are used.

<a name='ex-3'></a>
### Exercise 3 - forward_propagation_with_dropout

Write `forward_propagation_with_dropout()`. The seed is set at the top of the function: draw `D1`
first, then `D2`, with no other random draws, so that your masks match the expected ones.
""")

FORWARD = code(r'''
# GRADED FUNCTION: forward_propagation_with_dropout

def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """
    Forward pass LINEAR -> RELU + DROPOUT -> LINEAR -> RELU + DROPOUT -> LINEAR -> SIGMOID.

    Arguments:
    X -- input data, of shape (2, number of examples)
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3":
                    W1 -- shape (20, 2), b1 -- shape (20, 1)
                    W2 -- shape (3, 20), b2 -- shape (3, 1)
                    W3 -- shape (1, 3), b3 -- shape (1, 1)
    keep_prob -- probability of keeping each hidden unit

    Returns:
    A3 -- output of the network, of shape (1, number of examples)
    cache -- the values the backward pass needs, the dropout masks D1 and D2 included
    """
    np.random.seed(1)

    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    ### START CODE HERE ### (approx. 4 lines)
    # Step 1: D1, uniform random values of the shape of A1
    # Step 2: D1 as a mask of 0s and 1s (1 where the value is below keep_prob)
    # Step 3: switch off the units of A1 where D1 is 0
    # Step 4: divide A1 by keep_prob
    D1 = None
    ### END CODE HERE ###
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    ### START CODE HERE ### (approx. 4 lines)
    # Steps 1 to 4 again, for D2 and A2
    D2 = None
    ### END CODE HERE ###
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
''')

FORWARD_TEST = code(r"""
t_X, parameters = forward_propagation_with_dropout_test_case()
A3, cache = forward_propagation_with_dropout(t_X, parameters, keep_prob=0.7)
print("A3 = " + str(A3))
forward_propagation_with_dropout_test(forward_propagation_with_dropout)
""")

FORWARD_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
A3 = [[0.36974721 0.00305176 0.04565099 0.49683389 0.36974721]]
```
""")

BACKWARD_TEXT = md(r"""
### 3.2 - Backward propagation with dropout

The units switched off in the forward pass played no part in the cost, so their gradients must be
zero, and the kept units were scaled by `1 / keep_prob`, so their gradients are scaled the same way.
In practice, with the masks stored in the cache:

1. `dA1 = dA1 * D1`: the same units as in the forward pass are switched off;
2. `dA1 = dA1 / keep_prob`: since $A^{[1]}$ was divided by `keep_prob`, so is its derivative.

<a name='ex-4'></a>
### Exercise 4 - backward_propagation_with_dropout

Write `backward_propagation_with_dropout()`: apply these two steps to `dA2` with `D2`, and to `dA1` with
`D1`.
""")

BACKWARD = code(r'''
# GRADED FUNCTION: backward_propagation_with_dropout

def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """
    Backward pass of forward_propagation_with_dropout().

    Arguments:
    X -- input data, of shape (2, number of examples)
    Y -- labels, of shape (1, number of examples)
    cache -- the cache returned by forward_propagation_with_dropout()
    keep_prob -- probability of keeping each hidden unit, as in the forward pass

    Returns:
    gradients -- dictionary with the gradients of the cost with respect to each parameter,
                 activation and pre-activation
    """
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    ### START CODE HERE ### (approx. 2 lines)
    # Step 1: switch off the units of dA2 that D2 switched off in the forward pass
    # Step 2: divide dA2 by keep_prob
    dA2 = None
    ### END CODE HERE ###
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    ### START CODE HERE ### (approx. 2 lines)
    # Steps 1 and 2 again, for dA1 and D1
    dA1 = None
    ### END CODE HERE ###
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
''')

BACKWARD_TEST = code(r"""
t_X, t_Y, cache = backward_propagation_with_dropout_test_case()
gradients = backward_propagation_with_dropout(t_X, t_Y, cache, keep_prob=0.8)
print("dA1 = \n" + str(gradients["dA1"]))
print("dA2 = \n" + str(gradients["dA2"]))
backward_propagation_with_dropout_test(backward_propagation_with_dropout)
""")

BACKWARD_EXPECTED = md(r"""
**Expected output** (before the public test's own messages):

```
dA1 =
[[ 0.36544439  0.         -0.00188233  0.         -0.17408748]
 [ 0.65515713  0.         -0.00337459  0.         -0.        ]]
dA2 =
[[ 0.58180856  0.         -0.00299679  0.         -0.27715731]
 [ 0.          0.53159854 -0.          0.53159854 -0.34089673]
 [ 0.          0.         -0.00292733  0.         -0.        ]]
```
""")

RUN = md(r"""
Train the network with dropout, keeping each hidden unit with probability 0.86:
""")

EXPECTED = md(r"""
**Expected output** with the original dataset: the cost starts at `0.6543912405149825`; the train
accuracy is `0.9289099526066351` and the test accuracy `0.95`. The printed cost is computed on a thinned
network, with units switched off, so it cannot be compared with the other models' costs: compare the
accuracies.
""")

WHY = md(r"""
Dropout reduced overfitting too: lower train accuracy, higher test accuracy, smoother boundary.

Points to keep in mind:

- Dropout is used **only during training**. `predict()` calls the plain `forward_propagation()`, with
  every unit present: there is no dropout at test time, and no rescaling is needed thanks to the division
  by `keep_prob` during training.
- The mask must be applied in both passes, the forward and the backward one, and the scaling too.
- Deep learning frameworks provide dropout as a layer; `keep_prob` can also differ from layer to layer
  (lower for large layers, which are more prone to overfitting).
""")

CONCLUSION = md(r"""
## Summary

Published results of the three models on the original dataset:

| model | train accuracy | test accuracy |
| --- | --- | --- |
| no regularization | 95% | 91.5% |
| L2 regularization, $\lambda = 0.7$ | 94% | 93% |
| dropout, `keep_prob = 0.86` | 93% | 95% |

Regularization costs a little training accuracy and buys test accuracy: the test set is what counts.

What to remember:

- Regularization reduces overfitting by keeping the weights small or by making the network robust to
  missing units.
- L2 regularization adds $\frac{\lambda}{2m} \sum \|W\|^2$ to the cost and $\frac{\lambda}{m} W$ to each
  weight gradient (weight decay).
- Inverted dropout multiplies the hidden activations by a random 0/1 mask and divides them by
  `keep_prob`, applies the same mask and scaling in the backward pass, and is turned off at test time.
""")


def dropout_cells(limits: tuple[str, str]) -> list[Cell]:
    """The dropout part of the notebook, decision boundary plots drawn with ``limits``."""
    return [
        DROPOUT_TEXT, FORWARD, FORWARD_TEST, FORWARD_EXPECTED, self_check("forward_propagation_with_dropout"),
        BACKWARD_TEXT, BACKWARD, BACKWARD_TEST, BACKWARD_EXPECTED, self_check("backward_propagation_with_dropout"),
        RUN, train_and_predict(", keep_prob=0.86, learning_rate=0.3"), EXPECTED,
        boundary("Model with dropout", *limits), WHY, CONCLUSION,
    ]
