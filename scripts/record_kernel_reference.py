"""Record nominal kernel flights for the bit-for-bit regression test (tests/unit/test_kernel_records.py).

For each ``examples/*.toml`` ascent mission the guidance is solved once (with the code of the
commit that runs this script), then flown through the kernel: one recorded open-loop ascent
(every step kept), a batch of 40 dispersed kicks (the parallel path) and a batch of 3 (the serial
path). Inputs (guidance parameters, start states) and outputs (status, time, final state, lag,
events, records) go to ``tests/data/kernel/<mission>.npz``; the test rebuilds the model from the
mission (no guidance solve) and replays them.

Run: PYTHONPATH=src .venv/bin/python scripts/record_kernel_reference.py
"""

from __future__ import annotations

import math
import pathlib

import numpy as np

from baiterek.constants import WGS84_A
from baiterek.flight.guidance import OrbitTarget
from baiterek.flight.simulate import orbit_target, setup, solve_guidance
from baiterek.mission import load_mission

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "kernel"
MISSIONS = (
    "sunkar-leo-200km",
    "sunkar-sso-500km",
    "soyuz-2.1b-progress-iss",
    "window-progress-ms23",
)
THROTTLED = {
    # throttled flights (the axial-load limit active), as in tests/integration/test_throttling.py
    "falcon-9-gto": ("falcon-9", "ccsfs-slc-40", 8500.0, 185e3, 35786e3, 28.6),
    "sunkar-light": ("sunkar", "baikonur-45-1", 1000.0, 200e3, 200e3, 51.6),
}
N_REC = 4000


def setup_for(name: str):
    """The guidance setup of an example mission or a throttled case (shared with the test)."""
    if name in THROTTLED:
        vehicle, site, payload, hp, ha, inc = THROTTLED[name]
        rp, ra = WGS84_A + hp, WGS84_A + ha
        target = OrbitTarget(rp, 0.0, 0.5 * (rp + ra), math.radians(inc))
        return None, setup(vehicle, site, payload, target)
    m = load_mission(ROOT / "examples" / f"{name}.toml")
    return m, setup(
        m.mission.vehicle,
        m.mission.site,
        m.mission.payload_kg,
        orbit_target(m),
        m.wind_profile(),
        launch_inclination=m.launch_inclination,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in (*MISSIONS, *THROTTLED):
        _m, st = setup_for(name)
        prm = solve_guidance(st).prm
        md = st.problem.model
        rec = (
            np.zeros(N_REC),
            np.zeros((N_REC, 7)),
            np.zeros((N_REC, 3)),
            np.zeros(N_REC, np.int64),
            np.zeros((N_REC, 2)),
        )
        ev = np.full(4, np.nan)
        status, tf, sf, nrec, mode, fair, armed, lag = md.run_one(
            st.problem.s0, 0.0, 0, True, False, prm, np.inf, rec, ev
        )
        rng = np.random.default_rng(12)
        prm_big = np.repeat(prm[None, :], 40, 0)
        prm_big[:, 1] += np.radians(rng.normal(0.0, 0.05, 40))
        s0_big = np.repeat(st.problem.s0[None, :], 40, 0)
        s0_big[:, 6] += rng.normal(0.0, 50.0, 40)
        big = md.run_batch(s0_big, 0.0, 0, True, False, prm_big, np.inf)
        small = md.run_batch(st.problem.s0, 0.0, 0, True, False, prm_big[:3], np.inf)
        np.savez_compressed(
            OUT / f"{name}.npz",
            prm=prm,
            one_status=status,
            one_time=tf,
            one_state=sf,
            one_nrec=nrec,
            one_lag=lag,
            one_events=ev,
            one_rec_t=rec[0][:nrec],
            one_rec_s=rec[1][:nrec],
            one_rec_u=rec[2][:nrec],
            one_rec_seg=rec[3][:nrec],
            one_rec_k=rec[4][:nrec],
            big_prm=prm_big,
            big_s0=s0_big,
            **{f"big_{i}": np.asarray(x) for i, x in enumerate(big)},
            **{f"small_{i}": np.asarray(x) for i, x in enumerate(small)},
        )
        print(name, status, tf, sf[6], nrec)


if __name__ == "__main__":
    main()
