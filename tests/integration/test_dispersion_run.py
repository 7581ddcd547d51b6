"""Issue 12 verification (c)-(e) machinery: backends, workers and chunks bit-identical; SIGKILL and resume; stopping; bad input."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from baiterek import catalog
from baiterek.catalog.dispersions import vehicle_dispersions
from baiterek.dispersion.run import MonteCarloCase, run
from baiterek.dispersion.standin import StandInCase, StandInEvaluator
from baiterek.dispersion.statistics import n_for_sigma_tolerance
from baiterek.dispersion.summary import document
from baiterek.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
MISSION = {
    "mission": {"vehicle": "sunkar", "site": "baikonur-45-1"},
    "target": {"altitude_km": 200},
}


@pytest.fixture(scope="module")
def setup():
    v = catalog.vehicle("sunkar")
    ev = StandInEvaluator(
        StandInCase.from_mission(v, catalog.site("baikonur-45-1"), 200, 51.6, 15000)
    )
    return MonteCarloCase(v, MISSION, "stand-in"), vehicle_dispersions("sunkar"), ev


def _same(a, b):
    assert a.mission_hash == b.mission_hash
    assert np.array_equal(a.sample_index, b.sample_index)
    assert np.array_equal(a.inputs, b.inputs)
    assert a.outputs.keys() == b.outputs.keys()
    for k in a.outputs:
        assert np.array_equal(a.outputs[k], b.outputs[k], equal_nan=True), k


def _stats(r):
    doc = document(r)
    return {
        k: doc[k] for k in ("injection", "performance", "success_fraction", "bodies", "sensitivity")
    }


def test_d_backends_workers_chunks_identical(setup):
    case, spec, ev = setup
    ref = run(case, spec, 2400, 11, evaluate=ev, backend="serial", chunk_size=2400)
    for kw in (
        {"backend": "serial", "chunk_size": 97},
        {"backend": "process", "workers": 1, "chunk_size": 500},
        {"backend": "process", "workers": 2, "chunk_size": 333},
        {"backend": "dask", "workers": 2, "chunk_size": 700},
    ):
        r = run(case, spec, 2400, 11, evaluate=ev, **kw)
        _same(ref, r)
        assert _stats(r) == _stats(ref), kw
    other = run(case, spec, 2400, 12, evaluate=ev, backend="serial")
    assert not np.array_equal(other.inputs, ref.inputs)


def test_until_converged_stops_on_n_alone(setup):
    case, spec, ev = setup
    need = n_for_sigma_tolerance(0.05)
    a = run(case, spec, 250, 3, evaluate=ev, backend="serial", until_converged=True, tolerance=0.05)
    b = run(case, spec, 250, 3, evaluate=ev, backend="process", workers=2, chunk_size=100,
            until_converged=True, tolerance=0.05)  # fmt: skip
    assert a.converged and a.n == -(-need // 250) * 250  # whole blocks of 250 up to the N it needs
    _same(a, b)


def test_bad_arguments(setup, tmp_path):
    case, spec, ev = setup
    for n in (0, -5, 1_000_001):
        with pytest.raises(InputError) as exc:
            run(case, spec, n, 1, evaluate=ev, backend="serial")
        assert exc.value.field == "samples"
    with pytest.raises(InputError):
        run(case, spec, 10, 1, evaluate=ev, backend="serial", resume=True)
    with pytest.raises(InputError):
        run(case, spec, 10, -1, evaluate=ev, backend="serial")


def _files(d: Path) -> dict[str, str]:
    return {
        str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(d.rglob("*"))
        if p.is_file()
    }


SLOW_RUN = """
import sys, time
import numpy as np
from baiterek import catalog
from baiterek.catalog.dispersions import vehicle_dispersions
from baiterek.dispersion.run import MonteCarloCase, run
from baiterek.dispersion.standin import StandInCase, StandInEvaluator

v = catalog.vehicle("sunkar")
ev = StandInEvaluator(StandInCase.from_mission(v, catalog.site("baikonur-45-1"), 200, 51.6, 15000))

def slow(d, idx):
    time.sleep(0.15)  # long enough to be killed mid-run
    return ev(d, idx)

case = MonteCarloCase(v, MISSION, "stand-in")
run(case, vehicle_dispersions("sunkar"), 6000, 5, evaluate=slow, backend="serial", chunk_size=200,
    out_dir=sys.argv[1])
