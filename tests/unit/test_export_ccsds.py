"""OEM and OPM read back by an independent reader (the ccsds-ndm package) give the same states."""

import numpy as np
import pytest
from ccsds_ndm.ndm_io import NdmIo

from baiterek.earth.time import offset_time, to_time
from baiterek.errors import InputError
from baiterek.export import ccsds

MM = 1e-3  # m
T0 = to_time("2026-11-21T05:45:04.123Z")


def _states(n=50):
    rng = np.random.default_rng(7)
    r = rng.normal(size=(n, 3)) * 7.0e6
    v = rng.normal(size=(n, 3)) * 7.5e3
    return offset_time(T0, np.arange(n) * 60.0), r, v


def _vec(sv):
    r = np.array([sv.x.value, sv.y.value, sv.z.value]) * 1e3
    v = np.array([sv.x_dot.value, sv.y_dot.value, sv.z_dot.value]) * 1e3
    return r, v


@pytest.mark.parametrize("writer", [ccsds.oem_kvn, ccsds.oem_xml])
@pytest.mark.parametrize("frame", ["EME2000", "GCRF"])
def test_oem_round_trip_through_ccsds_ndm_within_1_mm(writer, frame):
    times, r, v = _states()
    text = writer(times, r, v, object_name="SUNKAR-1", object_id="2026-001A", ref_frame=frame)
    oem = NdmIo().from_string(text)
    seg = oem.body.segment[0]
    meta = seg.metadata
    assert (meta.object_name, meta.object_id, meta.center_name) == (
        "SUNKAR-1",
        "2026-001A",
        "EARTH",
    )
    assert (meta.ref_frame, meta.time_system) == (frame, "UTC")
    assert meta.start_time.startswith("2026-11-21T05:45:04.123")
    assert oem.header.originator == "BAITEREK" and oem.header.creation_date
    rows = seg.data.state_vector
    assert len(rows) == len(r)
    back = [_vec(sv) for sv in rows]
    r_b = np.array([b[0] for b in back])
    v_b = np.array([b[1] for b in back])
    r_g, v_g = ccsds.ref_frame_to_gcrs(frame, r_b, v_b)
    assert np.max(np.linalg.norm(r_g - r, axis=1)) < 1 * MM
    assert np.max(np.linalg.norm(v_g - v, axis=1)) < 1e-6  # m/s
    assert [sv.epoch for sv in rows] == ccsds.ccsds_time(times)


@pytest.mark.parametrize("writer", [ccsds.opm_kvn, ccsds.opm_xml])
def test_opm_with_covariance_round_trip(writer):
    _, r, v = _states(1)
    cov = np.diag([100.0, 200.0, 300.0, 0.01, 0.02, 0.03]) ** 2
    cov[0, 3] = cov[3, 0] = 0.5
    text = writer(
        T0,
        r[0],
        v[0],
        object_name="SUNKAR-1",
        object_id="2026-001A",
        covariance=cov,
        mass_kg=1500.0,
    )
    opm = NdmIo().from_string(text)
    d = opm.body.segment.data
    r_b, v_b = ccsds.ref_frame_to_gcrs("EME2000", *_vec(d.state_vector))
    assert np.linalg.norm(r_b - r[0]) < 1 * MM and np.linalg.norm(v_b - v[0]) < 1e-6
    assert d.state_vector.epoch == "2026-11-21T05:45:04.123000000"
    c = d.covariance_matrix
    assert c.cov_ref_frame == "EME2000"
    assert c.cx_x.value == pytest.approx(cov[0, 0] / 1e6, rel=1e-9)
    assert c.cz_dot_z_dot.value == pytest.approx(cov[5, 5] / 1e6, rel=1e-9)
    assert c.cx_dot_x.value == pytest.approx(0.5 / 1e6, rel=1e-6)
    assert d.spacecraft_parameters.mass.value == 1500.0


def test_frame_bias_is_about_23_mas():
    b = ccsds.frame_bias_matrix()
    angle = np.arccos((np.trace(b) - 1.0) / 2.0)
    mas = np.degrees(angle) * 3.6e6
    assert 20.0 < mas < 26.0, mas


def test_bad_frame_and_non_finite_rows_are_input_errors():
    times, r, v = _states(3)
    with pytest.raises(InputError):
        ccsds.oem_kvn(times, r, v, object_name="X", object_id="Y", ref_frame="J2000")
    r[1, 0] = np.nan
    with pytest.raises(InputError):
        ccsds.oem_kvn(times, r, v, object_name="X", object_id="Y")


def test_ccsds_time_carries_rounding_into_the_next_minute():
    from baiterek.earth.time import timescale

    t = timescale().utc(2026, 12, 31, 23, 59, 59.9999999999)
    assert ccsds.ccsds_time(t) == "2027-01-01T00:00:00.000000000"


def test_oem_lagrange_degree_7_reproduces_the_orbit_between_samples():
    """The OEM advertises LAGRANGE degree 7: 8 samples 30 s apart must interpolate a LEO orbit
    to well below a metre at the mid-points (checked against the propagator's dense output)."""
    from scipy.interpolate import BarycentricInterpolator

    from baiterek.constants import WGS84_A
    from baiterek.orbit.elements import elements_to_state
    from baiterek.orbit.propagate import propagate

    r0, v0 = elements_to_state(WGS84_A + 300e3, 0.01, 0.9, 0.1, 0.2, 0.3)
    grid = np.arange(0.0, 240.0, 30.0)
    prop = propagate(T0, r0, v0, np.sort(np.concatenate([grid, grid[:-1] + 15.0])))
    samples = prop.r_m[0][::2]
    mid = prop.r_m[0][1::2]
    interp = BarycentricInterpolator(grid, samples)(grid[:-1] + 15.0)
    assert np.max(np.linalg.norm(interp - mid, axis=1)) < 0.01  # m
