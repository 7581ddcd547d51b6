"""Monte Carlo statistics: moments, order-statistics bounds, Clopper-Pearson, sigma intervals, sensitivities.

Every function takes plain arrays already sorted by sample index (the runner sorts), so results
never depend on chunking or completion order. NaN entries (samples that did not reach orbit) are
left out of the moments and bounds; the N each figure rests on is returned with it.

Order statistics (distribution-free, binomial; docs/reference/precision-and-beyond.md sec. 1.3):
with N samples sorted ascending, the interval [x_(r), x_(N+1-r)] covers at least a fraction p of
the population with confidence ``binom.cdf(N - 2r, N, p)`` (the coverage of the interval between
two order statistics is Beta(N + 1 - 2r, 2r) distributed). The one-sided bound x_(N-k) is above
the p-quantile with confidence ``1 - binom.cdf(k, N, 1 - p)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.stats import beta, binom, chi2

P_9973 = 0.9973
CONF_95 = 0.95


@dataclass(frozen=True, slots=True)
class Summary:
    """Mean, 1 sigma (ddof 1), 3 sigma and the two-sided 99.73 %/95 % order-statistics bounds."""

    n: int
    mean: float
    sigma: float
    three_sigma: float
    bound_lower: float | None
    bound_upper: float | None
    bound_n_required: int

    def to_dict(self, scale: float = 1.0) -> dict[str, object]:
        f = lambda x: None if x is None or not np.isfinite(x) else float(x) * scale  # noqa: E731
        return {
            "n": self.n,
            "mean": f(self.mean),
            "sigma": f(self.sigma),
            "three_sigma": f(self.three_sigma),
            "bound_9973_95": {
                "lower": f(self.bound_lower),
                "upper": f(self.bound_upper),
                "n_required": self.bound_n_required,
            },
        }


def two_sided_confidence(n: int, r: int, p: float) -> float:
    """Confidence that [x_(r), x_(n+1-r)] (1-based) covers a fraction p of the population."""
    if n - 2 * r < 0:
        return 0.0
    return float(binom.cdf(n - 2 * r, n, p))


def one_sided_confidence(n: int, k: int, p: float) -> float:
    """Confidence that x_(n-k), the (k+1)-th largest, is at or above the p-quantile."""
    return float(1.0 - binom.cdf(k, n, 1.0 - p))


def n_required_one_sided(p: float = P_9973, conf: float = CONF_95, k: int = 0) -> int:
    """Smallest N whose (k+1)-th largest sample bounds the p-quantile with confidence conf."""
    return _smallest_n(lambda n: one_sided_confidence(n, k, p) >= conf, k + 1)


def n_required_two_sided(p: float = P_9973, conf: float = CONF_95, r: int = 1) -> int:
    """Smallest N whose r-th smallest and r-th largest samples bound a fraction p with conf."""
    return _smallest_n(lambda n: two_sided_confidence(n, r, p) >= conf, 2 * r)


def _smallest_n(ok: Callable[[int], bool], start: int) -> int:
    """Smallest n >= 1 (from ``start``) with ``ok(n)``, for ``ok`` monotone in n."""
    hi = max(start, 1)
    while not ok(hi):
        hi *= 2
    lo = hi // 2
    while lo + 1 < hi:  # ok(hi) holds; monotone in n
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def tolerance_bounds(
    x: np.ndarray, p: float = P_9973, conf: float = CONF_95
) -> tuple[float | None, float | None]:
    """Two-sided distribution-free bounds holding a fraction p with confidence conf (None if N is short).

    Takes the innermost symmetric pair of order statistics that still reaches the confidence.
    """
    xs = np.sort(x[np.isfinite(x)])
    n = xs.size
    if n == 0 or two_sided_confidence(n, 1, p) < conf:
        return None, None
    lo, hi = 1, n // 2  # largest r with confidence >= conf (confidence falls as r grows)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if two_sided_confidence(n, mid, p) >= conf:
            lo = mid
        else:
            hi = mid - 1
    return float(xs[lo - 1]), float(xs[n - lo])


def summarise(x: np.ndarray) -> Summary:
    """Summary of one output over its finite samples."""
    v = np.asarray(x, float)
    v = v[np.isfinite(v)]
    n = int(v.size)
    mean = float(v.mean()) if n else float("nan")
    sigma = float(v.std(ddof=1)) if n > 1 else float("nan")
    lo, hi = tolerance_bounds(v)
    return Summary(n, mean, sigma, 3.0 * sigma, lo, hi, n_required_two_sided())


def clopper_pearson(k: int, n: int, conf: float = CONF_95) -> tuple[float, float]:
    """Exact two-sided (Clopper-Pearson) interval of a binomial proportion k / n."""
    if n <= 0:
        raise ValueError("n must be > 0")
    a = 1.0 - conf
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def clopper_pearson_lower(k: int, n: int, conf: float = CONF_95) -> float:
    """One-sided exact lower bound of a proportion (for a containment claim)."""
    if n <= 0:
        raise ValueError("n must be > 0")
    return 0.0 if k == 0 else float(beta.ppf(1.0 - conf, k, n - k + 1))


def sigma_interval(sigma: float, n: int, conf: float = CONF_95) -> tuple[float, float]:
    """Chi-square confidence interval of a normal population's sigma from a sample sigma."""
    if n < 2:
        return 0.0, float("inf")
    a = 1.0 - conf
    dof = n - 1
    return (
        sigma * float(np.sqrt(dof / chi2.ppf(1 - a / 2, dof))),
        sigma * float(np.sqrt(dof / chi2.ppf(a / 2, dof))),
    )


