"""Run one job through ``baiterek.api`` into its own folder: the mission file it writes, the
files of the result, and the result document (the CLI's ``--json``).

Kinds: ``fly``, ``safety``, ``windows`` (SSO at the node's local time), ``dispersion`` (a Monte
Carlo with checkpoints in ``<folder>/monte-carlo``, always resumed: a job restarted after a
killed worker continues from its last whole chunk and, since sample i is a pure function of
(seed, i), ends with the numbers of an uninterrupted run), ``curve`` (maximum payload against
altitude) and ``analyze`` (``api.analyze``: the mission analysis report and the handover files
in the job's folder).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from baiterek import api
from baiterek.errors import InputError

Progress = Callable[[float, str], None]
"""``progress(fraction 0..1, message)``."""

MC_CHUNK = 50
"""Monte Carlo samples per checkpoint chunk (about 0.6 s of kernel time each)."""

MISSION_FILE = "mission.toml"


def mission_toml(inputs: dict[str, Any]) -> str:
    """The mission file of a job's inputs (every value typed by JobRequest: ids match
    ``[a-z0-9.-]``, numbers are floats, the time is ISO; nothing free-form reaches the file)."""
    orbit = inputs["orbit"]
    lines = [
        "[mission]",
        f'name = "{inputs["kind"]} job"',
        f'vehicle = "{inputs["vehicle"]}"',
        f'site = "{inputs["site"]}"',
        f"payload_kg = {float(inputs['payload_kg'])!r}",
        f'launch_time_utc = "{inputs["launch_time_utc"]}"',
        "[target]",
        f'kind = "{orbit}"',
    ]
    if orbit == "elliptical":
        lines += [f"perigee_km = {_num(inputs, 'perigee_km')!r}",
                  f"apogee_km = {_num(inputs, 'apogee_km')!r}"]  # fmt: skip
    else:
        lines.append(f"altitude_km = {_num(inputs, 'altitude_km')!r}")
    if orbit != "sso":
        lines.append(f"inclination_deg = {_num(inputs, 'inclination_deg')!r}")
    else:
        lines += ["[window]", f'local_time_node = "{inputs["local_time"]}"']
    if inputs["kind"] == "analyze":
        lines += ["[analysis]", f"seed = {int(inputs.get('seed', 0))}"]
    return "\n".join(lines) + "\n"


def _num(inputs: dict[str, Any], key: str) -> float:
    v = inputs.get(key)
    if v is None:
        raise InputError(key, None, f"a number (needed with orbit = {inputs['orbit']})")
    return float(v)


def check_inputs(inputs: dict[str, Any]) -> None:
    """The mistakes a job would only find when run, raised at submission (InputError): the
    mission file is read and validated as ``baiterek`` reads it (unknown vehicle or site, a
    time without its zone...), and a windows job needs an SSO plane."""
    import tempfile

    kind = inputs["kind"]
    if kind == "windows" and inputs["orbit"] != "sso":
        raise InputError("orbit", inputs["orbit"], "sso for a windows job (the plane is set by "
                         "the node's local time; other planes need a target: use the CLI)")  # fmt: skip
    if kind == "curve":
        if inputs["orbit"] != "sso" and inputs.get("inclination_deg") is None:
            raise InputError("inclination_deg", None, "a number for a curve that is not sso")
        for key, ids in (("vehicle", _ids("vehicles")), ("site", _ids("sites"))):
            if inputs[key] not in ids:
                raise InputError(key, inputs[key], "one of " + ", ".join(ids))
        return
    with tempfile.TemporaryDirectory(prefix="baiterek-job-") as d:
        path = Path(d) / MISSION_FILE
        path.write_text(mission_toml(inputs), encoding="utf-8")
        api.load_mission(path)


@cache
def _ids(kind: str) -> tuple[str, ...]:
    return api.vehicles().ids if kind == "vehicles" else api.sites().ids


def run_job(kind: str, inputs: dict[str, Any], folder: Path, progress: Progress) -> dict[str, Any]:
    """Run a job; returns its result document. Files go into ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    mission = folder / MISSION_FILE
    if kind != "curve":
        mission.write_text(mission_toml(inputs), encoding="utf-8")
    progress(0.02, "started")
    if kind == "fly":
        f = api.fly(mission)
        f.write(folder)
        return f.to_json()
    if kind == "safety":
        s = api.safety(mission)
        s.write(folder)
        return s.to_json()
    if kind == "windows":
        w = api.launch_windows(mission, start=str(inputs["launch_time_utc"])[:10],
                               days=float(inputs["days"]))  # fmt: skip
        w.write(folder)
        return w.to_json()
    if kind == "dispersion":
        return _dispersion(inputs, mission, folder, progress)
    if kind == "curve":
        return _curve(inputs, folder, progress)
    if kind == "analyze":

        def stage(name: str, done: int, total: int) -> None:
            progress(0.02 + 0.96 * done / max(total, 1), name)

        a = api.analyze(mission, samples=max(10, int(inputs.get("samples", 200))), out=folder,
                        progress=stage)  # fmt: skip
        return a.to_json()
    raise InputError("kind", kind, "fly, windows, safety, dispersion, analyze or curve")


def _dispersion(
    inputs: dict[str, Any], mission: Path, folder: Path, progress: Progress
) -> dict[str, Any]:
    samples = int(inputs["samples"])
    out = folder / "monte-carlo"
    stop = threading.Event()

    def watch() -> None:  # progress from the checkpoint chunks on disk
        while not stop.wait(0.5):
            done = sum(_chunk_size(p) for p in (out / "chunks").glob("chunk-*.parquet"))
            progress(min(0.95, 0.05 + 0.9 * done / samples), f"{done} of {samples} samples")

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    try:
        d = api.dispersion(mission, samples=samples, seed=int(inputs["seed"]), out=out,
                           resume=True, workers=1, chunk_size=MC_CHUNK)  # fmt: skip
    finally:
        stop.set()
        t.join()
    d.write(folder)
    return d.to_json()


def _chunk_size(path: Path) -> int:
    """Samples in a chunk file named ``chunk-<start>-<stop>.parquet``."""
    try:
        _, a, b = path.stem.split("-")
        return int(b) - int(a)
    except ValueError:
        return 0


def _curve(inputs: dict[str, Any], folder: Path, progress: Progress) -> dict[str, Any]:
    def cb(done: int, total: int) -> None:
        progress(done / max(total, 1), f"{done} of {total} points")

    sso = inputs["orbit"] == "sso"
    c = api.performance_curve(
        inputs["vehicle"], inputs["site"], sso=sso, altitudes=inputs["altitudes"],
        inclinations=None if sso else [float(inputs["inclination_deg"])], workers=1, progress=cb,
    )  # fmt: skip
    c.write(folder)
    return c.to_json()
