"""The feasible-side root finder (``baiterek._numerics``) on functions with a known root."""

import math

import pytest

from baiterek._numerics import feasible_side_root


def _linear(root: float, infeasible_value: float | None = None):
    """f(x) = root - x (decreasing), feasible where f >= 0; beyond the root optionally -inf."""
    calls = []

    def f(x: float):
        calls.append(x)
        v = root - x
        if v < 0.0 and infeasible_value is not None:
            v = infeasible_value
        return v, v >= 0.0, ("data", x)

    return f, calls


@pytest.mark.parametrize("root", [0.3, 4.7, 9.99])
def test_answer_is_feasible_and_within_tolerance(root):
    """The answer is the last feasible point, at most xtol below the exact root."""
    f, _ = _linear(root)
    r = feasible_side_root(f, 0.0, root, ("data", 0.0), 10.0, root - 10.0, xtol=1e-6,
                           min_step=1e-9, max_iter=60)  # fmt: skip
    assert r.x <= root
    assert root - r.x < 1e-6 or r.fx < 1e-6
    assert r.data == ("data", r.x)
    assert r.x_infeasible > root


def test_bisects_where_the_infeasible_side_has_no_value():
    """No finite value beyond the root (no trajectory closes): bisection steps, still converges
    from the feasible side."""
    f, calls = _linear(2.5, -math.inf)
    r = feasible_side_root(f, 0.0, 2.5, None, 8.0, -math.inf, xtol=1e-3, min_step=1e-6,
                           max_iter=40)  # fmt: skip
    assert r.x <= 2.5 < r.x + 1e-3 + 1e-9
    assert calls[0] == 4.0  # the first trial is the midpoint


def test_unbracketed_step_extends_the_search_and_ftol_stops():
    """Without an infeasible point the caller's step is taken (Newton with the slope here: f' =
    -1 gives the root at once); a value below ftol ends the search."""
    f, calls = _linear(7.0)
    r = feasible_side_root(f, 1.0, 6.0, None, xtol=1e-3, ftol=0.5, min_step=1e-6, max_iter=20,
                           unbracketed_step=lambda x, fx: x + fx)  # fmt: skip
    assert calls == [7.0]
    assert r.x == 7.0 and r.evaluations == 1


def test_illinois_beats_plain_regula_falsi_on_a_convex_function():
    """On f(x) = 2 - x^4 from [0, 3] plain regula falsi keeps the infeasible end and creeps; the
    halved weight brings the bracket to 1e-9 in far fewer than 200 evaluations."""
    root = 2.0**0.25

    def f(x: float):
        v = 2.0 - x**4
        return v, v >= 0.0, None

    r = feasible_side_root(f, 0.0, 2.0, None, 3.0, 2.0 - 81.0, xtol=1e-9, min_step=0.0,
                           max_iter=200)  # fmt: skip
    assert r.x <= root < r.x_infeasible
    assert r.x_infeasible - r.x < 1e-9
    assert r.evaluations < 40


def test_needs_a_step_rule_without_a_bracket():
    f, _ = _linear(1.0)
    with pytest.raises(ValueError):
        feasible_side_root(f, 0.0, 1.0, None, xtol=1e-3, min_step=0.0, max_iter=5)
