"""Curve runs spread over worker processes (spawned), with progress reported in the caller."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from baiterek.errors import InputError
from baiterek.performance._march import solve_run
from baiterek.performance.curve_result import CurvePoint
from baiterek.performance.grid import PointSpec

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called in the calling process as points finish."""


class _Tick:
    """Progress within one process: counts points and calls ``progress(done, total)``."""

    def __init__(self, progress: Progress | None, done: int, total: int):
        self.progress, self.done, self.total = progress, done, total

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def n_workers(workers: int | None, n_points: int) -> int:
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise InputError("workers", workers, ">= 1")
    return max(1, min(int(workers), n_points))


@dataclass(frozen=True, slots=True)
class Run:
    """A contiguous march solved in one process: vehicle, site, points, optional first guess."""

    vehicle_id: str
    site_id: str
    specs: tuple[PointSpec, ...]
    initial_payload_kg: float | None = None


def run_all(
    runs: Sequence[Run], workers: int, progress: Progress | None = None
) -> list[list[CurvePoint]]:
    """Solve runs (in processes when ``workers`` > 1); results in the order of ``runs``."""
    total = sum(len(r.specs) for r in runs)
    if workers <= 1 or len(runs) <= 1:
        tick = _Tick(progress, 0, total)
        return [
            solve_run(r.vehicle_id, r.site_id, r.specs, tick, r.initial_payload_kg) for r in runs
        ]
    return _run_parallel(runs, workers, progress, total)


_QUEUE = None


def _worker_init(queue) -> None:
    global _QUEUE
    _QUEUE = queue
    import numba

    numba.set_num_threads(1)  # the processes already fill the cores


def _worker_run(run: Run) -> list[CurvePoint]:
    q = _QUEUE
    tick = (lambda: q.put(1)) if q is not None else None
    return solve_run(run.vehicle_id, run.site_id, run.specs, tick, run.initial_payload_kg)


def _run_parallel(runs, workers, progress, total):
    import multiprocessing as mp
    import queue as queue_mod
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # spawn, not fork: numba's threading layer is not safe to fork once started
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    done = 0
    results: dict[int, list[CurvePoint]] = {}
    try:
        with ProcessPoolExecutor(
            min(workers, len(runs)), mp_context=ctx, initializer=_worker_init, initargs=(q,)
        ) as ex:
            # longest runs first, so that the last to finish are short
            order = sorted(range(len(runs)), key=lambda k: -len(runs[k].specs))
            futs = {ex.submit(_worker_run, runs[k]): k for k in order}
            pending = set(futs)
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for f in finished:
                    results[futs[f]] = f.result()
                while True:
                    try:
                        q.get_nowait()
                    except queue_mod.Empty:
                        break
                    done += 1
                    if progress is not None:
                        progress(min(done, total), total)
    finally:
        q.close()
        q.join_thread()
    if progress is not None and done < total:
        progress(total, total)
    return [results[k] for k in range(len(runs))]
