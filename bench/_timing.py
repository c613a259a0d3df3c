"""Timing helpers for the benchmarks: best-of-N wall times, interleaved so that the machine's
noise hits every contender alike; only ratios measured in one run are compared."""

import time


def best_times(contenders: dict, repeats: int = 15) -> dict:
    """The best of ``repeats`` wall times (seconds) of each zero-argument callable, round-robin."""
    best = {name: float("inf") for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best
