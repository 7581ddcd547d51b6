"""The achieved orbit against the target and against the Monte Carlo envelope (post-flight).

An achieved orbit comes as a TLE (its SGP4 mean elements: the semi-major axis python-sgp4
recovers from the Kozai mean motion, the mean eccentricity and inclination), as a CCSDS OPM in
KVN (the state vector's osculating elements; a GCRF or EME2000 state is turned to TEME of its
epoch, the frame of the targets' inclinations), or as a published insertion orbit written
``PERIGEE_KMxAPOGEE_KM@INCLINATION_DEG`` (e.g. ``197x255@51.67``). Mean and osculating elements
of a low orbit differ by a few km in the apsides (J2 short-period terms): that is part of the
comparison's noise and is said in the result.

``assess`` is pure: each element's difference from the target and its deviation from the
envelope's mean in units of the envelope's sigma, and a verdict (within ``limit_sigma`` on every
element or not). SI inside: m above the equatorial radius for apsides, rad for angles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from baiterek.constants import WGS84_A
from baiterek.errors import InputError
from baiterek.kepler import state_to_elements

ELEMENTS = ("perigee", "apogee", "inclination")
"""The elements compared (an insertion orbit's size and plane orientation to the equator)."""

_PUBLISHED = re.compile(
    r"^\s*(?P<pe>[\d.]+)\s*[xX]\s*(?P<ap>[\d.]+)\s*(?:km)?\s*@\s*(?P<inc>[\d.]+)\s*(?:deg)?\s*$"
)


@dataclass(frozen=True, slots=True)
class AchievedOrbit:
    """An orbit reached in flight: apsides m above the equatorial radius, inclination rad."""

    perigee: float
    apogee: float
    inclination: float
    kind: str  # "tle" (mean elements) | "opm" (osculating) | "published"
    source: str
    epoch_utc: str | None = None

    def value(self, element: str) -> float:
        return float(getattr(self, element))


def achieved_from_text(text: str, source: str = "published") -> AchievedOrbit:
    """``'197x255@51.67'`` (perigee km x apogee km @ inclination deg)."""
    m = _PUBLISHED.match(text)
    if m is None:
        raise InputError("achieved", text, "a TLE file, an OPM file (.opm) or PERIGEE_KMxAPOGEE_KM"
                         "@INCLINATION_DEG, e.g. 197x255@51.67")  # fmt: skip
    pe, ap, inc = float(m["pe"]), float(m["ap"]), float(m["inc"])
    if ap < pe or not 0.0 <= inc <= 180.0:
        raise InputError("achieved", text, "apogee >= perigee and 0 <= inclination <= 180 deg")
    return AchievedOrbit(pe * 1e3, ap * 1e3, math.radians(inc), "published", source)


def achieved_from_tle(line1: str, line2: str, source: str) -> AchievedOrbit:
    """From a TLE's SGP4 mean elements (checked by ``orbit.tle.parse_tle``)."""
    from baiterek.earth import time as T
    from baiterek.orbit.tle import parse_tle, tle_epoch

    sat = parse_tle(line1, line2, "achieved")
    a = float(sat.a) * float(sat.radiusearthkm) * 1e3  # sgp4: semi-major axis in Earth radii
    e = float(sat.ecco)
    epoch = tle_epoch(sat)
    return AchievedOrbit(a * (1 - e) - WGS84_A, a * (1 + e) - WGS84_A, float(sat.inclo), "tle",
                         source, T.utc_iso(epoch, 3))  # fmt: skip


def _opm_fields(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("COMMENT"):
            k, _, v = line.partition("=")
            out[k.strip()] = v.split("[")[0].strip()
    return out


def achieved_from_opm(path: str | Path) -> AchievedOrbit:
    """From a CCSDS OPM in KVN: EPOCH, REF_FRAME (GCRF, EME2000 or TEME) and X..Z_DOT (km, km/s)."""
    from baiterek.earth import frames
    from baiterek.earth import time as T

    p = Path(path)
    f = _opm_fields(p.read_text(encoding="utf-8"))
    keys = ("X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT")
    try:
        state = np.array([float(f[k]) for k in keys]) * 1e3
        epoch = f["EPOCH"]
    except (KeyError, ValueError):
        raise InputError("achieved", str(p), "an OPM (KVN) with EPOCH and X, Y, Z, X_DOT, Y_DOT, "
                         "Z_DOT in km and km/s") from None  # fmt: skip
    frame = f.get("REF_FRAME", "GCRF").upper()
    r, v = state[:3], state[3:]
    t = T.to_time(epoch if epoch.endswith("Z") else epoch + "Z")
    if frame in ("GCRF", "EME2000", "ICRF"):
        # EME2000 and GCRF differ by the 23 mas frame bias: below this comparison's noise
        r, v = frames.gcrs_to_teme(t, r, v)
    elif frame != "TEME":
        raise InputError("achieved", frame, "an OPM REF_FRAME of GCRF, EME2000, ICRF or TEME")
    el = state_to_elements(np.asarray(r, float), np.asarray(v, float))
    a, e = float(el.a), float(el.e)
    return AchievedOrbit(a * (1 - e) - WGS84_A, a * (1 + e) - WGS84_A, float(el.i), "opm",
                         str(p), T.utc_iso(t, 3))  # fmt: skip


def read_achieved(spec: str | Path) -> AchievedOrbit:
    """An achieved orbit from a TLE file, an OPM file or ``PERIGEExAPOGEE@INCLINATION`` text."""
    text = str(spec)
    if _PUBLISHED.match(text):
        return achieved_from_text(text, f"published insertion orbit {text.strip()}")
    p = Path(spec)
    if not p.is_file():
        raise InputError("achieved", text, "a TLE file, an OPM file (.opm) or PERIGEE_KMx"
                         "APOGEE_KM@INCLINATION_DEG, e.g. 197x255@51.67")  # fmt: skip
    if p.suffix.lower() in (".opm", ".kvn"):
        return achieved_from_opm(p)
    from baiterek.orbit.tle import split_tle_text

    _, l1, l2 = split_tle_text(p.read_text(encoding="utf-8"), "achieved")
    return achieved_from_tle(l1, l2, str(p))


@dataclass(frozen=True, slots=True)
class ElementCheck:
    """One element: achieved, target, the envelope's mean and sigma (SI)."""

    element: str
    achieved: float
    target: float
    mean: float
    sigma: float

    @property
    def error_to_target(self) -> float:
        return self.achieved - self.target

    @property
    def deviation_sigma(self) -> float:
        """(achieved - mean) / sigma (NaN when the envelope has no spread)."""
        return (self.achieved - self.mean) / self.sigma if self.sigma > 0 else math.nan


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every element's check and the verdict against ``limit_sigma``."""

    checks: tuple[ElementCheck, ...]
    limit_sigma: float

    @property
    def outside(self) -> tuple[str, ...]:
        """Elements whose deviation exceeds the limit (or cannot be measured)."""
        return tuple(c.element for c in self.checks
                     if not abs(c.deviation_sigma) <= self.limit_sigma)  # fmt: skip

    @property
    def within_envelope(self) -> bool:
        return not self.outside

    @property
    def verdict(self) -> str:
        if self.within_envelope:
            return (f"within the predicted envelope: every element within "
                    f"{self.limit_sigma:g} sigma of the Monte Carlo mean")  # fmt: skip
        worst = ", ".join(
            f"{c.element} ({c.deviation_sigma:+.1f} sigma)" for c in self.checks
            if c.element in self.outside
        )  # fmt: skip
        return f"outside the predicted {self.limit_sigma:g}-sigma envelope: {worst}"


def assess(
    achieved: AchievedOrbit,
    target: Mapping[str, float],
    envelope: Mapping[str, tuple[float, float]],
    limit_sigma: float = 3.0,
) -> Assessment:
    """Compare an achieved orbit with the target (``ELEMENTS`` -> value) and the envelope
    (``ELEMENTS`` -> (mean, sigma)), all SI."""
    checks = tuple(
        ElementCheck(
            el,
            achieved.value(el),
            float(target[el]),
            float(envelope[el][0]),
            float(envelope[el][1]),
        )  # fmt: skip
        for el in ELEMENTS
    )
    return Assessment(checks, limit_sigma)
