"""Secular J2 rates and the sun-synchronous inclination: re-exported from
:mod:`baiterek.earth.secular` (their owner, below the analyses)."""

from baiterek.earth.secular import argp_rate_j2, raan_rate_j2, sso_inclination

__all__ = ["argp_rate_j2", "raan_rate_j2", "sso_inclination"]
