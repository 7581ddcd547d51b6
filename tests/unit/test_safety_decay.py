"""Orbital lifetime of a spent stage: the orbit-averaged decay against a direct quadrature."""

from __future__ import annotations

import math

import numpy as np
import pytest

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.earth.atmosphere import atmosphere
from baiterek.safety.decay import HORIZON_S, REENTRY_PERIGEE, orbital_lifetime


def circular_lifetime(h0, beta):
    """A circular orbit decays at da/dt = -rho(a) sqrt(mu a) / beta (drag rho v^2 / (2 beta),
    v = sqrt(mu / a)): the lifetime is the integral of beta / (rho sqrt(mu a)) over a."""

    a = WGS84_A + np.arange(REENTRY_PERIGEE, h0 + 1.0, 25.0)  # 25 m grid: trapezoid rule
    f = beta / (atmosphere(a - WGS84_A).density * np.sqrt(MU_EARTH * a))
    return float(np.trapezoid(f, a))


@pytest.mark.parametrize(("h0", "beta"), [(200e3, 125.0), (300e3, 100.0), (400e3, 185.0)])
def test_circular_lifetime_matches_the_quadrature(h0, beta):
    got = orbital_lifetime(h0, h0, beta)
    ref = circular_lifetime(h0, beta)
    print(
        f"{h0 / 1e3:.0f} km, beta {beta:.0f}: {got / 86400:.2f} d vs quadrature {ref / 86400:.2f} d"
    )
    assert got == pytest.approx(ref, rel=0.02)


def test_lifetime_grows_with_height_and_beta_and_has_limits():
    assert orbital_lifetime(200e3, 240e3, 125.0) > orbital_lifetime(200e3, 200e3, 125.0)
    assert orbital_lifetime(250e3, 250e3, 200.0) > orbital_lifetime(250e3, 250e3, 100.0)
    assert orbital_lifetime(90e3, 300e3, 100.0) == 0.0
    assert orbital_lifetime(900e3, 900e3, 200.0) == math.inf  # beyond 25 years
    assert HORIZON_S == pytest.approx(25 * 365.25 * 86400)
    assert math.isnan(orbital_lifetime(math.nan, 200e3, 100.0))


@pytest.mark.parametrize(("hp", "ha"), [(150e3, 35786e3), (200e3, 2000e3), (300e3, 310e3)])
def test_orbit_average_resolves_the_perigee_pass(hp, ha):
    """The averaged da/dt against a trapezoid rule on 200,001 points in E over half the orbit
    (symmetric about the perigee)."""
    from baiterek.safety.decay import _rates

    rp, ra = hp + WGS84_A, ha + WGS84_A
    a, e = 0.5 * (rp + ra), (ra - rp) / (ra + rp)
    ecc_anom = np.linspace(0.0, math.pi, 200_001)
    w = 1.0 - e * np.cos(ecc_anom)
    r = a * w
    v = np.sqrt(MU_EARTH * (2.0 / r - 1.0 / a))
    f = w * a * a * atmosphere(r - WGS84_A).density * v**3
    ref = -np.trapezoid(f, ecc_anom) / math.pi / (MU_EARTH * 100.0)
    got = _rates(a, e, 100.0)[0]
    print(f"{hp / 1e3:.0f} x {ha / 1e3:.0f} km: da/dt {got:.4e} vs quad {ref:.4e} m/s")
    assert got == pytest.approx(ref, rel=0.01)
