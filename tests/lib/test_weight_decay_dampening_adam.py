"""Weight decay (coupled and decoupled), PyTorch's dampening, and Adam: each equal to Keras'
own optimizer step by step, or to golden values derived by hand from PyTorch's documented rule
(torch itself is not a dependency)."""

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import theory

RAVINE, START = ml.Quadratic.ravine(50), np.array([-4.0, 1.0])
ROSENBROCK, ROSENBROCK_START = ml.Rosenbrock(), np.array([-1.2, 1.0])


def feed(opt, theta, grads):
    """θ after each gradient of ``grads`` (a constant list), with the pure step."""
    theta = np.array(theta, dtype=float); state = opt.init(theta)
    out = []
    for g in grads:
        theta, state = opt.step(theta, np.asarray(g, dtype=float), state)
        out.append(theta[0])
    return np.array(out)


def test_pytorch_coupled_weight_decay_golden_values():
    # g' = g + λθ; v = g' at the first step, then γv + g'; θ -= ηv  (η 0.1, γ 0.9, λ 0.5, g = 0)
    got = feed(ml.Momentum(0.1, 0.9, convention="pytorch", weight_decay=0.5), [1.0], [[0.0]] * 3)
    np.testing.assert_allclose(got, [0.95, 0.8575, 0.731375], rtol=0, atol=1e-15)


def test_pytorch_coupled_weight_decay_adds_lambda_theta_to_a_nonzero_gradient():
    # g' = g + λθ = 1 + 0.5 = 1.5, v = 1.5, θ = 1 − 0.15 = 0.85; then g' = 1 + 0.425, v = 1.35 + 1.425
    got = feed(ml.Momentum(0.1, 0.9, convention="pytorch", weight_decay=0.5), [1.0], [[1.0]] * 2)
    np.testing.assert_allclose(got, [0.85, 0.85 - 0.1 * 2.775], rtol=0, atol=1e-15)


@pytest.mark.parametrize("make", [lambda: ml.Momentum(0.1, 0.0, weight_decay=1.0),
                                  lambda: ml.Adam(0.1, weight_decay=1.0)], ids=["momentum", "adam"])
def test_decoupled_weight_decay_of_exactly_one_is_applied(make):
    """θ ← θ − θ·λ·η with λ = 1 (then a step on g = 0, which moves nothing): 2 → 1.8."""
    assert feed(make(), [2.0], [[0.0]]).tolist() == pytest.approx([1.8], rel=1e-15)


def test_pytorch_nesterov_with_weight_decay_golden_values():
    # direction = g' + γv: 0.5 + 0.45 = 0.95, then 0.4525 + 0.9·0.9025 = 1.26475
    got = feed(ml.Momentum(0.1, 0.9, nesterov=True, convention="pytorch", weight_decay=0.5), [1.0], [[0.0]] * 2)
    np.testing.assert_allclose(got, [0.905, 0.778525], rtol=0, atol=1e-15)


def test_pytorch_dampening_golden_values_and_its_first_step():
    # v = g at the first step (no dampening), then γv + (1 − d)g: 1, 1.4, 1.76 (η 0.1, γ 0.9, d 0.5)
    got = feed(ml.Momentum(0.1, 0.9, convention="pytorch", dampening=0.5), [1.0], [[1.0]] * 3)
    np.testing.assert_allclose(got, [0.9, 0.76, 0.584], rtol=0, atol=1e-15)


def test_dampening_equal_to_gamma_makes_the_effective_learning_rate_eta():
    steps = np.diff(feed(ml.Momentum(0.1, 0.9, convention="pytorch", dampening=0.9), [0.0], [[2.0]] * 300))
    undamped = np.diff(feed(ml.Momentum(0.1, 0.9, convention="pytorch"), [0.0], [[2.0]] * 300))
    assert steps[-1] == pytest.approx(-0.1 * 2.0, rel=1e-12)
    assert undamped[-1] == pytest.approx(-theory.effective_learning_rate(0.1, 0.9) * 2.0, rel=1e-12)


