"""Two-line elements: fit SGP4 mean elements to a numerical orbit, read and check TLEs.

The fit (:func:`fit_tle`) is a least-squares fit of SGP4 positions (python-sgp4, WGS-72
constants, 'improved' mode, as the catalogue uses) to the numerically propagated positions
converted to TEME (``baiterek.earth.frames.gcrs_to_teme``) over a span (one day by default).
Free parameters: mean motion, e cos(w), e sin(w), inclination, node and mean longitude
(M + w), non-singular for near-circular orbits; B* is **fixed** by default (0, or the value
given, e.g. from :func:`bstar_from_ballistic_coefficient`) because one day of LEO tracking
does not determine it well; ``fit_bstar=True`` frees it. The elements are then rounded to the
TLE's printed precision, the TLE is written by ``sgp4.exporter.export_tle`` (which computes the
checksums) and read back with ``Satrec.twoline2rv``; the residual reported (RMS and maximum,
km) is that of the TLE *as written*.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from scipy.optimize import least_squares
from sgp4.api import WGS72, Satrec
from sgp4.exporter import export_tle
from skyfield.timelib import Time

from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth import frames
from baiterek.earth.time import offset_time, timescale, to_time, utc_datetime, utc_iso
from baiterek.errors import InfeasibleError, InputError
from baiterek.kepler import state_to_elements

__all__ = [
    "TleFit",
    "fit_tle",
    "tle_from_state",
    "parse_tle",
    "read_tle_file",
    "split_tle_text",
    "tle_checksum",
    "tle_state_gcrs",
    "tle_epoch",
    "bstar_from_ballistic_coefficient",
]

_MU_WGS72_KM = 398600.8  # km^3/s^2, WGS-72 (Hoots & Roehrich 1980, Spacetrack Report No. 3)
_RHO0_BSTAR = 2.461e-5  # kg/m^2/ER, reference density of B* (Vallado 2013, eq. 9-42 context)
_SGP4_ERRORS = {
    1: "mean eccentricity is outside 0 <= e < 1",
    2: "mean motion is below zero",
    3: "perturbed eccentricity is outside 0 <= e <= 1",
    4: "semi-latus rectum is below zero",
    5: "epoch elements are sub-orbital",
    6: "the satellite has decayed",
}


def bstar_from_ballistic_coefficient(ballistic_coefficient_kg_m2: float) -> float:
    """B* (1/earth radii) = rho0 / (2 BC) with rho0 = 2.461e-5 kg/m^2/ER (Vallado 2013, sec. 9.5)."""
    return _RHO0_BSTAR / (2.0 * ballistic_coefficient_kg_m2)


def tle_checksum(line: str) -> int:
    """Modulo-10 checksum of the first 68 characters (digits count, '-' counts 1)."""
    return sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10


def parse_tle(line1: str, line2: str, field: str = "tle") -> Satrec:
    """Check a TLE (format, checksums, elements) and return the python-sgp4 ``Satrec``."""
    l1, l2 = line1.rstrip(), line2.rstrip()
    for k, line in ((1, l1), (2, l2)):
        if len(line) != 69 or not line.startswith(f"{k} "):
            raise InputError(field, line, f"line {k} of a TLE: 69 characters starting with '{k} '")
        if not line[68].isdigit() or int(line[68]) != tle_checksum(line):
            raise InputError(
                field,
                line,
                "a TLE line with a correct checksum",
                f"line {k} checksum is {line[68]}, computed {tle_checksum(line)}",
            )
    if l1[2:7] != l2[2:7]:
        raise InputError(field, (l1[2:7], l2[2:7]), "the same catalogue number on both lines")
    try:
        sat = Satrec.twoline2rv(l1, l2)
    except (ValueError, IndexError) as exc:
        raise InputError(field, l2, "a TLE with well-formed numbers", str(exc)) from None
    year = sat.epochyr + (2000 if sat.epochyr < 57 else 1900)
    days_in_year = 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365
    if not 1.0 <= sat.epochdays < days_in_year + 1.0:
        raise InputError(
            field,
            l1,
            f"a day of year from 1 to {days_in_year + 1} (exclusive) in {year}",
            f"the TLE epoch's day of year is {sat.epochdays:.8f}",
        )
    inc = math.degrees(sat.inclo)
    if not (0.0 <= inc <= 180.0) or not (0.0 <= sat.ecco < 1.0) or sat.no_kozai <= 0.0:
        raise InputError(
            field, l2, "elements with 0 <= i <= 180 deg, 0 <= e < 1 and mean motion > 0"
        )
    perigee_km = sat.a * (1.0 - sat.ecco) * sat.radiusearthkm - sat.radiusearthkm
    if not perigee_km > 0.0:  # SGP4 flags this only when the epoch falls near the perigee
        raise InputError(
            field,
            l2,
            "an orbit whose perigee is above the Earth's surface (mean perigee height > 0 km)",
            f"its mean perigee is {perigee_km:.0f} km, inside the Earth",
        )
    err, _, _ = sat.sgp4(sat.jdsatepoch, sat.jdsatepochF)
    if err:
        raise InputError(field, l2, "elements SGP4 can propagate", _SGP4_ERRORS.get(err, str(err)))
    return sat


def split_tle_text(text: str, field: str = "tle") -> tuple[str, str, str]:
    """(name, line1, line2) of a text holding exactly one TLE: two lines, or a name line (with
    or without the '0 ' prefix) and two lines; blank lines are ignored. Checks: :func:`parse_tle`."""
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    if len(lines) == 3:
        name = lines[0][2:].strip() if lines[0].startswith("0 ") else lines[0].strip()
        return name, lines[1], lines[2]
    if len(lines) == 2:
        return "", lines[0], lines[1]
    raise InputError(field, f"{len(lines)} non-empty lines", "2 TLE lines, or a name and 2 lines")


def read_tle_file(path: str | os.PathLike) -> tuple[str, str, str]:
    """(name, line1, line2) from a 2-line or 3-line TLE file (the first TLE in it)."""
    from baiterek.checks import read_text_file

    text = read_text_file(path, "tle", "a readable TLE file")
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    for k in range(len(lines) - 1):
        if lines[k].startswith("1 ") and lines[k + 1].startswith("2 "):
            name = lines[k - 1].strip() if k > 0 else f"NORAD {lines[k][2:7].strip()}"
            if name.startswith("0 "):
                name = name[2:]
            return name, lines[k], lines[k + 1]
    raise InputError("tle", str(path), "a file with a TLE (a line '1 ...' followed by '2 ...')")


def _sgp4_jd(t: Time) -> tuple[np.ndarray, np.ndarray]:
    """UTC Julian date split (whole, fraction) as python-sgp4 wants it (as skyfield does)."""
    return np.asarray(t.whole, float), np.asarray(
        t.tai_fraction - t._leap_seconds() / SECONDS_PER_DAY
    )


def tle_epoch(sat: Satrec) -> Time:
    """The epoch of a TLE as a skyfield Time (UTC year and fractional day of year)."""
    year = sat.epochyr + (2000 if sat.epochyr < 57 else 1900)
    return timescale().utc(year, 1, sat.epochdays)


def tle_state_gcrs(sat: Satrec, t: Time) -> tuple[np.ndarray, np.ndarray]:
    """SGP4 position (m) and velocity (m/s) in GCRS at times t (TEME -> GCRS via skyfield)."""
    jd, fr = _sgp4_jd(t)
    scalar = np.ndim(jd) == 0
    err, r, v = sat.sgp4_array(np.atleast_1d(jd), np.atleast_1d(fr))
    if np.any(err):
        code = int(np.asarray(err)[np.nonzero(err)[0][0]])
        raise InfeasibleError(
            f"SGP4 cannot propagate this TLE over the span: {_SGP4_ERRORS.get(code, code)}",
            {"sgp4_error": code},
        )
    r = r * 1000.0
    v = v * 1000.0
    if scalar:
        r, v = r[0], v[0]
    return frames.teme_to_gcrs(t, r, v)


@dataclass(frozen=True)
class TleFit:
    """A fitted TLE and how well SGP4 with it reproduces the numerical orbit."""

    name: str
    line1: str
    line2: str
    norad_id: int
    international_designator: str
    epoch_utc: datetime
    bstar: float
    bstar_fitted: bool
    rms_km: float
    max_km: float
    span_s: float
    n_points: int

    def text(self) -> str:
        """Three-line element set (name line, then the two lines)."""
        return f"{self.name}\n{self.line1}\n{self.line2}\n"

    def satrec(self) -> Satrec:
        return Satrec.twoline2rv(self.line1, self.line2)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "line1": self.line1,
            "line2": self.line2,
            "norad_id": self.norad_id,
            "international_designator": self.international_designator,
            "epoch_utc": utc_iso(self.epoch_utc, 6),
            "bstar_per_earth_radius": self.bstar,
            "bstar_fitted": self.bstar_fitted,
            "fit_rms_km": self.rms_km,
            "fit_max_km": self.max_km,
            "fit_span_s": self.span_s,
            "fit_points": self.n_points,
        }

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([self.to_json()])


def _norad_str(norad_id: int) -> str:
    if not (0 < norad_id < 340000):
        raise InputError("norad_id", norad_id, "1 to 339999 (Alpha-5 above 99999)")
    if norad_id < 100000:
        return f"{norad_id:05d}"
    head, tail = divmod(norad_id, 10000)
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # Alpha-5 skips I and O
    return letters[head - 10] + f"{tail:04d}"


def _check_intl(designator: str) -> str:
    """COSPAR designator as the TLE writes it (YYNNNPPP): from '26001A' or '2026-001A'."""
    d = designator.strip().upper()
    m = re.fullmatch(r"(\d{4})-(\d{3})([A-Z]{1,3})", d) or re.fullmatch(
        r"(\d{2})(\d{3})([A-Z]{1,3})", d
    )
    if not m:
        raise InputError(
            "international_designator", designator, "YYNNNP (e.g. 26001A) or YYYY-NNNP"
        )
    return m.group(1)[-2:] + m.group(2) + m.group(3)


def _rounded_epoch(t0: Time) -> tuple[int, float, Time]:
    """Epoch rounded to the TLE's 1e-8 day: (year, day of year with fraction, skyfield Time)."""
    dt = utc_datetime(t0)
    start = datetime(dt.year, 1, 1, tzinfo=dt.tzinfo)
    doy = 1.0 + (dt - start).total_seconds() / SECONDS_PER_DAY
    doy = round(doy, 8)
    t_round = timescale().from_datetime(start + timedelta(days=doy - 1.0))
    return dt.year, doy, t_round


