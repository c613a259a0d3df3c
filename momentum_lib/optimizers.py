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

Arithmetic. Like Keras, every step casts the hyperparameters and the gradient to θ's dtype
first and then computes in that dtype. ``step`` (pure) and ``step_`` (in place) run the same
update core on the same operands, so they agree bit for bit.

References: Polyak (1964); Rumelhart, Hinton & Williams (1986); Sutskever et al. (2013).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from . import _validation as v

Hyperparameter = float | np.ndarray | Callable[[int], float] | Callable[[], float]

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


class _Hyperparameter:
    """One hyperparameter: a number, a broadcasting array, or a schedule.

    A schedule is a callable ``t -> value`` or, as Keras also accepts, a callable with no
    arguments; its value is checked every step. ``at`` returns the value for step ``t`` cast to
    θ's dtype, as Keras casts it. Nothing is cached across steps: editing an array in place
    (``opt.learning_rate *= 0.1``), a schedule that refills one array, or a θ of another dtype
    takes effect at the next step.
    """

    def __init__(self, name: str, value, check):
        self.name, self.check = name, check
        self.takes_step = None
        if callable(value):
            self.takes_step = v.schedule_takes_step(name, value)
            self.value = value
        else:
            self.value = check(value, name)
        self._buffer = None

    def raw(self, count):
        """The value at step ``count``, checked, before any cast."""
        if self.takes_step is None:
            return self.value
        t = int(count)
        current = self.value(t) if self.takes_step else self.value()
        return self.check(current, f"{self.name}({t})")

    def at(self, count, shape, dtype, keep: bool = False):
        """The value for step ``count`` in θ's dtype: a scalar, or an array of θ's full shape.

        An array is written out to θ's full shape because numpy's ufuncs allocate a temporary
        for a broadcast operand; the copy is refreshed every step. With ``keep`` (``step_``) it
        goes into a buffer kept between calls, so nothing is allocated after the first."""
        value = self.raw(count)
        v.check_broadcasts(self.name, value, shape)
        if np.ndim(value) == 0:
            return dtype.type(value)
        if value.shape == shape and value.dtype == dtype:
            return value
        if not keep:
            return np.broadcast_to(value, shape).astype(dtype)
        buffer = self._buffer
        if buffer is None or buffer.shape != shape or buffer.dtype != dtype:
            buffer = self._buffer = np.empty(shape, dtype=dtype)
        np.copyto(buffer, value, casting="unsafe")
        return buffer


