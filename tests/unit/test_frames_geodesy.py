"""Frame and geodesy round trips, and geodesy against pyproj (an independent library)."""

import numpy as np
import pytest
from pyproj import Transformer

from baiterek.earth import frames
from baiterek.earth import time as T
from baiterek.earth.geodesy import ecef_to_geodetic, geodetic_sincos, geodetic_to_ecef

MM = 1e-3  # m


def test_geodetic_ecef_round_trip_and_pyproj():
    rng = np.random.default_rng(7)
    lat = rng.uniform(-np.pi / 2, np.pi / 2, 500)
    lon = rng.uniform(-np.pi, np.pi, 500)
    h = rng.uniform(-500.0, 1.2e6, 500)
    r = geodetic_to_ecef(lat, lon, h)
    lat2, lon2, h2 = ecef_to_geodetic(r)
    assert np.max(np.abs(h2 - h)) < 1 * MM
    assert np.max(np.abs(lat2 - lat)) * 6.4e6 < 1 * MM
    # pyproj: EPSG:4979 (WGS 84 geographic 3D) -> EPSG:4978 (WGS 84 geocentric)
    tr = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    x, y, z = tr.transform(np.degrees(lon), np.degrees(lat), h)
    assert np.max(np.abs(np.stack([x, y, z], -1) - r)) < 1 * MM


@pytest.mark.parametrize(("iterations", "lat_bound"), [(1, 1e-7), (2, 1e-14)])
def test_geodetic_sincos_matches_exact(iterations, lat_bound):
    """The one ECEF -> geodetic conversion (trig-free; the kernel uses one iteration): round
    trips from known geodetic points, -100 m to GEO altitude and the poles (closed-form forward
    conversion; pyproj agreement is the test above). Measured: heights 1.5e-8 m with either
    (bound 1e-6 m; the rounding of coordinates of 4e7 m alone is 7e-9 m), latitude 8.4e-9 rad
    with one iteration, 2.2e-16 rad with two."""
    rng = np.random.default_rng(3)
    worst_h = worst_lat = 0.0
    for k in range(600):
        lat = rng.uniform(-1.5, 1.5) if k > 1 else (-1.0) ** k * np.pi / 2
        lon, h = rng.uniform(-3, 3), rng.uniform(-100, 36e6 if k % 2 else 1.2e6)
        x, y, z = geodetic_to_ecef(lat, lon, h)
        hh, sl, cl = geodetic_sincos(np.hypot(x, y), z, iterations)
        assert sl * sl + cl * cl == pytest.approx(1.0, abs=1e-15)
        worst_h = max(worst_h, abs(hh - h))
        worst_lat = max(worst_lat, abs(np.arctan2(sl, cl) - lat))
    print(
        f"\n{iterations} iteration(s): worst height miss {worst_h:.2e} m, latitude {worst_lat:.2e}"
    )
    assert worst_h < 1e-6
    assert worst_lat < lat_bound


@pytest.mark.parametrize("when", ["2020-10-14T05:45:04Z", "2027-01-01T00:00:00Z"])
def test_gcrs_itrs_teme_round_trips(when):
    t = T.to_time(when)
    r = np.array([4.1e6, -5.2e6, 2.9e6])
    v = np.array([3000.0, 4500.0, -5200.0])
    r1, v1 = frames.gcrs_to_itrs(t, r, v)
    r2, v2 = frames.itrs_to_gcrs(t, r1, v1)
    assert np.max(np.abs(r2 - r)) < 1e-6 and np.max(np.abs(v2 - v)) < 1e-9
    r3, v3 = frames.gcrs_to_teme(t, r, v)
    r4, v4 = frames.teme_to_gcrs(t, r3, v3)
    assert np.max(np.abs(r4 - r)) < 1e-6 and np.max(np.abs(v4 - v)) < 1e-9


def test_launch_frame_is_itrs_at_liftoff():
    t = T.to_time("2027-03-01T06:00:00Z")
    r = np.array([4.4e6, 0.0, 4.6e6])
    assert np.allclose(frames.launch_frame_to_gcrs(t, r), frames.itrs_to_gcrs(t, r), atol=1e-6)
