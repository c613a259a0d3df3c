r"""Closed forms for momentum, each cross-checked against simulation in the tests.

Constant gradient C (chapter 03): with :math:`m_0 = 0`,

.. math::

    m_t = -\eta C \frac{1-\gamma^t}{1-\gamma} \;\longrightarrow\; -\frac{\eta C}{1-\gamma},

so momentum moves like gradient descent with the effective learning rate
:math:`\eta/(1-\gamma)` (10η at γ = 0.9).

Quadratic with curvature λ (chapters 05–06): in the coordinates :math:`x = \theta - \theta^*`
one step maps :math:`(x_t, m_t)` to :math:`(x_{t+1}, m_{t+1})` by the iteration matrix

.. math::

    R = \begin{pmatrix} 1-\eta\lambda & \gamma \\ -\eta\lambda & \gamma \end{pmatrix},
    \qquad \det R = \gamma, \quad \operatorname{tr} R = 1 + \gamma - \eta\lambda,

and the error shrinks like :math:`\rho(R)^t`, ρ the spectral radius.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validation as v


def _lr(x):
    return v.check_learning_rate(x)


def _mom(x):
    return v.check_momentum(x)


def _mom_below_one(x):
    """γ in [0, 1): where a terminal value exists."""
    g = v.check_momentum(x)
    if np.any(np.asarray(g) >= 1):
        raise ValueError(f"momentum must be in [0, 1) here (γ = 1 has no terminal value), got {g!r}")
    return g


def effective_learning_rate(learning_rate, momentum):
    r"""η / (1 − γ): the step size momentum reaches under a constant gradient."""
    return _lr(learning_rate) / (1 - _mom_below_one(momentum))


def terminal_momentum(learning_rate, momentum, gradient):
    r"""The fixed point of :math:`m \leftarrow \gamma m - \eta C`: :math:`m^* = -\eta C / (1-\gamma)`."""
    return -effective_learning_rate(learning_rate, momentum) * np.asarray(v.as_real("gradient", gradient))


def momentum_after(t, learning_rate, momentum, gradient):
    r""":math:`m_t = -\eta C (1-\gamma^t)/(1-\gamma)` for a constant gradient C and :math:`m_0 = 0`."""
    t = np.asarray(v.as_real("t", t))
    if np.any(~np.isfinite(t) | (t < 0)):
        raise ValueError(f"t must be finite and >= 0, got {float(np.min(t))!r}")
    g = _mom_below_one(momentum)
    return terminal_momentum(learning_rate, g, gradient) * (1 - np.power(g, t))


def steps_to_fraction(momentum, fraction):
    r"""The first t with :math:`1-\gamma^t \ge` ``fraction``: how long momentum takes to reach
    that share of its terminal value (γ = 0.9: 10, 22 and 44 steps for 65 %, 90 %, 99 %)."""
    g = _mom_below_one(momentum)
    f = v.as_real("fraction", fraction)
    if np.any((np.asarray(f) <= 0) | (np.asarray(f) >= 1)):
        raise ValueError(f"fraction must be in (0, 1), got {f!r}")
    g, f = np.broadcast_arrays(g, f)
    with np.errstate(divide="ignore"):  # γ = 0 gets there in one step: log γ = −∞ gives t = 1
        guess = np.maximum(np.ceil(np.log1p(-f) / np.log(g)), 1)
    # The logarithms can round the quotient across an integer: settle it with the definition,
    # computing γᵗ with the C library's pow (numpy's own pow differs in the last bit on some CPUs).
    t = np.where((guess > 1) & (1 - _pow(g, guess - 1) >= f), guess - 1, guess)
    t = np.where(1 - _pow(g, t) < f, t + 1, t)
    return t.astype(int)


_pow = np.vectorize(math.pow, otypes=[float])


def iteration_matrix(learning_rate, momentum, curvature, nesterov=False):
    r"""The 2×2 matrix R with :math:`(x_{t+1}, m_{t+1}) = R (x_t, m_t)` on :math:`J = \lambda x^2/2`.

    Heavy ball: :math:`R = [[1-\eta\lambda, \gamma], [-\eta\lambda, \gamma]]`.
    Nesterov (Keras form): :math:`R = [[1-\eta\lambda(1+\gamma), \gamma^2], [-\eta\lambda, \gamma]]`.
    Arrays broadcast; the result has shape ``(..., 2, 2)``.
    """
    eta, g = np.broadcast_arrays(_lr(learning_rate), _mom(momentum))
    lam = np.asarray(v.check_learning_rate(curvature, "curvature"))
    eta, g, lam = np.broadcast_arrays(eta, g, lam)
    h = eta * lam
    rows = [[1 - h * (1 + g), g * g], [-h, g]] if nesterov else [[1 - h, g], [-h, g]]
    return np.stack([np.stack(r, axis=-1) for r in rows], axis=-2)


def spectral_radius(learning_rate, momentum, curvature, nesterov=False):
    r"""ρ(R) = max |eigenvalue|: the factor by which the error shrinks per step, asymptotically.

    Computed from the characteristic polynomial :math:`\sigma^2 - (\operatorname{tr}R)\sigma
    + \det R`; vectorized. When the roots are complex, :math:`|\sigma|^2 = \det R`, so
    ρ = √γ for the heavy ball (not 2√γ).
    """
    r = iteration_matrix(learning_rate, momentum, curvature, nesterov)
    tr = r[..., 0, 0] + r[..., 1, 1]
    det = r[..., 0, 0] * r[..., 1, 1] - r[..., 0, 1] * r[..., 1, 0]
    disc = tr * tr - 4 * det
    root = np.sqrt(np.abs(disc))
    real = np.maximum(np.abs(tr + root), np.abs(tr - root)) / 2
    complex_ = np.sqrt(np.abs(det))
    return np.where(disc >= 0, real, complex_)


def _eigenvalues(eigenvalues) -> np.ndarray:
    lam = np.ravel(v.check_positive("eigenvalues", eigenvalues))
    if lam.size == 0:
        raise ValueError("eigenvalues must hold at least one curvature > 0, got an empty list")
    return lam


def quadratic_rate(learning_rate, momentum, eigenvalues, nesterov=False):
    """The convergence rate on a quadratic: the worst spectral radius over its eigenvalues."""
    lam = _eigenvalues(eigenvalues)
    rates = [spectral_radius(learning_rate, momentum, curvature, nesterov) for curvature in lam]
    return np.max(np.stack(rates), axis=0)


def converges(learning_rate, momentum, curvature, nesterov=False):
    r"""Whether the iteration is stable: :math:`0 < \eta\lambda < 2 + 2\gamma` (heavy ball, γ < 1)
    or :math:`\eta\lambda < (2+2\gamma)/(1+2\gamma)` (Nesterov)."""
    eta, g = _lr(learning_rate), _mom(momentum)
    h = eta * np.asarray(v.check_learning_rate(curvature, "curvature"))
    limit = (2 + 2 * np.asarray(g)) / (1 + 2 * np.asarray(g)) if nesterov else 2 + 2 * np.asarray(g)
    return (h > 0) & (h < limit) & (np.asarray(g) < 1)


def speedup(learning_rate, momentum, curvature):
    r"""How many times faster momentum's error shrinks than gradient descent's at the same η,
    asymptotically, on a direction of curvature λ: :math:`\ln\rho_{GD} / \ln\rho`, with
    :math:`\rho_{GD} = |1-\eta\lambda|` and ρ the heavy ball's spectral radius. Per e-fold of
    error, gradient descent needs this many times as many steps. Needs both to converge.
    """
    rho = spectral_radius(learning_rate, momentum, curvature)
    h = _lr(learning_rate) * np.asarray(v.check_learning_rate(curvature, "curvature"))
    rho_gd = np.abs(1 - h)
    if np.any((rho >= 1) | (rho_gd >= 1)):
        raise ValueError(
            "speedup needs both methods to converge (0 < learning_rate * curvature < 2 and a "
            f"stable momentum); got spectral radius {np.max(rho):.4g} and gradient descent's {np.max(rho_gd):.4g}"
        )
    with np.errstate(divide="ignore"):
        return np.log(rho) / np.log(rho_gd)


def noise_floor(learning_rate, momentum, eigenvalues, variance):
    r"""The level a quadratic's loss settles at when every gradient carries independent noise of
    variance σ² per coordinate: the stationary mean of
    :math:`J = \tfrac12\sum_i \lambda_i x_i^2` under momentum, one term per eigenvalue,

    .. math:: \mathbb{E}[J] = \sum_i \frac{\eta}{1-\gamma}\,
              \frac{\sigma^2}{2\,(2 - \eta\lambda_i/(1+\gamma))}.

    γ = 0 gives gradient descent's :math:`\sum_i \eta\sigma^2/(2(2-\eta\lambda_i))`. Exists only
    where every direction converges (:math:`0 < \eta\lambda_i < 2 + 2\gamma`). Arrays of η and γ
    broadcast; the eigenvalues are summed over.
    """
    lam = _eigenvalues(eigenvalues)
    eta = np.asarray(_lr(learning_rate))[..., None]
    g = np.asarray(_mom_below_one(momentum))[..., None]
    s2 = v.check_nonnegative("variance", variance)
    if not np.all(converges(eta, g, lam)):
        raise ValueError("noise_floor needs every direction to converge (0 < learning_rate * eigenvalue < "
                         f"2 + 2 * momentum); got learning_rate * eigenvalue up to {np.max(eta * lam):.4g}")
    return (eta / (1 - g) * s2 / (2 * (2 - eta * lam / (1 + g)))).sum(axis=-1)


def saddle_growth(learning_rate, momentum, negative_curvature):
    r"""How fast a small offset y grows per step along a direction of curvature −b < 0 (near a
    saddle point): the larger root of :math:`\sigma^2 - (1 + \gamma + \eta b)\sigma + \gamma = 0`,
    which is 1 + ηb for gradient descent (γ = 0) and larger for any γ > 0. It is the iteration
    matrix's spectral radius at λ = −b; the roots are always real.
    """
    h = _lr(learning_rate) * np.asarray(v.check_positive("negative_curvature", negative_curvature))
    g = np.asarray(_mom(momentum))
    tr = 1 + g + h
    return (tr + np.sqrt(tr * tr - 4 * g)) / 2


def gd_divergence_threshold(max_curvature):
    """Gradient descent on a quadratic converges iff η < 2/λ_max."""
    return 2.0 / v.check_learning_rate(max_curvature, "max_curvature")


def gd_rate(learning_rate, eigenvalues):
    """Gradient descent's rate on a quadratic: max |1 − ηλ| over the eigenvalues."""
    lam = _eigenvalues(eigenvalues)
    eta = np.asarray(_lr(learning_rate))[..., None]
    return np.max(np.abs(1 - eta * lam), axis=-1)


