"""Kernel reference cases shared by the kernel tests: the recorded flights and their setups."""

from __future__ import annotations

import importlib.util
import pathlib

import numpy as np

from baiterek.flight import _kernel as K

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "kernel"
_spec = importlib.util.spec_from_file_location(
    "record_kernel_reference", ROOT / "scripts" / "record_kernel_reference.py"
)
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)

CASES = (*record.MISSIONS, *record.THROTTLED)


def load(name: str):
    """(setup, recorded arrays) of one case; the setup builds the model (no guidance solve)."""
    _m, st = record.setup_for(name)
    with np.load(DATA / f"{name}.npz") as f:
        ref = {k: f[k] for k in f.files}
    for key in ("prm", "big_prm"):  # recorded before the closed-loop entries: zeros, open loop
        if key in ref and ref[key].shape[-1] == K.N_OPEN_LOOP_PARAMS:
            pad = [(0, 0)] * (ref[key].ndim - 1) + [(0, K.N_PARAMS - K.N_OPEN_LOOP_PARAMS)]
            ref[key] = np.pad(ref[key], pad)
    return st, ref


def recorder(n: int):
    return (
        np.zeros(n),
        np.zeros((n, 7)),
        np.zeros((n, 3)),
        np.zeros(n, np.int64),
        np.zeros((n, 2)),
    )
