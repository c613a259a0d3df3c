"""The details a reader of the library relies on without thinking: defaults, dtypes, exact
boundaries, the noise formula, warnings. Each test here was written because mutation testing
(`make mutate`) showed that the suite would not notice the detail changing."""

import importlib
import warnings

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import sweep, theory

run_module = importlib.import_module("momentum_lib.run")  # ml.run is the function of that name


def test_objective_defaults_are_the_books():
    assert repr(ml.Rosenbrock()) == "Rosenbrock(a=1.0, b=100.0)"
    assert repr(ml.DoubleWell()) == "DoubleWell(tilt=0.5)"
    assert repr(ml.Plateau()) == "Plateau(width=1.0, depth=1.0, radius=1.0)"
    assert repr(ml.Saddle()) == "Saddle(a=1.0, b=1.0)"
    assert repr(ml.Flat()) == "Flat()"
    assert repr(ml.Quadratic([1.23456789, 2.0])) == "Quadratic(eigenvalues=[1.234568, 2.0])"
    assert ml.Rosenbrock(a=2.0).minimizer.tolist() == [2.0, 4.0] and ml.Rosenbrock().minimum == 0.0
    p = ml.Plateau(width=2.0, depth=3.0, radius=0.5)
    assert p.minimizer.tolist() == [2.5] and p.minimum == -3.0


def test_optimizer_reprs_show_what_differs_from_the_defaults():
    assert repr(ml.Momentum(0.1, 0.9)) == "Momentum(learning_rate=0.1, momentum=0.9)"
    assert repr(ml.Momentum(0.1, 0.9, convention="pytorch", weight_decay=0.01, dampening=0.5)) == (
        "Momentum(learning_rate=0.1, momentum=0.9, convention='pytorch', weight_decay=0.01, dampening=0.5)")
    assert repr(ml.Adam()) == "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)"
    assert repr(ml.Adam(weight_decay=0.004)).endswith("epsilon=1e-07, weight_decay=0.004)")


def test_plateau_kinks_belong_to_the_flat_stretch():
    p = ml.Plateau(width=2.0, depth=3.0, radius=0.5)
    at = np.array([[0.0], [2.0]])
    assert not p.value(at).any() and not p.grad(at).any()
    x = np.array([[-0.5], [2.25], [3.0]])  # the slope, the well's wall, past the bottom
    np.testing.assert_allclose(p.value(x), [0.25, 3.0 * ((0.25 - 0.5) / 0.5) ** 2 - 3.0, 3.0 * 1.0**2 - 3.0])
    np.testing.assert_allclose(p.grad(x)[:, 0], [-1.0, 2 * 3.0 * (0.25 - 0.5) / 0.25, 2 * 3.0 * 0.5 / 0.25])


@pytest.mark.parametrize("objective", [ml.Quadratic([1.0, 4.0], minimizer=[0.5, 1.0]),
                                       ml.Quadratic(matrix=[[2.0, 0.5], [0.5, 1.0]]), ml.Rosenbrock(),
                                       ml.DoubleWell(), ml.Plateau(), ml.Saddle(), ml.Flat()], ids=repr)
def test_objectives_keep_float32_in_float32(objective):
    theta = np.full((3, objective.dim), 0.3, dtype=np.float32)
    assert objective.value(theta).dtype == np.float32 and objective.grad(theta).dtype == np.float32


def test_a_minimizer_is_kept_in_float64_whatever_it_was_given_in():
    q = ml.Quadratic([1.0], minimizer=np.array([0.1], dtype=np.float32))
    assert q.minimizer.dtype == np.float64


def test_float32_runs_record_float32_losses_and_integer_divergence_steps():
    tr = ml.run(ml.Momentum(0.01, 0.9), ml.Quadratic.ravine(), np.ones((2, 2), np.float32), 5)
    assert tr.losses.dtype == np.float32 and tr.diverged_at.dtype == np.int64


def test_divergence_flags_treat_step_zero_as_diverged():
    diverged, at = run_module.divergence_flags([0, -1, 3])
    assert diverged.tolist() == [True, False, True] and at.dtype == np.int64
    assert run_module.divergence_flags(2.0) == (True, 2)


def test_every_recorded_step_is_written():
    tr = ml.run(ml.Momentum(0.1, 0.5), ml.Quadratic([2.0]), np.array([1.0]), 3)
    assert tr.losses[0] == 1.0 and tr.momenta[0, 0] == 0.0
    assert np.all(np.isfinite(tr.thetas)) and np.all(np.isfinite(tr.losses)) and np.all(np.isfinite(tr.momenta))


