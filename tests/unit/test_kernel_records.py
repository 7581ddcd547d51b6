"""The kernel replays the recorded nominal flights bit for bit (records: scripts/record_kernel_reference.py).

The records (the example missions and two throttled cases) were first made with the kernel
before the per-sample refactor (commit ed97b3e), which this test then replayed bit for bit; they
were made again when the kernel moved to the one geodesy of ``earth.geodesy`` (a sub-millimetre
change, in that commit's message). The same inputs must give exactly the same numbers.
"""

from __future__ import annotations

import numpy as np
import pytest
from _kernel_cases import CASES, load, recorder


@pytest.mark.parametrize("name", CASES)
def test_recorded_ascent_replays_bit_for_bit(name):
    st, ref = load(name)
    md = st.problem.model
    n = int(ref["one_nrec"])
    rec = recorder(4000)
    ev = np.full(4, np.nan)
    status, tf, sf, nrec, _mode, _fair, _armed, lag = md.run_one(
        st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf, rec, ev
    )
    assert status == ref["one_status"] and nrec == n
    assert tf == ref["one_time"] and lag == ref["one_lag"]
    assert np.array_equal(sf, ref["one_state"])
    assert np.array_equal(ev, ref["one_events"], equal_nan=True)
    for k, key in enumerate(("t", "s", "u", "seg", "k")):
        assert np.array_equal(rec[k][:n], ref[f"one_rec_{key}"]), key


@pytest.mark.parametrize("name", CASES)
def test_recorded_batches_replay_bit_for_bit(name):
    """A batch of 40 (the parallel path) and one of 3 (the serial path)."""
    st, ref = load(name)
    md = st.problem.model
    big = md.run_batch(ref["big_s0"], 0.0, 0, True, False, ref["big_prm"], np.inf)
    small = md.run_batch(st.problem.s0, 0.0, 0, True, False, ref["big_prm"][:3], np.inf)
    for i in range(8):
        assert np.array_equal(big[i], ref[f"big_{i}"], equal_nan=True), i
        assert np.array_equal(small[i], ref[f"small_{i}"], equal_nan=True), i
