"""Propagation against an independent integration and published J2 secular rates.

Sources:
* J2-only LEO, 24 h: scipy DOP853 at rtol 1e-13 with a plain-numpy right-hand side, written by
  scripts/generate_propagation_reference.py into data/propagation_reference_j2_leo.json.
* Curtis, Orbital Mechanics for Engineering Students, Example 12.2 (via
  docs/reference/validation-public.md sec. 3): node rate -0.172 deg/h, perigee rate +0.282 deg/h.
* ISS node regression: the two real ISS TLEs of docs/reference/validation-public.md sec. 1; reference rate is
  SGP4's own secular node rate for each TLE (python-sgp4 ``nodedot``, Hoots & Roehrich theory),
  and the published band -4.95 to -5.0 deg/day.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from baiterek.constants import J2, MU_EARTH, R_GRAVITY
from baiterek.earth import frames
from baiterek.earth.time import to_time
from baiterek.orbit.elements import state_to_elements
from baiterek.orbit.propagate import propagate
from baiterek.orbit.tle import parse_tle, tle_epoch, tle_state_gcrs
from baiterek.units import METER

pytestmark = pytest.mark.validation

DATA = Path(__file__).parent / "data" / "propagation_reference_j2_leo.json"


def _mean_rates(prop, m):
    """Linear-fit rates (rad/s) of node and argument of perigee in the frame of the epoch pole."""
    rb = np.einsum("ij,nj->ni", m, prop.r_m[0])
    vb = np.einsum("ij,nj->ni", m, prop.v_m_s[0])
    el = state_to_elements(rb, vb)
    raan = np.unwrap(el.raan)
    argp = np.unwrap(el.argp)
    return np.polyfit(prop.t_s, raan, 1)[0], np.polyfit(prop.t_s, argp, 1)[0]


def test_j2_leo_24h_within_1_m_of_scipy_dop853_reference():
    ref = json.loads(DATA.read_text())
    assert ref["constants"] == {"mu_m3_s2": MU_EARTH, "j2": J2, "r_ref_m": R_GRAVITY}
    t0 = to_time(ref["epoch_utc"])
    np.testing.assert_allclose(
        frames.gcrs_to_itrs_matrix(t0), ref["gcrs_to_itrs_at_epoch"], atol=1e-15
    )
    prop = propagate(t0, ref["r0_m"], ref["v0_m_s"], ref["t_s"], n_zonal=2)
    miss = np.linalg.norm(prop.r_m[0] - np.array(ref["r_m"]), axis=1)
    vmiss = np.linalg.norm(prop.v_m_s[0] - np.array(ref["v_m_s"]), axis=1)
    print(f"J2 LEO 24 h: max position miss {miss.max():.2e} m, velocity {vmiss.max():.2e} m/s")
    assert miss.max() < 1.0 * METER, f"limit 1 m, miss {miss.max():.3e} m"
    assert vmiss.max() < 1e-3, f"limit 1 mm/s, miss {vmiss.max():.3e} m/s"


def test_curtis_example_12_2_secular_rates_within_1_percent():
    t0 = to_time("2026-11-21T00:00:00Z")
    m = frames.gcrs_to_itrs_matrix(t0)
    # Curtis's geocentric equatorial frame is the true equator: place the state in that frame.
    r0 = m.T @ np.array([-2384.46, 5729.01, 3050.46]) * 1e3
    v0 = m.T @ np.array([-7.36138, -2.98997, 1.64354]) * 1e3
    prop = propagate(t0, r0, v0, np.arange(0.0, 48 * 3600.0 + 1, 60.0), n_zonal=2)
    node, perigee = (np.degrees(x) * 3600.0 for x in _mean_rates(prop, m))
    print(
        f"Curtis 12.2: node {node:.5f} deg/h (book -0.172), perigee {perigee:.5f} deg/h (book +0.282)"
    )
    assert abs(node / -0.172 - 1) < 0.01, f"node rate {node:.5f} vs -0.172 deg/h, limit 1 %"
    assert abs(perigee / 0.282 - 1) < 0.01, f"perigee rate {perigee:.5f} vs +0.282 deg/h, limit 1 %"


ISS_TLES = [
    (
        "1 25544U 98067A   20287.53670015  .00000762  00000-0  21766-4 0  9997",
        "2 25544  51.6440 122.8761 0001413  26.5472  73.1662 15.49301208250368",
    ),
    (
        "1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995",
        "2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097",
    ),
]


@pytest.mark.parametrize("line1,line2", ISS_TLES)
def test_iss_node_regression_within_1_percent(line1, line2):
    sat = parse_tle(line1, line2)
    t0 = tle_epoch(sat)
    r0, v0 = tle_state_gcrs(sat, t0)
    prop = propagate(t0, r0, v0, np.arange(0.0, 2 * 86400.0 + 1, 60.0), n_zonal=2)
    node, _ = _mean_rates(prop, frames.gcrs_to_itrs_matrix(t0))
    node_deg_day = np.degrees(node) * 86400.0
    sgp4_rate = np.degrees(sat.nodedot) * 1440.0  # rad/min -> deg/day
    print(
        f"ISS {line1[18:32]}: node {node_deg_day:.4f} deg/day, SGP4 secular {sgp4_rate:.4f} deg/day"
    )
    assert abs(node_deg_day / sgp4_rate - 1) < 0.01, (
        f"limit 1 %: {node_deg_day:.4f} vs {sgp4_rate:.4f}"
    )
    assert -5.0 * 1.01 < node_deg_day < -4.95 * 0.99, "published band -4.95..-5.0 deg/day +-1 %"
