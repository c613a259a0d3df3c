r"""Test objectives J(θ) with analytic gradients, vectorized over leading axes.

Every objective takes θ of shape ``(..., dim)`` (``dim`` is 1 for the 1-D ones), returns
``value(θ)`` of shape ``(...)`` and ``grad(θ)`` of θ's shape, and knows its minimum, so one
call evaluates a whole batch of starting points or a whole hyperparameter grid.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v


def _point(name: str, value, dim: int) -> np.ndarray:
    """A finite point of shape (dim,), or a ``ValueError`` naming ``name``."""
    point = v.as_parameter_array(name, value).astype(np.float64)
    if point.shape != (dim,) or not np.all(np.isfinite(point)):
        raise ValueError(f"{name} must be a finite point of shape ({dim},), got {v.describe(point)}")
    return point


class Objective:
    """Common interface: ``value``, ``grad``, ``dim``, ``minimizer`` and ``minimum``."""

    dim: int
    minimizer: np.ndarray
    minimum: float

    def value(self, theta) -> np.ndarray:
        raise NotImplementedError

    def grad(self, theta) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, theta) -> np.ndarray:
        return self.value(theta)

    def _theta(self, theta) -> np.ndarray:
        theta = v.as_parameter_array("theta", theta)
        if theta.ndim == 0 or theta.shape[-1] != self.dim:
            raise ValueError(
                f"theta must have shape (..., {self.dim}) for {type(self).__name__}, got {theta.shape}"
            )
        return theta


class Quadratic(Objective):
    r"""A convex quadratic :math:`J(\theta) = \tfrac12 (\theta-\theta^*)^\top A (\theta-\theta^*)`.

    Its gradient is :math:`A(\theta - \theta^*)`; the eigenvalues λ of A set everything
    momentum does on it (chapter 06). Build it from the eigenvalues (A diagonal, axes along
    the eigenvectors) or from a symmetric positive-definite matrix.

    Args:
        eigenvalues: positive numbers λ_1, …, λ_d (A = diag(λ)).
        matrix: a symmetric positive-definite d×d matrix instead of ``eigenvalues``.
        minimizer: θ*, zeros by default.
    """

    def __init__(self, eigenvalues=None, *, matrix=None, minimizer=None):
        if (eigenvalues is None) == (matrix is None):
            given = "neither" if matrix is None else "both"
            raise ValueError(f"give exactly one of eigenvalues or matrix, got {given}")
        if matrix is not None:
            a = v.as_parameter_array("matrix", matrix).astype(np.float64)
            if a.ndim != 2 or a.shape[0] != a.shape[1] or not np.allclose(a, a.T):
                raise ValueError(f"matrix must be a symmetric square matrix, got {v.describe(a)}"
                                 + ("" if a.ndim != 2 or a.shape[0] != a.shape[1] else " that is not symmetric"))
            lam = np.linalg.eigvalsh(a)
        else:
            lam = v.as_parameter_array("eigenvalues", eigenvalues).astype(np.float64).reshape(-1)
            a = np.diag(lam)
        if lam.size == 0:
            raise ValueError("eigenvalues must hold at least one curvature > 0, got an empty list")
        if np.any(~np.isfinite(lam)) or np.any(lam <= 0):
            raise ValueError(f"eigenvalues must be finite and > 0, got {np.round(lam, 6).tolist()}")
        self.matrix = a
        self.eigenvalues = np.sort(lam)
        self.dim = a.shape[0]
        self.minimizer = np.zeros(self.dim) if minimizer is None else _point("minimizer", minimizer, self.dim)
        self.minimum = 0.0
        self._diagonal = np.allclose(a, np.diag(np.diag(a)))

    @classmethod
    def ravine(cls, condition_number: float = 50.0) -> Quadratic:
        """The book's ravine: λ = (1, κ), a long shallow valley with steep walls (κ = 50)."""
        kappa = v.as_number("condition_number", condition_number)
        if not np.isfinite(kappa) or kappa < 1:
            raise ValueError(f"condition_number must be finite and >= 1, got {kappa!r}")
        return cls(eigenvalues=[1.0, kappa])

    @property
    def condition_number(self) -> float:
        """κ = λ_max / λ_min."""
        return float(self.eigenvalues[-1] / self.eigenvalues[0])

    def __repr__(self) -> str:
        return f"Quadratic(eigenvalues={np.round(self.eigenvalues, 6).tolist()})"

    def grad(self, theta):
        theta = self._theta(theta)
        d = theta - self.minimizer.astype(theta.dtype)
        if self._diagonal:
            return d * np.diag(self.matrix).astype(theta.dtype)
        # Products, then a sum in index order: a matrix product would go to BLAS, which may fuse
        # a multiply and an add on one CPU and not on another, and the outputs must not differ.
        return (d[..., None, :] * self.matrix.astype(theta.dtype)).sum(axis=-1)

    def value(self, theta):
        theta = self._theta(theta)
        d = theta - self.minimizer.astype(theta.dtype)
        return 0.5 * np.sum(d * self.grad(theta), axis=-1)


class Rosenbrock(Objective):
    r"""Rosenbrock's banana valley :math:`J = (a-x)^2 + b (y-x^2)^2`, minimum 0 at (a, a²)."""

    dim = 2

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a = float(v.as_number("a", a))
        self.b = float(v.check_learning_rate(b, "b"))
        self.minimizer = np.array([self.a, self.a**2])
        self.minimum = 0.0

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a}, b={self.b})"

    def value(self, theta):
        theta = self._theta(theta)
        x, y = theta[..., 0], theta[..., 1]
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def grad(self, theta):
        theta = self._theta(theta)
        x, y = theta[..., 0], theta[..., 1]
        dx = -2 * (self.a - x) - 4 * self.b * x * (y - x**2)
        dy = 2 * self.b * (y - x**2)
        return np.stack([dx, dy], axis=-1)


