"""Mission files (TOML): which vehicle, from which site, with what payload, to which orbit.

```toml
[mission]
name = "Sunkar, 200 km circular, ISS inclination"
vehicle = "sunkar"
site = "baikonur-45-1"
payload_kg = 15000
upper_stage = "fregat"                     # optional: restartable stage for GTO and higher orbits
launch_time_utc = "2026-12-01T06:00:00Z"   # optional
[target]
kind = "circular"      # circular | elliptical (perigee_km, apogee_km) | sso
altitude_km = 200
inclination_deg = 51.6
heading = "north"      # optional: north (ascending pass) | south; default: the site's corridor
dogleg = false         # optional: fly the nearest corridor and yaw to an inclination it does not allow
[wind]                 # optional: rows of (altitude_km, east_m_s, north_m_s), calm above the last
profile = [[0, 5, 0], [10, 40, 5], [15, 20, 0]]
[configuration]        # optional: how this flight is flown (baiterek.flight.configuration)
cutoff_s = { stage1 = 145.0 }   # MECO at T+145 s; the rest stays aboard and is dropped with it
```

Altitudes of the target orbit are above the equatorial radius (WGS-84 a), as in GMAT and most
user's manuals; the insertion orbit is osculating Keplerian at cutoff.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from baiterek import catalog
from baiterek.constants import WGS84_A
from baiterek.earth.secular import sso_inclination
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.earth.wind import WindProfile

DEFAULT_LAUNCH_TIME_UTC = "2027-01-01T00:00:00Z"
"""Launch epoch used when a mission gives none (only RAAN and dates depend on it)."""


def _given(value: float | None) -> float:
    """A value the schema's checks guarantee for this target kind (TargetSection._fields_of_kind)."""
    if value is None:  # unreachable for a validated mission
        raise ValueError("target: a value required by its kind is missing")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MissionSection(_Strict):
    name: str = "unnamed mission"
    vehicle: str
    site: str
    payload_kg: float | None = Field(default=None, ge=0.0, le=1.0e6)
    upper_stage: str | None = None
    launch_time_utc: str = DEFAULT_LAUNCH_TIME_UTC

    @field_validator("launch_time_utc")
    @classmethod
    def _utc(cls, v: str) -> str:
        from baiterek.earth.time import parse_utc

        parse_utc(v, "mission.launch_time_utc")
        return v


class TargetSection(_Strict):
    kind: Literal["circular", "elliptical", "sso"]
    altitude_km: float | None = Field(default=None, gt=80.0, le=40000.0)
    perigee_km: float | None = Field(default=None, gt=80.0, le=40000.0)
    apogee_km: float | None = Field(default=None, gt=80.0, le=400000.0)
    inclination_deg: float | None = Field(default=None, ge=0.0, le=180.0)
    argument_of_perigee_deg: float | None = Field(default=None, ge=0.0, lt=360.0)
    heading: Literal["north", "south"] | None = None
    dogleg: bool = False

    @model_validator(mode="after")
    def _fields_of_kind(self) -> TargetSection:
        need = {
            "circular": ("altitude_km",),
            "elliptical": ("perigee_km", "apogee_km"),
            "sso": ("altitude_km",),
        }[self.kind]
        for f in need:
            if getattr(self, f) is None:
                raise ValueError(f"kind = {self.kind!r} needs {f}")
        pe, ap = self.perigee_km, self.apogee_km
        if self.kind == "elliptical" and pe is not None and ap is not None and ap < pe:
            raise ValueError("apogee_km must be >= perigee_km")
        if self.kind == "sso" and self.inclination_deg is not None:
            raise ValueError("kind = 'sso' computes the inclination: leave inclination_deg out")
        if self.argument_of_perigee_deg is not None and (
            self.kind != "elliptical" or pe is None or ap is None or ap - pe < 50.0
        ):
            raise ValueError(
                "argument_of_perigee_deg needs kind = 'elliptical' with apogee_km at least 50 km "
                "above perigee_km (a circular orbit has no perigee)"
            )
        return self


class WindowSection(_Strict):
    """What launch windows to look for (``baiterek window``); see baiterek.windows."""

    tle_file: str | None = None  # the target's plane (and phase) from a TLE file
    raan_deg: float | None = None  # or a plane: node (TEME, of date) at epoch_utc
    epoch_utc: str | None = None
    local_time_node: str | None = None  # sso: node local time, e.g. "10:30"
    node: Literal["ascending", "descending"] = "descending"
    sun: Literal["mean", "true"] = "mean"
    heading: Literal["north", "south"] | None = None
    yaw_allowance_deg: float = Field(default=0.0, ge=0.0, le=10.0)
    force_tle: bool = False


