"""Jettisoned bodies in SI, and their states at separation from a flown ascent.

``bodies_of(vehicle_id)`` converts the catalog's ``[[vehicle.bodies]]`` tables (km-free already:
kg, m^2, m/s, deg) into :class:`Body` values; ``separation_states(traj, bodies)`` reads each
body's separation from the ascent's event table and returns its state in the launch frame
(``[x, y, z, vx, vy, vz, m]``: Earth-centred inertial, axes = ITRS at liftoff; m, m/s, kg) with
the separation delta-v applied and the body's own mass.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from baiterek import catalog
from baiterek.catalog.bodies import JettisonedBody
from baiterek.constants import OMEGA_EARTH
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.catalog.vehicles import Vehicle
    from baiterek.flight.configuration import FlownConfiguration
    from baiterek.flight.trajectory import Trajectory

KINDS = ("booster", "stage", "fairing", "other")


@dataclass(frozen=True, slots=True)
class Body:
    """A jettisoned body, SI. Drag: ``ballistic_coefficient_kg_m2`` (beta = m / (Cd A), constant)
    or ``area_m2`` with ``cd_mach`` = (mach values, Cd values) on that area."""

    name: str
    kind: str  # booster | stage | fairing | other
    event: str  # ascent event at which it separates
    mass_kg: float
    ballistic_coefficient_kg_m2: float | None
    area_m2: float | None
    cd_mach: tuple[tuple[float, ...], tuple[float, ...]] | None
    separation_dv_m_s: float = 0.0
    separation_clock_rad: float | None = None  # None: against the velocity; else sideways
    fallback_events: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"body {self.name}: kind must be one of {KINDS}")
        if (self.ballistic_coefficient_kg_m2 is None) == (self.area_m2 is None):
            raise InputError(
                f"bodies.{self.name}",
                "no drag data" if self.area_m2 is None else "two drag models",
                "either ballistic_coefficient_kg_m2, or area_m2 with a Cd(Mach) table",
            )
        if self.area_m2 is not None and self.cd_mach is None:
            raise InputError(f"bodies.{self.name}.cd_mach", None, "a Cd(Mach) table for area_m2")
        if not self.mass_kg > 0:
            raise InputError(f"bodies.{self.name}.mass_kg", self.mass_kg, "a positive mass")

    def cd_area_table(self) -> tuple[np.ndarray, np.ndarray]:
        """(Mach values, Cd x A in m^2): the drag area against Mach (constant for a beta body)."""
        if self.ballistic_coefficient_kg_m2 is not None:
            return np.zeros(1), np.array([self.mass_kg / self.ballistic_coefficient_kg_m2])
        assert self.area_m2 is not None and self.cd_mach is not None
        mach, cd = self.cd_mach
        return np.asarray(mach, float), np.asarray(cd, float) * self.area_m2

    @property
    def hypersonic_ballistic_coefficient(self) -> float:
        """beta = m / (Cd A) at the highest tabulated Mach, kg/m^2."""
        _, cda = self.cd_area_table()
        return self.mass_kg / float(cda[-1])

    def to_json(self) -> dict[str, object]:
        """The body as catalog units (kg, kg/m^2, m^2, m/s, deg) with its sources."""
        return {
            "name": self.name,
            "kind": self.kind,
            "event": self.event,
            "mass_kg": self.mass_kg,
            "ballistic_coefficient_kg_m2": round(self.hypersonic_ballistic_coefficient, 1),
            "reference_area_m2": self.area_m2,
            "separation_dv_m_s": self.separation_dv_m_s,
            "separation_clock_deg": None
            if self.separation_clock_rad is None
            else round(math.degrees(self.separation_clock_rad), 3),
            "sources": dict(self.sources),
        }

    def __repr__(self) -> str:
        return (
            f"Body({self.name!r}, {self.kind}, at {self.event}, {self.mass_kg:.0f} kg, "
            f"beta {self.hypersonic_ballistic_coefficient:.0f} kg/m2)"
        )


def body_from_catalog(s: JettisonedBody) -> Body:
    """A :class:`Body` from one catalog table."""
    cd_mach = None
    if s.cd_mach is not None and s.cd is not None:  # the schema requires both with an area
        cd_mach = (tuple(s.cd_mach), tuple(s.cd))
    clock = s.separation_clock_deg
    return Body(
        name=s.name,
        kind=s.kind,
        event=s.event,
        mass_kg=float(s.mass_kg),
        ballistic_coefficient_kg_m2=s.ballistic_coefficient_kg_m2,
        area_m2=s.reference_area_m2,
        cd_mach=cd_mach,
        separation_dv_m_s=float(s.separation_dv_m_s),
        separation_clock_rad=None if clock is None else math.radians(clock),
        fallback_events=tuple(s.fallback_events),
        sources=dict(s.sources),
    )


def bodies_of(vehicle_id: str) -> tuple[Body, ...]:
    """Every jettisoned body of a catalog vehicle, in the order of its file."""
    v = catalog.vehicle(vehicle_id)
    return tuple(body_from_catalog(b) for b in v.bodies)


def flown_bodies(
    bodies: Sequence[Body], vehicle: Vehicle, cfg: FlownConfiguration
) -> tuple[Body, ...]:
    """The bodies of a flight flown with ``cfg`` (``flight.configuration``), from the catalog's.

    A body whose separation event the configuration removes does not fall (no fairing: no
    fairing halves). A stage's body carries the propellant actually left: the catalog residual
    plus what an early cutoff or a throttle-down kept aboard (``unburnt_propellant``, per unit;
    matched by the event ``<stage>_separation``). ``vehicle``: the catalog vehicle.
    """
    from baiterek.flight.configuration import cancelled_events, unburnt_propellant

    if cfg.empty:
        return tuple(bodies)
    gone = cancelled_events(cfg)
    extra = {f"{k}_separation": v for k, v in unburnt_propellant(vehicle, cfg).items()}
    out = []
    for b in bodies:
        if all(e in gone for e in (b.event, *b.fallback_events)):
            continue
        dm = extra.get(b.event, 0.0)
        if dm != 0.0:
            note = (f"{b.sources.get('mass', '')}; + {dm:,.1f} kg kept by this flight's "
                    "[configuration] (flight.configuration.unburnt_propellant) [D]")  # fmt: skip
            b = replace(b, mass_kg=b.mass_kg + dm, sources={**b.sources, "mass": note})
        out.append(b)
    return tuple(out)


def _event_time(traj: Trajectory, body: Body) -> float:
    for name in (body.event, *body.fallback_events):
        e = traj.event(name)
        if e is not None:
            return float(e.time)
    return math.nan


def _hermite(
    t: npt.NDArray[np.float64], r: npt.NDArray[np.float64], v: npt.NDArray[np.float64], te: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Position and velocity at ``te`` by cubic Hermite interpolation of (t, r, v) samples."""
    k = int(np.clip(np.searchsorted(t, te) - 1, 0, len(t) - 2))
    h = t[k + 1] - t[k]
    if h <= 0.0:
        return r[k + 1].copy(), v[k + 1].copy()
    s = (te - t[k]) / h
    h00, h10, h01, h11 = (
        2 * s**3 - 3 * s**2 + 1,
        s**3 - 2 * s**2 + s,
        -2 * s**3 + 3 * s**2,
        s**3 - s**2,
    )
    d00, d10, d01, d11 = 6 * s**2 - 6 * s, 3 * s**2 - 4 * s + 1, -6 * s**2 + 6 * s, 3 * s**2 - 2 * s
    p = h00 * r[k] + h10 * h * v[k] + h01 * r[k + 1] + h11 * h * v[k + 1]
    dp = (d00 * r[k] + d10 * h * v[k] + d01 * r[k + 1] + d11 * h * v[k + 1]) / h
    return p, dp


