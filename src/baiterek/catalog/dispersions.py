"""Dispersions as data: the ``[dispersions]`` table of a vehicle file (schema and merge).

A vehicle file ends with a self-contained ``[dispersions]`` table; a mission file may carry one of
the same shape that overrides or adds entries (:func:`merge_dispersions`). Every entry is one
inline table::

    thrust = { dist = "normal", sigma = 0.01, clip = 3.0, grade = "C", class = "unknown", source = "..." }
    ignition_s = { dist = "uniform", low = -0.1, high = 0.3, grade = "B", class = "launch_day", source = "..." }

``sigma``/``low``/``high`` are relative (a fraction of the nominal value) for ``thrust``, ``isp``,
``propellant``, ``dry_mass``, ``drag`` and ``density``; absolute for the rest, in the unit that
ends the key (``_s``, ``_m``, ``_m_s``). A normal draw is clipped at ``clip`` sigma (a truncated
normal, drawn by inverse CDF so that each input costs one uniform). Classes after Hanson & Beard
(NASA/TP-2010-216447): ``built`` (known for the built vehicle), ``launch_day`` (known on launch
day), ``unknown`` (never known). Grades as in docs/reference/precision-and-beyond.md
(A, B, C, U; U = no published value, the number is an assumption).

Tables and keys (an entry left out is not dispersed)::

    [dispersions.stages.<stage name>]  thrust isp propellant dry_mass ignition_s separation_s
    [dispersions.aero]                 drag
    [dispersions.atmosphere]           density
    [dispersions.wind]                 steady_m_s gust_m_s          (each horizontal axis)
    [dispersions.navigation]           position_m velocity_m_s      (each axis at cutoff)
    [dispersions.bodies]               separation_dv_m_s            (each axis, every body)
    [dispersions.bodies.<body name>]   separation_dv_m_s            (one body)

Hand-written rather than pydantic so that each mistake names its full key
(``dispersions.stages.stage1.thrust.sigma``), as the CLI reports it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from baiterek.errors import InputError

DISTRIBUTIONS = ("normal", "uniform")
CLASSES = ("built", "launch_day", "unknown")
GRADES = ("A", "B", "C", "U")
STAGE_KEYS = ("thrust", "isp", "propellant", "dry_mass", "ignition_s", "separation_s")
GROUP_KEYS: dict[str, tuple[str, ...]] = {
    "aero": ("drag",),
    "atmosphere": ("density",),
    "wind": ("steady_m_s", "gust_m_s"),
    "navigation": ("position_m", "velocity_m_s"),
}
BODY_KEYS = ("separation_dv_m_s",)
MAX_CLIP_SIGMA = 10.0


@dataclass(frozen=True, slots=True)
class Dispersion:
    """One dispersed input: a normal (sigma, clipped at ``clip`` sigma) or a uniform (bounds)."""

    dist: str
    sigma: float = 0.0
    clip: float = 3.0
    low: float = 0.0
    high: float = 0.0
    grade: str = "U"
    input_class: str = "unknown"
    source: str = ""

    @property
    def std(self) -> float:
        """Standard deviation of the draw (of the clipped normal, or of the uniform)."""
        if self.dist == "uniform":
            return (self.high - self.low) / math.sqrt(12.0)
        from scipy.stats import truncnorm

        return self.sigma * float(truncnorm.std(-self.clip, self.clip))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"dist": self.dist}
        if self.dist == "normal":
            d.update(sigma=self.sigma, clip=self.clip)
        else:
            d.update(low=self.low, high=self.high)
        d.update(grade=self.grade, **{"class": self.input_class}, source=self.source)
        return d


@dataclass(frozen=True, slots=True)
class DispersionSpec:
    """All dispersion entries of a vehicle (and mission), keyed ``table.key`` or ``stages.<s>.key``.

    ``entries`` maps a dotted key (``stages.stage1.thrust``, ``wind.steady_m_s``,
    ``bodies.fairing.separation_dv_m_s``) to its :class:`Dispersion`; ``source`` is the table's
    overall source line.
    """

    entries: Mapping[str, Dispersion] = field(default_factory=dict)
    source: str = ""

    def get(self, key: str) -> Dispersion | None:
        return self.entries.get(key)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "entries": {k: v.to_dict() for k, v in self.entries.items()}}


def parse_dispersion(raw: Any, where: str) -> Dispersion:
    """One entry from its inline table; every mistake is an InputError naming ``where``."""
    if not isinstance(raw, Mapping):
        raise InputError(where, raw, "an inline table { dist = ..., sigma = ..., source = ... }")
    allowed = {"dist", "sigma", "clip", "low", "high", "grade", "class", "source"}
    for k in raw:
        if k not in allowed:
            raise InputError(f"{where}.{k}", raw[k], "one of " + ", ".join(sorted(allowed)))
    dist = raw.get("dist", "normal")
    if dist not in DISTRIBUTIONS:
        raise InputError(f"{where}.dist", dist, "normal or uniform")
    grade = raw.get("grade", "U")
    if grade not in GRADES:
        raise InputError(f"{where}.grade", grade, "one of " + ", ".join(GRADES))
    cls = raw.get("class", "unknown")
    if cls not in CLASSES:
        raise InputError(f"{where}.class", cls, "one of " + ", ".join(CLASSES))
    source = raw.get("source", "")
    if not isinstance(source, str) or not source.strip():
        raise InputError(f"{where}.source", source, "a non-empty source (or '[U] none published')")
    nums = {k: raw[k] for k in ("sigma", "clip", "low", "high") if k in raw}
    for k, v in nums.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise InputError(f"{where}.{k}", v, "a finite number")
    if dist == "normal":
        if "low" in nums or "high" in nums:
            raise InputError(f"{where}.low", nums.get("low"), "no bounds for a normal (use sigma)")
        if "sigma" not in nums:
            raise InputError(f"{where}.sigma", None, "a value: a normal needs its 1 sigma")
        if nums["sigma"] < 0:
            raise InputError(f"{where}.sigma", nums["sigma"], "a sigma >= 0")
        clip = float(nums.get("clip", 3.0))
        if not 0 < clip <= MAX_CLIP_SIGMA:
            raise InputError(f"{where}.clip", clip, f"a clip in (0, {MAX_CLIP_SIGMA:g}] sigma")
        return Dispersion(
            "normal", sigma=float(nums["sigma"]), clip=clip, grade=grade, input_class=cls,
            source=source,
        )  # fmt: skip
    if "sigma" in nums or "clip" in nums:
        raise InputError(
            f"{where}.sigma", nums.get("sigma"), "no sigma for a uniform (use low, high)"
        )
    if "low" not in nums or "high" not in nums:
        raise InputError(f"{where}.low", nums.get("low"), "a uniform needs low and high")
    if nums["high"] < nums["low"]:
        raise InputError(f"{where}.high", nums["high"], f"high >= low = {nums['low']}")
    return Dispersion(
        "uniform", low=float(nums["low"]), high=float(nums["high"]), grade=grade,
        input_class=cls, source=source,
    )  # fmt: skip


def body_names(vehicle: Any) -> tuple[str, ...]:
    """The jettisoned bodies of a vehicle, in order: every stage but the last, fairing, jettisons."""
    return (
        *(s.name for s in vehicle.stages[:-1]),
        "fairing",
        *(j.name for j in vehicle.jettisons),
    )


def parse_dispersions(
    raw: Mapping[str, Any] | None, vehicle: Any, where: str = "dispersions"
) -> DispersionSpec:
    """A :class:`DispersionSpec` from a ``[dispersions]`` mapping, checked against the vehicle."""
    if raw is None:
        return DispersionSpec()
    if not isinstance(raw, Mapping):
        raise InputError(where, raw, "a table")
    stages = [s.name for s in vehicle.stages]
    bodies = body_names(vehicle)
    entries: dict[str, Dispersion] = {}
    source = raw.get("source", "")
    for table, value in raw.items():
        if table == "source":
            if not isinstance(value, str):
                raise InputError(f"{where}.source", value, "a string")
            continue
        tw = f"{where}.{table}"
        if table == "stages":
            _need_table(value, tw)
            for sname, sval in value.items():
                if sname not in stages:
                    raise InputError(
                        f"{tw}.{sname}", "(table)", "a stage of the vehicle: " + ", ".join(stages)
                    )
                _need_table(sval, f"{tw}.{sname}")
                for k, e in sval.items():
                    _key_in(k, STAGE_KEYS, f"{tw}.{sname}.{k}", e)
                    entries[f"stages.{sname}.{k}"] = parse_dispersion(e, f"{tw}.{sname}.{k}")
        elif table == "bodies":
            _need_table(value, tw)
            for k, e in value.items():
                if k in BODY_KEYS:
                    entries[f"bodies.{k}"] = parse_dispersion(e, f"{tw}.{k}")
                    continue
                if k not in bodies:
                    raise InputError(
                        f"{tw}.{k}", "(table)",
                        "separation_dv_m_s or a body of the vehicle: " + ", ".join(bodies),
                    )  # fmt: skip
                _need_table(e, f"{tw}.{k}")
                for bk, be in e.items():
                    _key_in(bk, BODY_KEYS, f"{tw}.{k}.{bk}", be)
                    entries[f"bodies.{k}.{bk}"] = parse_dispersion(be, f"{tw}.{k}.{bk}")
        elif table in GROUP_KEYS:
            _need_table(value, tw)
            for k, e in value.items():
                _key_in(k, GROUP_KEYS[table], f"{tw}.{k}", e)
                entries[f"{table}.{k}"] = parse_dispersion(e, f"{tw}.{k}")
        else:
            allowed = ["source", "stages", "bodies", *GROUP_KEYS]
            raise InputError(
                tw,
                "(table)" if isinstance(value, Mapping) else value,
                "one of " + ", ".join(allowed),
            )
    return DispersionSpec(entries=MappingProxyType(entries), source=source)


def merge_dispersions(
    vehicle_spec: DispersionSpec, mission_table: Mapping[str, Any] | None, vehicle: Any
) -> DispersionSpec:
    """The vehicle's dispersions with a mission's ``[dispersions]`` table over them.

    An entry of the mission replaces the vehicle's entry of the same key whole; other entries are
    added. Mistakes (an unknown key, a negative sigma) raise InputError naming the mission key.
    """
    if not mission_table:
        return vehicle_spec
    extra = parse_dispersions(mission_table, vehicle, where="dispersions")
    merged = dict(vehicle_spec.entries)
    merged.update(extra.entries)
    source = vehicle_spec.source
    if extra.source:
        source = f"{source}; mission: {extra.source}" if source else extra.source
    return DispersionSpec(entries=MappingProxyType(merged), source=source)


def vehicle_dispersions(vehicle_id: str) -> DispersionSpec:
    """The ``[dispersions]`` table of a catalog vehicle (empty spec if the file has none)."""
    from baiterek import catalog

    return _vehicle_dispersions(catalog.vehicle(vehicle_id).id)


@cache
def _vehicle_dispersions(vehicle_id: str) -> DispersionSpec:
    from baiterek import catalog

    v = catalog.vehicle(vehicle_id)
    raw = catalog.read_data_toml(f"vehicles/{v.id}.toml").get("dispersions")
    try:
        return parse_dispersions(raw, v)
    except InputError as exc:  # a packaging error, stated with its place
        raise RuntimeError(f"catalog file vehicles/{v.id}.toml is invalid: {exc}") from None


def _need_table(value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise InputError(where, value, "a table")


def _key_in(key: str, allowed: tuple[str, ...], where: str, value: Any) -> None:
    if key not in allowed:
        shown = "(table)" if isinstance(value, Mapping) else value
        raise InputError(where, shown, "one of " + ", ".join(allowed))
