"""From the API's units and forms (ids, km, deg, UTC strings, paths) to the core's objects.

Input errors name the API keyword (``altitude_km``, ``vehicle/site``); the CLI maps keywords to
the flags the user typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek.errors import InputError, refuse_unused

if TYPE_CHECKING:
    from baiterek.mission import Mission

GTO_APOGEE_KM = 35786.0
"""Geostationary altitude above the equatorial radius, km (42,164 km radius - 6,378 km)."""


def mission_of(mission: str | Path | Mission) -> tuple[Mission, str | None]:
    """A validated Mission and its file path (None when a Mission object was given)."""
    from baiterek.mission import Mission, load_mission

    if isinstance(mission, Mission):
        return mission, None
    if isinstance(mission, (str, Path)):
        return load_mission(mission), str(mission)
    raise InputError("mission", type(mission).__name__, "a mission file path or a Mission")


def performance_mission(
    mission: str | Path | Mission | None,
    *,
    vehicle: str | None,
    site: str | None,
    altitude_km: float | None,
    perigee_km: float | None,
    apogee_km: float | None,
    inclination_deg: float | None,
    argument_of_perigee_deg: float | None,
    sso: bool,
    gto: bool,
    heading: str | None,
    payload_kg: float | None,
    dogleg: bool,
    upper_stage: str | None,
) -> Mission:
    """A validated Mission from a file (or object) or from keywords (same rules, same messages)."""
    from baiterek.mission import mission_from_dict

    given = {
        "vehicle": vehicle, "site": site, "altitude_km": altitude_km, "perigee_km": perigee_km,
        "apogee_km": apogee_km, "inclination_deg": inclination_deg,
        "argument_of_perigee_deg": argument_of_perigee_deg, "sso": sso or None,
        "gto": gto or None, "heading": heading, "payload_kg": payload_kg,
        "dogleg": dogleg or None, "upper_stage": upper_stage,
    }  # fmt: skip
    given = {k: v for k, v in given.items() if v is not None}
    if mission is not None:
        refuse_unused(given, "with a mission file, which sets it (edit the file, or give "
                      "vehicle and site without one)")  # fmt: skip
        return mission_of(mission)[0]
    if vehicle is None or site is None:
        raise InputError("vehicle/site", None, "both, or a MISSION file")
    if sso and gto:
        raise InputError("sso", True, "not with gto (one kind of orbit at a time)")
    if sso:
        refuse_unused(
            {k: given[k] for k in ("perigee_km", "apogee_km", "inclination_deg") if k in given},
            "with sso: the orbit is circular at altitude_km and its inclination follows from it",
        )
    elif gto or perigee_km is not None or apogee_km is not None:
        if "altitude_km" in given:
            refuse_unused({"altitude_km": altitude_km}, "with perigee_km/apogee_km or gto")
    if argument_of_perigee_deg is not None and not (
        gto or perigee_km is not None or apogee_km is not None
    ):
        refuse_unused(
            {"argument_of_perigee_deg": argument_of_perigee_deg},
            "without perigee_km and apogee_km (a circular orbit has no perigee)",
        )
    target: dict[str, Any]
    if gto:
        target = {
            "kind": "elliptical",
            "perigee_km": 200.0 if perigee_km is None else perigee_km,
            "apogee_km": GTO_APOGEE_KM if apogee_km is None else apogee_km,
            "inclination_deg": inclination_deg,
        }
    elif sso:
        target = {"kind": "sso", "altitude_km": altitude_km}
    elif perigee_km is not None or apogee_km is not None:
        target = {
            "kind": "elliptical",
            "perigee_km": perigee_km,
            "apogee_km": apogee_km,
            "inclination_deg": inclination_deg,
        }
    else:
        target = {
            "kind": "circular",
            "altitude_km": altitude_km,
            "inclination_deg": inclination_deg,
        }
    if heading:
        target["heading"] = heading
    if dogleg:
        target["dogleg"] = True
    if argument_of_perigee_deg is not None:
        target["argument_of_perigee_deg"] = argument_of_perigee_deg
    raw = {
        "mission": {
            "name": "performance",
            "vehicle": vehicle,
            "site": site,
            "payload_kg": 0.0 if payload_kg is None else payload_kg,
            "upper_stage": upper_stage,
        },
        "target": {k: v for k, v in target.items() if v is not None},
    }
    try:
        return mission_from_dict(raw)
    except InputError as exc:  # name the keyword the caller gave, not the mission-file key
        raise InputError(
            _KEYWORD_OF.get(exc.field, exc.field), exc.value, exc.allowed, exc.detail
        ) from None


_KEYWORD_OF = {
    "mission file": "target",  # a rule across keys (e.g. circular needs inclination_deg)
    "mission.vehicle": "vehicle",
    "mission.site": "site",
    "mission.payload_kg": "payload_kg",
    "mission.upper_stage": "upper_stage",
    **{
        f"target.{k}": k
        for k in (
            "altitude_km", "perigee_km", "apogee_km", "inclination_deg",
            "argument_of_perigee_deg", "heading", "dogleg",
        )
    },
}  # fmt: skip


def grid(values: str | float | Sequence[float], field: str) -> tuple[float, ...]:
    """A grid from 'start:stop:step', a comma list, or numbers (checked like the text forms)."""
    from baiterek._api._grid import parse_grid

    if isinstance(values, str):
        return parse_grid(values, field)
    if isinstance(values, (int, float)):
        values = [values]
    return parse_grid(",".join(repr(float(x)) for x in values), field)
