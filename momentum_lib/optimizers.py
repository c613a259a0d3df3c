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
    """What every optimizer here shares: state checks, hyperparameters, and the two ways of
    taking a step around one update core (``_core``), written with ``out=`` so that every
    temporary lives in scratch rows shaped like θ (or like one block of it).

    ``_core(theta, g, moments, hp, s)`` gets θ, the gradient in θ's dtype, the state's arrays,
    the hyperparameters for this step in θ's dtype (``hp``, a dict; ``hp["t"]`` is the step
    count before the step) and the scratch rows ``s``."""

    _state_type: type
    _scratch_rows: int = 1
    #: Hyperparameters that may be arrays or schedules (others are plain numbers).
    _varying: tuple[str, ...] = ("learning_rate",)

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

    def _constants(self, dtype) -> dict:
        """Plain-number hyperparameters of this step, cast to θ's dtype."""
        return {}

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

    def _moments(self, state) -> list[tuple[str, np.ndarray]]:
        """The state's arrays, with the names errors use (``state.m``, ...)."""
        return [(f"state.{name}", getattr(state, name)) for name in self._state_type._fields[:-1]]

    def init(self, theta):
        """State for θ: every array of the state is zeros of θ's shape and dtype (:math:`m_0 = 0`),
        ``count`` is 0."""
        theta = v.as_parameter_array("theta", theta)
        for name in self._varying:
            h = self._hyper(name)
            if h.takes_step is None:
                v.check_broadcasts(name, h.value, theta.shape)
        arrays = [np.zeros_like(theta) for _ in self._state_type._fields[:-1]]
        return self._state_type(*arrays, np.zeros((), dtype=np.int64))

    def _hyperparameters(self, state, shape, dtype, keep=False) -> dict:
        hp = {n: self._hyper(n).at(state.count, shape, dtype, keep) for n in self._varying}
        hp.update(self._constants(dtype))
        hp["t"] = int(state.count)
        return hp

    # -- the two ways of taking a step ----------------------------------------------------
    def step(self, theta, grad, state):
        """One pure step: returns ``(theta, state)`` as new arrays; the inputs are left alone."""
        theta = v.as_parameter_array("theta", theta)
        grad = v.as_parameter_array("grad", grad)
        v.check_same_shape(theta, grad)
        self._check_state(state)
        moments = self._moments(state)
        for name, m in moments:
            if not isinstance(m, np.ndarray) or m.shape != theta.shape:
                raise ValueError(f"{name} must be an array of theta's shape {theta.shape}, got {v.describe(m)}")
        dtype = theta.dtype
        hp = self._hyperparameters(state, theta.shape, dtype)
        new_theta = theta.astype(dtype, copy=True)
        new_moments = [m.astype(dtype, copy=True) for _, m in moments]
        scratch = np.empty((self._scratch_rows, *theta.shape), dtype=dtype)
        self._core(new_theta, grad.astype(dtype, copy=False), new_moments, hp, scratch)
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
        hp = self._hyperparameters(state, theta.shape, theta.dtype, keep=True)
        rows = self._scratch_rows + staged
        contiguous = all(a.flags.c_contiguous for a in [theta, grad, *arrays])
        if contiguous and all(np.ndim(x) == 0 for x in hp.values()):
            scratch = self._scratch_for(rows, min(theta.size, BLOCK), theta.dtype)
            flat = [a.reshape(-1) for a in (theta, grad, *arrays)]
            for start in range(0, theta.size, BLOCK):
                stop = min(start + BLOCK, theta.size)
                self._staged_core([a[start:stop] for a in flat], hp, scratch[:, : stop - start], staged)
        else:
            scratch = self._scratch_for(rows, theta.shape, theta.dtype)
            self._staged_core([theta, grad, *arrays], hp, scratch, staged)
        state.count[...] += 1
        return state

    def _staged_core(self, arrays, hp, scratch, staged):
        theta, g, *moments = arrays
        if staged:
            np.copyto(scratch[-1], g, casting="same_kind")
            g = scratch[-1]
        self._core(theta, g, moments, hp, scratch)

    def _scratch_for(self, rows, shape, dtype) -> np.ndarray:
        """``rows`` rows of scratch shaped like θ (or like one block), kept between calls."""
        shape = (rows,) + (shape if isinstance(shape, tuple) else (shape,))
        size = math.prod(shape)
        s = self._scratch
        if s is None or s.dtype != dtype or s.size < size:
            s = self._scratch = np.empty(size, dtype=dtype)
        return s[:size].reshape(shape)

    def _core(self, theta, g, moments, hp, s) -> None:
        raise NotImplementedError


