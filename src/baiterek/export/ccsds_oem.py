"""CCSDS Orbit Ephemeris Message (CCSDS 502.0-B-3): one segment of GCRS states, in KVN
(:func:`oem_kvn`) and in XML (:func:`oem_xml`, NDM/XML 3.0 schema, unqualified)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

import numpy.typing as npt
from skyfield.timelib import Time

from baiterek.errors import InputError
from baiterek.export.ccsds_fields import (
    ODM_VERSION,
    check_states,
    creation_date_text,
    fmt_state,
    provenance_comments,
    xml_header,
    xml_state,
)
from baiterek.export.ccsds_frames import ccsds_time, gcrs_to_ref_frame

__all__ = ["oem_kvn", "oem_xml"]


def oem_kvn(
    times: Time,
    r_gcrs_m: npt.ArrayLike,
    v_gcrs_m_s: npt.ArrayLike,
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
    r, v = check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r, v)
    epochs = ccsds_time(times)
    epochs = [epochs] if isinstance(epochs, str) else epochs
    if len(epochs) != r.shape[0]:
        raise InputError("times", len(epochs), f"one time per state ({r.shape[0]})")
    lines = [f"CCSDS_OEM_VERS = {ODM_VERSION}"]
    lines += [f"COMMENT {c}" for c in provenance_comments(provenance, comments)]
    lines += [
        f"CREATION_DATE = {creation_date_text(creation_date)}",
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
        lines.append(ep + " " + " ".join(fmt_state(rk, vk)))
    return "\n".join(lines) + "\n"


def oem_xml(
    times: Time,
    r_gcrs_m: npt.ArrayLike,
    v_gcrs_m_s: npt.ArrayLike,
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
    r, v = check_states(r_gcrs_m, v_gcrs_m_s)
    r_o, v_o = gcrs_to_ref_frame(ref_frame, r, v)
    epochs = ccsds_time(times)
    epochs = [epochs] if isinstance(epochs, str) else epochs
    if len(epochs) != r.shape[0]:
        raise InputError("times", len(epochs), f"one time per state ({r.shape[0]})")
    out = xml_header("oem", provenance_comments(provenance, comments), originator, creation_date)
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
        out += xml_state("          ", ep, rk, vk)
        out.append("        </stateVector>")
    out += ["      </data>", "    </segment>", "  </body>", "</oem>"]
    return "\n".join(out) + "\n"