def _make_satrec(x: np.ndarray, epoch_sgp4: float, norad: int, bstar: float) -> Satrec:
    n, ex, ey, inc, node, lam = x[:6]
    e = math.hypot(ex, ey)
    argp = math.atan2(ey, ex)
    mo = (lam - argp) % (2 * math.pi)
    # the solver may step the inclination out of [0, pi] (an equatorial or a polar-retrograde
    # orbit): Rz(node) Rx(-i) Rz(argp) = Rz(node + pi) Rx(i) Rz(argp - pi), the same orbit
    inc = inc % (2 * math.pi)
    if inc > math.pi:
        inc, node, argp = 2 * math.pi - inc, node + math.pi, argp - math.pi
    sat = Satrec()
    sat.sgp4init(
        WGS72, "i", norad, epoch_sgp4, bstar, 0.0, 0.0, e, argp % (2 * math.pi), inc, mo, n,
        node % (2 * math.pi),
    )  # fmt: skip
    return sat


def fit_tle(
    times: Time,
    r_gcrs_m,
    *,
    norad_id: int = 99999,
    international_designator: str = "26001A",
    name: str = "BAITEREK OBJECT",
    bstar: float = 0.0,
    fit_bstar: bool = False,
    v0_gcrs_m_s=None,
) -> TleFit:
    """Fit a TLE with epoch ``times[0]`` to GCRS positions (m) at ``times`` (same length).

    ``v0_gcrs_m_s`` (the velocity at ``times[0]``) gives the initial guess; without it the
    first two points are differenced.
    """
    intl = _check_intl(international_designator)
    satnum_str = _norad_str(norad_id)
    r = np.asarray(r_gcrs_m, float)
    if r.ndim != 2 or r.shape[0] < 10 or not np.all(np.isfinite(r)):
        raise InputError("positions", r.shape, "at least 10 finite positions (m, 3)")
    year, doy, t_epoch = _rounded_epoch(times[0])
    epoch_sgp4 = (t_epoch.whole - 2433281.5) + float(
        t_epoch.tai_fraction - t_epoch._leap_seconds() / SECONDS_PER_DAY
    )
    r_teme_km = frames.gcrs_to_teme(times, r) / 1000.0
    jd, fr = _sgp4_jd(times)
    # initial guess: osculating elements in TEME at the first point (WGS-72 mu)
    if v0_gcrs_m_s is None:
        dt = float((times[1].tt - times[0].tt) * SECONDS_PER_DAY)
        v0_gcrs_m_s = (r[1] - r[0]) / dt
    _, v0_teme = frames.gcrs_to_teme(times[0], r[0], np.asarray(v0_gcrs_m_s, float))
    el = state_to_elements(r_teme_km[0] * 1000.0, v0_teme, mu=_MU_WGS72_KM * 1e9)
    if not (0.0 <= float(el.e) < 1.0) or float(el.a) <= 0:
        raise InfeasibleError(
            "the orbit is not elliptic; no TLE can describe it", {"e": float(el.e)}
        )
    e_, nu = float(el.e), float(el.nu)
    ea = 2.0 * math.atan2(
        math.sqrt(1 - e_) * math.sin(nu / 2), math.sqrt(1 + e_) * math.cos(nu / 2)
    )
    mean_anom = ea - e_ * math.sin(ea)
    n0 = math.sqrt(_MU_WGS72_KM * 1e9 / float(el.a) ** 3) * 60.0  # rad/min
    argp = float(el.argp)
    x0_list = [
        n0,
        e_ * math.cos(argp),
        e_ * math.sin(argp),
        float(el.i),
        float(el.raan),
        mean_anom + argp,
    ]
    if fit_bstar:
        x0_list.append(bstar * 1e4)
    x0 = np.array(x0_list)

    def residual(x):
        b = x[6] * 1e-4 if fit_bstar else bstar
        sat = _make_satrec(x, epoch_sgp4, norad_id, b)
        err, rr, _ = sat.sgp4_array(jd, fr)
        if np.any(err):
            return np.full(r_teme_km.size, 1e4)
        return (rr - r_teme_km).ravel()

    sol = least_squares(residual, x0, method="lm", x_scale="jac", xtol=1e-12, ftol=1e-12)
    b_fit = sol.x[6] * 1e-4 if fit_bstar else bstar
    sat = _make_satrec(sol.x, epoch_sgp4, norad_id, b_fit)
    if sat.error or not (sat.no_kozai > 0.0 and 0.0 <= sat.ecco < 1.0):
        raise InfeasibleError(
            "the TLE fit ended on elements SGP4 cannot use "
            f"(mean motion {sat.no_kozai * 1440.0 / (2 * math.pi):.6g} rev/day, "
            f"e {sat.ecco:.6g}); the orbit is not one a TLE describes",
            {"mean_motion_rev_day": sat.no_kozai * 1440.0 / (2 * math.pi), "e": sat.ecco},
        )
    # round to the printed precision so the written TLE is the fitted one
    deg = math.degrees

    def wrap4(rad):
        v = round(deg(rad) % 360.0, 4)
        return 0.0 if v >= 360.0 else v

    inc = round(deg(sat.inclo), 4)
    node, argp_d, mo = wrap4(sat.nodeo), wrap4(sat.argpo), wrap4(sat.mo)
    ecc = round(sat.ecco, 7)
    n_revday = round(sat.no_kozai * 1440.0 / (2 * math.pi), 8)
    sat = Satrec()
    sat.sgp4init(
        WGS72,
        "i",
        norad_id,
        epoch_sgp4,
        b_fit,
        0.0,
        0.0,
        ecc,
        math.radians(argp_d),
        math.radians(inc),
        math.radians(mo),
        n_revday * 2 * math.pi / 1440.0,
        math.radians(node),
    )
    sat.classification = "U"
    sat.intldesg = intl
    sat.ephtype = 0
    sat.elnum = 999
    sat.revnum = 0
    sat.epochyr = year % 100
    sat.epochdays = doy
    line1, line2 = export_tle(sat)
    if satnum_str != line1[2:7]:
        line1 = _with_checksum(line1[:2] + satnum_str + line1[7:68])
        line2 = _with_checksum(line2[:2] + satnum_str + line2[7:68])
    check = parse_tle(line1, line2, field="fitted tle")
    err, rr, _ = check.sgp4_array(jd, fr)
    miss = np.linalg.norm(rr - r_teme_km, axis=1)
    span = float((times[-1].tt - times[0].tt) * SECONDS_PER_DAY)
    return TleFit(
        name=name[:24],
        line1=line1,
        line2=line2,
        norad_id=norad_id,
        international_designator=intl,
        epoch_utc=utc_datetime(t_epoch),
        bstar=float(check.bstar),
        bstar_fitted=fit_bstar,
        rms_km=float(np.sqrt(np.mean(miss**2))),
        max_km=float(miss.max()),
        span_s=span,
        n_points=int(miss.size),
    )


