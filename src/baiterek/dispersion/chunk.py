"""One chunk of a Monte Carlo: draw samples [start, stop) and fly them (what a worker runs)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from baiterek.dispersion.sampling import Dispersions, InputLayout, sample

Evaluate = Callable[[Dispersions, np.ndarray], Mapping[str, np.ndarray]]
"""``evaluate(dispersions, sample_indices) -> dict[str, ndarray (n,)]``: the plug that flies a chunk."""


ChunkResult = tuple[int, int, np.ndarray, dict[str, np.ndarray]]
"""(start, stop, inputs ``(n, n_inputs)``, outputs ``{name: (n,)}``) of one finished chunk."""


def evaluate_chunk(
    lay: InputLayout, seed: int, start: int, stop: int, evaluate: Evaluate
) -> ChunkResult:
    """Draw and fly samples [start, stop): (start, stop, inputs, outputs). Runs in a worker."""
    d = sample(lay, seed, np.arange(start, stop))
    out = evaluate(d, d.sample_index)
    cols = {k: np.asarray(v) for k, v in out.items()}
    for k, v in cols.items():
        if v.shape != (stop - start,):
            raise ValueError(f"evaluate returned {k} of shape {v.shape}, not ({stop - start},)")
    return start, stop, np.asarray(d.inputs), cols