class _Optimizer:
    """What gradient descent and momentum share: state checks, hyperparameters, and the two
    ways of taking a step around one update core (``_core``), written with ``out=`` so that
    every temporary lives in scratch rows shaped like θ (or like one block of it)."""

    _state_type: type
    _scratch_rows: int

    def __init__(self):
        self._scratch: np.ndarray | None = None

    # -- hyperparameters as attributes, validated whenever they are set -----------------------
    def _set(self, name, value, check):
        self.__dict__["_" + name] = _Hyperparameter(name, value, check)

    def _hyper(self, name) -> _Hyperparameter:
        return self.__dict__["_" + name]

    @property
    def learning_rate(self):
        return self._hyper("learning_rate").value

    @learning_rate.setter
    def learning_rate(self, value):
        self._set("learning_rate", value, v.check_learning_rate)

    def _hyperparameter_names(self) -> tuple[str, ...]:
        return ("learning_rate",)

    # -- state ----------------------------------------------------------------------------
    def _check_state(self, state):
        if not isinstance(state, self._state_type):
            raise TypeError(
                f"state must be the {self._state_type.__name__} returned by "
                f"{type(self).__name__}.init(theta), got {v.describe(state)}"
            )
        count = state.count
        if not (isinstance(count, np.ndarray) and count.ndim == 0 and count.dtype.kind in "iu"):
            raise TypeError(f"state.count must be a 0-d integer array, got {v.describe(count)}")

    def _moments(self, state):
        return ()

    def _check_hyperparameters(self, shape) -> None:
        for name in self._hyperparameter_names():
            h = self._hyper(name)
            if h.takes_step is None:
                v.check_broadcasts(name, h.value, shape)

    def _values(self, state, shape, dtype, keep=False):
        return tuple(self._hyper(n).at(state.count, shape, dtype, keep) for n in self._hyperparameter_names())

    # -- the two ways of taking a step ----------------------------------------------------
    def step(self, theta, grad, state):
        """One pure step: returns ``(theta, state)`` as new arrays; the inputs are left alone."""
        theta = v.as_parameter_array("theta", theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        self._check_state(state)
        moments = self._moments(state)
        for name, m in moments:
            if m.shape != theta.shape:
                raise ValueError(f"{name} has shape {m.shape} but theta has shape {theta.shape}")
        dtype = theta.dtype
        values = self._values(state, theta.shape, dtype)
        new_theta = theta.astype(dtype, copy=True)
        new_moments = [m.astype(dtype, copy=True) for _, m in moments]
        scratch = np.empty((self._scratch_rows, *theta.shape), dtype=dtype)
        self._core(new_theta, grad.astype(dtype, copy=False), *new_moments, *values, scratch)
        return new_theta, self._state_type(*new_moments, np.asarray(state.count + 1))

    def step_(self, theta: np.ndarray, grad, state):
        """One step in place: θ (and the state's arrays) are overwritten; nothing is allocated
        after the first call (the scratch is kept). Returns ``state`` with ``count`` advanced."""
        _check_writable("theta", theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        self._check_state(state)
        if not state.count.flags.writeable:
            raise ValueError("state.count must be writeable for the in-place step_")
        moments = self._moments(state)
        for name, m in moments:
            if not isinstance(m, np.ndarray) or m.shape != theta.shape or m.dtype != theta.dtype:
                raise ValueError(
                    f"{name} must be an array of theta's shape {theta.shape} and dtype {theta.dtype} "
                    f"for the in-place step_, got {v.describe(m)}"
                )
            _check_writable(name, m)
            if np.may_share_memory(m, theta):
                raise ValueError(f"{name} and theta share memory; step_ needs them separate")
        arrays = [m for _, m in moments]
        # A gradient of another dtype, or one that is θ or m itself (step_(θ, state.m, state)),
        # is copied into a scratch row first, so the update reads the gradient it was given.
        staged = grad.dtype != theta.dtype or any(np.may_share_memory(grad, a) for a in [theta, *arrays])
        values = self._values(state, theta.shape, theta.dtype, keep=True)
        rows = self._scratch_rows + staged
        contiguous = all(a.flags.c_contiguous for a in [theta, grad, *arrays])
        if contiguous and all(np.ndim(x) == 0 for x in values):
            scratch = self._scratch_for(rows, min(theta.size, BLOCK), theta.dtype)
            flat = [a.reshape(-1) for a in (theta, grad, *arrays)]
            for start in range(0, theta.size, BLOCK):
                stop = min(start + BLOCK, theta.size)
                block = [a[start:stop] for a in flat]
                self._staged_core(block, values, scratch[:, : stop - start], staged)
        else:
            scratch = self._scratch_for(rows, theta.shape, theta.dtype)
            self._staged_core([theta, grad, *arrays], values, scratch, staged)
        state.count[...] += 1
        return state

    def _staged_core(self, arrays, values, scratch, staged):
        theta, g, *moments = arrays
        if staged:
            np.copyto(scratch[-1], g, casting="same_kind")
            g = scratch[-1]
        self._core(theta, g, *moments, *values, scratch)

    def _scratch_for(self, rows, shape, dtype) -> np.ndarray:
        """``rows`` rows of scratch shaped like θ (or like one block), kept between calls."""
        shape = (rows,) + (shape if isinstance(shape, tuple) else (shape,))
        size = math.prod(shape)
        s = self._scratch
        if s is None or s.dtype != dtype or s.size < size:
            s = self._scratch = np.empty(size, dtype=dtype)
        return s[:size].reshape(shape)

    def _core(self, theta, g, *rest):
        raise NotImplementedError


class GradientDescent(_Optimizer):
    r"""Plain gradient descent: :math:`\theta_{t+1} = \theta_t - \eta \nabla_\theta J(\theta_t)`.

    Args:
        learning_rate: η > 0; a number, an array that broadcasts against θ, or a schedule
            ``t -> η_t`` (or a callable with no arguments).
    """

    _state_type = GradientDescentState
    _scratch_rows = 1

    def __init__(self, learning_rate: Hyperparameter = 0.01):
        super().__init__()
        self.learning_rate = learning_rate

    def __repr__(self) -> str:
        return f"GradientDescent(learning_rate={self.learning_rate!r})"

    def init(self, theta) -> GradientDescentState:
        theta = v.as_parameter_array("theta", theta)
        self._check_hyperparameters(theta.shape)
        return GradientDescentState(count=np.zeros((), dtype=np.int64))

    def _core(self, theta, g, lr, s) -> None:
        """θ ← θ − η g: bit for bit what ``Momentum(momentum=0)`` computes."""
        np.multiply(g, lr, out=s[0])
        np.subtract(theta, s[0], out=theta)


class Momentum(_Optimizer):
    r"""Momentum (heavy-ball) gradient descent, Keras convention by default.

    .. math::

        m_{t+1} = \gamma m_t - \eta \nabla_\theta J(\theta_t), \quad
        \theta_{t+1} = \theta_t + m_{t+1}, \quad m_0 = 0.

    ``momentum=0`` is plain gradient descent; ``momentum=0.9`` is the usual choice, and under a
    constant gradient it makes the step :math:`1/(1-\gamma) = 10` times larger
    (see :func:`momentum_lib.theory.terminal_momentum`).

    Args:
        learning_rate: η > 0: a number, an array that broadcasts against θ (one optimizer can
            run a whole grid of hyperparameters), or a schedule ``t -> η_t`` (or a callable
            with no arguments, as Keras accepts).
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

    _state_type = MomentumState

    def __init__(
        self,
        learning_rate: Hyperparameter = 0.01,
        momentum: Hyperparameter = 0.9,
        nesterov: bool = False,
        convention: str = "keras",
    ):
        super().__init__()
        self.learning_rate = learning_rate
        self.momentum = momentum
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        if not isinstance(convention, str) or convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
        self.nesterov = bool(nesterov)
        self.convention = convention

    @property
    def _scratch_rows(self) -> int:
        return 2 if self.nesterov and self.convention == "keras" else 1

    @property
    def momentum(self):
        return self._hyper("momentum").value

    @momentum.setter
    def momentum(self, value):
        self._set("momentum", value, v.check_momentum)

    def _hyperparameter_names(self):
        return ("learning_rate", "momentum")

    def _moments(self, state):
        return (("state.m", state.m),)

    def __repr__(self) -> str:
        extra = "".join(
            [", nesterov=True" if self.nesterov else "",
             f", convention={self.convention!r}" if self.convention != "keras" else ""]
        )
        return f"Momentum(learning_rate={self.learning_rate!r}, momentum={self.momentum!r}{extra})"

    def init(self, theta) -> MomentumState:
        """State for θ: ``m`` is zeros of θ's shape and dtype (:math:`m_0 = 0`), ``count`` is 0."""
        theta = v.as_parameter_array("theta", theta)
        self._check_hyperparameters(theta.shape)
        return MomentumState(m=np.zeros_like(theta), count=np.zeros((), dtype=np.int64))

    def _core(self, theta, g, m, lr, mom, s) -> None:
        """The update in Keras' order of operations (``m*γ − g*η``), every operand in θ's dtype."""
        if self.convention == "keras":
            np.multiply(g, lr, out=s[0])
            np.multiply(m, mom, out=m)
            np.subtract(m, s[0], out=m)
            if self.nesterov:
                np.multiply(m, mom, out=s[1])
                np.subtract(s[1], s[0], out=s[1])
                np.add(theta, s[1], out=theta)
            else:
                np.add(theta, m, out=theta)
        else:
            np.multiply(m, mom, out=m)
            np.add(m, g, out=m)
            if self.nesterov:
                np.multiply(m, mom, out=s[0])
                np.add(g, s[0], out=s[0])
                np.multiply(s[0], lr, out=s[0])
            else:
                np.multiply(m, lr, out=s[0])
            np.subtract(theta, s[0], out=theta)


def _check_writable(name: str, array) -> None:
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{name} must be a numpy array for the in-place step_, got {v.describe(array)}")
    if array.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point array for step_, got dtype {array.dtype}")
    if not array.flags.writeable:
        raise ValueError(f"{name} is read-only; step_ writes it in place (pass a writeable copy)")
