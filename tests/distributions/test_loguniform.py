"""The log-uniform kind: against scipy.stats.loguniform, closed forms and hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from sekalk.distributions import DISTRIBUTION_KINDS, Loguniform, parse_distribution
from sekalk.errors import ScenarioError
from sekalk.scenario.loader import PARAMETER_BOUNDS
from sekalk.scenario.widen import round_widened, widen_distribution

AMOUNT = PARAMETER_BOUNDS["cost.annual"]
SHARE = PARAMETER_BOUNDS["logic.share"]

# probabilities from far in one tail to far in the other, and the end points
U = np.sort(
    np.concatenate(
        [[0.0, 1e-12, 1e-9], np.geomspace(1e-6, 0.5, 400), 1 - np.geomspace(1e-6, 0.5, 400), [1.0]]
    )
)
CASES = [(5e4, 5e6), (0.9, 1.1), (1e-4, 1.0), (3.0, 7.0), (1.0, 1e12)]


def test_registered_and_parsed():
    assert DISTRIBUTION_KINDS["loguniform"] is Loguniform
    d = parse_distribution(
        {"dist": "loguniform", "min": 50000, "max": 5e6, "evidence": "assumption"}, path="x"
    )
    assert d == Loguniform(min=50000.0, max=5e6, evidence="assumption")
    assert d.support == (50000.0, 5e6)
    assert d.to_table() == {
        "dist": "loguniform",
        "min": 50000,
        "max": 5000000,
        "evidence": "assumption",
    }
    assert parse_distribution(d.to_table(), path="x") == d
    assert d.describe() == "loguniform(50000, 5000000)"


@pytest.mark.parametrize(("lo", "hi"), CASES)
def test_ppf_matches_scipy_and_the_closed_form(lo, hi):
    d = Loguniform(lo, hi)
    ref = scipy.stats.loguniform(lo, hi)
    got = d.ppf(U)
    # scipy's inverse, and min * (max / min) ** u written out
    np.testing.assert_allclose(got, ref.ppf(U), rtol=1e-13)
    np.testing.assert_allclose(got, [lo * (hi / lo) ** u for u in U], rtol=1e-13)
    assert got[0] == lo and got[-1] == hi  # exactly the bounds at u = 0 and 1
    assert np.all(np.diff(got) >= 0)
    # and the CDF of what it returns gives back the probability
    inner = (U > 0) & (U < 1)
    np.testing.assert_allclose(ref.cdf(got[inner]), U[inner], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize(("lo", "hi"), CASES)
def test_moments_match_scipy_and_a_hand_integral(lo, hi):
    d = Loguniform(lo, hi)
    ref = scipy.stats.loguniform(lo, hi)
    assert d.mean == pytest.approx(ref.mean(), rel=1e-12)
    assert d.sd == pytest.approx(ref.std(), rel=1e-9)
    # E[X] = int_lo^hi x / (x log(hi/lo)) dx = (hi - lo) / log(hi / lo)
    assert d.mean == pytest.approx((hi - lo) / math.log(hi / lo), rel=1e-14)
    # the median is the geometric centre
    assert d.median == pytest.approx(math.sqrt(lo * hi), rel=1e-13)


def test_every_factor_of_ten_is_equally_likely():
    d = Loguniform(1000.0, 100000.0)
    assert d.quantile(0.5) == pytest.approx(10000.0, rel=1e-14)
    assert d.quantile(0.25) == pytest.approx(10**3.5, rel=1e-14)


def test_monte_carlo_mean_within_4_standard_errors():
    d = Loguniform(5e4, 5e6)
    rng = np.random.default_rng(20261130)
    n = 200_000
    x = d.ppf(rng.random(n))
    se = d.sd / math.sqrt(n)
    assert abs(x.mean() - d.mean) < 4 * se
    assert abs(np.mean(np.log(x)) - 0.5 * (math.log(5e4) + math.log(5e6))) < 4 * (
        (math.log(5e6) - math.log(5e4)) / math.sqrt(12 * n)
    )


def test_ppf_out_scalar_and_nan():
    d = Loguniform(2.0, 8.0)
    u = np.array([0.25, 0.5])
    out = np.empty(2)
    assert d.ppf(u, out=out) is out
    np.testing.assert_array_equal(out, d.ppf(u))
    assert isinstance(d.ppf(0.5), np.float64) and d.ppf(0.5) == pytest.approx(4.0, rel=1e-15)
    with np.errstate(invalid="ignore"):
        assert np.isnan(d.ppf(np.array([np.nan]))[0])


@pytest.mark.parametrize(
    ("table", "path", "code"),
    [
        ({"min": 0, "max": 10}, "p.min", "error.dist.not_positive"),
        ({"min": -1, "max": 10}, "p.min", "error.dist.not_positive"),
        ({"min": 10, "max": 1}, "p.max", "error.dist.max_not_above_min"),
        ({"min": 5, "max": 5}, "p.max", "error.dist.max_not_above_min"),
        ({"min": 5}, "p.max", "error.dist.missing_key"),
        ({"min": 5, "max": 6, "mode": 5.5}, "p.mode", "error.key.unknown"),
    ],
)
def test_impossible_parameters_are_refused(table, path, code):
    with pytest.raises(ScenarioError) as info:
        parse_distribution({"dist": "loguniform", **table}, path="p")
    assert (info.value.code, info.value.path) == (code, path)


def test_widening_keeps_the_geometric_centre():
    # log-width times 1.25 about log(sqrt(min max)): min -> c (min / c) ** 1.25
    old = Loguniform(1e4, 1e6)
    new = widen_distribution(old, 0.25, AMOUNT)
    c = 1e5
    assert (new.min, new.max) == pytest.approx((c * 0.1**1.25, c * 10**1.25), rel=1e-12)
    assert new.median == pytest.approx(old.median, rel=1e-12)
    rounded = round_widened(new, old, AMOUNT)
    assert rounded.describe() == "loguniform(5623, 1778000)"
    # a share stays inside [0, 1]
    share = widen_distribution(Loguniform(0.1, 0.9), 0.25, SHARE)
    assert share.max == 1.0 and share.min == pytest.approx(0.3 * (1 / 3) ** 1.25, rel=1e-12)
