"""The Monte Carlo runner: chunks of samples through a plug-in ``evaluate``, on a backend, with checkpoints.

The seam: ``evaluate(dispersions, sample_indices) -> dict[str, np.ndarray]`` flies a chunk (a
:class:`~baiterek.dispersion.sampling.Dispersions` of any length) and returns 1-D outputs of
that length (``status`` int, 0 = reached the target energy (cut off), plus any float columns). It must be picklable
(a module-level function or a frozen dataclass with ``__call__``) and elementwise in the
samples (row j depends only on row j), so that results are bit-identical whatever the chunk
size. Each worker draws its own chunk's inputs from (layout, seed, indices): nothing but the
index range travels to a worker, and only columnar arrays come back.

Backends: ``serial`` (in process), ``process`` (``ProcessPoolExecutor``, forkserver, default),
``dask`` (``dask.distributed``: a scheduler address, or a ``LocalCluster``). Results are sorted
by sample index before any statistic, so backend, worker count, chunk size and completion order
never change them.

Checkpoint: every finished chunk is one Parquet file under ``out_dir/chunks``, written to a temp
name and renamed (atomic on POSIX), with provenance (version, mission hash, root seed, chunk
range) in its metadata; ``run.json`` records the run. ``resume`` reads the finished chunks,
refuses a different mission or seed, and computes only the missing samples.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from baiterek.catalog.dispersions import DispersionSpec
from baiterek.dispersion.backends import Executor
from baiterek.dispersion.checkpoint import Chunks, Store, provenance_of
from baiterek.dispersion.chunk import Evaluate
from baiterek.dispersion.sampling import layout
from baiterek.dispersion.statistics import n_for_sigma_tolerance, sigma_relative_half_width
from baiterek.errors import InputError

MAX_SAMPLES = 1_000_000
"""Largest N one run accepts (about 1 GB of Parquet with the stand-in's columns)."""
BACKENDS = ("serial", "process", "dask")


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """All samples of a run, sorted by sample index; arrays read-only.

    ``inputs`` ``(n, n_inputs)`` are the drawn deviations named by ``input_names``; ``outputs``
    maps each output of ``evaluate`` to an ``(n,)`` array. ``n_computed`` samples were flown in
    this call (the rest came from the checkpoint); ``wall_time_s`` is this call's wall time.
    """

    seed: int
    mission_hash: str
    sample_index: np.ndarray
    inputs: np.ndarray
    input_names: tuple[str, ...]
    outputs: Mapping[str, np.ndarray]
    stage_names: tuple[str, ...]
    body_names: tuple[str, ...]
    n_computed: int
    wall_time_s: float
    backend: str
    workers: int
    converged: bool | None = None
    tolerance: float | None = None
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.sample_index.size)

    @property
    def time_per_sample_ms(self) -> float:
        return 1e3 * self.wall_time_s / self.n_computed if self.n_computed else float("nan")


