"""Checkpoint files of a Monte Carlo run: one Parquet file per finished chunk, written atomically.

A chunk is written to a temporary name in the same folder and renamed (atomic on POSIX), so a run
killed at any moment leaves only whole chunks (and perhaps a stray temporary file, ignored).
Each file carries provenance under the Parquet metadata key ``baiterek``: version, mission
SHA-256, root seed, chunk range, column names. ``run.json`` records the run (status running or
complete). A resume refuses a folder of another mission or seed before writing anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from baiterek._version import __version__
from baiterek.errors import InputError

META_KEY = b"baiterek"

Chunks = dict[int, tuple[int, np.ndarray, dict[str, np.ndarray]]]
"""Finished chunks by start index: ``{start: (stop, inputs (n, n_inputs), {output: (n,)})}``."""


def provenance_of(h: str, seed: int) -> dict[str, Any]:
    """The provenance of a run's files: version, mission hash, root seed."""
    return {"baiterek_version": __version__, "mission_sha256": h, "seed": seed}


class Store:
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
                self.manifest, json.dumps({**provenance_of(h, seed), "status": "running"})
            )

    def load(self) -> Chunks:
        import pyarrow.parquet as pq

        done: Chunks = {}
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

    def write(
        self,
        a: int,
        b: int,
        inputs: np.ndarray,
        cols: Mapping[str, np.ndarray],
        names: Sequence[str],
    ) -> None:
        path = self.dir / f"chunk-{a:09d}-{b:09d}.parquet"
        meta = {
            **provenance_of(self.h, self.seed), "chunk_start": a, "chunk_stop": b,
            "input_names": list(names), "output_names": list(cols),
        }  # fmt: skip
        write_parquet(path, np.arange(a, b), inputs, names, cols, meta)

    def finish(self) -> None:
        _atomic_write_text(
            self.manifest, json.dumps({**provenance_of(self.h, self.seed), "status": "complete"})
        )


def write_parquet(
    path: Path,
    idx: npt.ArrayLike,
    inputs: npt.ArrayLike,
    input_names: Sequence[str],
    outputs: Mapping[str, np.ndarray],
    meta: Mapping[str, Any],
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