def _decoupled_decay(theta, hp, s) -> None:
    """Keras' weight decay, outside the update: θ ← θ − θ·wd·η (before the step, as
    ``keras.optimizers.Optimizer._apply_weight_decay`` does)."""
    wd = hp["weight_decay"]
    if wd != 0:
        np.multiply(theta, wd, out=s[0])
        np.multiply(s[0], hp["learning_rate"], out=s[0])
        np.subtract(theta, s[0], out=theta)


class GradientDescent(_Optimizer):
    r"""Plain gradient descent: :math:`\theta_{t+1} = \theta_t - \eta \nabla_\theta J(\theta_t)`.

    Args:
        learning_rate: η > 0; a number, an array that broadcasts against θ, or a schedule
            ``t -> η_t`` (or a callable with no arguments).
    """

    _state_type = GradientDescentState

    def __init__(self, learning_rate: Hyperparameter = 0.01):
        super().__init__()
        self.learning_rate = learning_rate

    def __repr__(self) -> str:
        return f"GradientDescent(learning_rate={self.learning_rate!r})"

    def _core(self, theta, g, moments, hp, s) -> None:
        """θ ← θ − η g: bit for bit what ``Momentum(momentum=0)`` computes."""
        np.multiply(g, hp["learning_rate"], out=s[0])
        np.subtract(theta, s[0], out=theta)


