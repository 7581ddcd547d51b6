"""Payload separation and the last stage's collision-avoidance manoeuvre, as vehicle data (schema).

The ``[vehicle.separation]`` table of a vehicle file describes the stage that carries the
payload to orbit (the vehicle's last stage)::

    [vehicle.separation.payload]      # the payload's velocity relative to the stage at separation
    delta_v_m_s = 0.5
    direction = "longitudinal-axis"
    grade = "U"
    source = "..."
    [vehicle.separation.avoidance]    # optional: the stage's manoeuvre after separation
    delay_s = 60.0
    delta_v_m_s = 3.0
    direction = "anti-along-track"
    grade = "U"
    source = "..."

Directions are in the local orbital frame of the body at the instant of the impulse: radial
(outward, r/|r|), cross-track (the orbit normal, r x v / |r x v|), along-track (cross-track x
radial: the flight direction, equal to the velocity for a circular orbit); an ``anti-`` prefix
reverses each. ``longitudinal-axis``: along the stage's axis, taken as the velocity direction at
separation (the stage holds its cutoff attitude, pointed along the velocity; an assumption stated
here once). Grades as in shared/reference/precision-and-beyond.md (A, B, C, U; U = no published
value, the number is an assumption).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DIRECTIONS", "Avoidance", "Impulse", "SeparationData", "direction_lvlh"]

Direction = Literal[
    "along-track",
    "anti-along-track",
    "radial",
    "anti-radial",
    "cross-track",
    "anti-cross-track",
    "longitudinal-axis",
]
DIRECTIONS: tuple[str, ...] = Direction.__args__  # type: ignore[attr-defined]

_AXES = {
    "radial": np.array([1.0, 0.0, 0.0]),
    "along-track": np.array([0.0, 1.0, 0.0]),
    "cross-track": np.array([0.0, 0.0, 1.0]),
}


def direction_lvlh(
    direction: str, r_m: npt.ArrayLike, v_m_s: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Unit vector (radial, along-track, cross-track) of a named direction at the state (r, v)."""
    if direction == "longitudinal-axis":
        r = np.asarray(r_m, float)
        v = np.asarray(v_m_s, float)
        r_hat = r / np.linalg.norm(r)
        h = np.cross(r, v)
        c_hat = h / np.linalg.norm(h)
        a_hat = np.cross(c_hat, r_hat)
        u = v / np.linalg.norm(v)
        return np.array([u @ r_hat, u @ a_hat, 0.0])
    sign = -1.0 if direction.startswith("anti-") else 1.0
    return sign * _AXES[direction.removeprefix("anti-")].copy()


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Impulse(_Frozen):
    """An impulsive velocity change: magnitude (m/s), direction, grade and source."""

    delta_v_m_s: float = Field(ge=0.0, le=100.0)
    direction: Direction
    grade: Literal["A", "B", "C", "U"]
    source: str

    def dv_lvlh(self, r_m: npt.ArrayLike, v_m_s: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The impulse (radial, along-track, cross-track), m/s, at the state (r, v)."""
        return self.delta_v_m_s * direction_lvlh(self.direction, r_m, v_m_s)


class Avoidance(Impulse):
    """The stage's collision-avoidance manoeuvre, ``delay_s`` after payload separation."""

    delay_s: float = Field(gt=0.0, le=86_400.0)


class SeparationData(_Frozen):
    """Payload separation (payload relative to the stage) and the stage's avoidance manoeuvre."""

    payload: Impulse
    avoidance: Avoidance | None = None
    source: str = ""