class WindSection(_Strict):
    """Wind against altitude, interpolated linearly, calm above the last row."""

    profile: tuple[tuple[float, float, float], ...] = Field(
        min_length=2, description="rows of (altitude_km, east_m_s, north_m_s), altitude increasing"
    )

    @model_validator(mode="after")
    def _increasing(self) -> WindSection:
        alts = [r[0] for r in self.profile]
        if any(b <= a for a, b in zip(alts, alts[1:], strict=False)):
            raise ValueError("profile altitudes must increase")
        return self


_Seconds = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
"""A time from liftoff, s."""


class ConfigurationSection(_Strict):
    """How this flight is flown (``baiterek.flight.configuration``): stage names of the vehicle
    file as keys, times in s from liftoff, throttles as ratios to the engine's rated thrust."""

    cutoff_s: dict[str, _Seconds] | None = None
    throttle: dict[str, Annotated[float, Field(gt=0.0, le=1.2)]] | None = None
    throttle_profile: dict[str, tuple[tuple[_Seconds, float], ...]] | None = None
    ignition_s: dict[str, _Seconds] | None = None
    separation_s: dict[str, _Seconds] | None = None
    fairing_jettison_s: _Seconds | None = None
    fairing: bool = True
    source: str | None = None  # where the flown values come from (free text)


class Mission(_Strict):
    """A validated mission: ids resolved against the catalog, target checked against the site."""

    mission: MissionSection
    target: TargetSection
    wind: WindSection | None = None
    window: WindowSection | None = None
    configuration: ConfigurationSection | None = None

    @model_validator(mode="after")
    def _inclination_given(self) -> Mission:
        # only a TLE window may leave the inclination out: the TLE's plane is the target
        tle = self.window is not None and self.window.tle_file
        if self.target.kind != "sso" and self.target.inclination_deg is None and not tle:
            raise ValueError(f"target kind = {self.target.kind!r} needs inclination_deg")
        return self

    def wind_profile(self) -> WindProfile | None:
        """The wind as an earth.wind.WindProfile (SI), or None for a calm atmosphere."""
        if self.wind is None:
            return None
        from baiterek.earth.wind import WindProfile

        return WindProfile.from_rows([(a * 1e3, e, n) for a, e, n in self.wind.profile])

    # --- derived, SI ------------------------------------------------------------------------
    @property
    def perigee_radius(self) -> float:
        t = self.target
        return WGS84_A + 1e3 * _given(t.perigee_km if t.kind == "elliptical" else t.altitude_km)

    @property
    def apogee_radius(self) -> float:
        t = self.target
        return WGS84_A + 1e3 * _given(t.apogee_km if t.kind == "elliptical" else t.altitude_km)

    @property
    def inclination(self) -> float:
        """Target inclination, rad (computed for sun-synchronous targets)."""
        if self.target.kind == "sso":
            return float(sso_inclination(self.perigee_radius))
        if self.target.inclination_deg is None:
            raise InputError("target.inclination_deg", None, "an inclination for this command")
        return math.radians(self.target.inclination_deg)

    @property
    def launch_time(self) -> datetime:
        from baiterek.earth.time import parse_utc

        return parse_utc(self.mission.launch_time_utc)

    @property
    def heading(self) -> str:
        """The heading: the one given, else the one of the site's corridor for this inclination."""
        if self.target.heading:
            return self.target.heading
        s = catalog.site(self.mission.site)
        c = s.corridor_for(math.degrees(self.inclination))
        return c.heading if c else "north"

    @property
    def launch_inclination(self) -> float:
        """Inclination the launch azimuth is computed for, rad: the target's, or for a dog-leg the
        nearest edge of the nearest corridor (the vehicle yaws to the target after staging)."""
        if not self.target.dogleg:
            return self.inclination
        return math.radians(
            nearest_corridor_inclination(
                self.mission.site, math.degrees(self.inclination), self.target.heading
            )
        )

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


