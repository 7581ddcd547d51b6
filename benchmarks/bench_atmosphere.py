"""Micro-benchmark: evaluations per second of the njit scalar ``us76`` from an njit loop."""

import time

import numpy as np
from numba import njit

from baiterek.earth.atmosphere import us76


@njit(cache=True)
def _loop(z):
    acc = 0.0
    for i in range(z.size):
        t, p, rho, a = us76(z[i])
        acc += t + p + rho + a
    return acc


def main() -> None:
    rng = np.random.default_rng(0)
    for label, lo, hi in (
        ("0-86 km", 0.0, 86e3),
        ("86-1000 km", 86e3, 1e6),
        ("0-1000 km", 0.0, 1e6),
    ):
        z = rng.uniform(lo, hi, 2_000_000)
        _loop(z[:10])
        best = np.inf
        for _ in range(5):
            t0 = time.perf_counter()
            _loop(z)
            best = min(best, time.perf_counter() - t0)
        print(
            f"us76 {label:>11}: {z.size / best / 1e6:6.1f} M evaluations/s ({best / z.size * 1e9:.1f} ns each)"
        )


if __name__ == "__main__":
    main()
