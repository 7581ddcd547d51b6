"""Footprint ellipses at their true 2-D coverage, empirical contours, containment."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer
from scipy.stats import chi2

from baiterek.dispersion.footprint import containment, coverage_radius, footprint


def _scatter(n=20000, seed=3):
    rng = np.random.default_rng(seed)
    # a normal scatter of 20 km x 5 km, major axis toward azimuth 60 deg, around 47 N, 66 E
    az = np.radians(60.0)
    major = np.array([np.sin(az), np.cos(az)])
    minor = np.array([np.cos(az), -np.sin(az)])
    xy = rng.standard_normal((n, 1)) * 20e3 * major + rng.standard_normal((n, 1)) * 5e3 * minor
    tr = Transformer.from_crs(
        "+proj=aeqd +lat_0=47 +lon_0=66 +datum=WGS84 +units=m", "EPSG:4326", always_xy=True
    )
    lon, lat = tr.transform(xy[:, 0], xy[:, 1])
    return np.asarray(lat), np.asarray(lon)


def test_coverage_radius_is_chi_square_two_dof():
    for p in (0.97, 0.99, 0.99999):
        assert coverage_radius(p) == pytest.approx(np.sqrt(chi2.ppf(p, 2)), rel=1e-12)
    assert coverage_radius(0.99) == pytest.approx(3.0349, abs=1e-4)


def test_ellipses_hold_their_coverage():
    lat, lon = _scatter()
    fp = footprint(lat, lon)
    assert fp.n == 20000 and len(fp.ellipses) == 3
    e97, e99, e5 = fp.ellipses
    k = coverage_radius(0.99)
    assert e99.semi_major_m == pytest.approx(k * 20e3, rel=0.02)
    assert e99.semi_minor_m == pytest.approx(k * 5e3, rel=0.02)
    assert e99.major_azimuth_deg == pytest.approx(60.0, abs=0.5)
    assert abs(e97.empirical_coverage - 0.97) < 0.004  # binomial sd at N = 20,000: 0.0012
    assert abs(e99.empirical_coverage - 0.99) < 0.003
    assert e5.empirical_coverage > 0.9995
    p, clat, clon = fp.contours[1]
    assert p == 0.99 and clat.size > 5 and clon.size == clat.size


def test_containment_with_clopper_pearson_lower_bound():
    lat, lon = _scatter(5000)
    box_lat = np.array([46.0, 46.0, 48.0, 48.0])
    box_lon = np.array([65.0, 67.0, 67.0, 65.0])
    c = containment(lat, lon, "box", box_lat, box_lon)
    assert c.inside == c.n == 5000 and c.fraction == 1.0
    assert c.lower_95 == pytest.approx(0.05 ** (1 / 5000))  # exact one-sided bound at k = n
    half = containment(lat, lon, "east half", box_lat, np.array([66.0, 67.0, 67.0, 66.0]))
    assert 0.45 < half.fraction < 0.55 and half.lower_95 < half.fraction
    lat2 = lat.copy()
    lat2[:10] = np.nan  # no impact computed: counted outside
    assert containment(lat2, lon, "box", box_lat, box_lon).inside == 4990
