"""Grid of a payload curve: the points to solve (in a mission file's terms, km and deg), checks,
and the cut of the grid into warm-started runs for the worker processes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from baiterek.errors import InputError
from baiterek.flight.configuration import FlownConfiguration

DEFAULT_ALTITUDES_KM: tuple[float, ...] = tuple(float(h) for h in range(200, 2001, 100))
"""Default altitude grid of circular and sun-synchronous curves, km (200 to 2,000 by 100)."""

MAX_POINTS = 5000
"""Largest grid a curve accepts (a typo such as a step of 1 km over 40,000 km is refused)."""


@dataclass(frozen=True, slots=True)
class PointSpec:
    """One point of a grid, in the terms of a mission file's ``[target]`` (km, deg)."""

    line: str  # the grid line this point belongs to (a legend label)
    kind: str  # mission target kind: circular | elliptical | sso (later: gto, ...)
    perigee_km: float
    apogee_km: float
    inclination_deg: float | None  # None: computed (sun-synchronous)
    heading: str | None = None
    upper_stage: str | None = None
    configuration: FlownConfiguration | None = field(default=None, hash=False)
    """How the vehicle is flown (a mission's ``[configuration]``, e.g. a recovery reserve)."""

    def target_dict(self) -> dict[str, Any]:
        if self.kind == "elliptical":
            t: dict[str, Any] = {
                "kind": "elliptical",
                "perigee_km": self.perigee_km,
                "apogee_km": self.apogee_km,
            }
        else:
            t = {"kind": self.kind, "altitude_km": self.perigee_km}
        if self.inclination_deg is not None:
            t["inclination_deg"] = self.inclination_deg
        if self.heading is not None:
            t["heading"] = self.heading
        return t


def check_grid(name: str, values: Sequence[float], ordered: bool = True) -> None:
    if len(values) == 0:
        raise InputError(name, list(values), "at least one value")
    if not all(math.isfinite(float(v)) for v in values):
        raise InputError(name, list(values), "finite numbers")
    if ordered and any(b <= a for a, b in zip(values[:-1], values[1:], strict=True)):
        raise InputError(name, list(values), "strictly increasing values (a march in order)")


def split_runs(specs: list[PointSpec], n_workers: int) -> list[tuple[int, list[PointSpec]]]:
    """Cut the grid into contiguous runs of one line each, about two runs per worker.

    Returns (index of the first point, run) in grid order. A run keeps its warm starts; a cut
    costs one cold start.
    """
    lines: list[tuple[int, list[PointSpec]]] = []
    for k, s in enumerate(specs):
        if lines and lines[-1][1][-1].line == s.line:
            lines[-1][1].append(s)
        else:
            lines.append((k, [s]))
    if n_workers <= 1:
        return lines
    target = max(3, math.ceil(len(specs) / (2 * n_workers)))
    runs = []
    for start, line in lines:
        n_cut = max(1, round(len(line) / target))
        bounds = np.linspace(0, len(line), n_cut + 1).round().astype(int)
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            if b > a:
                runs.append((start + int(a), line[a:b]))
    return runs
