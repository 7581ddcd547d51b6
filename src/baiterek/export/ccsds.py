"""CCSDS Orbit Data Messages (CCSDS 502.0-B-3, ODM version 3.0): OEM and OPM, KVN and XML.

The public surface of the writers, re-exported from the modules that hold them:
:mod:`~baiterek.export.ccsds_frames` (GCRS <-> EME2000/GCRF, the UTC time code),
:mod:`~baiterek.export.ccsds_oem` (ephemeris), :mod:`~baiterek.export.ccsds_opm` (one state,
elements, covariance) and :mod:`~baiterek.export.ccsds_fields` (pieces shared by all messages).

Units as the standard requires: km, km/s; covariance km^2, km^2/s, km^2/s^2. Times: UTC,
nine decimals of a second. Inertial states given in are GCRS (m, m/s).
"""

from __future__ import annotations

import os
from pathlib import Path

from baiterek.export.ccsds_fields import ODM_VERSION
from baiterek.export.ccsds_frames import (
    REF_FRAMES,
    ccsds_time,
    frame_bias_matrix,
    gcrs_to_ref_frame,
    ref_frame_to_gcrs,
)
from baiterek.export.ccsds_oem import oem_kvn, oem_xml
from baiterek.export.ccsds_opm import opm_kvn, opm_xml
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
    "ref_frame_to_gcrs",
    "REF_FRAMES",
    "ODM_VERSION",
]


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write a message atomically."""
    return write_text_atomic(path, text)
