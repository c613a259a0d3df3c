"""Bad input gets a clear TypeError or ValueError naming the argument and the allowed range."""

import numpy as np
import pytest

import momentum_lib as ml


@pytest.mark.parametrize("bad", ["0.1", None, b"1", [["a"]], True])
def test_learning_rate_of_the_wrong_type(bad):
    with pytest.raises(TypeError, match="learning_rate"):
        ml.Momentum(learning_rate=bad)


@pytest.mark.parametrize("bad", [0, -0.1, float("nan"), float("inf"), np.array([0.1, 0.0])])
def test_learning_rate_out_of_range(bad):
    with pytest.raises(ValueError, match=r"learning_rate must be finite and > 0"):
        ml.Momentum(learning_rate=bad)
    with pytest.raises(ValueError, match="learning_rate"):
        ml.GradientDescent(learning_rate=bad)


@pytest.mark.parametrize("bad", ["0.9", None])
def test_momentum_of_the_wrong_type(bad):
    with pytest.raises(TypeError, match="momentum"):
        ml.Momentum(momentum=bad)


@pytest.mark.parametrize("bad", [-0.1, 1.01, float("nan"), float("-inf"), np.array([[0.5], [1.5]])])
def test_momentum_out_of_range(bad):
    with pytest.raises(ValueError, match=r"momentum must be finite and in \[0, 1\]"):
        ml.Momentum(momentum=bad)


def test_message_shows_the_value():
    with pytest.raises(ValueError, match="got 1.5"):
        ml.Momentum(momentum=1.5)


@pytest.mark.parametrize("good", [0, 1, 0.9, np.float32(0.9), np.float64(0.5), np.array([0.0, 1.0])])
def test_any_real_number_in_range_is_accepted(good):
    ml.Momentum(momentum=good)


def test_grad_shape_must_match_theta():
    opt = ml.Momentum()
    theta = np.zeros(3); state = opt.init(theta)
    with pytest.raises(ValueError, match="shape"):
        opt.step(theta, np.zeros(2), state)
    with pytest.raises(ValueError, match="shape"):
        opt.step_(theta, np.zeros((3, 1)), state)


def test_hyperparameter_grid_must_broadcast_against_theta():
    opt = ml.Momentum(learning_rate=np.full(4, 0.1))
    with pytest.raises(ValueError, match="learning_rate has shape"):
        opt.init(np.zeros(3))
    with pytest.raises(ValueError, match="momentum has shape"):
        ml.Momentum(momentum=np.full((5, 1), 0.5)).init(np.zeros((2, 3)))


def test_schedule_values_are_checked_each_step():
    opt = ml.Momentum(learning_rate=lambda t: 0.1 if t == 0 else -1.0)
    theta = np.zeros(1); state = opt.init(theta)
    theta, state = opt.step(theta, np.ones(1), state)
    with pytest.raises(ValueError, match=r"learning_rate\(1\) must be finite and > 0"):
        opt.step(theta, np.ones(1), state)


def test_other_arguments():
    with pytest.raises(TypeError, match="nesterov"):
        ml.Momentum(nesterov="yes")
    with pytest.raises(ValueError, match="convention"):
        ml.Momentum(convention="torch")
    with pytest.raises(TypeError, match="theta"):
        ml.Momentum().step_([1.0], np.ones(1), ml.Momentum().init(np.ones(1)))
    with pytest.raises(TypeError, match="grad"):
        ml.Momentum().step(np.ones(1), "1", ml.Momentum().init(np.ones(1)))
    with pytest.raises(TypeError, match="steps"):
        ml.run(ml.Momentum(), ml.Quadratic([1.0]), np.ones(1), 2.5)
    with pytest.raises(ValueError, match="steps"):
        ml.run(ml.Momentum(), ml.Quadratic([1.0]), np.ones(1), 0)
    with pytest.raises(ValueError, match="theta0"):
        ml.run(ml.Momentum(), ml.Quadratic([1.0, 2.0]), np.ones(3), 5)
    with pytest.raises(ValueError, match="noise"):
        ml.run(ml.Momentum(), ml.Quadratic([1.0]), np.ones(1), 5, noise=-1)
    with pytest.raises(ValueError, match="eigenvalues"):
        ml.Quadratic([1.0, -2.0])
    with pytest.raises(ValueError, match="tilt"):
        ml.DoubleWell(tilt=5.0)
