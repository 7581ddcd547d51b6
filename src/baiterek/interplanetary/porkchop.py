"""Earth-to-Mars porkchops: departure C3, DLA, RLA and arrival v-infinity over a date grid.

Patched conics, as in the reference handbook (Burke, Falck & McGuire, NASA/TM-2010-216764): the
heliocentric Lambert arc (``lambert``) from the Earth's DE421 position at departure to the Mars
system barycentre's at arrival; departure v-infinity = arc velocity - Earth's velocity, arrival
v-infinity = Mars's velocity - arc velocity (a flyby: no capture). C3 = |v_inf|^2. DLA and RLA
are the declination and right ascension of the departure asymptote in ICRF (EME2000) equatorial
axes. Types I and II (prograde transfer angle below / above 180 deg) are kept apart; each type's
minimum-C3 point of the grid is refined by ``scipy.optimize.minimize`` (Nelder-Mead, staying in
its type). SI inside: m^2/s^2, rad, m/s; TDB Julian dates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import brentq, minimize

from baiterek.constants import MU_SUN, SECONDS_PER_DAY
from baiterek.errors import InputError
from baiterek.interplanetary.ephemeris import (
    EPHEMERIS_NAME,
    heliocentric_state,
    jd_tdb_from_utc,
    utc_from_jd_tdb,
)
from baiterek.interplanetary.lambert import TYPE_I, TYPE_II, lambert_batch, transfer_type

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Departure",
    "MinimumC3",
    "Porkchop",
    "departure",
    "opportunity_grid",
    "porkchop",
]

TYPE_NAMES = {TYPE_I: "I", TYPE_II: "II"}
MIN_TOF_DAYS = 90.0
"""Shortest Earth-Mars time of flight put on a grid, days (faster arcs need C3 > 60 km2/s2)."""
HOHMANN_PHASE = math.radians(44.3)
"""Mars's lead over the Earth in heliocentric longitude at a Hohmann departure (circular,
coplanar orbits of 1.000 and 1.524 AU: pi (1 - ((1 + 1.524) / (2 * 1.524))^1.5), derived)."""
DEPARTURE_SPAN_DAYS = (-60, 60)
"""Departure grid around the date of the Hohmann phase angle, days: holds both types' minima of
every opportunity 2016-2037 but 2020's Type II (+78 d), checked on a 300 x 250 grid."""
ARRIVAL_SPAN_DAYS = (180, 500)
"""Arrival grid after the first departure date, days."""


@dataclass(frozen=True, slots=True)
class Departure:
    """One Earth-Mars arc: departure energy and asymptote, arrival v-infinity (SI, rad)."""

    departure_jd: float  # TDB
    arrival_jd: float  # TDB
    c3: float  # m^2/s^2
    dla: float  # rad, ICRF
    rla: float  # rad, ICRF
    vinf_arrival: float  # m/s
    kind: int  # TYPE_I | TYPE_II

    def to_json(self) -> dict[str, Any]:
        dep, arr = utc_from_jd_tdb(np.array([self.departure_jd, self.arrival_jd]))
        return {
            "type": TYPE_NAMES[self.kind],
            "departure_utc": dep,
            "arrival_utc": arr,
            "time_of_flight_days": round(self.arrival_jd - self.departure_jd, 2),
            "c3_km2_s2": round(self.c3 / 1e6, 4),
            "dla_deg": round(math.degrees(self.dla), 3),
            "rla_deg": round(math.degrees(self.rla) % 360.0, 3),
            "vinf_arrival_km_s": round(self.vinf_arrival / 1e3, 4),
        }


MinimumC3 = Departure
"""The minimum-C3 arc of one transfer type (same fields)."""


