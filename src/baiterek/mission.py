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

Optional tables read by ``baiterek analyze`` (each key has a default; see the classes):
``[customer]`` (name, reference), ``[spacecraft]`` (name, mass_kg, dimensions_class),
``[separation]`` (overrides of the vehicle's catalog separation and avoidance manoeuvre),
``[analysis]`` (window date range, stations, Monte Carlo samples and seed, orbits).

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

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)

from baiterek import catalog
from baiterek.checks import range_text, read_text_file
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


Num = Annotated[float, Strict()]
"""A number in a mission file: an integer or a float, never a boolean or text (strict)."""
Flag = Annotated[bool, Strict()]
"""true or false, never 0/1 or text."""
Text = Annotated[str, Strict()]

MAX_NESTING = 8
"""Deepest nesting of tables and arrays a mission file may have (the schema needs 3)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class MissionSection(_Strict):
    name: Text = "unnamed mission"
    vehicle: Text
    site: Text
    payload_kg: Num | None = Field(default=None, ge=0.0, le=1.0e6)
    upper_stage: Text | None = None
    launch_time_utc: Text = DEFAULT_LAUNCH_TIME_UTC

    @field_validator("launch_time_utc")
    @classmethod
    def _utc(cls, v: str) -> str:
        from baiterek.earth.time import parse_utc

        parse_utc(v, "mission.launch_time_utc")
        return v


class TargetSection(_Strict):
    kind: Literal["circular", "elliptical", "sso"]
    altitude_km: Num | None = Field(default=None, gt=80.0, le=40000.0)
    perigee_km: Num | None = Field(default=None, gt=80.0, le=40000.0)
    apogee_km: Num | None = Field(default=None, gt=80.0, le=400000.0)
    inclination_deg: Num | None = Field(default=None, ge=0.0, le=180.0)
    argument_of_perigee_deg: Num | None = Field(default=None, ge=0.0, lt=360.0)
    heading: Literal["north", "south"] | None = None
    dogleg: Flag = False

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

    tle_file: Text | None = None  # the target's plane (and phase) from a TLE file
    # or a plane: node (TEME, of date) at epoch_utc
    raan_deg: Num | None = Field(default=None, ge=-360.0, le=360.0)
    epoch_utc: Text | None = None
    local_time_node: Text | None = None  # sso: node local time, e.g. "10:30"
    node: Literal["ascending", "descending"] = "descending"
    sun: Literal["mean", "true"] = "mean"
    heading: Literal["north", "south"] | None = None
    yaw_allowance_deg: Num = Field(default=0.0, ge=0.0, le=10.0)
    force_tle: Flag = False

    @field_validator("epoch_utc")
    @classmethod
    def _epoch(cls, v: str | None) -> str | None:
        from baiterek.earth.time import parse_utc

        if v is not None:
            parse_utc(v, "window.epoch_utc")
        return v

    @field_validator("local_time_node")
    @classmethod
    def _local_time(cls, v: str | None) -> str | None:
        import re

        m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", v.strip()) if v is not None else None
        if v is not None and (
            m is None or int(m[1]) > 23 or int(m[2]) > 59 or int(m[3] or 0) > 59
        ):  # the rule of windows.mission_input.parse_local_time, checked when the file is read
            raise InputError("window.local_time_node", v, "a time of day HH:MM, e.g. '10:30'")
        return v


class WindSection(_Strict):
    """Wind against altitude, interpolated linearly, calm above the last row."""

    profile: tuple[tuple[Num, Num, Num], ...] = Field(
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
    cutoff_flight_path_angle_deg: (
        dict[str, Annotated[float, Field(gt=0.0, lt=90.0, allow_inf_nan=False)]] | None
    ) = None
    source: str | None = None  # where the flown values come from (free text)


Count = Annotated[int, Strict()]
"""A whole number in a mission file, never a boolean, a float or text."""


class CustomerSection(_Strict):
    """Who the analysis is for (``baiterek analyze``: the report's cover)."""

    name: Text = Field(default="unnamed customer", min_length=1, max_length=200)
    reference: Text | None = Field(default=None, max_length=200)  # contract or request number


DIMENSIONS_CLASSES = ("small", "medium", "large")
"""Spacecraft envelope classes: small (fits 1.5 m diameter, 2 m high), medium (2.5 m, 4 m),
large (the vehicle's full fairing envelope); a planning label only, not checked against the
fairing geometry (the catalog has no fairing envelopes yet)."""


class SpacecraftSection(_Strict):
    """The customer's spacecraft; ``mass_kg`` defaults to (and must agree with) mission.payload_kg."""

    name: Text = Field(default="spacecraft", min_length=1, max_length=200)
    id: Text | None = Field(default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)
    mass_kg: Num | None = Field(default=None, gt=0.0, le=1.0e6)
    dimensions_class: Literal["small", "medium", "large"] = "medium"


class SeparationSection(_Strict):
    """Overrides of the vehicle's ``[vehicle.separation]`` data (catalog), each optional.

    Directions: the local orbital frame names of ``baiterek.catalog.separation`` (along-track,
    anti-along-track, radial, anti-radial, cross-track, anti-cross-track, longitudinal-axis).
    ``avoidance = false``: the stage makes no avoidance manoeuvre."""

    delta_v_m_s: Num | None = Field(default=None, ge=0.0, le=100.0)
    direction: Text | None = None
    avoidance: Flag = True
    avoidance_delay_s: Num | None = Field(default=None, gt=0.0, le=86_400.0)
    avoidance_delta_v_m_s: Num | None = Field(default=None, ge=0.0, le=100.0)
    avoidance_direction: Text | None = None

    @field_validator("direction", "avoidance_direction")
    @classmethod
    def _direction(cls, v: str | None) -> str | None:
        from baiterek.catalog.separation import DIRECTIONS

        if v is not None and v not in DIRECTIONS:
            raise ValueError("one of " + ", ".join(DIRECTIONS))
        return v


class AnalysisSection(_Strict):
    """What ``baiterek analyze`` computes beyond the defaults."""

    window_start_utc: Text | None = None  # default: the day of mission.launch_time_utc
    window_days: Num = Field(default=7.0, gt=0.0, le=366.0)
    stations: tuple[Text, ...] | None = None  # station ids (baiterek stations); default all
    samples: Count = Field(default=200, ge=10, le=100_000)  # Monte Carlo samples
    seed: Count = Field(default=0, ge=0, le=2**63 - 1)
    orbits: Num = Field(default=3.0, gt=0.0, le=50.0)  # first orbits: products, separation

    @field_validator("window_start_utc")
    @classmethod
    def _utc(cls, v: str | None) -> str | None:
        from baiterek.earth.time import parse_utc

        if v is not None:
            parse_utc(v, "analysis.window_start_utc")
        return v


class Mission(_Strict):
    """A validated mission: ids resolved against the catalog, target checked against the site."""

    mission: MissionSection
    target: TargetSection
    wind: WindSection | None = None
    window: WindowSection | None = None
    configuration: ConfigurationSection | None = None
    customer: CustomerSection | None = None
    spacecraft: SpacecraftSection | None = None
    separation: SeparationSection | None = None
    analysis: AnalysisSection | None = None

    @model_validator(mode="before")
    @classmethod
    def _spacecraft_mass(cls, raw: Any) -> Any:
        """spacecraft.mass_kg is the payload when mission.payload_kg is not given."""
        if not isinstance(raw, dict):
            return raw
        sc, ms = raw.get("spacecraft"), raw.get("mission")
        if not (isinstance(sc, dict) and isinstance(ms, dict)):
            return raw
        mass = sc.get("mass_kg")
        if isinstance(mass, bool) or not isinstance(mass, (int, float)) or not mass > 0:
            return raw  # absent, or wrong: its own check names spacecraft.mass_kg
        if ms.get("payload_kg") is None:
            return {**raw, "mission": {**ms, "payload_kg": sc["mass_kg"]}}
        if ms["payload_kg"] != sc["mass_kg"]:
            raise ValueError("spacecraft.mass_kg differs from mission.payload_kg: give one of them")
        return raw

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
    for key in ("cutoff_s", "throttle", "throttle_profile", "ignition_s", "separation_s",
                "cutoff_flight_path_angle_deg"):  # fmt: skip
        for name in getattr(cfg, key) or {}:
            if name not in names:
                raise InputError(
                    f"configuration.{key}.{name}",
                    name,
                    f"a stage of {vehicle.id}: " + ", ".join(names),
                )


def mission_from_dict(raw: dict[str, Any]) -> Mission:
    """Validate a mission mapping; every mistake becomes an InputError naming the field."""
    if not isinstance(raw, dict):
        raise InputError("mission file", type(raw).__name__, "a TOML document of tables")
    check_nesting(raw, "mission file")
    try:
        m = Mission.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = key_path(err["loc"]) or "mission file"
        raise InputError(field, _shown(err.get("input")), _allowed_text(err)) from None
    checks = [
        ("mission.vehicle", catalog.vehicle, m.mission.vehicle),
        ("mission.site", catalog.site, m.mission.site),
    ]
    if m.mission.upper_stage:
        checks.append(("mission.upper_stage", catalog.upper_stage, m.mission.upper_stage))
    if m.analysis is not None and m.analysis.stations is not None:
        checks += [("analysis.stations", catalog.station, s) for s in m.analysis.stations]
    for field, lookup, value in checks:
        try:
            lookup(value)
        except InputError as exc:
            raise InputError(field, value, exc.allowed) from None
    if m.configuration is not None:
        _check_stage_names(m.configuration, catalog.vehicle(m.mission.vehicle))
    t = m.target
    perigee_field = "target.perigee_km" if t.kind == "elliptical" else "target.altitude_km"
    perigee_km = _given(t.perigee_km if t.kind == "elliptical" else t.altitude_km)
    upper = catalog.upper_stage(m.mission.upper_stage) if m.mission.upper_stage else None
    if upper is not None and upper.parking is not None:  # the target is the stage's parking orbit
        if not perigee_km >= upper.parking.min_perigee_km:
            raise InputError(
                perigee_field, perigee_km,
                f">= {upper.parking.min_perigee_km:g} km, the lowest parking orbit {upper.id} "
                f"is flown from ({upper.parking.source})",
            )  # fmt: skip
    else:
        catalog.vehicle(m.mission.vehicle).check_insertion_perigee(perigee_km, perigee_field)
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


def _constraints(loc: tuple[Any, ...]) -> dict[str, float]:
    """The gt/ge/lt/le bounds the schema puts on a key (empty if none or not a key)."""
    sections: dict[str, type[BaseModel]] = {
        "mission": MissionSection, "target": TargetSection,
        "wind": WindSection, "window": WindowSection,
    }  # fmt: skip
    if len(loc) < 2 or loc[0] not in sections:
        return {}
    info = sections[str(loc[0])].model_fields.get(str(loc[1]))
    bounds: dict[str, float] = {}
    for meta in info.metadata if info is not None else []:
        for key in ("gt", "ge", "lt", "le"):
            if getattr(meta, key, None) is not None:
                bounds[key] = float(getattr(meta, key))
    return bounds


def _unit(loc: tuple[Any, ...]) -> str:
    name = str(loc[1]) if len(loc) > 1 else ""
    for suffix, unit in (("_km", "km"), ("_deg", "deg"), ("_kg", "kg"), ("_m_s", "m/s")):
        if name.endswith(suffix):
            return unit
    return ""


def _allowed_text(err: Any) -> str:
    """What a key allows, in the words of the mission file (never the validator's wording)."""
    kind, loc, ctx = err["type"], tuple(err["loc"]), err.get("ctx") or {}
    if kind == "missing":
        return "a value: this key is required"
    if kind == "extra_forbidden":
        return "no such key or table (check the spelling)"
    if kind in ("float_type", "float_parsing", "finite_number", "int_type") or kind.startswith(
        ("greater_than", "less_than")
    ):
        b = _constraints(loc)
        lo, hi = b.get("gt", b.get("ge")), b.get("lt", b.get("le"))
        text = range_text(lo, hi, lo_open="gt" in b, hi_open="lt" in b, unit=_unit(loc))
        return text.replace("a number", "a finite number", 1) if kind == "finite_number" else text
    if kind == "bool_type":
        return "true or false"
    if kind == "string_type":
        return 'a text in quotes, e.g. "sunkar"'
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if kind in ("tuple_type", "list_type"):
        return "an array, e.g. [0, 5, 0]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "a table ([section] with keys)"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} rows"
    if kind == "too_long":
        return f"exactly {ctx.get('max_length')} numbers (altitude_km, east_m_s, north_m_s)"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


def key_path(loc: Any) -> str:
    """A key as the file spells it: ``wind.profile[1][2]`` (array indices from 0)."""
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _shown(value: Any) -> Any:
    """A value as the message shows it: tables and arrays by kind, long text cut."""
    if isinstance(value, dict):
        return "(table)"
    if isinstance(value, (list, tuple)):
        return "(array)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "(an integer too large)"
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    return value


def check_nesting(
    raw: Any, field: str, value: str = "(deeply nested)", limit: int = MAX_NESTING
) -> None:
    """Refuse tables and arrays nested deeper than ``limit`` (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(raw, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, (list, tuple)):
            children = node
        else:
            continue
        if depth >= limit:
            raise InputError(field, value, f"tables and arrays nested at most {limit} deep")
        stack.extend((c, depth + 1) for c in children)


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
    text = read_text_file(path, "mission file", "a readable TOML file")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError("mission file", str(path), f"valid TOML ({exc})") from None
    except RecursionError:
        raise InputError(
            "mission file", str(path), f"tables and arrays nested at most {MAX_NESTING} deep"
        ) from None
    except ValueError:  # an integer of more than 4,300 digits (sys.int_info)
        raise InputError("mission file", str(path), "numbers of at most 4,300 digits") from None
    check_nesting(raw, "mission file", str(path))
    return raw


def read_mission_file(path: str | Path) -> LoadedMission:
    """Read and validate a mission TOML file, keeping its raw mapping and directory."""
    raw = read_mission_toml(path)
    return LoadedMission(data=mission_from_dict(raw), base_dir=Path(path).resolve().parent, raw=raw)
