"""Ascent and first-orbit visibility against skyfield (independent look angles and find_events).

References: skyfield's own WGS-84 positions and topocentric ``altaz`` (``wgs84.latlon``,
``(target - station).at(t).altaz()``) for a synthetic ascent track; skyfield's
``EarthSatellite.find_events`` and ``altaz`` on a fitted TLE for the orbit part.
"""

import math

import numpy as np
import pytest
from skyfield.api import EarthSatellite, wgs84

from baiterek import catalog
from baiterek.constants import WGS84_A
from baiterek.earth import frames
from baiterek.earth.geodesy import geodetic_to_ecef
from baiterek.earth.time import offset_time, to_time
from baiterek.errors import InputError
from baiterek.orbit.elements import elements_to_state
from baiterek.orbit.tle import tle_from_state, tle_state_gcrs
from baiterek.tracking.passes import look_angles
from baiterek.tracking.visibility import join_tracks, look_angles_many, visibility
from baiterek.units import DEG, KM, SECOND

LIFTOFF = "2027-06-01T06:00:00Z"
STATIONS = ("baikonur-tracking", "akkol-kazsat-mcc", "kokterek-kazsat-backup", "esa-redu")
EVENTS = (
    ("liftoff", 0.0),
    ("stage1_separation", 162.0),
    ("fairing_jettison", 210.0),
    ("insertion", 560.0),
)


def _ascent_geodetic(t):
    """A synthetic ascent from Site 45/1 to the north-east: 200 km at 560 s, ~1,500 km downrange."""
    site = catalog.site("baikonur-45-1")
    f = np.clip(t / 560.0, 0.0, 1.0)
    lat = site.latitude_deg + 9.0 * f**2
    lon = site.longitude_deg + 10.0 * f**2
    alt = site.altitude_m + 200 * KM * f**1.5
    return lat, lon, alt


@pytest.fixture(scope="module")
def ascent():
    t = np.arange(0.0, 560.0 + 1e-9, 2.0)
    lat, lon, alt = _ascent_geodetic(t)
    r = geodetic_to_ecef(np.radians(lat), np.radians(lon), alt)
    return offset_time(to_time(LIFTOFF), t), r


def _skyfield_elevation_deg(station, t_s):
    ts = to_time(LIFTOFF).ts
    lat, lon, alt = _ascent_geodetic(np.asarray(t_s, float))
    topos = wgs84.latlon(
        station.latitude_deg, station.longitude_deg, elevation_m=station.altitude_m
    )
    target = wgs84.latlon(lat, lon, elevation_m=alt)
    t = ts.tt_jd(to_time(LIFTOFF).tt + np.asarray(t_s, float) / 86400.0)
    alt_angle, _, _ = (target - topos).at(t).altaz()
    return alt_angle.degrees


def test_ascent_event_elevations_match_skyfield(ascent):
    times, r = ascent
    sts = [catalog.station(s) for s in STATIONS]
    vis = visibility(times, r, sts, events=EVENTS, ascent_end_s=560.0)
    assert vis.event_elevation_deg.shape == (len(EVENTS), len(sts))
    worst = 0.0
    for j, st in enumerate(sts):
        ref = _skyfield_elevation_deg(st, [e[1] for e in EVENTS])
        miss = np.abs(vis.event_elevation_deg[:, j] - ref)
        worst = max(worst, float(miss.max()))
        assert np.all(miss < 0.01), (st.id, miss)
        np.testing.assert_array_equal(vis.event_visible[:, j], ref > st.min_elevation_deg)
    print(f"ascent events: worst elevation difference to skyfield {worst:.2e} deg")
    # the track rises over Akkol: insertion is seen there, liftoff from the ground is not
    assert "akkol-kazsat-mcc" in vis.seen_by("insertion")
    assert "liftoff" in vis.unseen_events()


