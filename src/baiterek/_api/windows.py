"""``launch_windows``: launch opportunities to a TLE target's plane, a fixed plane or an SSO."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from baiterek._api._result import DataFrame, ResultMixin, fmt, freeze_doc
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.mission import LoadedMission, Mission
    from baiterek.windows.search import WindowTable

MAX_DAYS = 3660.0
"""Longest scan, days (ten years; a year of windows takes well under a second)."""


def _float_or_none(x: float | None) -> float | None:
    return None if x is None else float(x)


def _loaded(mission: str | Path | Mission | LoadedMission) -> LoadedMission:
    """A window mission: a file, a loaded file, or a Mission (relative paths from the cwd)."""
    from baiterek.mission import LoadedMission, Mission, read_mission_file

    if isinstance(mission, LoadedMission):
        return mission
    if isinstance(mission, Mission):
        return LoadedMission(data=mission, base_dir=Path.cwd(), raw=mission.to_dict())
    return read_mission_file(mission)


def _stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "windows"


@dataclass(frozen=True, slots=True, repr=False)
class Windows(ResultMixin):
    """Launch windows: ``table`` (windows.search.WindowTable, SI inside) and its document."""

    table: WindowTable
    name: str
    _json: str

    def __len__(self) -> int:
        return len(self.table)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self.table.warnings)

    @property
    def launch_times_utc(self) -> tuple[str, ...]:
        return tuple(w["launch_time_utc"] for w in self.to_json()["windows"])

    def headline(self) -> list[str]:
        d = self.to_json()
        recs = d["windows"]
        lines = [f"{self.name}: {len(recs)} launch windows from {d['site']} for {d['vehicle']}"]
        for r in recs[:5]:
            phase = "" if r["phase_deg"] is None else f", phase {r['phase_deg']:.1f} deg"
            lines.append(
                f"{r['launch_time_utc']}  {r['branch']}, az {fmt(r['azimuth_deg'], '.2f', 'deg')}"
                f"{phase}, Sun {r['sun_elevation_deg']:.1f} deg"
            )
        if len(recs) > 5:
            lines.append(f"... {len(recs) - 5} more (to_frame())")
        lines += [f"warning: {w}" for w in d["warnings"]]
        return lines[:14]

    def details(self) -> list[str]:
        return self._frame_lines() if len(self) else []

    def to_frame(self) -> DataFrame:
        """One row per window (launch, open, close UTC, azimuth, phase, Sun elevation...)."""
        return self.table.to_frame()

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """Write ``<name>.csv``, ``.ics`` (RFC 5545) and ``.json`` into out_dir; {ext: path}."""
        from baiterek.export.output import manifest_provenance, write_products
        from baiterek.export.windows import write_window_files

        doc = self.to_json()
        return write_products(
            out_dir,
            manifest_provenance(doc, "window"),
            lambda d: write_window_files(doc, d, _stem(self.name), self.name),
        )


def launch_windows(
    mission: str | Path | Mission | LoadedMission | None = None,
    *,
    start: str | datetime,
    days: float = 1.0,
    site: str | None = None,
    vehicle: str | None = None,
    tle: str | Path | None = None,
    raan_deg: float | None = None,
    epoch: str | datetime | None = None,
    inclination_deg: float | None = None,
    altitude_km: float | None = None,
    local_time: str | None = None,
    node: str = "descending",
    sun: str = "mean",
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    sun_elevation_min_deg: float | None = None,
    sun_elevation_max_deg: float | None = None,
    insertion_sunlit: bool | None = None,
    force_tle: bool = False,
    ascent_geometry: str = "analytic",
) -> Windows:
    """Launch windows over ``days`` from ``start`` (UTC), from a mission file (its ``[window]``)
    or from keywords: ``tle`` (a TLE file: plane and phasing), ``local_time`` 'hh:mm' with
    ``altitude_km`` (SSO), or ``raan_deg`` at ``epoch`` with ``inclination_deg`` and
    ``altitude_km`` (a fixed plane drifting under J2). Lighting filters in deg / bool.
    ``ascent_geometry``: where the pad's offset from the plane at insertion comes from:
    ``"analytic"`` (the calibrated model, default: within 7 s of the real ISS launches) or
    ``"simulator"`` (the guided ascent with no calibrated coefficient: about 60 s early, see
    tests/validation/test_iss_launch_windows.py)."""
    from baiterek import catalog
    from baiterek.constants import WGS84_A
    from baiterek.earth.time import parse_utc, utc_iso
    from baiterek.provenance import provenance
    from baiterek.windows import mission_input as MI
    from baiterek.windows import search as S
    from baiterek.windows.geometry import geometry_provider
    from baiterek.windows.tle import read_tle

    # numbers as floats, so 1 and 1.0 give the same document and input hash as the CLI
    days, yaw_allowance_deg = float(days), float(yaw_allowance_deg)
    raan_deg, inclination_deg, altitude_km = map(
        _float_or_none, (raan_deg, inclination_deg, altitude_km)
    )
    sun_elevation_min_deg, sun_elevation_max_deg = map(
        _float_or_none, (sun_elevation_min_deg, sun_elevation_max_deg)
    )
    if node not in ("ascending", "descending"):
        raise InputError("node", node, "ascending or descending")
    if sun not in ("mean", "true"):
        raise InputError("sun", sun, "mean or true")
    if not (0 < days <= MAX_DAYS):
        raise InputError("days", days, f"0 < days <= {MAX_DAYS:g}")
    _check_window_numbers(
        raan_deg, inclination_deg, altitude_km, yaw_allowance_deg,
        sun_elevation_min_deg, sun_elevation_max_deg,
    )  # fmt: skip
    _refuse_ignored(
        mission, site=site, vehicle=vehicle, tle=tle, raan_deg=raan_deg, epoch=epoch,
        inclination_deg=inclination_deg, altitude_km=altitude_km, local_time=local_time,
        heading=heading, yaw_allowance_deg=yaw_allowance_deg or None,
        node=None if node == "descending" else node, sun=None if sun == "mean" else sun,
    )  # fmt: skip
    if ascent_geometry not in ("simulator", "analytic"):
        raise InputError("ascent_geometry", ascent_geometry, "simulator or analytic")
    source = cast(Literal["simulator", "analytic"], ascent_geometry)
    input_obj: dict[str, Any]
    if mission is not None:
        m = _loaded(mission)
        g = geometry_provider(m.data.mission.vehicle, m.data.mission.site, source=source)
        table = MI.mission_windows(m, start, days, force_tle=force_tle, geometry=g)
        name = m.data.mission.name
        input_obj = {"mission": m.raw, "from": start, "days": days}
    else:
        if site is None or vehicle is None:
            raise InputError("site/vehicle", None, "both, or a mission file")
        s = catalog.site(site)
        input_obj = {
            "site": site, "vehicle": vehicle, "from": start, "days": days, "heading": heading,
            "yaw_allowance_deg": yaw_allowance_deg,
        }  # fmt: skip
        common: dict[str, Any] = dict(
            heading=heading,
            yaw_allowance_deg=yaw_allowance_deg,
            geometry=geometry_provider(vehicle, site, source=source),
        )
        if tle is not None:
            target = read_tle(tle, "tle")
            input_obj["tle"] = [target.line1, target.line2]
            table = S.tle_windows(s, vehicle, target, start, days, force_tle=force_tle, **common)
            name = target.name or "target"
        elif local_time is not None:
            if altitude_km is None:
                raise InputError("altitude_km", None, "the SSO altitude with local_time")
            catalog.vehicle(vehicle).check_insertion_perigee(altitude_km, "altitude_km")
            input_obj.update(local_time=local_time, altitude_km=altitude_km, node=node, sun=sun)
            lt_h = MI.parse_local_time(local_time)
            node_kind = cast(Literal["ascending", "descending"], node)
            sun_kind = cast(Literal["mean", "true"], sun)
            table = S.sso_windows(
                s, vehicle, altitude_km * 1e3, lt_h, start, days, node=node_kind, sun=sun_kind,
                **common,
            )  # fmt: skip
            name = f"SSO {local_time} {node}"
        elif raan_deg is not None and epoch is not None and inclination_deg is not None:
            if altitude_km is None:
                raise InputError("altitude_km", None, "the target altitude (for the J2 drift)")
            catalog.vehicle(vehicle).check_insertion_perigee(altitude_km, "altitude_km")
            input_obj.update(raan_deg=raan_deg, epoch=epoch, inclination_deg=inclination_deg)
            epoch_text = epoch if isinstance(epoch, str) else utc_iso(parse_utc(epoch, "epoch"))
            plane = S.plane_from_orbit(
                raan_deg, inclination_deg, epoch_text, WGS84_A + altitude_km * 1e3
            )
            table = S.plane_windows(s, vehicle, plane, start, days, **common)
            name = "plane"
        else:
            raise InputError(
                "target",
                None,
                "tle (a TLE file), or local_time with altitude_km (SSO), "
                "or raan_deg, epoch, inclination_deg and altitude_km",
            )
    input_obj["ascent_geometry"] = ascent_geometry
    table = table.constrained(sun_elevation_min_deg, sun_elevation_max_deg, insertion_sunlit)
    input_obj["constraints"] = [sun_elevation_min_deg, sun_elevation_max_deg, insertion_sunlit]
    doc = table.to_json(provenance(input_obj, seed=None))
    return Windows(table=table, name=name, _json=freeze_doc(doc))


def _check_window_numbers(
    raan_deg: float | None,
    inclination_deg: float | None,
    altitude_km: float | None,
    yaw_allowance_deg: float,
    sun_min_deg: float | None,
    sun_max_deg: float | None,
) -> None:
    """The keywords' ranges (the mission file's ``[window]`` and ``[target]`` ones)."""
    from baiterek.checks import number

    if raan_deg is not None:
        number(raan_deg, "raan_deg", -360.0, 360.0, unit="deg")
    if inclination_deg is not None:
        number(inclination_deg, "inclination_deg", 0.0, 180.0, unit="deg")
    if altitude_km is not None:  # finite and below the ceiling here; the vehicle's minimum
        number(altitude_km, "altitude_km", None, 40000.0, unit="km")  # perigee is checked later
    from baiterek.windows.plane import MAX_YAW_ALLOWANCE_DEG

    number(yaw_allowance_deg, "yaw_allowance_deg", 0.0, MAX_YAW_ALLOWANCE_DEG, unit="deg")
    for key, v in (("sun_elevation_min_deg", sun_min_deg), ("sun_elevation_max_deg", sun_max_deg)):
        if v is not None:
            number(v, key, -90.0, 90.0, unit="deg")
    if sun_min_deg is not None and sun_max_deg is not None and sun_min_deg > sun_max_deg:
        raise InputError(
            "sun_elevation_min_deg/sun_elevation_max_deg",
            f"{sun_min_deg:g} > {sun_max_deg:g}",
            "a minimum at most the maximum",
        )


def _refuse_ignored(mission: Any, **given: Any) -> None:
    """Refuse a keyword the chosen target would ignore, naming it (never drop it silently)."""
    from baiterek.errors import refuse_unused

    g = {k: v for k, v in given.items() if v is not None}
    if mission is not None:
        refuse_unused(g, "with a mission file, which sets it (edit its [window] or [target])")
    elif g.get("tle") is not None:
        keys: tuple[str, ...] = (
            "raan_deg",
            "epoch",
            "inclination_deg",
            "altitude_km",
            "local_time",
        )
        refuse_unused({k: g[k] for k in keys if k in g}, "with tle: the TLE gives the plane")
    elif g.get("local_time") is not None:
        keys = ("raan_deg", "epoch", "inclination_deg")
        refuse_unused(
            {k: g[k] for k in keys if k in g},
            "with local_time: the sun-synchronous plane follows from it and altitude_km",
        )
    else:
        refuse_unused(
            {k: g[k] for k in ("node", "sun") if k in g},
            "without local_time (it chooses the sun-synchronous node)",
        )
        plane = ("raan_deg", "epoch", "inclination_deg", "altitude_km")
        if any(k in g for k in plane[:3]):
            for k in plane:
                if k not in g:
                    raise InputError(
                        k, None, "a value: a fixed plane needs raan_deg, epoch, "
                        "inclination_deg and altitude_km",
                    )  # fmt: skip
