"""``analyze``: the mission analysis of a customer's request, from the other API functions' results.

One call runs, stage by stage, everything a launch provider's preliminary or final mission
analysis holds (shared/reference/deliverables.md): maximum payload and margin (and the curve
around the target), the nominal flight with its loads, the launch windows, the range safety,
the Monte Carlo injection accuracy, the orbit products (OPM with the Monte Carlo covariance,
OEM, TLE, passes over the ascent and the first orbits), and the separation and collision
avoidance of the payload and the last stage. This module composes: every number comes from
another API function or a core function's result; the document is assembled in
``_api/_analysis_doc.py``, the report in ``baiterek.report``, the files in ``write``.

A mission the vehicle cannot fly (too heavy, or an orbit out of reach) is not an error: the
result says why (``feasible`` False) and what would work, and the sections that need a flight
are left out with that reason. Malformed input raises ``InputError`` before anything runs.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from baiterek._api._result import DataFrame, ResultMixin, fmt, frame, freeze_doc
from baiterek.errors import ConvergenceError, InfeasibleError, InputError

if TYPE_CHECKING:
    from baiterek._api.dispersion import Dispersion
    from baiterek._api.fly import Flight
    from baiterek._api.orbit import OrbitProducts
    from baiterek._api.performance import Curve, Payload
    from baiterek._api.safety import Safety
    from baiterek._api.windows import Windows
    from baiterek.mission import LoadedMission

AnalysisProgress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as each stage starts (done = stages finished)."""

KINDS = ("preliminary", "final")
STAGES = (
    "performance",
    "performance curve",
    "nominal flight",
    "launch windows",
    "range safety",
    "Monte Carlo",
    "orbit products",
    "separation",
    "visibility",
)
FLIGHT_SECTIONS = ("flight", "windows", "safety", "dispersion", "orbit", "separation", "visibility")
"""The sections that need a feasible mission (a flight)."""
DEFAULT_SAMPLES = 200
"""Monte Carlo samples when neither ``samples`` nor ``[analysis] samples`` is given (a few
seconds on 2 cores; the report states the confidence the number of samples allows)."""
FINAL_SAMPLES = 1000
"""Default for a final analysis: 1,000 samples state "holds in 99.7 % of cases" at about 95 %
confidence by order statistics (NASA/TP-2010-216447, Hanson and Beard)."""
MAX_SAMPLES = 100_000


def mission_id(loaded: LoadedMission) -> str:
    """The id in the handover file names: spacecraft.id, else the spacecraft or mission name."""
    m = loaded.data
    if m.spacecraft is not None and m.spacecraft.id:
        return m.spacecraft.id
    name = m.spacecraft.name if m.spacecraft is not None else m.mission.name
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "mission"


@dataclass(frozen=True, slots=True, repr=False)
class AnalysisResult(ResultMixin):
    """A mission analysis: each section's API result (None where it was not computed, with the
    reason in ``skipped``), and the document ``baiterek analyze --json`` prints."""

    kind: str
    loaded: LoadedMission
    payload: Payload | None
    curve: Curve | None
    flight: Flight | None
    windows: Windows | None
    safety: Safety | None
    dispersion: Dispersion | None
    orbit: OrbitProducts | None
    separation: Any  # baiterek.orbit.separation.SeparationResult | None
    visibility: Any  # baiterek.tracking.visibility.Visibility | None
    skipped: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    _json: str = ""

    @property
    def feasible(self) -> bool:
        return bool(self.to_json()["feasible"])

    @property
    def mission_id(self) -> str:
        return str(self.to_json()["mission_id"])

    def headline(self) -> list[str]:
        d = self.to_json()
        s = d["summary"]
        lines = [
            f"{d['kind']} mission analysis: {d['mission']} for {d['customer']['name']}",
            f"{d['spacecraft']['name']} {fmt(d['spacecraft']['mass_kg'], ',.0f', 'kg')} on "
            f"{d['vehicle']} from {d['site']}: "
            + ("FEASIBLE" if d["feasible"] else "NOT FEASIBLE: " + str(d["why_not"])),
            f"maximum payload {fmt(s['max_payload_kg'], ',.0f', 'kg')}, "
            f"margin {fmt(s['margin_kg'], '+,.0f', 'kg')}",
        ]
        if s.get("first_window_utc"):
            lines.append(f"first window {s['first_window_utc']} ({s['windows']} in the range)")
        if s.get("perigee_sigma_km") is not None:
            lines.append(
                f"injection 1 sigma: perigee {s['perigee_sigma_km']:.2f} km, "
                f"inclination {s['inclination_sigma_deg']:.4f} deg ({s['samples']} samples)"
            )
        if s.get("min_separation_distance_m") is not None:
            lines.append(
                f"stage-payload minimum distance {s['min_separation_distance_m']:,.0f} m "
                f"at T+sep {s['time_of_min_s']:,.0f} s"
            )
        lines.append(f"bodies in their zones: {s['bodies_in_zones']}")
        lines += [f"open: {x}" for x in d["open_issues"][:4]]
        return lines

    def details(self) -> list[str]:
        return [f"  {k:20s} {v:7.2f} s" for k, v in self.to_json()["stage_times_s"].items()]

    def to_frame(self) -> DataFrame:
        """The summary table: one row per figure (item, value, unit)."""
        return frame(self.to_json()["summary_table"], columns=["item", "value", "unit"])

    def write(self, out_dir: str | Path, *, pdf: bool = True) -> dict[str, str]:
        """The report (report.html, report.pdf), analysis.json and the handover files with the
        mission id in their names, into ``out_dir`` with ``manifest.json``; {name: path}."""
        from baiterek._api._analysis_files import write_analysis

        return write_analysis(self, Path(out_dir), pdf=pdf)


