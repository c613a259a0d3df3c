"""One Momentum over a (learning_rate, momentum) grid against a Python loop over configurations.

Target: a 200 × 200 grid, 500 steps on a 2-D quadratic, in under 2 s here, and at least 50×
faster per configuration than looping over the configurations one optimizer at a time.
Also: how the time grows with the grid size and the number of steps (it should be linear).
"""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _timing import best_times

import momentum_lib as ml
from momentum_lib import sweep

Q = ml.Quadratic.ravine(50)
START = np.array([-4.0, 1.0])


def grid_run(n: int, steps: int) -> np.ndarray:
    lr, mom = sweep.grid(np.linspace(0.001, 0.06, n), np.linspace(0.0, 0.99, n))
    return sweep.measured_rate(ml.Momentum(lr, mom), Q, START, steps=steps)


def loop_run(configs, steps: int) -> list:
    return [sweep.measured_rate(ml.Momentum(a, b), Q, START, steps=steps) for a, b in configs]


def main() -> None:
    n, steps = 200, 500
    rng = np.random.default_rng(0)
    sample = list(zip(rng.uniform(0.001, 0.06, 100), rng.uniform(0.0, 0.99, 100), strict=True))
    t = best_times({"grid": lambda: grid_run(n, steps), "loop": lambda: loop_run(sample, steps)}, repeats=3)
    per_grid = t["grid"] / n**2
    per_loop = t["loop"] / len(sample)
    print(f"bench/sweep.py: measured convergence rate, {steps} steps on a 2-D quadratic (κ = 50)")
    print(f"grid {n}×{n} in one Momentum: {t['grid']:.2f} s (target < 2 s: {'met' if t['grid'] < 2 else 'NOT met'})")
    print(f"per configuration: grid {per_grid * 1e6:.1f} µs, Python loop {per_loop * 1e6:.0f} µs "
          f"→ {per_loop / per_grid:.0f}× (target >= 50×: {'met' if per_loop / per_grid >= 50 else 'NOT met'})")

    print("\nscaling (best of 3; ratio to the first row of its block)")
    print(f"{'grid':>10}{'steps':>8}{'s':>9}{'ratio':>8}{'work ratio':>12}")
    base = None
    for size in (50, 100, 200, 400):
        secs = best_times({"g": lambda size=size: grid_run(size, steps)}, repeats=3)["g"]
        base = base or (secs, size**2)
        print(f"{f'{size}×{size}':>10}{steps:>8}{secs:9.3f}{secs / base[0]:8.1f}{size**2 / base[1]:12.1f}")
    base = None
    for s in (250, 500, 1000, 2000):
        secs = best_times({"g": lambda s=s: grid_run(n, s)}, repeats=3)["g"]
        base = base or (secs, s)
        print(f"{f'{n}×{n}':>10}{s:>8}{secs:9.3f}{secs / base[0]:8.1f}{s / base[1]:12.1f}")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\n(total {time.perf_counter() - start:.0f} s)")
