"""CCSDS Orbit Parameter Message (CCSDS 502.0-B-3): one state with its osculating elements,
optional mass and covariance (m, m/s in; km, km/s out), in KVN (:func:`opm_kvn`) and in XML
(:func:`opm_xml`, NDM/XML 3.0 schema, unqualified)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt
from skyfield.timelib import Time

from baiterek.errors import InputError
from baiterek.export.ccsds_fields import (
    COV_KEYS,
    ODM_VERSION,
    check_states,
    creation_date_text,
    fmt_state,
    provenance_comments,
    xml_header,
    xml_state,
)
from baiterek.export.ccsds_frames import ccsds_time, frame_bias_matrix, gcrs_to_ref_frame

__all__ = ["opm_kvn", "opm_xml"]


def _covariance_km(cov_si: npt.ArrayLike | None, ref_frame: str) -> npt.NDArray[np.float64] | None:
    if cov_si is None:
        return None
    c = np.asarray(cov_si, float)
    if (
        c.shape != (6, 6)
        or not np.all(np.isfinite(c))
        or not np.allclose(c, c.T, rtol=1e-9, atol=0)
    ):
        raise InputError("covariance", f"shape {c.shape}", "a finite symmetric 6x6 matrix (m, m/s)")
    if np.any(np.linalg.eigvalsh(c) < -1e-9 * np.abs(c).max()):
        raise InputError("covariance", "not positive semi-definite", "a covariance matrix")
    rot = frame_bias_matrix() if ref_frame == "EME2000" else np.eye(3)
    big = np.zeros((6, 6))
    big[:3, :3] = rot
    big[3:, 3:] = rot
    return big @ c @ big.T / 1e6  # m^2 -> km^2 (and m^2/s, m^2/s^2 alike)


def _cov_entries(cov_km: npt.NDArray[np.float64]) -> list[tuple[str, float]]:
    out = []
    for i in range(6):
        for j in range(i + 1):
            key = f"C{COV_KEYS[i]}_{COV_KEYS[j]}"
            out.append((key, float(cov_km[i, j])))
    return out


def _elements_block(r_m: npt.ArrayLike, v_m_s: npt.ArrayLike) -> list[tuple[str, float, str]]:
    from baiterek.constants import MU_EARTH
    from baiterek.orbit.elements import state_to_elements

    el = state_to_elements(r_m, v_m_s)
    return [
        ("SEMI_MAJOR_AXIS", float(el.a) / 1000.0, "km"),
        ("ECCENTRICITY", float(el.e), ""),
        ("INCLINATION", float(np.degrees(el.i)), "deg"),
        ("RA_OF_ASC_NODE", float(np.degrees(el.raan)), "deg"),
        ("ARG_OF_PERICENTER", float(np.degrees(el.argp)), "deg"),
        ("TRUE_ANOMALY", float(np.degrees(el.nu)), "deg"),
        ("GM", MU_EARTH / 1e9, "km**3/s**2"),
    ]


def opm_kvn(
    epoch: Time,
    r_gcrs_m: npt.ArrayLike,
    v_gcrs_m_s: npt.ArrayLike,
    *,
    object_name: str,
    object_id: str,
    ref_frame: str = "EME2000",
    originator: str = "BAITEREK",
    covariance: npt.ArrayLike | None = None,
    mass_kg: float | None = None,
    comments: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    creation_date: datetime | None = None,
) -> str:
    """An OPM in KVN: the state (and osculating elements, and covariance in m, m/s if given)."""
    r, v = check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r[0], v[0])
    cov = _covariance_km(covariance, ref_frame)
    ep = cast(str, ccsds_time(epoch))  # an OPM is one instant
    lines = [f"CCSDS_OPM_VERS = {ODM_VERSION}"]
    lines += [f"COMMENT {c}" for c in provenance_comments(provenance, comments)]
    lines += [
        f"CREATION_DATE = {creation_date_text(creation_date)}",
        f"ORIGINATOR = {originator}",
        "",
        f"OBJECT_NAME = {object_name}",
        f"OBJECT_ID = {object_id}",
        "CENTER_NAME = EARTH",
        f"REF_FRAME = {ref_frame}",
        "TIME_SYSTEM = UTC",
        "",
        "COMMENT State vector",
        f"EPOCH = {ep}",
    ]
    for key, text in zip(COV_KEYS, fmt_state(r_o / 1000.0, v_o / 1000.0), strict=True):
        unit = "km/s" if key.endswith("DOT") else "km"
        lines.append(f"{key} = {text} [{unit}]")
    lines += ["", "COMMENT Osculating Keplerian elements in REF_FRAME"]
    for key, val, unit in _elements_block(r_o, v_o):
        lines.append(f"{key} = {val:.12g}" + (f" [{unit}]" if unit else ""))
    if mass_kg is not None:
        lines += ["", f"MASS = {mass_kg:.6g} [kg]"]
    if cov is not None:
        lines += [
            "",
            "COMMENT Covariance (lower triangle) in REF_FRAME",
            f"COV_REF_FRAME = {ref_frame}",
        ]
        for key, val in _cov_entries(cov):
            lines.append(f"{key} = {val:.15e}")
    return "\n".join(lines) + "\n"


def opm_xml(
    epoch: Time,
    r_gcrs_m: npt.ArrayLike,
    v_gcrs_m_s: npt.ArrayLike,
    *,
    object_name: str,
    object_id: str,
    ref_frame: str = "EME2000",
    originator: str = "BAITEREK",
    covariance: npt.ArrayLike | None = None,
    mass_kg: float | None = None,
    comments: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    creation_date: datetime | None = None,
) -> str:
    """An OPM in XML (NDM/XML 3.0 schema, unqualified)."""
    r, v = check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r[0], v[0])
    cov = _covariance_km(covariance, ref_frame)
    ep = cast(str, ccsds_time(epoch))  # an OPM is one instant
    out = xml_header("opm", provenance_comments(provenance, comments), originator, creation_date)
    out += [
        "  <body>",
        "    <segment>",
        "      <metadata>",
        f"        <OBJECT_NAME>{escape(object_name)}</OBJECT_NAME>",
        f"        <OBJECT_ID>{escape(object_id)}</OBJECT_ID>",
        "        <CENTER_NAME>EARTH</CENTER_NAME>",
        f"        <REF_FRAME>{ref_frame}</REF_FRAME>",
        "        <TIME_SYSTEM>UTC</TIME_SYSTEM>",
        "      </metadata>",
        "      <data>",
        "        <stateVector>",
    ]
    out += xml_state("          ", ep, r_o / 1000.0, v_o / 1000.0)
    out += ["        </stateVector>", "        <keplerianElements>"]
    for key, val, unit in _elements_block(r_o, v_o):
        attr = f' units="{unit}"' if unit else ""
        out.append(f"          <{key}{attr}>{val:.12g}</{key}>")
    out.append("        </keplerianElements>")
    if mass_kg is not None:
        out += [
            "        <spacecraftParameters>",
            f'          <MASS units="kg">{mass_kg:.6g}</MASS>',
            "        </spacecraftParameters>",
        ]
    if cov is not None:
        out += [
            "        <covarianceMatrix>",
            f"          <COV_REF_FRAME>{ref_frame}</COV_REF_FRAME>",
        ]
        for key, val in _cov_entries(cov):
            out.append(f"          <{key}>{val:.15e}</{key}>")
        out.append("        </covarianceMatrix>")
    out += ["      </data>", "    </segment>", "  </body>", "</opm>"]
    return "\n".join(out) + "\n"
