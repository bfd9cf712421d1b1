"""The project's own 2-D dataset for the Regularization exercise (used when datasets/data.mat is absent).

INITIAL VERSION: to be tuned (see issue 2).
"""

import numpy as np


def generate_2d_dataset():
    rng = np.random.RandomState(20211)

    def draw(m):
        X = np.vstack([rng.uniform(-0.75, 0.4, m), rng.uniform(-0.75, 0.65, m)])
        boundary = 0.25 * np.sin(6 * X[0]) - 0.1
        Y = (X[1] > boundary).astype(int)
        flip = rng.rand(m) < 0.08
        Y[flip] = 1 - Y[flip]
        return X, Y.reshape(1, m)

    train_X, train_Y = draw(211)
    test_X, test_Y = draw(200)
    return train_X, train_Y, test_X, test_Y
