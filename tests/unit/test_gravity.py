"""Gravity: the acceleration is minus the gradient of the potential (numerical check)."""

import numpy as np
import pytest

from baiterek.earth.gravity import gravity, potential


@pytest.mark.parametrize("n_zonal", [0, 2, 3, 4])
def test_acceleration_is_minus_gradient_of_potential(n_zonal):
    rng = np.random.default_rng(1)
    for _ in range(20):
        d = rng.normal(size=3)
        r = d / np.linalg.norm(d) * rng.uniform(6.5e6, 4.2e7)
        h = 10.0  # m, central differences (round-off ~ 3e-10 m/s^2)
        grad = np.array(
            [
                (potential(r + h * e, n_zonal) - potential(r - h * e, n_zonal)) / (2 * h)
                for e in np.eye(3)
            ]
        )
        a = gravity(r, n_zonal)
        # absolute error budget: 1e-9 of the central acceleration
        assert np.allclose(a, -grad, atol=1e-9 * np.linalg.norm(a), rtol=0)


def test_j2_equatorial_magnitude():
    """At the equator on the surface, J2 adds 1.5*J2*g0-ish: |a| = mu/R^2 * (1 + 1.5 J2)."""
    from baiterek.constants import J2, MU_EARTH, R_GRAVITY

    a = gravity(np.array([R_GRAVITY, 0.0, 0.0]), 2)
    assert a[0] == pytest.approx(-MU_EARTH / R_GRAVITY**2 * (1 + 1.5 * J2), rel=1e-12)
