"""momentum_lib: the companion package of the Momentum book.

The update rule (Keras convention)::

    m = momentum * m - learning_rate * grad      # m_0 = 0
    theta = theta + m

Modules, one idea each: ``optimizers`` (GradientDescent, Momentum), ``objectives``,
``run`` (trajectories with divergence flags), ``sweep`` (vectorized grids), ``theory``
(closed forms), ``plotting`` (figures; imports matplotlib) and ``keras_bridge`` (imports
TensorFlow lazily). Importing this package imports numpy only.
"""

from . import objectives, sweep, theory
from .objectives import DoubleWell, Flat, Plateau, Quadratic, Rosenbrock, Saddle
from .optimizers import Adam, AdamState, GradientDescent, GradientDescentState, Momentum, MomentumState
from .run import DivergenceError, Trajectory, run

__version__ = "0.1.0"

__all__ = [
    "Adam",
    "AdamState",
    "DivergenceError",
    "DoubleWell",
    "Flat",
    "GradientDescent",
    "GradientDescentState",
    "Momentum",
    "MomentumState",
    "Plateau",
    "Quadratic",
    "Rosenbrock",
    "Saddle",
    "Trajectory",
    "objectives",
    "run",
    "sweep",
    "theory",
]
