"""Typed request and response models of the REST service (they make its OpenAPI 3.1 document).

Keys are the CLI's JSON keys (snake_case with units: ``payload_kg``, ``altitude_km``,
``launch_time_utc``); ids are lower-case with dashes. Requests forbid unknown keys, so a typo is
a 422 naming the key, as the CLI names a flag. Responses list the keys the pages and clients
rely on and allow the rest of the CLI's document through unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from baiterek.service.limits import MAX_SAMPLES, MAX_TEXT, MAX_WINDOW_DAYS

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]{0,63}$", max_length=64)]
"""A catalog id: lower-case letters, digits, dots and dashes."""

LocalTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
"""A local time of the node, 'hh:mm'."""

Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]

JobKind = Literal["fly", "windows", "safety", "dispersion", "analyze", "curve"]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Response(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- errors -----------------------------------------------------------------------------------


class ErrorDetail(_Response):
    """One error, with the CLI's structure: the field, its value and what is allowed."""

    kind: str = Field(description="InputError, InfeasibleError, NotFound, Forbidden, ...")
    message: str
    field: str | None = None
    value: Any = None
    allowed: str | None = None


class ErrorBody(BaseModel):
    """Every error response: ``{"error": {...}}`` (never a stack trace)."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (401, "no or unknown token"),
        (403, "the token's role may not do this"),
        (404, "no such object (or not yours)"),
        (413, "request body too large"),
        (422, "a field has a value that is not allowed"),
        (429, "too many active jobs for this client"),
        (500, "internal error (logged; no details returned)"),
    )
}


ERROR_JSON_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": r["description"],
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for code, r in ERROR_RESPONSES.items()
}  # fmt: skip
"""The same, spelled out as JSON: for routes whose success is not JSON (an event stream)."""


# --- orbits and feasibility -------------------------------------------------------------------


class OrbitSpec(_Request):
    """A target orbit: ``sso`` or ``circular`` (altitude_km), ``elliptical`` (perigee_km,
    apogee_km) or ``gto``; inclination_deg for circular and elliptical (SSO computes it)."""

    orbit: Literal["sso", "circular", "elliptical", "gto"] = "sso"
    altitude_km: float | None = Field(default=None, gt=80.0, le=40_000.0)
    perigee_km: float | None = Field(default=None, gt=80.0, le=40_000.0)
    apogee_km: float | None = Field(default=None, gt=80.0, le=400_000.0)
    inclination_deg: float | None = Field(default=None, ge=0.0, le=180.0)


class FeasibilityRequest(OrbitSpec):
    """Can ``vehicle`` from ``site`` carry ``payload_kg`` to the orbit?"""

    vehicle: Id = "sunkar"
    site: Id = "baikonur-45-1"
    payload_kg: float = Field(gt=0.0, le=100_000.0)
    upper_stage: Id | None = None


class Constraint(_Response):
    name: str
    value: float | None
    limit: float | None
    unit: str
    active: bool
    note: str = ""


class FeasibilityResponse(_Response):
    """The answer: feasible or not, with the margin or the limiting reason (the performance
    document of ``baiterek performance --json`` without its trajectory, plus the insertion)."""

    feasible: bool
    margin_kg: float | None
    payload_kg: float | None = Field(description="maximum payload to this orbit, kg")
    requested_payload_kg: float
    limiting_reason: str | None
    vehicle: str
    site: str
    target: dict[str, Any]
    active_constraints: list[str] = []
    violations: list[str] = []
    constraints: list[Constraint] = []
    insertion: dict[str, Any] | None = None
    limit: dict[str, Any] | None = None
    input_sha256: str
    share_path: str = Field(description="a page URL path that shows this answer again")


class OpportunitiesRequest(_Request):
    """Launch opportunities over ``days`` from ``start_date`` (SSO: at ``local_time``)."""

    vehicle: Id = "sunkar"
    site: Id = "baikonur-45-1"
    altitude_km: float = Field(gt=80.0, le=40_000.0)
    local_time: LocalTime = "10:30"
    start_date: dt.date
    days: float = Field(default=30.0, gt=0.0, le=MAX_WINDOW_DAYS)


class Opportunity(_Response):
    launch_time_utc: str
    azimuth_deg: float | None = None
    sun_elevation_deg: float | None = None
    branch: str | None = None


class OpportunitiesResponse(_Response):
    windows: list[Opportunity]
    ics_path: str
    warnings: list[str] = []


# --- jobs -------------------------------------------------------------------------------------


class JobRequest(_Request):
    """A long computation. ``fly``, ``safety``, ``analyze``: the orbit, vehicle, payload and
    launch time; ``windows``: plus ``days`` and ``local_time``; ``dispersion``: plus
    ``samples`` and ``seed``; ``curve``: the vehicle, site and the altitudes grid."""

    kind: JobKind
    vehicle: Id = "sunkar"
    site: Id = "baikonur-45-1"
    payload_kg: float = Field(default=1000.0, gt=0.0, le=100_000.0)
    orbit: Literal["sso", "circular", "elliptical"] = "sso"
    altitude_km: float = Field(default=500.0, gt=80.0, le=40_000.0)
    perigee_km: float | None = Field(default=None, gt=80.0, le=40_000.0)
    apogee_km: float | None = Field(default=None, gt=80.0, le=400_000.0)
    inclination_deg: float | None = Field(default=None, ge=0.0, le=180.0)
    launch_time_utc: AwareDatetime = dt.datetime(2027, 3, 1, 6, tzinfo=dt.UTC)
    days: float = Field(default=7.0, gt=0.0, le=MAX_WINDOW_DAYS)
    local_time: LocalTime = "10:30"
    samples: int = Field(default=200, ge=1, le=MAX_SAMPLES)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)

    @field_validator("launch_time_utc")
    @classmethod
    def _utc(cls, v: dt.datetime) -> dt.datetime:
        return v.astimezone(dt.UTC)  # one instant, one input hash, one job

    altitudes: str = Field(
        default="300:900:200", pattern=r"^[0-9.]+(:[0-9.]+){0,2}$|^[0-9.]+(,[0-9.]+)*$"
    )


class JobOut(_Response):
    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float = Field(ge=0.0, le=1.0)
    attempts: int
    error: str | None = None
    created_utc: str | None = None
    started_utc: str | None = None
    finished_utc: str | None = None
    message: str = ""
    files: list[str] = []
    result: dict[str, Any] | None = None
    inputs: dict[str, Any] = {}


class JobList(_Response):
    jobs: list[JobOut]


# --- catalog ----------------------------------------------------------------------------------


class CatalogResponse(_Response):
    """``{"vehicles": [...]}``, ``{"sites": [...]}`` or ``{"zones": [...]}``: as the CLI prints."""


class Health(BaseModel):
    status: Literal["ok", "ready", "not-ready"]
    version: str
    detail: dict[str, Any] = {}