def test_gradient_descent_has_no_momenta_and_momentum_freezes_at_zero_after_divergence():
    assert ml.run(ml.GradientDescent(0.1), ml.Quadratic([1.0]), np.ones(1), 3).momenta is None
    tr = ml.run(ml.Momentum(4.0, 0.5), ml.Quadratic([1.0]), np.ones(1), 60)
    assert tr.diverged and not tr.momenta[tr.diverged_at:].any()
    assert np.all(tr.thetas[tr.diverged_at:] == tr.thetas[tr.diverged_at - 1])


def test_noise_is_added_to_the_gradient_exactly_as_documented():
    """g̃ = ∇J(θ) + σ z, z ~ N(0, 1) from numpy's default_rng(seed), one draw per component."""
    lr, sigma, lam, theta0 = 0.1, 0.5, 2.0, np.array([1.0, -1.0])
    tr = ml.run(ml.GradientDescent(lr), ml.Quadratic([lam, lam]), theta0, 2, noise=sigma, seed=7)
    z = np.random.default_rng(7).standard_normal((2, 2))
    theta1 = theta0 - lr * (lam * theta0 + sigma * z[0])
    theta2 = theta1 - lr * (lam * theta1 + sigma * z[1])
    np.testing.assert_allclose(tr.thetas[1:], [theta1, theta2], rtol=1e-15)
    tr32 = ml.run(ml.GradientDescent(lr), ml.Quadratic([lam, lam]), theta0.astype(np.float32), 2, noise=sigma, seed=7)
    assert tr32.thetas.dtype == np.float32


def test_diverging_runs_raise_no_floating_point_warnings():
    """Even a step that overflows (η·g beyond float64) is reported as divergence, silently."""
    with warnings.catch_warnings(), np.errstate(all="warn"):
        warnings.simplefilter("error")
        ml.run(ml.GradientDescent(1.0), ml.Rosenbrock(), np.array([3.0, 3.0]), 30)
        assert ml.run(ml.Momentum(1e300, 0.9), ml.Quadratic([1e10]), np.ones(1), 5).diverged_at == 1
        lr, mom = sweep.grid([0.01, 1e300], [0.0, 0.9])
        sweep.steps_to_tolerance(ml.Momentum(lr, mom), ml.Rosenbrock(), np.array([3.0, 3.0]), 1e-3, 50)
        sweep.steps_to_settle(ml.Momentum(lr, mom), ml.Rosenbrock(), np.array([3.0, 3.0]), 1e-3, 50)
        sweep.reaches_minimizer(ml.Momentum(lr, mom), ml.Rosenbrock(), np.array([3.0, 3.0]), 50)
        # η·g = 1e300 · 1e10 overflows inside the step itself
        assert sweep.steps_to_tolerance(ml.Momentum(lr, mom), ml.Quadratic([1e10]), np.ones(1), 1e-3, 5)[1, 0] == np.inf


def test_a_run_exactly_at_the_threshold_it_is_given_has_not_diverged():
    tr = ml.run(ml.GradientDescent(2.0), ml.Quadratic([1.0]), np.array([5.0]), 10, threshold=5.0)
    assert not tr.diverged
    assert ml.run(ml.GradientDescent(2.0), ml.Quadratic([1.0]), np.array([5.0]), 10, threshold=4.9).diverged_at == 1


def test_distance_equal_to_the_tolerance_counts_as_inside():
    q, start = ml.Quadratic([1.0]), np.array([0.5])
    assert sweep.steps_to_tolerance(ml.Momentum(0.1, 0.0), q, start, 0.5, 10) == 0
    assert sweep.steps_to_settle(ml.Momentum(0.1, 0.0), q, start, 0.5, 10) == 0
    assert sweep.reaches_minimizer(ml.GradientDescent(2.0), q, start[None], 2, tol=0.5).tolist() == [True]


def test_success_is_within_0_05_of_the_target_by_default():
    q = ml.Quadratic([1.0])
    ends = np.array([[0.04], [0.06]])  # GD with ηλ = 2 flips θ to -θ and back: after 2 steps θ is θ0
    assert sweep.reaches_minimizer(ml.GradientDescent(2.0), q, ends, 2).tolist() == [True, False]
    single = sweep.success_rate(ml.GradientDescent(2.0), q, ends, 2)
    assert type(single) is float and single == 0.5
    rates = sweep.success_rate(ml.Momentum(2.0, np.zeros((2, 1, 1))), q, ends, 2)
    assert rates.shape == (2,) and rates.tolist() == [0.5, 0.5]


