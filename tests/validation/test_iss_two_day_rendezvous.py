"""Acceptance: a real two-day (34-orbit) Progress launch to the ISS, predicted from the pad and an
ISS TLE taken before the launch, with the insertion plane leading the station's node by the J2
regression of the chaser's planned orbit history (windows/phasing.py ``plane_lead``).

Source (tests/validation/data/iss-before-progress-ms-16.md): Progress MS-16, Soyuz-2.1a from
Baikonur 31/6, liftoff 2021-02-15T04:45:06.310Z (russianspaceweb.com), 34-orbit scheme; ISS TLE
epoch 21045.71216391 (11.7 h before; public repository jpalau-edu/AstroPi2021). Nothing was fitted
on this launch (the analytic model's one coefficient is fitted on Soyuz MS-17, a 2-orbit case).
Limit: 60 s. Without the plane lead the same prediction is about 2 minutes early (the lead is
printed: about 0.49 deg of node, 116 s of launch time).
"""

from pathlib import Path

import pytest

from baiterek import catalog
from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.time import to_time
from baiterek.windows import geometry_provider, read_tle, tle_windows

pytestmark = pytest.mark.validation

LIMIT_S = 60.0
TLE = Path(__file__).parent / "data" / "iss-before-progress-ms-16.tle"
REAL_UTC = "2021-02-15T04:45:06.310Z"
SIMULATOR_MISS = (
    "simulator geometry: -66.4 s (measured 2026-12-02, mean-element plane): the simulator's "
    "mass-optimal yaw steering puts the pad 0.336 deg from its mean insertion plane at liftoff "
    "against the real Soyuz's 0.27 deg, the same bias as the 2-orbit cases "
    "(test_iss_launch_windows.py)"
)


@pytest.mark.parametrize(
    "model",
    [
        "analytic",
        pytest.param("simulator", marks=pytest.mark.xfail(strict=True, reason=SIMULATOR_MISS)),
    ],
)
def test_two_day_progress_ms16_launch_instant_within_60_s(model):
    real = to_time(REAL_UTC)
    site = catalog.site("baikonur-31-6")
    geom = geometry_provider("soyuz-2.1a", site.id, source=model)
    w = tle_windows(site, "soyuz-2.1a", read_tle(TLE), REAL_UTC[:10] + "T00:00:00Z", 1.0,
                    geometry=geom)  # fmt: skip
    k = int(abs(w.launch_jd_tt - float(real.tt)).argmin())
    rec = w.records()[k]
    miss_s = (float(w.launch_jd_tt[k]) - float(real.tt)) * SECONDS_PER_DAY
    print(
        f"\nProgress MS-16 (34-orbit) [{model}]: predicted {rec['launch_time_utc']}, real "
        f"{REAL_UTC}, miss {miss_s:+.1f} s (limit {LIMIT_S:g} s); phase {rec['phase_deg']:.2f} "
        f"deg, scheme {rec['scheme']}, plane lead {rec['plane_lead_deg']:.3f} deg"
    )
    assert rec["scheme"] == "34-orbit"
    assert rec["branch"] == "north-east"
    assert abs(miss_s) <= LIMIT_S, f"Progress MS-16: miss {miss_s:+.1f} s exceeds {LIMIT_S:g} s"