def _stage_runner(
    progress: AnalysisProgress | None, times: dict[str, float]
) -> Callable[[str, Callable[[], Any]], Any]:
    def run(stage: str, job: Callable[[], Any]) -> Any:
        if progress is not None:
            progress(stage, len(times), len(STAGES))
        t0 = time.perf_counter()
        try:
            return job()
        finally:
            times[stage] = time.perf_counter() - t0

    return run


def _curve(loaded: LoadedMission, workers: int | None) -> Curve:
    """The payload curve around the target orbit (one line, five points)."""
    from baiterek._api.performance import performance_curve

    m = loaded.data
    t, mm = m.target, m.mission
    common: dict[str, Any] = {"upper_stage": mm.upper_stage, "heading": t.heading}
    if t.kind == "sso":
        a = float(t.altitude_km or 0.0)
        alts = [x for x in (a - 200, a - 100, a, a + 100, a + 200) if x >= 200]
        return performance_curve(
            mm.vehicle, mm.site, sso=True, altitudes=alts, workers=workers, **common
        )
    inc = [math.degrees(m.launch_inclination if t.dogleg else m.inclination)]
    if t.kind == "elliptical":
        ap = float(t.apogee_km or 0.0)
        grid = sorted(
            {max(float(t.perigee_km or 0.0), ap * f) for f in (0.5, 0.75, 1.0, 1.25, 1.5)}
        )
        return performance_curve(
            mm.vehicle, mm.site, inclinations=inc, apogee=grid,
            perigee_km=float(t.perigee_km or 200.0), workers=workers, **common,
        )  # fmt: skip
    a = float(t.altitude_km or 0.0)
    alts = [x for x in (a - 100, a, a + 100, a + 200, a + 300) if x >= 150]
    return performance_curve(
        mm.vehicle, mm.site, inclinations=inc, altitudes=alts, workers=workers, **common
    )


MISSION_SRC = "mission file [separation] (the customer's value)"


def _mission_separation(o: Any) -> Any:
    """Separation data from the mission's [separation] alone (a vehicle without catalog data)."""
    from baiterek.catalog.separation import Impulse, SeparationData

    pay = Impulse(delta_v_m_s=o.delta_v_m_s, direction=o.direction, grade="U", source=MISSION_SRC)
    return SeparationData(payload=pay, avoidance=_mission_avoidance(o), source=MISSION_SRC)


def _mission_avoidance(o: Any) -> Any:
    """The avoidance manoeuvre the mission's [separation] gives in full, else None."""
    from baiterek.catalog.separation import Avoidance

    given = (o.avoidance_delay_s, o.avoidance_delta_v_m_s, o.avoidance_direction)
    if not o.avoidance or None in given:
        return None
    return Avoidance(
        delay_s=o.avoidance_delay_s, delta_v_m_s=o.avoidance_delta_v_m_s,
        direction=o.avoidance_direction, grade="U", source=MISSION_SRC,
    )  # fmt: skip


