"""What one running app holds: its data folder, its database sessions and its answer caches.

``writes`` opens every transaction with ``BEGIN IMMEDIATE`` on SQLite: a transaction that reads
and then writes (the job queue's idempotent submit, the book's operations, a token's last use)
would otherwise fail at once with "database is locked" when another process wrote after its
read began (SQLite cannot upgrade a stale read snapshot; the busy timeout does not apply).
Taking the write lock first makes such writers wait their turn instead. On PostgreSQL the
option is ignored."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from baiterek.service.feasibility import AnswerCache


@dataclass(slots=True)
class ServiceState:
    """The app's state (one per ``create_app``); the caches live as long as the process."""

    data_dir: Path
    database_url: str
    engine: Engine
    sessions: sessionmaker[Session]
    writes: sessionmaker[Session]
    feasibility: AnswerCache = field(default_factory=AnswerCache)
    opportunities: AnswerCache = field(default_factory=AnswerCache)

    @property
    def jobs_dir(self) -> Path:
        """Where each job gets its own folder (``jobs/<id>/``)."""
        return self.data_dir / "jobs"

    @property
    def cache_dir(self) -> Path:
        """Files of cached answers (the .ics of launch opportunities)."""
        return self.data_dir / "cache"


def state_of(request: Request) -> ServiceState:
    """The ServiceState of the app serving a request."""
    st: ServiceState = request.app.state.baiterek
    return st


State = Annotated[ServiceState, Depends(state_of)]
"""A route parameter receiving the app's ServiceState."""
