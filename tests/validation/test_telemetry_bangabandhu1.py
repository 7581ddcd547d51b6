"""Validation: Falcon 9 Bangabandhu-1 (2018-05-11) flown as it was flown, beside its telemetry.

Flight: ``examples/falcon-9-bangabandhu1.toml``: the published 3,750 kg payload, MECO at T+152 s
and second-stage ignition at T+163 s (events.json of shahar603/Telemetry-Data), the catalog
fairing, the ascent to the parking orbit. Flown from LC-39A, simulated from SLC-40 (5.6 km south;
LC-39A is not in the catalog). Telemetry: ``examples/telemetry/f9-bangabandhu1-gto-telemetry.csv``
(shared/reference/telemetry/README.md). SECO-1 is compared at its flown time T+501 s (telemetry
README); the parking orbit comes from the SECO-1 state (scripts/telemetry_target_orbits.py), so
the two SECO-1 checks test the guidance's targeting. Limit 5 % (issue 14); misses are strict
xfails carrying their size.

What is calibrated on what: as for CRS-16 (test_telemetry_crs16.py), with the loft of the
geostationary-transfer flights with a drone-ship landing attempt (11 flights, 2016-2018): 24.7 +/-
1.0 deg at MECO (this flight flew 24.4 deg), and the same throttle schedule on this flight's own
47-65 s throttle-down. Telemetry rows at MECO and second-stage ignition as for CRS-16.

Before both: +9.1 % in speed at MECO. With them: altitude within 2 % at both events and through
the burn, speed -4.7 % at MECO; what still misses is the speed at second-stage ignition (-5.3 %)
and early in the second-stage burn (-5.1 % at T+200 s): baiterek a little slow, within the
schedule's 4.7 % rms transfer error.
"""

import pytest
from _telemetry_cases import LIMIT_PCT, check_params, checks, fly_and_compare

pytestmark = pytest.mark.validation

MISSION = "examples/falcon-9-bangabandhu1.toml"
TELEMETRY = "examples/telemetry/f9-bangabandhu1-gto-telemetry.csv"
FLOWN = {"stage2_cutoff": 501.0}  # SECO-1 about T+501 s (telemetry README)

KNOWN_MISSES = {  # measured 2026-12-02 with baiterek 0.1.0, in % of the telemetry value
    "stage2_ignition-speed": "-5.32 % (-119 m/s) at second-stage ignition",
    "burn-speed": "-5.09 % at T+200 s",
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
