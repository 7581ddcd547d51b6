"""Calibration of Sunkar (Soyuz-5): the stage dry masses, fitted to the official 17 t to LEO.

What is fitted: one common structural factor f on both stage dry masses of the [D] model of
docs/reference/vehicles.md sec. 1.6 (stage 1: 35,000 kg; stage 2: 9,000 kg).
To which figure: 17,000 kg to a 'low reference orbit' (Roscosmos via www1.ru 2025-06-17 and
2025-12-27 [P]); the orbit is not published, and is assumed 200 km circular at 51.6 deg from
Site 45/1 (docs/reference/vehicles.md sec. 10).
Everything else Sunkar does in baiterek (SSO, GTO, event times) is a prediction.

Run: .venv/bin/python scripts/calibrate_sunkar.py   (prints JSON; copy the masses into
src/baiterek/data/vehicles/sunkar.toml)
"""

import json
import math

from baiterek import catalog
from baiterek.catalog import _vehicles
from baiterek.constants import WGS84_A
from baiterek.flight import guidance as G
from baiterek.performance.payload import max_payload

BASE_DRY = {"stage1": 35000.0, "stage2": 9000.0}
TARGET_KG = 17000.0


def payload_with_factor(f: float) -> float:
    v = catalog.vehicle("sunkar")
    stages = tuple(s.model_copy(update={"dry_mass_kg": BASE_DRY[s.name] * f}) for s in v.stages)
    _vehicles()["sunkar"] = v.model_copy(update={"stages": stages})
    r = WGS84_A + 200e3
    res = max_payload("sunkar", "baikonur-45-1", G.OrbitTarget(r, 0.0, r, math.radians(51.6)))
    return res.payload_kg


def main():
    f0, p0 = 1.0, payload_with_factor(1.0)
    f1 = 0.9
    p1 = payload_with_factor(f1)
    for _ in range(8):
        f2 = f1 + (TARGET_KG - p1) * (f1 - f0) / (p1 - p0)
        f0, p0, f1, p1 = f1, p1, f2, payload_with_factor(f2)
        if abs(p1 - TARGET_KG) < 5.0:
            break
    print(
        json.dumps(
            {
                "factor": f1,
                "stage1_dry_kg": round(BASE_DRY["stage1"] * f1),
                "stage2_dry_kg": round(BASE_DRY["stage2"] * f1),
                "max_payload_kg": p1,
                "target_kg": TARGET_KG,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
