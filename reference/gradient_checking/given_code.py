"""Code the students are given in the notebook, not graded."""

from grader.notebook_text import code

FORWARD_N = code(r'''
def forward_propagation_n(X, Y, parameters):
    """
    Forward pass of LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, and its cross-entropy cost.

    Arguments:
    X -- training examples, of shape (4, number of examples)
    Y -- labels, of shape (1, number of examples)
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3":
                    W1 -- shape (5, 4), b1 -- shape (5, 1)
                    W2 -- shape (3, 5), b2 -- shape (3, 1)
                    W3 -- shape (1, 3), b3 -- shape (1, 1)

    Returns:
    cost -- the cross-entropy cost, averaged over the examples
    cache -- the values the backward pass needs
    """
    m = X.shape[1]
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    log_probs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(log_probs)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache
''')

BACKWARD_N = code(r'''
def backward_propagation_n(X, Y, cache):
    """
    Backward pass of forward_propagation_n (with two mistakes in it, on purpose).

    Arguments:
    X -- training examples, of shape (4, number of examples)
    Y -- labels, of shape (1, number of examples)
    cache -- the cache returned by forward_propagation_n

    Returns:
    gradients -- dictionary with the gradient of the cost with respect to every parameter,
                 activation and pre-activation
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) * 2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
''')
