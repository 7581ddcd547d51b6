"""Escape geometry, porkchop bookkeeping and lunar planes: no flights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.errors import InputError
from baiterek.flight.escape_steps import ESCAPE_STEP_FRACTION, bound_steps
from baiterek.interplanetary.moon import _nodes_through
from baiterek.interplanetary.porkchop import TYPE_I, TYPE_II, opportunity_grid, porkchop
from baiterek.performance.escape import (
    escape_payload,
    parking_plane,
    reachable_dla_deg,
    transfer_stage_id,
)
from baiterek.performance.escape_curve import EscapeCurve


def test_reachable_dla_from_baikonur_corridors():
    """Baikonur corridors 51.4-52, 64.5-65.2, 69.5-71 and 96.5-99.5 deg (data/sites.toml): a
    prograde plane of inclination i holds |DLA| <= i, a retrograde one |DLA| <= 180 - i."""
    assert reachable_dla_deg("baikonur-45-1") == pytest.approx(83.5)
    assert parking_plane("baikonur-45-1", -49.0)[0] == pytest.approx(51.4)
    assert parking_plane("baikonur-45-1", 51.9)[0] == pytest.approx(51.9)
    assert parking_plane("baikonur-45-1", 60.0)[0] == pytest.approx(64.5)
    assert parking_plane("baikonur-45-1", 80.0)[0] == pytest.approx(99.5)
    with pytest.raises(InputError, match=r"dla_deg.*\|DLA\| <= 83.5 deg from baikonur-45-1"):
        parking_plane("baikonur-45-1", 85.0)


def test_transfer_stage_per_vehicle():
    assert transfer_stage_id("soyuz-2.1b") == "fregat"
    assert transfer_stage_id("sunkar") == "fregat"
    assert transfer_stage_id("proton-m") == "breeze-m"
    assert transfer_stage_id("falcon-9") is None  # its own second stage restarts
    with pytest.raises(InputError, match="vehicle"):
        transfer_stage_id("zenit-2")


def test_c3_outside_the_accepted_range_is_an_input_error():
    with pytest.raises(InputError, match="c3_km2_s2"):
        escape_payload("soyuz-2.1b", "baikonur-31-6", 500.0)


def test_escape_steps_keep_intermediate_orbits_bound():
    v0 = math.sqrt(MU_EARTH / (WGS84_A + 200e3))
    room = ESCAPE_STEP_FRACTION * (math.sqrt(2.0) - 1.0) * v0
    assert bound_steps(2400.0, v0, 42e6) == 10**6  # GTO: unchanged
    for dv in (3300.0, 3700.0, 4500.0, 6000.0):
        n = bound_steps(dv, v0, -1e7)
        assert n >= 1 and (n - 1) / n * dv <= room + 1e-9


def test_escape_curve_interpolates_and_blanks_outside():
    c = EscapeCurve("x", "baikonur-45-1", "fregat", 0.9, 200e3,
                    np.array([0.0, 10e6, 20e6]), np.array([2000.0, 1600.0, np.nan]))  # fmt: skip
    p = c.payload_at(np.array([5e6, 10e6, 15e6, -1e6]))
    assert p[0] == pytest.approx(1800.0) and p[1] == pytest.approx(1600.0)
    assert np.isnan(p[2]) and np.isnan(p[3])
    assert not c.c3.flags.writeable


def test_porkchop_types_shapes_and_refinement():
    dep, arr = opportunity_grid(2028)
    pc = porkchop(departure_jd=dep[::4], arrival_jd=arr[::4])
    assert pc.c3.shape == (dep[::4].size, arr[::4].size)
    assert set(np.unique(pc.kind[np.isfinite(pc.c3)])) == {TYPE_I, TYPE_II}
    for m in pc.minimum_c3:
        assert m.c3 <= np.nanmin(np.where(pc.kind == m.kind, pc.c3, np.nan)) + 1.0
    assert not pc.c3.flags.writeable
    assert "Porkchop(None" in repr(pc)


def test_opportunity_outside_de421_is_refused():
    with pytest.raises(InputError, match="opportunity"):
        opportunity_grid(2060)


@pytest.mark.parametrize("dec_deg", [-28.0, 0.0, 20.0])
def test_both_lunar_planes_hold_the_moon_direction(dec_deg):
    inc = math.radians(51.6)
    d = math.radians(dec_deg)
    u = np.array([math.cos(d) * math.cos(1.0), math.cos(d) * math.sin(1.0), math.sin(d)])
    nodes = _nodes_through(u, inc)
    assert len(nodes) == 2
    for raan in nodes:
        n = np.array(
            [math.sin(raan) * math.sin(inc), -math.cos(raan) * math.sin(inc), math.cos(inc)]
        )
        assert abs(n @ u) < 1e-12
    assert _nodes_through(np.array([0.0, 0.6, 0.8]), inc) == []  # declination 53 deg > i