def _separation(loaded: LoadedMission, flight: Flight, duration_s: float | None) -> Any:
    """Payload and last stage after separation, from the catalog data and the mission's overrides,
    over ``duration_s`` (default: three revolutions)."""
    from baiterek import catalog
    from baiterek.orbit.separation import from_catalog, relative_motion

    m = loaded.data
    vehicle = catalog.vehicle(m.mission.vehicle)
    owner: Any = vehicle  # the stage that carries the payload: the upper stage when there is one
    if m.mission.upper_stage:
        owner = catalog.upper_stage(m.mission.upper_stage)
    data = owner.separation
    catalog_data = data
    o = m.separation
    if data is None and o is not None and o.delta_v_m_s is not None and o.direction:
        data = _mission_separation(o)
    if data is None:
        raise InfeasibleError(
            f"{owner.id} has no separation data in the catalog and the mission's [separation] "
            "gives no delta_v_m_s and direction",
            {},
        )
    if o is not None and catalog_data is not None:
        pay = data.payload.model_copy(
            update={
                k: v
                for k, v in (("delta_v_m_s", o.delta_v_m_s), ("direction", o.direction))
                if v is not None
            }
        )
        avo = data.avoidance
        if not o.avoidance:
            avo = None
        elif avo is None:
            avo = _mission_avoidance(o)
        else:
            upd = {
                k: v
                for k, v in (
                    ("delay_s", o.avoidance_delay_s),
                    ("delta_v_m_s", o.avoidance_delta_v_m_s),
                    ("direction", o.avoidance_direction),
                )
                if v is not None
            }
            avo = avo.model_copy(update=upd)
        data = data.model_copy(update={"payload": pay, "avoidance": avo})
    traj = flight.trajectory
    r, v = traj.insertion_state_gcrs()
    dv, man = from_catalog(data, r, v)
    ins = traj.insertion
    stage_mass = None if ins is None else float(ins.mass) - float(m.mission.payload_kg or 0.0)
    payload_mass = float(m.mission.payload_kg or 0.0)
    masses: dict[str, Any] = {}
    if stage_mass is not None and stage_mass > 0 and payload_mass > 0:
        masses = {"payload_mass_kg": payload_mass, "stage_mass_kg": stage_mass}
    return relative_motion(
        r, v, dv, man, duration_s, 10.0, epoch=traj.insertion_epoch_utc, **masses
    )


def _visibility(flight: Flight, orbit: OrbitProducts) -> Any:
    """Station visibility over the ascent and the first orbits (one joined Earth-fixed track)."""
    from baiterek.earth.time import offset_time, to_time
    from baiterek.tracking.visibility import join_tracks, visibility

    traj, h = flight.trajectory, orbit.handover
    t_ascent = offset_time(to_time(traj.launch_time_utc), traj.time)
    times, r, v = join_tracks(
        (t_ascent, traj.position_ecef, traj.velocity_ecef), (h.times, h.r_itrs_m, None)
    )
    events = [(e.name, float(e.time)) for e in traj.events]
    end = None if traj.insertion is None else float(traj.insertion.time)
    return visibility(times, r, list(h.stations), v_itrs_m_s=v, events=events, ascent_end_s=end)


