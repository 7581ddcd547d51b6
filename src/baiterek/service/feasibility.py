"""The synchronous answers of the public page: feasibility (maximum payload and margin) and launch
opportunities, each solved once per input and kept by its input hash.

``baiterek.api.max_payload`` takes about 0.2 s warm (Sunkar, 500 km SSO, measured here) and a
few seconds on a cold process; answers are cached in memory (an LRU of
``FEASIBILITY_CACHE_SIZE`` entries, per process) so a repeated question, a shared URL or a
fuzzer costs nothing. One lock serialises the solver: the compiled kernels are CPU-bound and
numba's parallel threading layer must not be entered from several threads at once; concurrent
requests for the same input wait for the one solve.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from baiterek import api
from baiterek.errors import InfeasibleError, InputError
from baiterek.service.limits import FEASIBILITY_CACHE_SIZE
from baiterek.service.schemas import FeasibilityRequest, OpportunitiesRequest

SOLVER_LOCK = threading.Lock()
"""Held while baiterek.api computes (shared with the opportunities and catalog answers)."""


def input_hash(kind: str, payload: dict[str, Any]) -> str:
    """SHA-256 of a canonical JSON of the request (sorted keys, no spaces)."""
    text = json.dumps({"kind": kind, **payload}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class AnswerCache:
    """A thread-safe LRU of JSON answers by key, computing each missing key once."""

    def __init__(self, size: int = FEASIBILITY_CACHE_SIZE) -> None:
        self.size = size
        self._data: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
        with SOLVER_LOCK:  # one solve at a time; a waiter finds the answer another computed
            with self._lock:
                if key in self._data:
                    self.hits += 1
                    return self._data[key]
            value = compute()
        with self._lock:
            self.misses += 1
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


def payload_keywords(req: FeasibilityRequest) -> dict[str, Any]:
    """The keywords of ``api.max_payload`` for a request (the CLI's flags)."""
    kw: dict[str, Any] = {
        "vehicle": req.vehicle,
        "site": req.site,
        "payload_kg": req.payload_kg,
        "upper_stage": req.upper_stage,
    }
    if req.orbit == "sso":
        if req.inclination_deg is not None:
            raise InputError("inclination_deg", req.inclination_deg, "none with orbit = sso")
        kw.update(sso=True, altitude_km=_need(req.altitude_km, "altitude_km", "sso"))
    elif req.orbit == "circular":
        kw.update(
            altitude_km=_need(req.altitude_km, "altitude_km", "circular"),
            inclination_deg=_need(req.inclination_deg, "inclination_deg", "circular"),
        )
    elif req.orbit == "elliptical":
        kw.update(
            perigee_km=_need(req.perigee_km, "perigee_km", "elliptical"),
            apogee_km=_need(req.apogee_km, "apogee_km", "elliptical"),
            inclination_deg=_need(req.inclination_deg, "inclination_deg", "elliptical"),
        )
    else:
        kw.update(gto=True, inclination_deg=_need(req.inclination_deg, "inclination_deg", "gto"))
        kw.update(perigee_km=req.perigee_km, apogee_km=req.apogee_km)
    return kw


def _need(value: float | None, field: str, orbit: str) -> float:
    if value is None:
        raise InputError(field, None, f"a number (needed with orbit = {orbit})")
    return value


def share_path(req: FeasibilityRequest) -> str:
    """The public page's URL path that answers this request again."""
    q = {k: v for k, v in req.model_dump().items() if v is not None}
    return "/?" + urlencode(q)


def limiting_reason(doc: dict[str, Any]) -> str | None:
    """Why a request does not fit (None when it does)."""
    if doc.get("violations"):
        return "the flight exceeds the vehicle's limits: " + ", ".join(doc["violations"])
    margin = doc.get("margin_kg")
    if margin is not None and margin < 0:
        active = ", ".join(doc.get("active_constraints") or []) or "none"
        return (
            f"the requested {doc['requested_payload_kg']:,.0f} kg exceeds the maximum "
            f"{doc['payload_kg']:,.0f} kg to this orbit (limited by: {active})"
        )
    return None


def solve_feasibility(req: FeasibilityRequest) -> dict[str, Any]:
    """The feasibility document (uncached): ``api.max_payload``'s JSON without the trajectory,
    or, for a physically impossible request, feasible = false with the limit."""
    h = input_hash("feasibility", req.model_dump())
    base = {
        "requested_payload_kg": req.payload_kg,
        "vehicle": req.vehicle,
        "site": req.site,
        "input_sha256": h,
        "share_path": share_path(req),
    }
    try:
        r = api.max_payload(**payload_keywords(req))
    except InfeasibleError as e:
        return {
            **base,
            "feasible": False,
            "margin_kg": None,
            "payload_kg": None,
            "limiting_reason": str(e),
            "limit": e.to_dict()["limit"],
            "target": {"kind": req.orbit},
        }
    doc = r.to_json()
    traj = doc.pop("trajectory", None) or {}
    reason = limiting_reason(doc)
    return {
        **doc,
        **base,
        "feasible": reason is None,
        "limiting_reason": reason,
        "insertion": traj.get("insertion"),
    }


def solve_opportunities(req: OpportunitiesRequest, out_dir: Path) -> dict[str, Any]:
    """SSO launch opportunities (``api.launch_windows``), their .ics written into out_dir."""
    w = api.launch_windows(
        vehicle=req.vehicle,
        site=req.site,
        start=req.start_date.isoformat(),
        days=req.days,
        altitude_km=req.altitude_km,
        local_time=req.local_time,
    )
    files = w.write(out_dir)
    doc = w.to_json()
    ics = next(Path(p).name for k, p in files.items() if str(p).endswith(".ics") or k == "ics")
    return {"windows": doc["windows"], "warnings": doc.get("warnings", []), "ics_file": ics}
