"""The closed vocabularies of the book (stored as short strings with a CHECK constraint)."""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa


class Role(enum.StrEnum):
    """Who may do what: public (feasibility, price indication, public schedule), customer (its
    own requests and quotes), analyst and admin (everything; admin also manages users)."""

    PUBLIC = "public"
    CUSTOMER = "customer"
    ANALYST = "analyst"
    ADMIN = "admin"


class EnvelopeClass(enum.StrEnum):
    """Spacecraft size class. Mass bands (kg) after ESA's SSMS classes (spacenews.com, ESA seeking
    smallsats for the 2018 Vega flight; reference file section 1.4, grade B): CubeSat 1-25,
    nanosat 25-60, microsat 60-200, minisat 200-400; ``full-fairing`` is anything larger."""

    CUBESAT = "cubesat"
    NANOSAT = "nanosat"
    MICROSAT = "microsat"
    MINISAT = "minisat"
    FULL_FAIRING = "full-fairing"


class OrbitClass(enum.StrEnum):
    LEO = "leo"
    SSO = "sso"
    ISS = "iss"
    GTO = "gto"
    LUNAR = "lunar"


class Service(enum.StrEnum):
    """Dedicated launch or a shared (rideshare) one."""

    DEDICATED = "dedicated"
    RIDESHARE = "rideshare"


class RequestStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    QUOTED = "quoted"
    MANIFESTED = "manifested"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"


class QuoteStatus(enum.StrEnum):
    """A quote row never changes: approval writes a new version (``approved``), and the version
    it replaces is ``superseded``."""

    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class MissionStatus(enum.StrEnum):
    PLANNED = "planned"
    MANIFEST_OPEN = "manifest-open"
    MANIFEST_CLOSED = "manifest-closed"
    CAMPAIGN = "campaign"
    LAUNCHED = "launched"
    SCRUBBED = "scrubbed"


class SlotStatus(enum.StrEnum):
    RESERVED = "reserved"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    DEPLOYED = "deployed"


class PadActivity(enum.StrEnum):
    CAMPAIGN = "campaign"
    LAUNCH = "launch"
    REFURBISHMENT = "refurbishment"
    MAINTENANCE = "maintenance"


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def enum_type(cls: type[enum.StrEnum], name: str) -> sa.Enum:
    """A VARCHAR column holding the enum's values, with a named CHECK constraint."""
    return sa.Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=_values,
        validate_strings=True,
    )


def _values(cls: Any) -> list[str]:
    return [m.value for m in cls]