def separation_delta_v(
    r: npt.NDArray[np.float64], v: npt.NDArray[np.float64], body: Body
) -> npt.NDArray[np.float64]:
    """Separation delta-v vector (m/s, launch frame) of a body at inertial position r, velocity v.

    Against the Earth-relative velocity when the body has no clock angle; otherwise perpendicular
    to it, at the clock angle from the local upward direction towards the right of the flight.
    """
    dv = body.separation_dv_m_s
    if dv == 0.0:
        return np.zeros(3)
    v_rel = v - np.cross([0.0, 0.0, OMEGA_EARTH], r)
    along = v_rel / np.linalg.norm(v_rel)
    if body.separation_clock_rad is None:
        return np.asarray(-dv * along, float)
    up = r / np.linalg.norm(r)
    up_perp = up - np.dot(up, along) * along
    up_perp /= np.linalg.norm(up_perp)
    right = np.cross(along, up_perp)
    c = body.separation_clock_rad
    return np.asarray(dv * (math.cos(c) * up_perp + math.sin(c) * right), float)


def separation_states(traj: Trajectory, bodies: Sequence[Body]) -> tuple[np.ndarray, np.ndarray]:
    """States (n_bodies, 7) in the launch frame and times (n_bodies,) s of each body's separation.

    The vehicle's position and velocity at the event (cubic Hermite between recorded samples:
    staging events are recorded samples, so exact there), plus the separation delta-v, with the
    body's own mass. A separation after the last sample (``payload_separation`` is cutoff plus a
    delay) starts from the last sample at its time: the spent stage coasts with the payload until
    then. A body whose event the flight did not reach gets NaN (the fall reports it FAILED).
    """
    t = np.asarray(traj.time, float)
    r = np.asarray(traj.position, float)
    v = np.asarray(traj.velocity, float)
    states = np.full((len(bodies), 7), np.nan)
    times = np.full(len(bodies), np.nan)
    for i, b in enumerate(bodies):
        te = _event_time(traj, b)
        if not np.isfinite(te):
            continue
        te = min(te, float(t[-1]))
        p, dp = _hermite(t, r, v, te)
        states[i, :3] = p
        states[i, 3:6] = dp + separation_delta_v(p, dp, b)
        states[i, 6] = b.mass_kg
        times[i] = te
    return states, times
