"""Maximum payloads against published figures (docs/reference/vehicles.md sec. 10), one case per test.

Each assertion prints the published figure, the prediction and the difference. A known miss is
an ``xfail(strict=True)`` with its size in the reason: the test fails the day the miss goes away,
and the tolerance is never widened to hide it. Sources and tolerances live with the cases in
``baiterek.performance.validation``.
"""

import functools
import math

import pytest

from baiterek.errors import ConvergenceError, InfeasibleError
from baiterek.flight.simulate import orbit_target, setup, solve_guidance
from baiterek.mission import mission_from_dict
from baiterek.performance import validation as V
from baiterek.performance.payload import max_payload

pytestmark = pytest.mark.validation

KNOWN_MISSES: dict[str, str] = {}
"""case id -> the miss, as a strict xfail (none today; see the soyuz-2.1b cases' notes)."""

CASES = {c.id: c for c in V.CASES}


@functools.cache
def solved(case_id):
    return V.validate_case(CASES[case_id])


def params():
    for c in V.CASES:
        if c.published_kg is None:
            continue
        marks = ()
        if c.id in KNOWN_MISSES:
            marks = pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[c.id])
        yield pytest.param(c.id, marks=marks, id=c.id)


@pytest.mark.parametrize("case_id", list(params()))
def test_published_figure_within_tolerance(case_id):
    r = solved(case_id)
    c = r.case
    msg = (
        f"{c.vehicle_id} {c.orbit} ({c.kind}): baiterek {r.predicted_kg:,.0f} kg, published "
        f"{c.published_kg:,.0f} kg ({c.source}); difference {r.difference_kg:+,.0f} kg "
        f"({r.difference_pct:+.2f} %), tolerance ±{c.tolerance_pct:g} %"
    )
    print(msg)
    assert r.point.ok, r.point.reason
    assert abs(r.difference_pct) <= c.tolerance_pct, msg


def test_prediction_without_a_figure_is_computed():
    r = solved("sunkar-sso-500")
    print(f"sunkar 500 km SSO: {r.predicted_kg:,.0f} kg at {r.point.inclination_deg:.2f} deg")
    assert r.verdict == "-"
    # below the 17 t calibration point (higher, retrograde), and far from nothing
    assert 8000.0 < r.predicted_kg < 17000.0
    assert r.point.inclination_deg == pytest.approx(97.4, abs=0.05)


DIRECT_CASES = [c.id for c in V.BASE_CASES]


@pytest.mark.parametrize("case_id", DIRECT_CASES)
def test_result_is_a_maximum(case_id):
    """1 % more payload no longer reaches the orbit (around the optimal kick, nor with a full kick
    search); 1 % less still does, around the optimal kick. Every direct-ascent row of the table.

    (A full kick search from scratch, as ``fly`` does, finds no trajectory for payloads within
    2 to 5 % of the maximum: its coarse scan misses the narrow band of kicks that work there.)
    """
    r = solved(case_id)
    t = r.case.target
    m = mission_from_dict(
        {
            "mission": {"vehicle": r.case.vehicle_id, "site": r.case.site_id, "payload_kg": 0},
            "target": t.target_dict(),
        }
    )
    target = orbit_target(m)
    p = r.predicted_kg
    kick = math.radians(r.point.pitch_over_kick_deg)
    cfg = t.configuration  # a case flown with a recovery reserve is checked as it is flown

    def trial(payload):
        return setup(r.case.vehicle_id, r.case.site_id, payload, target, configuration=cfg)

    for guess in (kick, None):
        with pytest.raises(InfeasibleError):
            solve_guidance(trial(1.01 * p), guess)
    sol = solve_guidance(trial(0.99 * p), kick)
    assert sol.cutoff_time > 0


