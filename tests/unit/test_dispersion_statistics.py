"""Statistics against scipy (binom, binomtest, chi2) and the table of docs/reference/precision-and-beyond.md 1.3."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom, binomtest, chi2, norm

from baiterek.dispersion import statistics as st


# docs/reference/precision-and-beyond.md sec. 1.3 (binomial, derived with scipy, grade A)
@pytest.mark.parametrize(
    ("p", "c", "k", "n"),
    [(0.9973, 0.90, 0, 852), (0.9973, 0.90, 1, 1440), (0.9973, 0.90, 2, 1970),
     (0.9973, 0.95, 0, 1109), (0.9973, 0.95, 1, 1756), (0.9973, 0.95, 2, 2330),
     (0.99865, 0.95, 0, 2218), (0.99865, 0.95, 1, 3513), (0.99865, 0.95, 2, 4662),
     (0.99, 0.95, 0, 299), (0.99, 0.95, 1, 473), (0.99, 0.95, 2, 628)],
)  # fmt: skip
def test_n_required_matches_reference_table_and_scipy_binom(p, c, k, n):
    got = st.n_required_one_sided(p, c, k)
    print(f"p={p} C={c} k={k}: N={got} (reference {n})")
    assert got == n
    # the definition, checked directly with scipy.stats.binom: P(more than k exceed) >= C at N, not at N-1
    assert binom.sf(k, got, 1 - p) >= c > binom.sf(k, got - 1, 1 - p)


def test_two_sided_is_wilks():
    # Wilks: 95 %/95 % two-sided at the sample min and max needs 93 runs (docs/reference/precision-and-beyond.md 1.3)
    assert st.n_required_two_sided(0.95, 0.95, 1) == 93
    n = st.n_required_two_sided()  # 99.73 % with 95 %: the k = 1 column, 1,756
    assert n == 1756
    assert binom.cdf(n - 2, n, 0.9973) >= 0.95 > binom.cdf(n - 3, n - 1, 0.9973)


def test_tolerance_bounds_order_statistics_and_coverage():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(5000)
    lo, hi = st.tolerance_bounds(x)
    xs = np.sort(x)
    r = int(np.searchsorted(xs, lo)) + 1
    assert xs[-r] == hi  # symmetric pair of order statistics
    assert (
        st.two_sided_confidence(5000, r, 0.9973)
        >= 0.95
        > st.two_sided_confidence(5000, r + 1, 0.9973)
    )
    # the bounds hold at least 99.73 % of the true normal (the claim, here checked on the population)
    assert norm.cdf(hi) - norm.cdf(lo) >= 0.9973
    assert st.tolerance_bounds(x[:1000]) == (None, None)  # fewer than 1,756 samples: no claim


@pytest.mark.parametrize(
    ("k", "n"), [(0, 10), (3, 10), (10, 10), (997, 1000), (1, 5000), (4321, 5000)]
)
def test_clopper_pearson_against_scipy_binomtest(k, n):
    lo, hi = st.clopper_pearson(k, n)
    ref = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    assert lo == pytest.approx(ref.low, abs=1e-12) and hi == pytest.approx(ref.high, abs=1e-12)
    one = binomtest(k, n, alternative="greater").proportion_ci(
        confidence_level=0.95, method="exact"
    )
    assert st.clopper_pearson_lower(k, n) == pytest.approx(one.low, abs=1e-12)


def test_sigma_interval_chi_square_and_stopping_n():
    lo, hi = st.sigma_interval(2.0, 101)
    assert lo == pytest.approx(2.0 * np.sqrt(100 / chi2.ppf(0.975, 100)))
    assert hi == pytest.approx(2.0 * np.sqrt(100 / chi2.ppf(0.025, 100)))
    n = st.n_for_sigma_tolerance(0.05)
    assert st.sigma_relative_half_width(n) < 0.05 <= st.sigma_relative_half_width(n - 1)
    # about 1.96 / sqrt(2 (N - 1)) (docs/reference/precision-and-beyond.md 1.3: relative standard error of a sigma)
    assert n == pytest.approx((1.96 / 0.05) ** 2 / 2, rel=0.05)


def test_summary_moments():
    x = np.array([1.0, 2.0, 3.0, np.nan, 4.0])
    s = st.summarise(x)
    assert s.n == 4 and s.mean == 2.5 and s.sigma == pytest.approx(np.std([1, 2, 3, 4], ddof=1))
    assert s.three_sigma == 3 * s.sigma and s.bound_lower is None


def test_sensitivity_shares_of_a_linear_model():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((20000, 3)) * np.array([1.0, 2.0, 0.0])  # third input does not vary
    y = 3.0 * x[:, 0] + 1.0 * x[:, 1] + 0.1 * rng.standard_normal(20000)
    s = st.sensitivity(x, ("a", "b", "c"), {"y": y})
    assert s.inputs == ("a", "b")
    # variance shares: 9 / (9 + 4 + 0.01) and 4 / 13.01
    assert s.share[0, 0] == pytest.approx(9 / 13.01, abs=0.01)
    assert s.share[0, 1] == pytest.approx(4 / 13.01, abs=0.01)
    assert s.r2[0] == pytest.approx(13 / 13.01, abs=1e-3)
