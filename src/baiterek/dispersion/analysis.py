"""A Monte Carlo of a mission file: read it, merge its dispersions, run, summarise (the API's entry).

``monte_carlo(path, samples, seed, ...)`` returns a :class:`DispersionAnalysis` (the run and its
document); it writes nothing but the checkpoint chunks of ``out_dir`` (the other files are
:func:`baiterek.export.dispersion_files.write_dispersion_files`'s job).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek import catalog
from baiterek.catalog.dispersions import DispersionSpec, merge_dispersions, vehicle_dispersions
from baiterek.dispersion.plug import evaluator_for
from baiterek.dispersion.run import MAX_SAMPLES, MonteCarloCase, MonteCarloResult, run
from baiterek.dispersion.summary import document

if TYPE_CHECKING:
    from baiterek.mission import Mission


@dataclass(frozen=True, slots=True)
class DispersionAnalysis:
    """A finished Monte Carlo: the samples, the spec it drew from and the summary document."""

    result: MonteCarloResult
    spec: DispersionSpec
    document: dict[str, Any]
    mission_name: str


def read_mission_and_dispersions(path: str | Path) -> tuple[Mission, dict[str, Any], Any]:
    """(mission, raw mapping, dispersions table or None); the table is split off before validation."""
    from baiterek.mission import mission_from_dict, read_mission_toml

    raw = read_mission_toml(path)
    table = raw.get("dispersions")
    rest = {k: v for k, v in raw.items() if k != "dispersions"}
    return mission_from_dict(rest), raw, table


def monte_carlo(
    path: str | Path,
    samples: int,
    seed: int,
    *,
    until_converged: bool = False,
    tolerance: float = 0.05,
    out_dir: str | Path | None = None,
    resume: bool = False,
    workers: int | None = None,
    backend: str = "process",
    scheduler: str | None = None,
    chunk_size: int = 500,
    max_samples: int = MAX_SAMPLES,
    progress: bool = False,
    guidance: str = "closed-loop",
) -> DispersionAnalysis:
    """Dispersed flights of a mission file; every mistake raises InputError before any file is written.

    ``guidance``: ``"closed-loop"`` (the guidance re-targets in flight in every sample) or
    ``"open-loop"`` (every sample flies the nominal vacuum law)."""
    mission, raw, table = read_mission_and_dispersions(path)
    vehicle = catalog.vehicle(mission.mission.vehicle)
    spec = merge_dispersions(vehicle_dispersions(vehicle.id), table, vehicle)
    name, evaluate = evaluator_for(mission, guidance)
    result = run(
        MonteCarloCase(vehicle, raw, name), spec, samples, seed, evaluate=evaluate,
        chunk_size=chunk_size, backend=backend, workers=workers, scheduler=scheduler,
        out_dir=out_dir, resume=resume, until_converged=until_converged, tolerance=tolerance,
        max_samples=max_samples, progress=progress,
    )  # fmt: skip
    doc = document(result, evaluator=name)
    doc["mission"] = mission.mission.name
    return DispersionAnalysis(result, spec, doc, mission.mission.name)
