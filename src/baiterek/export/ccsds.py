"""CCSDS Orbit Data Messages (CCSDS 502.0-B-3, ODM version 3.0): OEM and OPM, KVN and XML.

Frames, exactly:

* Inside baiterek, inertial states are GCRS (skyfield's GCRS, which it equates with GCRF;
  the difference is below 1 mas and matters to no orbit product).
* ``ref_frame="EME2000"`` (the default, what GMAT, STK and Orekit users expect) writes
  r_EME2000 = B r_GCRS with B the IAU 2006 frame-bias matrix (``erfa.bp06``, the 'rb' matrix;
  offsets xi0 = -16.617 mas, eta0 = -6.819 mas, dalpha0 = -14.6 mas, about 23 mas in all, i.e.
  0.7 m at GEO and 0.8 m at 6,800 km radius). EME2000 here is the mean equator and equinox of
  J2000.0 in the sense of IERS/SOFA, the same realisation as Orekit's EME2000.
* ``ref_frame="GCRF"`` writes the GCRS state unchanged.

Units as the standard requires: km, km/s; covariance km^2, km^2/s, km^2/s^2.
Times: UTC (TIME_SYSTEM = UTC), ISO 8601 'YYYY-MM-DDThh:mm:ss.fffffffff' without zone letter,
nine decimals (nanoseconds), so that times round-trip far below the millimetre level at orbital
speeds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import erfa
import numpy as np
from skyfield.timelib import Time

from baiterek.errors import InputError
from baiterek.export.files import write_text_atomic

__all__ = [
    "frame_bias_matrix",
    "gcrs_to_ref_frame",
    "ccsds_time",
    "oem_kvn",
    "oem_xml",
    "opm_kvn",
    "opm_xml",
    "write_text",
]

REF_FRAMES = ("EME2000", "GCRF")
ODM_VERSION = "3.0"
_XSD = "https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-3.0.0-master-3.0.xsd"
_COV_KEYS = ("X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT")


def frame_bias_matrix() -> np.ndarray:
    """IAU 2006 frame-bias matrix B (r_EME2000 = B @ r_GCRS); time independent (erfa.bp06 'rb')."""
    rb, _, _ = erfa.bp06(2451545.0, 0.0)
    return np.asarray(rb)


def _check_frame(ref_frame: str) -> str:
    if ref_frame not in REF_FRAMES:
        raise InputError("ref_frame", ref_frame, " or ".join(REF_FRAMES))
    return ref_frame


def gcrs_to_ref_frame(ref_frame: str, r, v=None):
    """GCRS vectors (..., 3) in the given CCSDS reference frame (EME2000 applies the frame bias)."""
    _check_frame(ref_frame)
    m = frame_bias_matrix() if ref_frame == "EME2000" else np.eye(3)
    r_o = np.einsum("ij,...j->...i", m, np.asarray(r, float))
    if v is None:
        return r_o
    return r_o, np.einsum("ij,...j->...i", m, np.asarray(v, float))


def ref_frame_to_gcrs(ref_frame: str, r, v=None):
    """Inverse of :func:`gcrs_to_ref_frame`."""
    _check_frame(ref_frame)
    m = frame_bias_matrix() if ref_frame == "EME2000" else np.eye(3)
    r_o = np.einsum("ji,...j->...i", m, np.asarray(r, float))
    if v is None:
        return r_o
    return r_o, np.einsum("ji,...j->...i", m, np.asarray(v, float))


def ccsds_time(t: Time) -> list[str] | str:
    """UTC as CCSDS ASCII time code A (no zone letter), nine decimals of a second.

    An instant inside a leap second would be written as the first instant after it (not needed
    by any product here; stated for completeness).
    """
    year, month, day, hour, minute, second = t.utc
    scalar = np.ndim(year) == 0
    cols = [np.atleast_1d(c) for c in (year, month, day, hour, minute, second)]
    out = []
    for y, mo, d, h, mi, s in zip(*cols, strict=True):
        whole = int(np.floor(s))
        ns = int(round((float(s) - whole) * 1e9))
        if ns >= 1_000_000_000:  # rounding carried into the next second
            whole, ns = whole + 1, ns - 1_000_000_000
        base = datetime(int(y), int(mo), int(d), int(h), int(mi)) + timedelta(seconds=whole)
        out.append(base.strftime("%Y-%m-%dT%H:%M:%S") + f".{ns:09d}")
    return out[0] if scalar else out


def _creation_date(now: datetime | None) -> str:
    now = now or datetime.now(UTC)
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def _provenance_comments(provenance: dict[str, Any] | None, comments: Iterable[str]) -> list[str]:
    lines = [str(c) for c in comments]
    if provenance:
        lines.append(
            "provenance: " + ", ".join(f"{k}={v}" for k, v in provenance.items() if v is not None)
        )
    return lines


def _check_states(r, v) -> tuple[np.ndarray, np.ndarray]:
    r = np.atleast_2d(np.asarray(r, float))
    v = np.atleast_2d(np.asarray(v, float))
    if r.shape != v.shape or r.shape[-1] != 3:
        raise InputError("states", f"{r.shape} / {v.shape}", "positions and velocities (n, 3)")
    if not (np.all(np.isfinite(r)) and np.all(np.isfinite(v))):
        raise InputError("states", "non-finite rows", "finite states (drop rows after a decay)")
    return r, v


_VEC_FMT = "{:.9f}"  # km: 1 micrometre
_VEL_FMT = "{:.12f}"  # km/s: 1 nanometre per second


def _fmt_state(r_km, v_km_s) -> list[str]:
    return [_VEC_FMT.format(x) for x in r_km] + [_VEL_FMT.format(x) for x in v_km_s]


# ----------------------------------------------------------------------------- OEM
def oem_kvn(
    times: Time,
    r_gcrs_m,
    v_gcrs_m_s,
    *,
    object_name: str,
    object_id: str,
    ref_frame: str = "EME2000",
    originator: str = "BAITEREK",
    comments: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    interpolation_degree: int = 7,
    creation_date: datetime | None = None,
) -> str:
    """An OEM in KVN: one segment, the given GCRS states (m, m/s) at ``times``."""
    r, v = _check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r, v)
    epochs = ccsds_time(times)
    epochs = [epochs] if isinstance(epochs, str) else epochs
    if len(epochs) != r.shape[0]:
        raise InputError("times", len(epochs), f"one time per state ({r.shape[0]})")
    lines = [f"CCSDS_OEM_VERS = {ODM_VERSION}"]
    lines += [f"COMMENT {c}" for c in _provenance_comments(provenance, comments)]
    lines += [
        f"CREATION_DATE = {_creation_date(creation_date)}",
        f"ORIGINATOR = {originator}",
        "",
        "META_START",
        f"OBJECT_NAME = {object_name}",
        f"OBJECT_ID = {object_id}",
        "CENTER_NAME = EARTH",
        f"REF_FRAME = {ref_frame}",
        "TIME_SYSTEM = UTC",
        f"START_TIME = {epochs[0]}",
        f"STOP_TIME = {epochs[-1]}",
        "INTERPOLATION = LAGRANGE",
        f"INTERPOLATION_DEGREE = {interpolation_degree}",
        "META_STOP",
        "",
        "COMMENT columns: epoch, X Y Z [km], X_DOT Y_DOT Z_DOT [km/s]",
    ]
    for ep, rk, vk in zip(epochs, r_o / 1000.0, v_o / 1000.0, strict=True):
        lines.append(ep + " " + " ".join(_fmt_state(rk, vk)))
    return "\n".join(lines) + "\n"


def _xml_header(
    root: str, comments: list[str], originator: str, creation: datetime | None
) -> list[str]:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<{root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="{_XSD}" id="CCSDS_{root.upper()}_VERS" version="{ODM_VERSION}">',
        "  <header>",
    ]
    out += [f"    <COMMENT>{escape(c)}</COMMENT>" for c in comments]
    out += [
        f"    <CREATION_DATE>{_creation_date(creation)}</CREATION_DATE>",
        f"    <ORIGINATOR>{escape(originator)}</ORIGINATOR>",
        "  </header>",
    ]
    return out


def _xml_state(indent: str, epoch: str, r_km, v_km_s) -> list[str]:
    vals = _fmt_state(r_km, v_km_s)
    out = [f"{indent}<EPOCH>{epoch}</EPOCH>"]
    for key, val in zip(_COV_KEYS, vals, strict=True):
        unit = "km/s" if key.endswith("DOT") else "km"
        out.append(f'{indent}<{key} units="{unit}">{val}</{key}>')
    return out


def oem_xml(
    times: Time,
    r_gcrs_m,
    v_gcrs_m_s,
    *,
    object_name: str,
    object_id: str,
    ref_frame: str = "EME2000",
    originator: str = "BAITEREK",
    comments: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    interpolation_degree: int = 7,
    creation_date: datetime | None = None,
) -> str:
    """An OEM in XML (NDM/XML 3.0 schema, unqualified)."""
    r, v = _check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r, v)
    epochs = ccsds_time(times)
    epochs = [epochs] if isinstance(epochs, str) else epochs
    if len(epochs) != r.shape[0]:
        raise InputError("times", len(epochs), f"one time per state ({r.shape[0]})")
    out = _xml_header("oem", _provenance_comments(provenance, comments), originator, creation_date)
    out += [
        "  <body>",
        "    <segment>",
        "      <metadata>",
        f"        <OBJECT_NAME>{escape(object_name)}</OBJECT_NAME>",
        f"        <OBJECT_ID>{escape(object_id)}</OBJECT_ID>",
        "        <CENTER_NAME>EARTH</CENTER_NAME>",
        f"        <REF_FRAME>{ref_frame}</REF_FRAME>",
        "        <TIME_SYSTEM>UTC</TIME_SYSTEM>",
        f"        <START_TIME>{epochs[0]}</START_TIME>",
        f"        <STOP_TIME>{epochs[-1]}</STOP_TIME>",
        "        <INTERPOLATION>LAGRANGE</INTERPOLATION>",
        f"        <INTERPOLATION_DEGREE>{interpolation_degree}</INTERPOLATION_DEGREE>",
        "      </metadata>",
        "      <data>",
    ]
    for ep, rk, vk in zip(epochs, r_o / 1000.0, v_o / 1000.0, strict=True):
        out.append("        <stateVector>")
        out += _xml_state("          ", ep, rk, vk)
        out.append("        </stateVector>")
    out += ["      </data>", "    </segment>", "  </body>", "</oem>"]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- OPM
def _covariance_km(cov_si, ref_frame: str) -> np.ndarray | None:
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


def _cov_entries(cov_km: np.ndarray) -> list[tuple[str, float]]:
    out = []
    for i in range(6):
        for j in range(i + 1):
            key = f"C{_COV_KEYS[i]}_{_COV_KEYS[j]}"
            out.append((key, float(cov_km[i, j])))
    return out


def _elements_block(r_m, v_m_s) -> list[tuple[str, float, str]]:
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
    r_gcrs_m,
    v_gcrs_m_s,
    *,
    object_name: str,
    object_id: str,
    ref_frame: str = "EME2000",
    originator: str = "BAITEREK",
    covariance=None,
    mass_kg: float | None = None,
    comments: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    creation_date: datetime | None = None,
) -> str:
    """An OPM in KVN: the state (and osculating elements, and covariance in m, m/s if given)."""
    r, v = _check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r[0], v[0])
    cov = _covariance_km(covariance, ref_frame)
    ep = ccsds_time(epoch)
    lines = [f"CCSDS_OPM_VERS = {ODM_VERSION}"]
    lines += [f"COMMENT {c}" for c in _provenance_comments(provenance, comments)]
    lines += [
        f"CREATION_DATE = {_creation_date(creation_date)}",
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
    for key, val in zip(_COV_KEYS, _fmt_state(r_o / 1000.0, v_o / 1000.0), strict=True):
        unit = "km/s" if key.endswith("DOT") else "km"
        lines.append(f"{key} = {val} [{unit}]")
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
    r_gcrs_m,
    v_gcrs_m_s,
    *,
    object_name: str,
    object_id: str,
    ref_frame: str = "EME2000",
    originator: str = "BAITEREK",
    covariance=None,
    mass_kg: float | None = None,
    comments: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    creation_date: datetime | None = None,
) -> str:
    """An OPM in XML (NDM/XML 3.0 schema, unqualified)."""
    r, v = _check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r[0], v[0])
    cov = _covariance_km(covariance, ref_frame)
    ep = ccsds_time(epoch)
    out = _xml_header("opm", _provenance_comments(provenance, comments), originator, creation_date)
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
    out += _xml_state("          ", ep, r_o / 1000.0, v_o / 1000.0)
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


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write a message atomically."""
    return write_text_atomic(path, text)
