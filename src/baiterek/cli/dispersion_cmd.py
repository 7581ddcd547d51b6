"""``baiterek dispersion MISSION.toml``: Monte Carlo of dispersed flights (injection accuracy, footprints)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    err_console,
    escape,
    flags,
    print_json,
    run_command,
)

FLAGS = flags(
    "samples", "seed", "until_converged", "tolerance", "out", "resume", "workers", "scheduler",
    "chunk_size", "guidance",
)  # fmt: skip


@app.command("dispersion")
def dispersion_command(
    mission_file: Path = typer.Argument(
        ..., help="Mission TOML file (may hold a [dispersions] table)."
    ),
    samples: int = typer.Option(
        1000, "--samples", help="Samples to fly (the block size with --until-converged)."
    ),
    seed: int = typer.Option(
        0, "--seed", help="Root seed: sample i draws from SeedSequence(seed, spawn_key=(i,))."
    ),
    until_converged: bool = typer.Option(
        False,
        "--until-converged",
        help="Blocks of --samples until every sigma is known within --tolerance.",
    ),
    tolerance: float = typer.Option(
        None, "--tolerance", help="Relative 95 % half-width of every sigma for --until-converged."
    ),
    out: Path = typer.Option(
        Path("out/dispersion"),
        "--out",
        help="Folder: checkpoint chunks, samples.parquet, dispersion.json, dispersion.html.",
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Continue the run in --out: only missing samples are flown."
    ),
    workers: int = typer.Option(
        None, "--workers", help="Worker processes (default: the machine's cores)."
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler tcp://host:port ('local' for a LocalCluster)."
    ),
    chunk_size: int = typer.Option(
        500, "--chunk-size", help="Samples per chunk (one checkpoint file each)."
    ),
    guidance: str = typer.Option(
        "closed-loop",
        "--guidance",
        help="closed-loop: each sample re-targets in flight (PEG); open-loop: the nominal law.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Monte Carlo of dispersed flights: injection accuracy, success rate, impact footprints."""

    def body() -> None:
        announce_compile()
        from baiterek import api

        r = api.dispersion(
            mission_file, samples=samples, seed=seed, until_converged=until_converged,
            tolerance=tolerance, out=out, resume=resume, workers=workers, scheduler=scheduler,
            chunk_size=chunk_size, progress=not as_json, guidance=guidance,
        )  # fmt: skip
        evaluator = str(r.to_json()["evaluator"])  # warnings on stderr: stdout stays one document
        if evaluator.startswith("stand-in"):
            err_console.print(
                "[yellow]warning:[/] the samples are flown by the analytic stand-in (a test "
                "double), not by the vehicle's flight model: these numbers are no prediction",
                highlight=False,
            )
        elif "open-loop" in evaluator:
            err_console.print(
                "[yellow]note:[/] every sample flies the nominal guidance open loop (no "
                "re-targeting in flight): the orbit spread is wider than the vehicle's",
                highlight=False,
            )
        files = r.write(out)
        doc = {**r.to_json(), "files": {k: str(p) for k, p in files.items()}}
        if as_json:
            print_json(doc)
            return
        t = Table(
            title=f"{escape(r.analysis.mission_name)}: {doc['samples']} samples, seed {doc['seed']} ({doc['evaluator']})"
        )
        for c in ("output", "mean", "1 sigma", "3 sigma", "99.73 %/95 % bounds"):
            t.add_column(c, justify="right")
        for k, s in {**doc["injection"], **doc["performance"]}.items():
            b = s["bound_9973_95"]
            bounds = (
                f"N < {b['n_required']}"
                if b["lower"] is None
                else f"{b['lower']:.4g} .. {b['upper']:.4g}"
            )
            t.add_row(k, f"{s['mean']:.6g}", f"{s['sigma']:.3g}", f"{s['three_sigma']:.3g}", bounds)
        console.print(t)
        lo, hi = doc["success_fraction_ci_95"]
        console.print(
            f"reached the target energy: {doc['success_fraction']:.4f} (95 % CI {lo:.4f} .. {hi:.4f}, N = {doc['samples']}); "
            f"{doc['time_per_sample_ms']:.3f} ms per sample; files in {out}"
        )

    run_command(body, as_json, FLAGS, out=out)
