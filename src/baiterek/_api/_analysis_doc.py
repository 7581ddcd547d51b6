"""The document of a mission analysis (``baiterek analyze --json``), from the sections' results.

Only gathering: every figure is read from an API result's document (or a core result's
``to_json``) or from the catalog; the verdict and the lists of open issues and assumptions are
rules over those figures, written here once so the JSON and the report say the same.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baiterek.mission import LoadedMission

GRADE = re.compile(r"\[([A-Z](?:/[A-Z])*)\]")
"""Grade tags in catalog sources: [P] primary, [S] secondary, [C] compiled, [D] derived,
[U] unverified (vehicle files), and A/B/C/U in graded tables (separation)."""


NO_WINDOW = (
    "no [window] table in the mission: no target plane or local time constrains the launch; "
    "the nominal launch time is used"
)


def _sigma(inj: dict[str, Any], key: str) -> float | None:
    s = inj.get(key)
    return None if s is None else s.get("sigma")


def vehicle_sources(vehicle: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """Every ``source`` of a vehicle's data (its ``model_dump()``): item, grades, text."""
    rows: list[dict[str, Any]] = []
    if isinstance(vehicle, dict):
        label = vehicle.get("name") if isinstance(vehicle.get("name"), str) else None
        here = prefix if label is None or not prefix else f"{prefix} ({label})"
        if isinstance(vehicle.get("source"), str) and vehicle["source"]:
            grades = sorted(set(GRADE.findall(vehicle["source"])))
            if isinstance(vehicle.get("grade"), str):
                grades = sorted({*grades, vehicle["grade"]})
            rows.append({"item": here or "vehicle", "grades": grades, "source": vehicle["source"]})
        for k, v in vehicle.items():
            if k in ("source",):
                continue
            key = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                rows += vehicle_sources(v, key)
            elif isinstance(v, (list, tuple)):
                for i, x in enumerate(v):
                    rows += vehicle_sources(x, f"{key}[{i}]")
    return rows


def _performance(pay: Any, curve: Any) -> dict[str, Any] | None:
    if pay is None and curve is None:
        return None
    d = pay.to_json() if pay is not None else {}
    out: dict[str, Any] = {
        k: d.get(k)
        for k in (
            "payload_kg", "requested_payload_kg", "margin_kg", "limits_respected", "violations",
            "constraints", "active_constraints", "ascent_profile", "notes", "transfer_burns",
        )
    }  # fmt: skip
    rows = [] if curve is None else curve.to_frame().to_dict(orient="records")
    # wall times are kept in stage_times_s only (the rest of the document is reproducible)
    out["curve"] = (
        None
        if curve is None
        else [{k: v for k, v in r.items() if k != "solve_time_s"} for r in rows]
    )
    return out


def _trajectory(flight: Any, pay: Any) -> dict[str, Any] | None:
    if flight is None:
        return None
    d = flight.to_json()
    limits = {c["name"]: c for c in (pay.to_json()["constraints"] if pay is not None else [])}
    s = d["summary"]
    checks = []
    for name, value, unit in (
        ("max_dynamic_pressure", s["max_dynamic_pressure_kpa"], "kPa"),
        ("max_axial_load", s["max_axial_load_g"], "g"),
    ):
        lim = limits.get(name, {}).get("limit")
        checks.append({"name": name, "value": value, "limit": lim, "unit": unit,
                       "within": None if lim is None else value <= lim * (1 + 1e-9)})  # fmt: skip
    return {"status": d["status"], "insertion": d["insertion"], "summary": s,
            "events": d["events"], "limits": checks, "launch_time_utc": d["launch_time_utc"]}  # fmt: skip


def _windows(w: Any) -> dict[str, Any] | None:
    if w is None:
        return None
    d = w.to_json()
    keep = ("launch_time_utc", "open_utc", "close_utc", "branch", "azimuth_deg", "phase_deg",
            "sun_elevation_deg", "insertion_sunlit")  # fmt: skip
    return {
        "windows": [{k: r.get(k) for k in keep if k in r} for r in d["windows"]],
        "warnings": d.get("warnings", []),
        "earth_orientation": d.get("provenance", {}).get("earth_orientation")
        or d.get("earth_orientation"),
    }


