"""Drawing dispersed inputs: sample i is a pure function of (spec, root seed, i).

Sample i draws one uniform per input from its own generator
``Generator(PCG64(SeedSequence(root_seed, spawn_key=(i,))))`` (the scheme of numpy's
``SeedSequence.spawn``), so a sample's inputs never depend on the chunk, the worker, the backend
or the order of completion. The draws of a sample depend only on the root seed and i; the spec
(vehicle and mission) maps them to values, so two variants of a mission flown with one seed share
their random numbers (common random numbers). Every input of the vehicle's layout consumes its
uniform whether dispersed or not, so adding or removing one entry never shifts the others.

A normal clipped at k sigma is drawn by inverse CDF on the truncated range (one uniform each);
a uniform maps its uniform onto [low, high].
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import ndtr, ndtri

from baiterek.catalog.dispersions import Dispersion, DispersionSpec, body_names

if TYPE_CHECKING:
    from baiterek.catalog.vehicles import Vehicle

AXES = ("radial", "along", "cross")
RELATIVE = ("thrust", "isp", "propellant", "dry_mass")


@dataclass(frozen=True, slots=True)
class InputLayout:
    """The ordered inputs of a vehicle: names (Parquet columns) and their dispersion (or None)."""

    stage_names: tuple[str, ...]
    body_names: tuple[str, ...]
    names: tuple[str, ...]
    entries: tuple[Dispersion | None, ...]

    @property
    def n_inputs(self) -> int:
        return len(self.names)

    @property
    def dispersed(self) -> tuple[str, ...]:
        """Names of the inputs that have a dispersion with a non-zero spread."""
        return tuple(n for n, e in zip(self.names, self.entries, strict=True) if _spread(e) > 0)


def layout(vehicle: Vehicle, spec: DispersionSpec) -> InputLayout:
    """The input layout of a vehicle under a spec (fixed order: stages, aero, air, wind, nav, bodies)."""
    stages = tuple(s.name for s in vehicle.stages)
    bodies = body_names(vehicle)
    names: list[str] = []
    entries: list[Dispersion | None] = []

    def add(name: str, key: str) -> None:
        names.append(name)
        entries.append(spec.get(key))

    for s in stages:
        for k in (*RELATIVE, "ignition_s", "separation_s"):
            add(f"stages.{s}.{k}", f"stages.{s}.{k}")
    add("aero.drag", "aero.drag")
    add("atmosphere.density", "atmosphere.density")
    for part in ("steady", "gust"):
        for ax in ("east", "north"):
            add(f"wind.{part}_{ax}_m_s", f"wind.{part}_m_s")
    for ax in AXES:
        add(f"navigation.position_{ax}_m", "navigation.position_m")
    for ax in AXES:
        add(f"navigation.velocity_{ax}_m_s", "navigation.velocity_m_s")
    for b in bodies:
        for ax in AXES:
            names.append(f"bodies.{b}.separation_dv_{ax}_m_s")
            entries.append(
                spec.get(f"bodies.{b}.separation_dv_m_s") or spec.get("bodies.separation_dv_m_s")
            )
    return InputLayout(stages, bodies, tuple(names), tuple(entries))


@dataclass(frozen=True, slots=True)
class Dispersions:
    """Dispersed inputs of samples ``sample_index``, arrays ``(n, ...)``, SI.

    Scales are factors on the nominal (1 = nominal); offsets add to the nominal event times (s);
    wind is one horizontal vector (steady plus gust), speed m/s and azimuth it blows toward (rad
    from north, clockwise); ``nav_error`` is (radial, along, cross) position m then velocity m/s
    at cutoff; ``body_dv`` is each jettisoned body's separation velocity change (radial, along,
    cross), m/s. ``inputs`` ``(n, n_inputs)`` holds every drawn deviation (named by
    ``input_names``) for the sensitivity regression and the Parquet file.
    """

    sample_index: np.ndarray
    thrust_scale: np.ndarray
    isp_scale: np.ndarray
    propellant_scale: np.ndarray
    dry_mass_scale: np.ndarray
    ignition_offset_s: np.ndarray
    separation_offset_s: np.ndarray
    drag_scale: np.ndarray
    density_scale: np.ndarray
    wind_speed: np.ndarray
    wind_azimuth: np.ndarray
    nav_error: np.ndarray
    body_dv: np.ndarray
    inputs: np.ndarray
    input_names: tuple[str, ...] = field(default=())
    stage_names: tuple[str, ...] = field(default=())
    body_names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray):
                v.setflags(write=False)

    @property
    def n(self) -> int:
        return int(self.sample_index.shape[0])


def uniforms(seed: int, indices: np.ndarray, n_inputs: int) -> np.ndarray:
    """``(len(indices), n_inputs)`` uniforms in [0, 1); row j from sample ``indices[j]`` alone."""
    out = np.empty((len(indices), n_inputs))
    for j, i in enumerate(np.asarray(indices, dtype=np.int64).tolist()):
        ss = np.random.SeedSequence(seed, spawn_key=(i,))
        out[j] = np.random.Generator(np.random.PCG64(ss)).random(n_inputs)
    return out


def deviations(lay: InputLayout, u: np.ndarray) -> np.ndarray:
    """Map uniforms ``(n, n_inputs)`` to deviations (relative or absolute) per the layout."""
    dev = np.zeros_like(u)
    for k, e in enumerate(lay.entries):
        if e is None:
            continue
        if e.dist == "uniform":
            dev[:, k] = e.low + u[:, k] * (e.high - e.low)
        elif e.sigma > 0:
            lo, hi = ndtr(-e.clip), ndtr(e.clip)
            dev[:, k] = e.sigma * ndtri(lo + u[:, k] * (hi - lo))
    return dev


def sample(lay: InputLayout, seed: int, indices: np.ndarray) -> Dispersions:
    """The dispersed inputs of samples ``indices`` under root ``seed``."""
    idx = np.asarray(indices, dtype=np.int64).copy()
    if idx.size and idx.min() < 0:
        raise ValueError("sample indices must be >= 0")
    return from_deviations(lay, deviations(lay, uniforms(seed, idx, lay.n_inputs)), idx)


def from_deviations(lay: InputLayout, dev: np.ndarray, indices: np.ndarray) -> Dispersions:
    """Dispersions from a matrix of deviations ``(n, n_inputs)`` (drawn, or set by hand in a test)."""
    idx = np.asarray(indices, dtype=np.int64).copy()
    dev = np.array(dev, dtype=float)
    n, ns, nb = len(idx), len(lay.stage_names), len(lay.body_names)
    per_stage = dev[:, : 6 * ns].reshape(n, ns, 6)
    k = 6 * ns
    drag, density = dev[:, k], dev[:, k + 1]
    east = dev[:, k + 2] + dev[:, k + 4]
    north = dev[:, k + 3] + dev[:, k + 5]
    nav = dev[:, k + 6 : k + 12]
    body = dev[:, k + 12 : k + 12 + 3 * nb].reshape(n, nb, 3)
    return Dispersions(
        sample_index=idx,
        thrust_scale=1.0 + per_stage[:, :, 0],
        isp_scale=1.0 + per_stage[:, :, 1],
        propellant_scale=1.0 + per_stage[:, :, 2],
        dry_mass_scale=1.0 + per_stage[:, :, 3],
        ignition_offset_s=per_stage[:, :, 4].copy(),
        separation_offset_s=per_stage[:, :, 5].copy(),
        drag_scale=1.0 + drag,
        density_scale=1.0 + density,
        wind_speed=np.hypot(east, north),
        wind_azimuth=np.mod(np.arctan2(east, north), 2.0 * np.pi),
        nav_error=nav.copy(),
        body_dv=body.copy(),
        inputs=dev,
        input_names=lay.names,
        stage_names=lay.stage_names,
        body_names=lay.body_names,
    )


def _spread(e: Dispersion | None) -> float:
    if e is None:
        return 0.0
    return e.sigma if e.dist == "normal" else e.high - e.low
