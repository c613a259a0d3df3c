"""The update rule, as the book states it, checked against hand-computed golden values and
against independent implementations."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import momentum_lib as ml

rates = st.floats(1e-4, 1.0)
gammas = st.floats(0.0, 0.99)
vectors = arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10))


def steps(opt, theta, grads, pure=True):
    """θ after feeding ``grads`` one by one, with ``step`` (pure) or ``step_`` (in place)."""
    theta = np.array(theta, dtype=float)
    state = opt.init(theta)
    out = []
    for g in grads:
        if pure:
            theta, state = opt.step(theta, np.asarray(g, float), state)
        else:
            state = opt.step_(theta, np.asarray(g, float), state)
        out.append(theta.copy())
    return np.array(out), state


def test_keras_docstring_example_three_steps_with_gradient_one():
    # m: -0.1, -0.19, -0.271 ; θ: 0.9, 0.71, 0.439 (by hand, Keras convention)
    thetas, state = steps(ml.Momentum(0.1, 0.9), [1.0], [[1.0]] * 3)
    np.testing.assert_allclose(thetas[:, 0], [0.9, 0.71, 0.439], rtol=0, atol=1e-15)
    np.testing.assert_allclose(state.m, [-0.271], atol=1e-15)
    assert int(state.count) == 3


def test_nesterov_golden_values():
    # θ += γ m_new − η g: 1 − 0.09 − 0.1 = 0.81; 0.81 − 0.171 − 0.1 = 0.539; 0.539 − 0.2439 − 0.1 = 0.1951
    thetas, _ = steps(ml.Momentum(0.1, 0.9, nesterov=True), [1.0], [[1.0]] * 3)
    np.testing.assert_allclose(thetas[:, 0], [0.81, 0.539, 0.1951], atol=1e-15)


def test_state_starts_at_zero_with_thetas_shape_and_dtype():
    theta = np.ones((3, 2), dtype=np.float32)
    state = ml.Momentum().init(theta)
    assert state.m.shape == (3, 2) and state.m.dtype == np.float32 and not state.m.any()
    assert int(state.count) == 0


def test_defaults_are_keras_names():
    opt = ml.Momentum()
    assert (opt.learning_rate, opt.momentum, opt.nesterov) == (0.01, 0.9, False)
    assert ml.Momentum(momentum=0).momentum == 0.0  # an int is fine, unlike Keras


@given(lr=rates, theta=vectors)
def test_momentum_zero_is_gradient_descent_exactly(lr, theta):
    q = ml.Quadratic(eigenvalues=np.linspace(0.5, 3.0, theta.size))
    a = ml.run(ml.Momentum(lr, 0.0), q, theta, 20).thetas
    b = ml.run(ml.GradientDescent(lr), q, theta, 20).thetas
    assert np.array_equal(a, b)


@given(lr=rates, gamma=st.floats(0.0, 0.95), c=st.floats(-5, 5), t=st.integers(1, 60))
def test_constant_gradient_follows_the_closed_form(lr, gamma, c, t):
    _, state = steps(ml.Momentum(lr, gamma), [0.0], [[c]] * t)
    expected = -lr * c * (1 - gamma**t) / (1 - gamma)
    np.testing.assert_allclose(state.m[0], expected, rtol=1e-10, atol=1e-12)


def test_constant_gradient_momentum_reaches_terminal_value():
    _, state = steps(ml.Momentum(0.01, 0.9), [0.0], [[2.0]] * 400)
    np.testing.assert_allclose(state.m[0], -0.01 * 2.0 / (1 - 0.9), rtol=1e-12)


def test_step_is_pure():
    opt = ml.Momentum(0.1, 0.9)
    theta = np.array([1.0, 2.0]); state = opt.init(theta)
    theta_before, m_before = theta.copy(), state.m.copy()
    opt.step(theta, np.array([1.0, 1.0]), state)
    assert np.array_equal(theta, theta_before) and np.array_equal(state.m, m_before)
    assert int(state.count) == 0


def test_step_in_place_writes_theta_and_m_and_advances_count():
    opt = ml.Momentum(0.1, 0.9)
    theta = np.array([1.0]); state = opt.init(theta)
    returned = opt.step_(theta, np.array([1.0]), state)
    assert returned is state and theta[0] == pytest.approx(0.9) and state.m[0] == pytest.approx(-0.1)
    assert int(state.count) == 1


@given(theta=arrays(np.float64, 2, elements=st.floats(-5, 5)))
def test_broadcast_grid_equals_separate_runs(theta):
    q = ml.Quadratic.ravine(10)
    lrs, moms = np.array([0.01, 0.05, 0.1]), np.array([0.0, 0.5, 0.9])
    lr, mom = ml.sweep.grid(lrs, moms)
    grid = ml.run(ml.Momentum(lr, mom), q, theta, 30).thetas
    for i, a in enumerate(lrs):
        for j, b in enumerate(moms):
            single = ml.run(ml.Momentum(a, b), q, theta, 30).thetas
            np.testing.assert_allclose(grid[:, i, j], single, rtol=1e-13, atol=1e-13)


def test_learning_rate_schedule_is_called_with_the_step_count():
    seen = []
    opt = ml.Momentum(lambda t: seen.append(t) or 0.1, 0.0)
    steps(opt, [1.0], [[1.0]] * 3)
    assert seen == [0, 1, 2]


def test_momentum_schedule_warm_up():
    opt = ml.Momentum(0.1, lambda t: min(0.9, 0.3 * t))
    thetas, _ = steps(opt, [0.0], [[1.0]] * 3)
    # γ_0 = 0: m = -0.1; γ_1 = 0.3: m = -0.13; γ_2 = 0.6: m = -0.178
    np.testing.assert_allclose(thetas[:, 0], [-0.1, -0.23, -0.408], atol=1e-15)


@given(lr=rates, gamma=gammas, theta=vectors)
def test_pytorch_convention_equals_keras_for_a_constant_learning_rate(lr, gamma, theta):
    grads = [np.cos(np.arange(theta.size) * 0.7 + k) for k in range(25)]
    for nesterov in (False, True):
        a, sa = steps(ml.Momentum(lr, gamma, nesterov=nesterov), theta, grads)
        b, sb = steps(ml.Momentum(lr, gamma, nesterov=nesterov, convention="pytorch"), theta, grads)
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(sa.m, -lr * sb.m, rtol=1e-9, atol=1e-9)  # m = −η v


def test_pytorch_convention_differs_from_keras_after_a_learning_rate_drop():
    def schedule(t):
        return 0.1 if t < 10 else 0.01

    a, _ = steps(ml.Momentum(schedule, 0.9), [0.0], [[1.0]] * 12)
    b, _ = steps(ml.Momentum(schedule, 0.9, convention="pytorch"), [0.0], [[1.0]] * 12)
    assert np.array_equal(a[:10], b[:10]) or np.allclose(a[:10], b[:10], atol=1e-14)
    # Step 11: Keras' m still carries 0.1-sized gradients; PyTorch rescales all of v by 0.01.
    keras_step = a[10, 0] - a[9, 0]
    torch_step = b[10, 0] - b[9, 0]
    m10 = -0.1 * (1 - 0.9**10) / (1 - 0.9)
    assert keras_step == pytest.approx(0.9 * m10 - 0.01, rel=1e-12)
    assert torch_step == pytest.approx(0.01 * (0.9 * m10 / -0.1 + 1) * -1, rel=1e-12)
    assert abs(keras_step) > 5 * abs(torch_step)


def test_a_five_percent_wrong_momentum_is_detected_by_the_golden_values():
    """The golden test above must fail for a slightly wrong optimizer."""
    thetas, _ = steps(ml.Momentum(0.1, 0.9 * 1.05), [1.0], [[1.0]] * 3)
    assert not np.allclose(thetas[:, 0], [0.9, 0.71, 0.439], rtol=0, atol=1e-6)


def test_repr_shows_hyperparameters():
    assert repr(ml.Momentum(0.1, 0.5, nesterov=True)) == "Momentum(learning_rate=0.1, momentum=0.5, nesterov=True)"
    assert repr(ml.GradientDescent(0.2)) == "GradientDescent(learning_rate=0.2)"
