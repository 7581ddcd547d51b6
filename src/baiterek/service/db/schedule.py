"""Pads and their turnaround rules, missions, manifest slots, pad bookings and milestones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baiterek.service.db.enums import (
    MissionStatus,
    OrbitClass,
    PadActivity,
    SlotStatus,
    enum_type,
)
from baiterek.service.db.sales import LaunchRequest
from baiterek.service.db.types import Base, utcnow


class Pad(Base):
    """A launch pad (id = the catalog's site id) and its rules, loaded from
    ``service/data/pads.toml`` where each value carries its source."""

    __tablename__ = "pads"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    turnaround_days: Mapped[float]  # minimum gap after a launch booking before the next one
    occupancy_days: Mapped[float]  # days the vehicle stands on the pad before launch
    source: Mapped[str] = mapped_column(Text)


class Mission(Base):
    """A planned flight: vehicle, pad, date and window, target orbit and its capacity."""

    __tablename__ = "missions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    vehicle: Mapped[str] = mapped_column(String(40))  # catalog vehicle id
    pad_id: Mapped[str] = mapped_column(ForeignKey("pads.id"), index=True)
    launch_time: Mapped[dt.datetime]  # NET, UTC (window opening)
    window_s: Mapped[float]  # window length after launch_time, s
    orbit_class: Mapped[OrbitClass] = mapped_column(enum_type(OrbitClass, "orbit"))
    perigee_km: Mapped[float]
    apogee_km: Mapped[float]
    inclination_deg: Mapped[float]
    capacity_kg: Mapped[float]  # mass available to payloads, adapters included
    capacity_ports: Mapped[int]
    public: Mapped[bool] = mapped_column(default=True)  # on the public schedule
    status: Mapped[MissionStatus] = mapped_column(
        enum_type(MissionStatus, "mission_status"), default=MissionStatus.PLANNED
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    pad: Mapped[Pad] = relationship()
    slots: Mapped[list[ManifestSlot]] = relationship(back_populates="mission")


class ManifestSlot(Base):
    """A request's place on a mission: port, allocated mass (adapter included), deploy order."""

    __tablename__ = "manifest_slots"
    __table_args__ = (UniqueConstraint("mission_id", "port"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("launch_requests.id"), index=True)
    port: Mapped[int | None]  # None once cancelled (the port is free again; audit keeps it)
    allocated_kg: Mapped[float]
    deploy_order: Mapped[int]
    status: Mapped[SlotStatus] = mapped_column(
        enum_type(SlotStatus, "slot_status"), default=SlotStatus.RESERVED
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    mission: Mapped[Mission] = relationship(back_populates="slots")
    request: Mapped[LaunchRequest] = relationship()


class PadBooking(Base):
    """A pad occupied from ``starts_at`` to ``ends_at`` (UTC) for an activity."""

    __tablename__ = "pad_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    pad_id: Mapped[str] = mapped_column(ForeignKey("pads.id"), index=True)
    mission_id: Mapped[int | None] = mapped_column(ForeignKey("missions.id"), index=True)
    activity: Mapped[PadActivity] = mapped_column(enum_type(PadActivity, "activity"))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    pad: Mapped[Pad] = relationship()
    mission: Mapped[Mission | None] = relationship()


class Milestone(Base):
    """A campaign milestone of a mission, due at an L-minus offset (from the campaign template)."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(20))  # customer | provider
    offset_s: Mapped[float]  # before launch (positive = earlier), s
    due: Mapped[dt.datetime]
    done: Mapped[bool] = mapped_column(default=False)
