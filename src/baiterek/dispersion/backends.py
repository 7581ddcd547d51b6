"""Backends of the Monte Carlo runner: one interface over a serial loop, a process pool and Dask.

``Executor.map_chunks`` yields finished chunks as they complete (any order: the runner sorts by
sample index). The process pool uses forkserver (no fork of a threaded parent) with the runner
preloaded; Dask lives in :mod:`baiterek.dispersion.dask_backend`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from baiterek.dispersion.chunk import ChunkResult, Evaluate, evaluate_chunk
from baiterek.dispersion.sampling import InputLayout


class Executor:
    """One interface over the serial loop, a process pool and Dask; yields finished chunks."""

    def __init__(self, backend: str, workers: int, scheduler: str | None) -> None:
        self.backend, self.workers, self.scheduler = backend, workers, scheduler
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> Executor:
        if self.backend == "process" and self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("forkserver")  # no fork of a threaded parent
            ctx.set_forkserver_preload(["baiterek.dispersion.run"])
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        elif self.backend == "dask":
            from baiterek.dispersion.dask_backend import client

            self._client, self._cluster = client(self.scheduler, self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map_chunks(
        self,
        lay: InputLayout,
        seed: int,
        ranges: Sequence[tuple[int, int]],
        evaluate: Evaluate,
        progress: bool,
    ) -> Iterator[ChunkResult]:
        bar = _Bar(sum(b - a for a, b in ranges), progress)
        with bar:
            if self._pool is not None:
                from concurrent.futures import as_completed

                futs = [
                    self._pool.submit(evaluate_chunk, lay, seed, a, b, evaluate) for a, b in ranges
                ]
                for f in as_completed(futs):
                    r = f.result()
                    bar.advance(r[1] - r[0])
                    yield r
            elif self._client is not None:
                from distributed import as_completed as dask_completed

                futs = [
                    self._client.submit(evaluate_chunk, lay, seed, a, b, evaluate, pure=False)
                    for a, b in ranges
                ]
                for f in dask_completed(futs):
                    r = f.result()
                    bar.advance(r[1] - r[0])
                    yield r
            else:
                for a, b in ranges:
                    r = evaluate_chunk(lay, seed, a, b, evaluate)
                    bar.advance(b - a)
                    yield r


class _Bar:
    """A rich progress bar on stderr (or nothing)."""

    def __init__(self, total: int, on: bool) -> None:
        self.total, self.on = total, on and total > 0
        self._p: Any = None
        self._t: Any = None

    def __enter__(self) -> _Bar:
        if self.on:
            from rich.console import Console
            from rich.progress import Progress

            self._p = Progress(console=Console(stderr=True), transient=True)
            self._p.start()
            self._t = self._p.add_task("samples", total=self.total)
        return self

    def advance(self, k: int) -> None:
        if self._p is not None:
            self._p.advance(self._t, k)

    def __exit__(self, *exc: object) -> None:
        if self._p is not None:
            self._p.stop()
