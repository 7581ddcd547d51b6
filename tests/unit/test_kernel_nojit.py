"""Kernel tests that also run as plain Python (``make test-nojit``: NUMBA_DISABLE_JIT=1).

The interpreted path is the one a debugger steps through; it must fly the same flights as the
compiled one. Compared with the compiled kernel's records (scripts/record_kernel_reference.py).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from _kernel_cases import load, recorder

from baiterek.flight import _kernel as K

NO_JIT = os.environ.get("NUMBA_DISABLE_JIT", "0") == "1"
REL_TOL = 1e-12
"""Interpreted against compiled: the same operations in the same order; LLVM may still contract
or reorder a few of them and libm calls may differ in the last bit, so a relative 1e-12 on the
final state (measured 2026-12-01: 4.3e-14 for sunkar-leo-200km, 0 for falcon-9-gto)."""


@pytest.mark.parametrize("name", ["sunkar-leo-200km", "falcon-9-gto"])
def test_recorded_ascent(name):
    st, ref = load(name)
    rec = recorder(4000)
    status, tf, sf, nrec, *_ = st.problem.model.run_one(
        st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf, rec
    )
    miss = np.max(np.abs(sf - ref["one_state"]) / np.abs(ref["one_state"]))
    print(f"\n{name} ({'interpreted' if NO_JIT else 'compiled'}): final state miss {miss:.2e}")
    assert status == K.STATUS_CUTOFF == ref["one_status"] and nrec == ref["one_nrec"]
    assert miss <= REL_TOL
    assert abs(tf - ref["one_time"]) <= REL_TOL * ref["one_time"]


def test_dispersed_batch_member_equals_its_single_run():
    st, ref = load("sunkar-leo-200km")
    md = st.problem.model.dispersed(3, thrust_scale=[1.0, 1.004, 1.008], drag_scale=[1.0, 1.2, 0.8])
    status, tf, sf, *_ = md.run_batch(st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf)
    assert np.all(status == K.STATUS_CUTOFF)
    assert len({tuple(r) for r in sf}) == 3
    for i in range(3):
        one = md.member(i).run_one(st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf)
        assert np.array_equal(one[2], sf[i]) and one[1] == tf[i]