class Momentum(_Optimizer):
    r"""Momentum (heavy-ball) gradient descent, Keras convention by default.

    .. math::

        m_{t+1} = \gamma m_t - \eta \nabla_\theta J(\theta_t), \quad
        \theta_{t+1} = \theta_t + m_{t+1}, \quad m_0 = 0.

    ``momentum=0`` is plain gradient descent; ``momentum=0.9`` is the usual choice, and under a
    constant gradient it makes the step :math:`1/(1-\gamma) = 10` times larger
    (see :func:`momentum_lib.theory.terminal_momentum`).

    Weight decay λ is applied the way each framework applies it. Keras (``SGD(weight_decay=λ)``)
    decays θ outside the momentum, before the step: :math:`\theta \leftarrow \theta - \eta\lambda
    \theta`. PyTorch (``SGD(weight_decay=λ)``) adds :math:`\lambda\theta` to the gradient, so the
    decay goes through the momentum buffer and, under a steady pull, is about
    :math:`1/(1-\gamma)` times stronger. PyTorch's ``dampening`` d scales the gradient entering
    the buffer: :math:`v \leftarrow \gamma v + (1-d) g`, except at the first step, where
    :math:`v = g`; with d = γ it is an exponential moving average and the effective learning
    rate η/(1 − γ) becomes η.

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
        weight_decay: λ ≥ 0, a number; coupled (PyTorch) or decoupled (Keras) by ``convention``.
        dampening: d in [0, 1], a number; PyTorch's, so only with ``convention="pytorch"`` and
            (as in PyTorch) not with Nesterov.

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
    _varying = ("learning_rate", "momentum")

    def __init__(
        self,
        learning_rate: Hyperparameter = 0.01,
        momentum: Hyperparameter = 0.9,
        nesterov: bool = False,
        convention: str = "keras",
        weight_decay: float = 0.0,
        dampening: float = 0.0,
    ):
        super().__init__()
        self.learning_rate = learning_rate
        self.momentum = momentum
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov must be True or False, got {v.describe(nesterov)}")
        if not isinstance(convention, str) or convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
        self.nesterov = bool(nesterov)
        self.convention = convention
        self.weight_decay = float(v.check_nonnegative("weight_decay", weight_decay))
        self.dampening = float(v.check_momentum(dampening, "dampening"))
        if self.dampening and convention != "pytorch":
            raise ValueError(
                f"dampening is PyTorch's, so it needs convention='pytorch'; got dampening={self.dampening!r} "
                f"with convention={convention!r}"
            )
        if self.dampening and self.nesterov:
            raise ValueError(
                f"Nesterov momentum needs dampening=0 (as in PyTorch), got dampening={self.dampening!r}"
            )

    @property
    def momentum(self):
        return self._hyper("momentum").value

    @momentum.setter
    def momentum(self, value):
        self._set("momentum", value, v.check_momentum)

    @property
    def _scratch_rows(self) -> int:
        keras = self.convention == "keras"
        return 2 if (self.nesterov and keras) or (self.weight_decay and not keras) else 1

    def __repr__(self) -> str:
        extra = "".join(
            [", nesterov=True" if self.nesterov else "",
             f", convention={self.convention!r}" if self.convention != "keras" else "",
             f", weight_decay={self.weight_decay!r}" if self.weight_decay else "",
             f", dampening={self.dampening!r}" if self.dampening else ""]
        )
        return f"Momentum(learning_rate={self.learning_rate!r}, momentum={self.momentum!r}{extra})"

    def _constants(self, dtype) -> dict:
        return {"weight_decay": dtype.type(self.weight_decay), "undamped": dtype.type(1 - self.dampening)}

    def _core(self, theta, g, moments, hp, s) -> None:
        """The update in Keras' order of operations (``m*γ − g*η``), every operand in θ's dtype;
        or PyTorch's, with its weight decay and dampening."""
        (m,) = moments
        lr, mom = hp["learning_rate"], hp["momentum"]
        if self.convention == "keras":
            _decoupled_decay(theta, hp, s)
            np.multiply(g, lr, out=s[0])
            np.multiply(m, mom, out=m)
            np.subtract(m, s[0], out=m)
            if self.nesterov:
                np.multiply(m, mom, out=s[1])
                np.subtract(s[1], s[0], out=s[1])
                np.add(theta, s[1], out=theta)
            else:
                np.add(theta, m, out=theta)
            return
        if hp["weight_decay"] != 0:  # coupled: the decay is part of the gradient
            np.multiply(theta, hp["weight_decay"], out=s[1])
            np.add(g, s[1], out=s[1])
            g = s[1]
        if hp["t"] == 0 and self.dampening:  # PyTorch's first step stores the gradient itself
            np.copyto(m, g)
        else:
            np.multiply(m, mom, out=m)
            if self.dampening:
                np.multiply(g, hp["undamped"], out=s[0])
                np.add(m, s[0], out=m)
            else:
                np.add(m, g, out=m)
        if self.nesterov:
            np.multiply(m, mom, out=s[0])
            np.add(g, s[0], out=s[0])
            np.multiply(s[0], lr, out=s[0])
        else:
            np.multiply(m, lr, out=s[0])
        np.subtract(theta, s[0], out=theta)


class AdamState(NamedTuple):
    """Adam's memory: ``m`` (first moment, an EMA of gradients), ``v`` (second moment, an EMA of
    squared gradients), both shaped like θ, and ``count``."""

    m: np.ndarray
    v: np.ndarray
    count: np.ndarray


