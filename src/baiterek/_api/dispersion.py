"""``dispersion``: a Monte Carlo of dispersed flights of a mission (injection accuracy, footprints)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._result import DataFrame, ResultMixin, fmt, frame, freeze_doc

if TYPE_CHECKING:
    from baiterek.dispersion.analysis import DispersionAnalysis


@dataclass(frozen=True, slots=True, repr=False)
class Dispersion(ResultMixin):
    """A finished Monte Carlo: ``analysis`` (samples, spec) and its document."""

    analysis: DispersionAnalysis
    _json: str

    def headline(self) -> list[str]:
        d = self.to_json()
        lines = [
            f"{d.get('mission', '')}: {d['samples']} samples, seed {d['seed']}",
            f"evaluator: {d['evaluator']}",
            f"success_fraction = {fmt(d['success_fraction'], '.4f')}",
        ]
        for key in ("perigee_km", "apogee_km", "inclination_deg"):
            s = d["injection"].get(key)
            if s is not None:
                lines.append(f"{key}: mean {s['mean']:.4f}, 1 sigma {s['sigma']:.3g}")
        lines.append(f"time_per_sample_ms = {fmt(d['time_per_sample_ms'], '.3f')}")
        return lines

    def to_frame(self) -> DataFrame:
        """One row per injection output: mean, sigma, three_sigma."""
        rows = [
            {"output": k, "mean": s["mean"], "sigma": s["sigma"], "three_sigma": s["three_sigma"]}
            for k, s in self.to_json()["injection"].items()
        ]
        return frame(rows, columns=["output", "mean", "sigma", "three_sigma"])

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """samples.parquet, dispersion.json, dispersion.html into ``out_dir``."""
        from baiterek.export.dispersion_files import write_dispersion_files
        from baiterek.export.output import manifest_provenance, write_products

        files: dict[str, Path] = write_products(
            out_dir,
            manifest_provenance(self.to_json(), "dispersion"),
            lambda d: write_dispersion_files(self.analysis, d),
        )
        return files


def dispersion(
    mission: str | Path,
    *,
    samples: int = 1000,
    seed: int = 0,
    until_converged: bool = False,
    tolerance: float | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = 500,
    progress: bool = False,
    guidance: str = "closed-loop",
) -> Dispersion:
    """Fly ``samples`` dispersed copies of the mission file (seeded: sample i is a pure function
    of (seed, i)); checkpoints go to ``out`` when given. ``scheduler``: a Dask address, or
    ``"local"`` for a LocalCluster; default a local process pool. ``guidance``:
    ``"closed-loop"`` (re-targeting in flight in every sample) or ``"open-loop"`` (the nominal
    vacuum law in every sample). ``tolerance`` (relative, default 0.05) only with
    ``until_converged``."""
    from baiterek.checks import number
    from baiterek.dispersion.analysis import monte_carlo
    from baiterek.errors import refuse_unused

    if tolerance is not None and not until_converged:
        refuse_unused({"tolerance": tolerance}, "without until_converged (it is its stop rule)")
    tolerance = (
        0.05 if tolerance is None else number(tolerance, "tolerance", 0.0, 1.0, lo_open=True)
    )
    kwargs: dict[str, Any] = {
        "until_converged": until_converged,
        "tolerance": tolerance,
        "out_dir": out,
        "resume": resume,
        "workers": workers,
        "backend": "dask" if scheduler else "process",
        "scheduler": None if scheduler == "local" else scheduler,
        "chunk_size": chunk_size,
        "progress": progress,
        "guidance": guidance,
    }
    a = monte_carlo(mission, samples, seed, **kwargs)
    return Dispersion(analysis=a, _json=freeze_doc(a.document))