def _skyfield_intervals(station, span_s):
    """Intervals above the mask from skyfield elevations: 1 s grid, crossings to 0.01 s."""
    coarse = np.arange(0.0, span_s + 1e-9, 1.0)
    up = _skyfield_elevation_deg(station, coarse) > station.min_elevation_deg
    edges = []
    for k in np.nonzero(up[1:] != up[:-1])[0]:
        fine = coarse[k] + np.arange(0.0, 1.0 + 1e-9, 0.01)
        f_up = _skyfield_elevation_deg(station, fine) > station.min_elevation_deg
        edges.append(fine[int(np.argmax(f_up != f_up[0]))])
    bounds = ([0.0] if up[0] else []) + edges + ([span_s] if up[-1] else [])
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def test_ascent_aos_and_coverage_match_skyfield(ascent):
    times, r = ascent
    sts = [catalog.station(s) for s in STATIONS]
    vis = visibility(times, r, sts, events=EVENTS, ascent_end_s=560.0)
    every = []
    for j, st in enumerate(sts):
        ref = _skyfield_intervals(st, 560.0)
        every += ref
        assert vis.ascent_seen_s[j] == pytest.approx(sum(b - a for a, b in ref), abs=0.05), st.id
        mine = vis.passes.for_station(st.id)
        assert len(mine) == len(ref), st.id
        for p, (a, _) in zip(mine, ref, strict=True):
            aos = (p.aos_utc - vis.passes.start_utc).total_seconds()
            assert abs(aos - a) < 0.02 * SECOND, (st.id, aos, a)
    union_end, covered = 0.0, 0.0
    for a, b in sorted(every):
        a = max(a, union_end)
        covered += max(b - a, 0.0)
        union_end = max(union_end, b)
    assert vis.ascent_covered_s == pytest.approx(covered, abs=0.05)
    gaps = vis.ascent_gaps_s
    assert gaps.shape[1] == 2 and gaps[0, 0] == 0.0  # nobody sees the pad area at liftoff
    assert vis.ascent_covered_s + np.sum(gaps[:, 1] - gaps[:, 0]) == pytest.approx(560.0)
    doc = vis.to_json()
    assert doc["ascent"]["covered_fraction"] == pytest.approx(vis.ascent_covered_s / 560.0)
    print(f"ascent covered {vis.ascent_covered_s:.1f} s of 560 s; gaps {gaps.tolist()}")


@pytest.fixture(scope="module")
def orbit():
    r0, v0 = elements_to_state(WGS84_A + 410 * KM, 0.0015, 51.6 * DEG, 2.0, 0.5, 0.1)
    fit = tle_from_state("2026-11-21T05:45:04Z", r0, v0)
    times = offset_time(to_time(fit.epoch_utc), np.arange(0.0, 3 * 5560.0, 20.0))
    r, v = tle_state_gcrs(fit.satrec(), times)
    r_i, v_i = frames.gcrs_to_itrs(times, r, v)
    return fit, times, r_i, v_i


def test_orbit_events_and_passes_match_skyfield(orbit):
    fit, times, r_i, v_i = orbit
    st = catalog.station("akkol-kazsat-mcc")
    sat = EarthSatellite(fit.line1, fit.line2, ts=times.ts)
    topos = wgs84.latlon(st.latitude_deg, st.longitude_deg, elevation_m=st.altitude_m)
    t_ev, kind = sat.find_events(topos, times[0], times[-1], altitude_degrees=st.min_elevation_deg)
    culm = [t for t, k in zip(t_ev, kind, strict=True) if k == 1]
    assert culm
    t0 = times[0]
    ev = [(f"culmination-{k}", float((t.tt - t0.tt) * 86400.0)) for k, t in enumerate(culm)]
    ev.append(("quarter", 1234.5))
    vis = visibility(times, r_i, [st], v_itrs_m_s=v_i, events=ev)
    ref = [(sat - topos).at(t0.ts.tt_jd(t0.tt + s / 86400.0)).altaz()[0].degrees for _, s in ev]
    np.testing.assert_allclose(vis.event_elevation_deg[:, 0], ref, atol=0.01)
    assert all(vis.event_visible[:-1, 0])  # every culmination of a pass is above the mask
    rises = [t for t, k in zip(t_ev, kind, strict=True) if k == 0]
    aos = [p.aos_utc for p in vis.passes.for_station(st.id)]
    assert len(aos) == len(rises)
    assert (
        max(abs((a - b.utc_datetime()).total_seconds()) for a, b in zip(aos, rises, strict=True))
        < 5
    )


def test_join_tracks_drops_the_shared_instant_and_look_angles_many_equals_one(orbit):
    _, times, r_i, v_i = orbit
    first = (times[:10], r_i[:10], v_i[:10])
    second = (times[9:20], r_i[9:20], v_i[9:20])
    t, r, v = join_tracks(first, second)
    assert len(t.tt) == 20 and r.shape == (20, 3) and v is not None
    np.testing.assert_array_equal(r, r_i[:20])
    assert join_tracks(first, (times[9:20], r_i[9:20], None))[2] is None
    st = [catalog.station("esa-redu"), catalog.station("esa-kourou")]
    az, el, rng = look_angles_many(st, r_i[:50])
    for j, s in enumerate(st):
        a1, e1, g1 = look_angles(s, r_i[:50])
        np.testing.assert_allclose(el[j], e1, atol=1e-12)
        np.testing.assert_allclose(rng[j], g1, rtol=1e-12)


def test_visibility_input_errors(ascent):
    times, r = ascent
    st = catalog.station("akkol-kazsat-mcc")
    with pytest.raises(InputError, match="events.late"):
        visibility(times, r, st, events=[("late", 1e4)])
    with pytest.raises(InputError, match="ascent_end_s"):
        visibility(times, r, st, ascent_end_s=-1.0)
    with pytest.raises(InputError, match="event"):
        visibility(times, r, st).seen_by("nothing")
    assert math.isnan(visibility(times, r, st).ascent_covered_s)