def sigma_relative_half_width(n: int, conf: float = CONF_95) -> float:
    """Half-width of the sigma interval over sigma; a function of N alone (so the stopping rule
    that uses it never looks at the results)."""
    lo, hi = sigma_interval(1.0, n, conf)
    return 0.5 * (hi - lo)


def n_for_sigma_tolerance(tolerance: float, conf: float = CONF_95) -> int:
    """Smallest N whose sigma interval half-width is below ``tolerance`` (relative)."""
    return _smallest_n(lambda n: sigma_relative_half_width(n, conf) < tolerance, 2)


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Share of each input in each output's variance (standardised regression coefficients squared).

    ``share[j, k]``: output j, input k; ``r2[j]`` the variance the linear model explains.
    """

    outputs: tuple[str, ...]
    inputs: tuple[str, ...]
    share: np.ndarray
    r2: np.ndarray

    def to_dict(self, top: int = 5) -> dict[str, object]:
        out: dict[str, object] = {}
        for j, name in enumerate(self.outputs):
            order = np.argsort(-self.share[j])[:top]
            out[name] = {
                "r2": float(self.r2[j]),
                "shares": {self.inputs[k]: float(self.share[j, k]) for k in order},
            }
        return out


def sensitivity(
    inputs: np.ndarray, input_names: Iterable[str], outputs: Mapping[str, np.ndarray]
) -> Sensitivity:
    """Linear regression of each standardised output on the standardised drawn inputs.

    Inputs that do not vary are left out; samples with a NaN output are left out of that output.
    For independent inputs the squared standardised coefficients are each input's share of the
    output's variance; they sum to R^2.
    """
    x = np.asarray(inputs, float)
    sd = x.std(axis=0)
    keep = sd > 0
    names = tuple(n for n, k in zip(input_names, keep, strict=True) if k)
    xs = (x[:, keep] - x[:, keep].mean(0)) / sd[keep]
    share = np.zeros((len(outputs), len(names)))
    r2 = np.zeros(len(outputs))
    for j, y in enumerate(outputs.values()):
        y = np.asarray(y, float)
        m = np.isfinite(y)
        if m.sum() <= len(names) + 1 or y[m].std() == 0:
            continue
        ys = (y[m] - y[m].mean()) / y[m].std()
        a = xs[m] - xs[m].mean(0)
        # normal equations on the centred inputs (p x p), products by einsum (no BLAS threads)
        coef = np.linalg.solve(np.einsum("ij,ik->jk", a, a), np.einsum("ij,i->j", a, ys))
        share[j] = coef**2
        resid = ys - a @ coef
        r2[j] = 1.0 - float(resid @ resid) / float(ys @ ys)
    share.setflags(write=False)
    r2.setflags(write=False)
    return Sensitivity(tuple(outputs), names, share, r2)
