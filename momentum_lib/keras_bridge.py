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
from .run import Trajectory, check_objective, divergence_flags, out_of_bounds


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
                     momentum: float = 0.9, nesterov: bool = False, weight_decay: float | None = None
                     ) -> Trajectory:
    """θ's visited by ``tf.keras.optimizers.SGD(learning_rate, momentum, nesterov, weight_decay)``
    in float32.

    The gradient at each step is ``objective.grad`` evaluated at Keras' current variable, so
    the only implementation under test is Keras' update. ``momenta`` are read from the
    optimizer's own slot variable. Divergence is reported as ``run`` reports it (θ non-finite
    or beyond ``run.DIVERGENCE_THRESHOLD`` sets ``diverged`` and the first such step in
    ``diverged_at``); Keras' own values are kept after that step, not frozen.
    """
    tf = import_tensorflow()
    options = {"learning_rate": float(v.check_learning_rate(learning_rate)),
               "momentum": float(v.check_momentum(momentum)), "nesterov": bool(nesterov)}
    if weight_decay is not None:
        options["weight_decay"] = float(v.check_nonnegative("weight_decay", weight_decay))
    return _trajectory(tf.keras.optimizers.SGD(**options), objective, theta0, steps, "momentums")


def keras_adam_trajectory(objective: Objective, theta0, steps: int, *, learning_rate: float = 0.001,
                          beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                          weight_decay: float | None = None) -> Trajectory:
    """θ's visited by ``tf.keras.optimizers.Adam`` (with ``weight_decay``: AdamW's decoupled
    decay) in float32; ``momenta`` are Adam's first moments. As :func:`keras_trajectory`."""
    tf = import_tensorflow()
    options = {"learning_rate": float(v.check_learning_rate(learning_rate)),
               "beta_1": float(v.check_fraction_below_one("beta_1", beta_1)),
               "beta_2": float(v.check_fraction_below_one("beta_2", beta_2)),
               "epsilon": float(v.check_positive_number("epsilon", epsilon))}
    if weight_decay is not None:
        options["weight_decay"] = float(v.check_nonnegative("weight_decay", weight_decay))
    return _trajectory(tf.keras.optimizers.Adam(**options), objective, theta0, steps, "_momentums")


def _trajectory(opt, objective: Objective, theta0, steps: int, slot: str) -> Trajectory:
    tf = import_tensorflow()
    check_objective(objective)
    steps = v.check_positive_int("steps", steps)
    theta0 = np.asarray(v.as_parameter_array("theta0", theta0), dtype=np.float32)
    var = tf.Variable(theta0)
    opt.build([var])
    thetas = [theta0.copy()]
    momenta = [np.zeros_like(theta0)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            grad = objective.grad(var.numpy()).astype(np.float32)
            opt.apply_gradients([(tf.constant(grad), var)])
            thetas.append(var.numpy().copy())
            slots = getattr(opt, slot, None)
            momenta.append(np.asarray(slots[0].numpy(), dtype=np.float32).reshape(theta0.shape) if slots
                           else np.zeros_like(theta0))
        thetas = np.stack(thetas)
        losses = objective.value(thetas).astype(np.float32)
        bad = out_of_bounds(thetas)
    diverged_at = np.where(bad.any(axis=0), bad.argmax(axis=0), -1)
    return Trajectory(thetas, losses, np.stack(momenta), *divergence_flags(diverged_at))