def gd_optimal(min_curvature, max_curvature):
    """Gradient descent's best η = 2/(λ_min + λ_max) and its rate (κ − 1)/(κ + 1)."""
    lo, hi = _curvatures(min_curvature, max_curvature)
    kappa = hi / lo
    return 2.0 / (lo + hi), (kappa - 1) / (kappa + 1)


def optimal_parameters(min_curvature, max_curvature):
    r"""Polyak's heavy-ball optimum on a quadratic with λ in [λ_min, λ_max]:

    :math:`\eta^* = (2/(\sqrt{\lambda_{min}}+\sqrt{\lambda_{max}}))^2`,
    :math:`\gamma^* = ((\sqrt\kappa-1)/(\sqrt\kappa+1))^2`, rate :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`.

    Returns ``(learning_rate, momentum, rate)``.
    """
    lo, hi = _curvatures(min_curvature, max_curvature)
    root_kappa = np.sqrt(hi / lo)
    rate = (root_kappa - 1) / (root_kappa + 1)
    return (2 / (np.sqrt(lo) + np.sqrt(hi))) ** 2, rate**2, rate


def critical_damping(learning_rate, curvature):
    r"""Critical damping :math:`\gamma_c = (1-\sqrt{\eta\lambda})^2`, defined for ηλ ≤ 1.

    There the iteration's eigenvalues meet: for γ below γ_c they are real and positive and the
    error decays without oscillating; above it they are complex and θ spirals in, at the rate
    √γ. So γ_c is the fastest non-oscillating choice. For 1 < ηλ < 4 the same expression marks
    where the eigenvalues turn real and *negative* (the error flips sign every step), which is
    not critical damping, so it is refused here.

    Raises:
        ValueError: if learning_rate × curvature > 1.
    """
    h = _lr(learning_rate) * v.check_learning_rate(curvature, "curvature")
    if np.any(np.asarray(h) > 1):
        shown = float(np.max(h))
        raise ValueError(
            f"critical_damping needs learning_rate * curvature <= 1, got {shown!r}; above 1, "
            "(1 - sqrt(learning_rate * curvature))**2 is where the eigenvalues turn real and "
            "negative, not critical damping"
        )
    return (1 - np.sqrt(h)) ** 2


def _curvatures(lo, hi):
    lo = float(v.check_learning_rate(lo, "min_curvature"))
    hi = float(v.check_learning_rate(hi, "max_curvature"))
    if hi < lo:
        raise ValueError(f"max_curvature must be >= min_curvature, got {hi} < {lo}")
    return lo, hi
