"""A flown configuration as a change of the catalog data (flight/configuration.py); no flights.

References: the catalog vehicles themselves (falcon-9.toml: stage1 burns 411 t at throttle 0.94
in 162 s, Merlin 1D throttle 0.40-1.0; soyuz-2.1b.toml) and mass conservation: what the
configured sequence burns plus what it drops equals what the catalog loaded, to rounding.
"""

import numpy as np
import pytest

from baiterek import catalog
from baiterek.errors import InputError
from baiterek.flight.configuration import (
    FlownConfiguration,
    configure_sequence,
    configure_vehicle,
)
from baiterek.flight.sequence import build_sequence, stage_times
from baiterek.mission import mission_from_dict

F9 = catalog.vehicle("falcon-9")
PAYLOAD = 4000.0
MASS_TOL_KG = 1e-6
"""Sums of a few products of kg/s and s near 1e5 kg: rounding is below 1e-9 kg."""


def _burnt(seq):
    return float(np.sum(seq.seg_mass_flow * (seq.seg_end - seq.seg_start)))


def test_cutoff_keeps_the_rest_aboard_and_drops_it_with_the_stage():
    v = configure_vehicle(F9, FlownConfiguration(cutoff={"stage1": 145.0}))
    times = stage_times(v)
    assert times["stage1"][1] == pytest.approx(145.0, abs=1e-12)
    assert times["stage2"][0] == pytest.approx(145.0 + 7.0, abs=1e-12)  # catalog offset kept
    seq = build_sequence(v, PAYLOAD)
    s1 = v.stage("stage1")
    reserve = s1.propellant_mass_kg - s1.mass_flow * 145.0
    catalog_residual = 411000.0 - F9.stage("stage1").mass_flow * 162.0  # 176.7 kg (falcon-9.toml)
    assert reserve == pytest.approx(catalog_residual + s1.mass_flow * 17.0, rel=1e-12)
    j = int(np.argmin(np.abs(seq.seg_start - 148.0)))  # separation 3 s after cutoff
    assert seq.seg_drop[j] == pytest.approx(s1.dry_mass_kg + reserve, abs=MASS_TOL_KG)


def test_ignition_separation_and_fairing_times():
    cfg = FlownConfiguration(
        cutoff={"stage1": 145.0},
        separation={"stage1": 148.5},
        ignition={"stage2": 156.0},
        fairing_jettison=190.0,
    )
    v = configure_vehicle(F9, cfg)
    t = stage_times(v)
    assert t["stage1"] == pytest.approx((0.0, 145.0, 148.5), abs=1e-12)
    assert t["stage2"][0] == pytest.approx(156.0, abs=1e-12)
    seq = build_sequence(v, PAYLOAD)
    assert (190.0, F9.fairing.mass_kg, "fairing_jettison") in seq.timed_drops
    assert dict((n, e) for e, n in seq.events)["stage2_ignition"] == pytest.approx(156.0)


def test_throttle_profile_splits_segments_and_conserves_propellant():
    base_v = configure_vehicle(F9, FlownConfiguration(cutoff={"stage1": 150.0}))
    base = build_sequence(base_v, PAYLOAD)
    cfg = FlownConfiguration(
        cutoff={"stage1": 150.0}, throttle_profile={"stage1": ((48.0, 0.7), (68.0, 0.94))}
    )
    v = configure_vehicle(F9, cfg)
    seq = configure_sequence(build_sequence(v, PAYLOAD), v, cfg)
    assert 48.0 in seq.seg_start and 68.0 in seq.seg_start
    s1 = v.stage("stage1")
    i = int(np.nonzero(seq.seg_start == 48.0)[0][0])
    assert seq.seg_thrust_vac[i] == pytest.approx(s1.thrust_vac * 0.7 / 0.94, rel=1e-12)
    assert seq.seg_min_throttle[i] == pytest.approx(0.40 / 0.7, rel=1e-12)
    saved = s1.mass_flow * 20.0 * (1 - 0.7 / 0.94)
    assert _burnt(base) - _burnt(seq) == pytest.approx(saved, abs=MASS_TOL_KG)
    # what the throttle-down did not burn leaves with the stage: the mass at the end is unchanged
    assert np.sum(seq.seg_drop) - np.sum(base.seg_drop) == pytest.approx(saved, abs=MASS_TOL_KG)
    assert seq.unusable_mass(1e9, False) == pytest.approx(base.unusable_mass(1e9, False),
                                                          abs=MASS_TOL_KG)  # fmt: skip