def analyze(
    mission: str | Path,
    *,
    kind: str = "preliminary",
    samples: int | None = None,
    out: str | Path | None = None,
    progress: AnalysisProgress | None = None,
    workers: int | None = 1,
    pdf: bool = True,
) -> AnalysisResult:
    """The mission analysis of a mission file (``kind``: preliminary or final). ``samples``:
    Monte Carlo samples (default the file's ``[analysis] samples``, else 200 for a preliminary
    and 1,000 for a final analysis). With ``out`` the
    report and the handover files are written there (``AnalysisResult.write``). ``workers``:
    processes of the payload curve and the Monte Carlo (default 1: both take seconds in one
    process; None for one per core)."""
    from baiterek._api._analysis_doc import NO_WINDOW, analysis_document
    from baiterek._api.dispersion import dispersion
    from baiterek._api.fly import fly
    from baiterek._api.orbit import orbit_products
    from baiterek._api.performance import max_payload
    from baiterek._api.safety import safety
    from baiterek._api.windows import launch_windows
    from baiterek.earth.time import parse_utc, utc_iso
    from baiterek.mission import read_mission_file

    if kind not in KINDS:
        raise InputError("kind", kind, "preliminary or final")
    if samples is not None and (
        isinstance(samples, bool)
        or not isinstance(samples, int)
        or not 10 <= samples <= MAX_SAMPLES
    ):
        raise InputError("samples", samples, f"an integer from 10 to {MAX_SAMPLES:,}")
    if out is not None:
        from baiterek.export.output import check_out_dir

        check_out_dir(out, "out")
    if not isinstance(mission, (str, Path)):
        raise InputError("mission", type(mission).__name__, "a mission TOML file path")
    loaded = read_mission_file(mission)
    m = loaded.data
    an = m.analysis
    if samples is not None:
        n_samples = samples
    elif an is not None and "samples" in an.model_fields_set:
        n_samples = an.samples
    else:
        n_samples = FINAL_SAMPLES if kind == "final" else DEFAULT_SAMPLES
    orbits = an.orbits if an else 3.0
    seed = an.seed if an else 0
    times: dict[str, float] = {}
    run = _stage_runner(progress, times)
    skipped: dict[str, str] = {}
    sections: dict[str, Any] = dict.fromkeys(("payload", "curve", *FLIGHT_SECTIONS))

    def attempt(key: str, stage: str, job: Callable[[], Any]) -> None:
        try:
            sections[key] = run(stage, job)
        except (InfeasibleError, ConvergenceError) as exc:
            skipped[key] = str(exc)

    attempt("payload", "performance", lambda: max_payload(mission))
    attempt("curve", "performance curve", lambda: _curve(loaded, workers))
    pay = sections["payload"]
    fits = pay is not None and (pay.margin_kg is None or pay.margin_kg >= 0)
    if not fits:
        why = skipped.get("payload") or "the payload is heavier than the maximum"
        for key in FLIGHT_SECTIONS:
            skipped[key] = f"not computed: the mission is not feasible ({why})"
    else:
        attempt("flight", "nominal flight", lambda: fly(mission))
        if m.window is not None:
            start = an.window_start_utc if an and an.window_start_utc else None
            if start is None:
                start = utc_iso(
                    parse_utc(m.mission.launch_time_utc).replace(
                        hour=0, minute=0, second=0, microsecond=0
                    )
                )
            days = an.window_days if an else 7.0
            attempt(
                "windows", "launch windows", lambda: launch_windows(loaded, start=start, days=days)
            )
        else:
            skipped["windows"] = NO_WINDOW
        attempt("safety", "range safety", lambda: safety(mission))
        attempt(
            "dispersion", "Monte Carlo",
            lambda: dispersion(mission, samples=n_samples, seed=seed, workers=workers),
        )  # fmt: skip
        disp = sections["dispersion"]
        cov = None if disp is None else disp.to_json().get("insertion_covariance_km")
        cov_km = None if cov is None else np.asarray(cov, float)
        stations = list(an.stations) if an and an.stations else None
        name = m.spacecraft.name if m.spacecraft else None
        attempt(
            "orbit", "orbit products",
            lambda: orbit_products(
                mission, orbits=orbits, stations=stations, name=name, covariance=cov_km
            ),
        )  # fmt: skip
        orb = sections["orbit"]
        span = None if orb is None else orbits * 60.0 * orb.to_json()["osculating"]["period_min"]
        if sections["flight"] is not None:
            attempt(
                "separation", "separation", lambda: _separation(loaded, sections["flight"], span)
            )
        if sections["flight"] is not None and orb is not None:
            attempt("visibility", "visibility", lambda: _visibility(sections["flight"], orb))
        for key in FLIGHT_SECTIONS:
            if sections[key] is None and key not in skipped:
                skipped[key] = "not computed"
    doc = analysis_document(
        kind=kind, loaded=loaded, mission_path=str(mission), mission_id=mission_id(loaded),
        sections=sections, skipped=skipped, stage_times_s=times, samples=n_samples, seed=seed,
    )  # fmt: skip
    result = AnalysisResult(
        kind=kind, loaded=loaded, skipped=MappingProxyType(dict(skipped)), _json=freeze_doc(doc),
        **sections,
    )  # fmt: skip
    if out is not None:
        result.write(out, pdf=pdf)
    return result
