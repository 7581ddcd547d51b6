"""Request and response models of the book's endpoints (prices, requests, quotes, manifest,
pads); keys with units as everywhere (``mass_kg``, ``starts_utc``), amounts as decimal strings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field

from baiterek.service.schemas import Id, LocalTime, Text, _Request, _Response

Email = Annotated[str, Field(pattern=r"^[^@\s]{1,64}@[^@\s]{1,189}$", max_length=254)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Note = Annotated[str, Field(max_length=200)]
OrbitKind = Literal["sso", "circular", "elliptical", "gto"]


class PriceRequest(_Request):
    """An indicative price for a payload (no database: the price model only)."""

    payload_kg: float = Field(gt=0.0, le=100_000.0)
    orbit: OrbitKind = "sso"
    altitude_km: float | None = Field(default=None, gt=80.0, le=40_000.0)
    inclination_deg: float | None = Field(default=None, ge=0.0, le=180.0)
    service: Literal["rideshare", "dedicated"] = "rideshare"
    adapter: Id | None = None
    options: list[Id] = Field(default=[], max_length=10)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    readiness_date: dt.date | None = None


class PriceLineOut(_Response):
    item: str
    amount: str
    quantity: str | None = None
    unit: str | None = None
    unit_price: str | None = None
    source: str | None = None


class PriceOut(_Response):
    currency: str
    total: str
    deposit: str
    lines: list[PriceLineOut]
    valid_until: str
    indicative: bool = True
    orbit_class: str
    terms: Any = None


class QuoteRequestIn(_Request):
    """The public page's "request a formal quote": who, what, where to, when."""

    organisation: Text
    country: Country
    contact_email: Email
    spacecraft_name: Text
    mass_kg: float = Field(gt=0.0, le=100_000.0)
    orbit: OrbitKind = "sso"
    altitude_km: float = Field(gt=80.0, le=40_000.0)
    inclination_deg: float | None = Field(default=None, ge=0.0, le=180.0)
    local_time: LocalTime | None = None
    readiness_date: dt.date
    latest_date: dt.date
    service: Literal["rideshare", "dedicated"] = "rideshare"
    notes: Note = ""


class QuoteRequestOut(_Response):
    request_id: int
    reference: str
    status: str


class LaunchRequestOut(_Response):
    id: int
    customer_id: int
    customer: str
    mass_kg: float
    envelope_class: str
    orbit_class: str
    perigee_km: float
    apogee_km: float
    inclination_deg: float | None
    readiness_date: str
    latest_date: str
    service: str
    status: str
    notes: str = ""


class RequestList(_Response):
    requests: list[LaunchRequestOut]


class QuoteOut(_Response):
    id: int
    request_id: int
    version: int
    status: str
    currency: str
    total: str
    deposit: str
    valid_until: str
    breakdown: dict[str, Any]
    exchange_rate_date: str


class QuoteList(_Response):
    quotes: list[QuoteOut]


class MissionIn(_Request):
    name: Text
    vehicle: Id = "sunkar"
    pad_id: Id = "baikonur-45-1"
    launch_time_utc: AwareDatetime
    window_s: float = Field(default=0.0, ge=0.0, le=7 * 86400.0)
    orbit_class: Literal["leo", "sso", "iss", "gto", "lunar"] = "sso"
    perigee_km: float = Field(gt=80.0, le=40_000.0)
    apogee_km: float = Field(gt=80.0, le=400_000.0)
    inclination_deg: float = Field(ge=0.0, le=180.0)
    capacity_kg: float = Field(gt=0.0, le=100_000.0)
    capacity_ports: int = Field(ge=1, le=200)
    public: bool = True


class MissionOut(_Response):
    id: int
    name: str
    vehicle: str
    pad: str
    launch_time_utc: str
    orbit: str
    capacity_kg: float
    used_kg: float
    capacity_ports: int
    used_ports: int
    status: str


class MissionList(_Response):
    missions: list[MissionOut]


class SlotIn(_Request):
    request_id: int = Field(ge=1, le=2**31 - 1)
    port: int | None = Field(default=None, ge=1, le=200)
    deploy_order: int | None = Field(default=None, ge=1, le=200)


class SlotOut(_Response):
    id: int
    mission_id: int
    request_id: int
    port: int
    allocated_kg: float
    deploy_order: int
    status: str


class PadOut(_Response):
    id: str
    name: str
    turnaround_days: float
    occupancy_days: float
    source: str


class PadList(_Response):
    pads: list[PadOut]


class BookingIn(_Request):
    activity: Literal["campaign", "launch", "refurbishment", "maintenance"]
    starts_utc: AwareDatetime
    ends_utc: AwareDatetime
    mission_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    note: Note = ""


class BookingOut(_Response):
    id: int
    pad_id: str
    mission_id: int | None
    mission: str | None = None
    activity: str
    starts_utc: str
    ends_utc: str
    note: str


class BookingList(_Response):
    bookings: list[BookingOut]


class FlightOut(_Response):
    name: str
    vehicle: str
    pad: str
    launch_time_utc: str
    orbit: str
    free_kg: float
    free_ports: int
    status: str


class FlightList(_Response):
    flights: list[FlightOut]


class Me(_Response):
    name: str
    role: str
    customer_id: int | None
