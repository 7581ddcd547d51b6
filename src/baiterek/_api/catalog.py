"""``vehicles()``, ``sites()``, ``stations()``: the catalog as results (tables and documents)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baiterek._api._result import DataFrame, ResultMixin, frame, freeze_doc


@dataclass(frozen=True, slots=True, repr=False)
class Catalog(ResultMixin):
    """A catalog listing: ``kind`` ('vehicles', 'sites', 'stations') and the catalog objects."""

    kind: str
    items: tuple[Any, ...]
    _json: str

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(x.id for x in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def headline(self) -> list[str]:
        rows = self.to_json()[self.kind]
        lines = [f"{len(rows)} {self.kind}"]
        lines += [f"{r['id']}: {r['name']}" for r in rows[:12]]
        if len(rows) > 12:
            lines.append(f"... {len(rows) - 12} more (to_frame())")
        return lines

    def details(self) -> list[str]:
        return self._frame_lines()

    def to_frame(self) -> DataFrame:
        """One row per entry (nested lists, such as stages or corridors, left as lists)."""
        return frame(self.to_json()[self.kind])


def vehicles() -> Catalog:
    """The launch vehicles: stages, engines, masses (kg), times (s) and what was calibrated."""
    from baiterek import catalog
    from baiterek.flight.sequence import stage_times

    items = tuple(catalog.vehicles())
    out = []
    for v in items:
        times = stage_times(v)
        out.append(
            {
                "id": v.id,
                "name": v.name,
                "summary": v.summary,
                "liftoff_mass_without_payload_kg": v.dry_liftoff_mass,
                "reference_diameter_m": v.aerodynamics.reference_diameter_m,
                "fairing_mass_kg": v.fairing.mass_kg,
                "fairing_jettison": v.fairing.jettison,
                "calibration": v.calibration,
                "min_insertion_perigee_km": v.insertion.min_perigee_km,
                "min_insertion_perigee_source": v.insertion.source,
                "limits": {
                    "max_dynamic_pressure_kpa": v.limits.max_dynamic_pressure_kpa,
                    "max_axial_load_g": v.limits.max_axial_load_g,
                    "soft": list(v.limits.soft),
                    "source": v.limits.source,
                    "soft_source": v.limits.soft_source,
                },
                "stages": [
                    {
                        "name": s.name,
                        "count": s.count,
                        "engine": s.engine.name,
                        "dry_mass_kg": s.dry_mass_kg * s.count,
                        "propellant_mass_kg": s.propellant_mass_kg * s.count,
                        "thrust_vac_kn": s.thrust_vac / 1e3,
                        "isp_vac_s": s.engine.isp_vac_s,
                        "ignition_s": times[s.name][0],
                        "cutoff_s": times[s.name][1],
                        "separation_s": times[s.name][2],
                        "source": s.source,
                    }
                    for s in v.stages
                ],
                "source": v.source,
            }
        )
    return Catalog(kind="vehicles", items=items, _json=freeze_doc({"vehicles": out}))


def sites() -> Catalog:
    """The launch sites: coordinates (deg, m) and allowed corridors (inclination, heading)."""
    from baiterek import catalog

    items = tuple(catalog.sites())
    doc = {
        "sites": [
            {
                "id": s.id,
                "name": s.name,
                "latitude_deg": s.latitude_deg,
                "longitude_deg": s.longitude_deg,
                "altitude_m": s.altitude_m,
                "corridors": [c.model_dump() for c in s.corridors],
                "source": s.source,
            }
            for s in items
        ]
    }
    return Catalog(kind="sites", items=items, _json=freeze_doc(doc))


def stations() -> Catalog:
    """The ground stations: coordinates (deg, m), elevation masks (deg) and sources."""
    from baiterek import catalog

    items = tuple(catalog.stations())
    doc = {
        "stations": [
            {
                "id": s.id,
                "name": s.name,
                "network": s.network,
                "latitude_deg": s.latitude_deg,
                "longitude_deg": s.longitude_deg,
                "altitude_m": s.altitude_m,
                "approximate": s.approximate,
                "min_elevation_deg": s.min_elevation_deg,
                "mask_deg": [list(m) for m in s.mask],
                "source": s.source,
            }
            for s in items
        ]
    }
    return Catalog(kind="stations", items=items, _json=freeze_doc(doc))


def zones() -> Catalog:
    """The bundled drop zones: id, name, country, shape, the routes each serves, grade, source,
    and the ring as [longitude_deg, latitude_deg] pairs (the zones file's content)."""
    from baiterek.catalog.zones import zones as _zones

    zs = _zones()
    rows = []
    for z in zs.zones:
        f = z.to_feature()
        rows.append({**f["properties"], "ring_deg": f["geometry"]["coordinates"][0]})
    doc = {"name": zs.name, "sites": list(zs.sites), "zones": rows}
    return Catalog(kind="zones", items=tuple(zs.zones), _json=freeze_doc(doc))
