"""Argument checks shared by every module: one place, one wording.

Every message names the argument, shows the value it got and states what is allowed,
so a reader who passes ``momentum=1.5`` learns all three from one line.
"""

from __future__ import annotations

import inspect
import numbers

import numpy as np


def describe(value) -> str:
    """A short description of a value for an error message (arrays by shape and dtype)."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if not isinstance(value, (numbers.Number, str, bytes, list, tuple, type(None))) and not _is_state(value):
        return f"an object of type {type(value).__name__}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _is_state(value) -> bool:
    """The optimizers' states (named tuples) are shown in full: they are small."""
    return isinstance(value, tuple) and hasattr(value, "_fields")


def as_real(name: str, value, *, allow_array: bool = True) -> float | np.ndarray:
    """Return ``value`` as a float or a float array, or raise ``TypeError`` naming ``name``."""
    allowed = "a real number or an array of real numbers" if allow_array else "a real number"
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be {allowed}, got {describe(value)}")
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(f"{name} must be finite, got {describe(value)}: too large for a float") from None
    if allow_array and isinstance(value, (np.ndarray, list, tuple)):
        try:
            array = np.asarray(value)
        except (ValueError, OverflowError) as error:
            raise TypeError(f"{name} must be {allowed}, got {describe(value)} ({error})") from None
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be {allowed}, got an array of dtype {array.dtype}")
        return array.astype(np.float64, copy=False)
    raise TypeError(f"{name} must be {allowed}, got {describe(value)}")


def as_number(name: str, value) -> float:
    """A single real number (no arrays), or ``TypeError`` naming ``name``."""
    return as_real(name, value, allow_array=False)


def check_positive_number(name: str, value) -> float:
    """A single finite number > 0 (a tolerance, a threshold, ε)."""
    return check_positive(name, value, allow_array=False)


def _check_range(name: str, value, bad, allowed: str):
    if np.any(bad):
        shown = value if np.ndim(value) == 0 else np.asarray(value)[bad].flat[0]
        where = "" if np.ndim(value) == 0 else f" (in {describe(np.asarray(value))})"
        raise ValueError(f"{name} must be {allowed}, got {float(shown)!r}{where}")
    return value


def check_positive(name: str, value, *, allow_array: bool = True):
    """A finite number > 0 (element-wise for arrays)."""
    value = as_real(name, value, allow_array=allow_array)
    if isinstance(value, float) and 0 < value < float("inf"):
        return value
    return _check_range(name, value, ~np.isfinite(value) | (np.asarray(value) <= 0), "finite and > 0")


def check_nonnegative(name: str, value) -> float:
    """A finite number >= 0 (weight decay)."""
    value = as_real(name, value, allow_array=False)
    if 0 <= value < float("inf"):
        return value
    raise ValueError(f"{name} must be finite and >= 0, got {value!r}")


def check_fraction_below_one(name: str, value) -> float:
    """A number in [0, 1) (Adam's β₁ and β₂)."""
    value = as_real(name, value, allow_array=False)
    if 0 <= value < 1:
        return value
    raise ValueError(f"{name} must be in [0, 1), got {value!r}")


def check_learning_rate(value, name: str = "learning_rate"):
    """A learning rate is a finite number > 0 (element-wise for arrays)."""
    return check_positive(name, value)


def check_momentum(value, name: str = "momentum"):
    """A momentum coefficient γ is a finite number in [0, 1] (element-wise for arrays)."""
    value = as_real(name, value)
    if isinstance(value, float) and 0 <= value <= 1:
        return value
    array = np.asarray(value)
    return _check_range(name, value, ~np.isfinite(array) | (array < 0) | (array > 1), "finite and in [0, 1]")


def check_positive_int(name: str, value, *, minimum: int = 1) -> int:
    """A count such as ``steps``: an integer ≥ ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def schedule_takes_step(name: str, fn) -> bool:
    """Whether a schedule is called as ``fn(t)`` (True) or ``fn()`` (False, as Keras allows)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # some builtins have no signature: call them with t
        return True
    try:
        signature.bind(0)
        return True
    except TypeError:
        pass
    try:
        signature.bind()
        return False
    except TypeError:
        raise TypeError(
            f"{name} must be a number, an array, a schedule t -> value, or a callable with no "
            f"arguments; got a callable with signature {signature}"
        ) from None


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


def broadcast_hyperparameters(theta_shape: tuple[int, ...], optimizer) -> tuple[int, ...]:
    """The shape a run takes when the optimizer's hyperparameter arrays widen θ (a grid).

    Raises ``ValueError`` naming the hyperparameters when their shapes cannot broadcast."""
    named = {n: np.shape(getattr(optimizer, n)) for n in ("learning_rate", "momentum")
             if hasattr(optimizer, n) and not callable(getattr(optimizer, n))}
    try:
        return np.broadcast_shapes(tuple(theta_shape), *named.values())
    except ValueError:
        shapes = ", ".join(f"{n} {s}" for n, s in named.items())
        raise ValueError(
            f"the hyperparameter grid does not broadcast against theta0 {tuple(theta_shape)}: "
            f"{shapes}; allowed: shapes that broadcast together (see sweep.grid)"
        ) from None


def as_parameter_array(name: str, value) -> np.ndarray:
    """θ or a gradient: a real-valued array (a Python number becomes a 0-d float array)."""
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, OverflowError) as error:
        raise TypeError(f"{name} must be an array of real numbers, got {describe(value)} ({error})") from None
    if array.dtype.kind in "iub":
        array = array.astype(np.float64)
    if array.dtype.kind != "f":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    return array


def check_float_dtype(name: str, dtype) -> np.dtype:
    """A floating-point dtype (float16, float32, float64, ...), or ``TypeError``."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be a floating-point dtype such as float32, got {describe(dtype)}") from None
    if result.kind != "f":
        raise TypeError(
            f"{name} must be a floating-point dtype such as float32 or float64, got {result} "
            "(an integer dtype would truncate theta0 before the first step)"
        )
    return result


def check_same_shape(theta: np.ndarray, grad: np.ndarray) -> None:
    if grad.shape != theta.shape:
        raise ValueError(
            f"grad has shape {grad.shape} but theta has shape {theta.shape}; "
            "the shapes must be equal"
        )
