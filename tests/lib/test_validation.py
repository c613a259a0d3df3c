"""Bad input gets a clear TypeError or ValueError that names the argument, shows the value and
says what is allowed. One table, one row per bad input; each message is checked in full, so a
message that loses its argument, its value or its range fails here."""

import re

import numpy as np
import pytest

import momentum_lib as ml
from momentum_lib import sweep, theory

QUADRATIC_1D, RAVINE = ml.Quadratic([1.0]), ml.Quadratic.ravine()


def read_only(array):
    array = array.copy()
    array.flags.writeable = False
    return array


def step_with_read_only_m():
    opt = ml.Momentum(); theta = np.ones(2); state = opt.init(theta)
    state.m.flags.writeable = False
    return opt.step_(theta, np.ones(2), state)


q1, q2, ro, m_ro = QUADRATIC_1D, RAVINE, read_only, step_with_read_only_m

BAD_INPUTS = [
    ('saddle a', lambda: ml.Saddle(a=0),
     ValueError, 'a must be finite and > 0, got 0.0'),
    ('saddle b', lambda: ml.Saddle(b=float("nan")),
     ValueError, 'b must be finite and > 0, got nan'),
    ('theory saddle curvature', lambda: theory.saddle_growth(0.1, 0.9, -1.0),
     ValueError, 'negative_curvature must be finite and > 0, got -1.0'),
    ('weight_decay negative', lambda: ml.Momentum(weight_decay=-0.1),
     ValueError, 'weight_decay must be finite and >= 0, got -0.1'),
    ('weight_decay array', lambda: ml.Momentum(weight_decay=np.ones(2)),
     TypeError, 'weight_decay must be a real number, got an array of shape (2,) and dtype float64'),
    ('dampening above one', lambda: ml.Momentum(convention="pytorch", dampening=1.5),
     ValueError, 'dampening must be finite and in [0, 1], got 1.5'),
    ('dampening with keras', lambda: ml.Momentum(dampening=0.9),
     ValueError, "dampening is PyTorch's, so it needs convention='pytorch'; got dampening=0.9 with convention='keras'"),
    ('dampening with nesterov', lambda: ml.Momentum(convention="pytorch", nesterov=True, dampening=0.5),
     ValueError, 'Nesterov momentum needs dampening=0 (as in PyTorch), got dampening=0.5'),
    ('adam beta_1 one', lambda: ml.Adam(beta_1=1.0),
     ValueError, 'beta_1 must be in [0, 1), got 1.0'),
    ('adam beta_2 negative', lambda: ml.Adam(beta_2=-0.5),
     ValueError, 'beta_2 must be in [0, 1), got -0.5'),
    ('adam epsilon zero', lambda: ml.Adam(epsilon=0),
     ValueError, 'epsilon must be finite and > 0, got 0.0'),
    ('adam learning_rate', lambda: ml.Adam(learning_rate=-1),
     ValueError, 'learning_rate must be finite and > 0, got -1.0'),
    ('adam state of momentum', lambda: ml.Adam().step(np.ones(1), np.ones(1), ml.Momentum().init(np.ones(1))),
     TypeError, 'state must be the AdamState returned by Adam.init(theta), got MomentumState(m=array([0.]), count=array(0)) (MomentumState)'),
    ('lr str', lambda: ml.Momentum(learning_rate="0.1"),
     TypeError, "learning_rate must be a real number or an array of real numbers, got '0.1' (str)"),
    ('lr None', lambda: ml.Momentum(learning_rate=None),
     TypeError, 'learning_rate must be a real number or an array of real numbers, got None (NoneType)'),
    ('lr bool', lambda: ml.Momentum(learning_rate=True),
     TypeError, 'learning_rate must be a real number or an array of real numbers, got True (bool)'),
    ('lr complex', lambda: ml.Momentum(learning_rate=1j),
     TypeError, 'learning_rate must be a real number or an array of real numbers, got 1j (complex)'),
    ('lr zero', lambda: ml.Momentum(learning_rate=0),
     ValueError, 'learning_rate must be finite and > 0, got 0.0'),
    ('lr negative', lambda: ml.GradientDescent(learning_rate=-0.1),
     ValueError, 'learning_rate must be finite and > 0, got -0.1'),
    ('lr nan', lambda: ml.Momentum(learning_rate=float("nan")),
     ValueError, 'learning_rate must be finite and > 0, got nan'),
    ('lr inf', lambda: ml.Momentum(learning_rate=float("inf")),
     ValueError, 'learning_rate must be finite and > 0, got inf'),
    ('lr huge int', lambda: ml.Momentum(learning_rate=10**400),
     ValueError, 'learning_rate must be finite, got 100000000000000000000000000000000000000000000000000000000... (int): too large for a float'),
    ('lr array with zero', lambda: ml.Momentum(learning_rate=np.array([0.1, 0.0])),
     ValueError, 'learning_rate must be finite and > 0, got 0.0 (in an array of shape (2,) and dtype float64)'),
    ('lr array of strings', lambda: ml.Momentum(learning_rate=[["a"]]),
     TypeError, 'learning_rate must be a real number or an array of real numbers, got an array of dtype <U1'),
    ('lr two-arg callable', lambda: ml.Momentum(learning_rate=lambda a, b: 0.1),
     TypeError, 'learning_rate must be a number, an array, a schedule t -> value, or a callable with no arguments; got a callable with signature (a, b)'),
    ('lr set later', lambda: setattr(ml.Momentum(), "learning_rate", -1.0),
     ValueError, 'learning_rate must be finite and > 0, got -1.0'),
    ('schedule negative', lambda: ml.Momentum(lambda t: -1.0).step(np.ones(1), np.ones(1), ml.Momentum().init(np.ones(1))),
     ValueError, 'learning_rate(0) must be finite and > 0, got -1.0'),
    ('schedule str', lambda: ml.Momentum(lambda: "0.1").step(np.ones(1), np.ones(1), ml.Momentum().init(np.ones(1))),
     TypeError, "learning_rate(0) must be a real number or an array of real numbers, got '0.1' (str)"),
    ('momentum str', lambda: ml.Momentum(momentum="0.9"),
     TypeError, "momentum must be a real number or an array of real numbers, got '0.9' (str)"),
    ('momentum negative', lambda: ml.Momentum(momentum=-0.1),
     ValueError, 'momentum must be finite and in [0, 1], got -0.1'),
    ('momentum above one', lambda: ml.Momentum(momentum=1.5),
     ValueError, 'momentum must be finite and in [0, 1], got 1.5'),
    ('momentum nan', lambda: ml.Momentum(momentum=float("nan")),
     ValueError, 'momentum must be finite and in [0, 1], got nan'),
    ('momentum array', lambda: ml.Momentum(momentum=np.array([[0.5], [1.5]])),
     ValueError, 'momentum must be finite and in [0, 1], got 1.5 (in an array of shape (2, 1) and dtype float64)'),
    ('nesterov str', lambda: ml.Momentum(nesterov="yes"),
     TypeError, "nesterov must be True or False, got 'yes' (str)"),
    ('convention', lambda: ml.Momentum(convention="torch"),
     ValueError, "convention must be one of ('keras', 'pytorch'), got 'torch'"),
    ('convention list', lambda: ml.Momentum(convention=["keras"]),
     ValueError, "convention must be one of ('keras', 'pytorch'), got ['keras']"),
    ('init str', lambda: ml.Momentum().init("abc"),
     TypeError, "theta must be an array of real numbers, got 'abc' (str)"),
    ('init complex', lambda: ml.Momentum().init(np.ones(2, complex)),
     TypeError, 'theta must be an array of real numbers, got dtype complex128'),
    ('grid does not broadcast', lambda: ml.Momentum(learning_rate=np.full(4, 0.1)).init(np.zeros(3)),
     ValueError, "learning_rate has shape (4,), which does not broadcast against theta's shape (3,); allowed: shapes that broadcast to (3,)"),
    ('grad shape', lambda: ml.Momentum().step(np.zeros(3), np.zeros(2), ml.Momentum().init(np.zeros(3))),
     ValueError, 'grad has shape (2,) but theta has shape (3,); the shapes must be equal'),
    ('grad str', lambda: ml.Momentum().step(np.ones(1), "1", ml.Momentum().init(np.ones(1))),
     TypeError, "grad must be an array of real numbers, got '1' (str)"),
    ('state None', lambda: ml.Momentum().step(np.ones(1), np.ones(1), None),
     TypeError, 'state must be the MomentumState returned by Momentum.init(theta), got None (NoneType)'),
    ('state of GD', lambda: ml.Momentum().step(np.ones(1), np.ones(1), ml.GradientDescent().init(np.ones(1))),
     TypeError, 'state must be the MomentumState returned by Momentum.init(theta), got GradientDescentState(count=array(0)) (GradientDescentState)'),
    ('state of GD in place', lambda: ml.Momentum().step_(np.ones(1), np.ones(1), ml.GradientDescent().init(np.ones(1))),
     TypeError, 'state must be the MomentumState returned by Momentum.init(theta), got GradientDescentState(count=array(0)) (GradientDescentState)'),
    ('state count int', lambda: ml.Momentum().step_(np.ones(1), np.ones(1), ml.MomentumState(np.zeros(1), 0)),
     TypeError, 'state.count must be a 0-d integer array, got 0 (int)'),
    ('state m shape', lambda: ml.Momentum().step(np.ones(2), np.ones(2), ml.Momentum().init(np.ones(3))),
     ValueError, "state.m must be an array of theta's shape (2,), got an array of shape (3,) and dtype float64"),
    ('step_ theta list', lambda: ml.Momentum().step_([1.0], np.ones(1), ml.Momentum().init(np.ones(1))),
     TypeError, 'theta must be a numpy array for the in-place step_, got [1.0] (list)'),
    ('step_ theta int', lambda: ml.GradientDescent().step_(np.ones(1, int), np.ones(1), ml.GradientDescent().init(np.ones(1))),
     TypeError, 'theta must be a floating-point array for step_, got dtype int64'),
    ('step_ theta read-only', lambda: ml.Momentum().step_(ro(np.ones(1)), np.ones(1), ml.Momentum().init(np.ones(1))),
     ValueError, 'theta is read-only; step_ writes it in place (pass a writeable copy)'),
    ('step_ m read-only', m_ro,
     ValueError, 'state.m is read-only; step_ writes it in place (pass a writeable copy)'),
    ('step_ m dtype', lambda: ml.Momentum().step_(np.ones(2, np.float32), np.ones(2), ml.Momentum().init(np.ones(2))),
     ValueError, "state.m must be an array of theta's shape (2,) and dtype float32 for the in-place step_, got an array of shape (2,) and dtype float64"),
    ('run steps float', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 2.5),
     TypeError, 'steps must be an integer, got 2.5 (float)'),
    ('run steps zero', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 0),
     ValueError, 'steps must be an integer >= 1, got 0'),
    ('run steps bool', lambda: ml.run(ml.Momentum(), q1, np.ones(1), True),
     TypeError, 'steps must be an integer, got True (bool)'),
    ('run theta0 shape', lambda: ml.run(ml.Momentum(), q2, np.ones(3), 5),
     ValueError, 'theta0 must have shape (..., 2), got (3,)'),
    ('run noise negative', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, noise=-1),
     ValueError, 'noise must be finite and >= 0, got -1.0'),
    ('run noise nan', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, noise=float("nan")),
     ValueError, 'noise must be finite and >= 0, got nan'),
    ('run dtype int32', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, dtype=np.int32),
     TypeError, 'dtype must be a floating-point dtype such as float32 or float64, got int32 (an integer dtype would truncate theta0 before the first step)'),
    ('run dtype nonsense', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, dtype="bananas"),
     TypeError, "dtype must be a floating-point dtype such as float32, got 'bananas' (str)"),
    ('run threshold zero', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, threshold=0),
     ValueError, 'threshold must be finite and > 0, got 0.0'),
    ('run threshold negative', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, threshold=-1),
     ValueError, 'threshold must be finite and > 0, got -1.0'),
    ('run threshold nan', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, threshold=float("nan")),
     ValueError, 'threshold must be finite and > 0, got nan'),
    ('run on_divergence', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, on_divergence="ignore"),
     ValueError, "on_divergence must be 'flag' or 'raise', got 'ignore'"),
    ('run seed negative', lambda: ml.run(ml.Momentum(), q1, np.ones(1), 5, noise=0.1, seed=-3),
     ValueError, 'seed must be an integer >= 0, got -3'),
    ('run objective', lambda: ml.run(ml.Momentum(), lambda x: x**2, np.ones(1), 5),
     TypeError, 'objective must be a momentum_lib objective (Quadratic, Rosenbrock, DoubleWell, Plateau, or a subclass of objectives.Objective), got an object of type function'),
    ('run optimizer', lambda: ml.run("sgd", q1, np.ones(1), 5),
     TypeError, "optimizer must be a momentum_lib optimizer (GradientDescent or Momentum), got 'sgd' (str)"),
    ('run grids mismatched', lambda: ml.run(ml.Momentum(np.full((3, 1), 0.1), np.full((4, 1), 0.5)), q1, np.ones(1), 5),
     ValueError, 'the hyperparameter grid does not broadcast against theta0 (1,): learning_rate (3, 1), momentum (4, 1); allowed: shapes that broadcast together (see sweep.grid)'),
    ('sweep grids mismatched', lambda: sweep.steps_to_tolerance(ml.Momentum(np.full((3, 1, 1), 0.1), np.full((4, 1, 1), 0.5)), q1, np.ones(1), 1e-3, 10),
     ValueError, 'the hyperparameter grid does not broadcast against theta0 (1,): learning_rate (3, 1, 1), momentum (4, 1, 1); allowed: shapes that broadcast together (see sweep.grid)'),
    ('sweep tol', lambda: sweep.steps_to_tolerance(ml.Momentum(), q1, np.ones(1), 0, 10),
     ValueError, 'tol must be finite and > 0, got 0.0'),
    ('sweep max_steps', lambda: sweep.steps_to_settle(ml.Momentum(), q1, np.ones(1), 1e-3, 0),
     ValueError, 'max_steps must be an integer >= 1, got 0'),
    ('measured_rate objective', lambda: sweep.measured_rate(ml.Momentum(), ml.Rosenbrock(), np.ones(2)),
     TypeError, 'measured_rate needs a Quadratic (its error is linear), got Rosenbrock'),
    ('measured_rate window', lambda: sweep.measured_rate(ml.Momentum(), q1, np.ones(1), steps=10, window=10),
     ValueError, 'window must be < steps (10), got 10'),
    ('reaches target', lambda: sweep.reaches_minimizer(ml.Momentum(), ml.DoubleWell(), np.zeros((3, 1)), 10, target=[0.0, 1.0]),
     ValueError, 'target must have shape (1,), got (2,)'),
    ('success_rate theta0', lambda: sweep.success_rate(ml.Momentum(), ml.DoubleWell(), np.zeros(3), 10),
     ValueError, 'theta0 must have shape (N, dim), got (3,)'),
    ('quadratic negative', lambda: ml.Quadratic([1.0, -2.0]),
     ValueError, 'eigenvalues must be finite and > 0, got [1.0, -2.0]'),
    ('quadratic empty', lambda: ml.Quadratic([]),
     ValueError, 'eigenvalues must hold at least one curvature > 0, got an empty list'),
    ('quadratic both', lambda: ml.Quadratic([1.0], matrix=[[1.0]]),
     ValueError, 'give exactly one of eigenvalues or matrix, got both'),
    ('quadratic asymmetric', lambda: ml.Quadratic(matrix=[[1.0, 2.0], [0.0, 1.0]]),
     ValueError, 'matrix must be a symmetric square matrix, got an array of shape (2, 2) and dtype float64 that is not symmetric'),
    ('quadratic minimizer size', lambda: ml.Quadratic([1.0, 2.0], minimizer=[1.0, 2.0, 3.0]),
     ValueError, 'minimizer must be 2 finite numbers (shape (2,)), got an array of shape (3,) and dtype float64'),
    ('ravine kappa', lambda: ml.Quadratic.ravine(0.5),
     ValueError, 'condition_number must be finite and >= 1, got 0.5'),
    ('rosenbrock b', lambda: ml.Rosenbrock(b=0),
     ValueError, 'b must be finite and > 0, got 0.0'),
    ('double well tilt', lambda: ml.DoubleWell(tilt=5.0),
     ValueError, 'tilt must be in (0, 1.5396) for two minima, got 5.0'),
    ('plateau width', lambda: ml.Plateau(width=-1),
     ValueError, 'width must be finite and > 0, got -1.0'),
    ('objective theta shape', lambda: q2.grad(np.ones(3)),
     ValueError, 'theta must have shape (..., 2) for Quadratic, got (3,)'),
    ('theory gamma one', lambda: theory.effective_learning_rate(0.1, 1.0),
     ValueError, 'momentum must be in [0, 1) here (γ = 1 has no terminal value), got 1.0'),
    ('theory fraction', lambda: theory.steps_to_fraction(0.9, 1.0),
     ValueError, 'fraction must be in (0, 1), got 1.0'),
    ('theory t negative', lambda: theory.momentum_after(-1, 0.1, 0.9, 1.0),
     ValueError, 't must be finite and >= 0, got -1.0'),
    ('theory rate empty', lambda: theory.quadratic_rate(0.1, 0.9, []),
     ValueError, 'eigenvalues must hold at least one curvature > 0, got an empty list'),
    ('theory rate negative', lambda: theory.quadratic_rate(0.1, 0.9, [1.0, -1.0]),
     ValueError, 'eigenvalues must be finite and > 0, got -1.0 (in an array of shape (2,) and dtype float64)'),
    ('theory critical', lambda: theory.critical_damping(0.5, 3.0),
     ValueError, 'critical_damping needs learning_rate * curvature <= 1, got 1.5; above 1, (1 - sqrt(learning_rate * curvature))**2 is where the eigenvalues turn real and negative, not critical damping'),
    ('theory curvatures', lambda: theory.optimal_parameters(10.0, 1.0),
     ValueError, 'max_curvature must be >= min_curvature, got 1.0 < 10.0'),
    ('theory curvature zero', lambda: theory.spectral_radius(0.1, 0.9, 0.0),
     ValueError, 'curvature must be finite and > 0, got 0.0'),
    ('theory speedup diverges', lambda: theory.speedup(0.1, 0.9, 50.0),
     ValueError, "speedup needs both methods to converge (0 < learning_rate * curvature < 2 and a stable momentum); got spectral radius 2.776 and gradient descent's 4"),
    ('theory gradient str', lambda: theory.terminal_momentum(0.1, 0.9, "1"),
     TypeError, "gradient must be a real number or an array of real numbers, got '1' (str)"),]


@pytest.mark.parametrize("call, error, message", [row[1:] for row in BAD_INPUTS],
                         ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_refused_with_a_message_naming_argument_value_and_range(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    assert re.fullmatch(re.escape(message), str(caught.value)), str(caught.value)


def test_the_table_is_large_and_covers_every_module():
    assert len(BAD_INPUTS) >= 40
    sources = " ".join(str(row[1].__code__.co_names) for row in BAD_INPUTS)
    for name in ("Momentum", "GradientDescent", "run", "sweep", "theory", "Quadratic", "DoubleWell"):
        assert name in sources


@pytest.mark.parametrize("good", [0, 1, 0.9, np.float32(0.9), np.float64(0.5), np.array([0.0, 1.0])])
def test_any_real_momentum_in_range_is_accepted(good):
    ml.Momentum(momentum=good)


def test_a_callable_without_arguments_is_a_learning_rate_as_in_keras():
    opt = ml.Momentum(learning_rate=lambda: 0.1, momentum=0.0)
    theta, _ = opt.step(np.ones(1), np.ones(1), opt.init(np.ones(1)))
    assert theta[0] == pytest.approx(0.9, rel=1e-15)
