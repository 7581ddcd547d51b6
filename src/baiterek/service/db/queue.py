"""The jobs table: long computations queued by the service and run by workers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from baiterek.service.db.enums import JobStatus, enum_type
from baiterek.service.db.types import Base, utcnow


def _new_id() -> str:
    return str(uuid.uuid4())


class Job(Base):
    """One job. ``input_hash`` (SHA-256 of kind and canonical input JSON) is unique: the same
    request is the same job. ``attempts`` counts claims; ``heartbeat_at`` is refreshed by the
    worker holding the claim; ``progress`` runs from 0 to 1."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_new_id)
    kind: Mapped[str] = mapped_column(String(32))
    inputs: Mapped[dict[str, Any]]
    input_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[JobStatus] = mapped_column(
        enum_type(JobStatus, "job_status"), default=JobStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    heartbeat_at: Mapped[dt.datetime | None]
    progress: Mapped[float] = mapped_column(default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")  # latest progress message
    result_path: Mapped[str | None] = mapped_column(Text)  # the job's folder of artefacts
    result: Mapped[dict[str, Any] | None]  # the result document (the CLI's --json)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
