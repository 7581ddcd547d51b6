"""The web pages (Jinja2, server-rendered shells filled by the page's script from the JSON API)
and their static assets, all served by the app: no CDN, works offline.

plotly.js comes from the installed ``plotly`` package (``package_data/plotly.min.js``) and its
world basemap from baiterek's shipped Natural Earth file (``data/basemap/world_50m.json``):
the map sets ``topojsonURL`` to ``/static/topojson/`` so plotly.js fetches it from here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from baiterek import api
from baiterek.service.http_errors import ServiceError
from baiterek.service.routes_public import _catalog

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

_STATIC = {"style.css": "text/css", "common.js": "text/javascript",
           "public.js": "text/javascript", "analyst.js": "text/javascript"}  # fmt: skip


@cache
def _plotly_js() -> bytes:
    return (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()


@cache
def _basemap() -> bytes:
    return (resources.files("baiterek") / "data" / "basemap" / "world_50m.json").read_bytes()


def _cached(body: bytes, media: str) -> Response:
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/plotly.min.js")
def plotly_js() -> Response:
    return _cached(_plotly_js(), "text/javascript")


@router.get("/static/topojson/world_50m.json")
def basemap() -> Response:
    return _cached(_basemap(), "application/json")


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in _STATIC:
        raise ServiceError(404, "no such file", "name", name, ", ".join(_STATIC))
    return _cached((HERE / "static" / name).read_bytes(), _STATIC[name])


def _page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"version": api.__version__, **ctx})


@router.get("/", response_class=HTMLResponse)
def public_page(request: Request) -> HTMLResponse:
    """Mass, orbit, date: feasible or not, price, flights, opportunities, map, accuracy."""
    return _page(request, "public.html", vehicles=_catalog("vehicles")["vehicles"],
                 sites=_catalog("sites")["sites"])  # fmt: skip


@router.get("/schedule", response_class=HTMLResponse)
def schedule_page(request: Request) -> HTMLResponse:
    """The public launch schedule (flights with free mass and ports, no customer names)."""
    return _page(request, "schedule.html")


@router.get("/analyst", response_class=HTMLResponse)
def analyst_page(request: Request) -> HTMLResponse:
    """Requests, quotes, manifest, pad schedule (timeline) and jobs (token of analyst/admin)."""
    return _page(request, "analyst.html")
