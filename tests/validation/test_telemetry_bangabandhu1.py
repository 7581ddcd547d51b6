"""Validation: Falcon 9 Bangabandhu-1 (2018-05-11) flown as it was flown, beside its telemetry.

Flight: ``examples/falcon-9-bangabandhu1.toml``: the published 3,750 kg payload, MECO at T+152 s
and second-stage ignition at T+163 s (events.json of shahar603/Telemetry-Data), the catalog
fairing, the ascent to the parking orbit. Flown from LC-39A, simulated from SLC-40 (5.6 km south;
LC-39A is not in the catalog). Telemetry: ``examples/telemetry/f9-bangabandhu1-gto-telemetry.csv``
(shared/reference/telemetry/README.md). SECO-1 is compared at its flown time T+501 s (telemetry
README); the parking orbit comes from the SECO-1 state (scripts/telemetry_target_orbits.py), so
the two SECO-1 checks test the guidance's targeting. Limit 5 % (issue 14); misses are strict
xfails carrying their size.

What is calibrated on what: as for CRS-16 (test_telemetry_crs16.py), stage 1 flies the throttle
schedule of scripts/calibrate_falcon9_throttle.py, fitted on seven held-out Block 5 flights (k =
0.982 from liftoff, 0.846 through this flight's own 47-65 s throttle-down, 0.865 to MECO); nothing
is fitted to this flight or to CRS-16.

Why the speed misses: the catalog's constant 0.94 left baiterek 202 m/s (+9.1 %) fast at MECO;
the held-out schedule overshoots to 129 m/s (-5.78 %) slow, and -8.2 % at second-stage ignition.
The schedule's k after the throttle-down (0.865 +/- 0.059 over the seven flights) is pulled down
by the two flights whose trajectory the model cannot follow (DM-1 0.772, GPS III SV01 0.810);
Telstar 19V, the calibration flight most like this one (GTO from the Cape, drone ship), fits 0.928
and is itself 9 % slow at MECO on the other flights' schedule. The altitude is within 1 % at MECO.
"""

import pytest
from _telemetry_cases import LIMIT_PCT, check_params, checks, fly_and_compare

pytestmark = pytest.mark.validation

MISSION = "examples/falcon-9-bangabandhu1.toml"
TELEMETRY = "examples/telemetry/f9-bangabandhu1-gto-telemetry.csv"
FLOWN = {"stage2_cutoff": 501.0}  # SECO-1 about T+501 s (telemetry README)

KNOWN_MISSES = {  # measured with baiterek 0.1.0 (this commit), in % of the telemetry value
    "stage1_cutoff-speed": "-5.78 % (-129 m/s) at MECO",
    "stage2_ignition-speed": "-8.2 % (-184 m/s) at second-stage ignition",
    "burn-speed": "-7.5 % at T+200 s",
}


@pytest.fixture(scope="module")
def misses():
    return checks(fly_and_compare(MISSION, TELEMETRY, FLOWN))


@pytest.mark.parametrize(
    "check",
    check_params(
        KNOWN_MISSES, "stage 1 too slow on the held-out schedule: see the module docstring"
    ),
)
def test_bangabandhu1_within_5_percent(misses, check):
    pct, text = misses[check]
    print(f"\nBangabandhu-1 {text}; limit {LIMIT_PCT:.0f} %")
    assert abs(pct) <= LIMIT_PCT, text
