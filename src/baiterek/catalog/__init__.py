"""The catalog: vehicles, sites and ground stations shipped as TOML data, validated on load.

Use ``site("baikonur-45-1")``, ``vehicle("sunkar")``; the listing functions return every item.
An unknown id raises :class:`baiterek.errors.InputError` listing the ids that exist.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from baiterek.catalog.sites import Corridor, Site
from baiterek.catalog.stations import Station
from baiterek.catalog.upper_stages import UpperStage
from baiterek.catalog.vehicles import Stage, Vehicle
from baiterek.errors import InputError

__all__ = [
    "Corridor",
    "Site",
    "Stage",
    "Station",
    "UpperStage",
    "Vehicle",
    "read_data_toml",
    "site",
    "sites",
    "station",
    "stations",
    "upper_stage",
    "upper_stages",
    "vehicle",
    "vehicles",
]


def read_data_toml(relative_path: str) -> dict[str, Any]:
    """Parse a TOML file shipped in ``baiterek/data``."""
    ref = resources.files("baiterek") / "data" / relative_path
    with ref.open("rb") as fh:
        return tomllib.load(fh)


def _validated(model: type[BaseModel], raw: dict[str, Any], where: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:  # a packaging error, stated with its place
        raise RuntimeError(f"catalog file {where} is invalid: {exc}") from exc


@cache
def _sites() -> dict[str, Site]:
    raw = read_data_toml("sites.toml")
    out: dict[str, Site] = {}
    for item in raw["site"]:
        s = _validated(Site, item, "sites.toml")
        if s.id in out:
            raise RuntimeError(f"catalog file sites.toml: duplicate site id {s.id}")
        out[s.id] = s
    return out


def sites() -> list[Site]:
    """All launch sites in the catalog."""
    return list(_sites().values())


def site(site_id: str) -> Site:
    """One launch site by id (e.g. ``baikonur-45-1``)."""
    table = _sites()
    if site_id not in table:
        raise InputError("site", site_id, "one of " + ", ".join(sorted(table)))
    return table[site_id]


@cache
def _vehicles() -> dict[str, Vehicle]:
    out: dict[str, Vehicle] = {}
    folder = resources.files("baiterek") / "data" / "vehicles"
    for ref in sorted(folder.iterdir(), key=lambda r: r.name):
        if not ref.name.endswith(".toml"):
            continue
        with ref.open("rb") as fh:
            raw = tomllib.load(fh)
        v = _validated(Vehicle, raw["vehicle"], f"vehicles/{ref.name}")
        if v.id in out or f"{v.id}.toml" != ref.name:
            raise RuntimeError(
                f"catalog file vehicles/{ref.name}: id {v.id} duplicated or misnamed"
            )
        out[v.id] = v
    return out


def vehicles() -> list[Vehicle]:
    """All launch vehicles in the catalog."""
    return list(_vehicles().values())


def vehicle(vehicle_id: str) -> Vehicle:
    """One launch vehicle by id (e.g. ``sunkar``)."""
    table = _vehicles()
    if vehicle_id not in table:
        raise InputError("vehicle", vehicle_id, "one of " + ", ".join(sorted(table)))
    return table[vehicle_id]


# --- Ground stations ------------------------------------------------------------


@cache
def _stations() -> dict[str, Station]:
    raw = read_data_toml("stations.toml")
    out: dict[str, Station] = {}
    for item in raw["station"]:
        s = _validated(Station, item, "stations.toml")
        if s.id in out:
            raise RuntimeError(f"catalog file stations.toml: duplicate station id {s.id}")
        out[s.id] = s
    return out


def stations() -> list[Station]:
    """All ground stations in the catalog."""
    return list(_stations().values())


def station(station_id: str) -> Station:
    """One ground station by id (e.g. ``esa-kiruna``)."""
    table = _stations()
    if station_id not in table:
        raise InputError("station", station_id, "one of " + ", ".join(sorted(table)))
    return table[station_id]


@cache
def _upper_stages() -> dict[str, UpperStage]:
    out: dict[str, UpperStage] = {}
    folder = resources.files("baiterek") / "data" / "upper_stages"
    for ref in sorted(folder.iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".toml"):
            with ref.open("rb") as fh:
                u = _validated(
                    UpperStage, tomllib.load(fh)["upper_stage"], f"upper_stages/{ref.name}"
                )
            out[u.id] = u
    return out


def upper_stages() -> list[UpperStage]:
    """All upper stages in the catalog."""
    return list(_upper_stages().values())


def upper_stage(upper_stage_id: str) -> UpperStage:
    """One upper stage by id (e.g. ``fregat``)."""
    table = _upper_stages()
    if upper_stage_id not in table:
        raise InputError("upper_stage", upper_stage_id, "one of " + ", ".join(sorted(table)))
    return table[upper_stage_id]


def stacked(vehicle_obj: Vehicle, upper: UpperStage) -> Vehicle:
    """The vehicle with the upper stage on top, as one more stage (guided to the parking orbit)."""
    if vehicle_obj.id not in upper.vehicles:
        raise InputError(
            "upper_stage",
            upper.id,
            f"one that flies on {vehicle_obj.id}: "
            + ", ".join(u.id for u in upper_stages() if vehicle_obj.id in u.vehicles),
        )
    last = vehicle_obj.stages[-1]
    stage = Stage(
        name=upper.id,
        dry_mass_kg=upper.dry_mass_kg,
        propellant_mass_kg=upper.propellant_mass_kg,
        engine=upper.engine,
        ignition="after",
        ignition_after_cutoff_of=last.name,
        ignition_offset_s=last.separation_delay_s + upper.ignition_delay_s,
        reserve_fraction=upper.reserve_fraction,
        max_burns=upper.max_burns,
        source=upper.source,
    )
    return vehicle_obj.model_copy(
        update={
            "stages": (*vehicle_obj.stages, stage),
            "name": f"{vehicle_obj.name} / {upper.name}",
        }
    )


def restartable_last_stage(vehicle_obj: Vehicle) -> UpperStage | None:
    """The vehicle's own last stage as a transfer stage, if it can restart (``max_burns`` > 1).

    Lets a two-stage vehicle fly a parking orbit, a coast and a restart (e.g. Falcon 9 to GTO)
    with the same transfer code as a stacked upper stage; None if it cannot restart.
    """
    last = vehicle_obj.stages[-1]
    if last.max_burns < 2 or last.count != 1:
        return None
    return UpperStage(
        id=f"{vehicle_obj.id}-{last.name}",
        name=f"{vehicle_obj.name} {last.name}",
        dry_mass_kg=last.dry_mass_kg,
        propellant_mass_kg=last.propellant_mass_kg,
        engine=last.engine,
        max_burns=last.max_burns,
        reserve_fraction=last.reserve_fraction,
        ignition_delay_s=0.0,
        vehicles=(vehicle_obj.id,),
        source=last.source,
        separation=vehicle_obj.separation,
    )
