"""The three-layer LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID network used by the
Initialization and Regularization exercises.

``init_utils`` and ``reg_utils`` re-export these names under the course's module names.
Importing this module needs numpy only; plotting imports matplotlib when called.
"""

import numpy as np


def sigmoid(x):
    """Logistic function, elementwise."""
    return 1 / (1 + np.exp(-x))


def relu(x):
    """Rectified linear unit, elementwise."""
    return np.maximum(0, x)


def forward_propagation(X, parameters):
    """Forward pass; returns the output activation and the cache
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
    return a3, cache


def backward_propagation(X, Y, cache):
    """Backward pass of the cross-entropy cost; returns a dict of gradients
    (dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1)."""
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dz3": dz3, "dW3": dW3, "db3": db3,
            "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
            "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W and b."""
    n = len(parameters) // 2
    for k in range(1, n + 1):
        parameters["W" + str(k)] = parameters["W" + str(k)] - learning_rate * grads["dW" + str(k)]
        parameters["b" + str(k)] = parameters["b" + str(k)] - learning_rate * grads["db" + str(k)]
    return parameters


def cross_entropy(a3, Y):
    """Mean cross-entropy cost, ignoring NaN terms (0 * log 0)."""
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
        return 1.0 / m * np.nansum(logprobs)


def predict(X, y, parameters, print_accuracy=True):
    """Predicts 0/1 labels with a 0.5 threshold and prints the accuracy against y."""
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    if print_accuracy:
        print("Accuracy: " + str(np.mean(p[0, :] == y[0, :])))
    return p


def accuracy(X, y, parameters):
    """Fraction of examples whose 0.5-threshold prediction equals y."""
    a3, _ = forward_propagation(X, parameters)
    return float(np.mean((a3 > 0.5).astype(int)[0, :] == y[0, :]))


def predict_dec(parameters, X):
    """Boolean predictions, used to draw decision boundaries."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5


def plot_decision_boundary(model, X, y):
    """Draws the decision regions of ``model`` (a function of an (m, 2) array) and the points X."""
    import matplotlib.pyplot as plt

    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    h = 0.01
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = model(np.c_[xx.ravel(), yy.ravel()])
    Z = np.asarray(Z).reshape(xx.shape)
    plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    plt.ylabel("x2")
    plt.xlabel("x1")
    plt.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral)
    plt.show()


def scatter(X, Y):
    """Scatter plot of 2-D points coloured by label (no-op without matplotlib)."""
    import matplotlib.pyplot as plt

    plt.scatter(X[0, :], X[1, :], c=np.ravel(Y), s=40, cmap=plt.cm.Spectral)