class DoubleWell(Objective):
    r"""A tilted 1-D double well :math:`J(x) = x^4 - 2x^2 + c\,x` (c > 0).

    Two minima near x = ±1: the tilt ``c`` lifts the right one, so it is a shallow *local*
    minimum and the left one the deep *global* minimum, with a barrier (a local maximum) near
    x = c/4 between them. ``local_minimizer``, ``barrier`` and ``minimizer`` are the exact roots
    of J'(x) = 4x³ − 4x + c.
    """

    dim = 1

    def __init__(self, tilt: float = 0.5):
        c = v.as_number("tilt", tilt)
        if not (0 < c < 8 / (3 * np.sqrt(3))):
            raise ValueError(f"tilt must be in (0, {8 / (3 * np.sqrt(3)):.4f}) for two minima, got {c!r}")
        self.tilt = float(c)
        roots = np.sort(np.roots([4.0, 0.0, -4.0, self.tilt]).real)
        self.minimizer = roots[:1].copy()
        self.barrier = float(roots[1])
        self.local_minimizer = roots[2:].copy()
        self.minimum = float(self.value(self.minimizer))
        self.local_minimum = float(self.value(self.local_minimizer))

    def __repr__(self) -> str:
        return f"DoubleWell(tilt={self.tilt})"

    # x³ and x⁴ as products: numpy hands x**3 to pow(), whose last bit differs between CPUs
    # (SIMD code on some, libm on others), and chapter 04's outputs must be the same everywhere.
    def value(self, theta):
        x = self._theta(theta)[..., 0]
        x2 = x * x
        return x2 * x2 - 2 * x2 + self.tilt * x

    def grad(self, theta):
        theta = self._theta(theta)
        x = theta[..., 0]
        return (4 * (x * x * x) - 4 * x + self.tilt)[..., None]


class Plateau(Objective):
    r"""A 1-D slope, then a flat stretch where the gradient is exactly 0, then a well.

    .. math::

        J(x) = \begin{cases} x^2 & x < 0 \\ 0 & 0 \le x \le w \\
        d\,\big(((x - w - r)/r)^2 - 1\big) & x > w \end{cases}

    Gradient descent from x < 0 slides towards 0 and can never enter the flat stretch
    (its steps shrink to nothing); momentum arrives with speed and coasts across it when the
    coasting distance beats the width ``w``. The minimum is −d at x = w + r.
    """

    dim = 1

    def __init__(self, width: float = 1.0, depth: float = 1.0, radius: float = 1.0):
        self.width = float(v.check_learning_rate(width, "width"))
        self.depth = float(v.check_learning_rate(depth, "depth"))
        self.radius = float(v.check_learning_rate(radius, "radius"))
        self.minimizer = np.array([self.width + self.radius])
        self.minimum = -self.depth

    def __repr__(self) -> str:
        return f"Plateau(width={self.width}, depth={self.depth}, radius={self.radius})"

    def value(self, theta):
        x = self._theta(theta)[..., 0]
        well = self.depth * (((x - self.width - self.radius) / self.radius) ** 2 - 1)
        return np.where(x < 0, x**2, np.where(x <= self.width, 0.0, well))

    def grad(self, theta):
        theta = self._theta(theta)
        x = theta[..., 0]
        well = 2 * self.depth * (x - self.width - self.radius) / self.radius**2
        g = np.where(x < 0, 2 * x, np.where(x <= self.width, 0.0, well))
        return g.astype(theta.dtype, copy=False)[..., None]


class Saddle(Objective):
    r"""A 2-D saddle between two minima:
    :math:`J(x, y) = \tfrac12 a x^2 + \tfrac14 b (y^2 - 1)^2 - \tfrac14 b`.

    At the origin the gradient is 0 and the curvature is +a along x and −b along y: a saddle
    point, where gradient descent started on (or near) the ridge line y = 0 lingers. The minima
    are (0, ±1) with J = −b/4; ``minimizer`` is (0, 1), the one a start with y > 0 rolls to.
    """

    dim = 2

    def __init__(self, a: float = 1.0, b: float = 1.0):
        self.a = float(v.check_positive_number("a", a))
        self.b = float(v.check_positive_number("b", b))
        self.saddle_point = np.zeros(2)
        self.minimizer = np.array([0.0, 1.0])
        self.minimum = -self.b / 4

    def __repr__(self) -> str:
        return f"Saddle(a={self.a}, b={self.b})"

    def value(self, theta):
        theta = self._theta(theta)
        x, y = theta[..., 0], theta[..., 1]
        return 0.5 * self.a * x**2 + 0.25 * self.b * (y**2 - 1) ** 2 - 0.25 * self.b

    def grad(self, theta):
        theta = self._theta(theta)
        x, y = theta[..., 0], theta[..., 1]
        return np.stack([self.a * x, self.b * y * (y**2 - 1)], axis=-1)


class Flat(Objective):
    r"""The flat line :math:`J(\theta) = 0`, in one dimension.

    Its gradient is 0 everywhere, so whatever moves θ comes from the optimizer itself: weight
    decay (chapters 11 and 12), or momentum built up before. Every point is a minimizer;
    ``minimizer`` is the origin.
    """

    dim = 1

    def __init__(self):
        self.minimizer = np.zeros(1)
        self.minimum = 0.0

    def __repr__(self) -> str:
        return "Flat()"

    def value(self, theta):
        theta = self._theta(theta)
        return np.zeros(theta.shape[:-1], dtype=theta.dtype)

    def grad(self, theta):
        return np.zeros_like(self._theta(theta))
