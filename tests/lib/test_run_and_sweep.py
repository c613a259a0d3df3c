"""Trajectories, divergence flags and vectorized sweeps."""

import math

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import sweep


def test_trajectory_shapes_and_start():
    q = ml.Quadratic.ravine()
    tr = ml.run(ml.Momentum(0.01, 0.9), q, np.array([-4.0, 1.0]), 50)
    assert tr.thetas.shape == (51, 2) and tr.losses.shape == (51,) and tr.momenta.shape == (51, 2)
    assert np.array_equal(tr.thetas[0], [-4.0, 1.0]) and not tr.momenta[0].any()
    assert tr.losses[0] == pytest.approx(q.value(np.array([-4.0, 1.0])))
    assert tr.steps == 50 and tr.diverged is False and tr.diverged_at == -1


def test_divergence_is_flagged_at_the_step_it_happens_and_no_nan_is_returned():
    # GD on λ = 1 with η = 2.5 multiplies θ by −1.5 each step: |θ_t| = 1.5^t > 1e8 first at t = 46.
    tr = ml.run(ml.GradientDescent(2.5), ml.Quadratic([1.0]), np.array([1.0]), 100)
    assert tr.diverged is True
    assert tr.diverged_at == math.ceil(math.log(1e8) / math.log(1.5)) == 46
    assert np.all(np.isfinite(tr.thetas)) and np.all(np.isfinite(tr.losses))
    assert np.all(tr.thetas[46:] == tr.thetas[45])


def test_divergence_of_some_runs_in_a_batch_leaves_the_others_alone():
    lr = np.array([[0.1], [2.5]])
    tr = ml.run(ml.GradientDescent(lr), ml.Quadratic([1.0]), np.array([1.0]), 100)
    assert tr.diverged.tolist() == [False, True]
    assert tr.diverged_at.tolist() == [-1, 46]
    assert abs(tr.final_theta[0, 0]) < 1e-4


def test_overflowing_objective_is_flagged_not_nan():
    tr = ml.run(ml.GradientDescent(1.0), ml.Rosenbrock(), np.array([3.0, 3.0]), 20)
    assert tr.diverged and np.all(np.isfinite(tr.thetas))


def test_divergence_can_raise():
    with pytest.raises(ml.DivergenceError, match="step 46"):
        ml.run(ml.GradientDescent(2.5), ml.Quadratic([1.0]), np.array([1.0]), 100, on_divergence="raise")


def test_noise_is_reproducible_with_a_seed_and_changes_the_run():
    q = ml.Quadratic([1.0, 2.0])
    a = ml.run(ml.Momentum(0.1, 0.9), q, np.ones(2), 30, noise=0.5, seed=1).thetas
    b = ml.run(ml.Momentum(0.1, 0.9), q, np.ones(2), 30, noise=0.5, seed=1).thetas
    c = ml.run(ml.Momentum(0.1, 0.9), q, np.ones(2), 30, noise=0.5, seed=2).thetas
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_float32_runs_stay_float32():
    tr = ml.run(ml.Momentum(0.01, 0.9), ml.Quadratic.ravine(), np.ones(2, np.float32), 10)
    assert tr.thetas.dtype == np.float32


def test_steps_to_tolerance_matches_a_loop_over_configurations():
    q = ml.Quadratic.ravine(20)
    lrs, moms = np.array([0.02, 0.05, 0.09]), np.array([0.0, 0.5, 0.9])
    lr, mom = sweep.grid(lrs, moms)
    grid = sweep.steps_to_tolerance(ml.Momentum(lr, mom), q, np.array([1.0, 1.0]), 1e-6, 3000)
    for i, a in enumerate(lrs):
        for j, b in enumerate(moms):
            tr = ml.run(ml.Momentum(a, b), q, np.array([1.0, 1.0]), 3000)
            dist = np.linalg.norm(tr.thetas, axis=-1)
            first = np.flatnonzero(dist <= 1e-6)
            assert grid[i, j] == (first[0] if first.size else np.inf)


def test_steps_to_tolerance_marks_divergent_runs_inf():
    lr, mom = sweep.grid([0.1, 5.0], [0.0])
    out = sweep.steps_to_tolerance(ml.Momentum(lr, mom), ml.Quadratic([1.0]), np.ones(1), 1e-6, 500)
    assert np.isfinite(out[0, 0]) and out[1, 0] == np.inf