def test_grid_axes_are_float64_rows_and_columns():
    lr, mom = sweep.grid(np.array([0.1, 0.2, 0.3], np.float32), np.array([0.0, 0.5], np.float32))
    assert lr.shape == (3, 1, 1) and mom.shape == (1, 2, 1)
    assert lr.dtype == mom.dtype == np.float64


def test_steps_to_fraction_is_the_first_step_that_reaches_the_share_everywhere():
    gammas = np.linspace(0.05, 0.99, 60)[:, None]
    fractions = np.linspace(0.01, 0.999, 70)[None, :]
    got = theory.steps_to_fraction(gammas, fractions)
    assert got.shape == (60, 70) and got.dtype.kind == "i"
    for (i, j), t in np.ndenumerate(got):
        g, f = gammas[i, 0], fractions[0, j]
        assert 1 - g**t >= f and (t == 1 or 1 - g ** (t - 1) < f)
    ones = theory.steps_to_fraction(0.0, np.array([0.3, 0.9]))
    assert ones.tolist() == [1, 1] and ones.dtype.kind == "i"


def test_terminal_momentum_is_float64_for_float32_gradients():
    assert theory.terminal_momentum(0.1, 0.9, np.array([1.0], np.float32)).dtype == np.float64


def test_eigenvalues_may_come_in_any_shape():
    assert theory.quadratic_rate(0.02, 0.9, [[1.0], [50.0]]) == theory.quadratic_rate(0.02, 0.9, [1.0, 50.0])
    assert theory.gd_rate(0.02, [[1.0], [50.0]]) == theory.gd_rate(0.02, [1.0, 50.0])


def test_gd_rate_gives_one_rate_per_learning_rate():
    rates = theory.gd_rate(np.array([0.1, 0.5]), [1.0, 10.0])  # max(|1 − η|, |1 − 10η|)
    assert rates.shape == (2,) and rates == pytest.approx([0.9, 4.0])


def test_quadratic_rate_passes_nesterov_on():
    rate = theory.quadratic_rate(0.02, 0.9, [1.0, 50.0], nesterov=True)
    worst = max(theory.spectral_radius(0.02, 0.9, lam, nesterov=True) for lam in (1.0, 50.0))
    assert rate == worst != theory.quadratic_rate(0.02, 0.9, [1.0, 50.0])


@pytest.mark.parametrize("curvature", [0.5, 4.0])
def test_convergence_region_scales_with_curvature(curvature):
    """0 < ηλ < 2 + 2γ, with λ the curvature (not 1): the edge moves with λ."""
    gamma = 0.5
    edge = (2 + 2 * gamma) / curvature
    assert theory.converges(edge * 0.99, gamma, curvature) and not theory.converges(edge * 1.01, gamma, curvature)
    nesterov_edge = (2 + 2 * gamma) / (1 + 2 * gamma) / curvature
    assert theory.converges(nesterov_edge * 0.99, gamma, curvature, nesterov=True)
    assert not theory.converges(nesterov_edge * 1.01, gamma, curvature, nesterov=True)
    assert theory.converges(nesterov_edge * 1.01, gamma, curvature)  # the default is the heavy ball


def test_steps_to_fraction_handles_gamma_zero_inside_an_array():
    with warnings.catch_warnings(), np.errstate(all="warn"):
        warnings.simplefilter("error")  # log 0 = −∞ is expected here, not worth a warning
        assert theory.steps_to_fraction(np.array([0.0, 0.9, 0.5]), 0.9).tolist() == [1, 22, 4]


def test_double_well_powers_are_products_so_every_cpu_rounds_alike():
    """x³ = x·x·x and x⁴ = (x·x)·(x·x) in float64: the same bits whatever numpy's pow does."""
    w = ml.DoubleWell(0.7)
    x = np.linspace(-2.1, 2.1, 1001)
    assert np.array_equal(w.grad(x[:, None])[:, 0], 4 * (x * x * x) - 4 * x + 0.7)
    assert np.array_equal(w.value(x[:, None]), (x * x) * (x * x) - 2 * (x * x) + 0.7 * x)


def test_adam_with_a_learning_rate_grid_equals_one_adam_per_rate():
    lr = np.array([[0.01], [0.1]])
    q, start = ml.Quadratic([1.0, 20.0]), np.array([1.0, -1.0])
    grid = ml.run(ml.Adam(lr, weight_decay=0.01), q, start, 40).thetas
    for i, rate in enumerate(lr[:, 0]):
        single = ml.run(ml.Adam(float(rate), weight_decay=0.01), q, start, 40).thetas
        np.testing.assert_allclose(grid[:, i], single, rtol=1e-13, atol=1e-15)


