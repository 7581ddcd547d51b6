"""Footprints: 2-D coverage of the ellipses, fits to samples, linear covariance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import chi2

from baiterek.catalog.zones import parse_zones
from baiterek.safety.footprint import (
    candidate_zone_feature,
    coverage_of_sigma,
    empirical_contour,
    footprint_from_covariance,
    footprint_from_samples,
    gaussian_samples,
    linear_covariance,
    sigma_for_coverage,
)
from baiterek.safety.zones import GEOD, local_projection


def test_sigma_for_coverage_is_chi2_two_dof():
    # docs/reference/drop-zones.md sec. 5: n = 2.65, 3.03, 4.80 for 97 %, 99 %, 99.999 %; scipy chi2(2) as reference
    k = sigma_for_coverage([0.97, 0.99, 0.99999])
    assert k == pytest.approx(np.sqrt(chi2.ppf([0.97, 0.99, 0.99999], 2)), rel=1e-12)
    assert k == pytest.approx([2.65, 3.03, 4.80], abs=0.006)
    assert coverage_of_sigma([1, 2, 3]) == pytest.approx([0.3935, 0.8647, 0.9889], abs=1e-4)


def test_sample_footprint_really_holds_its_coverage():
    rng = np.random.default_rng(11)
    n = 200_000
    lat0, lon0 = 47.0, 67.0
    e = rng.standard_normal(n) * 8e3
    nn = rng.standard_normal(n) * 3e3
    th = math.radians(30.0)
    x, y = e * math.cos(th) - nn * math.sin(th), e * math.sin(th) + nn * math.cos(th)
    tr = local_projection(lat0, lon0)
    from pyproj import Transformer

    inv = Transformer.from_crs(tr.target_crs, tr.source_crs, always_xy=True)
    lon, lat = inv.transform(x, y)
    fp = footprint_from_samples(np.radians(lat), np.radians(lon))
    assert math.degrees(fp.latitude) == pytest.approx(lat0, abs=1e-3)
    xy = np.column_stack(tr.transform(lon, lat))
    d2 = np.einsum("ij,jk,ik->i", xy, np.linalg.inv(fp.covariance), xy)
    for lv in fp.levels[:2]:
        held = np.mean(d2 <= lv.sigma**2)
        print(f"ellipse labelled {lv.coverage:.3f} holds {held:.4f} of {n} samples")
        assert held == pytest.approx(lv.coverage, abs=0.002)
    big = fp.levels[0]
    assert big.semi_major / big.semi_minor == pytest.approx(8 / 3, rel=0.02)
    # long axis at azimuth 60 deg: the x axis rotated by 30 deg towards the north
    assert math.degrees(big.azimuth) == pytest.approx(60.0, abs=0.5)
    hull = empirical_contour(np.radians(lat[:5000]), np.radians(lon[:5000]), 0.97)
    assert len(hull) > 4 and hull[0] == hull[-1]


def test_linear_covariance_of_a_linear_map_is_exact():
    # a fall that moves the impact 2 km east per sigma of x and 1 km north per sigma of drag
    def fall(states, drag):
        m = len(drag)
        lon, lat, _ = GEOD.fwd(
            np.full(m, 67.0), np.full(m, 47.0), np.zeros(m), (drag - 1) / 0.2 * 1e3
        )
        lon2, lat2, _ = GEOD.fwd(lon, lat, np.full(m, 90.0), states[:, 0] / 300.0 * 2e3)
        return np.radians(lat2), np.radians(lon2)

    lat, lon, cov = linear_covariance(fall, np.zeros(7))
    assert cov[0, 0] == pytest.approx(4e6, rel=1e-3) and cov[1, 1] == pytest.approx(1e6, rel=1e-3)
    fp = footprint_from_covariance(lat, lon, cov)
    feat = candidate_zone_feature(
        "candidate-sunkar-stage1",
        "candidate",
        fp,
        vehicle_id="sunkar",
        body_name="stage1",
        site_id="baikonur-45-1",
        inclination_deg=51.6,
        country="KZ",
    )
    zs = parse_zones({"type": "FeatureCollection", "features": [feat]})
    z = zs.zones[0]
    assert z.ellipse.semi_major_km == pytest.approx(2 * 4.799, rel=1e-3)
    assert zs.assigned("sunkar", "stage1", "baikonur-45-1", 51.6) == (z,)


def test_gaussian_samples_reproduce_the_covariance_and_coverage():
    fp = footprint_from_covariance(math.radians(47.0), math.radians(67.0),
                                   [[9e6, 2e6], [2e6, 4e6]])  # fmt: skip
    lat, lon = gaussian_samples(fp, 100_000, seed=4)
    back = footprint_from_samples(lat, lon)
    assert back.covariance == pytest.approx(fp.covariance, rel=0.02)
    a, b = gaussian_samples(fp, 10, seed=4)
    assert np.array_equal(a, gaussian_samples(fp, 10, seed=4)[0])  # seeded: bit for bit
