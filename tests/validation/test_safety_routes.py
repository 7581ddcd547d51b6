"""Where the jettisoned bodies of Baikonur launches fall, against docs/reference/drop-zones.md.

No body's data is tuned to these figures (the bodies are F1's catalog data, the zones are
data/zones/baikonur.geojson); each test prints its miss. References (docs/reference/drop-zones.md, sec. 2-3):
Soyuz boosters in Ulytau region "a few hundred km" out (Site 31/6 to Zhezkazgan about 372 km);
Soyuz core in the Altai Republic about 1,650 km from 31/6; Proton stage 1 in RP 15/25; Proton
stage 2 near RP 327 / Site 310, about 1,620-1,840 km; no zone published for Sunkar. Proton-M
flies a flight of that route as flown (Hot Bird 8, examples/proton-m-hot-bird-8.toml).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from baiterek.flight.iip import borders
from baiterek.safety.analysis import safety


def _mission(tmp_path_factory, name, vehicle, site, payload_kg, altitude_km, inclination_deg):
    p = tmp_path_factory.mktemp("m") / f"{name}.toml"
    p.write_text(
        f'[mission]\nname = "{name}"\nvehicle = "{vehicle}"\nsite = "{site}"\n'
        f'payload_kg = {payload_kg}\nlaunch_time_utc = "2027-03-01T06:00:00Z"\n'
        f'[target]\nkind = "circular"\naltitude_km = {altitude_km}\n'
        f"inclination_deg = {inclination_deg}\n"
    )
    return safety(p)


def _bodies(r):
    return {b.name: b for b in r.bodies}


def _print(r):
    print(f"\n{r!r}")
    for b in r.to_json()["bodies"]:
        near = ", ".join(f"{n['zone']} {n['margin_km']:+.1f} km" for n in b["nearest_zones"][:2])
        print(
            f"  {b['name']:20s} {b['status']:8s} downrange {b['downrange_km']} km at "
            f"{b['impact_latitude_deg']} N {b['impact_longitude_deg']} E; zone {b['zone']} "
            f"inside {b['inside']} margin {b['margin_km']} km; nearest: {near}"
        )


@pytest.fixture(scope="module", params=["soyuz-2.1a", "soyuz-2.1b"])
def soyuz(request, tmp_path_factory):
    payload = {"soyuz-2.1a": 6000, "soyuz-2.1b": 7000}[request.param]
    r = _mission(tmp_path_factory, request.param, request.param, "baikonur-31-6", payload, 200,
                 51.6)  # fmt: skip
    _print(r)
    return r


def test_soyuz_boosters_fall_in_ulytau_a_few_hundred_km_out(soyuz):
    kz, _ = borders()
    for name in ("booster-b", "booster-v", "booster-g", "booster-d"):
        b = _bodies(soyuz)[name]
        miss = b.downrange / 1e3 - 372.0
        print(f"{soyuz.vehicle_id} {name}: {b.downrange / 1e3:.1f} km downrange "
              f"(31/6 to Zhezkazgan 372 km: {miss:+.1f} km); {b.containment.statement}")  # fmt: skip
        assert b.status == "impact" and 200e3 < b.downrange < 500e3  # "a few hundred km"
        assert shapely.contains_xy(
            kz, b.longitude * 57.29577951308232, b.latitude * 57.29577951308232
        )
        assert b.containment.zone == "ulytau-soyuz-boosters" and b.containment.inside


def test_soyuz_core_falls_in_the_altai_about_1650_km_out(soyuz):
    b = _bodies(soyuz)["core"]
    miss = b.downrange / 1e3 - 1650.0
    print(f"{soyuz.vehicle_id} core: {b.downrange / 1e3:.1f} km downrange (reference about 1,650 "
          f"km: {miss:+.1f} km); {b.containment.statement}")  # fmt: skip
    # "roughly the published distance": 10 % of 1,650 km
    assert abs(miss) < 165.0
    assert b.containment.zone == "ust-kan-altai" and b.containment.inside


def test_soyuz_fairing_halves_fall_between_boosters_and_core(soyuz):
    bs = _bodies(soyuz)
    for name in ("fairing-half-1", "fairing-half-2"):
        f = bs[name]
        print(f"{soyuz.vehicle_id} {name}: {f.downrange / 1e3:.1f} km downrange (a Progress MS-21 "
              f"fairing fragment lay about 680 km from 31/6: {f.downrange / 1e3 - 680:+.1f} km); "
              f"{f.containment.statement}")  # fmt: skip
        assert bs["booster-b"].downrange < f.downrange < bs["core"].downrange


HOT_BIRD_8 = Path(__file__).parents[2] / "examples" / "proton-m-hot-bird-8.toml"
"""Proton-M / Breeze-M, Hot Bird 8 (2006): a flight of the route the zones were published for,
flown as it was (the orbital block on a suborbital path; every key sourced in the file)."""


@pytest.fixture(scope="module")
def proton():
    from baiterek.mission import load_mission
    from baiterek.safety.analysis import fly_ascent

    m = load_mission(HOT_BIRD_8)
    traj = fly_ascent(m)
    r = safety(m, trajectory=traj)
    _print(r)
    return r, traj


def test_proton_stage1_inside_or_within_a_few_km_of_rp15_rp25(proton):
    r, _ = proton
    b = _bodies(r)["stage1"]
    zs = r.zone_set
    from baiterek.safety.zones import signed_distance_m

    lat, lon = b.latitude * 57.29577951308232, b.longitude * 57.29577951308232
    m = max(signed_distance_m(lat, lon, zs.zone(z).ring) for z in ("rp-15", "rp-25"))
    print(f"proton-m (Hot Bird 8) stage1: {b.downrange / 1e3:.1f} km downrange, margin to "
          f"RP 15/25 {m / 1e3:+.1f} km")  # fmt: skip
    assert m > -5e3  # "within a few km"


def test_proton_stage2_near_rp327_site310(proton):
    r, _ = proton
    b = _bodies(r)["stage2"]
    dr = b.downrange / 1e3
    print(f"proton-m (Hot Bird 8) stage2: {dr:.1f} km downrange (reference 1,620-1,840 km: "
          f"{dr - 1840 if dr > 1840 else min(0.0, dr - 1620):+.1f} km); {b.containment.statement}")  # fmt: skip
    assert 1620 - 100 < dr < 1840 + 100


def test_proton_stage3_falls_in_the_pacific(proton):
    """Reference: "the third [stage fell] in the Pacific Ocean" (Roscosmos via Novosti Gornogo
    Altaya, galt-auto.ru/news/2010-04-27-912, a Proton-M/Breeze-M flight of 24 Apr 2010) [B]."""
    import shapely

    r, _ = proton
    b = _bodies(r)["stage3"]
    lat, lon = b.latitude * 57.29577951308232, b.longitude * 57.29577951308232
    _, land = borders()
    print(f"proton-m (Hot Bird 8) stage3: {b.downrange / 1e3:.0f} km downrange at {lat:.2f} N "
          f"{lon:.2f} E")  # fmt: skip
    assert b.status == "impact" and 120.0 < lon % 360.0 < 250.0
    assert not shapely.contains_xy(land, lon, lat)


def test_proton_orbital_block_separates_above_150_km(proton):
    """Reference: "585 s after liftoff the orbital block separated from the third stage ... at
    an altitude above 150 km" (Roscosmos via ITAR-TASS, russianla.com story 287488) [S]."""
    _, traj = proton
    e = traj.event("stage3_separation")
    print(f"proton-m (Hot Bird 8) orbital block separation: T+{e.time:.1f} s at "
          f"{e.altitude / 1e3:.1f} km (published 585 s, above 150 km: {e.time - 585:+.1f} s)")  # fmt: skip
    assert e.altitude > 150e3


