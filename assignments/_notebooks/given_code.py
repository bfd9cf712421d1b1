"""Code cells the students are given, not graded: training loops and the gradient-checking network."""

from . import Cell, code

INIT_MODEL = code(r'''
def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """
    Trains the three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

    Arguments:
    X -- input data, of shape (2, number of examples)
    Y -- labels (0 or 1), of shape (1, number of examples)
    learning_rate -- step size of gradient descent
    num_iterations -- number of gradient descent steps
    print_cost -- if True, print the cost every 1000 iterations
    initialization -- how to set the starting parameters: "zeros", "random" or "he"

    Returns:
    parameters -- the trained parameters, ready for predict()
    """
    grads = {}
    costs = []  # the cost every 1000 iterations, for the learning curve
    m = X.shape[1]
    layers_dims = [X.shape[0], 10, 5, 1]

    # Starting point
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)
    else:
        raise ValueError("unknown initialization: " + str(initialization))

    # Gradient descent
    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
            costs.append(cost)

    # Learning curve
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('iterations (per thousand)')
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()

    return parameters
''')

REG_MODEL = code(r'''
def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    """
    Trains the three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID, with at most one regularizer.

    Arguments:
    X -- input data, of shape (2, number of examples)
    Y -- labels (0 or 1), of shape (1, number of examples)
    learning_rate -- step size of gradient descent
    num_iterations -- number of gradient descent steps
    print_cost -- if True, print the cost every 10000 iterations
    lambd -- L2 regularization strength (0: no L2 regularization)
    keep_prob -- probability of keeping a hidden unit in dropout (1: no dropout)

    Returns:
    parameters -- the trained parameters, ready for predict()
    """
    grads = {}
    costs = []  # the cost every 1000 iterations, for the learning curve
    m = X.shape[1]
    layers_dims = [X.shape[0], 20, 3, 1]

    # Starting point
    parameters = initialize_parameters(layers_dims)

    # Gradient descent
    for i in range(0, num_iterations):

        # Forward propagation, with or without dropout
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        elif keep_prob < 1:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)

        # Cost, with or without the L2 term
        if lambd == 0:
            cost = compute_cost(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)

        # Backward propagation. Both regularizers could be combined; this notebook uses one at a time.
        assert lambd == 0 or keep_prob == 1
        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob < 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)

        # Update
        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and i % 10000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        if print_cost and i % 1000 == 0:
            costs.append(cost)

    # Learning curve
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('iterations (x1,000)')
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()

    return parameters
''')

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


def train_and_predict(arguments: str) -> Cell:
    """Trains ``model`` with the given arguments and prints the train and test accuracies."""
    return code(f"""
parameters = model(train_X, train_Y{arguments})
print("On the train set:")
predictions_train = predict(train_X, train_Y, parameters)
print("On the test set:")
predictions_test = predict(test_X, test_Y, parameters)
""")


def boundary(title: str, xlim: str, ylim: str) -> Cell:
    """Draws the decision boundary of the last trained ``parameters`` over the training points."""
    return code(f"""
plt.title("{title}")
axes = plt.gca()
axes.set_xlim({xlim})
axes.set_ylim({ylim})
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
""")
