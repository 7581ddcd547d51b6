"""Validation: the post-flight report of Soyuz MS-06 (2017-09-12) from its published orbit.

Achieved: 197 x 255 km at 51.67 deg after third-stage separation (der-orion.com launch log
2017/1461; shared/reference/validation-public.md sec. 2, grade B). Flight:
``examples/soyuz-ms06.toml``: Soyuz MS, 7,080 kg (en.wikipedia Soyuz MS), to the crewed Soyuz
insertion orbit 200 x 240 km at 51.6 deg (en.wikipedia Soyuz-FG via vehicles.md sec. 3.2),
flown by the catalog's Soyuz-2.1a for the Soyuz-FG (no Soyuz-FG in the catalog). The envelope is
a Monte Carlo of 64 dispersed flights run here (seed 1, the vehicle file's dispersions).

What it checks: a flight that went as planned lies within the 3-sigma envelope on every element
(perigee, apogee, inclination); each deviation in sigma and each miss to the target is printed.
Known miss (strict xfail, measured 2026-12-01): with the guidance in the loop of the Monte Carlo
the envelope is tight (perigee and apogee sigma a fraction of a km, set by the assumed [U]
navigation errors at cutoff), and the published orbit lies -33, +35 and +75 sigma from it in
perigee, apogee and inclination: the achieved orbit is 3 km, 15 km and 0.07 deg from the generic
200 x 240 km / 51.6 deg target flown here. MS-06's own planned insertion orbit is not published
(the generic crewed-Soyuz figure stands in), and the vehicle's real injection scatter is not
known; either could explain it. Under the earlier open-loop Monte Carlo the deviations were
+1.2, -0.9 and +0.6 sigma, a verdict that proved nothing (its spread was about 47 km per apsis).
"""

from pathlib import Path

import pytest

from baiterek import api

pytestmark = pytest.mark.validation

ROOT = Path(__file__).parents[2]
LIMIT_SIGMA = 3.0
SAMPLES = 64
"""Enough for a 3-sigma verdict on a deviation of about 1 sigma (sigma known to about 9 %)."""


@pytest.mark.xfail(strict=True, reason="known miss, reported: the published 197 x 255 km / 51.67 "
                   "deg lies -33/+35/+75 sigma from the closed-loop envelope around the generic "
                   "200 x 240 km / 51.6 deg target (MS-06's planned orbit is not published)")  # fmt: skip
def test_soyuz_ms06_within_the_envelope():
    r = api.postflight(ROOT / "examples" / "soyuz-ms06.toml", "197x255@51.67", samples=SAMPLES,
                       seed=1, workers=1, limit_sigma=LIMIT_SIGMA)  # fmt: skip
    doc = r.to_json()
    print(f"\nSoyuz MS-06 post-flight ({doc['envelope']['source']}, "
          f"{doc['envelope']['evaluator']}):")  # fmt: skip
    for e in doc["elements"]:
        print(f"  {e['element']:16s} achieved {e['achieved']:.3f}, target {e['target']:.3f} "
              f"(miss {e['error_to_target']:+.3f}), envelope {e['mean']:.3f} +/- "
              f"{e['sigma']:.3g}: {e['deviation_sigma']:+.2f} sigma (limit {LIMIT_SIGMA:g})")  # fmt: skip
    print(f"  verdict: {doc['verdict']}")
    for n in doc["notes"]:
        print(f"  note: {n}")
    assert r.within_envelope, doc["verdict"]
