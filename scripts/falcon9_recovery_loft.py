"""The flight-path angle at MECO of recovered Falcon 9 boosters, by kind of flight: the loft of
the two telemetry validation flights (``examples/falcon-9-crs16.toml``,
``examples/falcon-9-bangabandhu1.toml``: ``cutoff_flight_path_angle_deg``), taken from their
sibling flights, never from the validation flights themselves.

A booster kept for its return cuts off early and lofted, so that its return burns cancel less
horizontal speed; the guidance's mass-optimal pitch-over flies flatter (29 deg at CRS-16's MECO
against a flown 44 deg; 22 deg at Bangabandhu-1's against 25 deg). How lofted is SpaceX's choice,
not published; the flights of the same kind show it. Source: the public dataset
shahar603/Telemetry-Data (webcast telemetry, public domain). Landing modes from en.wikipedia
"List of Falcon 9 and Falcon Heavy launches" (2016-2018 sections). Two calibration sets:

- ``rtls-dragon``, for CRS-16: every Dragon 1 cargo flight of the dataset whose booster returned
  to LZ-1: CRS-9, CRS-10, CRS-11, CRS-12, CRS-13. Left out: CRS-8 (drone-ship landing), CRS-14
  (no landing attempt).
- ``asds-gto``, for Bangabandhu-1: the geostationary-transfer flights of the dataset with a
  drone-ship landing attempt: SES-9, JCSAT-2B, Thaicom 8, ABS-2A/Eutelsat 117W B, JCSAT-16,
  SES-10, BulgariaSat-1, SES-11, Koreasat 5A, Telstar 19V, Es'hail 2. Left out: the expended
  boosters (EchoStar 23, Inmarsat-5 F4, Intelsat 35e, SES-12, GPS III SV01) and those flown
  without a ship landing (GovSat-1, Hispasat 30W-6).

The sets mix Falcon 9 versions (Full Thrust, Block 4, Block 5); the spread printed says how much
the loft varies within a kind. The validation flights are printed apart, for comparison only.

Method: the overlay's raw samples (30 per second) of the stack before MECO (``<flight> raw.json``,
else ``stage1 raw.json``, else ``stage2 raw.json``, which follows the stack until separation;
altitude km, speed m/s, Earth-relative); a quadratic fitted to the altitude over the 8 s before
MECO (``events.json``) gives the climb rate at MECO, and asin(climb rate / speed) the geodetic
flight-path angle (baiterek's is geocentric: they differ by under 0.2 deg at Cape Canaveral).
The loft used is the mean over the calibration set, its spread printed beside it.

Run (the dataset is not in this repository; fetch it first):
``python scripts/falcon9_recovery_loft.py PATH-TO/Telemetry-Data`` (a checkout, or a bare clone:
``.git`` directories are read with ``git show``). Prints JSON. Its output on 2026-12-02 is
recorded in ``docs/reference/falcon9-recovery-loft.md``.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np

SETS = {
    "rtls-dragon": (
        ("SpaceX CRS-9", "SpaceX CRS-10", "SpaceX CRS-11", "SpaceX CRS-12", "SpaceX CRS-13"),
        ("SpaceX CRS-16",),
    ),
    "asds-gto": (
        ("SES-9", "JCSAT-2B", "Thaicom 8", "ABS-2A", "JCSAT-16", "SES-10", "BulgariaSat-1",
         "SES-11", "KoreaSat 5A", "TelStar v19", "Eshail 2"),
        ("Bangabandhu-1",),
    ),
}  # fmt: skip
"""{set: (calibration flights, validation flights)}: dataset folder names."""
FIT_WINDOW_S = 8.0
"""Seconds of altitude samples before MECO fitted by the quadratic."""


def read_json(root: Path, rel: str) -> dict | None:
    if root.name == ".git" or (root / "HEAD").is_file() and not (root / ".git").exists():
        r = subprocess.run(["git", "-C", str(root), "show", f"HEAD:{rel}"], capture_output=True,
                           text=True, check=False)  # fmt: skip
        return json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else None
    p = root / rel
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def meco_state(root: Path, flight: str) -> dict:
    """MECO time (s), speed (m/s), altitude (km) and flight-path angle (deg) of one flight."""
    events = read_json(root, f"{flight}/JSON/events.json")
    if not events or not events.get("meco"):
        raise SystemExit(f"{flight}: no MECO in events.json under {root}")
    t_meco = float(events["meco"])
    names = (f"{flight} raw.json", "Telstar 19v.json", "stage1 raw.json", "stage2 raw.json")
    for name in names:  # the stack's own file first; the first covering the fit window
        raw = read_json(root, f"{flight}/JSON/{name}")
        if raw is None:
            continue
        t = np.asarray(raw["time"], float)
        h = np.asarray(raw["altitude"], float) * 1e3
        v = np.asarray(raw["velocity"], float)
        k = (t >= t_meco - FIT_WINDOW_S) & (t <= t_meco)
        if k.sum() >= 30:
            break
    else:
        raise SystemExit(f"{flight}: no raw telemetry covers the {FIT_WINDOW_S:g} s before MECO")
    c = np.polyfit(t[k] - t_meco, h[k], 2)
    climb = float(c[1])  # m/s at MECO
    speed = float(np.median(v[(t >= t_meco - 0.5) & (t <= t_meco)]))
    return {
        "flight": flight,
        "meco_s": t_meco,
        "speed_m_s": round(speed, 1),
        "altitude_km": round(float(c[2]) / 1e3, 2),
        "flight_path_angle_deg": round(math.degrees(math.asin(min(1.0, climb / speed))), 2),
        "samples": int(k.sum()),
    }


def main(root: str) -> dict:
    base = Path(root)
    out: dict = {"source": "shahar603/Telemetry-Data (webcast telemetry, public domain)"}
    for kind, (calibration, validation) in SETS.items():
        cal = [meco_state(base, f) for f in calibration]
        angles = np.array([c["flight_path_angle_deg"] for c in cal])
        out[kind] = {
            "calibration": cal,
            "loft_deg": round(float(angles.mean()), 1),
            "loft_spread_deg": round(float(angles.std(ddof=1)), 1),
            "validation_not_used": [meco_state(base, f) for f in validation],
        }
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/falcon9_recovery_loft.py PATH-TO/Telemetry-Data")
    print(json.dumps(main(sys.argv[1]), indent=2))
