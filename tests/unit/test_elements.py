"""Orbital elements: round trips and a textbook case."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from baiterek.constants import MU_EARTH
from baiterek.orbit.elements import elements_to_state, state_to_elements


@settings(max_examples=200, deadline=None)
@given(
    a=st.floats(6.6e6, 4.5e7),
    e=st.floats(1e-4, 0.9),
    i=st.floats(0.01, 3.13),
    raan=st.floats(0, 6.28),
    argp=st.floats(0, 6.28),
    nu=st.floats(0, 6.28),
)
def test_round_trip_elements_state_elements(a, e, i, raan, argp, nu):
    r, v = elements_to_state(a, e, i, raan, argp, nu)
    el = state_to_elements(r, v)
    r2, v2 = elements_to_state(*el)
    # positions to 1 mm and velocities to 1 um/s, whatever the angle conventions
    assert np.allclose(r2, r, atol=1e-3, rtol=0)
    assert np.allclose(v2, v, atol=1e-6, rtol=0)
    assert abs(el.a - a) / a < 1e-10


def test_vallado_example_2_5():
    """Vallado, Fundamentals of Astrodynamics 4th ed., Example 2-5 (RV2COE).

    r = (6524.834, 6862.875, 6448.296) km, v = (4.901327, 5.533756, -1.976341) km/s:
    p = 11067.790 km, e = 0.83285, i = 87.870 deg, RAAN = 227.89 deg, argp = 53.38 deg, nu = 92.335 deg.
    """
    r = np.array([6524.834, 6862.875, 6448.296]) * 1e3
    v = np.array([4.901327, 5.533756, -1.976341]) * 1e3
    el = state_to_elements(r, v, mu=398600.4418e9)
    p = el.a * (1 - el.e**2)
    assert abs(p / 1e3 - 11067.790) < 0.01
    assert abs(el.e - 0.83285) < 1e-5
    assert abs(np.degrees(el.i) - 87.870) < 1e-3
    assert abs(np.degrees(el.raan) - 227.89) < 0.01
    assert abs(np.degrees(el.argp) - 53.38) < 0.01
    assert abs(np.degrees(el.nu) - 92.335) < 1e-3


def test_batched_shapes():
    r, v = elements_to_state(
        np.full((4, 5), 7.0e6), 0.01, 0.9, 1.0, 2.0, np.linspace(0, 6, 20).reshape(4, 5)
    )
    assert r.shape == (4, 5, 3)
    el = state_to_elements(r, v, MU_EARTH)
    assert el.a.shape == (4, 5)