def test_momentum_beats_gradient_descent_on_the_ravine():
    q = ml.Quadratic.ravine(50)
    start = np.array([-4.0, 1.0])
    lrs = np.linspace(0.002, 0.039, 38)  # GD diverges beyond 2/50 = 0.04
    gd = min(sweep.steps_to_tolerance(ml.GradientDescent(lr), q, start, 1e-4, 5000) for lr in lrs)
    usual = min(sweep.steps_to_tolerance(ml.Momentum(lr, 0.9), q, start, 1e-4, 5000) for lr in lrs)
    lr_star, gamma_star, _ = ml.theory.optimal_parameters(1.0, 50.0)
    tuned = sweep.steps_to_tolerance(ml.Momentum(lr_star, gamma_star), q, start, 1e-4, 5000)
    assert usual < gd and tuned < gd / 4


def test_measured_rate_needs_a_quadratic():
    with pytest.raises(TypeError, match="Quadratic"):
        sweep.measured_rate(ml.Momentum(), ml.Rosenbrock(), np.ones(2))


def settled_from_a_run(opt, objective, start, tol, steps):
    """The settled step counted from a whole trajectory: after the last step outside the ball."""
    tr = ml.run(opt, objective, start, steps)
    outside = np.linalg.norm(tr.thetas - objective.minimizer, axis=-1) > tol
    if tr.diverged or outside[-1]:
        return np.inf
    return int(np.flatnonzero(outside)[-1]) + 1 if outside.any() else 0


@pytest.mark.parametrize("lr", [0.01, 0.03, 0.05, 0.075, 0.09])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 0.9])
def test_steps_to_settle_is_the_step_after_the_last_excursion(lr, gamma):
    q, start = ml.Quadratic.ravine(50), np.array([-4.0, 1.0])
    expected = settled_from_a_run(ml.Momentum(lr, gamma), q, start, 1e-3, 600)
    assert sweep.steps_to_settle(ml.Momentum(lr, gamma), q, start, 1e-3, 600) == expected
    lrs, gammas = sweep.grid([lr], [gamma])
    assert sweep.steps_to_settle(ml.Momentum(lrs, gammas), q, start, 1e-3, 600)[0, 0] == expected


def test_an_oscillating_run_settles_long_after_it_first_touches_the_ball():
    q, start, opt = ml.Quadratic.ravine(50), np.array([-4.0, 1.0]), ml.Momentum(0.02, 0.95)
    first = sweep.steps_to_tolerance(opt, q, start, 0.5, 2000)
    settled = sweep.steps_to_settle(ml.Momentum(0.02, 0.95), q, start, 0.5, 2000)
    assert first < settled == settled_from_a_run(ml.Momentum(0.02, 0.95), q, start, 0.5, 2000)


def test_steps_to_settle_is_inf_for_runs_that_diverge_or_end_outside():
    lr, mom = sweep.grid([0.1, 5.0], [0.0])
    out = sweep.steps_to_settle(ml.Momentum(lr, mom), ml.Quadratic([1.0]), np.ones(1), 1e-6, 500)
    assert np.isfinite(out[0, 0]) and out[1, 0] == np.inf
    assert sweep.steps_to_settle(ml.Momentum(0.001, 0.0), ml.Quadratic([1.0]), np.ones(1), 1e-6, 50) == np.inf
    assert sweep.steps_to_settle(ml.Momentum(0.1, 0.0), ml.Quadratic([1.0]), np.zeros(1), 1e-6, 5) == 0


@pytest.mark.parametrize("steps, window", [(4, 1), (4, 2), (9, 3), (15, 5), (40, 17)])
def test_measured_rate_is_the_error_ratio_over_exactly_its_window(steps, window):
    q = ml.Quadratic(matrix=[[3.0, 1.0], [1.0, 2.0]], minimizer=[0.5, -1.0])
    opt, start = ml.Momentum(0.1, 0.6), np.array([2.0, 1.0])
    tr = ml.run(ml.Momentum(0.1, 0.6), q, start, steps)
    error = np.sqrt(np.sum((tr.thetas - q.minimizer) ** 2, axis=-1) + np.sum(tr.momenta**2, axis=-1))
    expected = (error[steps] / error[steps - window]) ** (1 / window)
    measured = sweep.measured_rate(opt, q, start, steps=steps, window=window)
    assert measured == pytest.approx(expected, rel=1e-10)
