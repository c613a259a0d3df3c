"""Momentum.step_ on 10 million float32 parameters against the memory-traffic floor and Keras.

A momentum step must read θ, m and g and write θ and m: five array transfers, against two for
``np.copyto``. So the floor is 2.5 × the copy time measured in the same run.
Targets: step_ within 1.3× of the floor, at least 3× faster than Keras' SGD, and no
allocation per call after the first.
"""

import os
import sys
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _timing import best_times

import momentum_lib as ml
from momentum_lib import optimizers

N = 10_000_000


def main() -> None:
    rng = np.random.default_rng(0)
    theta = rng.standard_normal(N, dtype=np.float32)
    grad = rng.standard_normal(N, dtype=np.float32)
    scratch = np.empty_like(theta)
    opt = ml.Momentum(0.01, 0.9)
    state = opt.init(theta)
    opt.step_(theta, grad, state)
    nesterov = ml.Momentum(0.01, 0.9, nesterov=True)
    n_state = nesterov.init(theta)
    pure_state = opt.init(theta)

    from momentum_lib.keras_bridge import import_tensorflow
    tf = import_tensorflow()
    var = tf.Variable(theta)
    keras_opt = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    keras_opt.build([var])
    grad_tf = tf.constant(grad)
    keras_opt.apply_gradients([(grad_tf, var)])

    t = best_times({
        "copyto": lambda: np.copyto(scratch, theta),
        "step_": lambda: opt.step_(theta, grad, state),
        "step_ nesterov": lambda: nesterov.step_(theta, grad, n_state),
        "step (pure)": lambda: opt.step(theta, grad, pure_state),
        "keras": lambda: keras_opt.apply_gradients([(grad_tf, var)]),
    })
    floor = 2.5 * t["copyto"]

    tracemalloc.start()
    tracemalloc.reset_peak()
    for _ in range(3):
        opt.step_(theta, grad, state)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    print(f"bench/step.py: {N:,} float32 parameters, block {optimizers.BLOCK} elements, best of 15")
    print(f"{'':24}{'ms':>8}{'× floor':>10}")
    print(f"{'floor (2.5 × copyto)':24}{floor * 1e3:8.2f}{1.0:10.2f}")
    for name in ("step_", "step_ nesterov", "step (pure)", "keras"):
        print(f"{name:24}{t[name] * 1e3:8.2f}{t[name] / floor:10.2f}")
    ratio_floor = t["step_"] / floor
    ratio_keras = t["keras"] / t["step_"]
    print(f"step_ / floor        = {ratio_floor:.2f}  (target <= 1.3: {'met' if ratio_floor <= 1.3 else 'NOT met'})")
    print(f"keras / step_        = {ratio_keras:.2f}  (target >= 3: {'met' if ratio_keras >= 3 else 'NOT met'})")
    print(f"step_ peak allocation after the first call: {peak} bytes "
          f"(target: none of the {N * 4 // 2**20} MiB arrays: {'met' if peak < 65536 else 'NOT met'})")


if __name__ == "__main__":
    main()