def test_adam_decoupled_decay_golden_first_step():
    """θ ← θ − ηλθ first, then Adam's step from the gradient: m = 0.1g, v = 0.001g²,
    α = η√(1−0.999)/(1−0.9), θ −= α m/(√v + ε)."""
    lr, wd, g, theta0 = 0.1, 0.5, 2.0, 1.0
    theta, state = ml.Adam(lr, weight_decay=wd, epsilon=1e-7).step(np.array([theta0]), np.array([g]),
                                                                    ml.Adam().init(np.ones(1)))
    decayed = theta0 - theta0 * wd * lr
    m, v = 0.1 * g, 0.001 * g * g
    alpha = lr * np.sqrt(1 - 0.999) / (1 - 0.9)
    assert theta[0] == pytest.approx(decayed - alpha * m / (np.sqrt(v) + 1e-7), rel=1e-12)
    assert state.m[0] == pytest.approx(m, rel=1e-12) and state.v[0] == pytest.approx(v, rel=1e-12)


def test_saddle_minimizer_is_the_upper_minimum():
    assert ml.Saddle(a=3.0, b=2.0).minimizer.tolist() == [0.0, 1.0] and ml.Saddle(b=2.0).minimum == -0.5


@pytest.mark.parametrize("gamma", [0.1, 0.5, 0.87, 0.9, 0.964, 0.99])
@pytest.mark.parametrize("k", [3, 5, 14, 40, 106])
def test_steps_to_fraction_just_above_an_exact_power(gamma, k):
    """f one ulp above 1 − γᵏ needs step k + 1; the logarithms sometimes round the guess to k."""
    f = np.nextafter(1 - gamma**k, 1.0)
    if f < 1:
        expected = next(t for t in range(1, 10_000) if 1 - gamma**t >= f)
        assert theory.steps_to_fraction(gamma, f) == expected