def _arcs(
    jd_dep: np.ndarray, jd_arr: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Arcs for broadcastable departure/arrival dates: (c3, dla, rla, vinf_arr, kind)."""
    jd_dep, jd_arr = np.broadcast_arrays(np.asarray(jd_dep, float), np.asarray(jd_arr, float))
    r1, ve = heliocentric_state("earth", jd_dep, "departure_utc")
    r2, vm = heliocentric_state("mars", jd_arr, "arrival_utc")
    tof = (jd_arr - jd_dep) * SECONDS_PER_DAY
    v1, v2 = lambert_batch(MU_SUN, r1, r2, tof)
    vinf = v1 - ve
    c3 = np.sum(vinf * vinf, axis=-1)
    speed = np.sqrt(c3)
    dla = np.arcsin(np.clip(vinf[..., 2] / np.where(speed > 0, speed, 1.0), -1.0, 1.0))
    rla = np.arctan2(vinf[..., 1], vinf[..., 0])
    vinf_arr = np.linalg.norm(vm - v2, axis=-1)
    return c3, dla, rla, vinf_arr, transfer_type(r1, r2)


def departure(departure_utc: str, arrival_utc: str) -> Departure:
    """The arc between two UTC instants (ISO 8601): its C3, DLA, RLA and arrival v-infinity."""
    j1 = jd_tdb_from_utc(departure_utc, "departure_utc")
    j2 = jd_tdb_from_utc(arrival_utc, "arrival_utc")
    if j2 <= j1:
        raise InputError("arrival_utc", arrival_utc, f"a time after the departure {departure_utc}")
    c3, dla, rla, va, kind = _arcs(np.array([j1]), np.array([j2]))
    if not np.isfinite(c3[0]):
        raise InputError("arrival_utc", arrival_utc, "dates between which a Lambert arc exists")
    return Departure(j1, j2, float(c3[0]), float(dla[0]), float(rla[0]), float(va[0]), int(kind[0]))


@dataclass(frozen=True, slots=True)
class Porkchop:
    """Earth-Mars arcs over a departure x arrival grid (arrays (n_dep, n_arr), SI, rad, NaN off)."""

    opportunity: int | None
    departure_jd: np.ndarray  # (n_dep,) TDB
    arrival_jd: np.ndarray  # (n_arr,) TDB
    c3: np.ndarray  # m^2/s^2
    dla: np.ndarray  # rad
    rla: np.ndarray  # rad
    vinf_arrival: np.ndarray  # m/s
    kind: np.ndarray  # TYPE_I | TYPE_II (0 off the grid's valid part)
    minimum_c3: tuple[Departure, ...]
    ephemeris: str = EPHEMERIS_NAME
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("departure_jd", "arrival_jd", "c3", "dla", "rla", "vinf_arrival", "kind"):
            getattr(self, name).flags.writeable = False

    def __repr__(self) -> str:
        best = ", ".join(
            f"type {TYPE_NAMES[m.kind]} {m.c3 / 1e6:.2f} km2/s2" for m in self.minimum_c3
        )
        return (
            f"Porkchop({self.opportunity}, {self.departure_jd.size} x {self.arrival_jd.size}"
            f" days; min C3 {best})"
        )

    def departure_utc(self) -> list[str]:
        return utc_from_jd_tdb(self.departure_jd)

    def arrival_utc(self) -> list[str]:
        return utc_from_jd_tdb(self.arrival_jd)

    def summary(self) -> dict[str, Any]:
        dep, arr = self.departure_utc(), self.arrival_utc()
        return {
            "opportunity": self.opportunity,
            "ephemeris": self.ephemeris,
            "departure_from_utc": dep[0],
            "departure_to_utc": dep[-1],
            "arrival_from_utc": arr[0],
            "arrival_to_utc": arr[-1],
            "grid_points": int(self.c3.size),
            "step_days": float(self.departure_jd[1] - self.departure_jd[0])
            if self.departure_jd.size > 1
            else None,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per valid grid point (departure, arrival, type, C3 km2/s2, DLA/RLA deg)."""
        import pandas as pd

        i, j = np.nonzero(np.isfinite(self.c3))
        dep, arr = np.array(self.departure_utc()), np.array(self.arrival_utc())
        return pd.DataFrame(
            {
                "departure_utc": dep[i],
                "arrival_utc": arr[j],
                "time_of_flight_days": self.arrival_jd[j] - self.departure_jd[i],
                "type": [TYPE_NAMES[int(k)] for k in self.kind[i, j]],
                "c3_km2_s2": self.c3[i, j] / 1e6,
                "dla_deg": np.degrees(self.dla[i, j]),
                "rla_deg": np.degrees(self.rla[i, j]) % 360.0,
                "vinf_arrival_km_s": self.vinf_arrival[i, j] / 1e3,
            }
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "minimum_c3": [m.to_json() for m in self.minimum_c3],
            "notes": list(self.notes),
        }


def _phase_date(year: int) -> float:
    """TDB Julian date, between Feb of ``year`` and Apr of the next, when Mars leads the Earth
    by the Hohmann phase angle (ecliptic longitudes, DE421)."""
    from baiterek.interplanetary.lambert import ICRF_TO_ECLIPTIC

    def lead(jd: np.ndarray) -> np.ndarray:
        re, _ = heliocentric_state("earth", jd, "opportunity")
        rm, _ = heliocentric_state("mars", jd, "opportunity")
        e, m = re @ ICRF_TO_ECLIPTIC.T, rm @ ICRF_TO_ECLIPTIC.T
        d = np.arctan2(m[..., 1], m[..., 0]) - np.arctan2(e[..., 1], e[..., 0])
        return np.asarray((d - HOHMANN_PHASE + math.pi) % (2 * math.pi) - math.pi)

    j0 = jd_tdb_from_utc(f"{year}-02-01", "opportunity")
    jd = j0 + np.arange(0.0, 425.0, 5.0)
    f = lead(jd)
    # the lead falls through the phase angle once per synodic period (Earth gains on Mars)
    idx = np.nonzero((f[:-1] > 0) & (f[1:] <= 0) & (np.abs(f[:-1] - f[1:]) < 1.0))[0]
    if idx.size == 0:
        raise InputError("opportunity", year, "a year with an Earth-Mars departure window")
    k = int(idx[0])
    return float(brentq(lambda x: float(lead(np.array([x]))[0]), jd[k], jd[k + 1], xtol=1e-3))


def opportunity_grid(year: int, step_days: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(departure, arrival) TDB Julian date axes of the ``year`` opportunity, ``step_days`` apart."""
    if not 1900 <= int(year) <= 2052:
        raise InputError("opportunity", year, "a year whose window lies inside DE421 (1900-2052)")
    if not 0.05 <= step_days <= 10.0:
        raise InputError("step_days", step_days, "0.05 to 10 days")
    day = utc_from_jd_tdb(np.array([_phase_date(int(year))]))[0][:10]
    centre = jd_tdb_from_utc(day, "opportunity")  # 00:00 UTC of the phase-angle day
    dep = centre + np.arange(DEPARTURE_SPAN_DAYS[0], DEPARTURE_SPAN_DAYS[1] + 1e-9, step_days)
    arr = dep[0] + np.arange(ARRIVAL_SPAN_DAYS[0], ARRIVAL_SPAN_DAYS[1] + 1e-9, step_days)
    return dep, arr


def _refine(jd_dep: float, jd_arr: float, kind: int) -> Departure:
    """Nelder-Mead on (departure, arrival) from a grid point, kept in its transfer type."""

    x0 = np.array([jd_dep, jd_arr])

    def f(d: np.ndarray) -> float:  # d: days from the grid point
        x = x0 + d
        if x[1] - x[0] < 1.0:
            return 1e12
        c3, _, _, _, k = _arcs(np.array([x[0]]), np.array([x[1]]))
        if not np.isfinite(c3[0]) or int(k[0]) != kind:
            return 1e12
        return float(c3[0]) / 1e6

    simplex = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]])
    res = minimize(
        f, np.zeros(2), method="Nelder-Mead",
        options={"xatol": 1e-3, "fatol": 1e-8, "initial_simplex": simplex, "maxiter": 400},
    )  # fmt: skip
    x = x0 + res.x if res.fun < f(np.zeros(2)) else x0
    c3, dla, rla, va, k = _arcs(np.array([x[0]]), np.array([x[1]]))
    return Departure(float(x[0]), float(x[1]), float(c3[0]), float(dla[0]), float(rla[0]),
                     float(va[0]), int(k[0]))  # fmt: skip


def porkchop(
    opportunity: int | None = None,
    *,
    departure_jd: np.ndarray | None = None,
    arrival_jd: np.ndarray | None = None,
    step_days: float = 1.0,
    refine: bool = True,
) -> Porkchop:
    """The Earth-Mars porkchop of an opportunity year (or of given TDB date axes).

    Arcs shorter than MIN_TOF_DAYS are left NaN. ``refine``: each type's grid minimum is polished
    by Nelder-Mead (``minimum_c3``), else the grid minimum itself is reported.
    """
    if departure_jd is None or arrival_jd is None:
        if opportunity is None:
            raise InputError("opportunity", None, "a year (2026, 2028, 2031, ...) or date axes")
        departure_jd, arrival_jd = opportunity_grid(opportunity, step_days)
    dep = np.asarray(departure_jd, float)
    arr = np.asarray(arrival_jd, float)
    tof = arr[None, :] - dep[:, None]
    ok = tof >= MIN_TOF_DAYS
    i, j = np.nonzero(ok)
    c3 = np.full(tof.shape, np.nan)
    dla, rla, va = c3.copy(), c3.copy(), c3.copy()
    kind = np.zeros(tof.shape, dtype=np.int8)
    c3[i, j], dla[i, j], rla[i, j], va[i, j], kind[i, j] = _arcs(dep[i], arr[j])
    minima, notes = [], []
    for k in (TYPE_I, TYPE_II):
        masked = np.where((kind == k) & np.isfinite(c3), c3, np.inf)
        if not np.isfinite(masked).any():
            continue
        a, b = np.unravel_index(int(np.argmin(masked)), masked.shape)
        if a in (0, dep.size - 1) or b in (0, arr.size - 1):
            notes.append(f"type {TYPE_NAMES[k]}: the minimum C3 lies on the grid's edge")
        if refine:
            minima.append(_refine(float(dep[a]), float(arr[b]), k))
        else:
            minima.append(
                Departure(
                    float(dep[a]),
                    float(arr[b]),
                    float(c3[a, b]),
                    float(dla[a, b]),
                    float(rla[a, b]),
                    float(va[a, b]),
                    k,
                )  # fmt: skip
            )
    return Porkchop(
        opportunity, dep, arr, c3, dla, rla, va, kind, tuple(minima), notes=tuple(notes)
    )
