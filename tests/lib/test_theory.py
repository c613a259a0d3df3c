"""Each closed form in `theory` is cross-checked against a simulation or an independent formula."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import momentum_lib as ml
from momentum_lib import sweep, theory


def test_effective_learning_rate_is_ten_times_at_gamma_0_9():
    assert theory.effective_learning_rate(0.001, 0.9) == pytest.approx(0.01, rel=1e-12)


def test_terminal_momentum_is_the_fixed_point():
    m = theory.terminal_momentum(0.1, 0.9, 2.0)
    assert m == pytest.approx(0.9 * m - 0.1 * 2.0, rel=1e-12)
    assert m == pytest.approx(-2.0)


def test_steps_to_fraction_for_gamma_0_9():
    assert theory.steps_to_fraction(0.9, [0.65, 0.90, 0.99]).tolist() == [10, 22, 44]


@given(gamma=st.floats(0.05, 0.995), frac=st.floats(0.01, 0.999))
def test_steps_to_fraction_is_the_first_step_that_gets_there(gamma, frac):
    t = int(theory.steps_to_fraction(gamma, frac))
    assert 1 - gamma**t >= frac - 1e-9
    assert t == 1 or 1 - gamma ** (t - 1) < frac + 1e-9


@given(lr=st.floats(1e-3, 1.0), gamma=st.floats(0.0, 0.99), c=st.floats(-3, 3), t=st.integers(0, 80))
def test_momentum_after_matches_simulation(lr, gamma, c, t):
    opt = ml.Momentum(lr, gamma)
    theta = np.zeros(1); state = opt.init(theta)
    for _ in range(t):
        state = opt.step_(theta, np.array([c]), state)
    np.testing.assert_allclose(state.m[0], theory.momentum_after(t, lr, gamma, c), rtol=1e-10, atol=1e-12)


@given(lr=st.floats(1e-3, 2.0), gamma=st.floats(0.0, 1.0), lam=st.floats(0.01, 10), nesterov=st.booleans())
def test_iteration_matrix_is_one_step_of_the_optimizer(lr, gamma, lam, nesterov):
    opt = ml.Momentum(lr, gamma, nesterov=nesterov)
    q = ml.Quadratic([lam])
    x, m = np.array([0.7]), np.array([-0.3])
    state = ml.MomentumState(m=m.copy(), count=np.zeros((), np.int64))
    x1, s1 = opt.step(x, q.grad(x), state)
    r = theory.iteration_matrix(lr, gamma, lam, nesterov=nesterov)
    np.testing.assert_allclose(r @ np.array([0.7, -0.3]), [x1[0], s1.m[0]], rtol=1e-12, atol=1e-12)


@given(lr=st.floats(1e-3, 2.0), gamma=st.floats(0.0, 1.0), lam=st.floats(0.01, 10), nesterov=st.booleans())
def test_spectral_radius_equals_numpys_eigenvalues(lr, gamma, lam, nesterov):
    r = theory.iteration_matrix(lr, gamma, lam, nesterov=nesterov)
    expected = np.max(np.abs(np.linalg.eigvals(r)))
    assert theory.spectral_radius(lr, gamma, lam, nesterov=nesterov) == pytest.approx(expected, rel=1e-6, abs=1e-6)


def test_heavy_ball_determinant_is_gamma_so_complex_rate_is_sqrt_gamma():
    r = theory.iteration_matrix(0.1, 0.81, 5.0)
    assert np.linalg.det(r) == pytest.approx(0.81)
    assert theory.spectral_radius(0.1, 0.81, 5.0) == pytest.approx(0.9)  # √γ, not 2√γ


@pytest.mark.parametrize("nesterov", [False, True])
def test_convergence_region_matches_spectral_radius(nesterov):
    lr = np.linspace(0.01, 5, 400)[:, None]
    gamma = np.linspace(0, 0.99, 100)[None, :]
    inside = theory.converges(lr, gamma, 1.0, nesterov=nesterov)
    rho = theory.spectral_radius(lr, gamma, 1.0, nesterov=nesterov)
    clear = np.abs(rho - 1) > 1e-6
    assert np.array_equal(inside[clear], (rho < 1)[clear])


def test_gd_divergence_threshold_is_two_over_lambda_max():
    q = ml.Quadratic([1.0, 4.0])
    eta = theory.gd_divergence_threshold(4.0)
    assert eta == 0.5
    assert not ml.run(ml.GradientDescent(eta * 0.99), q, np.ones(2), 2000).diverged
    assert ml.run(ml.GradientDescent(eta * 1.01), q, np.ones(2), 2000).diverged


def test_polyak_optimum_rate_and_parameters():
    lr, gamma, rate = theory.optimal_parameters(1.0, 100.0)
    assert rate == pytest.approx(9 / 11) and gamma == pytest.approx((9 / 11) ** 2)
    assert lr == pytest.approx((2 / 11) ** 2)
    assert theory.quadratic_rate(lr, gamma, [1.0, 100.0]) == pytest.approx(rate, rel=1e-9)
    lr_gd, rate_gd = theory.gd_optimal(1.0, 100.0)
    assert rate_gd == pytest.approx(99 / 101) and theory.gd_rate(lr_gd, [1.0, 100.0]) == pytest.approx(rate_gd)


@pytest.mark.parametrize("kappa", [4.0, 50.0, 1000.0])
def test_measured_rate_equals_spectral_radius(kappa):
    q = ml.Quadratic([1.0, kappa])
    lr, mom = sweep.grid(np.linspace(0.2, 1.9, 6) / kappa, [0.0, 0.3, 0.6, 0.9])
    measured = sweep.measured_rate(ml.Momentum(lr, mom), q, np.array([1.0, 1.0]), steps=2000)
    predicted = theory.quadratic_rate(lr[..., 0], mom[..., 0], q.eigenvalues)
    np.testing.assert_allclose(measured, predicted, rtol=2e-3)


def test_measured_rate_detects_a_five_percent_wrong_update():
    q = ml.Quadratic([1.0, 20.0])
    wrong = sweep.measured_rate(ml.Momentum(0.05, 0.9 * 1.05), q, np.array([1.0, 1.0]), steps=2000)
    assert abs(wrong - theory.quadratic_rate(0.05, 0.9, q.eigenvalues)) > 5e-3


@given(lr=st.floats(0.001, 0.9))
def test_critical_damping_is_where_eigenvalues_turn_complex(lr):
    g = theory.critical_damping(lr, 1.0)
    r = theory.iteration_matrix(lr, g, 1.0)
    tr, det = np.trace(r), np.linalg.det(r)
    assert tr**2 - 4 * det == pytest.approx(0.0, abs=1e-9)


def test_theory_validates_its_arguments():
    with pytest.raises(ValueError, match="momentum"):
        theory.effective_learning_rate(0.1, 1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        theory.terminal_momentum(-0.1, 0.9, 1.0)
    with pytest.raises(ValueError, match="fraction"):
        theory.steps_to_fraction(0.9, 1.0)
    with pytest.raises(ValueError, match="max_curvature"):
        theory.optimal_parameters(10.0, 1.0)


@pytest.mark.parametrize("gamma", [0.1, 0.5, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("k", [1, 2, 3, 7, 10, 22, 44])
def test_steps_to_fraction_hits_exact_powers(gamma, k):
    """At fraction = 1 − γᵏ the answer is k, even where log(1 − f)/log γ rounds across k."""
    if 1 - gamma**k < 1:
        assert theory.steps_to_fraction(gamma, 1 - gamma**k) == k


def test_critical_damping_is_refused_where_it_means_something_else():
    assert theory.critical_damping(0.5, 2.0) == 0.0
    with pytest.raises(ValueError, match="learning_rate \\* curvature <= 1"):
        theory.critical_damping(0.5, 2.0 + 1e-9)


@pytest.mark.parametrize("h, expected", [(1e-5, 10.0), (1e-3, 11.2), ((1 - 0.9**0.5) ** 2, 20.0), (0.01, 5.2)])
def test_speedup_over_gradient_descent_at_gamma_0_9(h, expected):
    """Chapter 03's numbers: not "the gentler the slope, the more momentum wins"; the
    speed-up peaks at critical damping."""
    assert theory.speedup(h, 0.9, 1.0) == pytest.approx(expected, abs=0.05)
    h_grid = np.geomspace(1e-6, 0.1, 2001)
    assert h_grid[np.argmax(theory.speedup(h_grid, 0.9, 1.0))] == pytest.approx((1 - 0.9**0.5) ** 2, rel=0.01)


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.2])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 0.9])
def test_speedup_is_the_ratio_of_measured_log_rates(lr, gamma):
    q = ml.Quadratic([1.0])
    gd = sweep.measured_rate(ml.GradientDescent(lr), q, np.ones(1), steps=8000)
    hb = sweep.measured_rate(ml.Momentum(lr, gamma), q, np.ones(1), steps=8000)
    assert theory.speedup(lr, gamma, 1.0) == pytest.approx(np.log(hb) / np.log(gd), rel=2e-2)


@pytest.mark.parametrize("lr, gamma", [(0.1, 0.0), (0.1, 0.5), (0.05, 0.9), (0.2, 0.95)])
def test_saddle_growth_is_the_measured_growth_of_y_near_the_saddle(lr, gamma):
    saddle = ml.Saddle(a=1.0, b=2.0)
    growth = theory.saddle_growth(lr, gamma, 2.0)
    n = int(np.log(1e6) / np.log(growth))  # y grows from 1e-12 to about 1e-6: still linear
    y = ml.run(ml.Momentum(lr, gamma), saddle, np.array([0.5, 1e-12]), n).thetas[:, 1]
    measured = (y[n] / y[n // 2]) ** (1 / (n - n // 2))
    assert measured == pytest.approx(growth, rel=1e-5)
    assert theory.saddle_growth(lr, 0.0, 2.0) == pytest.approx(1 + lr * 2.0, rel=1e-15)
    r = theory.iteration_matrix(lr, gamma, 1.0)  # same matrix with λ = −b
    r[0, 0], r[1, 0] = 1 + lr * 2.0, lr * 2.0
    assert np.max(np.abs(np.linalg.eigvals(r))) == pytest.approx(theory.saddle_growth(lr, gamma, 2.0), rel=1e-12)


@pytest.mark.parametrize("lr, gamma", [(0.01, 0.0), (0.01, 0.9), (0.05, 0.5)])
def test_noise_floor_is_the_mean_loss_measured_under_gradient_noise(lr, gamma):
    """Five seeds of 64 runs on a two-direction bowl, the second half of 4000 steps averaged."""
    bowl = ml.Quadratic([1.0, 10.0])
    measured = [ml.run(ml.Momentum(lr, gamma), bowl, np.zeros((64, 2)), 4000, noise=0.5, seed=s)
                .losses[2000:].mean() for s in range(5)]
    predicted = theory.noise_floor(lr, gamma, bowl.eigenvalues, 0.25)
    assert np.abs(np.array(measured) / predicted - 1).max() < 0.06


def test_noise_floor_of_gradient_descent_and_of_a_grid():
    lam = np.array([1.0, 10.0])
    gd = (0.01 * 2.0 / (2 * (2 - 0.01 * lam))).sum()
    assert theory.noise_floor(0.01, 0.0, lam, 2.0) == pytest.approx(gd, rel=1e-12)
    lrs, gammas = np.array([0.01, 0.02])[:, None], np.array([0.0, 0.5, 0.9])
    grid = theory.noise_floor(lrs, gammas, lam, 1.0)
    assert grid.shape == (2, 3)
    for i, j in np.ndindex(2, 3):  # the same as one call per setting, written the other way round
        eta, g = lrs[i, 0], gammas[j]
        other = sum(eta * (1 + g) / (2 * (1 - g) * (2 + 2 * g - eta * x)) for x in lam)
        assert grid[i, j] == pytest.approx(other, rel=1e-12)
