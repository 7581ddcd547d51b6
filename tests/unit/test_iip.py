"""Vacuum instantaneous impact point against an independent numerical fall (scipy DOP853)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod, Transformer
from scipy.integrate import solve_ivp

from baiterek.constants import MU_EARTH, OMEGA_EARTH
from baiterek.earth.geodesy import enu_basis, geodetic_to_ecef
from baiterek.flight.iip import borders, iip, iip_events, iip_track, launch_state_from_ecef

GEOD = Geod(ellps="WGS84")
TO_LLH = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)  # ECEF -> lon, lat, h


def random_states(n, rng):
    """Launch-frame states at random times, places, heights (0-250 km), Earth-relative speeds
    (0.1-6.8 km/s), flight-path angles (-40..70 deg) and azimuths."""
    t = rng.uniform(0.0, 600.0, n)
    lat = np.arcsin(rng.uniform(-1.0, 1.0, n))
    lon = rng.uniform(-math.pi, math.pi, n)
    h = rng.uniform(0.5e3, 250e3, n)
    speed = rng.uniform(100.0, 6800.0, n)
    gam = np.radians(rng.uniform(-40.0, 70.0, n))
    az = rng.uniform(0.0, 2 * math.pi, n)
    r_e = geodetic_to_ecef(lat, lon, h)
    b = enu_basis(lat, lon)
    v_e = speed[:, None] * (
        np.cos(gam)[:, None] * (np.sin(az)[:, None] * b[:, 0] + np.cos(az)[:, None] * b[:, 1])
        + np.sin(gam)[:, None] * b[:, 2]
    )
    r, v = launch_state_from_ecef(t, r_e, v_e)
    return t, r, v


def numerical_fall(t0, r0, v0):
    """Point-mass vacuum fall in the inertial frame until the geodetic height (pyproj, WGS-84,
    Earth turned by OMEGA_EARTH t) reaches 0; returns lon, lat (deg)."""

    def rhs(t, y):
        r = y[:3]
        return np.concatenate([y[3:], -MU_EARTH * r / np.dot(r, r) ** 1.5])

    def ecef(t, r):
        c, s = math.cos(OMEGA_EARTH * t), math.sin(OMEGA_EARTH * t)
        return c * r[0] + s * r[1], -s * r[0] + c * r[1], r[2]

    def height(t, y):
        return TO_LLH.transform(*ecef(t, y[:3]))[2]

    height.terminal = True
    height.direction = -1
    y0 = np.concatenate([r0, v0])
    sol = solve_ivp(rhs, (t0, t0 + 2e4), y0, "DOP853", events=height, rtol=1e-11, atol=1e-5)
    if not sol.t_events[0].size:
        return math.nan, math.nan
    lon, lat, _ = TO_LLH.transform(*ecef(sol.t_events[0][0], sol.y_events[0][0][:3]))
    return lon, lat


def test_iip_matches_a_numerical_vacuum_fall_on_1000_random_states():
    rng = np.random.default_rng(20261201)
    t, r, v = random_states(1600, rng)
    lat, lon, _ = iip(t, r, v)
    keep = np.nonzero(np.isfinite(lat))[0][:1000]
    assert keep.size == 1000
    misses = []
    for k in keep:
        ref_lon, ref_lat = numerical_fall(t[k], r[k], v[k])
        _, _, d = GEOD.inv(ref_lon, ref_lat, math.degrees(lon[k]), math.degrees(lat[k]))
        misses.append(d)
    worst = max(misses)
    print(f"IIP vs scipy DOP853 vacuum fall, 1,000 states: max {worst:.3f} m, "
          f"median {np.median(misses):.3f} m")  # fmt: skip
    assert worst < 100.0


def test_orbital_states_have_no_iip_and_shapes_follow_the_input():
    r = np.array([[6778e3, 0.0, 0.0]])
    v = np.array([[0.0, 7670.0, 0.0]])  # circular at 400 km
    lat, lon, ti = iip(np.zeros(1), r, v)
    assert np.isnan(lat[0]) and np.isnan(lon[0]) and np.isnan(ti[0])
    rng = np.random.default_rng(1)
    t, r, v = random_states(12, rng)
    lat, lon, ti = iip(t.reshape(3, 4), r.reshape(3, 4, 3), v.reshape(3, 4, 3))
    assert lat.shape == (3, 4)
    flat, _, _ = iip(t, r, v)
    np.testing.assert_array_equal(lat.reshape(-1), flat)


def test_iip_of_a_state_on_the_ground_at_rest_is_below_it():
    lat0, lon0 = math.radians(45.9963), math.radians(63.5642)
    r_e = geodetic_to_ecef(lat0, lon0, 1.0)[None]
    r, v = launch_state_from_ecef(np.zeros(1), r_e, np.zeros((1, 3)))
    lat, lon, _ = iip(np.zeros(1), r, v)
    _, _, d = GEOD.inv(math.degrees(lon0), math.degrees(lat0), math.degrees(lon[0]),
                       math.degrees(lat[0]))  # fmt: skip
    assert d < 1.0  # m: a body at rest 1 m above the ground lands where it is


def test_track_range_speed_and_border_events():
    """A ballistic arc from Baikonur towards the north-east: the IIP starts in Kazakhstan and
    leaves it once the range grows; each sample's range is its geodesic distance to the pad."""
    lat0, lon0 = math.radians(45.92), math.radians(63.34)
    speeds = np.linspace(300.0, 6500.0, 120)
    t = np.linspace(0.0, 300.0, 120)
    b = enu_basis(lat0, lon0)
    r_e = np.repeat(geodetic_to_ecef(lat0, lon0, 50e3)[None], 120, 0)
    gam, az = math.radians(35.0), math.radians(50.0)
    v_e = speeds[:, None] * (math.cos(gam) * (math.sin(az) * b[0] + math.cos(az) * b[1])
                             + math.sin(gam) * b[2])  # fmt: skip
    r, v = launch_state_from_ecef(t, r_e, v_e)
    track = iip_track(t, r, v, lat0, lon0)
    assert np.all(np.diff(track.range[np.isfinite(track.range)]) > 0)
    assert np.nanmax(track.speed) > 0
    events = dict((name, when) for when, name in iip_events(t, r, v))
    kz, land = borders()
    assert "iip_leaves_kazakhstan" in events
    k = int(np.searchsorted(t, events["iip_leaves_kazakhstan"]))
    import shapely

    lat_d, lon_d = np.degrees(track.latitude), np.degrees(track.longitude)
    assert shapely.contains_xy(kz, lon_d[k - 1], lat_d[k - 1])
    assert not shapely.contains_xy(kz, lon_d[k], lat_d[k])