def test_measured_rate_defaults_are_400_steps_and_half_of_them_as_window():
    q, start = ml.Quadratic(matrix=[[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -2.0])
    default = sweep.measured_rate(ml.Momentum(0.1, 0.6), q, start)
    assert default == sweep.measured_rate(ml.Momentum(0.1, 0.6), q, start, steps=400, window=200)
    assert default != sweep.measured_rate(ml.Momentum(0.1, 0.6), q, start, steps=401, window=200)
    odd = sweep.measured_rate(ml.Momentum(0.1, 0.6), q, start, steps=15)  # half of 15 is 7
    assert odd == sweep.measured_rate(ml.Momentum(0.1, 0.6), q, start, steps=15, window=7)


def test_measured_rate_spans_gradient_descent_from_0_5_to_1e18_and_overflows_beyond_1e19():
    """The error is rescaled every 8 steps and its squared norm must stay below 1.8e308, so rates
    up to about 10^19 are measured and larger ones report inf."""
    lr = np.array([[0.5], [1.5], [1e18], [1e20]])
    rates = sweep.measured_rate(ml.GradientDescent(lr), ml.Quadratic([1.0]), np.ones(1), steps=40)
    assert rates[:3].tolist() == pytest.approx([0.5, 0.5, 1e18], rel=1e-12) and rates[3] == np.inf


def test_measured_rate_of_a_run_that_reaches_zero_is_zero_and_diverging_runs_are_at_least_one():
    q = ml.Quadratic([1.0])
    with warnings.catch_warnings(), np.errstate(all="warn"):
        warnings.simplefilter("error")
        assert sweep.measured_rate(ml.GradientDescent(1.0), q, np.ones(1), steps=20) == 0.0
        lr, mom = sweep.grid([0.5, 2.5, 1e300], [0.0])
        rates = sweep.measured_rate(ml.Momentum(lr, mom), q, np.ones(1), steps=40)[:, 0]
    assert rates[0] == pytest.approx(0.5) and rates[1] == pytest.approx(1.5) and rates[2] == np.inf


def test_two_runs_diverging_at_different_steps_keep_their_own_step():
    lr = np.array([[2.5], [2.2]])  # |1 − ηλ| = 1.5 and 1.2: out of bounds at steps 46 and 102
    tr = ml.run(ml.GradientDescent(lr), ml.Quadratic([1.0]), np.array([1.0]), 150)
    assert tr.diverged_at.tolist() == [46, 102]
    assert np.all(tr.thetas[46:, 0] == tr.thetas[45, 0]) and np.all(tr.thetas[102:, 1] == tr.thetas[101, 1])


def test_sweeps_take_exactly_the_steps_they_are_given():
    q, start = ml.Quadratic([1.0]), np.array([[0.04]])  # GD with ηλ = 2 flips the sign every step
    assert sweep.reaches_minimizer(ml.GradientDescent(2.0), q, start, 3, tol=1e-9, target=[-0.04]).tolist() == [True]
    assert sweep.reaches_minimizer(ml.GradientDescent(2.0), q, start, 4, tol=1e-9, target=[-0.04]).tolist() == [False]
    halving, one, tol = ml.GradientDescent(0.5), np.array([1.0]), 2.0**-5  # θ_t = 2⁻ᵗ: inside from step 5
    assert sweep.steps_to_tolerance(halving, q, one, tol, 5) == sweep.steps_to_settle(halving, q, one, tol, 5) == 5


def test_float32_noise_is_drawn_in_float32():
    lr, sigma = 0.1, 0.5
    tr = ml.run(ml.GradientDescent(lr), ml.Quadratic([2.0]), np.ones(1, np.float32), 1, noise=sigma, seed=3)
    z = np.random.default_rng(3).standard_normal(1).astype(np.float32)
    g = np.float32(2.0) * np.float32(1.0) + np.float32(sigma) * z
    assert tr.thetas[1, 0] == np.float32(1.0) - g * np.float32(lr)
    # Over many steps and components: the noisy float32 run is the float32 step loop, bit for bit.
    q, theta = ml.Quadratic([1.0, 2.0, 3.0, 4.0]), np.linspace(-1, 1, 4, dtype=np.float32)
    tr = ml.run(ml.Momentum(lr, 0.9), q, theta, 50, noise=0.3, seed=5)
    rng, opt = np.random.default_rng(5), ml.Momentum(lr, 0.9)
    state = opt.init(theta)
    for t in range(50):
        noisy = q.grad(theta) + np.float32(0.3) * rng.standard_normal(4).astype(np.float32)
        theta, state = opt.step(theta, noisy, state)
        assert np.array_equal(tr.thetas[t + 1], theta), t


def test_other_defaults():
    assert repr(ml.GradientDescent()) == "GradientDescent(learning_rate=0.01)"
    assert ml.Quadratic.ravine().eigenvalues.tolist() == [1.0, 50.0]
    assert ml.Quadratic.ravine(1.0).condition_number == 1.0 and ml.Quadratic.ravine(1.5).condition_number == 1.5
    assert ml.Rosenbrock(a=3.0).minimizer.tolist() == [3.0, 9.0]


@pytest.mark.parametrize("lr, gamma", [(2.5, 0.9), (2.0, 0.5), (0.5, 1.0)],
                         ids=["GD diverges", "GD on the edge", "momentum on the edge (γ = 1)"])
def test_speedup_needs_both_methods_to_converge(lr, gamma):
    with pytest.raises(ValueError, match="speedup needs both methods to converge"):
        theory.speedup(lr, gamma, 1.0)


def test_the_boundaries_of_convergence_and_of_the_curvature_range():
    assert not theory.converges(2.2, 0.1, 1.0)  # ηλ exactly 2 + 2γ: on the edge, not inside
    assert not theory.converges(0.1, 1.0, 1.0)  # γ = 1 never converges
    assert theory.optimal_parameters(4.0, 4.0)[2] == 0.0 and theory.gd_optimal(4.0, 4.0)[1] == 0.0
    rate = theory.optimal_parameters(2.0, 50.0)[2]
    assert rate == pytest.approx((5 - 1) / (5 + 1)) and theory.gd_optimal(2.0, 50.0)[1] == pytest.approx(24 / 26)
    assert theory.spectral_radius(1.0, 0.25, 1.0) == pytest.approx(0.5)  # discriminant exactly 0: double root √γ


def test_a_run_that_fails_in_a_sweep_is_parked_at_the_minimizer_and_stays_there():
    """What every sweep relies on (sweep._walk): a failed run sits at θ* with its momentum at 0,
    finite and motionless, however large its last step was."""
    q = ml.Quadratic([1.0], minimizer=[0.5])
    opt = ml.Momentum(np.array([[0.1], [4.0]]), 0.5)  # η = 4 diverges: out of bounds at step 23
    parked = [theta[1, 0] for _, theta, failed in sweep._walk(opt, q, np.array([1.0]), 60) if failed[1]]
    assert len(parked) == 60 - 23 + 1 and all(x == 0.5 for x in parked)
