r"""Gradient descent and momentum, in the Keras convention, with explicit state.

The update rule of the book (and of ``tf.keras.optimizers.SGD``):

.. math::

    m_{t+1} = \gamma\, m_t - \eta\, \nabla_\theta J(\theta_t), \qquad
    \theta_{t+1} = \theta_t + m_{t+1}, \qquad m_0 = 0,

and with ``nesterov=True`` (Keras' form of Nesterov's look-ahead)
:math:`\theta_{t+1} = \theta_t + \gamma m_{t+1} - \eta \nabla_\theta J(\theta_t)`.

In Python, three lines, with Keras' names::

    m = momentum * m - learning_rate * g
    theta = theta + m                                      # nesterov=False
    theta = theta + momentum * m - learning_rate * g       # nesterov=True

Convention note. PyTorch and optax keep a buffer :math:`v` of summed gradients and put the
learning rate outside it: :math:`v \leftarrow \gamma v + g`, :math:`\theta \leftarrow \theta - \eta v`.
For a constant learning rate the two give the same θ at every step, with :math:`m = -\eta v`.
Once the learning rate changes they differ: Keras' ``m`` remembers the old rate, PyTorch's
``v`` is rescaled by the new one at once. ``convention="pytorch"`` selects that form.

References: Polyak (1964); Rumelhart, Hinton & Williams (1986); Sutskever et al. (2013).
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple, Union

import numpy as np

from . import _validation as v

Hyperparameter = Union[float, np.ndarray, Callable[[int], float]]

#: Elements per block in ``step_``: three float32 blocks of this size stay in a 1 MiB L2 cache,
#: so the temporaries of the update never travel to main memory.
BLOCK = 1 << 15

CONVENTIONS = ("keras", "pytorch")


class MomentumState(NamedTuple):
    """Everything the optimizer remembers between steps.

    Attributes:
        m: the momentum (Keras convention: the last step taken, before the look-ahead;
            PyTorch convention: the running sum of gradients ``v``). Same shape and dtype as θ.
        count: how many steps were taken, a 0-d integer array (advanced in place by ``step_``),
            the ``t`` passed to learning-rate schedules.
    """

    m: np.ndarray
    count: np.ndarray


class GradientDescentState(NamedTuple):
    """Plain gradient descent remembers only how many steps it took (for schedules)."""

    count: np.ndarray


def _check_hyperparameter(name, value, check):
    if callable(value):
        return value
    return check(value, name)


def _resolve(name, value, count, check):
    """The value of a hyperparameter at step ``count`` (a schedule is called and checked)."""
    if not callable(value):
        return value
    current = value(int(count))
    if isinstance(current, float) and name == "learning_rate" and math.isfinite(current) and current > 0:
        return current
    return check(current, f"{name}({int(count)})")


class GradientDescent:
    r"""Plain gradient descent: :math:`\theta_{t+1} = \theta_t - \eta \nabla_\theta J(\theta_t)`.

    Args:
        learning_rate: η > 0; a number, an array that broadcasts against θ, or a schedule
            ``t -> η_t``.
    """

    def __init__(self, learning_rate: Hyperparameter = 0.01):
        self.learning_rate = _check_hyperparameter("learning_rate", learning_rate, v.check_learning_rate)

    def __repr__(self) -> str:
        return f"GradientDescent(learning_rate={self.learning_rate!r})"

    def init(self, theta) -> GradientDescentState:
        theta = v.as_parameter_array("theta", theta)
        v.check_broadcasts("learning_rate", self.learning_rate if not callable(self.learning_rate) else 1.0, theta.shape)
        return GradientDescentState(count=np.zeros((), dtype=np.int64))

    def step(self, theta, grad, state: GradientDescentState):
        """One pure step: returns ``(theta, state)`` and changes nothing it was given."""
        theta = v.as_parameter_array("theta", theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        lr = _resolve("learning_rate", self.learning_rate, state.count, v.check_learning_rate)
        v.check_broadcasts("learning_rate", lr, theta.shape)
        new_theta = (theta - lr * grad).astype(theta.dtype, copy=False)
        return new_theta, GradientDescentState(count=state.count + 1)

    def step_(self, theta: np.ndarray, grad, state: GradientDescentState) -> GradientDescentState:
        """One step in place: θ is overwritten; returns the same state, its count advanced."""
        _check_writable(theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        lr = _resolve("learning_rate", self.learning_rate, state.count, v.check_learning_rate)
        v.check_broadcasts("learning_rate", lr, theta.shape)
        theta -= lr * grad
        state.count[...] += 1
        return state


class Momentum:
    r"""Momentum (heavy-ball) gradient descent, Keras convention by default.

    .. math::

        m_{t+1} = \gamma m_t - \eta \nabla_\theta J(\theta_t), \quad
        \theta_{t+1} = \theta_t + m_{t+1}, \quad m_0 = 0.

    ``momentum=0`` is plain gradient descent; ``momentum=0.9`` is the usual choice, and under a
    constant gradient it makes the step :math:`1/(1-\gamma) = 10` times larger
    (see :func:`momentum_lib.theory.terminal_momentum`).

    Args:
        learning_rate: η > 0: a number, an array that broadcasts against θ (one optimizer can
            run a whole grid of hyperparameters), or a schedule ``t -> η_t``.
        momentum: γ in [0, 1]: a number, a broadcasting array, or a schedule ``t -> γ_t``.
        nesterov: use the look-ahead form
            :math:`\theta_{t+1} = \theta_t + \gamma m_{t+1} - \eta \nabla_\theta J(\theta_t)`.
        convention: ``"keras"`` (default) or ``"pytorch"`` (:math:`v \leftarrow \gamma v + g`,
            :math:`\theta \leftarrow \theta - \eta v`; with Nesterov
            :math:`\theta \leftarrow \theta - \eta (g + \gamma v)`).

    Example:
        >>> import numpy as np
        >>> opt = Momentum(learning_rate=0.1, momentum=0.9)
        >>> theta = np.array([1.0]); state = opt.init(theta)
        >>> for _ in range(3):
        ...     theta, state = opt.step(theta, np.array([1.0]), state)
        >>> print(np.round(theta, 3))
        [0.439]
    """

    def __init__(
        self,
        learning_rate: Hyperparameter = 0.01,
        momentum: Hyperparameter = 0.9,
        nesterov: bool = False,
        convention: str = "keras",
    ):
        self.learning_rate = _check_hyperparameter("learning_rate", learning_rate, v.check_learning_rate)
        self.momentum = _check_hyperparameter("momentum", momentum, v.check_momentum)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        if convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
        self.nesterov = bool(nesterov)
        self.convention = convention
        self._scratch: np.ndarray | None = None
        self._full: dict = {}

    def __repr__(self) -> str:
        extra = "".join(
            [", nesterov=True" if self.nesterov else "",
             f", convention={self.convention!r}" if self.convention != "keras" else ""]
        )
        return f"Momentum(learning_rate={self.learning_rate!r}, momentum={self.momentum!r}{extra})"

    def init(self, theta) -> MomentumState:
        """State for θ: ``m`` is zeros of θ's shape and dtype (:math:`m_0 = 0`), ``count`` is 0."""
        theta = v.as_parameter_array("theta", theta)
        for name in ("learning_rate", "momentum"):
            value = getattr(self, name)
            if not callable(value):
                v.check_broadcasts(name, value, theta.shape)
        return MomentumState(m=np.zeros_like(theta), count=np.zeros((), dtype=np.int64))

    def _hyperparameters(self, state, shape):
        lr = _resolve("learning_rate", self.learning_rate, state.count, v.check_learning_rate)
        mom = _resolve("momentum", self.momentum, state.count, v.check_momentum)
        v.check_broadcasts("learning_rate", lr, shape)
        v.check_broadcasts("momentum", mom, shape)
        return lr, mom

    def step(self, theta, grad, state: MomentumState):
        """One pure step: returns ``(theta, state)`` as new arrays; the inputs are left alone."""
        theta = v.as_parameter_array("theta", theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        if state.m.shape != theta.shape:
            raise ValueError(f"state.m has shape {state.m.shape} but theta has shape {theta.shape}")
        lr, mom = self._hyperparameters(state, theta.shape)
        dtype = theta.dtype
        if self.convention == "keras":
            scaled_grad = lr * grad
            m = (mom * state.m - scaled_grad).astype(dtype, copy=False)
            update = (mom * m - scaled_grad).astype(dtype, copy=False) if self.nesterov else m
            new_theta = (theta + update).astype(dtype, copy=False)
        else:
            m = (mom * state.m + grad).astype(dtype, copy=False)
            direction = (grad + mom * m).astype(dtype, copy=False) if self.nesterov else m
            new_theta = (theta - lr * direction).astype(dtype, copy=False)
        return new_theta, MomentumState(m=m, count=state.count + 1)

    def step_(self, theta: np.ndarray, grad, state: MomentumState) -> MomentumState:
        """One step in place: θ and ``state.m`` are overwritten, nothing is allocated after the
        first call (the scratch block is kept). Returns ``state`` with ``count`` advanced."""
        _check_writable(theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        m = state.m
        if m.shape != theta.shape:
            raise ValueError(f"state.m has shape {m.shape} but theta has shape {theta.shape}")
        lr, mom = self._hyperparameters(state, theta.shape)
        blocked = (
            np.ndim(lr) == 0 and np.ndim(mom) == 0
            and theta.flags.c_contiguous and grad.flags.c_contiguous and m.flags.c_contiguous
            and theta.dtype == grad.dtype == m.dtype
        )
        if blocked:
            scratch = self._scratch_for(min(theta.size, BLOCK), theta.dtype)
            th, g, mm = theta.reshape(-1), grad.reshape(-1), m.reshape(-1)
            for start in range(0, th.size, BLOCK):
                stop = min(start + BLOCK, th.size)
                self._update(th[start:stop], g[start:stop], mm[start:stop], scratch[:, : stop - start], lr, mom)
        else:
            scratch = self._scratch_for(theta.shape, theta.dtype)
            lr, mom = self._expanded("learning_rate", lr, theta), self._expanded("momentum", mom, theta)
            self._update(theta, grad, m, scratch, lr, mom)
        state.count[...] += 1
        return state

    def _expanded(self, name, value, theta):
        """A hyperparameter array broadcast to θ's full shape, copied once and kept: numpy's
        ufuncs allocate a temporary when an operand is broadcast, the full copy avoids it."""
        if np.ndim(value) == 0 or np.shape(value) == theta.shape:
            return value
        cached = self._full.get(name)
        if cached is None or cached[0] is not value or cached[1].shape != theta.shape:
            full = np.array(np.broadcast_to(value, theta.shape), dtype=theta.dtype, order="C")
            cached = self._full[name] = (value, full)
        return cached[1]

    def _scratch_for(self, shape, dtype) -> np.ndarray:
        """Rows of scratch shaped like θ (or like one block), kept between calls."""
        shape = (2 if self.nesterov else 1,) + (shape if isinstance(shape, tuple) else (shape,))
        size = math.prod(shape)
        s = self._scratch
        if s is None or s.dtype != dtype or s.size < size:
            s = self._scratch = np.empty(size, dtype=dtype)
        return s[:size].reshape(shape)

    def _update(self, theta, g, m, s, lr, mom) -> None:
        """The update written with ``out=`` so every temporary lives in the scratch ``s``
        (two rows for Nesterov). The order of operations is the pure ``step``'s, so both
        round alike."""
        if self.convention == "keras":
            np.multiply(g, lr, out=s[0], casting="same_kind")
            np.multiply(m, mom, out=m, casting="same_kind")
            np.subtract(m, s[0], out=m)
            if self.nesterov:
                np.multiply(m, mom, out=s[1], casting="same_kind")
                np.subtract(s[1], s[0], out=s[1])
                np.add(theta, s[1], out=theta)
            else:
                np.add(theta, m, out=theta)
        else:
            np.multiply(m, mom, out=m, casting="same_kind")
            np.add(m, g, out=m)
            if self.nesterov:
                np.multiply(m, mom, out=s[0], casting="same_kind")
                np.add(g, s[0], out=s[0])
                np.multiply(s[0], lr, out=s[0], casting="same_kind")
            else:
                np.multiply(m, lr, out=s[0], casting="same_kind")
            np.subtract(theta, s[0], out=theta)


def _check_writable(theta) -> None:
    if not isinstance(theta, np.ndarray):
        raise TypeError(f"theta must be a numpy array for the in-place step_, got {type(theta).__name__}")
    if theta.dtype.kind != "f":
        raise TypeError(f"theta must be a floating-point array for step_, got dtype {theta.dtype}")
    if not theta.flags.writeable:
        raise ValueError("theta must be writeable for the in-place step_")
