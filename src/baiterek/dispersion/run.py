"""The Monte Carlo runner: chunks of samples through a plug-in ``evaluate``, on a backend, with checkpoints.

The seam: ``evaluate(dispersions, sample_indices) -> dict[str, np.ndarray]`` flies a chunk (a
:class:`~baiterek.dispersion.sampling.Dispersions` of any length) and returns 1-D outputs of
that length (``status`` int, 0 = reached orbit, plus any float columns). It must be picklable
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

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from baiterek import __version__
from baiterek.catalog.dispersions import DispersionSpec
from baiterek.dispersion.sampling import InputLayout, layout, sample
from baiterek.dispersion.statistics import n_for_sigma_tolerance, sigma_relative_half_width
from baiterek.errors import InputError

MAX_SAMPLES = 1_000_000
"""Largest N one run accepts (about 1 GB of Parquet with the stand-in's columns)."""
BACKENDS = ("serial", "process", "dask")
META_KEY = b"baiterek"
Evaluate = Callable[[Any, np.ndarray], Mapping[str, np.ndarray]]


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
    out = []
    a = start
    while a < stop:
        b = min(stop, (a // chunk_size + 1) * chunk_size)
        out.append((a, b))
        a = b
    return out


def evaluate_chunk(lay: InputLayout, seed: int, start: int, stop: int, evaluate: Evaluate):
    """Draw and fly samples [start, stop): (start, stop, inputs, outputs). Runs in a worker."""
    d = sample(lay, seed, np.arange(start, stop))
    out = evaluate(d, d.sample_index)
    cols = {k: np.asarray(v) for k, v in out.items()}
    for k, v in cols.items():
        if v.shape != (stop - start,):
            raise ValueError(f"evaluate returned {k} of shape {v.shape}, not ({stop - start},)")
    return start, stop, np.asarray(d.inputs), cols


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
    store = _Store(Path(out_dir), h, seed, resume) if out_dir is not None else None
    done: dict[int, tuple[int, np.ndarray, dict[str, np.ndarray]]] = store.load() if store else {}
    computed = 0
    target = n
    converged: bool | None = None
    with _Executor(backend, workers, scheduler) as ex:
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
        provenance=MappingProxyType(_provenance(h, seed)),
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
    n, seed, chunk_size, backend, workers, tolerance, max_samples, until_converged, resume, out_dir
):
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


def _missing(done, target: int, chunk_size: int) -> list[tuple[int, int]]:
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


def _min_finite(done) -> int:
    cols: dict[str, int] = {}
    for _, (_, _, c) in done.items():
        for k, v in c.items():
            if v.dtype.kind == "f":
                cols[k] = cols.get(k, 0) + int(np.isfinite(v).sum())
    return min(cols.values()) if cols else 0


def _assemble(done, target: int):
    starts = sorted(a for a in done if a < target)
    idx = np.concatenate([np.arange(a, done[a][0]) for a in starts])
    inputs = np.concatenate([done[a][1] for a in starts])
    keys = list(done[starts[0]][2])
    outputs = {k: np.concatenate([done[a][2][k] for a in starts]) for k in keys}
    keep = idx < target
    if not np.array_equal(idx[keep], np.arange(target)):
        raise RuntimeError("samples missing or duplicated after the run")  # a bug, not a user error
    return idx[keep], inputs[keep], {k: v[keep] for k, v in outputs.items()}


def _provenance(h: str, seed: int) -> dict[str, Any]:
    return {"baiterek_version": __version__, "mission_sha256": h, "seed": seed}


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


class _Executor:
    """One interface over the serial loop, a process pool and Dask; yields finished chunks."""

    def __init__(self, backend: str, workers: int, scheduler: str | None) -> None:
        self.backend, self.workers, self.scheduler = backend, workers, scheduler
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> _Executor:
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

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map_chunks(self, lay, seed, ranges, evaluate, progress: bool):
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

    def __exit__(self, *exc) -> None:
        if self._p is not None:
            self._p.stop()


class _Store:
    """Chunk files of one run under ``out_dir/chunks`` (temp name, then rename)."""

    def __init__(self, out_dir: Path, h: str, seed: int, resume: bool) -> None:
        self.dir = out_dir / "chunks"
        self.manifest = out_dir / "run.json"
        self.h, self.seed = h, seed
        if self.manifest.exists():
            old = json.loads(self.manifest.read_text())
            if not resume:
                raise InputError(
                    "out", str(out_dir), "an empty folder, or --resume to continue the run there"
                )
            if old.get("mission_sha256") != h:
                raise InputError(
                    "resume", str(out_dir), f"a folder of the same mission: it holds mission "
                    f"{str(old.get('mission_sha256'))[:12]}..., this is {h[:12]}...; nothing was overwritten",
                )  # fmt: skip
            if old.get("seed") != seed:
                raise InputError(
                    "seed", seed, f"the seed of the run being resumed ({old.get('seed')})"
                )
        elif resume and self.dir.exists() and any(self.dir.glob("chunk-*.parquet")):
            raise InputError("resume", str(out_dir), "a folder with a run.json")
        self.dir.mkdir(parents=True, exist_ok=True)
        if not self.manifest.exists():
            _atomic_write_text(
                self.manifest, json.dumps({**_provenance(h, seed), "status": "running"})
            )

    def load(self) -> dict[int, tuple[int, np.ndarray, dict[str, np.ndarray]]]:
        import pyarrow.parquet as pq

        done = {}
        for p in sorted(self.dir.glob("chunk-*.parquet")):
            t = pq.read_table(p)
            meta = json.loads(t.schema.metadata[META_KEY])
            if meta["mission_sha256"] != self.h or meta["seed"] != self.seed:
                raise InputError(
                    "resume", str(p), "chunks of the same mission and seed; nothing was overwritten"
                )
            names = meta["input_names"]
            inputs = np.column_stack([t.column(c).to_numpy() for c in names])
            cols = {c: t.column(c).to_numpy() for c in meta["output_names"]}
            done[meta["chunk_start"]] = (meta["chunk_stop"], inputs, cols)
        return done

    def write(self, a: int, b: int, inputs: np.ndarray, cols: dict[str, np.ndarray], names) -> None:
        path = self.dir / f"chunk-{a:09d}-{b:09d}.parquet"
        meta = {
            **_provenance(self.h, self.seed), "chunk_start": a, "chunk_stop": b,
            "input_names": list(names), "output_names": list(cols),
        }  # fmt: skip
        write_parquet(path, np.arange(a, b), inputs, names, cols, meta)

    def finish(self) -> None:
        _atomic_write_text(
            self.manifest, json.dumps({**_provenance(self.h, self.seed), "status": "complete"})
        )


def write_parquet(
    path: Path, idx, inputs, input_names, outputs: Mapping[str, np.ndarray], meta: dict
) -> Path:
    """Samples as one Parquet file (temp name, then rename), provenance under metadata key 'baiterek'."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {"sample_index": pa.array(np.asarray(idx, np.int64))}
    arrays.update({n: pa.array(np.asarray(inputs)[:, k]) for k, n in enumerate(input_names)})
    arrays.update({k: pa.array(np.asarray(v)) for k, v in outputs.items()})
    table = pa.table(arrays).replace_schema_metadata({META_KEY: json.dumps(meta).encode()})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