def test_no_fairing_leaves_the_liftoff_mass():
    cfg = FlownConfiguration(fairing=False)
    seq = configure_sequence(build_sequence(F9, PAYLOAD), F9, cfg)
    assert seq.liftoff_mass == pytest.approx(F9.dry_liftoff_mass + PAYLOAD - 1900.0, abs=1e-9)
    assert seq.fairing_mode == 0 and seq.fairing_mass == 0.0
    assert all(d[2] != "fairing_jettison" for d in seq.timed_drops)


@pytest.mark.parametrize(
    ("cfg", "field", "needle"),
    [
        (FlownConfiguration(cutoff={"stage3": 100.0}), "configuration.cutoff_s.stage3", "stage1"),
        (FlownConfiguration(cutoff={"stage1": 170.0}), "configuration.cutoff_s.stage1", "T+162.1 s"),
        (FlownConfiguration(cutoff={"stage1": -1.0}), "configuration.cutoff_s.stage1", ">= 0"),
        (FlownConfiguration(throttle={"stage1": 0.2}), "configuration.throttle.stage1", "0.4"),
        (FlownConfiguration(throttle={"stage1": 1.0}), "configuration.throttle.stage1", "cutoff"),
        (FlownConfiguration(ignition={"stage1": 3.0}), "configuration.ignition_s.stage1", "liftoff"),
        (FlownConfiguration(separation={"stage1": 100.0}), "configuration.separation_s.stage1",
         "cutoff"),
        (FlownConfiguration(throttle_profile={"stage2": ((200.0, 0.8),)}),
         "configuration.throttle_profile.stage2", "last"),
        (FlownConfiguration(throttle_profile={"stage1": ((170.0, 0.8),)}),
         "configuration.throttle_profile.stage1", "within"),
        (FlownConfiguration(fairing=False, fairing_jettison=100.0),
         "configuration.fairing_jettison_s", "fairing = false"),
    ],
)  # fmt: skip
def test_mistakes_name_the_key(cfg, field, needle):
    with pytest.raises(InputError) as exc:
        configure_vehicle(F9, cfg)
    assert exc.value.field == field
    assert needle in str(exc.value)


def test_cutoff_with_a_higher_throttle_is_limited_by_its_propellant():
    v = configure_vehicle(F9, FlownConfiguration(cutoff={"stage1": 150.0},
                                                 throttle={"stage1": 1.0}))  # fmt: skip
    assert v.stage("stage1").throttle == 1.0
    with pytest.raises(InputError, match=r"at most T\+152\.3 s"):  # 411 t / 2,699 kg/s
        configure_vehicle(F9, FlownConfiguration(cutoff={"stage1": 155.0},
                                                 throttle={"stage1": 1.0}))  # fmt: skip


def test_mission_file_table_is_validated_with_its_vehicle():
    raw = {
        "mission": {"vehicle": "falcon-9", "site": "ccsfs-slc-40", "payload_kg": 4000},
        "target": {"kind": "circular", "altitude_km": 200, "inclination_deg": 28.6},
        "configuration": {"cutoff_s": {"stage1": 152.0}, "throttle_profile": {
            "stage1": [[48.0, 0.7], [68.0, 0.94]]}},
    }  # fmt: skip
    m = mission_from_dict(raw)
    cfg = FlownConfiguration.from_section(m.configuration)
    assert cfg.cutoff == {"stage1": 152.0}
    assert cfg.throttle_profile["stage1"] == ((48.0, 0.7), (68.0, 0.94))
    raw["configuration"] = {"cutoff_s": {"booster": 152.0}}
    with pytest.raises(InputError) as exc:
        mission_from_dict(raw)
    assert exc.value.field == "configuration.cutoff_s.booster"
    raw["configuration"] = {"cutoff_s": {"stage1": -5.0}}
    with pytest.raises(InputError) as exc:
        mission_from_dict(raw)
    assert exc.value.field == "configuration.cutoff_s.stage1"
    raw["configuration"] = {"cutof_s": {"stage1": 152.0}}
    with pytest.raises(InputError) as exc:
        mission_from_dict(raw)
    assert exc.value.field == "configuration.cutof_s"
