"""Jettisoned bodies: catalog tables for every vehicle, SI conversion, separation states."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import ValidationError

from baiterek import catalog
from baiterek.catalog.bodies import JettisonedBody
from baiterek.errors import InputError
from baiterek.safety.bodies import Body, bodies_of, separation_delta_v


@pytest.mark.parametrize("vehicle_id", [v.id for v in catalog.vehicles()])
def test_every_vehicle_has_bodies_with_sources(vehicle_id):
    bodies = bodies_of(vehicle_id)
    assert len(bodies) >= 3
    names = [b.name for b in bodies]
    assert len(set(names)) == len(names)
    for b in bodies:
        assert b.mass_kg > 0
        assert {"mass", "drag"} <= set(b.sources)
        # a tumbling body: beta between a fairing shell (~10) and a heavy stage (~300 kg/m2)
        assert 10.0 < b.hypersonic_ballistic_coefficient < 300.0
    kinds = {b.kind for b in bodies}
    assert {"stage", "fairing"} <= kinds


def test_soyuz_bodies_as_listed_in_the_issue():
    """Issue 11: Soyuz-2.1b drops four boosters, the core stage and two fairing halves."""
    bodies = bodies_of("soyuz-2.1b")
    kinds = [b.kind for b in bodies]
    assert kinds.count("booster") == 4
    assert [b.name for b in bodies if b.kind == "fairing"] == ["fairing-half-1", "fairing-half-2"]
    core = next(b for b in bodies if b.name == "core")
    doc = core.to_json()
    assert doc["mass_kg"] == core.mass_kg and doc["sources"]["mass"]
    assert bodies[0].to_json()["separation_clock_deg"] == 0.0
    # docs/reference/drop-zones.md sec. 4: Soyuz core beta about 80-100 kg/m2 (C): within a factor 1.3
    assert 80.0 / 1.3 < core.hypersonic_ballistic_coefficient < 100.0 * 1.3
    booster = bodies[0]
    # docs/reference/drop-zones.md sec. 4: Soyuz booster beta about 150-200 kg/m2 (C): within a factor 1.3
    assert 150.0 / 1.3 < booster.hypersonic_ballistic_coefficient < 200.0 * 1.3


def test_last_stages_fall_back_to_payload_separation():
    for vid in ("sunkar", "falcon-9", "proton-m", "soyuz-2.1b"):
        last = [b for b in bodies_of(vid) if b.kind == "stage"][-1]
        assert "payload_separation" in last.fallback_events


def test_catalog_rejects_a_body_without_drag_data():
    with pytest.raises(ValidationError, match="drag model"):
        JettisonedBody(
            name="x", kind="stage", event="e", dry_mass_kg=1.0, sources={"mass": "a", "drag": "b"}
        )


def test_body_without_drag_is_an_input_error():
    with pytest.raises(InputError, match="bodies.x"):
        Body("x", "stage", "e", 100.0, None, None, None)


def test_separation_delta_v_directions():
    r = np.array([6.4e6, 0.0, 0.0])
    v = np.array([0.0, 2000.0, 500.0])
    v_rel = v - np.cross([0.0, 0.0, 7.292115e-5], r)
    retro = Body("a", "stage", "e", 100.0, 50.0, None, None, separation_dv_m_s=2.0)
    dv = separation_delta_v(r, v, retro)
    assert np.linalg.norm(dv) == pytest.approx(2.0)
    assert np.dot(dv, v_rel) / (2.0 * np.linalg.norm(v_rel)) == pytest.approx(-1.0)
    side = Body("b", "booster", "e", 100.0, 50.0, None, None, 3.0, math.radians(90.0))
    dv = separation_delta_v(r, v, side)
    assert np.linalg.norm(dv) == pytest.approx(3.0)
    assert abs(np.dot(dv, v_rel)) < 1e-9 * np.linalg.norm(v_rel)
    up = separation_delta_v(r, v, Body("c", "booster", "e", 100.0, 50.0, None, None, 3.0, 0.0))
    assert np.dot(up, r) > 0  # clock 0 points upward


class _FakeTrajectory:
    """Samples of a cubic motion r(t) = c0 + c1 t + c2 t^2 + c3 t^3 (Hermite-exact)."""

    def __init__(self, events):
        self.time = np.array([0.0, 1.0, 2.5, 4.0])
        c = np.array([[6.4e6, 1.0, 2.0], [10.0, 200.0, 3.0], [0.5, -1.0, 2.0], [0.01, 0.2, -0.3]])
        self._c = c
        self.position = np.array([self.r(t) for t in self.time])
        self.velocity = np.array([self.v(t) for t in self.time])
        self._events = events

    def r(self, t):
        return self._c[0] + self._c[1] * t + self._c[2] * t**2 + self._c[3] * t**3

    def v(self, t):
        return self._c[1] + 2 * self._c[2] * t + 3 * self._c[3] * t**2

    def event(self, name):
        t = self._events.get(name)
        return None if t is None else type("E", (), {"time": t})()


def test_separation_states_interpolate_and_fall_back():
    from baiterek.safety.bodies import separation_states

    traj = _FakeTrajectory({"a_separation": 1.7, "payload_separation": 9.0})
    a = Body("a", "stage", "a_separation", 500.0, 100.0, None, None)
    last = Body("b", "stage", "b_separation", 300.0, 100.0, None, None,
                fallback_events=("payload_separation",))  # fmt: skip
    lost = Body("c", "fairing", "never", 100.0, 25.0, None, None)
    states, times = separation_states(traj, [a, last, lost])
    np.testing.assert_allclose(states[0, :3], traj.r(1.7), rtol=0, atol=1e-6)
    np.testing.assert_allclose(states[0, 3:6], traj.v(1.7), rtol=0, atol=1e-9)
    assert states[0, 6] == 500.0 and times[0] == 1.7
    assert times[1] == 4.0  # after the last sample: from the last sample, at its time
    np.testing.assert_allclose(states[1, :3], traj.position[-1])
    assert np.all(np.isnan(states[2])) and np.isnan(times[2])  # event not reached


def _sep_drop(seq, t_sep):
    """kg the configured sequence drops at the segment starting at ``t_sep``."""
    j = int(np.argmin(np.abs(np.asarray(seq.seg_start) - t_sep)))
    assert abs(seq.seg_start[j] - t_sep) < 1e-9
    return float(seq.seg_drop[j])


def test_flown_bodies_carry_the_propellant_an_early_cutoff_leaves():
    """Reference: what the flight's own sequence (flight.sequence, flight.configuration) drops
    at the separation of a stage cut off early, against the catalog flight: the body is heavier
    by that difference (mass conservation, nothing tuned)."""
    from baiterek.flight.configuration import (
        FlownConfiguration,
        configure_sequence,
        configure_vehicle,
    )
    from baiterek.flight.sequence import build_sequence, stage_times
    from baiterek.safety.bodies import flown_bodies

    for vid, stage, cut, names in (("proton-m", "stage1", 110.0, ["stage1"]),
                                   ("soyuz-2.1b", "boosters", 110.0,
                                    ["booster-b", "booster-v", "booster-g", "booster-d"]),
                                   ("falcon-9", "stage1", 145.0, ["stage1"])):  # fmt: skip
        v = catalog.vehicle(vid)
        cfg = FlownConfiguration(cutoff={stage: cut})
        flown = configure_vehicle(v, cfg)
        t0, t1 = stage_times(v)[stage][2], stage_times(flown)[stage][2]
        kept = _sep_drop(configure_sequence(build_sequence(flown, 1000.0), flown, cfg), t1) - (
            _sep_drop(build_sequence(v, 1000.0), t0)
        )
        assert kept > 1000.0  # tens of seconds of a first stage's flow
        before = {b.name: b for b in bodies_of(vid)}
        after = {b.name: b for b in flown_bodies(bodies_of(vid), v, cfg)}
        assert set(after) == set(before)
        gained = sum(after[n].mass_kg - before[n].mass_kg for n in names)
        assert gained == pytest.approx(kept, rel=1e-9)
        assert "[configuration]" in after[names[0]].sources["mass"]
        others = set(before) - set(names)
        assert all(after[n].mass_kg == before[n].mass_kg for n in others)


def test_flown_bodies_throttle_profile_keeps_what_it_did_not_burn():
    from baiterek.flight.configuration import FlownConfiguration, configure_sequence
    from baiterek.flight.sequence import build_sequence, stage_times
    from baiterek.safety.bodies import flown_bodies

    v = catalog.vehicle("falcon-9")
    cfg = FlownConfiguration(throttle_profile={"stage1": ((60.0, 0.7), (80.0, 0.94))})
    t_sep = stage_times(v)["stage1"][2]
    kept = _sep_drop(configure_sequence(build_sequence(v, 1000.0), v, cfg), t_sep) - _sep_drop(
        build_sequence(v, 1000.0), t_sep
    )
    b0 = {b.name: b for b in bodies_of("falcon-9")}["stage1"]
    b1 = {b.name: b for b in flown_bodies(bodies_of("falcon-9"), v, cfg)}["stage1"]
    assert kept > 0 and b1.mass_kg - b0.mass_kg == pytest.approx(kept, rel=1e-9)


def test_no_fairing_no_fairing_halves_fall():
    from baiterek.flight.configuration import FlownConfiguration
    from baiterek.safety.bodies import flown_bodies

    for vid in ("soyuz-2.1b", "proton-m", "sunkar"):
        v = catalog.vehicle(vid)
        all_ = bodies_of(vid)
        kept = flown_bodies(all_, v, FlownConfiguration(fairing=False))
        assert [b.name for b in kept] == [b.name for b in all_ if b.kind != "fairing"]
        assert len(kept) < len(all_)
        assert flown_bodies(all_, v, FlownConfiguration()) == all_
