"""The job queue on SQLite and PostgreSQL: idempotent submission, claims, heartbeats, requeue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import jobs
from baiterek.service.db import Job, JobStatus


def _age_heartbeat(session: Session, job_id: str, seconds: float) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
    session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=past))
    session.commit()


def test_submit_is_idempotent_by_input_hash(session: Session) -> None:
    a = jobs.submit(session, "fly", {"vehicle": "sunkar", "altitude_km": 200, "opts": [1, 2]})
    b = jobs.submit(session, "fly", {"opts": [1, 2], "altitude_km": 200, "vehicle": "sunkar"})
    c = jobs.submit(session, "fly", {"vehicle": "sunkar", "altitude_km": 201, "opts": [1, 2]})
    d = jobs.submit(session, "windows", {"vehicle": "sunkar", "altitude_km": 200, "opts": [1, 2]})
    assert a.id == b.id
    assert len({a.id, c.id, d.id}) == 3
    assert a.status is JobStatus.QUEUED and a.attempts == 0 and a.progress == 0.0
    assert a.created_at.tzinfo is not None and a.created_at.utcoffset() == dt.timedelta(0)
    assert len(a.input_hash) == 64


def test_submit_refuses_inputs_that_are_not_json(session: Session) -> None:
    with pytest.raises(InputError) as err:
        jobs.submit(session, "fly", {"altitude_km": float("nan")})
    assert err.value.field == "inputs"


def test_claim_takes_the_oldest_job_once_and_counts_the_attempt(session: Session) -> None:
    first = jobs.submit(session, "fly", {"n": 1})
    second = jobs.submit(session, "fly", {"n": 2})
    got = jobs.claim(session, "w1")
    assert got is not None and got.id == first.id
    assert got.status is JobStatus.RUNNING and got.claimed_by == "w1" and got.attempts == 1
    assert got.started_at is not None and got.heartbeat_at is not None
    again = jobs.claim(session, "w2")
    assert again is not None and again.id == second.id
    assert jobs.claim(session, "w3") is None


def test_claim_filters_by_kind(session: Session) -> None:
    jobs.submit(session, "fly", {"n": 1})
    win = jobs.submit(session, "windows", {"n": 1})
    got = jobs.claim(session, "w1", kinds=("windows",))
    assert got is not None and got.id == win.id
    assert jobs.claim(session, "w1", kinds=("safety",)) is None


def test_progress_heartbeat_and_finish(session: Session) -> None:
    job = jobs.submit(session, "dispersion", {"samples": 100})
    got = jobs.claim(session, "w1")
    assert got is not None
    jobs.progress(session, got, "w1", 0.25, "25 of 100 samples")
    jobs.heartbeat(session, got.id, "w1")
    fresh = jobs.get(session, job.id)
    assert fresh is not None
    assert fresh.progress == pytest.approx(0.25) and fresh.message == "25 of 100 samples"
    jobs.finish(session, got, "w1", result={"samples": 100}, result_path="/data/jobs/x")
    done = jobs.get(session, job.id)
    assert done is not None and done.status is JobStatus.DONE and done.progress == 1.0
    assert done.result == {"samples": 100} and done.result_path == "/data/jobs/x"
    assert done.finished_at is not None and done.finished_at >= done.started_at  # type: ignore[operator]
    with pytest.raises(jobs.ClaimLostError):  # a finished job takes no more updates
        jobs.progress(session, got, "w1", 0.5)


def test_fail_records_the_reason(session: Session) -> None:
    jobs.submit(session, "fly", {"n": 1})
    got = jobs.claim(session, "w1")
    assert got is not None
    jobs.fail(session, got, "w1", "altitude_km = -5 is not allowed: > 0")
    failed = jobs.get(session, got.id)
    assert failed is not None and failed.status is JobStatus.FAILED
    assert failed.error == "altitude_km = -5 is not allowed: > 0"


def test_only_the_claiming_worker_may_update(session: Session) -> None:
    jobs.submit(session, "fly", {"n": 1})
    got = jobs.claim(session, "w1")
    assert got is not None
    with pytest.raises(jobs.ClaimLostError):
        jobs.heartbeat(session, got, "w2")
    with pytest.raises(jobs.ClaimLostError):
        jobs.finish(session, got.id, "w2", result={})


def test_stale_job_is_requeued_then_the_old_worker_loses_its_claim(session: Session) -> None:
    job = jobs.submit(session, "dispersion", {"samples": 10})
    assert jobs.claim(session, "w1") is not None
    assert jobs.requeue_stale(session, stale_after_s=60.0) == []  # fresh heartbeat: kept
    _age_heartbeat(session, job.id, 120.0)
    assert jobs.requeue_stale(session, stale_after_s=60.0) == [job.id]
    back = jobs.get(session, job.id)
    assert back is not None and back.status is JobStatus.QUEUED and back.claimed_by is None
    assert back.error is not None and "w1" in back.error and "requeued" in back.error
    again = jobs.claim(session, "w2")
    assert again is not None and again.id == job.id and again.attempts == 2
    with pytest.raises(jobs.ClaimLostError):  # w1 comes back: it must stop
        jobs.heartbeat(session, job.id, "w1")
    jobs.finish(session, again, "w2", result={"ok": True})


def test_stale_job_fails_with_the_reason_when_attempts_are_used_up(session: Session) -> None:
    job = jobs.submit(session, "fly", {"n": 1}, max_attempts=2)
    for worker in ("w1", "w2"):
        got = jobs.claim(session, worker)
        assert got is not None and got.id == job.id
        _age_heartbeat(session, job.id, 600.0)
        jobs.requeue_stale(session, stale_after_s=60.0)
    final = jobs.get(session, job.id)
    assert final is not None and final.status is JobStatus.FAILED
    assert final.error is not None and "gave up after 2 attempts" in final.error
    assert "w2" in final.error
    assert jobs.claim(session, "w3") is None


def test_active_count_per_client(session: Session) -> None:
    jobs.submit(session, "fly", {"n": 1}, client_id="alice")
    jobs.submit(session, "fly", {"n": 2}, client_id="alice")
    jobs.submit(session, "fly", {"n": 3}, client_id="bob")
    got = jobs.claim(session, "w1")
    assert got is not None
    jobs.finish(session, got, "w1", result={})
    assert jobs.active_count(session, "alice") == 1
    assert jobs.active_count(session, "bob") == 1
    assert jobs.active_count(session, "carol") == 0


def test_a_failed_job_can_be_retried_and_only_a_failed_one(session: Session) -> None:
    job = jobs.submit(session, "fly", {"n": 1})
    got = jobs.claim(session, "w1")
    assert got is not None
    jobs.fail(session, got, "w1", "boom")
    again = jobs.retry(session, job.id)
    assert again.status is JobStatus.QUEUED and again.attempts == 0 and again.claimed_by is None
    assert jobs.submit(session, "fly", {"n": 1}).id == job.id
    with pytest.raises(InputError, match="a failed job"):
        jobs.retry(session, job.id)
    with pytest.raises(InputError, match="existing job"):
        jobs.retry(session, "no-such-job")
