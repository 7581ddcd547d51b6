"""Lambert arcs and DE421 states: izzo2015 (batched) against lamberthub's gooding1990."""

from __future__ import annotations

import numpy as np
import pytest
from lamberthub import gooding1990

from baiterek.constants import MU_SUN, SECONDS_PER_DAY
from baiterek.errors import InputError
from baiterek.interplanetary.ephemeris import (
    ephemeris_span_jd,
    heliocentric_state,
    jd_tdb_from_utc,
)
from baiterek.interplanetary.lambert import (
    ICRF_TO_ECLIPTIC,
    TYPE_I,
    TYPE_II,
    lambert_batch,
    transfer_type,
)

AU = 149597870700.0  # m, IAU 2012 B2 (also baiterek.constants.AU)


def _arcs():
    dep = jd_tdb_from_utc("2028-10-01") + np.arange(0.0, 90.0, 15.0)
    arr = dep + np.array([150.0, 200.0, 250.0, 300.0, 350.0, 400.0])
    r1, _ = heliocentric_state("earth", dep)
    r2, _ = heliocentric_state("mars", arr)
    return r1, r2, (arr - dep) * SECONDS_PER_DAY


def test_izzo_batch_agrees_with_gooding_to_1e_6():
    """Reference: lamberthub.gooding1990 (an independent algorithm), same arcs, ecliptic axes."""
    r1, r2, tof = _arcs()
    v1, v2 = lambert_batch(MU_SUN, r1, r2, tof)
    worst = 0.0
    for i in range(tof.size):
        a, b = r1[i] @ ICRF_TO_ECLIPTIC.T, r2[i] @ ICRF_TO_ECLIPTIC.T
        g1, g2 = gooding1990(MU_SUN, a, b, float(tof[i]), 0, True, True, 35, 1e-12, 1e-12)
        g1, g2 = g1 @ ICRF_TO_ECLIPTIC, g2 @ ICRF_TO_ECLIPTIC
        worst = max(worst, np.linalg.norm(v1[i] - g1) / np.linalg.norm(g1))
        worst = max(worst, np.linalg.norm(v2[i] - g2) / np.linalg.norm(g2))
    print(f"izzo2015 vs gooding1990: worst relative velocity difference {worst:.2e} (limit 1e-6)")
    assert worst < 1e-6


def test_both_types_occur_and_shapes_broadcast():
    r1, r2, tof = _arcs()
    kinds = transfer_type(r1, r2)
    assert set(kinds.tolist()) == {TYPE_I, TYPE_II}
    v1, v2 = lambert_batch(MU_SUN, r1[None], r2[None], tof[None])
    assert v1.shape == v2.shape == (1, tof.size, 3)


def test_a_degenerate_arc_is_nan_not_an_exception():
    r = np.array([AU, 0.0, 0.0])
    v1, _ = lambert_batch(
        MU_SUN, np.stack([r, r]), np.stack([2 * r, -1.5 * r]), np.array([1e7, -1.0])
    )
    assert np.isnan(v1).all()


def test_earth_distance_and_speed_are_physical():
    """DE421: the Earth stays within 0.983-1.017 AU and moves at 29.3-30.3 km/s (perihelion and
    aphelion of the Earth's orbit, e = 0.0167)."""
    jd = jd_tdb_from_utc("2026-01-01") + np.arange(0.0, 366.0, 5.0)
    r, v = heliocentric_state("earth", jd)
    d = np.linalg.norm(r, axis=-1) / AU
    s = np.linalg.norm(v, axis=-1)
    assert d.min() > 0.982 and d.max() < 1.018
    assert s.min() > 29.2e3 and s.max() < 30.4e3


def test_dates_outside_de421_are_refused():
    lo, hi = ephemeris_span_jd()
    with pytest.raises(InputError, match="DE421 span 1899-07-28 .. 2053-10-08"):
        heliocentric_state("earth", np.array([hi + 10.0]), "departure_utc")
    with pytest.raises(InputError, match="departure_utc"):
        heliocentric_state("earth", np.array([lo - 1.0]), "departure_utc")