def test_coupled_decay_is_about_one_over_one_minus_gamma_stronger():
    """Pure decay (g = 0), η 0.1, γ 0.9, λ 0.01, 200 steps: Keras' decoupled decay multiplies θ by
    1 − ηλ each step; PyTorch's passes λθ through the momentum and shrinks it ~10× faster."""
    keras = feed(ml.Momentum(0.1, 0.9, weight_decay=0.01), [1.0], [[0.0]] * 200)[-1]
    torch = feed(ml.Momentum(0.1, 0.9, convention="pytorch", weight_decay=0.01), [1.0], [[0.0]] * 200)[-1]
    assert keras == pytest.approx(0.999**200, rel=1e-12) and round(keras, 3) == 0.819
    assert round(torch, 3) == 0.120
    assert np.log(torch) / np.log(keras) == pytest.approx(1 / (1 - 0.9), rel=0.1)


def test_adam_bias_correction_is_chapter_03s_one_minus_gamma_power_t():
    """Under a constant gradient C, Adam's first moment is C(1 − β₁ᵗ): the correction makes every
    step exactly η·sign(C) (up to ε)."""
    opt = ml.Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-12)
    theta = np.zeros(1); state = opt.init(theta)
    for t in range(1, 30):
        before = theta.copy()
        theta, state = opt.step(theta, np.array([3.0]), state)
        assert state.m[0] == pytest.approx(3.0 * (1 - 0.9**t), rel=1e-12)
        assert theta[0] - before[0] == pytest.approx(-0.01, rel=1e-9)


@pytest.mark.tensorflow
@pytest.mark.parametrize("objective, start, lr", [(RAVINE, START, 0.01), (ROSENBROCK, ROSENBROCK_START, 0.0005)],
                         ids=["ravine", "rosenbrock"])
@pytest.mark.parametrize("nesterov", [False, True])
def test_keras_sgd_with_weight_decay_equals_ours_step_by_step(objective, start, lr, nesterov):
    from momentum_lib.keras_bridge import keras_trajectory

    ours = ml.run(ml.Momentum(lr, 0.9, nesterov=nesterov, weight_decay=0.05), objective,
                  start.astype(np.float32), 250).thetas
    theirs = keras_trajectory(objective, start, 250, learning_rate=lr, momentum=0.9, nesterov=nesterov,
                              weight_decay=0.05).thetas
    without = ml.run(ml.Momentum(lr, 0.9, nesterov=nesterov), objective, start.astype(np.float32), 250).thetas
    scale = np.max(np.abs(ours))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=64 * np.finfo(np.float32).eps * scale)
    assert np.max(np.abs(without - theirs)) > 1e-3  # the decay is really being tested


@pytest.mark.tensorflow
@pytest.mark.parametrize("objective, start, lr", [(RAVINE, START, 0.05), (ROSENBROCK, ROSENBROCK_START, 0.01)],
                         ids=["ravine", "rosenbrock"])
@pytest.mark.parametrize("weight_decay", [None, 0.01])
def test_keras_adam_equals_ours_step_by_step(objective, start, lr, weight_decay):
    from momentum_lib.keras_bridge import keras_adam_trajectory

    ours = ml.run(ml.Adam(lr, weight_decay=weight_decay or 0.0), objective, start.astype(np.float32), 250)
    theirs = keras_adam_trajectory(objective, start, 250, learning_rate=lr, weight_decay=weight_decay)
    scale = np.max(np.abs(ours.thetas))
    np.testing.assert_allclose(ours.thetas, theirs.thetas, rtol=0, atol=64 * np.finfo(np.float32).eps * scale)
    np.testing.assert_allclose(ours.momenta, theirs.momenta, rtol=1e-4, atol=1e-5)
    wrong = ml.run(ml.Adam(lr, beta_1=0.9 * 1.05), objective, start.astype(np.float32), 250).thetas
    assert np.max(np.abs(wrong - theirs.thetas)) > 1e-3