def _safety(s: Any) -> dict[str, Any] | None:
    if s is None:
        return None
    d = s.to_json()
    keep = ("name", "kind", "status", "separation_time_s", "impact_time_s", "impact_latitude_deg",
            "impact_longitude_deg", "downrange_km", "zone", "inside", "margin_km",
            "probability_inside", "statement")  # fmt: skip
    return {"bodies": [{k: b.get(k) for k in keep} for b in d["bodies"]],
            "zones_file": d.get("zones_file"), "all_inside": s.all_inside}  # fmt: skip


def _accuracy(disp: Any) -> dict[str, Any] | None:
    if disp is None:
        return None
    d = disp.to_json()
    return {k: d.get(k) for k in (
        "samples", "seed", "evaluator", "success_fraction", "success_fraction_ci_95",
        "injection", "failures", "insertion_covariance_km",
    )}  # fmt: skip


def _coverage(vis: Any) -> dict[str, Any] | None:
    """Passes over the ascent and the first orbits, events seen, ascent coverage and gaps."""
    return None if vis is None else dict(vis.to_json())


def _orbit(orb: Any) -> dict[str, Any] | None:
    if orb is None:
        return None
    d = orb.to_json()
    return {k: d.get(k) for k in ("epoch_utc", "osculating", "orbits", "tle", "ref_frame")}


def _calibration(vehicle: Any, flight: Any) -> dict[str, Any]:
    events = {e["name"]: e["time_s"] for e in (flight.to_json()["events"] if flight else [])}
    rows = []
    for e in vehicle.published_events:
        pred = events.get(e.name)
        rows.append({"name": e.name, "published_s": e.time_s, "predicted_s": pred,
                     "miss_s": None if pred is None else pred - e.time_s, "source": e.source})  # fmt: skip
    return {"calibration": vehicle.calibration or "nothing of this vehicle is calibrated",
            "reference_payload_kg": vehicle.reference_payload_kg,
            "reference_payload_source": vehicle.reference_payload_source,
            "published_events": rows}  # fmt: skip


def _what_would_work(
    pay: Any, curve: Any, mass: float | None, reason: str | None
) -> dict[str, Any] | None:
    """The heaviest payload to the target, or the nearest orbit of the curve that carries the
    payload, or (when the target is out of reach) the limit the performance search reported."""
    heaviest = None if pay is None else pay.payload_kg
    nearest = None
    if curve is not None and mass is not None:
        ok = [p for p in curve.to_frame().to_dict(orient="records")
              if p.get("payload_kg") == p.get("payload_kg") and (p.get("payload_kg") or 0) >= mass]  # fmt: skip
        if ok:
            nearest = ok[0]
    if heaviest is None and nearest is None:
        text = reason or "no orbit of the curve around the target carries this payload"
    elif nearest is not None and (heaviest is None or heaviest < (mass or 0)):
        text = ", ".join(f"{k} {v:,.1f}" for k, v in nearest.items() if isinstance(v, float))
        text = f"a reachable orbit that carries the payload: {text}"
        if heaviest is not None:
            text = f"heaviest payload to the target {heaviest:,.0f} kg; or {text}"
    else:
        text = f"heaviest payload to the target {heaviest:,.0f} kg"
    return {"heaviest_payload_kg": heaviest, "nearest_orbit": nearest, "text": text}


def _window_text(w: dict[str, Any] | None) -> str | None:
    """The first window as a reader writes it: date, open to close, launch time."""
    if not w or not w["windows"]:
        return None
    r = w["windows"][0]
    t = r["launch_time_utc"]
    o, c = r.get("open_utc"), r.get("close_utc")
    if o and c and o != c:
        return f"{t[:10]} {o[11:21]} to {c[11:21]} (launch {t[11:21]})"
    return f"{t[:10]} {t[11:21]}"


def _window_request(m: Any) -> str | None:
    """What the mission's [window] asks, in words."""
    w = m.window
    if w is None:
        return None
    if w.local_time_node:
        return f"{w.node} node at {w.local_time_node} {w.sun} local time"
    if w.tle_file:
        return f"the plane (and phase) of the TLE {w.tle_file}"
    if w.raan_deg is not None:
        return f"RAAN {w.raan_deg} deg at {w.epoch_utc}"
    return None


