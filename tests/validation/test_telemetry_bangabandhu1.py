"""Validation: Falcon 9 Bangabandhu-1 (2018-05-11) flown as it was flown, beside its telemetry.

Flight: ``examples/falcon-9-bangabandhu1.toml``: the published 3,750 kg payload, MECO at T+152 s
and second-stage ignition at T+163 s (events.json of shahar603/Telemetry-Data), the catalog
fairing, the ascent to the parking orbit; nothing of the catalog is fitted. Flown from LC-39A,
simulated from SLC-40 (5.6 km south; LC-39A is not in the catalog). Telemetry:
``examples/telemetry/f9-bangabandhu1-gto-telemetry.csv`` (shared/reference/telemetry/README.md).
SECO-1 is compared at its flown time T+501 s (telemetry README); the parking orbit comes from the
SECO-1 state (scripts/telemetry_target_orbits.py), so the two SECO-1 checks test the guidance's
targeting. Limit 5 % (issue 14); misses are strict xfails carrying their size.

Why the speed misses: as for CRS-16 (test_telemetry_crs16.py), the catalog's stage 1 flies its
0.94 mean throttle from liftoff ([D], no throttle bucket) with estimated [U] masses: baiterek is
202 m/s fast at MECO (the altitude is within 2 %), and the second stage carries that excess.
"""

import pytest
from _telemetry_cases import LIMIT_PCT, check_params, checks, fly_and_compare

pytestmark = pytest.mark.validation

MISSION = "examples/falcon-9-bangabandhu1.toml"
TELEMETRY = "examples/telemetry/f9-bangabandhu1-gto-telemetry.csv"
FLOWN = {"stage2_cutoff": 501.0}  # SECO-1 about T+501 s (telemetry README)

KNOWN_MISSES = {  # measured with baiterek 0.1.0 (this commit), in % of the telemetry value
    "stage1_cutoff-speed": "+9.1 % (+202 m/s) at MECO",
    "stage2_ignition-speed": "+6.8 % (+152 m/s) at second-stage ignition",
    "burn-speed": "+7.1 % at T+200 s",
}


@pytest.fixture(scope="module")
def misses():
    return checks(fly_and_compare(MISSION, TELEMETRY, FLOWN))


@pytest.mark.parametrize(
    "check", check_params(KNOWN_MISSES, "stage 1 too energetic: see the module docstring")
)
def test_bangabandhu1_within_5_percent(misses, check):
    pct, text = misses[check]
    print(f"\nBangabandhu-1 {text}; limit {LIMIT_PCT:.0f} %")
    assert abs(pct) <= LIMIT_PCT, text
