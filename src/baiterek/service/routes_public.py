"""Public endpoints (no token): the catalog, feasibility, launch opportunities, health."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from sqlalchemy import text

from baiterek import api
from baiterek.service.feasibility import (
    SOLVER_LOCK,
    input_hash,
    solve_feasibility,
    solve_opportunities,
)
from baiterek.service.http_errors import ServiceError
from baiterek.service.schemas import (
    ERROR_RESPONSES,
    CatalogResponse,
    FeasibilityRequest,
    FeasibilityResponse,
    Health,
    OpportunitiesRequest,
    OpportunitiesResponse,
)
from baiterek.service.state import State, state_of

router = APIRouter(responses=ERROR_RESPONSES)

_CATALOG: dict[str, dict[str, Any]] = {}


def _catalog(kind: str) -> dict[str, Any]:
    if kind not in _CATALOG:
        with SOLVER_LOCK:
            fn = {"vehicles": api.vehicles, "sites": api.sites, "zones": api.zones}[kind]
            _CATALOG[kind] = fn().to_json()
    return _CATALOG[kind]


@router.get("/vehicles", response_model=CatalogResponse, tags=["catalog"])
def vehicles() -> dict[str, Any]:
    """The launch vehicles (``baiterek vehicles --json``)."""
    return _catalog("vehicles")


@router.get("/sites", response_model=CatalogResponse, tags=["catalog"])
def sites() -> dict[str, Any]:
    """The launch sites and their corridors (``baiterek sites --json``)."""
    return _catalog("sites")


@router.get("/zones", response_model=CatalogResponse, tags=["catalog"])
def zones() -> dict[str, Any]:
    """The bundled drop zones with their rings (lon, lat in deg)."""
    return _catalog("zones")


@router.post("/feasibility", response_model=FeasibilityResponse, tags=["public"])
def feasibility(req: FeasibilityRequest, st: State) -> dict[str, Any]:
    """Maximum payload to the orbit and the margin for ``payload_kg`` (about a second; the
    answer is cached by input), or the limiting reason."""
    key = input_hash("feasibility", req.model_dump())
    return st.feasibility.get_or_compute(key, lambda: solve_feasibility(req))


@router.post("/opportunities", response_model=OpportunitiesResponse, tags=["public"])
def opportunities(req: OpportunitiesRequest, st: State) -> dict[str, Any]:
    """Sun-synchronous launch opportunities at the node's local time, with an .ics file."""
    key = input_hash("opportunities", req.model_dump())
    folder = st.cache_dir / "opportunities" / key[:32]
    doc = st.opportunities.get_or_compute(key, lambda: solve_opportunities(req, folder))
    return {**doc, "ics_path": f"/opportunities/{key[:32]}.ics"}


_KEY = re.compile(r"^[0-9a-f]{32}$")


@router.get(
    "/opportunities/{key}.ics",
    response_class=FileResponse,
    tags=["public"],
    responses={200: {"content": {"text/calendar": {}}}},
)
def opportunities_ics(key: str, st: State) -> FileResponse:
    """The iCalendar file (RFC 5545) of answered opportunities."""
    folder = st.cache_dir / "opportunities" / key
    files = sorted(folder.glob("*.ics")) if _KEY.match(key) and folder.is_dir() else []
    if not files:
        raise ServiceError(
            404, "no such opportunities file", "key", key, "a key from POST /opportunities"
        )
    return FileResponse(files[0], media_type="text/calendar", filename=Path(files[0]).name)


@router.get("/health", response_model=Health, tags=["operations"])
def health() -> dict[str, Any]:
    """Liveness: the process answers."""
    return {"status": "ok", "version": api.__version__}


@router.get(
    "/ready", response_model=Health, tags=["operations"], responses={503: {"model": Health}}
)
def ready(request: Request) -> Any:
    """Readiness: the database answers and the data folder is writable (503 otherwise)."""
    from fastapi.responses import JSONResponse

    st = state_of(request)
    detail: dict[str, Any] = {}
    try:
        with st.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        detail["database"] = "ok"
    except Exception as e:  # noqa: BLE001 - reported, not raised
        detail["database"] = type(e).__name__
    try:
        st.data_dir.mkdir(parents=True, exist_ok=True)
        probe = st.data_dir / ".ready"
        probe.write_text("ok")
        detail["data_dir"] = "ok"
    except OSError as e:
        detail["data_dir"] = type(e).__name__
    ok = all(v == "ok" for v in detail.values())
    body = {"status": "ready" if ok else "not-ready", "version": api.__version__, "detail": detail}
    return body if ok else JSONResponse(body, status_code=503)
