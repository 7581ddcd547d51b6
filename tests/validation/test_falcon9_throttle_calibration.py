"""The stored Falcon 9 stage-1 throttle calibration is what its script computes, and is what the
two telemetry validations fly.

``scripts/calibrate_falcon9_throttle.py`` fits (k_liftoff, k_bucket, k_after) on eight held-out
Block 5 flights of shahar603/Telemetry-Data (never CRS-16 or Bangabandhu-1) and stores the result
in ``src/baiterek/data/calibration/falcon9-stage1-throttle.json``. Redoing the fit takes about
1.5 min (``PYTHONPATH=src python scripts/calibrate_falcon9_throttle.py --write``), so here each
flight is re-flown once at its stored throttles (its stored MECO miss must come back), the stored
schedule must be the mean of the stored fits, and the validation mission files must fly that
schedule on their own throttle-down times (shared/reference/telemetry/README.md).
"""

import json
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import calibrate_falcon9_throttle as cal  # noqa: E402

pytestmark = pytest.mark.validation

STORED = json.loads(cal.RESULT.read_text())
USED = [f for f in cal.FLIGHTS if f.key not in cal.EXCLUDED]
VALIDATION_FILES = {  # mission file: throttle-down window s (telemetry README, events.json)
    "examples/falcon-9-crs16.toml": (48.0, 68.0),
    "examples/falcon-9-bangabandhu1.toml": (47.0, 65.0),
}


def test_schedule_is_the_mean_of_the_stored_fits():
    ks = [STORED["flights"][f.key]["k"] for f in USED]
    assert STORED["schedule_k"] == list(cal.mean_k(ks))
    assert STORED["all"]["n"] == len(USED) == 7
    assert STORED["all"]["std"] == [round(float(x), 3) for x in np.std(ks, axis=0, ddof=1)]


@pytest.mark.parametrize("mission", sorted(VALIDATION_FILES))
def test_validation_files_fly_the_stored_schedule(mission):
    cfg = tomllib.loads((ROOT / mission).read_text())["configuration"]
    a, b = VALIDATION_FILES[mission]
    k0, k1, k2 = STORED["schedule_k"]
    assert cfg["throttle_profile"]["stage1"] == [[0.0, k0], [a, k1], [b, k2]]


def test_validation_flights_are_not_in_the_calibration():
    names = {f.dataset for f in cal.FLIGHTS}
    assert names.isdisjoint(cal.VALIDATION)
    assert sorted(p.stem for p in cal.DATA.glob("*.csv")) == sorted(
        [f.key for f in cal.FLIGHTS] + ["seco1", "meco_flight_path_angle"]
    )
    with pytest.raises(ValueError, match="validation flight"):
        cal._git_json("SpaceX CRS-16/JSON/events.json")


@pytest.mark.parametrize("flight", cal.FLIGHTS, ids=lambda f: f.key)
def test_stored_fit_flies_back(flight):
    stored = STORED["flights"][flight.key]
    traj = cal.fly_file(cal.mission_toml(flight, stored["target"], tuple(stored["k"])))
    miss = cal.at_meco(traj, cal.read_csv(flight.key), flight.meco_s)
    print(f"\n{flight.key}: k = {stored['k']}, MECO miss {miss} (stored "
          f"{stored['meco_miss_fitted']})")  # fmt: skip
    assert miss == stored["meco_miss_fitted"]  # flown at the stored (rounded) k: the same flight