"""


def test_e_sigkill_then_resume_is_bit_identical(setup, tmp_path):
    case, spec, ev = setup
    out = tmp_path / "killed"
    script = tmp_path / "slow_run.py"
    script.write_text(f"MISSION = {MISSION!r}\n" + textwrap.dedent(SLOW_RUN))
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, str(script), str(out)], env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if (
                len(list((out / "chunks").glob("chunk-*.parquet"))) >= 5
                if (out / "chunks").exists()
                else False
            ):
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)  # a real SIGKILL, mid-run
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    finished = len(list((out / "chunks").glob("chunk-*.parquet")))
    assert 5 <= finished < 30, finished
    assert json.loads((out / "run.json").read_text())["status"] == "running"
    resumed = run(case, spec, 6000, 5, evaluate=ev, backend="process", workers=2, chunk_size=500,
                  out_dir=out, resume=True)  # fmt: skip
    assert (
        resumed.n == 6000 and resumed.n_computed == 6000 - 200 * finished
    )  # only the missing ones
    whole = run(case, spec, 6000, 5, evaluate=ev, backend="serial", out_dir=tmp_path / "whole")
    _same(resumed, whole)
    assert _stats(resumed) == _stats(whole)
    # a second resume flies nothing
    again = run(case, spec, 6000, 5, evaluate=ev, backend="serial", out_dir=out, resume=True)
    assert again.n_computed == 0
    _same(again, whole)


def _cli(*args, cwd: Path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-m", "baiterek.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)  # fmt: skip


def test_cli_json_document_and_user_errors(tmp_path):
    mission = tmp_path / "m.toml"
    mission.write_text((ROOT / "examples" / "sunkar-leo-200km.toml").read_text())
    out = tmp_path / "out"
    p = _cli("dispersion", str(mission), "--samples", "1200", "--seed", "4", "--out", str(out),
             "--workers", "1", "--json", cwd=tmp_path)  # fmt: skip
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["samples"] == 1200 and doc["seed"] == 4 and 0 <= doc["success_fraction"] <= 1
    for k in ("perigee_km", "apogee_km", "inclination_deg", "raan_deg", "argument_of_perigee_deg",
              "semi_major_axis_km", "eccentricity"):  # fmt: skip
        assert set(doc["injection"][k]) >= {"mean", "sigma", "three_sigma", "bound_9973_95"}
    assert {b["name"] for b in doc["bodies"]} == {"stage1", "fairing"}
    assert all({"zone", "containment", "containment_lower_95"} <= set(b) for b in doc["bodies"])
    # the kernel (plug), with the guidance in the loop by default
    assert doc["time_per_sample_ms"] > 0 and "closed-loop" in doc["evaluator"]
    import pyarrow.parquet as pq

    meta = json.loads(pq.read_schema(out / "samples.parquet").metadata[b"baiterek"])
    assert meta["seed"] == 4 and meta["mission_sha256"] == doc["provenance"]["mission_sha256"]
    assert meta["baiterek_version"]
    before = _files(out)

    # a resume on a different mission: refused, exit 2, nothing overwritten
    other = tmp_path / "other.toml"
    other.write_text(mission.read_text().replace("payload_kg = 15000", "payload_kg = 14000"))
    assert other.read_text() != mission.read_text()
    p = _cli("dispersion", str(other), "--samples", "1200", "--seed", "4", "--out", str(out),
             "--resume", "--json", cwd=tmp_path)  # fmt: skip
    assert p.returncode == 2 and json.loads(p.stdout)["error"]["field"] == "--resume"  # the flag
    assert "Traceback" not in p.stderr
    assert _files(out) == before
    # a resume with the other guidance mode (another evaluator, another hash): refused too
    p = _cli("dispersion", str(mission), "--samples", "1200", "--seed", "4", "--out", str(out),
             "--resume", "--guidance", "open-loop", "--json", cwd=tmp_path)  # fmt: skip
    assert p.returncode == 2 and json.loads(p.stdout)["error"]["field"] == "--resume", p.stdout
    assert _files(out) == before

    bad = {
        "samples": ("--samples", "0"),
        "samples ": ("--samples", "2000000"),
        "guidance": ("--guidance", "closed"),
    }
    for field, (flag, value) in bad.items():
        p = _cli(
            "dispersion",
            str(mission),
            flag,
            value,
            "--out",
            str(tmp_path / "x"),
            "--json",
            cwd=tmp_path,
        )
        # the CLI names the flag typed
        assert p.returncode == 2 and json.loads(p.stdout)["error"]["field"] == "--" + field.strip()
        assert not (tmp_path / "x").exists()
    for table, field in (
        (
            '[dispersions.aero]\ndrag = { sigma = -0.1, source = "t" }\n',
            "dispersions.aero.drag.sigma",
        ),
        ('[dispersions.aero]\ndrags = { sigma = 0.1, source = "t" }\n', "dispersions.aero.drags"),
    ):
        m2 = tmp_path / "bad.toml"
        m2.write_text(mission.read_text() + "\n" + table)
        p = _cli(
            "dispersion",
            str(m2),
            "--samples",
            "10",
            "--out",
            str(tmp_path / "y"),
            "--json",
            cwd=tmp_path,
        )
        assert p.returncode == 2 and json.loads(p.stdout)["error"]["field"] == field, p.stdout
        assert not (tmp_path / "y").exists()
