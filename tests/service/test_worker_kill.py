"""A worker killed with SIGKILL in the middle of a Monte Carlo job: after a restart the job
resumes from its checkpoints and ends with the very numbers of an uninterrupted run.

Reference: the same mission, samples and seed run uninterrupted through ``baiterek.api.dispersion``
in this process (sample i is a pure function of (seed, i): docs/dispersion.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from baiterek import api
from baiterek.service import jobs, migrate
from baiterek.service.db import session_factory
from baiterek.service.runner import MC_CHUNK
from baiterek.service.schemas import JobRequest

sys.path.insert(0, str(Path(__file__).parent))
from live_server import env, sqlite_url  # noqa: E402

SAMPLES = 400  # 8 chunks of 50


def _worker(data_dir: Path, log: str, *extra: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "baiterek.service", "worker", "--data-dir", str(data_dir),
           "--heartbeat-s", "0.3", "--stale-after-s", "1.5", *extra]  # fmt: skip
    with open(data_dir / log, "wb") as out:
        return subprocess.Popen(cmd, env=env(), stdout=out, stderr=subprocess.STDOUT)


def test_killed_worker_job_resumes_with_same_numbers(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    sessions = session_factory(url)
    inputs = JobRequest(kind="dispersion", samples=SAMPLES, seed=11).model_dump(mode="json")
    with sessions() as s:
        job_id = jobs.submit(s, "dispersion", inputs).id
    chunks = tmp_path / "jobs" / job_id / "monte-carlo" / "chunks"

    first = _worker(tmp_path, "worker-1.log")
    t_end = time.monotonic() + 120
    while time.monotonic() < t_end and len(list(chunks.glob("chunk-*.parquet"))) < 2:
        assert first.poll() is None, (tmp_path / "worker-1.log").read_text()
        time.sleep(0.05)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    done_before = len(list(chunks.glob("chunk-*.parquet")))
    print(f"killed the worker with {done_before} of {SAMPLES // MC_CHUNK} chunks written")
    assert 2 <= done_before < SAMPLES // MC_CHUNK, "the kill must land mid-job"
    with sessions() as s:
        job = jobs.get(s, job_id)
        assert job is not None and str(job.status) == "running"  # the dead worker's claim

    time.sleep(1.6)  # let its heartbeat go stale
    second = _worker(tmp_path, "worker-2.log", "--once")
    assert second.wait(timeout=180) == 0, (tmp_path / "worker-2.log").read_text()
    with sessions() as s:
        job = jobs.get(s, job_id)
        assert job is not None
        assert str(job.status) == "done", job.error
        assert job.attempts == 2
        result = job.result
    assert result is not None

    ref = api.dispersion(tmp_path / "jobs" / job_id / "mission.toml", samples=SAMPLES, seed=11,
                         out=tmp_path / "reference", workers=1, chunk_size=MC_CHUNK)  # fmt: skip
    expected = ref.to_json()
    assert result["samples"] == expected["samples"] == SAMPLES
    assert result["success_fraction"] == expected["success_fraction"]
    for key in ("perigee_km", "apogee_km", "inclination_deg", "raan_deg"):
        assert result["injection"][key]["mean"] == pytest.approx(
            expected["injection"][key]["mean"], rel=0, abs=0
        )
        assert result["injection"][key]["sigma"] == expected["injection"][key]["sigma"]
    resumed = pq.read_table(tmp_path / "jobs" / job_id / "samples.parquet").to_pandas()
    ref_dir = tmp_path / "ref-files"
    ref.write(ref_dir)
    straight = pq.read_table(ref_dir / "samples.parquet").to_pandas()
    assert resumed.equals(straight), "the resumed samples differ from the uninterrupted run"
