"""Argument checks shared by every module: one place, one wording.

Every message names the argument, shows the value it got and states what is allowed,
so a reader who passes ``momentum=1.5`` learns all three from one line.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return repr(value)


def as_real(name: str, value, *, allow_array: bool = True) -> float | np.ndarray:
    """Return ``value`` as a float or a float array, or raise ``TypeError`` naming ``name``."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    if isinstance(value, numbers.Real):
        return float(value)
    if allow_array and isinstance(value, (np.ndarray, list, tuple)):
        array = np.asarray(value)
        if array.dtype.kind not in "iuf":
            raise TypeError(
                f"{name} must be a real number or an array of real numbers, "
                f"got an array of dtype {array.dtype}"
            )
        return array.astype(np.result_type(array.dtype, np.float32), copy=False)
    raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")


def check_learning_rate(value, name: str = "learning_rate"):
    """A learning rate is a finite number > 0 (element-wise for arrays)."""
    value = as_real(name, value)
    bad = ~np.isfinite(value) | (np.asarray(value) <= 0)
    if np.any(bad):
        shown = value if np.ndim(value) == 0 else np.asarray(value)[bad].flat[0]
        raise ValueError(
            f"{name} must be finite and > 0, got {float(shown)!r}"
            + ("" if np.ndim(value) == 0 else f" (in {_describe(np.asarray(value))})")
        )
    return value


def check_momentum(value, name: str = "momentum"):
    """A momentum coefficient γ is a finite number in [0, 1] (element-wise for arrays)."""
    value = as_real(name, value)
    array = np.asarray(value)
    bad = ~np.isfinite(array) | (array < 0) | (array > 1)
    if np.any(bad):
        shown = value if np.ndim(value) == 0 else array[bad].flat[0]
        raise ValueError(
            f"{name} must be finite and in [0, 1], got {float(shown)!r}"
            + ("" if np.ndim(value) == 0 else f" (in {_describe(array)})")
        )
    return value


def check_positive_int(name: str, value, *, minimum: int = 1) -> int:
    """A count such as ``steps``: an integer ≥ ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_broadcasts(name: str, value, shape: tuple[int, ...]) -> None:
    """A hyperparameter array must broadcast against θ without changing θ's shape."""
    if np.ndim(value) == 0:
        return
    try:
        result = np.broadcast_shapes(np.shape(value), shape)
    except ValueError:
        result = None
    if result != tuple(shape):
        raise ValueError(
            f"{name} has shape {np.shape(value)}, which does not broadcast against "
            f"theta's shape {tuple(shape)}; allowed: shapes that broadcast to {tuple(shape)}"
        )


def as_parameter_array(name: str, value) -> np.ndarray:
    """θ or a gradient: a real-valued array (a Python number becomes a 0-d float array)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {value!r}")
    array = np.asarray(value)
    if array.dtype.kind in "iub":
        array = array.astype(np.float64)
    if array.dtype.kind != "f":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    return array


def check_same_shape(theta: np.ndarray, grad: np.ndarray) -> None:
    if grad.shape != theta.shape:
        raise ValueError(
            f"grad has shape {grad.shape} but theta has shape {theta.shape}; "
            "the shapes must be equal"
        )
