"""Vectorized runs over hyperparameter grids: one optimizer, many configurations at once.

``learning_rate`` and ``momentum`` are arrays that broadcast against θ, so a 200 × 200 grid
is a θ of shape ``(200, 200, dim)`` updated by numpy in one call per step; nothing loops
over configurations in Python. Only summaries are kept, never the whole history.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v
from .objectives import Objective, Quadratic
from .run import check_objective, check_optimizer, out_of_bounds


def grid(learning_rates, momenta):
    """Broadcastable ``(learning_rate, momentum)`` arrays for a grid: rows are learning rates,
    columns momenta, and a trailing axis of 1 so both broadcast against θ's last axis."""
    lr = np.ravel(v.check_learning_rate(learning_rates, "learning_rates"))[:, None, None]
    mom = np.ravel(v.check_momentum(momenta, "momenta"))[None, :, None]
    return lr, mom


def _start(optimizer, objective: Objective, theta0):
    check_optimizer(optimizer)
    check_objective(objective)
    theta = v.as_parameter_array("theta0", theta0).astype(float)
    if theta.shape[-1:] != (objective.dim,):
        raise ValueError(f"theta0 must have shape (..., {objective.dim}), got {theta.shape}")
    theta = np.broadcast_to(theta, v.broadcast_hyperparameters(theta.shape, optimizer)).copy()
    return theta, optimizer.init(theta)


def _walk(optimizer, objective: Objective, theta0, steps: int):
    """Step every run in place and yield ``(t, theta, failed)`` after each step (t = 0 first).

    The package's one divergence rule (:func:`momentum_lib.run.out_of_bounds`) is applied after
    every step, as ``run`` applies it: a run that breaks it is ``failed`` for good and parked at
    the minimizer with its state's arrays at 0, so it stays finite and out of the way; callers
    never count a failed run as a success.
    """
    theta, state = _start(optimizer, objective, theta0)
    failed = np.zeros(theta.shape[:-1], dtype=bool)
    yield 0, theta, failed
    with np.errstate(over="ignore"):  # as in run: a step may overflow, the run is parked at once
        for t in range(1, steps + 1):
            state = optimizer.step_(theta, objective.grad(theta), state)
            bad = out_of_bounds(theta)
            if np.any(bad):
                failed |= bad
                theta[bad] = objective.minimizer
                for array in state[:-1]:
                    array[bad] = 0
            yield t, theta, failed


def _distance(theta, target):
    return np.linalg.norm(theta - target, axis=-1)


def steps_to_tolerance(optimizer, objective: Objective, theta0, tol: float, max_steps: int):
    """For every configuration, the first step t with ‖θ_t − θ*‖ ≤ ``tol`` (the first touch).

    An oscillating run may touch the ball once and leave it again; to compare methods, count
    with :func:`steps_to_settle` instead.

    Returns a float array over the batch shape: the step count, or ``inf`` for runs that did
    not get there within ``max_steps`` (including those that diverged).
    """
    max_steps = v.check_positive_int("max_steps", max_steps)
    tol = float(v.check_positive_number("tol", tol))
    target = objective.minimizer
    result = done = None
    for t, theta, failed in _walk(optimizer, objective, theta0, max_steps):
        if result is None:
            result = np.full(theta.shape[:-1], np.inf)
            done = np.zeros(theta.shape[:-1], dtype=bool)
        reached = ~done & ~failed & (_distance(theta, target) <= tol)
        result[reached] = t
        done |= reached | failed
        if done.all():
            break
    return result


def steps_to_settle(optimizer, objective: Objective, theta0, tol: float, max_steps: int):
    """For every configuration, the settled step: the first t after which the error *stays*
    within ``tol``, ‖θ_s − θ*‖ ≤ ``tol`` for every s from t to ``max_steps``.

    This is the fair count for runs that oscillate (momentum), whose first touch of the ball
    (:func:`steps_to_tolerance`) can be a lucky crossing. "Stays" is checked up to
    ``max_steps``, so give the runs room to leave again. Every run takes all ``max_steps``.

    Returns a float array over the batch shape: the step, or ``inf`` for runs outside the ball
    at ``max_steps`` or that diverged.
    """
    max_steps = v.check_positive_int("max_steps", max_steps)
    tol = float(v.check_positive_number("tol", tol))
    target = objective.minimizer
    settled = None
    for t, theta, failed in _walk(optimizer, objective, theta0, max_steps):
        inside = _distance(theta, target) <= tol
        if settled is None:
            settled = np.where(inside, 0.0, np.inf)
            continue
        settled[~inside | failed] = np.inf
        settled[inside & ~failed & np.isinf(settled)] = t
    return settled


