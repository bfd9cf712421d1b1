"""Code the students are given in the notebook, not graded."""

from grader.notebook_text import code

MODEL = code(r'''
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
          beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None, decay_rate=1):
    """
    Trains the three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID with mini-batches.

    Arguments:
    X -- input data, of shape (2, number of examples)
    Y -- labels (0 or 1), of shape (1, number of examples)
    layers_dims -- list of the layer sizes
    optimizer -- "gd", "momentum" or "adam"
    learning_rate -- the learning rate (at epoch 0, when decay is given)
    mini_batch_size -- the size of a mini-batch
    beta -- momentum hyperparameter
    beta1 -- exponential decay of the first moment estimates (Adam)
    beta2 -- exponential decay of the second moment estimates (Adam)
    epsilon -- keeps Adam's division away from zero
    num_epochs -- number of passes over the whole training set
    print_cost -- if True, print the cost every 1000 epochs
    decay -- a function of (learning_rate0, epoch_num, decay_rate) giving the learning rate, or None
    decay_rate -- the decay rate passed to decay

    Returns:
    parameters -- the trained parameters, ready for predict()
    """
    L = len(layers_dims)  # number of layers in the network
    costs = []  # the cost every 100 epochs, for the learning curve
    t = 0  # Adam's step counter
    seed = 10  # fixes the mini-batches, so that your results match the expected ones
    m = X.shape[1]
    learning_rate0 = learning_rate

    parameters = initialize_parameters(layers_dims)
    if optimizer == "gd":
        pass  # no state to initialize
    elif optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)

    for i in range(num_epochs):
        # New mini-batches every epoch: the seed changes so that the order of the examples does
        seed = seed + 1
        minibatches = random_mini_batches(X, Y, mini_batch_size, seed)
        cost_total = 0

        for minibatch in minibatches:
            (minibatch_X, minibatch_Y) = minibatch
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += compute_cost(a3, minibatch_Y)
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            elif optimizer == "adam":
                t = t + 1  # Adam counts its steps
                parameters, v, s, _, _ = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                                     beta1, beta2, epsilon)
        cost_avg = cost_total / m
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))
            if decay:
                print("learning rate after epoch %i: %f" % (i, learning_rate))
        if print_cost and i % 100 == 0:
            costs.append(cost_avg)

    # Learning curve
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('epochs (per 100)')
    plt.title("Learning rate = " + str(learning_rate))
    plt.show()

    return parameters
''')


def train(label: str, arguments: str) -> tuple[str, str]:
    """Trains ``model`` on the moons with ``arguments``, prints the accuracy and draws the boundary."""
    return code(f"""
layers_dims = [train_X.shape[0], 5, 2, 1]
parameters = model(train_X, train_Y, layers_dims{arguments})
predictions = predict(train_X, train_Y, parameters)

plt.title("Model with {label}")
axes = plt.gca()
axes.set_xlim([-1.5, 2.5])
axes.set_ylim([-1, 1.5])
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
""")