def nearest_corridor_inclination(
    site_id: str, inclination_deg: float, heading: str | None
) -> float:
    """The corridor inclination (deg) closest to ``inclination_deg`` (an edge or the value itself)."""
    s = catalog.site(site_id)
    best = None
    for c in s.corridors:
        if heading is not None and c.heading != heading:
            continue
        x = min(max(inclination_deg, c.inclination_min_deg), c.inclination_max_deg)
        if best is None or abs(x - inclination_deg) < abs(best - inclination_deg):
            best = x
    if best is None:
        raise InputError("target.heading", heading, s.allowed_text())
    return best


def check_reachable(site_id: str, inclination_deg: float, heading: str | None) -> None:
    """Refuse an inclination the site cannot fly (:meth:`baiterek.catalog.sites.Site.check_reachable`)."""
    catalog.site(site_id).check_reachable(
        math.radians(inclination_deg), heading, field="target.inclination_deg"
    )


def _check_stage_names(cfg: ConfigurationSection, vehicle: catalog.Vehicle) -> None:
    """Every stage named in ``[configuration]`` is one of the vehicle file's (the limits of
    each value, such as a cutoff after burnout, are checked when the flight is built:
    ``flight.configuration.configure_vehicle``)."""
    names = [s.name for s in vehicle.stages]
    for key in ("cutoff_s", "throttle", "throttle_profile", "ignition_s", "separation_s"):
        for name in getattr(cfg, key) or {}:
            if name not in names:
                raise InputError(
                    f"configuration.{key}.{name}",
                    name,
                    f"a stage of {vehicle.id}: " + ", ".join(names),
                )


def mission_from_dict(raw: dict[str, Any]) -> Mission:
    """Validate a mission mapping; every mistake becomes an InputError naming the field."""
    try:
        m = Mission.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "mission file"
        if err["type"] == "missing":
            raise InputError(field, None, "a value: this key is required") from None
        if err["type"] == "extra_forbidden":
            raise InputError(
                field, err.get("input"), "no such key or table (check the spelling)"
            ) from None
        value = err.get("input")
        if isinstance(value, dict):
            value = "(table)"
        raise InputError(field, value, err["msg"]) from None
    checks = [
        ("mission.vehicle", catalog.vehicle, m.mission.vehicle),
        ("mission.site", catalog.site, m.mission.site),
    ]
    if m.mission.upper_stage:
        checks.append(("mission.upper_stage", catalog.upper_stage, m.mission.upper_stage))
    for field, lookup, value in checks:
        try:
            lookup(value)
        except InputError as exc:
            raise InputError(field, value, exc.allowed) from None
    if m.configuration is not None:
        _check_stage_names(m.configuration, catalog.vehicle(m.mission.vehicle))
    if m.target.kind == "sso" and not math.isfinite(m.inclination):
        raise InputError(
            "target.altitude_km",
            m.target.altitude_km,
            "a sun-synchronous altitude (below ~5,970 km)",
        )
    if m.target.kind != "sso" and m.target.inclination_deg is None:
        return m  # the plane comes from a TLE (window); the windows check it against the site
    if m.target.dogleg:
        # the launch flies a corridor; the plane change happens after the first separation
        check_reachable(m.mission.site, math.degrees(m.launch_inclination), m.target.heading)
    else:
        check_reachable(m.mission.site, math.degrees(m.inclination), m.target.heading)
    return m


@dataclass(frozen=True, slots=True)
class LoadedMission:
    """A validated mission file: the mission, its raw mapping (for provenance) and the directory
    its relative paths (``window.tle_file``) are resolved from."""

    data: Mission
    base_dir: Path
    raw: dict[str, Any]

    def resolve(self, path: str | Path) -> Path:
        """A path named in the file: absolute as given, relative to the file's directory."""
        p = Path(path)
        return p if p.is_absolute() else self.base_dir / p


def load_mission(path: str | Path) -> Mission:
    """Read and validate a mission TOML file."""
    return read_mission_file(path).data


def read_mission_toml(path: str | Path) -> dict[str, Any]:
    """The raw mapping of a mission TOML file (not validated); a missing or broken file is an
    InputError naming it."""
    p = Path(path)
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("mission file", str(p), "an existing TOML file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError("mission file", str(p), f"valid TOML ({exc})") from None


def read_mission_file(path: str | Path) -> LoadedMission:
    """Read and validate a mission TOML file, keeping its raw mapping and directory."""
    raw = read_mission_toml(path)
    return LoadedMission(data=mission_from_dict(raw), base_dir=Path(path).resolve().parent, raw=raw)
