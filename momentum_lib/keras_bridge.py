"""Run Keras' own ``tf.keras.optimizers.SGD`` on a ``momentum_lib`` objective.

The point is an independent check: Keras' implementation, fed the same analytic gradients,
returns the same :class:`~momentum_lib.run.Trajectory` type, so tests and chapter 08 can
compare it with ``momentum_lib`` step by step. TensorFlow is imported only when a function
here is called, with its start-up logs silenced first.
"""

from __future__ import annotations

import contextlib
import os
import sys

import numpy as np

from . import _validation as v
from .objectives import Objective
from .run import Trajectory, divergence_flags, out_of_bounds


@contextlib.contextmanager
def _silenced_stderr():
    """Point file descriptor 2 at /dev/null for a while. TensorFlow's C++ core writes some
    start-up lines (oneDNN's notice on CPUs where it turns oneDNN on) before absl logging
    starts, straight to the descriptor, whatever ``TF_CPP_MIN_LOG_LEVEL`` says; only a
    descriptor-level redirect keeps them out of a notebook's stderr. Numerics are untouched."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
        finally:
            os.close(devnull)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def import_tensorflow():
    """Import TensorFlow quietly: ``TF_CPP_MIN_LOG_LEVEL`` is set to 3 (unless the caller chose
    a level) and the C++ start-up lines written before logging starts are discarded."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _silenced_stderr():
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
    return tf


def keras_trajectory(objective: Objective, theta0, steps: int, *, learning_rate: float = 0.01,
                     momentum: float = 0.9, nesterov: bool = False) -> Trajectory:
    """θ's visited by ``tf.keras.optimizers.SGD(learning_rate, momentum, nesterov)`` in float32.

    The gradient at each step is ``objective.grad`` evaluated at Keras' current variable, so
    the only implementation under test is Keras' update. ``momenta`` are read from the
    optimizer's own slot variable. Divergence is reported as ``run`` reports it (θ non-finite
    or beyond ``run.DIVERGENCE_THRESHOLD`` sets ``diverged`` and the first such step in
    ``diverged_at``); Keras' own values are kept after that step, not frozen.
    """
    tf = import_tensorflow()
    steps = v.check_positive_int("steps", steps)
    lr = float(v.check_learning_rate(learning_rate))
    mom = float(v.check_momentum(momentum))
    theta0 = np.asarray(v.as_parameter_array("theta0", theta0), dtype=np.float32)
    var = tf.Variable(theta0)
    opt = tf.keras.optimizers.SGD(learning_rate=lr, momentum=mom, nesterov=bool(nesterov))
    opt.build([var])
    thetas = [theta0.copy()]
    momenta = [np.zeros_like(theta0)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            grad = objective.grad(var.numpy()).astype(np.float32)
            opt.apply_gradients([(tf.constant(grad), var)])
            thetas.append(var.numpy().copy())
            momenta.append(_momentum_slot(opt, theta0.shape))
        thetas = np.stack(thetas)
        losses = objective.value(thetas).astype(np.float32)
        bad = out_of_bounds(thetas)
    diverged_at = np.where(bad.any(axis=0), bad.argmax(axis=0), -1)
    return Trajectory(thetas, losses, np.stack(momenta), *divergence_flags(diverged_at))


def _momentum_slot(opt, shape) -> np.ndarray:
    slots = getattr(opt, "momentums", None)
    if slots:
        return np.asarray(slots[0].numpy(), dtype=np.float32).reshape(shape)
    return np.zeros(shape, dtype=np.float32)
