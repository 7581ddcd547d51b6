"""The service's database: SQLAlchemy 2 models of the book and the job queue, and engines.

Importing this package registers every table on ``Base.metadata`` (the Alembic migrations in
``baiterek/service/migrations`` create the same schema; ``tests/service/test_migrations.py``
checks that they agree).
"""

from baiterek.service.db.audit import AuditEntry
from baiterek.service.db.engine import (
    IMMEDIATE,
    database_url,
    default_data_dir,
    engine_for,
    is_sqlite,
    session_factory,
    write_transaction,
)
from baiterek.service.db.enums import (
    EnvelopeClass,
    JobStatus,
    MissionStatus,
    OrbitClass,
    PadActivity,
    QuoteStatus,
    RequestStatus,
    Role,
    Service,
    SlotStatus,
)
from baiterek.service.db.people import ApiToken, Customer, Spacecraft, User
from baiterek.service.db.queue import Job
from baiterek.service.db.sales import LaunchRequest, Quote
from baiterek.service.db.schedule import ManifestSlot, Milestone, Mission, Pad, PadBooking
from baiterek.service.db.types import Base, UTCDateTime, utcnow

__all__ = [
    "IMMEDIATE",
    "ApiToken",
    "AuditEntry",
    "Base",
    "Customer",
    "EnvelopeClass",
    "Job",
    "JobStatus",
    "LaunchRequest",
    "ManifestSlot",
    "Milestone",
    "Mission",
    "MissionStatus",
    "OrbitClass",
    "Pad",
    "PadActivity",
    "PadBooking",
    "Quote",
    "QuoteStatus",
    "RequestStatus",
    "Role",
    "Service",
    "SlotStatus",
    "Spacecraft",
    "UTCDateTime",
    "User",
    "database_url",
    "default_data_dir",
    "engine_for",
    "is_sqlite",
    "session_factory",
    "utcnow",
    "write_transaction",
]
