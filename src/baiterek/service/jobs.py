"""The durable job queue over the ``jobs`` table: submit, claim, heartbeat, finish, requeue.

Each function is one short transaction and commits it (a claim or a heartbeat must be visible to
other processes at once): call them outside a unit of work of your own (a transaction already
open on the session is committed first).

- ``submit`` is idempotent: the SHA-256 of the kind and the canonical input JSON is unique, so
  the same request returns the same job, also when two submit it at the same moment.
- ``claim`` takes the oldest queued job in one ``UPDATE ... WHERE id = (SELECT ... LIMIT 1)``:
  on PostgreSQL the subquery locks with ``FOR UPDATE SKIP LOCKED`` (concurrent claimers skip each
  other's row instead of waiting); on SQLite the transaction is ``BEGIN IMMEDIATE`` (the write
  lock is taken before the read, so two claimers are serialised). Each claim counts an attempt.
- A worker proves it still holds a job with ``heartbeat``/``progress``; ``finish`` and ``fail``
  end it. Every one of them checks that the job is still ``running`` under that worker and raises
  ``ClaimLostError`` otherwise, so a worker whose job was requeued stops: a job never runs twice
  at once.
- ``retry`` queues a failed job again (a fresh count of attempts).
- ``requeue_stale`` returns jobs whose heartbeat is older than ``stale_after_s`` to the queue, or
  fails them with the reason once ``max_attempts`` claims have been used: a job is never lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service.db import IMMEDIATE, Job, JobStatus, is_sqlite, utcnow

DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_STALE_AFTER_S = 60.0


class ClaimLostError(RuntimeError):
    """The job is no longer running under this worker (requeued, failed or finished)."""


def input_hash(kind: str, inputs: dict[str, Any]) -> str:
    """SHA-256 (hex) of ``{"kind": kind, "inputs": inputs}`` as canonical JSON (sorted keys)."""
    doc = json.dumps(
        {"kind": kind, "inputs": inputs}, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(doc.encode()).hexdigest()


def submit(
    session: Session,
    kind: str,
    inputs: dict[str, Any],
    *,
    client_id: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> Job:
    """Queue a job, or return the job already made for the same kind and inputs (any status)."""
    if not kind:
        raise InputError("kind", kind, "a job kind (fly, windows, safety, dispersion, ...)")
    try:
        digest = input_hash(kind, inputs)
    except (TypeError, ValueError) as exc:
        raise InputError("inputs", "...", "a JSON object of finite numbers and strings") from exc
    _end(session)
    if is_sqlite(session):  # read then write: take the write lock first (see db.engine)
        session.connection(execution_options=IMMEDIATE)
    found = session.scalars(select(Job).where(Job.input_hash == digest)).first()
    if found is not None:
        session.commit()
        return found
    job = Job(
        kind=kind,
        inputs=inputs,
        input_hash=digest,
        client_id=client_id,
        max_attempts=max_attempts,
        status=JobStatus.QUEUED,
    )
    session.add(job)
    try:
        session.commit()
    except IntegrityError:  # the same inputs submitted concurrently: theirs is the job
        session.rollback()
        return session.scalars(select(Job).where(Job.input_hash == digest)).one()
    return job


def get(session: Session, job_id: str) -> Job | None:
    """The job with this id, freshly read (None if there is none)."""
    return session.get(Job, job_id, populate_existing=True)


def claim(session: Session, worker_id: str, *, kinds: tuple[str, ...] | None = None) -> Job | None:
    """Atomically take the oldest queued job (of ``kinds`` if given) for ``worker_id``."""
    _end(session)
    if is_sqlite(session):
        session.connection(execution_options=IMMEDIATE)
    now = utcnow()
    pick = select(Job.id).where(Job.status == JobStatus.QUEUED)
    if kinds:
        pick = pick.where(Job.kind.in_(kinds))
    pick = pick.order_by(Job.created_at, Job.id).limit(1).with_for_update(skip_locked=True)
    stmt = (
        update(Job)
        .where(Job.id == pick.scalar_subquery(), Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            claimed_by=worker_id,
            attempts=Job.attempts + 1,
            heartbeat_at=now,
            started_at=now,
            error=None,
        )
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    job_id = session.execute(stmt).scalar_one_or_none()
    session.commit()
    if job_id is None:
        return None
    return session.get(Job, job_id, populate_existing=True)


def heartbeat(session: Session, job: Job | str, worker_id: str) -> None:
    """Record that ``worker_id`` is still working on the job."""
    _update_running(session, job, worker_id, heartbeat_at=utcnow())


def progress(
    session: Session, job: Job | str, worker_id: str, fraction: float, message: str = ""
) -> None:
    """Record progress (0 to 1, clipped) and a short message; counts as a heartbeat."""
    fraction = min(max(float(fraction), 0.0), 1.0)
    _update_running(
        session, job, worker_id, progress=fraction, message=message, heartbeat_at=utcnow()
    )


def finish(
    session: Session,
    job: Job | str,
    worker_id: str,
    *,
    result: dict[str, Any] | None = None,
    result_path: str | None = None,
) -> None:
    """Mark the job done with its result document and its artefact folder."""
    now = utcnow()
    _update_running(
        session,
        job,
        worker_id,
        status=JobStatus.DONE,
        progress=1.0,
        result=result,
        result_path=result_path,
        heartbeat_at=now,
        finished_at=now,
    )


def fail(session: Session, job: Job | str, worker_id: str, error: str) -> None:
    """Mark the job failed with the reason (for a user mistake: the InputError's message)."""
    now = utcnow()
    _update_running(
        session,
        job,
        worker_id,
        status=JobStatus.FAILED,
        error=error,
        heartbeat_at=now,
        finished_at=now,
    )


def requeue_stale(session: Session, stale_after_s: float = DEFAULT_STALE_AFTER_S) -> list[str]:
    """Return to the queue every running job whose heartbeat is older than ``stale_after_s``, or
    fail it with the reason when its attempts are used up. Returns the ids it touched."""
    _end(session)
    if is_sqlite(session):
        session.connection(execution_options=IMMEDIATE)
    now = utcnow()
    limit = now - dt.timedelta(seconds=stale_after_s)
    stale = session.scalars(
        select(Job)
        .where(Job.status == JobStatus.RUNNING, Job.heartbeat_at < limit)
        .with_for_update(skip_locked=True)
    ).all()
    touched = []
    for job in stale:
        reason = (
            f"worker {job.claimed_by} stopped sending heartbeats "
            f"(last {job.heartbeat_at:%Y-%m-%dT%H:%M:%SZ}, stale after {stale_after_s:g} s)"
        )
        if job.attempts >= job.max_attempts:
            job.status = JobStatus.FAILED
            job.error = f"{reason}; gave up after {job.attempts} attempts"
            job.finished_at = now
        else:
            job.status = JobStatus.QUEUED
            job.error = f"{reason}; requeued after attempt {job.attempts}"
            job.progress = 0.0
        job.claimed_by = None
        touched.append(job.id)
    session.commit()
    return touched


def retry(session: Session, job_id: str) -> Job:
    """Queue a failed job again with a fresh count of attempts (its inputs, hence its id, stay:
    ``submit`` of the same inputs keeps returning this job)."""
    _end(session)
    stmt = (
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.FAILED)
        .values(
            status=JobStatus.QUEUED, attempts=0, progress=0.0, claimed_by=None, finished_at=None
        )
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    done = session.execute(stmt).scalar_one_or_none()
    session.commit()
    job = get(session, job_id)
    if job is None:
        raise InputError("job_id", job_id, "the id of an existing job")
    if done is None:
        raise InputError("job_id", job_id, f"a failed job (this one is {job.status.value})")
    return job


def active_count(session: Session, client_id: str) -> int:
    """How many queued or running jobs a client has (for the service's per-client limit)."""
    n = session.scalar(
        select(func.count())
        .select_from(Job)
        .where(Job.client_id == client_id, Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
    )
    session.commit()
    return int(n or 0)


def _update_running(session: Session, job: Job | str, worker_id: str, **values: Any) -> None:
    job_id = job if isinstance(job, str) else job.id
    _end(session)
    stmt = (
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.claimed_by == worker_id)
        .values(**values)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    done = session.execute(stmt).scalar_one_or_none()
    session.commit()
    if done is None:
        raise ClaimLostError(f"job {job_id} is no longer running under worker {worker_id}")
    if not isinstance(job, str):
        session.refresh(job)


def _end(session: Session) -> None:
    if session.in_transaction():
        session.commit()
