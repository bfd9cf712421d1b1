"""The project's own 2-D dataset for the Regularization exercise (used when datasets/data.mat is absent).

What the data is
----------------
Two classes of points in the plane, in the spirit of the course's "football field" data (where on
the field the French goalkeeper's kicks were headed by a French player, 1, or by an opponent, 0):

* Points are drawn uniformly in the rectangle [-0.75, 0.4] x [-0.75, 0.65].
* The true boundary is the gently wavy curve ``x2 = 0.04 + 0.6 x1 + 0.1 sin(4 x1 + 0.5)``; points
  above it tend to be labelled 1, points below it 0. Near the curve the label is random, with
  probability ``sigmoid(distance / 0.02)`` of being 1 (``distance`` measured vertically), so the
  boundary is noisy.
* On top of that some labels are flipped at random anywhere in the field: 7.5 % of the 211
  training points (noisy annotation) and 3 % of the 200 test points. These scattered outliers are
  what an unregularized [2, 20, 3, 1] network trained for 30000 iterations (learning rate 0.3)
  bends its decision boundary around, growing islands and spikes that do not generalize; with L2
  regularization (lambd 0.7) or dropout (keep_prob 0.86) the boundary stays close to the smooth
  curve and the test accuracy is clearly higher (about 86.5 % without regularization, 95.5 % with
  L2 and 92 % with dropout using the exercise's ``model``).

Everything is drawn from a private ``np.random.RandomState`` (whose stream numpy keeps stable across
versions), so the data is the same on every call and numpy's global random state is left alone.
"""

import numpy as np

SEED = 4
N_TRAIN, N_TEST = 211, 200
X1_RANGE = (-0.75, 0.4)
X2_RANGE = (-0.75, 0.65)
BOUNDARY_WIDTH = 0.02
TRAIN_FLIP_RATE = 0.075
TEST_FLIP_RATE = 0.03


def boundary(x1):
    """The curve separating the classes: label 1 above it, 0 below (before noise)."""
    return 0.04 + 0.6 * x1 + 0.1 * np.sin(4.0 * x1 + 0.5)


def _draw(rng, m, flip_rate):
    x1 = rng.uniform(X1_RANGE[0], X1_RANGE[1], m)
    x2 = rng.uniform(X2_RANGE[0], X2_RANGE[1], m)
    p_one = 1.0 / (1.0 + np.exp(-(x2 - boundary(x1)) / BOUNDARY_WIDTH))
    y = (rng.uniform(size=m) < p_one).astype(np.int64)
    flipped = rng.uniform(size=m) < flip_rate
    y[flipped] = 1 - y[flipped]
    return np.vstack([x1, x2]), y.reshape(1, m)


def generate_2d_dataset():
    """Returns train_X (2, 211), train_Y (1, 211), test_X (2, 200), test_Y (1, 200); labels are int 0/1."""
    rng = np.random.RandomState(SEED)
    train_X, train_Y = _draw(rng, N_TRAIN, TRAIN_FLIP_RATE)
    test_X, test_Y = _draw(rng, N_TEST, TEST_FLIP_RATE)
    return train_X, train_Y, test_X, test_Y
