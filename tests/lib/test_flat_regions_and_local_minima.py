"""sweep.reaches_minimizer / sweep.success_rate: chapter 04's escape probability."""

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import sweep


def test_reaches_minimizer_agrees_with_the_end_of_a_full_run():
    dw = ml.DoubleWell(tilt=1.0)
    x0 = np.linspace(-2.0, 2.0, 41)[:, None]
    opt = ml.Momentum(0.05, 0.9)
    hits = sweep.reaches_minimizer(opt, dw, x0, 300)
    tr = ml.run(ml.Momentum(0.05, 0.9), dw, x0, 300)
    expected = np.abs(tr.final_theta[:, 0] - dw.minimizer[0]) <= 0.05
    assert hits.shape == (41,) and np.array_equal(hits, expected)
    assert hits.any() and not hits.all()


def test_success_rate_over_a_momentum_grid_matches_one_run_per_gamma():
    dw = ml.DoubleWell(tilt=1.0)
    x0 = np.linspace(dw.barrier, 2.0, 51)[1:, None]
    gammas = np.array([0.0, 0.5, 0.9])
    rates = sweep.success_rate(ml.Momentum(0.05, gammas.reshape(-1, 1, 1)), dw, x0, 400)
    assert rates.shape == (3,)
    for g, r in zip(gammas, rates):
        assert r == sweep.success_rate(ml.Momentum(0.05, float(g)), dw, x0, 400)
    # Gradient descent never leaves the shallow well's basin; momentum sometimes does.
    assert rates[0] == 0.0 and 0.0 < rates[2] < 1.0


def test_gradient_descent_is_momentum_zero_and_a_target_can_be_given():
    dw = ml.DoubleWell(tilt=1.0)
    x0 = np.linspace(-2.0, 2.0, 21)[:, None]
    gd = sweep.success_rate(ml.GradientDescent(0.05), dw, x0, 300)
    local = sweep.success_rate(ml.GradientDescent(0.05), dw, x0, 300, target=dw.local_minimizer)
    assert gd == sweep.success_rate(ml.Momentum(0.05, 0.0), dw, x0, 300)
    assert isinstance(gd, float) and gd + local == pytest.approx(1.0)


def test_diverged_runs_count_as_failures():
    q = ml.Quadratic([1.0])
    x0 = np.array([[1.0], [2.0]])
    assert sweep.success_rate(ml.GradientDescent(2.5), q, x0, 200) == 0.0
    assert not np.any(sweep.reaches_minimizer(ml.GradientDescent(2.5), q, x0, 200))


def test_bad_arguments_are_rejected_with_the_argument_named():
    dw = ml.DoubleWell()
    with pytest.raises(ValueError, match="theta0"):
        sweep.success_rate(ml.Momentum(0.05, 0.9), dw, np.zeros(3), 10)
    with pytest.raises(ValueError, match="target"):
        sweep.reaches_minimizer(ml.Momentum(0.05, 0.9), dw, np.zeros((3, 1)), 10, target=[0.0, 1.0])
    with pytest.raises(ValueError, match="tol"):
        sweep.reaches_minimizer(ml.Momentum(0.05, 0.9), dw, np.zeros((3, 1)), 10, tol=0)
    with pytest.raises(ValueError, match="steps"):
        sweep.success_rate(ml.Momentum(0.05, 0.9), dw, np.zeros((3, 1)), 0)
