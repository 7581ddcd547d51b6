"""The target orbits of the two Falcon 9 telemetry flights, from their SECO-1 state.

No insertion orbit was found published for CRS-16's Dragon or Bangabandhu-1's parking orbit, so
the mission files (``examples/falcon-9-crs16.toml``, ``examples/falcon-9-bangabandhu1.toml``)
take the orbit the second stage reached at SECO-1 as read from the webcast telemetry
(``shared/reference/telemetry/README.md``: the last sample of each table, where the altitude has
levelled off, so the flight-path angle is taken as zero):

- CRS-16: 207 km geodetic, 7,538.6 m/s Earth-relative at T+538.3 s (51.6 deg: ISS);
- Bangabandhu-1: 164 km geodetic, 7,490.8 m/s at T+503.6 s (28.6 deg: the lowest inclination the
  pad reaches, as the flight went due east: spaceflightnow.com 2018/05/11, an assumption).

The latitude, longitude and heading at SECO-1 are those of the baiterek flight of the mission
file (they barely change the orbit's size); this script prints perigee and apogee above the
equatorial radius (the mission files' convention). Because the target comes from the flown
SECO-1 state, the validation's SECO-1 comparison checks the guidance's targeting only; MECO,
second-stage ignition and the burn after 200 s are predictions.

Run: ``PYTHONPATH=src python scripts/telemetry_target_orbits.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from baiterek.constants import OMEGA_EARTH, WGS84_A
from baiterek.earth.geodesy import geodetic_to_ecef
from baiterek.flight.simulate import fly
from baiterek.kepler import state_to_elements
from baiterek.mission import load_mission

ROOT = Path(__file__).resolve().parents[1]
FLIGHTS = {
    "crs16": ("examples/falcon-9-crs16.toml", 207.0, 7538.6),
    "bangabandhu1": ("examples/falcon-9-bangabandhu1.toml", 164.0, 7490.8),
}


def seco_orbit(mission_file: str, altitude_km: float, speed_m_s: float) -> dict[str, float]:
    traj = fly(load_mission(ROOT / mission_file))
    lat, lon = float(traj.latitude[-1]), float(traj.longitude[-1])
    r = geodetic_to_ecef(lat, lon, altitude_km * 1e3)
    v_sim = traj.velocity_ecef[-1]
    up = r / np.linalg.norm(r)
    horizontal = v_sim - np.dot(v_sim, up) * up  # level flight: the sim's heading, no climb
    v_rel = speed_m_s * horizontal / np.linalg.norm(horizontal)
    v_in = v_rel + np.cross([0.0, 0.0, OMEGA_EARTH], r)  # ECEF axes at this instant: inertial
    el = state_to_elements(r, v_in)
    return {
        "perigee_km": round((float(el.a) * (1 - float(el.e)) - WGS84_A) / 1e3, 1),
        "apogee_km": round((float(el.a) * (1 + float(el.e)) - WGS84_A) / 1e3, 1),
        "inclination_deg": round(float(np.degrees(el.i)), 2),
        "latitude_deg": round(float(np.degrees(lat)), 2),
    }


if __name__ == "__main__":
    print(json.dumps({k: seco_orbit(*v) for k, v in FLIGHTS.items()}, indent=2))
