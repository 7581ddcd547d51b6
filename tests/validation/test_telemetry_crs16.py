"""Validation: Falcon 9 CRS-16 (2018-12-05) flown as it was flown, beside its webcast telemetry.

Flight: ``examples/falcon-9-crs16.toml``: the published payload (Dragon 4,200 kg dry + 2,573 kg
cargo + about 1,290 kg propellant, en.wikipedia SpaceX CRS-16 and rocketsandplanes.com [S]),
MECO at T+145 s and second-stage ignition at T+156 s (events.json of shahar603/Telemetry-Data),
no fairing. Telemetry: ``examples/telemetry/f9-crs16-telemetry.csv``
(shared/reference/telemetry/README.md: webcast overlay, grade A for what it showed). SECO-1 is
compared at its flown time T+535 s (telemetry README); the target orbit comes from the SECO-1
state (scripts/telemetry_target_orbits.py), so the two SECO-1 checks test the guidance's
targeting, not a prediction. Limit 5 % (issue 14); misses are strict xfails carrying their size.

What is calibrated on what: stage 1 flies the throttle schedule of
scripts/calibrate_falcon9_throttle.py (k = 0.982 from liftoff, 0.846 through this flight's own
48-68 s throttle-down, 0.865 to MECO: the mean of the fits to seven held-out Block 5 flights of
the same dataset, src/baiterek/data/calibration/falcon9-stage1-throttle.json); nothing is fitted
to CRS-16 or Bangabandhu-1, whose data the calibration never reads. Everything else of the
catalog vehicle is as it was ([U] stage masses, vehicles.md sec. 5).

Why stage 1 still misses: the schedule takes the MECO speed miss from +32.8 % (the catalog's
constant 0.94) to +15.5 %, but the guidance's mass-optimal pitch-over flies flatter than a booster
that returns to its launch site with a Dragon on top (flight-path angle from the telemetry's climb
rate 44 deg at T+140 s, 34 deg in baiterek): baiterek is 241 m/s fast and 4.6 km low at MECO.
DM-1, the other Dragon flight, shows the same in the calibration (49 vs 32 deg at T+148 s; +18 %
speed and -18 % altitude at MECO on the other flights' schedule): a throttle schedule cannot make
that trajectory.
"""

import pytest
from _telemetry_cases import LIMIT_PCT, check_params, checks, fly_and_compare

pytestmark = pytest.mark.validation

MISSION = "examples/falcon-9-crs16.toml"
TELEMETRY = "examples/telemetry/f9-crs16-telemetry.csv"
FLOWN = {"stage2_cutoff": 535.0}  # SECO-1 about T+535 s (telemetry README)

KNOWN_MISSES = {  # measured with baiterek 0.1.0 (this commit), in % of the telemetry value
    "stage1_cutoff-altitude": "-6.85 % (-4.6 km) at MECO",
    "stage1_cutoff-speed": "+15.5 % (+241 m/s) at MECO",
    "stage2_ignition-altitude": "-7.97 % (-6.3 km) at second-stage ignition",
    "stage2_ignition-speed": "+10.1 % (+160 m/s) at second-stage ignition",
    "burn-altitude": "-11.8 % at T+230 s",
    "burn-speed": "+12.4 % at T+200 s",
}


@pytest.fixture(scope="module")
def misses():
    return checks(fly_and_compare(MISSION, TELEMETRY, FLOWN))


@pytest.mark.parametrize(
    "check",
    check_params(
        KNOWN_MISSES, "stage 1 too flat for a lofted Dragon flight: see the module docstring"
    ),
)
def test_crs16_within_5_percent(misses, check):
    pct, text = misses[check]
    print(f"\nCRS-16 {text}; limit {LIMIT_PCT:.0f} %")
    assert abs(pct) <= LIMIT_PCT, text
