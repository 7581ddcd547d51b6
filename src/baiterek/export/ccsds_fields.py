"""Pieces shared by every CCSDS Orbit Data Message here (OEM and OPM, KVN and XML): version,
creation date, comment lines, state checks, the number formats (km to 1 micrometre, km/s to
1 nm/s) and the XML header and state-vector elements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt

from baiterek.errors import InputError

__all__ = [
    "COV_KEYS",
    "ODM_VERSION",
    "check_states",
    "creation_date_text",
    "fmt_state",
    "provenance_comments",
    "xml_header",
    "xml_state",
]

ODM_VERSION = "3.0"
_XSD = "https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-3.0.0-master-3.0.xsd"
COV_KEYS = ("X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT")
"""The state components in CCSDS order (also the covariance row/column names)."""

Array = npt.NDArray[np.float64]


def creation_date_text(now: datetime | None) -> str:
    """CREATION_DATE: ``now`` (default: the current time) in UTC, milliseconds."""
    now = now or datetime.now(UTC)
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def provenance_comments(provenance: dict[str, Any] | None, comments: Iterable[str]) -> list[str]:
    """The COMMENT lines: the caller's comments, then one line of provenance if given."""
    lines = [str(c) for c in comments]
    if provenance:
        lines.append(
            "provenance: " + ", ".join(f"{k}={v}" for k, v in provenance.items() if v is not None)
        )
    return lines


def check_states(r_in: npt.ArrayLike, v_in: npt.ArrayLike) -> tuple[Array, Array]:
    """States as (n, 3) float arrays; InputError unless matching, (n, 3) and finite."""
    r = np.atleast_2d(np.asarray(r_in, float))
    v = np.atleast_2d(np.asarray(v_in, float))
    if r.shape != v.shape or r.shape[-1] != 3:
        raise InputError("states", f"{r.shape} / {v.shape}", "positions and velocities (n, 3)")
    if not (np.all(np.isfinite(r)) and np.all(np.isfinite(v))):
        raise InputError("states", "non-finite rows", "finite states (drop rows after a decay)")
    return r, v


_VEC_FMT = "{:.9f}"  # km: 1 micrometre
_VEL_FMT = "{:.12f}"  # km/s: 1 nanometre per second


def fmt_state(r_km: Iterable[float], v_km_s: Iterable[float]) -> list[str]:
    """The six state components as text (km to 1 micrometre, km/s to 1 nm/s)."""
    return [_VEC_FMT.format(x) for x in r_km] + [_VEL_FMT.format(x) for x in v_km_s]


def xml_header(
    root: str, comments: list[str], originator: str, creation: datetime | None
) -> list[str]:
    """The XML declaration, the root element opening (schema, version) and the header."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<{root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="{_XSD}" id="CCSDS_{root.upper()}_VERS" version="{ODM_VERSION}">',
        "  <header>",
    ]
    out += [f"    <COMMENT>{escape(c)}</COMMENT>" for c in comments]
    out += [
        f"    <CREATION_DATE>{creation_date_text(creation)}</CREATION_DATE>",
        f"    <ORIGINATOR>{escape(originator)}</ORIGINATOR>",
        "  </header>",
    ]
    return out


def xml_state(indent: str, epoch: str, r_km: Iterable[float], v_km_s: Iterable[float]) -> list[str]:
    """The EPOCH and X .. Z_DOT elements of a state vector (km, km/s), one line each."""
    vals = fmt_state(r_km, v_km_s)
    out = [f"{indent}<EPOCH>{epoch}</EPOCH>"]
    for key, val in zip(COV_KEYS, vals, strict=True):
        unit = "km/s" if key.endswith("DOT") else "km"
        out.append(f'{indent}<{key} units="{unit}">{val}</{key}>')
    return out
