"""Validation: Falcon 9 CRS-16 (2018-12-05) flown as it was flown, beside its webcast telemetry.

Flight: ``examples/falcon-9-crs16.toml``: the published payload (Dragon 4,200 kg dry + 2,573 kg
cargo + about 1,290 kg propellant, en.wikipedia SpaceX CRS-16 and rocketsandplanes.com [S]),
MECO at T+145 s and second-stage ignition at T+156 s (events.json of shahar603/Telemetry-Data),
no fairing; nothing of the catalog is fitted. Telemetry: ``examples/telemetry/f9-crs16-telemetry.csv``
(shared/reference/telemetry/README.md: webcast overlay, grade A for what it showed). SECO-1 is
compared at its flown time T+535 s (telemetry README); the target orbit comes from the SECO-1
state (scripts/telemetry_target_orbits.py), so the two SECO-1 checks test the guidance's
targeting, not a prediction. Limit 5 % (issue 14); misses are strict xfails carrying their size.

Why the stage-1 phase misses: the catalog flies stage 1 at its 0.94 mean throttle from liftoff
([D]: no throttle bucket, as the depth of the flown 48-68 s throttle-down is not published) with
stage masses that are estimates [U] (vehicles.md sec. 5: not found in a primary source), and the
guidance's mass-optimal pitch-over flies flatter than a booster that returns to its launch site:
baiterek is 510 m/s fast and 5 km low at MECO. The second stage inherits that excess speed.
"""

import pytest
from _telemetry_cases import LIMIT_PCT, check_params, checks, fly_and_compare

pytestmark = pytest.mark.validation

MISSION = "examples/falcon-9-crs16.toml"
TELEMETRY = "examples/telemetry/f9-crs16-telemetry.csv"
FLOWN = {"stage2_cutoff": 535.0}  # SECO-1 about T+535 s (telemetry README)

KNOWN_MISSES = {  # measured with baiterek 0.1.0 (this commit), in % of the telemetry value
    "stage1_cutoff-altitude": "-7.45 % (-5.0 km) at MECO",
    "stage1_cutoff-speed": "+32.8 % (+510 m/s) at MECO",
    "stage2_ignition-altitude": "-7.9 % (-6.2 km) at second-stage ignition",
    "stage2_ignition-speed": "+27.5 % (+434 m/s) at second-stage ignition",
    "burn-altitude": "-9.9 % at T+210 s",
    "burn-speed": "+29.6 % at T+200 s",
}


@pytest.fixture(scope="module")
def misses():
    return checks(fly_and_compare(MISSION, TELEMETRY, FLOWN))


@pytest.mark.parametrize(
    "check",
    check_params(
        KNOWN_MISSES, "stage 1 too energetic for a recovered flight: see the module docstring"
    ),
)
def test_crs16_within_5_percent(misses, check):
    pct, text = misses[check]
    print(f"\nCRS-16 {text}; limit {LIMIT_PCT:.0f} %")
    assert abs(pct) <= LIMIT_PCT, text
