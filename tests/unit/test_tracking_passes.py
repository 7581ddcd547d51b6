"""Passes against skyfield's independent ``find_events``; stations catalog; never-visible station."""

import numpy as np
import pytest
from skyfield.api import EarthSatellite, wgs84

from baiterek import catalog
from baiterek.constants import WGS84_A
from baiterek.earth import frames
from baiterek.earth.time import offset_time, to_time
from baiterek.errors import InfeasibleError, InputError
from baiterek.orbit.elements import elements_to_state
from baiterek.orbit.tle import tle_from_state, tle_state_gcrs
from baiterek.tracking.passes import find_passes, look_angles

SECOND = 1.0


@pytest.fixture(scope="module")
def orbit():
    """A fitted TLE and its SGP4 positions in ITRS over one day (20 s grid)."""
    r0, v0 = elements_to_state(WGS84_A + 410e3, 0.0015, np.radians(51.6), 2.0, 0.5, 0.1)
    fit = tle_from_state("2026-11-21T05:45:04Z", r0, v0)
    sat = fit.satrec()
    times = offset_time(to_time(fit.epoch_utc), np.arange(0.0, 86400.0, 20.0))
    r, v = tle_state_gcrs(sat, times)
    r_i, v_i = frames.gcrs_to_itrs(times, r, v)
    return fit, times, r_i, v_i


@pytest.mark.parametrize("station_id", ["akkol-kazsat-mcc", "esa-redu", "baikonur-tracking"])
def test_passes_agree_with_skyfield_find_events_within_5_s(orbit, station_id):
    fit, times, r_i, v_i = orbit
    st = catalog.station(station_id)
    mine = find_passes(times, r_i, st, v_itrs_m_s=v_i).for_station(station_id)
    sat = EarthSatellite(fit.line1, fit.line2, ts=times.ts)
    topos = wgs84.latlon(st.latitude_deg, st.longitude_deg, elevation_m=st.altitude_m)
    t, ev = sat.find_events(topos, times[0], times[-1], altitude_degrees=st.min_elevation_deg)
    rise = [x.utc_datetime() for x, e in zip(t, ev, strict=True) if e == 0]
    culm = [x.utc_datetime() for x, e in zip(t, ev, strict=True) if e == 1]
    sets = [x.utc_datetime() for x, e in zip(t, ev, strict=True) if e == 2]
    assert len(mine) == len(rise) == len(sets) >= 3
    worst = 0.0
    for p, a, c, s in zip(mine, rise, culm, sets, strict=False):
        d_aos = abs((p.aos_utc - a).total_seconds())
        d_los = abs((p.los_utc - s).total_seconds())
        d_max = abs((p.max_elevation_utc - c).total_seconds())
        worst = max(worst, d_aos, d_los)
        assert d_aos < 5 * SECOND and d_los < 5 * SECOND, (d_aos, d_los)
        assert d_max < 5 * SECOND, d_max
        assert p.duration_s == pytest.approx((p.los_utc - p.aos_utc).total_seconds())
    print(f"{station_id}: {len(mine)} passes, worst AOS/LOS difference {worst:.3f} s")


def test_elevation_at_aos_and_los_equals_the_mask(orbit):
    fit, times, r_i, v_i = orbit
    st = catalog.station("esa-redu")
    res = find_passes(times, r_i, st, v_itrs_m_s=v_i)
    assert res.passes
    edges = [p.aos_utc for p in res.passes] + [p.los_utc for p in res.passes]
    t = to_time(edges)
    r, v = tle_state_gcrs(fit.satrec(), t)
    _, el, _ = look_angles(st, frames.gcrs_to_itrs(t, r))
    assert np.max(np.abs(np.degrees(el) - 5.0)) < 1e-4  # deg; ~0.01 s of a LEO pass


def test_station_that_never_rises_above_its_mask_is_reported(orbit):
    _, times, r_i, v_i = orbit
    st = catalog.station("esa-kiruna")  # a 51.6 deg LEO stays low in Kiruna's sky
    high = st.with_mask(60.0)
    res = find_passes(times, r_i, high, v_itrs_m_s=v_i)
    with pytest.raises(
        InfeasibleError, match="never sees the object above its elevation mask"
    ) as exc:
        res.require(high.id)
    assert exc.value.limit["highest_elevation_deg"] < 60.0


def test_look_angles_of_the_zenith():
    st = catalog.station("esa-kourou")
    from baiterek.earth.geodesy import geodetic_to_ecef

    above = geodetic_to_ecef(st.latitude, st.longitude, st.altitude_m + 500e3)
    az, el, rng = look_angles(st, above)
    assert np.degrees(el) == pytest.approx(90.0, abs=1e-6) and rng == pytest.approx(500e3)


def test_catalog_stations():
    ids = {s.id for s in catalog.stations()}
    assert {"baikonur-tracking", "akkol-kazsat-mcc", "kokterek-kazsat-backup", "esa-kiruna"} <= ids
    for sid in ("baikonur-tracking", "akkol-kazsat-mcc", "kokterek-kazsat-backup"):
        assert catalog.station(sid).approximate
    assert not catalog.station("esa-kiruna").approximate
    with pytest.raises(InputError, match="esa-kiruna"):
        catalog.station("nowhere")
    sv = catalog.station("ksat-svalbard")
    assert np.degrees(sv.mask_elevation(np.radians(180.0))) == pytest.approx(8.0)
    assert np.degrees(sv.mask_elevation(np.radians(120.0))) == pytest.approx(6.5)
    assert np.degrees(sv.mask_elevation(np.radians(315.0))) == pytest.approx(5.0)


def _ascent(t):
    """A synthetic ascent from Site 45/1: geodetic lat, lon (rad) and height (m) at t (s)."""
    f = np.asarray(t, float) / 530.0
    lat = np.radians(45.943276 + 9.0 * f**2)
    lon = np.radians(63.652939 + 9.0 * f**2)
    h = 200e3 * np.sin(0.5 * np.pi * np.minimum(f, 1.0))
    return lat, lon, h


def test_ascent_pass_from_itrs_positions_refined_below_0_1_s():
    from baiterek.earth.geodesy import geodetic_to_ecef

    t_grid = np.arange(0.0, 531.0, 1.0)
    times = offset_time(to_time("2026-11-21T05:45:04Z"), t_grid)
    r = geodetic_to_ecef(*_ascent(t_grid))
    st = catalog.station("baikonur-tracking")
    res = find_passes(times, r, st)
    (p,) = res.passes
    assert (
        not p.aos_at_start and not p.los_at_end
    )  # rises above 5 deg after liftoff, sets before SECO
    # brute force on the exact (not interpolated) trajectory, 1 ms grid
    fine = np.arange(0.0, 530.0, 1e-3)
    _, el, _ = look_angles(st, geodetic_to_ecef(*_ascent(fine)))
    above = np.degrees(el) > 5.0
    t_aos_exact = fine[np.argmax(above)]
    t_los_exact = fine[len(above) - 1 - np.argmax(above[::-1])]
    t_aos = (p.aos_utc - times[0].utc_datetime()).total_seconds()
    t_los = (p.los_utc - times[0].utc_datetime()).total_seconds()
    print(
        f"ascent AOS T+{t_aos:.3f} s (brute force {t_aos_exact:.3f}), LOS T+{t_los:.3f} s ({t_los_exact:.3f})"
    )
    assert abs(t_aos - t_aos_exact) < 0.1 * SECOND
    assert abs(t_los - t_los_exact) < 0.1 * SECOND
