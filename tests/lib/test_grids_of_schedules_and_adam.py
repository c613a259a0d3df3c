"""Chapters 11 and 12 compare many configurations in one vectorized run: a momentum schedule
that returns one γ per configuration (chapter 11's table of schedules on the Rosenbrock
function) and Adam with an array of learning rates (chapter 12's grid on the rotated ravine).
Each grid must give, configuration by configuration, what a separate run of that
configuration gives, or the chapters' tables would compare the wrong runs."""

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import sweep


def sutskever(t, gamma_max=0.99):
    return min(1 - 2.0 ** (-1 - np.log2(t // 250 + 1)), gamma_max)


def anneal(t):
    return 0.5 + 0.49 * min(1.0, t / 1000)


RULES = [0.0, 0.9, 0.99, sutskever, anneal]
ETAS = np.array([5e-4, 1.5e-3])


def gamma_of(rule, t):
    return rule(t) if callable(rule) else rule


def test_a_grid_of_momentum_schedules_settles_like_each_schedule_alone():
    rosen, start = ml.Rosenbrock(), np.array([-1.2, 1.0])
    grid = ml.Momentum(ETAS.reshape(-1, 1, 1),
                       lambda t: np.array([gamma_of(r, t) for r in RULES]).reshape(-1, 1))
    together = sweep.steps_to_settle(grid, rosen, np.broadcast_to(start, (ETAS.size, len(RULES), 2)), 1e-2, 4000)
    for i, eta in enumerate(ETAS):
        for j, rule in enumerate(RULES):
            alone = ml.Momentum(eta, (lambda t, r=rule: gamma_of(r, t)))
            assert together[i, j] == sweep.steps_to_settle(alone, rosen, start, 1e-2, 4000), (eta, j)
    # The grid holds both outcomes the chapter reports: settled runs and a diverged one.
    assert np.isfinite(together).sum() >= 5 and np.isinf(together[1, 2])


class TurnedRavine(ml.objectives.Objective):
    """Chapter 12's ravine λ = (1, κ) turned by 45°, A = [[a, b], [b, a]], a = (1+κ)/2, b = (1−κ)/2.

    The gradient is written out element by element: a matrix product's rounding can depend on
    how many rows it gets at once (BLAS), and Adam near a limit cycle turns one ulp into a
    different settled count, so a grid would not match the runs alone for that reason alone."""

    dim, minimizer, minimum = 2, np.zeros(2), 0.0

    def __init__(self, kappa):
        self.a, self.b = (1 + kappa) / 2, (1 - kappa) / 2

    def grad(self, theta):
        x, y = theta[..., 0], theta[..., 1]
        return np.stack([self.a * x + self.b * y, self.b * x + self.a * y], axis=-1)

    def value(self, theta):
        return 0.5 * np.sum(theta * self.grad(theta), axis=-1)


@pytest.mark.parametrize("beta_1", [0.9, 0.0])
def test_a_grid_of_adam_learning_rates_settles_like_each_rate_alone(beta_1):
    ravine = TurnedRavine(100.0)
    rates, start = np.geomspace(1e-2, 3.0, 7).reshape(-1, 1), np.array([-4.0, 1.0])
    together = sweep.steps_to_settle(ml.Adam(rates, beta_1=beta_1), ravine, np.broadcast_to(start, (7, 2)),
                                     1e-3, 1500)
    alone = [sweep.steps_to_settle(ml.Adam(float(r), beta_1=beta_1), ravine, start, 1e-3, 1500) for r in rates[:, 0]]
    np.testing.assert_array_equal(together, alone)
    assert np.isfinite(together).any() and len(set(together[np.isfinite(together)])) > 1