def measured_rate(optimizer, quadratic: Quadratic, theta0, steps: int = 400, window: int | None = None):
    """The measured convergence rate on a quadratic: (‖e_T‖ / ‖e_{T−w}‖)^(1/w), e = (θ − θ*, m).

    The error of a run on a quadratic is linear in its start, so the state is rescaled every
    few steps and the log of the scale kept: rates near 0 do not underflow and rates near 1
    need no more steps. Diverging configurations report a rate ≥ 1 (``inf`` if they overflow).
    """
    if not isinstance(quadratic, Quadratic):
        raise TypeError(f"measured_rate needs a Quadratic (its error is linear), got {type(quadratic).__name__}")
    steps = v.check_positive_int("steps", steps, minimum=2)
    window = steps // 2 if window is None else v.check_positive_int("window", window)
    if window >= steps:
        raise ValueError(f"window must be < steps ({steps}), got {window}")
    theta, state = _start(optimizer, quadratic, theta0)
    target = quadratic.minimizer
    theta -= target
    centred = Quadratic(matrix=quadratic.matrix)
    log_scale = np.zeros(theta.shape[:-1])
    log_start = None
    has_m = hasattr(state, "m")  # the error is (θ − θ*, m): momentum's state is part of it

    def norm():
        e = np.linalg.norm(theta, axis=-1) ** 2
        if has_m:
            e = e + np.linalg.norm(state.m, axis=-1) ** 2
        return np.sqrt(e)

    # Between two rescalings a diverging run can overflow (and inf − inf make NaN): such a run
    # is marked, parked at 0 so nothing non-finite spreads, and reported with rate inf.
    overflowed = np.zeros(theta.shape[:-1], dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            state = optimizer.step_(theta, centred.grad(theta), state)
            if t % 8 == 0 or t == steps - window or t == steps:
                overflowed |= ~np.isfinite(norm())
                theta[overflowed] = 0
                for array in state[:-1]:
                    array[overflowed] = 0
                n = norm()
                scale = np.where(n > 0, n, 1.0)
                log_scale += np.log(scale)
                theta /= scale[..., None]
                for array in state[:-1]:
                    np.divide(array, scale[..., None], out=array)
                if t == steps - window:
                    log_start = log_scale.copy()
    rate = np.exp((log_scale - log_start) / window)
    # A run whose error reached exactly 0 converged faster than any rate we can measure.
    rate = np.where(norm() == 0, 0.0, rate)
    return np.where(overflowed, np.inf, rate)


def reaches_minimizer(optimizer, objective: Objective, theta0, steps: int, tol: float = 0.05,
                      target=None):
    r"""For every run, whether θ_T ends within ``tol`` of the target (θ* by default).

    Only the current θ and m are kept (no history), so thousands of starting points times a
    grid of γ's fit in memory. Runs that diverge (the rule of ``run``) count as failures.

    Args:
        optimizer: its hyperparameters may be arrays, e.g. ``momentum`` of shape (G, 1, 1)
            against ``theta0`` of shape (N, dim) runs G × N configurations at once.
        objective: the objective; ``target`` defaults to its ``minimizer`` (the global one).
        theta0: starting points, shape (..., dim).
        steps: number of steps T.
        tol: success radius: ‖θ_T − target‖ ≤ tol.
        target: where the runs should end, shape (dim,).

    Returns:
        a boolean array over the batch shape.
    """
    steps = v.check_positive_int("steps", steps)
    tol = float(v.check_positive_number("tol", tol))
    target = objective.minimizer if target is None else v.as_parameter_array("target", target)
    if target.shape != (objective.dim,):
        raise ValueError(f"target must have shape ({objective.dim},), got {target.shape}")
    *_, (_, theta, failed) = _walk(optimizer, objective, theta0, steps)
    return ~failed & (_distance(theta, target) <= tol)


def success_rate(optimizer, objective: Objective, theta0, steps: int, tol: float = 0.05,
                 target=None):
    r"""The fraction of starting points whose run ends within ``tol`` of the target.

    ``theta0`` has shape (N, dim): the N starting points are the last batch axis, and the
    result keeps the leading axes of the hyperparameter grid (a float for a single
    configuration, shape (G,) for ``momentum`` of shape (G, 1, 1)). It estimates the
    probability that a start drawn from ``theta0`` reaches the target (chapter 04).
    """
    theta0 = v.as_parameter_array("theta0", theta0)
    if theta0.ndim != 2:
        raise ValueError(f"theta0 must have shape (N, dim), got {theta0.shape}")
    hits = reaches_minimizer(optimizer, objective, theta0, steps, tol, target)
    rate = hits.mean(axis=-1)
    return float(rate) if np.ndim(rate) == 0 else rate
