"""The worker process (``baiterek worker``): claims jobs from the database, runs them through
``baiterek.api`` (``runner.run_job``) in the job's own folder, and reports progress.

A heartbeat thread writes the latest progress every ``heartbeat_s`` with its own session, so a
long computation keeps its claim; a worker that dies stops beating and ``requeue_stale`` (run by
every worker before each claim) puts its job back in the queue, where the next claim resumes it
(a Monte Carlo from its checkpoints). A user mistake fails the job with the InputError's message;
any other exception fails it with its type and message (also logged with the traceback).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from baiterek.errors import BaiterekError
from baiterek.service import jobs, logs
from baiterek.service.db import database_url, default_data_dir, engine_for, session_factory
from baiterek.service.runner import run_job

log = logging.getLogger("baiterek.service.worker")

HEARTBEAT_S = 2.0
STALE_AFTER_S = 30.0
POLL_S = 0.5


def worker_id() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


class _Beat:
    """The heartbeat thread of one running job: writes the latest progress every period."""

    def __init__(
        self, sessions: sessionmaker[Session], job_id: str, wid: str, period: float
    ) -> None:
        self.sessions, self.job_id, self.wid, self.period = sessions, job_id, wid, period
        self.fraction, self.message = 0.0, "claimed"
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def update(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message

    def _run(self) -> None:
        with self.sessions() as s:
            while not self._stop.wait(self.period):
                try:
                    jobs.progress(s, self.job_id, self.wid, self.fraction, self.message)
                except jobs.ClaimLostError:
                    self.lost = True
                    return
                except Exception:  # noqa: BLE001 - a failed beat is retried next period
                    log.warning("heartbeat failed", exc_info=True, extra={"job_id": self.job_id})
                    s.rollback()

    def __enter__(self) -> _Beat:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()


def run_one(sessions: sessionmaker[Session], jobs_dir: Path, wid: str, *,
            heartbeat_s: float = HEARTBEAT_S, stale_after_s: float = STALE_AFTER_S) -> bool:  # fmt: skip
    """Requeue stale jobs, claim one and run it; False when the queue was empty."""
    with sessions() as s:
        jobs.requeue_stale(s, stale_after_s)
        job = jobs.claim(s, wid)
        if job is None:
            return False
        job_id, kind, inputs = job.id, job.kind, dict(job.inputs)
    folder = jobs_dir / job_id
    log.info("job claimed", extra={"job_id": job_id, "kind": kind, "attempt": job.attempts})
    result: dict[str, Any] | None = None
    error: str | None = None
    with _Beat(sessions, job_id, wid, heartbeat_s) as beat:
        try:
            result = run_job(kind, inputs, folder, beat.update)
        except BaiterekError as e:
            error = str(e)
        except Exception as e:  # noqa: BLE001 - the job fails with the reason, the worker lives
            log.error("job crashed", exc_info=e, extra={"job_id": job_id})
            error = f"internal error: {type(e).__name__}"
    with sessions() as s:
        try:
            if error is None:
                jobs.finish(s, job_id, wid, result=result, result_path=str(folder))
            else:
                jobs.fail(s, job_id, wid, error)
        except jobs.ClaimLostError:
            log.warning("claim lost before the end; result dropped", extra={"job_id": job_id})
            return True
    log.info("job ended", extra={"job_id": job_id, "status": "done" if error is None else "failed"})
    return True


def serve_forever(url: str | None = None, data_dir: str | Path | None = None, *,
                  heartbeat_s: float = HEARTBEAT_S, stale_after_s: float = STALE_AFTER_S,
                  poll_s: float = POLL_S, once: bool = False) -> int:  # fmt: skip
    """Claim and run jobs until SIGTERM/SIGINT (``once``: until the queue is empty); returns
    how many jobs it ran."""
    logs.configure()
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    from baiterek.service.migrate import upgrade

    full = database_url(url, folder)
    upgrade(full)
    engine = engine_for(full)
    sessions = session_factory(engine)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(sig, lambda *_: stop.set())
        except ValueError:  # not the main thread
            break
    wid = worker_id()
    log.info("worker started", extra={"worker_id": wid})
    ran = 0
    try:
        while not stop.is_set():
            busy = run_one(sessions, folder / "jobs", wid, heartbeat_s=heartbeat_s,
                           stale_after_s=stale_after_s)  # fmt: skip
            ran += busy
            if not busy:
                if once:
                    break
                stop.wait(poll_s)
    finally:
        engine.dispose()
        log.info("worker stopped", extra={"worker_id": wid, "jobs_run": ran})
    return ran


def wait_for(sessions: sessionmaker[Session], job_id: str, timeout_s: float) -> str:
    """Poll a job's status until it ends or the timeout passes; the last status."""
    t_end = time.monotonic() + timeout_s
    while True:
        with sessions() as s:
            job = jobs.get(s, job_id)
            status = "missing" if job is None else str(job.status)
        if status in ("done", "failed", "missing") or time.monotonic() > t_end:
            return status
        time.sleep(0.2)