def chunk_ranges(start: int, stop: int, chunk_size: int) -> list[tuple[int, int]]:
    """Ranges [a, b) covering [start, stop), cut at multiples of chunk_size."""
    out: list[tuple[int, int]] = []
    a = start
    while a < stop:
        b = min(stop, (a // chunk_size + 1) * chunk_size)
        out.append((a, b))
        a = b
    return out


@dataclass(frozen=True, slots=True)
class MonteCarloCase:
    """What a run is of: the vehicle (for the input layout), the mission mapping as read (for
    the hash) and the name of the evaluator plugged in (recorded in the hash)."""

    vehicle: Any
    mission: Mapping[str, Any]
    evaluator: str

    def hash(self, spec: DispersionSpec) -> str:
        return case_hash(self.mission, spec.to_dict(), self.evaluator)


def run(
    case: MonteCarloCase,
    spec: DispersionSpec,
    n: int,
    seed: int,
    *,
    evaluate: Evaluate,
    chunk_size: int = 500,
    backend: str = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    out_dir: str | Path | None = None,
    resume: bool = False,
    until_converged: bool = False,
    tolerance: float = 0.05,
    max_samples: int = MAX_SAMPLES,
    progress: bool = False,
) -> MonteCarloResult:
    """Fly samples 0..n-1 (or blocks of n until converged) of one mission; see the module doc.

    The mission hash is ``case.hash(spec)``; the inputs follow ``layout(case.vehicle, spec)``. With ``until_converged``, blocks of ``n`` samples run until every output's
    sigma has a 95 % interval half-width below ``tolerance`` (relative), at most ``max_samples``.
    """
    _check_args(
        n,
        seed,
        chunk_size,
        backend,
        workers,
        tolerance,
        max_samples,
        until_converged,
        resume,
        out_dir,
    )
    t0 = time.perf_counter()
    lay = layout(case.vehicle, spec)
    h = case.hash(spec)
    workers = workers or os.cpu_count() or 1
    store = Store(Path(out_dir), h, seed, resume) if out_dir is not None else None
    done: Chunks = store.load() if store else {}
    computed = 0
    target = n
    converged: bool | None = None
    with Executor(backend, workers, scheduler) as ex:
        while True:
            missing = _missing(done, target, chunk_size)
            computed += sum(b - a for a, b in missing)
            for a, b, inputs, cols in ex.map_chunks(lay, seed, missing, evaluate, progress):
                if store:
                    store.write(a, b, inputs, cols, lay.names)
                done[a] = (b, inputs, cols)
            if not until_converged:
                break
            n_ok = _min_finite(done)
            converged = sigma_relative_half_width(n_ok) < tolerance
            if converged or target >= max_samples:
                break
            target = min(max_samples, target + n)
    idx, inputs, outputs = _assemble(done, target)
    if store:
        store.finish()
    return MonteCarloResult(
        seed=seed, mission_hash=h, sample_index=_ro(idx), inputs=_ro(inputs),
        input_names=lay.names, outputs=MappingProxyType({k: _ro(v) for k, v in outputs.items()}),
        stage_names=lay.stage_names, body_names=lay.body_names, n_computed=computed,
        wall_time_s=time.perf_counter() - t0, backend=backend, workers=workers,
        converged=converged, tolerance=tolerance if until_converged else None,
        provenance=MappingProxyType(provenance_of(h, seed)),
    )  # fmt: skip


def case_hash(mission: Mapping[str, Any], spec_dict: Mapping[str, Any], evaluator: str) -> str:
    """SHA-256 of what the samples depend on: the mission, the dispersions and the evaluator's name."""
    from baiterek.provenance import input_hash

    return input_hash(
        {"mission": dict(mission), "dispersions": dict(spec_dict), "evaluator": evaluator}
    )


def samples_needed(tolerance: float) -> int:
    """N at which every sigma's 95 % interval half-width falls below ``tolerance``."""
    return n_for_sigma_tolerance(tolerance)


def _check_args(
    n: int,
    seed: int,
    chunk_size: int,
    backend: str,
    workers: int | None,
    tolerance: float,
    max_samples: int,
    until_converged: bool,
    resume: bool,
    out_dir: str | Path | None,
) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 or n > max_samples:
        raise InputError(
            "samples", n, f"an integer from 1 to {max_samples:,} (the configured maximum)"
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("seed", seed, "an integer >= 0")
    if chunk_size < 1:
        raise InputError("chunk_size", chunk_size, "an integer >= 1")
    if backend not in BACKENDS:
        raise InputError("backend", backend, "one of " + ", ".join(BACKENDS))
    if workers is not None and workers < 1:
        raise InputError("workers", workers, "an integer >= 1")
    if until_converged and not 0 < tolerance < 1:
        raise InputError("tolerance", tolerance, "a relative tolerance in (0, 1), e.g. 0.05")
    if resume and out_dir is None:
        raise InputError("resume", True, "a run with an output folder (--out) to resume from")


def _missing(done: Chunks, target: int, chunk_size: int) -> list[tuple[int, int]]:
    have = np.zeros(target, bool)
    for a, (b, _, _) in done.items():
        have[a : min(b, target)] = True
    out: list[tuple[int, int]] = []
    i = 0
    while i < target:
        if have[i]:
            i += 1
            continue
        j = i
        while j < target and not have[j]:
            j += 1
        out.extend(chunk_ranges(i, j, chunk_size))
        i = j
    return out


def _min_finite(done: Chunks) -> int:
    cols: dict[str, int] = {}
    for _, (_, _, c) in done.items():
        for k, v in c.items():
            if v.dtype.kind == "f":
                cols[k] = cols.get(k, 0) + int(np.isfinite(v).sum())
    return min(cols.values()) if cols else 0


def _assemble(done: Chunks, target: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    starts = sorted(a for a in done if a < target)
    idx = np.concatenate([np.arange(a, done[a][0]) for a in starts])
    inputs = np.concatenate([done[a][1] for a in starts])
    keys = list(done[starts[0]][2])
    outputs = {k: np.concatenate([done[a][2][k] for a in starts]) for k in keys}
    keep = idx < target
    if not np.array_equal(idx[keep], np.arange(target)):
        raise RuntimeError("samples missing or duplicated after the run")  # a bug, not a user error
    return idx[keep], inputs[keep], {k: v[keep] for k, v in outputs.items()}


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a
