"""Maximum payload to an orbit, with the margin against a requested payload.

The public entry points: ``max_payload`` (an ``OrbitTarget`` in SI) and
``max_payload_for_mission``; the result is a ``PerformanceResult`` value. The searches live in
``_direct`` (direct ascent: the payload solved with the guidance law at depletion of the last
stage, ``performance.depletion``) and ``_parking`` (a parking orbit, a coast and the transfer
burns of an upper stage or of a last stage that can restart); ``reach`` answers orbits out of
reach, ``constraints`` checks the flight against the vehicle's limits.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from baiterek import catalog
from baiterek.errors import ConvergenceError, InfeasibleError, InputError
from baiterek.flight import guidance as G
from baiterek.flight.configuration import FlownConfiguration, unburnt_propellant
from baiterek.flight.simulate import simulate
from baiterek.flight.trajectory import Trajectory
from baiterek.flight.transfer import Transfer
from baiterek.performance._direct import DIRECT_MARGIN_KG, Maximum, direct_maximum
from baiterek.performance._parking import PAYLOAD_TOL_KG, TransferBalance, parking_maximum
from baiterek.performance.case import AscentCase
from baiterek.performance.constraints import (
    Constraint,
    constraints_of,
    hard_violations,
    limits_line,
    violations,
)
from baiterek.provenance import provenance

__all__ = [
    "DIRECT_MARGIN_KG",
    "PARKING_MIN_RAISE_M",
    "PAYLOAD_TOL_KG",
    "AscentCase",
    "Constraint",
    "PerformanceResult",
    "TransferBalance",
    "constraints_of",
    "max_payload",
    "max_payload_for_mission",
]

PARKING_MIN_RAISE_M = 500e3
"""A vehicle whose last stage can restart also tries a parking orbit when the target's
semi-major axis exceeds its perigee radius by more than this, m (elliptical, GTO)."""


@dataclass(frozen=True, slots=True)
class PerformanceResult:
    """The maximum payload to a target (kg), the margin and the optimal trajectory.

    ``limits_respected`` is False when the flight breaks a limit of the vehicle (``violations``
    names them; the constraint's note says EXCEEDED and what would hold it). A broken hard limit
    (``hard_violations``) makes ``feasible`` False: the payload is then the largest that reaches
    the orbit, not one the vehicle may fly. A soft limit (vehicle file ``limits.soft``) is
    reported only.
    """

    vehicle_id: str
    site_id: str
    target: dict[str, Any]
    payload_kg: float
    requested_payload_kg: float | None
    constraints: tuple[Constraint, ...]
    trajectory: Trajectory
    evaluations: int
    notes: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)
    transfer: Transfer | None = None  # when a parking orbit and transfer burns were flown
    ascent_profile: str = "direct"  # "direct" | "parking_orbit" (coast, restart at the node)

    def __repr__(self) -> str:
        """One line (the dataclass repr would print the whole trajectory)."""
        return (
            f"PerformanceResult({self.vehicle_id} from {self.site_id}: payload "
            f"{self.payload_kg:,.1f} kg, {self.ascent_profile}, margin {self.margin_kg})"
        )

    @property
    def margin_kg(self) -> float | None:
        if self.requested_payload_kg is None:
            return None
        return self.payload_kg - self.requested_payload_kg

    @property
    def violations(self) -> tuple[str, ...]:
        """Names of the limits the flight breaks, hard or soft (empty: all respected)."""
        return violations(self.constraints)

    @property
    def hard_violations(self) -> tuple[str, ...]:
        """Names of the hard limits the flight breaks (any one makes it infeasible)."""
        return hard_violations(self.constraints)

    @property
    def limits_respected(self) -> bool:
        return not self.violations

    @property
    def feasible(self) -> bool | None:
        """False when a hard limit is broken or the requested payload exceeds the maximum;
        True when the requested payload fits; None when no payload was requested."""
        if self.hard_violations:
            return False
        return None if self.margin_kg is None else self.margin_kg >= 0

    def to_json(self) -> dict[str, Any]:
        traj = self.trajectory.to_json()
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "target": self.target,
            "payload_kg": round(self.payload_kg, 1),
            "requested_payload_kg": self.requested_payload_kg,
            "margin_kg": None if self.margin_kg is None else round(self.margin_kg, 1),
            "feasible": self.feasible,
            "limits_respected": self.limits_respected,
            "violations": list(self.violations),
            "hard_violations": list(self.hard_violations),
            "limits_verdict": limits_line(self.constraints),
            "constraints": [c.to_json() for c in self.constraints],
            "active_constraints": [c.name for c in self.constraints if c.active],
            "ascent_profile": self.ascent_profile,
            "guidance_evaluations": self.evaluations,
            "notes": list(self.notes),
            "trajectory": {k: traj[k] for k in ("summary", "events", "insertion", "guidance")},
            "transfer_burns": None
            if self.transfer is None
            else [b.to_json() for b in self.transfer.burns],
            "provenance": self.provenance,
        }


def max_payload(
    vehicle_id: str,
    site_id: str,
    target: G.OrbitTarget,
    requested_payload_kg: float | None = None,
    wind: Any = None,
    target_info: dict[str, Any] | None = None,
    launch_time_utc: str = "2027-01-01T00:00:00Z",
    initial_payload_kg: float | None = None,
    kick_guess: float | None = None,
    upper_stage_id: str | None = None,
    launch_inclination: float | None = None,
    reach_limit: bool = True,
    configuration: FlownConfiguration | None = None,
) -> PerformanceResult:
    """The largest payload that reaches ``target`` from ``site_id`` on ``vehicle_id``.

    ``target`` in SI (m, rad); ``launch_inclination`` rad (a dog-leg), ``wind`` a wind profile.
    Out of reach even without payload: InfeasibleError, whose limit names the highest orbit of
    the same family that is reached (``reach_limit``; a few seconds more; curves skip it).

    A direct ascent solves the payload with the guidance in one Newton system per kick
    (``performance.depletion``); with a parking orbit the propellant kept for the transfer is
    balanced (``_parking``). A last stage that can restart flies whichever of the two carries
    more. ``initial_payload_kg`` (and, on the regula-falsi path, ``kick_guess``, rad) only speed
    it up (e.g. from the neighbouring point of a curve); the result does not depend on them.

    ``configuration`` flies the vehicle as a mission's ``[configuration]`` says (a planned
    recovery reserve: a stage cut off early, a lofted booster, a throttle profile): the maximum
    is then the payload of that flight, and a note says what the configuration keeps aboard.
    """
    if configuration is not None and configuration.empty:
        configuration = None
    case = AscentCase(
        vehicle_id, site_id, target, wind, upper_stage_id, launch_inclination, configuration
    )
    v = catalog.vehicle(vehicle_id)
    start = v.reference_payload_kg * (0.3 if upper_stage_id else 1.0)
    p_start = float(initial_payload_kg or requested_payload_kg or start)
    info = dict(target_info or {})
    if upper_stage_id is not None and target.argument_of_perigee is not None:
        raise InputError(
            "target.argument_of_perigee_deg",
            round(math.degrees(target.argument_of_perigee), 3),
            "no argument of perigee with an upper stage (its burns are centred on a node: the "
            "perigee lies on the equator); leave it out, or fly direct",
        )
    if upper_stage_id is None:
        best, notes = _own_stages_maximum(case, p_start, reach_limit)
    else:
        best, notes = parking_maximum(case, p_start, kick_guess), ()
    if configuration is not None:
        notes = (configuration_note(v, configuration), *notes)
    sol = best.solution
    traj = simulate(
        best.setup, sol.prm, launch_time_utc, {"pitch_over_kick_deg": math.degrees(sol.kick)}
    )
    return PerformanceResult(
        vehicle_id=vehicle_id,
        site_id=site_id,
        target=info,
        payload_kg=best.payload,
        requested_payload_kg=requested_payload_kg,
        constraints=constraints_of(best.setup.vehicle, traj),
        trajectory=traj,
        evaluations=best.evaluations,
        notes=notes,
        transfer=best.transfer,
        ascent_profile="direct" if best.transfer is None else "parking_orbit",
        provenance=provenance(
            {"vehicle": vehicle_id, "site": site_id, "target": info}
            | ({} if configuration is None else {"configuration": repr(configuration)})
        ),
    )


def configuration_note(vehicle: catalog.Vehicle, cfg: FlownConfiguration) -> str:
    """One line: the flight is the configured one, and the propellant each stage keeps aboard
    (its recovery reserve), kg; ``vehicle`` is the catalog one."""
    kept = unburnt_propellant(vehicle, cfg)
    parts = (
        [f"{name} cut off at T+{t:.1f} s" for name, t in sorted(cfg.cutoff.items())]
        + [
            f"{name} keeps {kg:,.0f} kg of propellant aboard"
            for name, kg in kept.items()
            if kg > 0.5
        ]
        + [
            f"{name} lofted to {math.degrees(a):.1f} deg at cutoff"
            for name, a in cfg.cutoff_flight_path_angle.items()
        ]
    )
    parts += [f"{name} ignited at T+{t:.1f} s" for name, t in sorted(cfg.ignition.items())]
    parts += [f"{name} separated at T+{t:.1f} s" for name, t in sorted(cfg.separation.items())]
    if cfg.throttle_profile or cfg.throttle:
        names = " and ".join(sorted({*cfg.throttle, *cfg.throttle_profile}))
        parts.append(f"{names} throttle as configured")
    if not cfg.fairing:
        parts.append("no fairing")
    elif cfg.fairing_jettison is not None:
        parts.append(f"fairing jettisoned at T+{cfg.fairing_jettison:.1f} s")
    return "flown as the mission's [configuration] says: " + "; ".join(parts)


def _own_stages_maximum(
    case: AscentCase, p_start: float, reach_limit: bool
) -> tuple[Maximum, tuple[str, ...]]:
    """The maximum without an upper stage: direct ascent, and, when the last stage can restart
    and the orbit is raised enough, a parking orbit with a restart at the node; the larger payload
    wins and both are reported in the notes."""
    target = case.target
    own = catalog.restartable_last_stage(case.vehicle)
    try_parking = (
        own is not None
        and abs(target.semi_major_axis) - target.radius > PARKING_MIN_RAISE_M  # a < 0: escape
        and target.argument_of_perigee is None
    )
    direct: Maximum | None = None
    try:
        direct = direct_maximum(case, p_start, reach_limit)
    except (InfeasibleError, ConvergenceError) as exc:
        if not try_parking:
            raise
        direct_error = exc  # the parking orbit may still do
    if own is None or not try_parking:
        assert direct is not None  # direct_maximum raised otherwise
        return direct, ()
    try:
        parked = parking_maximum(case, direct.payload if direct is not None else p_start, None, own)
    except (InfeasibleError, ConvergenceError) as exc:
        if direct is None:
            raise direct_error from exc
        return direct, (f"parking orbit and restart not possible: {exc}; direct ascent flown",)
    direct_text = (
        f"direct ascent {direct.payload:,.0f} kg"
        if direct is not None
        else f"direct ascent impossible ({direct_error})"
    )
    note = (
        f"{direct_text}; parking orbit at the target's perigee, "
        f"coast and restart of {own.name} at the node {parked.payload:,.0f} kg"
    )
    if direct is None or parked.payload > direct.payload:
        evals = parked.evaluations + (0 if direct is None else direct.evaluations)
        return dataclasses.replace(parked, evaluations=evals), (f"{note}: parking orbit flown",)
    return direct, (f"{note}: direct ascent flown",)


def max_payload_for_mission(mission: Any, wind: Any = None) -> PerformanceResult:
    """Maximum payload to a mission's target; the mission's payload is the requested one.

    ``mission`` a loaded ``baiterek.mission`` file; a dog-leg's payload penalty against flying
    the corridor's own inclination is in the notes and the target info.
    """
    from baiterek.flight.simulate import orbit_target

    req = mission.mission.payload_kg or None
    info = mission.target.model_dump(exclude_none=True)
    info["inclination_deg"] = math.degrees(mission.inclination)
    info["heading"] = mission.heading
    if mission.mission.upper_stage:
        info["upper_stage"] = mission.mission.upper_stage
    target = orbit_target(mission)
    configuration = FlownConfiguration.from_section(mission.configuration)
    dogleg = mission.target.dogleg and abs(mission.launch_inclination - mission.inclination) > 1e-9
    res = max_payload(
        mission.mission.vehicle,
        mission.mission.site,
        target,
        requested_payload_kg=req,
        wind=wind if wind is not None else mission.wind_profile(),
        target_info=info,
        launch_time_utc=mission.mission.launch_time_utc,
        launch_inclination=mission.launch_inclination if dogleg else None,
        upper_stage_id=mission.mission.upper_stage,
        configuration=configuration,
    )
    notes = res.notes
    if dogleg:  # the penalty against flying the corridor's own inclination directly
        direct = max_payload(
            mission.mission.vehicle,
            mission.mission.site,
            G.OrbitTarget(
                target.radius,
                0.0,
                target.semi_major_axis,
                mission.launch_inclination,
                target.heading,
                target.argument_of_perigee,
            ),
            initial_payload_kg=res.payload_kg,
            configuration=configuration,
        )
        notes = (
            *notes,
            f"dog-leg: launched in the corridor at {math.degrees(mission.launch_inclination):.2f} "
            f"deg and yawed to {math.degrees(mission.inclination):.2f} deg after the first "
            f"separation; payload penalty {direct.payload_kg - res.payload_kg:.0f} kg against "
            f"{direct.payload_kg:.0f} kg direct; later stages fall off the corridor's drop zones",
        )
        info = {
            **res.target,
            "dogleg_penalty_kg": direct.payload_kg - res.payload_kg,
            "dogleg_launch_inclination_deg": math.degrees(mission.launch_inclination),
        }
    prov = provenance(mission.to_dict())
    return dataclasses.replace(
        res,
        target=info if dogleg else res.target,
        notes=notes,
        provenance=prov,
        trajectory=dataclasses.replace(res.trajectory, provenance=prov),
    )