def _with_checksum(line68: str) -> str:
    return line68 + str(tle_checksum(line68))


def tle_from_state(
    epoch,
    r0_gcrs_m,
    v0_gcrs_m_s,
    *,
    span_s: float = SECONDS_PER_DAY,
    step_s: float = 120.0,
    propagation: dict[str, Any] | None = None,
    **fit_options,
) -> TleFit:
    """Propagate a GCRS state numerically (options as :func:`propagate`) and fit a TLE to it."""
    from baiterek.orbit.propagate import DECAYED, propagate

    t0 = to_time(epoch)
    ts = np.arange(0.0, span_s + 0.5 * step_s, step_s)
    prop = propagate(t0, r0_gcrs_m, v0_gcrs_m_s, ts, **(propagation or {}))
    if prop.status[0] == DECAYED:
        raise InfeasibleError(
            f"the orbit decays {prop.decay_t_s[0] / 3600:.2f} h after the epoch "
            f"({utc_iso(prop.decay_utc(0))}); no TLE can be fitted over {span_s / 3600:g} h",
            {"decay_utc": utc_iso(prop.decay_utc(0))},
        )
    return fit_tle(offset_time(t0, ts), prop.r_m[0], v0_gcrs_m_s=v0_gcrs_m_s, **fit_options)
