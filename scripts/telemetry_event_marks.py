"""Add the event marks (MECO, second-stage ignition) to the two validation telemetry tables.

``examples/telemetry/f9-crs16-telemetry.csv`` and ``f9-bangabandhu1-gto-telemetry.csv`` hold the
median of the raw webcast samples within +/-0.5 s of each 10 s mark
(``examples/telemetry/README.md``). An event between two marks is then read by interpolating
across a kink: CRS-16's MECO (T+145 s) falls between 1,516 m/s at T+140 s (burning) and
1,595 m/s at T+150 s (coasting), so the interpolated 1,556 m/s is 68 m/s (4 %) below the
1,624.1 m/s the overlay showed at MECO (the dataset's README). This script adds one row per event,
by the same method (median within +/-0.5 s of the event time of ``events.json``), from the same
source (shahar603/Telemetry-Data, public domain: ``<flight>/JSON/stage2 raw.json``, the file the
tables were made from, which follows the stack until separation).

Run (the dataset is not in this repository): ``python scripts/telemetry_event_marks.py
PATH-TO/Telemetry-Data`` (a checkout or a bare clone). It rewrites the two tables in place, rows in
time order; a mark already present is replaced, so it can be run again.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from falcon9_recovery_loft import read_json  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TABLES = {
    "SpaceX CRS-16": ROOT / "examples/telemetry/f9-crs16-telemetry.csv",
    "Bangabandhu-1": ROOT / "examples/telemetry/f9-bangabandhu1-gto-telemetry.csv",
}
EVENTS = ("meco", "ses1")
"""events.json keys added as marks: MECO and second-stage ignition."""
HALF_S = 0.5


def event_rows(root: Path, flight: str) -> list[tuple[float, float, float]]:
    """(t s, altitude km, speed m/s) at each event of ``EVENTS``: medians within +/-0.5 s."""
    events = read_json(root, f"{flight}/JSON/events.json")
    raw = read_json(root, f"{flight}/JSON/stage2 raw.json")
    if not events or not raw:
        raise SystemExit(f"{flight}: no events.json or stage2 raw.json under {root}")
    t = np.asarray(raw["time"], float)
    h = np.asarray(raw["altitude"], float)
    v = np.asarray(raw["velocity"], float)
    rows = []
    for key in EVENTS:
        te = float(events[key])
        sel = (t >= te - HALF_S) & (t <= te + HALF_S)
        if not sel.any():
            raise SystemExit(f"{flight}: no raw sample within {HALF_S} s of {key} T+{te:g} s")
        rows.append((te, float(np.median(h[sel])), float(np.median(v[sel]))))
    return rows


def merge(path: Path, marks: list[tuple[float, float, float]]) -> None:
    with path.open(newline="") as fh:
        old = [(float(r["t_s"]), float(r["altitude_km"]), float(r["speed_m_s"]))
               for r in csv.DictReader(fh)]  # fmt: skip
    times = {m[0] for m in marks}
    rows = sorted([r for r in old if r[0] not in times] + marks)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["t_s", "altitude_km", "speed_m_s"])
        for t, h, v in rows:
            w.writerow([f"{t:g}", f"{h:.1f}", f"{v:.1f}"])


def main(root: str) -> None:
    for flight, path in TABLES.items():
        marks = event_rows(Path(root), flight)
        merge(path, marks)
        print(
            f"{path.name}: " + ", ".join(f"T+{t:g} s {h:.1f} km {v:.1f} m/s" for t, h, v in marks)
        )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/telemetry_event_marks.py PATH-TO/Telemetry-Data")
    main(sys.argv[1])