class Adam(_Optimizer):
    r"""Adam (Kingma & Ba 2015) in Keras' form: momentum in its averaged form plus a
    per-coordinate scale.

    .. math::

        m_t = m_{t-1} + (1-\beta_1)(g - m_{t-1}), \qquad
        v_t = v_{t-1} + (1-\beta_2)(g^2 - v_{t-1}),

        \theta_t = \theta_{t-1} - \alpha_t \frac{m_t}{\sqrt{v_t} + \epsilon}, \qquad
        \alpha_t = \eta \frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}.

    :math:`1/(1-\beta_1^t)` undoes the start at m = 0, exactly as chapter 03's
    :math:`m_t = m^*(1-\gamma^t)` predicts. ``weight_decay`` is decoupled, as in Keras
    (``Adam(weight_decay=λ)``, which is AdamW): θ ← θ − ηλθ before the step.

    Args:
        learning_rate: η > 0 (Keras' default 0.001): a number, a broadcasting array or a schedule.
        beta_1: β₁ in [0, 1): the momentum coefficient of the averaged form (default 0.9).
        beta_2: β₂ in [0, 1): the second moment's coefficient (default 0.999).
        epsilon: ε > 0 (Keras' default 1e-7).
        weight_decay: λ ≥ 0 (default 0).
    """

    _state_type = AdamState
    _scratch_rows = 2

    def __init__(self, learning_rate: Hyperparameter = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, weight_decay: float = 0.0):
        super().__init__()
        self.learning_rate = learning_rate
        self.beta_1 = float(v.check_fraction_below_one("beta_1", beta_1))
        self.beta_2 = float(v.check_fraction_below_one("beta_2", beta_2))
        self.epsilon = float(v.check_positive_number("epsilon", epsilon))
        self.weight_decay = float(v.check_nonnegative("weight_decay", weight_decay))

    def __repr__(self) -> str:
        return (f"Adam(learning_rate={self.learning_rate!r}, beta_1={self.beta_1!r}, beta_2={self.beta_2!r}, "
                f"epsilon={self.epsilon!r}" + (f", weight_decay={self.weight_decay!r})" if self.weight_decay else ")"))

    def _constants(self, dtype) -> dict:
        return {"beta_1": dtype.type(self.beta_1), "beta_2": dtype.type(self.beta_2),
                "one_minus_beta_1": dtype.type(1 - self.beta_1), "one_minus_beta_2": dtype.type(1 - self.beta_2),
                "epsilon": dtype.type(self.epsilon), "weight_decay": dtype.type(self.weight_decay)}

    def _core(self, theta, g, moments, hp, s) -> None:
        """Keras' ``Adam.update_step``, operation for operation, in θ's dtype."""
        m, v2 = moments
        _decoupled_decay(theta, hp, s)
        step = theta.dtype.type(hp["t"] + 1)
        root, denominator = np.sqrt(1 - np.power(hp["beta_2"], step)), 1 - np.power(hp["beta_1"], step)
        np.subtract(g, m, out=s[0])
        np.multiply(s[0], hp["one_minus_beta_1"], out=s[0])
        np.add(m, s[0], out=m)
        np.square(g, out=s[0])
        np.subtract(s[0], v2, out=s[0])
        np.multiply(s[0], hp["one_minus_beta_2"], out=s[0])
        np.add(v2, s[0], out=v2)
        # α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) in Keras' order, written out to θ's shape (η may be a grid).
        np.multiply(hp["learning_rate"], root, out=s[1])
        np.divide(s[1], denominator, out=s[1])
        np.multiply(m, s[1], out=s[0])
        np.sqrt(v2, out=s[1])
        np.add(s[1], hp["epsilon"], out=s[1])
        np.divide(s[0], s[1], out=s[0])
        np.subtract(theta, s[0], out=theta)


def _check_writable(name: str, array) -> None:
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{name} must be a numpy array for the in-place step_, got {v.describe(array)}")
    if array.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point array for step_, got dtype {array.dtype}")
    if not array.flags.writeable:
        raise ValueError(f"{name} is read-only; step_ writes it in place (pass a writeable copy)")
