"""Escape and lunar performance against flown missions and a hand calculation; each prints its miss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.interplanetary.moon import moon
from baiterek.interplanetary.porkchop import departure
from baiterek.performance.escape import escape_payload

EXOMARS_2016_KG = 4332.0
"""ExoMars 2016 (TGO + Schiaparelli) launch mass, kg; Proton-M/Breeze-M from Baikonur 200/39,
14 Mar 2016 09:31:42 UTC, arrival 19 Oct 2016 (ESA, via docs/reference/precision-and-beyond.md sec. 3 [B])."""
TLI_C3_KM2_S2 = -2.04
"""C3 from a 200 km circular orbit to an apogee at 384,400 km (vis-viva, mu = 398,600.4418
km3/s2; docs/reference/precision-and-beyond.md sec. 2 [A])."""
LUNA_25_KG = 1750.0
"""Luna-25 launch mass, kg; Soyuz-2.1b/Fregat from Vostochny, 10 Aug 2023, direct flight of about
5 days (interfax, TASS, via docs/reference/precision-and-beyond.md sec. 2 [B])."""


@pytest.mark.xfail(
    strict=True,
    reason="known miss, about -80 kg (-1.8 %): the Breeze-M model carries its ~0.7 t auxiliary "
    "tank to the end (data/upper_stages/breeze-m.toml: jettisoned when empty in flight, not "
    "modelled), and its masses are recalled [S/U]",
)
def test_proton_breeze_m_carries_exomars_2016():
    d = departure("2016-03-14T09:31:42Z", "2016-10-19T14:42:00Z")
    r = escape_payload("proton-m", "baikonur-200-39", d.c3 / 1e6, math.degrees(d.dla))
    miss = r.payload_kg - EXOMARS_2016_KG
    print(
        f"ExoMars 2016: C3 {d.c3 / 1e6:.2f} km2/s2, DLA {math.degrees(d.dla):.1f} deg (DE421 "
        f"Lambert); Proton-M/Breeze-M {r.payload_kg:,.0f} kg vs {EXOMARS_2016_KG:,.0f} flown: "
        f"miss {miss:+,.0f} kg"
    )
    assert r.payload_kg >= EXOMARS_2016_KG


def test_tli_c3_of_the_lunar_windows_near_minus_2():
    """Each window's C3 against vis-viva to the Moon's distance at arrival (a Hohmann-like
    5-day arc: within 0.1 km2/s2), and printed against the 384,400 km reference."""
    from baiterek.interplanetary.ephemeris import geocentric_moon_state

    w = moon("soyuz-2.1b", "baikonur-45-1", "2026-06-01", 5, with_payload=False)
    assert len(w) >= 8  # two planes a day
    r_p = WGS84_A + 200e3
    worst = 0.0
    for c3, t_arr in zip(w.c3, w.arrival_jd, strict=True):
        p, _ = geocentric_moon_state(t_arr.reshape(1))
        r_a = float((p[0] @ p[0]) ** 0.5)
        hohmann = -2.0 * MU_EARTH / (r_p + r_a)
        worst = max(worst, abs(c3 - hohmann) / 1e6)
    print(
        f"TLI C3 {w.c3.min() / 1e6:.3f} .. {w.c3.max() / 1e6:.3f} km2/s2 vs {TLI_C3_KM2_S2} "
        f"(384,400 km); worst difference from vis-viva to the Moon's distance {worst:.3f}"
    )
    assert worst < 0.1
    assert abs(float(w.c3.mean()) / 1e6 - TLI_C3_KM2_S2) < 0.15
    # the parking plane holds the Moon's direction at arrival (the window's definition)
    from baiterek.interplanetary.moon import _moon_teme

    inc = w.parking_inclination
    for raan, t_arr in zip(w.raan, w.arrival_jd, strict=True):
        n = np.array([np.sin(raan) * np.sin(inc), -np.cos(raan) * np.sin(inc), np.cos(inc)])
        u = _moon_teme(float(t_arr))
        assert abs(n @ u) / np.linalg.norm(u) < 1e-6


def test_soyuz_fregat_carries_luna_25_from_vostochny():
    r = escape_payload("soyuz-2.1b", "vostochny-1s", TLI_C3_KM2_S2, 0.0)
    miss = r.payload_kg - LUNA_25_KG
    print(
        f"Luna-25: Soyuz-2.1b/Fregat to C3 {TLI_C3_KM2_S2} from Vostochny {r.payload_kg:,.0f} kg "
        f"vs {LUNA_25_KG:,.0f} flown (a lower bound): margin {miss:+,.0f} kg"
    )
    assert r.payload_kg >= LUNA_25_KG