@pytest.mark.xfail(strict=True, reason="known miss, reported: the orbital block separates at "
                   "T+540 s, 45 s before the published 585 s (the catalog's stage 3 burns 213 s)")  # fmt: skip
def test_proton_orbital_block_separates_at_585_s(proton):
    _, traj = proton
    t = traj.event("stage3_separation").time
    print(f"proton-m (Hot Bird 8) orbital block separation T+{t:.1f} s: {t - 585:+.1f} s")
    assert abs(t - 585.0) < 10.0


@pytest.fixture(scope="module", params=[(51.6, 200, 15000), (64.8, 200, 12000), (97.4, 500, 8000)],
                ids=["51.6", "64.8", "97.4"])  # fmt: skip
def sunkar(request, tmp_path_factory):
    inc, alt, payload = request.param
    r = _mission(tmp_path_factory, f"sunkar-{inc}", "sunkar", "baikonur-45-1", payload, alt, inc)
    _print(r)
    return r


def test_sunkar_bodies_and_candidate_zones(sunkar):
    from baiterek.catalog.zones import parse_zones

    bs = _bodies(sunkar)
    assert bs["stage2"].status == "orbital" and bs["stage2"].orbit["perigee_km"] > 150
    cz = parse_zones({"type": "FeatureCollection", "features": list(sunkar.candidates)})
    for name in ("stage1", "fairing-half-1", "fairing-half-2"):
        b = bs[name]
        assert b.status == "impact" and b.containment.zone is None  # no zone is published
        assert "no fall area is assigned" in b.containment.statement
        (z,) = cz.assigned("sunkar", name, "baikonur-45-1", sunkar.inclination_deg)
        e = z.ellipse
        print(f"sunkar {sunkar.inclination_deg} deg {name}: {b.downrange / 1e3:.1f} km at "
              f"{e.centre_latitude_deg:.3f} N {e.centre_longitude_deg:.3f} E ({z.country}); "
              f"candidate {z.id}: {2 * e.semi_major_km:.1f} x {2 * e.semi_minor_km:.1f} km at "
              f"{e.azimuth_deg:.0f} deg; {z.note}")  # fmt: skip
        assert b.footprint.levels[-1].coverage == 0.99999