def analysis_document(
    *,
    kind: str,
    loaded: LoadedMission,
    mission_path: str,
    mission_id: str,
    sections: dict[str, Any],
    skipped: dict[str, str],
    stage_times_s: dict[str, float],
    samples: int,
    seed: int,
) -> dict[str, Any]:
    """The JSON document of an analysis (see the module doc)."""
    from pathlib import Path

    from baiterek import catalog
    from baiterek.earth.time import earth_orientation_table_info
    from baiterek.provenance import provenance

    m = loaded.data
    vehicle = catalog.vehicle(m.mission.vehicle)
    pay, curve, flight = sections["payload"], sections["curve"], sections["flight"]
    win, saf, disp, orb, sep = (
        sections[k] for k in ("windows", "safety", "dispersion", "orbit", "separation")
    )
    mass = m.mission.payload_kg
    margin = None if pay is None else pay.margin_kg
    feasible = pay is not None and (margin is None or margin >= 0) and flight is not None
    why_not = None
    if pay is None:
        why_not = skipped.get("payload", "the maximum payload could not be computed")
    elif margin is not None and margin < 0:
        why_not = f"the payload ({mass:,.0f} kg) is {-margin:,.0f} kg heavier than the maximum ({pay.payload_kg:,.0f} kg)"
    elif flight is None:
        why_not = skipped.get("flight", "the nominal flight did not reach orbit")
    open_issues: list[str] = []
    assumptions: list[str] = [
        "target altitudes are above the equatorial radius (WGS-84 a); the insertion orbit is osculating",
        "the nominal flight is flown at mission.launch_time_utc "
        f"({m.mission.launch_time_utc}); windows give the days' launch times",
        "vehicle data graded [U] are assumptions (section Vehicle data)",
    ]
    if pay is not None and not pay.limits_respected:
        open_issues.append(
            "at the maximum payload the flight exceeds: " + ", ".join(pay.to_json()["violations"])
        )
    traj = _trajectory(flight, pay)
    if traj is not None:
        for c in traj["limits"]:
            if c["within"] is False:
                open_issues.append(
                    f"{c['name']} {c['value']:.2f} {c['unit']} above the limit {c['limit']:.2f}"
                )
    safety_doc = _safety(saf)
    if safety_doc is not None:
        no_zone = [
            b["name"] for b in safety_doc["bodies"] if b["status"] == "impact" and b["zone"] is None
        ]
        outside = [b["name"] for b in safety_doc["bodies"] if b["inside"] is False]
        if outside:
            open_issues.append("outside their zones: " + ", ".join(outside))
        if no_zone:
            open_issues.append("no fall area assigned on this route to: " + ", ".join(no_zone))
        bodies_in_zones = (
            "no"
            if outside
            else ("no zone assigned for " + ", ".join(no_zone) if no_zone else "yes")
        )
    else:
        bodies_in_zones = "not computed"
    acc = _accuracy(disp)
    if acc is not None:
        assumptions.append(
            f"injection accuracy from {acc['samples']} Monte Carlo samples (seed {acc['seed']}), evaluator: {acc['evaluator']}"
        )
        if "open-loop" in str(acc["evaluator"]):
            open_issues.append(
                "the Monte Carlo flies the dispersed ascents open loop (no guidance correction): "
                "its injection scatter overstates what closed-loop guidance would leave"
            )
        if acc["insertion_covariance_km"] is None:
            open_issues.append(
                "the OPM carries no covariance (too few successful Monte Carlo samples)"
            )
    if sep is not None and (m.separation is None or m.separation.delta_v_m_s is None):
        assumptions.append(
            "separation and avoidance manoeuvre from the vehicle catalog (graded, see Vehicle data)"
        )
    for key, why in skipped.items():
        if key not in ("flight", "payload") and not why.startswith(
            "not computed: the mission is not feasible"
        ):
            if not (key == "windows" and m.window is None):
                open_issues.append(f"{key}: {why}")
    if m.window is None:
        assumptions.append(NO_WINDOW)
    sep_doc = None if sep is None else sep.to_json()
    cov = _coverage(sections.get("visibility"))
    if cov is not None and cov["unseen_events"]:
        open_issues.append("flight events no station sees: " + ", ".join(cov["unseen_events"]))
    inj = (acc or {}).get("injection") or {}
    w = _windows(win)
    summary = {
        "max_payload_kg": None if pay is None else pay.payload_kg,
        "requested_payload_kg": mass,
        "margin_kg": margin,
        "windows": None if w is None else len(w["windows"]),
        "first_window_utc": w["windows"][0]["launch_time_utc"] if w and w["windows"] else None,
        "perigee_sigma_km": _sigma(inj, "perigee_km"),
        "apogee_sigma_km": _sigma(inj, "apogee_km"),
        "inclination_sigma_deg": _sigma(inj, "inclination_deg"),
        "success_fraction": None if acc is None else acc["success_fraction"],
        "samples": None if acc is None else acc["samples"],
        "min_separation_distance_m": None if sep_doc is None else sep_doc["min_distance_m"],
        "time_of_min_s": None if sep_doc is None else sep_doc["time_of_min_s"],
        "bodies_in_zones": bodies_in_zones,
        "insertion": None if traj is None else traj["insertion"],
    }
    table = [
        {"item": "feasible", "value": "yes" if feasible else "no", "unit": ""},
        {"item": "maximum payload", "value": summary["max_payload_kg"], "unit": "kg"},
        {"item": "spacecraft mass", "value": mass, "unit": "kg"},
        {"item": "margin", "value": margin, "unit": "kg"},
        {"item": "first launch window", "value": _window_text(w), "unit": "UTC"},
        {"item": "perigee 1 sigma", "value": summary["perigee_sigma_km"], "unit": "km"},
        {"item": "inclination 1 sigma", "value": summary["inclination_sigma_deg"], "unit": "deg"},
        {"item": "stage-payload minimum distance", "value": summary["min_separation_distance_m"], "unit": "m"},
        {"item": "bodies inside their zones", "value": bodies_in_zones, "unit": ""},
    ]  # fmt: skip
    eo = earth_orientation_table_info()
    raw_bytes = Path(mission_path).read_bytes()
    prov = {**provenance(raw_bytes, seed=seed), "earth_orientation": eo, "command": "analyze"}
    cust = m.customer
    sc = m.spacecraft
    return {
        "kind": kind,
        "mission_id": mission_id,
        "mission": m.mission.name,
        "mission_file": mission_path,
        "customer": {
            "name": cust.name if cust else "unnamed customer",
            "reference": cust.reference if cust else None,
        },
        "spacecraft": {
            "name": sc.name if sc else "spacecraft",
            "id": mission_id,
            "mass_kg": mass,
            "dimensions_class": sc.dimensions_class if sc else "medium",
        },
        "vehicle": vehicle.id,
        "vehicle_name": vehicle.name,
        "site": m.mission.site,
        "upper_stage": m.mission.upper_stage,
        "target": m.target.model_dump(exclude_none=True),
        "window_request": _window_request(m),
        "launch_time_utc": m.mission.launch_time_utc,
        "feasible": feasible,
        "why_not": why_not,
        "what_would_work": None
        if feasible
        else _what_would_work(pay, curve, mass, skipped.get("payload")),
        "summary": summary,
        "summary_table": table,
        "open_issues": open_issues,
        "assumptions": [a for a in assumptions if a],
        "performance": _performance(pay, curve),
        "trajectory": traj,
        "launch_windows": w,
        "safety": safety_doc,
        "injection_accuracy": acc,
        "separation": sep_doc,
        "ground_coverage": _coverage(sections.get("visibility")),
        "orbit": _orbit(orb),
        "vehicle_data": vehicle_sources(vehicle.model_dump(mode="json")),
        "calibration": _calibration(vehicle, flight),
        "skipped": dict(skipped),
        "samples": samples,
        "stage_times_s": {k: round(v, 3) for k, v in stage_times_s.items()},
        "provenance": prov,
    }
