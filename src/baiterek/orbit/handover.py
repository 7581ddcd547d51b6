"""Orbit handover from an insertion state: propagation, fitted TLE and station passes.

``handover`` propagates the first orbits, fits a TLE, finds the station passes (and, when the
ascent is given, the passes during the ascent) and returns a frozen ``Handover``. It writes no
file: ``baiterek.export.handover.write_handover`` turns the result into the OPM, OEM, TLE, pass
and map files. Progress is reported through a plain callback ``progress(stage, done, total)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from baiterek import catalog
from baiterek.constants import MU_EARTH
from baiterek.earth import frames
from baiterek.earth.time import offset_time, to_time, utc_iso
from baiterek.errors import InfeasibleError, InputError
from baiterek.provenance import provenance

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called before each of the stages."""

_STAGES = ("propagating", "fitting TLE", "finding passes", "done")


def _frozen(a: Any) -> np.ndarray:
    arr = np.array(a, dtype=float)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, slots=True)
class Handover:
    """Everything a control centre is handed at separation (SI inside; arrays read-only).

    ``times`` is a skyfield Time array; ``r_gcrs_m``/``v_gcrs_m_s`` the propagated states,
    ``r_itrs_m`` the Earth-fixed positions (for the maps); ``fit`` a ``orbit.tle.TleFit``;
    ``passes``/``ascent_passes`` ``tracking.passes.Passes``.
    """

    epoch: Any
    r0_gcrs_m: np.ndarray
    v0_gcrs_m_s: np.ndarray
    times: Any
    r_gcrs_m: np.ndarray
    v_gcrs_m_s: np.ndarray
    r_itrs_m: np.ndarray
    stations: tuple[Any, ...]
    orbits: float
    osculating: dict[str, Any]
    propagation: dict[str, Any]
    fit: Any
    passes: Any
    ascent_passes: Any
    object_name: str
    object_id: str
    ref_frame: str
    covariance_si: np.ndarray | None
    provenance: dict[str, Any]
    input_record: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        """The summary document (without the input record and the written files)."""
        return {
            "provenance": self.provenance,
            "epoch_utc": utc_iso(self.epoch, 6),
            "osculating": dict(self.osculating),
            "orbits": self.orbits,
            "propagation": self.propagation,
            "tle": self.fit.to_json(),
            "passes": self.passes.to_json(),
            "ascent_passes": None if self.ascent_passes is None else self.ascent_passes.to_json(),
            "stations_without_pass": [
                {
                    "station_id": st.id,
                    "min_elevation_deg": st.min_elevation_deg,
                    "highest_elevation_deg": self.passes.highest_elevation_deg[st.id],
                }
                for st in self.stations
                if not self.passes.for_station(st.id)
            ],
            "ref_frame": self.ref_frame,
        }


