"""The ascent case of a payload search: vehicle, site, target and how it is flown (SI, rad)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from baiterek import catalog
from baiterek.flight import guidance as G
from baiterek.flight.configuration import FlownConfiguration, configure_vehicle
from baiterek.flight.simulate import Setup, setup


@dataclass(frozen=True, slots=True)
class AscentCase:
    """What every payload trial of one search shares.

    ``target`` is the orbit to reach (metres, radians); ``wind`` a wind profile or None;
    ``upper_stage_id`` an upper stage flying the transfer from a parking orbit; ``launch_inclination``
    (rad) the launch plane when it differs from the target's (a dog-leg), else None;
    ``configuration`` how the flight is flown (a mission's ``[configuration]``: a stage cut off
    early to keep a recovery reserve, a throttle profile, a lofted booster), else None.
    """

    vehicle_id: str
    site_id: str
    target: G.OrbitTarget
    wind: Any = None
    upper_stage_id: str | None = None
    launch_inclination: float | None = None
    configuration: FlownConfiguration | None = None

    @property
    def vehicle(self) -> catalog.Vehicle:
        """The catalog vehicle as this case flies it (its ``configuration`` applied)."""
        v = catalog.vehicle(self.vehicle_id)
        cfg = self.configuration
        return v if cfg is None or cfg.empty else configure_vehicle(v, cfg)

    @property
    def circular_parking(self) -> G.OrbitTarget:
        """The circular parking orbit at the target's perigee radius, in the target's plane."""
        t = self.target
        return G.OrbitTarget(t.radius, 0.0, t.radius, t.inclination, t.heading)

    @property
    def apogee_radius(self) -> float:
        """The target's apogee radius, m."""
        return 2.0 * self.target.semi_major_axis - self.target.radius

    def transfer_stage(self, own_stage: catalog.UpperStage | None = None) -> catalog.UpperStage:
        """The stage that flies the transfer: ``own_stage`` (a restartable last stage) if given,
        else the case's upper stage."""
        if own_stage is not None:
            return own_stage
        if self.upper_stage_id is None:
            raise ValueError("no upper stage and no restartable last stage for the transfer")
        return catalog.upper_stage(self.upper_stage_id)

    def with_target(self, target: G.OrbitTarget) -> AscentCase:
        return dataclasses.replace(self, target=target)

    def setup(self, payload_kg: float, target: G.OrbitTarget | None = None) -> Setup:
        """The guidance problem with ``payload_kg`` to ``target`` (default: the case's)."""
        return setup(
            self.vehicle_id,
            self.site_id,
            payload_kg,
            self.target if target is None else target,
            self.wind,
            self.upper_stage_id,
            self.launch_inclination,
            self.configuration,
        )
