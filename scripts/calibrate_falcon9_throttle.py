"""Falcon 9 Block 5 stage-1 throttle schedule, calibrated on held-out webcast telemetry (issue 14).

What is fitted: the stage-1 throttle (ratio to the Merlin 1D+'s rated thrust) of the catalog
vehicle ``falcon-9`` in three phases set by each flight's own event times (its events.json):
``k_liftoff`` from liftoff to the start of the max-Q throttle-down, ``k_bucket`` through the
throttle-down, ``k_after`` from its end to MECO. Nothing else of the catalog is changed.

On which flights: the Block 5 flights (Block 5 began with Bangabandhu-1, 2018-05-11) of the public
dataset shahar603/Telemetry-Data (webcast overlay telemetry, Unlicense; mirrored read-only, see
``tests/validation/data/falcon9-calibration/README.md``) **except the two validation flights,
CRS-16 and Bangabandhu-1, whose data are never read here**. Each flight is flown as flown: its
payload (a public source per flight in ``FLIGHTS``), its launch site (KSC LC-39A is not in the
catalog: those flights are flown from CCSFS SLC-40, 5.6 km to the south), its MECO and
second-stage ignition (events.json), its own flight-path angle at MECO (``LOFT_FILE``, from its
raw telemetry by ``scripts/falcon9_recovery_loft.py``'s method: the booster's loft, which the
mass-optimal pitch-over does not fly; without it the throttle fit absorbed the trajectory's shape,
DM-1's fit rms was 4.4 % against 1.3 % with it) and a target orbit derived from its own SECO-1 state as
``scripts/telemetry_target_orbits.py`` does (level flight at the SECO-1 altitude and speed; its
``seco_orbit`` is imported). SSO-A's telemetry ends before SECO-1: its published 575 km
sun-synchronous orbit is flown instead.

Method: for each flight, (k_liftoff, k_bucket, k_after) minimise by least squares
(scipy.optimize.least_squares from three starts, the best kept; bounds = the engine's 0.40-1.0
range) the misfit of stage-1 Earth-relative speed and geodetic altitude at the telemetry's 10 s
marks from T+10 s to MECO, each divided by the flight's telemetry value at MECO (so 0.01 = 1 % of
the MECO value). Each evaluation flies the flight through ``baiterek.flight.simulate.fly`` (the
guidance re-solved for the configured vehicle) from a mission file written to a temporary
directory; a schedule that burns more than the stage holds, or leaves the orbit out of reach,
scores the worst misfit. The schedule is the mean over the flights in the fit, with its standard
deviation, also per recovery mode (drone ship, return to launch site, expendable). A flight is
kept out of the mean only for a defect of its data found before any fit (``EXCLUDED``, with the
reason); its fit is still reported. How well the schedule transfers to a flight it was not fitted
on is measured by leave-one-out (the mean of the other flights, flown on each one: its MECO miss).

Data: ``--extract`` reads a clone of the dataset (``--mirror``, see ``MIRROR``) and writes the small CSVs (10 s medians of the
raw 30 frame/s samples within +/-0.5 s of each mark, the MECO mark, then the second stage to its
SECO-1 sample) to ``tests/validation/data/falcon9-calibration/``; the fit reads only those CSVs.

Run (about 2 minutes on 2 cores, plus the kernel's first compilation; prints JSON; ``--write``
stores it in ``RESULT``):
``PYTHONPATH=src python scripts/calibrate_falcon9_throttle.py [--extract] [--write]``.
``tests/validation/test_falcon9_throttle_calibration.py`` checks the stored result against the
mission files and re-flies each flight at its stored throttles (it does not redo the fit).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from falcon9_recovery_loft import meco_state  # noqa: E402
from telemetry_target_orbits import seco_orbit  # noqa: E402

from baiterek import catalog  # noqa: E402
from baiterek.errors import InfeasibleError, InputError  # noqa: E402
from baiterek.flight.simulate import fly  # noqa: E402
from baiterek.mission import load_mission  # noqa: E402

MIRROR = Path(os.environ.get("BAITEREK_TELEMETRY_DATA", "Telemetry-Data/.git"))
"""A clone of shahar603/Telemetry-Data (its ``.git`` directory, read with ``git show``): the
``--mirror`` option or ``BAITEREK_TELEMETRY_DATA``; needed by ``--extract`` only."""
DATA = ROOT / "tests/validation/data/falcon9-calibration"
RESULT = ROOT / "src/baiterek/data/calibration/falcon9-stage1-throttle.json"
SECO1_FILE = "seco1.csv"
LOFT_FILE = "meco_flight_path_angle.csv"
"""Each calibration flight's own flight-path angle at MECO (``falcon9_recovery_loft.meco_state``
on its raw telemetry): each is flown with it (``cutoff_flight_path_angle_deg``), so that the
throttle fit does not absorb a pitch program the mass-optimal guidance does not fly."""
VALIDATION = ("SpaceX CRS-16", "Bangabandhu-1")
"""Dataset directories never read by this script (the held-out validation flights)."""
K_BOUNDS = (0.40, 1.0)
"""Merlin 1D+ throttle range of the catalog (src/baiterek/data/vehicles/falcon-9.toml)."""
K_STARTS = ((0.94, 0.94, 0.94), (0.95, 0.75, 0.85), (0.90, 0.90, 0.90))
"""Starts of each fit (the best end is kept: the misfit is flat in k_bucket and a little noisy
from the guidance's re-solve): the catalog's constant 0.94 [D] (``base_throttle`` where that
runs dry before MECO), a bucket guess, and a flat 0.90."""
FIT_FROM_S = 10.0
"""s: the first telemetry mark fitted (T+0 is the pad)."""


@dataclass(frozen=True)
class Flight:
    """One calibration flight. Times s from liftoff (events.json, rounded to 1 s by the dataset)."""

    key: str
    dataset: str  # directory in shahar603/Telemetry-Data
    stack_file: str  # the raw file that follows the stack from T+0
    launch_time_utc: str
    site: str
    site_note: str
    payload_kg: float
    payload_source: str
    recovery: str  # "drone ship" | "RTLS" | "expendable"
    recovery_source: str
    inclination_deg: float | None  # None: kind = "sso"
    inclination_source: str
    throttle_down: tuple[float, float]
    meco_s: float
    ses1_s: float
    fairing: bool = True
    published_orbit_km: float | None = None  # SSO-A: circular altitude when SECO-1 is not seen


FLIGHTS: tuple[Flight, ...] = (
    Flight(
        "telstar19v", "TelStar v19", "stage2 raw", "2018-07-22T05:50:00Z",
        "ccsfs-slc-40", "SLC-40 (spaceflightnow.com 2018/07/22)",
        7075.0, "spaceflightnow.com 2018/07/22 'Falcon 9 lifts off with Telstar 19 VANTAGE': "
        "nearly 15,600 lb (7,075 kg)",
        "drone ship", "OCISLY (spaceflightnow.com 2018/07/22)",
        28.6, "GTO parking orbit: the pad's lowest inclination, assumed (as Bangabandhu-1)",
        (48.0, 60.0), 153.0, 164.0,
    ),
    Flight(
        "iridium7", "Iridium NEXT 7", "stage2 raw", "2018-07-25T11:39:00Z",
        "vandenberg-slc-4e", "SLC-4E (spaceflightinsider.com 2018/07/18)",
        9600.0, "10 x 860 kg satellites (seradata.com, Iridium NEXT 3) + about 1,000 kg "
        "dispenser [U] (not found published)",
        "drone ship", "JRTI (cbsnews.com 2018/07/25)",
        86.4, "Iridium NEXT TLEs: 86.39 deg (huggingface juliensimon/constellation-tle-latest "
        "iridium.tle) [B]",
        (48.0, 63.0), 146.0, 157.0,
    ),
    Flight(
        "iridium8", "Iridium NEXT 8", "stage1 raw", "2019-01-11T15:31:00Z",
        "vandenberg-slc-4e", "SLC-4E (parabolicarc.com 2019/01/11)",
        9600.0, "10 x 860 kg satellites (seradata.com, Iridium NEXT 3) + about 1,000 kg "
        "dispenser [U] (not found published)",
        "drone ship", "JRTI (parabolicarc.com 2019/01/11)",
        86.4, "Iridium NEXT TLEs: 86.39 deg (huggingface juliensimon/constellation-tle-latest "
        "iridium.tle) [B]",
        (55.0, 76.0), 150.0, 160.0,
    ),
    Flight(
        "saocom1a", "SAOCOM 1A", "stage1 raw", "2018-10-08T02:21:28Z",
        "vandenberg-slc-4e", "SLC-4E (parabolicarc.com 2018/10/08)",
        3050.0, "en.wikipedia SAOCOM infobox: launch mass 3,050 kg",
        "RTLS", "LZ-4 (parabolicarc.com 2018/10/08)",
        97.89, "en.wikipedia SAOCOM: sun-synchronous 620 km, 97.89 deg",
        (52.0, 79.0), 142.0, 153.0,
    ),
    Flight(
        "sso_a", "SSO-A", "stage2 raw", "2018-12-03T18:34:05Z",
        "vandenberg-slc-4e", "SLC-4E (spaceflightnow.com 2018/12/03)",
        4000.0, "inverse.com (SSO-A preview, 2018-11): 'weighs around 4,000 kg in total'",
        "drone ship", "JRTI (mundusmediaink.com 2018/12, launch report)",
        None, "sun-synchronous, computed by baiterek for 575 km (spaceflightnow.com 2018/12/03)",
        (53.0, 75.0), 143.0, 154.0, published_orbit_km=575.0,
    ),
    Flight(
        "gps3sv01", "GPS III SV01", "stage2 raw", "2018-12-23T13:51:00Z",
        "ccsfs-slc-40", "SLC-40 (kcfj570.com / CBS News 2018/12/23)",
        3880.0, "GPS Block III launch mass 3,880 kg (en.wikipedia GPS Block III infobox, "
        "via handwiki.org copy)",
        "expendable", "no legs or grid fins (spaceflightnow.com 2018/12/17)",
        55.0, "GPS transfer orbit 55 deg (spaceflightnow.com 2020/11/06, GPS III SV04)",
        (43.0, 78.0), 168.0, 179.0,
    ),
    Flight(
        "dm1", "DM-1", "stage2 raw", "2019-03-02T07:49:03Z",
        "ccsfs-slc-40", "flown from KSC LC-39A (en.wikipedia Crew Dragon Demo-1), 5.6 km to the "
        "north; LC-39A is not in the catalog",
        12055.0, "en.wikipedia Crew Dragon Demo-1 infobox: launch mass 12,055 kg",
        "drone ship", "OCISLY (ospreywatch.org Crew Dragon Demo-1)",
        51.6, "ISS (en.wikipedia Crew Dragon Demo-1)",
        (44.0, 71.0), 158.0, 169.0, fairing=False,
    ),
    Flight(
        "eshail2", "Eshail 2", "stage2 raw", "2018-11-15T20:46:00Z",
        "ccsfs-slc-40", "flown from KSC LC-39A (nasaspaceflight.com 2018/11), 5.6 km to the "
        "north; LC-39A is not in the catalog",
        5300.0, "satcesc.com 2018/11/18: 5,300 kg",
        "drone ship", "OCISLY (prensariotiretail.com 2018/11/16)",
        28.6, "GTO parking orbit: the pad's lowest inclination, assumed (as Bangabandhu-1)",
        (40.0, 86.0), 152.0, 162.0,
    ),
)  # fmt: skip
"""The calibration flights; events (throttle-down, MECO, SES-1) from each flight's events.json.
Iridium NEXT 8 and SAOCOM 1A have no SES-1 in theirs: MECO + 10 s and + 11 s assumed (the other
flights' MECO-to-SES-1 gap is 10-11 s)."""

EXCLUDED = {
    "eshail2": "data defect found before any fit: the speed reads 22.5 m/s at T+0 on the pad "
    "(the other flights 0.3-0.6 m/s) and the telemetry stops at T+480 s, before SECO-1; its "
    "parking orbit is taken as Telstar 19V's (same pad latitude, both GTO)",
}
"""Flights fitted and reported but kept out of the mean, with the reason."""


# --- data: the mirror to small CSVs ------------------------------------------------------------


def _git_json(path: str) -> dict:
    if any(path.startswith(v + "/") for v in VALIDATION):
        raise ValueError(f"{path}: a validation flight, never read by the calibration")
    out = subprocess.run(["git", "-C", str(MIRROR), "show", f"HEAD:{path}"], check=True,
                         capture_output=True).stdout  # fmt: skip
    return json.loads(out)


def _raw(dataset: str, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t s, speed m/s, altitude km) of one raw file of the dataset."""
    d = _git_json(f"{dataset}/JSON/{name}.json")
    return (
        np.asarray(d["time"], float),
        np.asarray(d["velocity"], float),
        np.asarray(d["altitude"], float),
    )


def median_at(t: np.ndarray, y: np.ndarray, marks: np.ndarray, half_s: float = 0.5) -> np.ndarray:
    """Median of the samples within +/- half_s of each mark (NaN where none)."""
    out = np.full(len(marks), np.nan)
    for i, m in enumerate(marks):
        sel = (t >= m - half_s) & (t <= m + half_s)
        if sel.any():
            out[i] = float(np.median(y[sel]))
    return out


def seco1_sample(t: np.ndarray, v: np.ndarray, h: np.ndarray, window: tuple[float, float]):
    """(t s, altitude km, speed m/s) at SECO-1: the first 1 s mark within ``window`` where the
    1 s-median speed stops rising (< 2 m/s^2) after a burn (> 10 m/s^2); None if not seen."""
    marks = np.arange(np.ceil(max(window[0], t[0])), np.floor(min(window[1], t[-1])) + 1.0)
    vm, hm = median_at(t, v, marks), median_at(t, h, marks)
    acc = np.gradient(vm, marks)
    burning = False
    for i in range(len(marks)):
        if not np.isfinite(acc[i]):
            continue
        if acc[i] > 10.0:
            burning = True
        elif burning and acc[i] < 2.0:
            return float(marks[i]), float(hm[i]), float(vm[i])
    return None


SECO1_WINDOW_S = (100.0, 600.0)
"""s after SES-1 where SECO-1 is looked for (Falcon 9's first burn lasts about 5.5-7.5 min)."""


def _finite_rows(t: np.ndarray, h: np.ndarray, v: np.ndarray) -> list[tuple[float, float, float]]:
    return [(float(a), float(b), float(c)) for a, b, c in zip(t, h, v, strict=True)
            if np.isfinite(c)]  # fmt: skip


def extract(f: Flight):
    """Rows (t s, altitude km, speed m/s): 10 s marks to MECO, the MECO mark, then the second
    stage's 10 s marks to its SECO-1 sample (the last row, when seen); and that sample or None."""
    t1, v1, h1 = _raw(f.dataset, f.stack_file)
    marks = np.append(np.arange(0.0, f.meco_s, 10.0), f.meco_s)
    rows = _finite_rows(marks, median_at(t1, h1, marks), median_at(t1, v1, marks))
    t2, v2, h2 = _raw(f.dataset, "stage2 raw")
    window = (f.ses1_s + SECO1_WINDOW_S[0], f.ses1_s + SECO1_WINDOW_S[1])
    seco = seco1_sample(t2, v2, h2, window)
    end = seco[0] if seco else min(t2[-1], window[1])
    marks2 = np.arange(np.ceil((f.meco_s + 1.0) / 10.0) * 10.0, end, 10.0)
    rows += _finite_rows(marks2, median_at(t2, h2, marks2), median_at(t2, v2, marks2))
    if seco:
        rows.append(seco)
    return rows, seco


def write_csv(f: Flight, rows) -> Path:
    path = DATA / f"{f.key}.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["t_s", "altitude_km", "speed_m_s"])
        for t, h, v in rows:
            w.writerow([f"{t:g}", f"{h:.1f}", f"{v:.1f}"])
    return path


def read_csv(key: str) -> np.ndarray:
    """(n, 3) array of t s, altitude km, speed m/s from the stored CSV."""
    return np.loadtxt(DATA / f"{key}.csv", delimiter=",", skiprows=1, ndmin=2)


def write_seco1(found: dict[str, tuple[float, float, float] | None]) -> Path:
    """The SECO-1 samples seen (key, t s, altitude km, speed m/s); a flight without one is left
    out."""
    path = DATA / SECO1_FILE
    with path.open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["flight", "t_s", "altitude_km", "speed_m_s"])
        for key, s in found.items():
            if s is not None:
                w.writerow([key, f"{s[0]:g}", f"{s[1]:.1f}", f"{s[2]:.1f}"])
    return path


def seco1_of(key: str) -> tuple[float, float, float] | None:
    """(t s, altitude km, speed m/s) of a flight's SECO-1 sample from ``SECO1_FILE``, or None."""
    with (DATA / SECO1_FILE).open() as fh:
        for row in csv.DictReader(fh):
            if row["flight"] == key:
                return float(row["t_s"]), float(row["altitude_km"]), float(row["speed_m_s"])
    return None


# --- flying a flight ---------------------------------------------------------------------------


def profile(f: Flight, k: tuple[float, float, float]) -> list[list[float]]:
    """throttle_profile rows [[t s, k], ...] of a schedule on a flight's own event times."""
    a, b = f.throttle_down
    return [[0.0, round(k[0], 4)], [a, round(k[1], 4)], [b, round(k[2], 4)]]


def base_throttle(meco_s: float) -> float | None:
    """The constant stage-1 throttle (2 decimals) whose full burn lasts to MECO, when the catalog's
    0.94 does not (GPS III SV01: MECO T+168 s, the catalog's 411 t last 162.1 s at 0.94); else
    None. The configuration checks a cutoff against this constant throttle; a profile from T+0
    replaces it in flight (and is itself checked against the propellant loaded)."""
    st = catalog.vehicle("falcon-9").stage("stage1")
    flow_at_1 = st.engine.mass_flow * st.engines_per_unit
    if st.propellant_mass_kg / (flow_at_1 * st.throttle) >= meco_s:
        return None
    return float(np.floor(100.0 * st.propellant_mass_kg / (flow_at_1 * meco_s)) / 100.0)


def mission_toml(f: Flight, target: dict, k: tuple[float, float, float] | None) -> str:
    """A mission file for the flight as flown (``k`` None: the catalog's constant throttle, or
    ``base_throttle`` when that does not last to MECO)."""
    lines = [
        "[mission]", f'name = "{f.dataset} (calibration)"', 'vehicle = "falcon-9"',
        f'site = "{f.site}"', f"payload_kg = {f.payload_kg}",
        f'launch_time_utc = "{f.launch_time_utc}"', "", "[target]",
    ]  # fmt: skip
    lines += [f"{key} = {json.dumps(val)}" for key, val in target.items()]
    lines += ["", "[configuration]", f"cutoff_s = {{ stage1 = {f.meco_s} }}",
              f"ignition_s = {{ stage2 = {f.ses1_s} }}"]  # fmt: skip
    if (k_base := base_throttle(f.meco_s)) is not None:
        lines.append(f"throttle = {{ stage1 = {k_base} }}")
    if k is not None:
        lines.append(f"throttle_profile = {{ stage1 = {json.dumps(profile(f, k))} }}")
    if (loft := loft_of(f.key)) is not None:
        lines.append(f"cutoff_flight_path_angle_deg = {{ stage1 = {loft} }}")
    if not f.fairing:
        lines.append("fairing = false")
    return "\n".join(lines) + "\n"


def write_lofts() -> Path:
    """``LOFT_FILE``: each calibration flight's flight-path angle at MECO, from the mirror."""
    path = DATA / LOFT_FILE
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["flight", "meco_s", "flight_path_angle_deg"])
        for f in FLIGHTS:
            st = meco_state(MIRROR, f.dataset)
            w.writerow([f.key, st["meco_s"], st["flight_path_angle_deg"]])
    return path


def loft_of(key: str) -> float | None:
    """The flight's own flight-path angle at MECO (deg, ``LOFT_FILE``), or None without the file."""
    path = DATA / LOFT_FILE
    if not path.is_file():
        return None
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            if row["flight"] == key:
                return float(row["flight_path_angle_deg"])
    return None


def fly_file(text: str):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "flight.toml"
        path.write_text(text)
        return fly(load_mission(path))


def target_of(f: Flight, seco: tuple[float, float, float] | None) -> dict:
    """The [target] table: the SECO-1 orbit (telemetry_target_orbits.seco_orbit) or the published
    orbit."""
    if f.published_orbit_km is not None:
        return {"kind": "sso", "altitude_km": f.published_orbit_km}
    if seco is None:
        raise ValueError(f"{f.key}: no SECO-1 sample and no published orbit")
    _, h_km, v = seco
    provisional = {"kind": "circular", "altitude_km": h_km, "inclination_deg": f.inclination_deg}
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "flight.toml"
        path.write_text(mission_toml(f, provisional, None))
        orb = seco_orbit(str(path), h_km, v)
    return {"kind": "elliptical", "perigee_km": orb["perigee_km"], "apogee_km": orb["apogee_km"],
            "inclination_deg": f.inclination_deg}  # fmt: skip


def stage1_misfit(traj, rows: np.ndarray, meco_s: float) -> np.ndarray:
    """Residuals (speed, then altitude) at the telemetry marks from FIT_FROM_S to MECO, each
    divided by the telemetry's value at MECO (dimensionless: 0.01 = 1 % of it)."""
    sel = (rows[:, 0] >= FIT_FROM_S) & (rows[:, 0] <= meco_s + 1e-6)
    t, h_km, v = rows[sel].T
    at_meco = rows[np.argmin(np.abs(rows[:, 0] - meco_s))]
    v_sim = np.interp(t, traj.time, traj.speed_relative)
    h_sim = np.interp(t, traj.time, traj.altitude) / 1e3
    return np.concatenate([(v_sim - v) / at_meco[2], (h_sim - h_km) / at_meco[1]])


def at_meco(traj, rows: np.ndarray, meco_s: float) -> dict:
    """Miss at MECO in % of the telemetry (speed, altitude)."""
    _, h_km, v = rows[np.argmin(np.abs(rows[:, 0] - meco_s))]
    v_sim = float(np.interp(meco_s, traj.time, traj.speed_relative))
    h_sim = float(np.interp(meco_s, traj.time, traj.altitude)) / 1e3
    return {"speed_pct": round(100 * (v_sim / v - 1), 2),
            "altitude_pct": round(100 * (h_sim / h_km - 1), 2)}  # fmt: skip


# --- the fit -----------------------------------------------------------------------------------


def fit_flight(f: Flight, target: dict) -> dict:
    """Least-squares (k_liftoff, k_bucket, k_after) of one flight, with its misfit before/after
    (rms of the residuals in %; MECO misses in % of the telemetry)."""
    rows = read_csv(f.key)

    def residuals(k):
        try:
            return stage1_misfit(fly_file(mission_toml(f, target, tuple(k))), rows, f.meco_s)
        except (InputError, InfeasibleError):  # a profile burning more than is loaded, or an
            # orbit out of reach: the worst misfit (every residual 100 %)
            return np.full(2 * int(((rows[:, 0] >= FIT_FROM_S) & (rows[:, 0] <= f.meco_s)).sum()),
                           1.0)  # fmt: skip

    base = fly_file(mission_toml(f, target, None))
    kb = base_throttle(f.meco_s)
    starts = ((kb,) * 3, *K_STARTS[1:]) if kb else K_STARTS
    sols = [least_squares(residuals, s, bounds=K_BOUNDS, diff_step=0.01, xtol=1e-4, ftol=1e-5)
            for s in starts]  # fmt: skip
    sol = min(sols, key=lambda s: s.cost)
    k = tuple(round(float(x), 3) for x in sol.x)  # stored and flown as rounded
    fitted = fly_file(mission_toml(f, target, k))
    r0, r1 = stage1_misfit(base, rows, f.meco_s), stage1_misfit(fitted, rows, f.meco_s)
    return {
        "k": list(k),
        "at_bound": [bool(abs(x - K_BOUNDS[0]) < 1e-3 or abs(x - K_BOUNDS[1]) < 1e-3) for x in k],
        "rms_pct_catalog": round(100 * float(np.sqrt(np.mean(r0**2))), 2),
        "rms_pct_fitted": round(100 * float(np.sqrt(np.mean(r1**2))), 2),
        "meco_miss_catalog": at_meco(base, rows, f.meco_s),
        "meco_miss_fitted": at_meco(fitted, rows, f.meco_s),
        "evaluations": int(sum(s.nfev for s in sols)),
    }


def summary(ks: list[list[float]]) -> dict:
    """Number of flights, mean and standard deviation (None for one flight) of their k."""
    std = np.asarray(ks, float).std(axis=0, ddof=1) if len(ks) > 1 else None
    return {"n": len(ks), "mean": list(mean_k(ks)),
            "std": None if std is None else [round(float(x), 3) for x in std]}  # fmt: skip


def spread(pcts: list[float]) -> dict:
    """Mean (bias) and rms of misses in %."""
    a = np.asarray(pcts, float)
    return {"mean": round(float(a.mean()), 2), "rms": round(float(np.sqrt(np.mean(a**2))), 2)}


def _one(f: Flight) -> tuple[str, dict]:
    seco = seco1_of("telstar19v" if f.key == "eshail2" else f.key)  # EXCLUDED: Eshail 2
    target = target_of(f, seco)
    out = fit_flight(f, target)
    return f.key, {"target": target, **out}


def mean_k(ks: list[list[float]]) -> tuple[float, float, float]:
    """The schedule: the mean of the flights' (k_liftoff, k_bucket, k_after), rounded to 0.001."""
    m = np.asarray(ks, float).mean(axis=0)
    return round(float(m[0]), 3), round(float(m[1]), 3), round(float(m[2]), 3)


def predicted(f: Flight, target: dict, k: tuple[float, float, float]) -> dict:
    """MECO miss (% of the telemetry) of a flight flown with a schedule it did not set."""
    return at_meco(fly_file(mission_toml(f, target, k)), read_csv(f.key), f.meco_s)


def calibrate(workers: int = 2) -> dict:
    with ProcessPoolExecutor(workers) as ex:
        fits = dict(ex.map(_one, FLIGHTS))
    used = [f for f in FLIGHTS if f.key not in EXCLUDED]
    modes = sorted({f.recovery for f in used})
    schedule = mean_k([fits[f.key]["k"] for f in used])
    for f in used:  # leave-one-out: the mean of the other flights, flown on this one
        others = mean_k([fits[g.key]["k"] for g in used if g is not f])
        miss = predicted(f, fits[f.key]["target"], others)
        fits[f.key]["leave_one_out"] = {"k": list(others), "meco_miss": miss}
        fits[f.key]["meco_miss_schedule"] = predicted(f, fits[f.key]["target"], schedule)
    return {
        "schedule": "k_liftoff from T+0, k_bucket from the throttle-down start, k_after from its "
        "end to MECO (each flight's own events.json times); k = ratio to rated thrust",
        "source": "scripts/calibrate_falcon9_throttle.py on shahar603/Telemetry-Data (Unlicense); "
        "CRS-16 and Bangabandhu-1 never read",
        "flights": {
            f.key: {
                "dataset": f.dataset,
                "payload_kg": f.payload_kg,
                "payload_source": f.payload_source,
                "site": f.site,
                "recovery": f.recovery,
                "throttle_down_s": list(f.throttle_down),
                "meco_s": f.meco_s,
                "ses1_s": f.ses1_s,
                "excluded": EXCLUDED.get(f.key),
                **fits[f.key],
            }
            for f in FLIGHTS
        },
        "all": summary([fits[f.key]["k"] for f in used]),
        "schedule_k": list(schedule),
        "by_recovery": {
            m: summary([fits[f.key]["k"] for f in used if f.recovery == m]) for m in modes
        },
        "meco_speed_miss_pct": {  # over the flights in the fit: how well a schedule transfers
            "catalog": spread([fits[f.key]["meco_miss_catalog"]["speed_pct"] for f in used]),
            "leave_one_out": spread(
                [fits[f.key]["leave_one_out"]["meco_miss"]["speed_pct"] for f in used]
            ),
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extract", action="store_true", help="write the CSVs from the mirror first")
    ap.add_argument("--mirror", type=Path, default=None,
                    help="the dataset clone's .git directory (default $BAITEREK_TELEMETRY_DATA)")  # fmt: skip
    ap.add_argument("--write", action="store_true", help=f"store the result in {RESULT.name}")
    args = ap.parse_args()
    global MIRROR
    if args.mirror is not None:
        MIRROR = args.mirror
    if args.extract:
        DATA.mkdir(parents=True, exist_ok=True)
        found = {}
        for f in FLIGHTS:
            rows, found[f.key] = extract(f)
            write_csv(f, rows)
        write_seco1(found)
        write_lofts()
    result = calibrate()
    text = json.dumps(result, indent=2)
    print(text)
    if args.write:
        RESULT.parent.mkdir(parents=True, exist_ok=True)
        RESULT.write_text(text + "\n")


if __name__ == "__main__":
    main()