def test_a_configured_case_is_its_mission_files_configuration():
    """The reusable Falcon 9 GTO case restates Bangabandhu-1's ``[configuration]``
    (examples/falcon-9-bangabandhu1.toml): the two must not drift apart."""
    import tomllib
    from pathlib import Path

    from baiterek.flight.configuration import FlownConfiguration

    path = Path(__file__).resolve().parents[2] / "examples/falcon-9-bangabandhu1.toml"
    mission = mission_from_dict(tomllib.loads(path.read_text()))
    assert CASES["falcon-9-gto-reusable"].target.configuration == FlownConfiguration.from_section(
        mission.configuration
    )


def test_maximum_does_not_depend_on_the_start():
    """The same maximum from a start far below and far above it (Sunkar, 200 km, 51.6 deg)."""
    c = CASES["sunkar-leo"]
    m = mission_from_dict(
        {
            "mission": {"vehicle": c.vehicle_id, "site": c.site_id, "payload_kg": 0},
            "target": c.target.target_dict(),
        }
    )
    target = orbit_target(m)
    low = max_payload(c.vehicle_id, c.site_id, target, initial_payload_kg=4000.0)
    high = max_payload(c.vehicle_id, c.site_id, target, initial_payload_kg=30000.0)
    print(f"from 4 t: {low.payload_kg:,.1f} kg; from 30 t: {high.payload_kg:,.1f} kg")
    assert abs(low.payload_kg - high.payload_kg) < 1.0
    assert abs(low.payload_kg - solved("sunkar-leo").predicted_kg) < 1.0


@pytest.mark.parametrize("case_id", [c.id for c in V.UPPER_STAGE_CASES])
def test_upper_stage_result_is_a_maximum(case_id):
    """With an upper stage the maximum is where the propellant kept for the transfer is all used.

    When the upper stage also finishes the ascent (Proton-M/Breeze-M), keeping 2 % less for the
    transfer carries more payload but leaves the transfer short, and keeping 2 % more leaves
    propellant unused with less payload (``TransferBalance``: the margin rises, the payload falls).
    When the launcher reaches the parking orbit on its own (Sunkar/Fregat), 1 % more payload
    leaves the full upper stage short after the transfer, or no trajectory closes (around the
    optimal kick, and with a full kick search), and 1 % less leaves some.
    """
    from baiterek.performance._parking import TransferBalance
    from baiterek.performance._trial import margin
    from baiterek.performance.case import AscentCase

    r = solved(case_id)
    c = r.case
    m = mission_from_dict(
        {
            "mission": {"vehicle": c.vehicle_id, "site": c.site_id, "payload_kg": 0},
            "target": c.target.target_dict(),
        }
    )
    target = orbit_target(m)
    p = r.predicted_kg
    up = c.target.upper_stage
    if case_id == "proton-m-breeze-m-gto":
        res = max_payload(c.vehicle_id, c.site_id, target, upper_stage_id=up)
        kept = res.transfer.margin + sum(b.propellant for b in res.transfer.burns)
        bal = TransferBalance(AscentCase(c.vehicle_id, c.site_id, target, upper_stage_id=up), p)
        m_less, less = bal(0.98 * kept)
        m_more, more = bal(1.02 * kept)
        print(
            f"{case_id}: {p:,.0f} kg keeping {kept:,.0f} kg; keeping 2 % less: {less.payload:,.0f}"
            f" kg, margin {m_less:+.0f} kg; 2 % more: {more.payload:,.0f} kg, margin {m_more:+.0f}"
        )
        assert abs(res.payload_kg - p) < 1.0
        assert less.payload > p and m_less < 0.0
        assert more.payload < p and m_more > 0.0
        return
    kick = math.radians(r.point.pitch_over_kick_deg)
    case = AscentCase(c.vehicle_id, c.site_id, target, upper_stage_id=up)
    for guess in (kick, None):
        try:  # no trajectory closing counts as not reaching (as in the search itself)
            heavier = margin(case, 1.01 * p, guess)[0]
        except ConvergenceError:
            heavier = -math.inf
        assert heavier < 0.0, (guess, heavier)
    lighter = margin(case, 0.99 * p, kick)[0]
    print(f"{case_id}: margin at 0.99 x {p:,.0f} kg: {lighter:+.0f} kg; at 1.01 x: {heavier:+.0f}")
    assert lighter > 0.0