def handover(
    epoch_utc: datetime | str,
    r_gcrs_m: Sequence[float] | np.ndarray,
    v_gcrs_m_s: Sequence[float] | np.ndarray,
    *,
    orbits: float = 3.0,
    step_s: float = 30.0,
    object_name: str = "BAITEREK OBJECT",
    object_id: str = "2026-001A",
    norad_id: int = 99999,
    ref_frame: str = "EME2000",
    station_ids: Sequence[str] | None = None,
    ballistic_coefficient_kg_m2: float | None = None,
    third_body: bool = False,
    covariance_si: np.ndarray | None = None,
    input_record: dict[str, Any] | None = None,
    progress: Progress | None = None,
    ascent: Any = None,
) -> Handover:
    """Propagate ``orbits`` orbits from a GCRS state (m, m/s), fit a TLE, find the passes.

    Input errors name the keyword (``orbits``, ``step_s``, ``ref_frame``); an open or decaying
    orbit is an ``InfeasibleError`` with the limit.
    """
    from baiterek.orbit.elements import state_to_elements
    from baiterek.orbit.propagate import DECAYED, FAILED, propagate
    from baiterek.orbit.tle import bstar_from_ballistic_coefficient, tle_from_state
    from baiterek.tracking.passes import find_passes

    if not (0 < orbits <= 100):
        raise InputError("orbits", orbits, "a number of orbits in (0, 100]")
    if not (1.0 <= step_s <= 600.0):
        raise InputError("step_s", step_s, "1 to 600 s")
    if ref_frame not in ("EME2000", "GCRF"):
        raise InputError("ref_frame", ref_frame, "EME2000 or GCRF")

    def stage(k: int) -> None:
        if progress is not None:
            progress(_STAGES[k], k, len(_STAGES))

    r0 = np.asarray(r_gcrs_m, float)
    v0 = np.asarray(v_gcrs_m_s, float)
    el = state_to_elements(r0, v0)
    if not (float(el.e) < 1.0 and float(el.a) > 0):
        raise InfeasibleError(
            "the state is not on a closed orbit (escape trajectory); nothing to propagate",
            {"eccentricity": float(el.e)},
        )
    period_s = 2 * math.pi * math.sqrt(float(el.a) ** 3 / MU_EARTH)
    t0 = to_time(epoch_utc)
    el_teme = state_to_elements(*frames.gcrs_to_teme(t0, r0, v0))
    stations = catalog.stations() if not station_ids else [catalog.station(s) for s in station_ids]
    span = orbits * period_s
    t_s = np.arange(0.0, span + 1e-9, step_s)
    if t_s[-1] < span:
        t_s = np.append(t_s, span)
    force: dict[str, Any] = {
        "ballistic_coefficient_kg_m2": ballistic_coefficient_kg_m2,
        "third_body": third_body,
    }

    stage(0)
    prop = propagate(t0, r0, v0, t_s, **force)
    if prop.status[0] == DECAYED:
        raise InfeasibleError(
            f"the orbit decays (altitude below {prop.force_model['floor_altitude_km']:g} km) at "
            f"{utc_iso(prop.decay_utc(0))}, {prop.decay_t_s[0] / 60:.1f} min after the epoch, "
            f"within the {orbits:g} orbits asked",
            {"decay_utc": utc_iso(prop.decay_utc(0)), "decay_after_s": float(prop.decay_t_s[0])},
        )
    if prop.status[0] == FAILED:
        raise InfeasibleError("the propagation failed (step size underflow)", {})
    times = prop.times
    r, v = prop.r_m[0], prop.v_m_s[0]

    stage(1)
    bstar = (
        bstar_from_ballistic_coefficient(ballistic_coefficient_kg_m2)
        if ballistic_coefficient_kg_m2
        else 0.0
    )
    fit = tle_from_state(
        t0,
        r0,
        v0,
        propagation=force,
        norad_id=norad_id,
        international_designator=object_id,
        name=object_name,
        bstar=bstar,
    )

    stage(2)
    r_i, v_i = frames.gcrs_to_itrs(times, r, v)
    passes = find_passes(times, r_i, stations, v_itrs_m_s=v_i)
    ascent_passes = None
    if ascent is not None:  # passes during the ascent, from the simulated Earth-fixed track
        ascent_times = offset_time(to_time(ascent.launch_time_utc), ascent.time)
        ascent_passes = find_passes(
            ascent_times, ascent.position_ecef, stations, v_itrs_m_s=ascent.velocity_ecef
        )
    stage(3)
    return Handover(
        epoch=t0,
        r0_gcrs_m=_frozen(r0),
        v0_gcrs_m_s=_frozen(v0),
        times=times,
        r_gcrs_m=_frozen(r),
        v_gcrs_m_s=_frozen(v),
        r_itrs_m=_frozen(r_i),
        stations=tuple(stations),
        orbits=orbits,
        osculating={
            "frame": "TEME of the epoch (true equator, as TLEs and fly's insertion orbit)",
            "perigee_km": float(el.perigee_altitude()) / 1000.0,
            "apogee_km": float(el.apogee_altitude()) / 1000.0,
            "inclination_deg": float(np.degrees(el_teme.i)),
            "raan_deg": float(np.degrees(el_teme.raan)),
            "period_min": period_s / 60.0,
        },
        propagation=prop.to_json(),
        fit=fit,
        passes=passes,
        ascent_passes=ascent_passes,
        object_name=object_name,
        object_id=object_id,
        ref_frame=ref_frame,
        covariance_si=None if covariance_si is None else _frozen(covariance_si),
        provenance=provenance(input_record),
        input_record=input_record,
    )
