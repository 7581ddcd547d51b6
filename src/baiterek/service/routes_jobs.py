"""Jobs: submit (idempotent by input hash), status, live progress (server-sent events) and the
artefacts of a job, downloaded by name from the job's own folder only."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy import select

from baiterek.service import jobs
from baiterek.service.auth import Staff, Who
from baiterek.service.db import Job
from baiterek.service.http_errors import ServiceError
from baiterek.service.limits import MAX_ACTIVE_JOBS_PER_CLIENT, SSE_MAX_S, SSE_POLL_S
from baiterek.service.runner import check_inputs
from baiterek.service.schemas import (
    ERROR_JSON_RESPONSES,
    ERROR_RESPONSES,
    JobList,
    JobOut,
    JobRequest,
)
from baiterek.service.state import ServiceState, State, state_of

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=ERROR_RESPONSES)

_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _iso(t: Any) -> str | None:
    return None if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def job_out(job: Any, folder: Path, *, with_result: bool = True) -> dict[str, Any]:
    """The JSON of a job row (and the names of the files in its folder)."""
    files = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    return {
        "id": job.id, "kind": job.kind, "status": str(job.status), "progress": job.progress,
        "message": job.message, "attempts": job.attempts, "error": job.error,
        "created_utc": _iso(job.created_at), "started_utc": _iso(job.started_at),
        "finished_utc": _iso(job.finished_at), "files": files if str(job.status) == "done" else [],
        "result": job.result if with_result else None, "inputs": job.inputs,
    }  # fmt: skip


def _load(st: ServiceState, job_id: str) -> Any:
    if not _ID.match(job_id):
        raise ServiceError(404, "no such job", "job_id", job_id, "a job id from POST /jobs")
    with st.sessions() as s:
        job = jobs.get(s, job_id)
    if job is None:
        raise ServiceError(404, "no such job", "job_id", job_id, "a job id from POST /jobs")
    return job


@router.post("", response_model=JobOut, status_code=202)
def submit(
    req: JobRequest, response: Response, st: State,
    who: Who,
) -> dict[str, Any]:  # fmt: skip
    """Queue a job (the same inputs return the same job). At most
    ``MAX_ACTIVE_JOBS_PER_CLIENT`` queued or running jobs per client."""
    inputs = req.model_dump(mode="json")
    check_inputs(inputs)
    with st.writes() as s:
        if jobs.active_count(s, who.client_id) >= MAX_ACTIVE_JOBS_PER_CLIENT:
            raise ServiceError(429, "too many active jobs for this client", "jobs",
                               MAX_ACTIVE_JOBS_PER_CLIENT,
                               f"at most {MAX_ACTIVE_JOBS_PER_CLIENT} queued or running")  # fmt: skip
        job = jobs.submit(s, req.kind, inputs, client_id=who.client_id)
    response.headers["Location"] = f"/jobs/{job.id}"
    return job_out(job, st.jobs_dir / job.id)


@router.post("/{job_id}/retry", response_model=JobOut)
def retry(job_id: str, st: State, who: Staff) -> dict[str, Any]:
    """Queue a failed job again (analyst, admin): its inputs, hence its id, stay."""
    _load(st, job_id)
    with st.writes() as s:
        job = jobs.retry(s, job_id)
    return job_out(job, st.jobs_dir / job.id)


@router.get("", response_model=JobList)
def recent(st: State, who: Staff) -> dict[str, Any]:
    """The 100 most recent jobs (analyst, admin), without their results."""
    with st.sessions() as s:
        rows = s.scalars(select(Job).order_by(Job.created_at.desc()).limit(100)).all()
    return {"jobs": [job_out(j, st.jobs_dir / j.id, with_result=False) for j in rows]}


@router.get("/{job_id}", response_model=JobOut)
def status(job_id: str, st: State) -> dict[str, Any]:
    """A job's status, progress (0 to 1), error, its files and, when done, its result."""
    return job_out(_load(st, job_id), st.jobs_dir / job_id)


def _existing(job_id: str, request: Request) -> Any:
    """The job row, loaded before a stream starts (so a missing job is a plain 404)."""
    return _load(state_of(request), job_id)


@router.get("/{job_id}/events", response_class=EventSourceResponse, responses=ERROR_JSON_RESPONSES)
async def events(
    job_id: str, request: Request, first: Annotated[Any, Depends(_existing)]
) -> AsyncIterator[ServerSentEvent]:
    """Progress as server-sent events (``progress``, then ``done`` or ``failed``)."""
    st = state_of(request)
    job = first
    last: tuple[Any, ...] | None = None
    t_end = anyio.current_time() + SSE_MAX_S
    while anyio.current_time() < t_end:
        status = str(job.status)
        now = (status, round(job.progress, 3), job.message)
        if now != last:
            last = now
            kind = status if status in ("done", "failed") else "progress"
            yield ServerSentEvent(event=kind, id=f"{job.id}:{round(job.progress, 3)}",
                                  data={"status": status, "progress": job.progress,
                                        "message": job.message, "error": job.error})  # fmt: skip
        if status in ("done", "failed") or await request.is_disconnected():
            return
        await anyio.sleep(SSE_POLL_S)
        job = await anyio.to_thread.run_sync(_load, st, job_id)


@router.get("/{job_id}/files/{name}", response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}}})  # fmt: skip
def download(job_id: str, name: str, st: State) -> FileResponse:
    """A file of the job's folder, by name (no paths: anything else is 404)."""
    _load(st, job_id)
    folder = (st.jobs_dir / job_id).resolve()
    path = (folder / name).resolve() if _NAME.match(name) else None
    if path is None or path.parent != folder or not path.is_file():
        raise ServiceError(404, "no such file in this job", "name", name,
                           "a name listed in the job's files")  # fmt: skip
    media = {".json": "application/json", ".geojson": "application/geo+json",
             ".ics": "text/calendar", ".html": "text/html", ".csv": "text/csv"}  # fmt: skip
    return FileResponse(path, media_type=media.get(path.suffix, "application/octet-stream"),
                        filename=path.name)  # fmt: skip
