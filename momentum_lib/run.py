"""Run an optimizer on an objective and keep the whole trajectory.

``run`` is vectorized: θ₀ of shape ``(..., dim)`` runs every starting point (and, with array
hyperparameters, every configuration) at once. A run that blows up is *flagged* with the
step it happened at and frozen at its last finite point; no NaN reaches the caller.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _validation as v
from .objectives import Objective

#: |θ| beyond this counts as divergence (long before float32 overflows at 3.4e38).
DIVERGENCE_THRESHOLD = 1e8


class DivergenceError(FloatingPointError):
    """Raised by ``run(..., on_divergence="raise")`` when θ leaves every bound."""


class Trajectory(NamedTuple):
    """Everything a run visited.

    Attributes:
        thetas: θ_0 … θ_T, shape ``(T + 1, ..., dim)``.
        losses: J(θ_0) … J(θ_T), shape ``(T + 1, ...)``.
        momenta: m_0 … m_T (``None`` for optimizers without momentum).
        diverged: for each run, whether θ became non-finite or exceeded the threshold.
        diverged_at: for each run, the first step whose θ was bad, or -1.
    """

    thetas: np.ndarray
    losses: np.ndarray
    momenta: np.ndarray | None
    diverged: np.ndarray
    diverged_at: np.ndarray

    @property
    def steps(self) -> int:
        return self.thetas.shape[0] - 1

    @property
    def final_theta(self) -> np.ndarray:
        return self.thetas[-1]

    @property
    def final_loss(self) -> np.ndarray:
        return self.losses[-1]


def out_of_bounds(theta, threshold: float = DIVERGENCE_THRESHOLD) -> np.ndarray:
    """The package's one divergence rule, for each run (every axis but the last): θ has a
    non-finite entry or some |θᵢ| > ``threshold``."""
    return ~np.all(np.abs(theta) <= threshold, axis=-1)


def divergence_flags(diverged_at):
    """``(diverged, diverged_at)`` as a Trajectory holds them: arrays per run, or plain
    ``bool``/``int`` for a single run."""
    diverged_at = np.asarray(diverged_at, dtype=np.int64)
    diverged = diverged_at >= 0
    if diverged.ndim == 0:
        return bool(diverged), int(diverged_at)
    return diverged, diverged_at


def check_threshold(threshold) -> float:
    """The divergence threshold: a finite number > 0."""
    return float(v.check_positive_number("threshold", threshold))


def check_objective(objective) -> Objective:
    if not isinstance(objective, Objective):
        raise TypeError(
            f"objective must be a momentum_lib objective (Quadratic, Rosenbrock, DoubleWell, Plateau, "
            f"or a subclass of objectives.Objective), got {v.describe(objective)}"
        )
    return objective


def check_optimizer(optimizer):
    if not all(callable(getattr(optimizer, name, None)) for name in ("init", "step", "step_")):
        raise TypeError(
            f"optimizer must be a momentum_lib optimizer (GradientDescent or Momentum), got {v.describe(optimizer)}"
        )
    return optimizer


def run(
    optimizer,
    objective: Objective,
    theta0,
    steps: int,
    *,
    noise: float = 0.0,
    seed: int | None = None,
    dtype=None,
    threshold: float = DIVERGENCE_THRESHOLD,
    on_divergence: str = "flag",
) -> Trajectory:
    """Take ``steps`` steps of ``optimizer`` on ``objective`` from ``theta0``.

    Args:
        optimizer: a :class:`~momentum_lib.GradientDescent` or :class:`~momentum_lib.Momentum`.
        objective: an :class:`~momentum_lib.objectives.Objective`.
        theta0: starting point(s), shape ``(..., objective.dim)``.
        steps: number of steps T ≥ 1.
        noise: standard deviation σ of Gaussian noise added to every gradient component
            (stochastic gradients, chapter 09); 0 means exact gradients.
        seed: seed of the noise generator (results are reproducible for a given seed).
        dtype: compute in this floating-point dtype (default: θ₀'s, float64 for integers).
        threshold: |θ| above this (a finite number > 0), or a non-finite θ, counts as divergence
            (:func:`out_of_bounds`, the rule every sweep uses too).
        on_divergence: ``"flag"`` (freeze the run, set ``diverged``) or ``"raise"``.

    Returns:
        a :class:`Trajectory`.
    """
    check_optimizer(optimizer)
    check_objective(objective)
    steps = v.check_positive_int("steps", steps)
    threshold = check_threshold(threshold)
    noise = float(v.as_number("noise", noise))
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be finite and >= 0, got {noise!r}")
    if on_divergence not in ("flag", "raise"):
        raise ValueError(f"on_divergence must be 'flag' or 'raise', got {on_divergence!r}")
    theta = v.as_parameter_array("theta0", theta0)
    if dtype is not None:
        theta = theta.astype(v.check_float_dtype("dtype", dtype))
    if theta.ndim == 0 or theta.shape[-1] != objective.dim:
        raise ValueError(f"theta0 must have shape (..., {objective.dim}), got {theta.shape}")
    # Broadcasting hyperparameter grids can widen θ: run every run on the full shape.
    shape = v.broadcast_hyperparameters(theta.shape, optimizer)
    theta = np.broadcast_to(theta, shape).copy()
    batch = shape[:-1]
    state = optimizer.init(theta)
    if seed is not None:
        seed = v.check_positive_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)

    # NaN until written: a step that is never recorded cannot pass for a real value.
    thetas = np.full((steps + 1, *shape), np.nan, dtype=theta.dtype)
    losses = np.full((steps + 1, *batch), np.nan, dtype=theta.dtype)
    arrays = state._fields[:-1]  # the state's arrays (m, or m and v), all but count
    momenta = np.full_like(thetas, np.nan) if "m" in arrays else None
    thetas[0] = theta
    losses[0] = objective.value(theta)
    if momenta is not None:
        momenta[0] = state.m
    diverged = np.zeros(batch, dtype=bool)
    diverged_at = np.full(batch, -1, dtype=np.int64)

    # A step can overflow (η·g beyond float range); a diverged run is frozen before anything
    # is computed from the infinity, so no NaN can arise from it.
    with np.errstate(over="ignore"):
        for t in range(steps):
            grad = objective.grad(theta)
            if noise:
                grad = grad + noise * rng.standard_normal(grad.shape).astype(grad.dtype)
            new_theta, new_state = optimizer.step(theta, grad, state)
            newly = out_of_bounds(new_theta, threshold) & ~diverged
            if np.any(newly):
                if on_divergence == "raise":
                    raise DivergenceError(
                        f"diverged at step {t + 1}: |theta| exceeded {threshold:g} or became non-finite"
                    )
                diverged_at[newly] = t + 1
                diverged |= newly
            # A diverged run stays at its last good θ, its state's arrays at 0.
            frozen = diverged[..., None]
            theta = np.where(frozen, theta, new_theta)
            state = new_state._replace(**{a: np.where(frozen, 0, getattr(new_state, a)).astype(theta.dtype)
                                          for a in arrays})
            thetas[t + 1] = theta
            losses[t + 1] = objective.value(theta)
            if momenta is not None:
                momenta[t + 1] = state.m

    return Trajectory(thetas, losses, momenta, *divergence_flags(diverged_at))