@pytest.mark.parametrize(("lat", "lon", "inside"), [(48.0, 67.0, True), (55.75, 37.62, False)])
def test_kazakhstan_polygon(lat, lon, inside):
    """Natural Earth: Ulytau region (48 N 67 E) is in Kazakhstan, Moscow is not."""
    import shapely

    kz, land = borders()
    assert bool(shapely.contains_xy(kz, lon, lat)) is inside
    assert shapely.contains_xy(land, lon, lat)
    assert not shapely.contains_xy(land, -30.0, 40.0)  # the Atlantic


def test_a_track_that_starts_at_sea_never_leaves_land():
    """From a point in the Atlantic, a ballistic arc that later crosses land has no
    ``iip_leaves_land`` event (the event is the first exit of a track that starts on land)."""
    lat0, lon0 = math.radians(40.0), math.radians(-30.0)
    t = np.linspace(0.0, 200.0, 80)
    b = enu_basis(lat0, lon0)
    r_e = np.repeat(geodetic_to_ecef(lat0, lon0, 50e3)[None], 80, 0)
    speeds = np.linspace(300.0, 6000.0, 80)
    v_e = speeds[:, None] * (0.8 * b[0] + 0.6 * b[2])  # east, climbing
    r, v = launch_state_from_ecef(t, r_e, v_e)
    assert [name for _, name in iip_events(t, r, v)] == []
