"""The book and the job queue: every table of the first schema.

Revision ID: 0001
Revises:
Create Date: 2026-12-01 21:43:48.124656
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("export_status", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("name", name=op.f("uq_customers_name")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="job_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("result_path", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("input_hash", name=op.f("uq_jobs_input_hash")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_status"), ["status"], unique=False)

    op.create_table(
        "pads",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("turnaround_days", sa.Double(), nullable=False),
        sa.Column("occupancy_days", sa.Double(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pads")),
    )
    op.create_table(
        "missions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vehicle", sa.String(length=40), nullable=False),
        sa.Column("pad_id", sa.String(length=40), nullable=False),
        sa.Column("launch_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_s", sa.Double(), nullable=False),
        sa.Column(
            "orbit_class",
            sa.Enum(
                "leo",
                "sso",
                "iss",
                "gto",
                "lunar",
                name="orbit",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("perigee_km", sa.Double(), nullable=False),
        sa.Column("apogee_km", sa.Double(), nullable=False),
        sa.Column("inclination_deg", sa.Double(), nullable=False),
        sa.Column("capacity_kg", sa.Double(), nullable=False),
        sa.Column("capacity_ports", sa.Integer(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "manifest-open",
                "manifest-closed",
                "campaign",
                "launched",
                "scrubbed",
                name="mission_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pad_id"], ["pads.id"], name=op.f("fk_missions_pad_id_pads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missions")),
        sa.UniqueConstraint("name", name=op.f("uq_missions_name")),
    )
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missions_pad_id"), ["pad_id"], unique=False)

    op.create_table(
        "spacecraft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mass_kg", sa.Double(), nullable=False),
        sa.Column(
            "envelope_class",
            sa.Enum(
                "cubesat",
                "nanosat",
                "microsat",
                "minisat",
                "full-fairing",
                name="envelope",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("interface_diameter_mm", sa.Double(), nullable=True),
        sa.Column("separation_system", sa.String(length=200), nullable=False),
        sa.Column("hazards", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_spacecraft_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spacecraft")),
    )
    with op.batch_alter_table("spacecraft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_spacecraft_customer_id"), ["customer_id"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "public",
                "customer",
                "analyst",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_users_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "public",
                "customer",
                "analyst",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "launch_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("spacecraft_id", sa.Integer(), nullable=True),
        sa.Column("mass_kg", sa.Double(), nullable=False),
        sa.Column(
            "envelope_class",
            sa.Enum(
                "cubesat",
                "nanosat",
                "microsat",
                "minisat",
                "full-fairing",
                name="envelope",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "orbit_class",
            sa.Enum(
                "leo",
                "sso",
                "iss",
                "gto",
                "lunar",
                name="orbit",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("perigee_km", sa.Double(), nullable=False),
        sa.Column("apogee_km", sa.Double(), nullable=False),
        sa.Column("inclination_deg", sa.Double(), nullable=True),
        sa.Column("ltan_h", sa.Double(), nullable=True),
        sa.Column("readiness_date", sa.Date(), nullable=False),
        sa.Column("latest_date", sa.Date(), nullable=False),
        sa.Column(
            "service",
            sa.Enum(
                "dedicated",
                "rideshare",
                name="service",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("adapter", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "quoted",
                "manifested",
                "withdrawn",
                "declined",
                name="request_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_launch_requests_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_launch_requests_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["spacecraft_id"],
            ["spacecraft.id"],
            name=op.f("fk_launch_requests_spacecraft_id_spacecraft"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_launch_requests")),
    )
    with op.batch_alter_table("launch_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_launch_requests_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_launch_requests_spacecraft_id"), ["spacecraft_id"], unique=False
        )

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=20), nullable=False),
        sa.Column("offset_s", sa.Double(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mission_id"], ["missions.id"], name=op.f("fk_milestones_mission_id_missions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_mission_id"), ["mission_id"], unique=False)

    op.create_table(
        "pad_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pad_id", sa.String(length=40), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=True),
        sa.Column(
            "activity",
            sa.Enum(
                "campaign",
                "launch",
                "refurbishment",
                "maintenance",
                name="activity",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_pad_bookings_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"], ["missions.id"], name=op.f("fk_pad_bookings_mission_id_missions")
        ),
        sa.ForeignKeyConstraint(["pad_id"], ["pads.id"], name=op.f("fk_pad_bookings_pad_id_pads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pad_bookings")),
    )
    with op.batch_alter_table("pad_bookings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pad_bookings_mission_id"), ["mission_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pad_bookings_pad_id"), ["pad_id"], unique=False)

    op.create_table(
        "manifest_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("allocated_kg", sa.Double(), nullable=False),
        sa.Column("deploy_order", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "reserved",
                "confirmed",
                "cancelled",
                "deployed",
                name="slot_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mission_id"], ["missions.id"], name=op.f("fk_manifest_slots_mission_id_missions")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["launch_requests.id"],
            name=op.f("fk_manifest_slots_request_id_launch_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manifest_slots")),
        sa.UniqueConstraint("mission_id", "port", name=op.f("uq_manifest_slots_mission_id_port")),
    )
    with op.batch_alter_table("manifest_slots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_manifest_slots_mission_id"), ["mission_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_manifest_slots_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "approved",
                "superseded",
                name="quote_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("price_model", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("exchange_rates", sa.JSON(), nullable=False),
        sa.Column("exchange_rate_date", sa.Date(), nullable=False),
        sa.Column("total", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("deposit", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("breakdown", sa.JSON(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_quotes_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_quotes_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["launch_requests.id"],
            name=op.f("fk_quotes_request_id_launch_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("request_id", "version", name=op.f("uq_quotes_request_id_version")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_request_id"), ["request_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_request_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("manifest_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manifest_slots_request_id"))
        batch_op.drop_index(batch_op.f("ix_manifest_slots_mission_id"))

    op.drop_table("manifest_slots")
    with op.batch_alter_table("pad_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pad_bookings_pad_id"))
        batch_op.drop_index(batch_op.f("ix_pad_bookings_mission_id"))

    op.drop_table("pad_bookings")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_mission_id"))

    op.drop_table("milestones")
    with op.batch_alter_table("launch_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_launch_requests_spacecraft_id"))
        batch_op.drop_index(batch_op.f("ix_launch_requests_customer_id"))

    op.drop_table("launch_requests")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_customer_id"))

    op.drop_table("users")
    with op.batch_alter_table("spacecraft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spacecraft_customer_id"))

    op.drop_table("spacecraft")
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missions_pad_id"))

    op.drop_table("missions")
    op.drop_table("pads")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_jobs_created_at"))
        batch_op.drop_index(batch_op.f("ix_jobs_client_id"))

    op.drop_table("jobs")
    op.drop_table("customers")
