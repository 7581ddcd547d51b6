"""Validation: Falcon 9 CRS-16 (2018-12-05) flown as it was flown, beside its webcast telemetry.

Flight: ``examples/falcon-9-crs16.toml``: the published payload (Dragon 4,200 kg dry + 2,573 kg
cargo + about 1,290 kg propellant, en.wikipedia SpaceX CRS-16 and rocketsandplanes.com [S]),
MECO at T+145 s and second-stage ignition at T+156 s (events.json of shahar603/Telemetry-Data),
no fairing. Telemetry: ``examples/telemetry/f9-crs16-telemetry.csv``
(shared/reference/telemetry/README.md: webcast overlay, grade A for what it showed). SECO-1 is
compared at its flown time T+535 s (telemetry README); the target orbit comes from the SECO-1
state (scripts/telemetry_target_orbits.py), so the two SECO-1 checks test the guidance's
targeting, not a prediction. Limit 5 % (issue 14); misses are strict xfails carrying their size.

Telemetry rows at MECO and second-stage ignition come from the same raw data
(scripts/telemetry_event_marks.py): read between two 10 s marks, the MECO speed was 68 m/s low.

What is calibrated on what (nothing on CRS-16 or Bangabandhu-1, whose data neither calibration
reads; everything else of the catalog vehicle as it was, [U] stage masses, vehicles.md sec. 5):
- the booster's loft: the flight-path angle at MECO is the mean of the Dragon cargo flights whose
  booster returned to LZ-1, CRS-9 to CRS-13: 45.0 +/- 1.8 deg (scripts/falcon9_recovery_loft.py,
  docs/reference/falcon9-recovery-loft.md; CRS-16 itself flew 44.3 deg);
- the stage-1 throttle schedule of scripts/calibrate_falcon9_throttle.py: k = 0.976 from liftoff,
  0.826 through this flight's own 48-68 s throttle-down, 0.885 to MECO, the mean of the fits to
  seven held-out Block 5 flights each flown with its own MECO flight-path angle
  (src/baiterek/data/calibration/falcon9-stage1-throttle.json; a flight not in the fit misses its
  MECO speed by 4.7 % rms on the others' schedule).

Before both: +32.8 % in speed and -7.5 % in altitude at MECO. With them the altitude is within
5 % at both events and the speed within 5 % through the burn; what still misses is the speed at
MECO and second-stage ignition (+7 %, baiterek fast) and the altitude early in the second-stage
burn (+6 % at T+200 s, baiterek high): the first stage leaves baiterek with more energy than the
flight had, within the schedule's transfer error but outside the 5 % limit.
"""

import pytest
from _telemetry_cases import LIMIT_PCT, check_params, checks, fly_and_compare

pytestmark = pytest.mark.validation

MISSION = "examples/falcon-9-crs16.toml"
TELEMETRY = "examples/telemetry/f9-crs16-telemetry.csv"
FLOWN = {"stage2_cutoff": 535.0}  # SECO-1 about T+535 s (telemetry README)

KNOWN_MISSES = {  # measured 2026-12-02 with baiterek 0.1.0, in % of the telemetry value
    "stage1_cutoff-speed": "+7.22 % (+117 m/s) at MECO",
    "stage2_ignition-speed": "+6.54 % (+102 m/s) at second-stage ignition",
    "burn-altitude": "+6.00 % at T+200 s",
}


@pytest.fixture(scope="module")
def misses():
    return checks(fly_and_compare(MISSION, TELEMETRY, FLOWN))


@pytest.mark.parametrize(
    "check",
    check_params(
        KNOWN_MISSES, "stage 1 too energetic on the held-out schedule: see the module docstring"
    ),
)
def test_crs16_within_5_percent(misses, check):
    pct, text = misses[check]
    print(f"\nCRS-16 {text}; limit {LIMIT_PCT:.0f} %")
    assert abs(pct) <= LIMIT_PCT, text
