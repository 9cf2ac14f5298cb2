"""Tests of sekalk.distributions against scipy.stats and hand formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sekalk.distributions import (
    DISTRIBUTION_KINDS,
    Beta,
    Discrete,
    Distribution,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    parse_distribution,
)
from sekalk.errors import ScenarioError

Z95 = 1.6448536269514722

# Dense grid of uniforms, denser in both tails: [1e-6, 1 - 1e-6].
U_GRID = np.unique(
    np.concatenate(
        [
            np.geomspace(1e-6, 1e-2, 2001),
            np.linspace(1e-2, 1 - 1e-2, 20001),
            1.0 - np.geomspace(1e-6, 1e-2, 2001),
        ]
    )
)

# Tables as a user writes them, one per kind and parameterisation.
CLOSED_FORM_TABLES = {
    "fixed-number": 3.5,
    "fixed-table": {"dist": "fixed", "value": -2},
    "uniform": {"dist": "uniform", "min": 0.2, "max": 0.3},
    "triangular": {"dist": "triangular", "min": 60000, "mode": 90000, "max": 120000},
    "triangular-mode-at-min": {"dist": "triangular", "min": 0, "mode": 0, "max": 1},
    "triangular-mode-at-max": {"dist": "triangular", "min": 0, "mode": 1, "max": 1},
    "normal": {"dist": "normal", "mean": 0.035, "sd": 0.01},
    "normal-trunc-both": {"dist": "normal", "mean": 10, "sd": 4, "min": 5, "max": 20},
    "normal-trunc-min": {"dist": "normal", "mean": 0, "sd": 1, "min": 0},
    "normal-trunc-max": {"dist": "normal", "mean": 0, "sd": 1, "max": -1},
    "normal-trunc-far-upper": {"dist": "normal", "mean": 0, "sd": 1, "min": 6, "max": 8},
    "normal-trunc-far-lower": {"dist": "normal", "mean": 0, "sd": 1, "min": -9, "max": -7},
    "lognormal-mean-sd": {"dist": "lognormal", "mean": 2.5e6, "sd": 1e6},
    "lognormal-p05-p95": {"dist": "lognormal", "p05": 0.6, "p95": 0.95},
    "lognormal-mu-sigma": {"dist": "lognormal", "mu": 0.1, "sigma": 2.0},
    "discrete": {"dist": "discrete", "values": [3, 1.5, 10], "weights": [1, 2, 0.5]},
    "loguniform": {"dist": "loguniform", "min": 5e4, "max": 5e6},
    "loguniform-narrow": {"dist": "loguniform", "min": 0.9, "max": 1.1},
}
TABULATED_TABLES = {
    "pert": {"dist": "pert", "min": 1.6e6, "mode": 1.8e6, "max": 2.4e6},
    "pert-mode-at-min": {"dist": "pert", "min": 0, "mode": 0, "max": 1},
    "pert-mode-at-max": {"dist": "pert", "min": -5, "mode": 5, "max": 5},
    "pert-lambda": {"dist": "pert", "min": 0, "mode": 0.3, "max": 1, "lambda": 20},
    "pert-small-lambda": {"dist": "pert", "min": 0, "mode": 0.9, "max": 1, "lambda": 0.5},
    "beta-mean-sd": {"dist": "beta", "mean": 0.7, "sd": 0.1},
    "beta-alpha-below-1": {"dist": "beta", "alpha": 0.3, "beta": 2.5},
    "beta-beta-below-1": {"dist": "beta", "alpha": 2.0, "beta": 0.2},
    "beta-u-shaped": {"dist": "beta", "alpha": 0.05, "beta": 0.05},
    "beta-narrow": {"dist": "beta", "alpha": 200, "beta": 300},
    "beta-scaled": {"dist": "beta", "alpha": 2, "beta": 3, "min": 10, "max": 20},
    "beta-p05-p95": {"dist": "beta", "p05": 0.1, "p95": 0.4},
    "gamma-shape-below-1": {"dist": "gamma", "mean": 1.0, "sd": 3.0},
    "gamma-tiny-shape": {"dist": "gamma", "shape": 0.05, "scale": 3},
    "gamma-exponential": {"dist": "gamma", "mean": 5e4, "sd": 5e4},
    "gamma-large-shape": {"dist": "gamma", "mean": 1000.0, "sd": 10.0},
}
ALL_TABLES = {**CLOSED_FORM_TABLES, **TABULATED_TABLES}


def _parse(table):
    return parse_distribution(table, path="p")


@pytest.fixture(params=sorted(ALL_TABLES), ids=str)
def dist(request) -> Distribution:
    return _parse(ALL_TABLES[request.param])


# --------------------------------------------------------------------------------------------
# ppf against scipy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CLOSED_FORM_TABLES))
def test_closed_form_ppf_matches_scipy(name):
    d = _parse(CLOSED_FORM_TABLES[name])
    ref = d.to_scipy()
    got = d.ppf(U_GRID)
    want = ref.ppf(U_GRID)
    if d.kind in ("fixed", "discrete"):
        np.testing.assert_array_equal(got, want)
    else:
        # 1e-12 relative (1e-10 for a normal truncated far out in a tail, where the
        # tail probabilities are ~1e-9 and both methods lose digits), with an absolute
        # floor of 1e-12 of the central width
        rtol = 1e-10 if "far" in name else 1e-12
        width = ref.ppf(0.999) - ref.ppf(0.001)
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-12 * width)


@pytest.mark.parametrize("name", sorted(TABULATED_TABLES))
def test_tabulated_ppf_within_bound(name):
    d = _parse(TABULATED_TABLES[name])
    ref = d.to_scipy()
    width = ref.ppf(0.999) - ref.ppf(0.001)
    err = np.max(np.abs(d.ppf(U_GRID) - ref.ppf(U_GRID)))
    assert err <= 1e-6 * width


def test_tabulated_ppf_far_tails_are_exact():
    d = Beta(0.5, 3.0)
    # lower tail: F(x) = x^a / (a B(a, b)) (1 + O(x)), so x = (u a B(a, b))^(1/a) for tiny x
    u = np.array([1e-12, 1e-9])
    want = (u * 0.5 * scipy.special.beta(0.5, 3.0)) ** 2
    np.testing.assert_allclose(d.ppf(u), want, rtol=1e-8)
    # upper tail: 1 - F(x) = (1 - x)^b / (b B(a, b)) (1 + O(1 - x))
    u = np.array([1 - 1e-9, 1 - 1e-12])
    want = 1.0 - ((1.0 - u) * 3.0 * scipy.special.beta(0.5, 3.0)) ** (1 / 3)
    np.testing.assert_allclose(d.ppf(u), want, rtol=1e-6)
    # gamma upper tail with shape 1 (exponential): x = -log(1 - u), 1 - u exact here
    g = Gamma(1.0, 2.0)
    u = np.array([1e-12, 1 - 1e-9, 1 - 2.0**-45])
    np.testing.assert_allclose(g.ppf(u), -2.0 * np.log1p(-u), rtol=1e-12)


def test_ppf_is_monotone_and_deterministic(dist):
    a = dist.ppf(U_GRID)
    assert np.all(np.diff(a) >= 0)
    np.testing.assert_array_equal(a, dist.ppf(U_GRID.copy()))


def test_nan_uniform_gives_nan(dist):
    if dist.is_fixed:
        pytest.skip("a fixed value ignores its uniforms")
    with np.errstate(invalid="ignore"):
        x = dist.ppf(np.array([0.3, np.nan]))
    assert np.isfinite(x[0])
    assert np.isnan(x[1])


def test_ppf_into_out_equals_ppf(dist):
    """``out=`` (the sampler's no-copy path) gives bitwise the values of a plain call, including
    the end points, a NaN and the far tails that leave the tabulated inverse."""
    u = np.concatenate([U_GRID, [0.0, 1.0, 1e-12, 1.0 - 1e-12]])
    with np.errstate(invalid="ignore"):
        expected = dist.ppf(u)
        out = np.full(u.shape, -1.0)
        returned = dist.ppf(u, out=out)
    assert returned is out
    np.testing.assert_array_equal(out, expected)
    assert np.array_equal(
        dist.ppf(np.array([0.5, np.nan]), out=np.empty(2)), dist.ppf([0.5, np.nan]), equal_nan=True
    )


def test_ppf_into_strided_out(dist):
    """An ``out`` that is not one contiguous run (a transposed 2-D array) is filled too."""
    u = np.linspace(0.01, 0.99, 12).reshape(3, 4)
    out = np.full((4, 3), -777.0).T
    assert dist.ppf(u, out=out) is out
    np.testing.assert_array_equal(out, dist.ppf(u))


def test_ppf_keeps_shape(dist):
    x = dist.ppf(0.25)
    assert np.shape(x) == ()
    assert isinstance(x, np.float64)  # a scalar for a scalar, as numpy's ufuncs give
    assert float(x) == pytest.approx(dist.quantile(0.25))
    assert dist.ppf([0.25]).shape == (1,)
    u = np.full((3, 4), 0.25)
    assert dist.ppf(u).shape == (3, 4)
    assert dist.ppf(u).dtype == np.float64


# --------------------------------------------------------------------------------------------
# moments, quantiles, support
# --------------------------------------------------------------------------------------------


def test_mean_and_sd_match_scipy(dist):
    ref = dist.to_scipy()
    assert dist.mean == pytest.approx(ref.mean(), rel=1e-9, abs=1e-12)
    assert dist.sd == pytest.approx(ref.std(), rel=1e-9, abs=1e-12)


def test_sample_mean_within_4_standard_errors(dist):
    rng = np.random.default_rng(20261126)
    n = 200_000
    x = dist.ppf(rng.random(n))
    assert abs(x.mean() - dist.mean) <= 4 * dist.sd / math.sqrt(n) + 1e-12 * abs(dist.mean)


def test_median_and_quantile(dist):
    ref = dist.to_scipy()
    scale = ref.ppf(0.999) - ref.ppf(0.001) or 1.0
    assert dist.median == pytest.approx(float(ref.ppf(0.5)), abs=1e-6 * scale)
    assert dist.quantile(0.9) == pytest.approx(float(ref.ppf(0.9)), abs=1e-6 * scale)
    assert isinstance(dist.quantile(0.9), float)


def test_u_zero_and_one_are_finite_and_bounded(dist):
    x = dist.ppf(np.array([0.0, 1.0]))
    assert np.all(np.isfinite(x))
    lo, hi = dist.support
    if math.isfinite(lo):
        assert x[0] == lo
    if math.isfinite(hi):
        assert x[1] == hi
    assert lo <= x[0] <= x[1] <= hi


def test_support_and_is_fixed():
    assert Uniform(1, 2).support == (1, 2)
    assert Normal(0, 1).support == (-math.inf, math.inf)
    assert Normal(0, 1, min=0).support == (0, math.inf)
    assert Lognormal(0, 1).support == (0.0, math.inf)
    assert Gamma(2, 1).support == (0.0, math.inf)
    assert Beta(2, 2).support == (0.0, 1.0)
    assert Discrete((3.0, 1.0), (1.0, 1.0)).support == (1.0, 3.0)
    assert Fixed(4).is_fixed
    assert not Uniform(1, 2).is_fixed
    assert Fixed(4).sd == 0.0


def test_discrete_inverse_cdf_by_hand():
    d = Discrete((3.0, 1.5, 10.0), (1.0, 2.0, 0.5))  # probs 1/3.5, 2/3.5, 0.5/3.5 of 3, 1.5, 10
    # sorted: 1.5 (p=4/7), 3 (p=2/7), 10 (p=1/7); cumulative 4/7, 6/7, 1
    u = np.array([0.0, 0.5, 4 / 7 - 1e-9, 4 / 7 + 1e-9, 6 / 7 + 1e-9, 1.0])
    np.testing.assert_array_equal(d.ppf(u), [1.5, 1.5, 1.5, 3.0, 10.0, 10.0])
    assert d.mean == pytest.approx((3 * 1 + 1.5 * 2 + 10 * 0.5) / 3.5, rel=1e-15)


def test_triangular_by_hand():
    d = Triangular(0.0, 1.0, 4.0)
    # F(x) = x^2 / 4 on [0, 1]: u = 0.16 -> x = 0.8; right branch 1 - u = (4-x)^2 / 12
    assert d.quantile(0.16) == pytest.approx(0.8, rel=1e-14)
    assert d.quantile(1 / 4) == pytest.approx(1.0, rel=1e-14)
    assert d.quantile(1 - 1 / 12) == pytest.approx(3.0, rel=1e-14)
    assert d.mean == pytest.approx(5 / 3)
    assert d.sd == pytest.approx(math.sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18))


# --------------------------------------------------------------------------------------------
# parameter conversions, checked by hand formulas
# --------------------------------------------------------------------------------------------


def test_pert_alpha_beta_written_out():
    d = _parse({"dist": "pert", "min": 1.6e6, "mode": 1.8e6, "max": 2.4e6})
    assert d.alpha == pytest.approx(1 + 4 * 0.2e6 / 0.8e6)  # 2.0
    assert d.beta == pytest.approx(1 + 4 * 0.6e6 / 0.8e6)  # 4.0
    assert d.mean == pytest.approx((1.6e6 + 4 * 1.8e6 + 2.4e6) / 6)
    ref = scipy.stats.beta(2.0, 4.0, loc=1.6e6, scale=0.8e6)
    assert d.quantile(0.3) == pytest.approx(ref.ppf(0.3), abs=1e-6 * 0.8e6)
    d = Pert(0, 0.3, 1, lam=20)
    assert (d.alpha, d.beta) == pytest.approx((7.0, 15.0))


def test_lognormal_mean_sd_conversion():
    d = _parse({"dist": "lognormal", "mean": 0.8, "sd": 0.2})
    sigma2 = math.log(1 + 0.2**2 / 0.8**2)
    assert d.sigma == pytest.approx(math.sqrt(sigma2), rel=1e-14)
    assert d.mu == pytest.approx(math.log(0.8) - sigma2 / 2, rel=1e-14)
    assert d.mean == pytest.approx(0.8, rel=1e-12)
    assert d.sd == pytest.approx(0.2, rel=1e-12)


def test_lognormal_p05_p95_conversion():
    d = _parse({"dist": "lognormal", "p05": 0.6, "p95": 0.95})
    assert d.mu == pytest.approx((math.log(0.6) + math.log(0.95)) / 2, rel=1e-14)
    assert d.sigma == pytest.approx((math.log(0.95) - math.log(0.6)) / (2 * Z95), rel=1e-14)
    assert d.quantile(0.05) == pytest.approx(0.6, rel=1e-12)
    assert d.quantile(0.95) == pytest.approx(0.95, rel=1e-12)
    assert scipy.stats.lognorm(d.sigma, scale=math.exp(d.mu)).ppf(0.95) == pytest.approx(0.95)


def test_beta_mean_sd_conversion():
    d = _parse({"dist": "beta", "mean": 0.7, "sd": 0.1})
    nu = 0.7 * 0.3 / 0.01 - 1  # 20
    assert (d.alpha, d.beta) == pytest.approx((0.7 * nu, 0.3 * nu), rel=1e-12)
    assert d.mean == pytest.approx(0.7, rel=1e-12)
    assert d.sd == pytest.approx(0.1, rel=1e-12)


@pytest.mark.parametrize(("p05", "p95"), [(0.1, 0.4), (0.6, 0.95), (0.001, 0.01), (0.3, 0.99)])
def test_beta_p05_p95_fit(p05, p95):
    d = _parse({"dist": "beta", "p05": p05, "p95": p95})
    q05, q95 = scipy.stats.beta.ppf([0.05, 0.95], d.alpha, d.beta)
    assert abs(q05 - p05) <= 1e-9
    assert abs(q95 - p95) <= 1e-9


def test_gamma_mean_sd_conversion():
    d = _parse({"dist": "gamma", "mean": 2.0, "sd": 3.0})
    assert d.shape == pytest.approx(4 / 9, rel=1e-14)
    assert d.scale == pytest.approx(9 / 2, rel=1e-14)
    assert (d.mean, d.sd) == pytest.approx((2.0, 3.0), rel=1e-14)


def test_truncated_normal_moments_by_hand():
    # half-normal: mean sqrt(2/pi), variance 1 - 2/pi
    d = Normal(0.0, 1.0, min=0.0)
    assert d.mean == pytest.approx(math.sqrt(2 / math.pi), rel=1e-12)
    assert d.sd == pytest.approx(math.sqrt(1 - 2 / math.pi), rel=1e-12)
    assert d.quantile(0.5) == pytest.approx(scipy.stats.norm.ppf(0.75), rel=1e-12)


# --------------------------------------------------------------------------------------------
# parsing, round trip, metadata
# --------------------------------------------------------------------------------------------


def test_plain_numbers_are_fixed():
    assert _parse(3) == Fixed(3.0)
    assert _parse(2.5) == Fixed(2.5)
    assert _parse({"dist": "fixed", "value": 3}) == Fixed(3.0)
    assert _parse(np.float64(1.5)) == Fixed(1.5)


@pytest.mark.parametrize("name", sorted(ALL_TABLES))
def test_round_trip(name):
    d = _parse(ALL_TABLES[name])
    assert _parse(d.to_table()) == d
    with_meta = d.with_meta(evidence="research", source="SCB 2020", note="n=31")
    table = with_meta.to_table()
    assert table["evidence"] == "research"
    assert table["source"] == "SCB 2020"
    assert table["note"] == "n=31"
    back = _parse(table)
    assert back == with_meta
    assert (back.evidence, back.source, back.note) == ("research", "SCB 2020", "n=31")


def test_round_trip_of_constructed_objects():
    for d in [
        Uniform(1.0, 2.0),
        Pert(0.0, 1.0, 3.0, lam=2.0),
        Normal(1.0, 2.0, max=3.0),
        Lognormal(0.5, 0.25),
        Beta(2.0, 3.0),
        Beta(2.0, 3.0, min=-1.0, max=1.0),
        Gamma(2.0, 10.0),
        Discrete((1.0, 2.0), (0.25, 0.75), evidence="assumption"),
    ]:
        assert _parse(d.to_table()) == d


def test_metadata_parsed_and_not_compared_as_written():
    d = _parse(
        {
            "dist": "beta",
            "mean": 0.7,
            "sd": 0.1,
            "evidence": "experience",
            "source": "Pilot 2019, 22 av 31",
            "note": "x",
        }
    )
    assert d.evidence == "experience"
    assert d.source == "Pilot 2019, 22 av 31"
    assert d.note == "x"
    source = "Pilot 2019, 22 av 31"
    assert d == Beta(d.alpha, d.beta, evidence="experience", source=source, note="x")
    assert d.with_meta(note="y").note == "y"
    assert d.with_meta(note="y").evidence == "experience"


def test_describe():
    assert _parse(TABULATED_TABLES["pert"]).describe() == "pert(1600000, 1800000, 2400000)"
    assert Pert(0, 1, 2, lam=3).describe() == "pert(0, 1, 2, lambda=3)"
    assert _parse({"dist": "lognormal", "p05": 0.6, "p95": 0.95}).describe() == (
        "lognormal(p05=0.6, p95=0.95)"
    )
    assert _parse({"dist": "beta", "mean": 0.7, "sd": 0.1}).describe() == "beta(mean=0.7, sd=0.1)"
    assert Lognormal(0.0, 0.5).describe() == "lognormal(mu=0, sigma=0.5)"
    assert _parse(3).describe() == "3"
    assert Uniform(0.2, 0.3).describe() == "uniform(0.2, 0.3)"
    assert Triangular(1, 2, 3).describe() == "triangular(1, 2, 3)"
    assert Normal(0, 1, min=0).describe() == "normal(mean=0, sd=1, min=0)"
    assert Gamma(2, 3).describe() == "gamma(shape=2, scale=3)"
    assert Discrete((1, 2), (1, 3)).describe() == "discrete(1: 0.25, 2: 0.75)"


def test_kinds_registry():
    # the order is the order users see the kinds in (error messages, drop-downs)
    assert list(DISTRIBUTION_KINDS) == [
        "fixed", "uniform", "triangular", "pert", "normal", "lognormal", "beta", "gamma",
        "discrete", "loguniform",
    ]  # fmt: skip
    for kind, cls in DISTRIBUTION_KINDS.items():
        assert cls.kind == kind
        assert cls.__doc__


def test_frozen():
    d = Uniform(0.0, 1.0)
    with pytest.raises(AttributeError):
        d.min = 2.0  # type: ignore[misc]


BAD = [
    # (value, path, words the message must contain)
    (True, "p", ["number", "boolean"]),
    (math.nan, "p", ["finite"]),
    (math.inf, "p", ["finite"]),
    ("3", "p", ["number"]),
    ([1, 2], "p", ["number"]),
    ({"min": 0, "max": 1}, "p.dist", ["dist"]),
    ({"dist": "pertt", "min": 0}, "p.dist", ["did you mean 'pert'", "triangular"]),
    ({"dist": 3}, "p.dist", ["one of"]),
    ({"dist": "uniform", "min": 0, "maxx": 1}, "p.maxx", ["did you mean 'max'"]),
    ({"dist": "uniform", "min": 0}, "p.max", ["missing", "max"]),
    ({"dist": "uniform", "min": 1, "max": 0}, "p.max", ["greater than min"]),
    ({"dist": "uniform", "min": 1, "max": 1}, "p.max", ["greater than min"]),
    ({"dist": "uniform", "min": True, "max": 1}, "p.min", ["boolean"]),
    ({"dist": "uniform", "min": "0", "max": 1}, "p.min", ["number"]),
    ({"dist": "uniform", "min": math.nan, "max": 1}, "p.min", ["finite"]),
    ({"dist": "uniform", "min": 0, "max": math.inf}, "p.max", ["finite"]),
    ({"dist": "triangular", "min": 0, "mode": 2, "max": 1}, "p.mode", ["[0, 1]", "found 2"]),
    ({"dist": "triangular", "min": 0, "mode": -1, "max": 1}, "p.mode", ["[min, max]"]),
    ({"dist": "pert", "min": 2, "mode": 2, "max": 1}, "p.max", ["greater than min"]),
    ({"dist": "pert", "min": 0, "mode": 1, "max": 2, "lambda": 0}, "p.lambda", ["than 0"]),
    ({"dist": "pert", "min": 0, "mode": 1, "max": 2, "lam": 3}, "p.lam", ["'lambda'"]),
    ({"dist": "normal", "mean": 0, "sd": 0}, "p.sd", ["greater than 0", "found 0"]),
    ({"dist": "normal", "mean": 0, "sd": -1}, "p.sd", ["greater than 0"]),
    ({"dist": "normal", "mean": 0, "sd": 1, "min": 2, "max": 2}, "p.max", ["greater than min"]),
    ({"dist": "normal", "mean": 0}, "p.sd", ["missing"]),
    ({"dist": "normal", "mean": 0, "sd": 1, "min": 40}, "p.min", ["holds none"]),
    ({"dist": "normal", "mean": 0, "sd": 1, "max": -40}, "p.max", ["holds none"]),
    (
        {"dist": "lognormal", "mean": 1, "p05": 0.5},
        "p",
        ["mean, sd | p05, p95", "mix"],
    ),
    ({"dist": "lognormal", "mean": 1, "sd": 1, "p95": 2}, "p", ["mix"]),
    ({"dist": "normal", "mean": 1, "sd": 1, "p95": 2}, "p.p95", ["unknown key", "sd"]),
    ({"dist": "lognormal"}, "p", ["mean, sd | p05, p95"]),
    ({"dist": "lognormal", "p05": 0, "p95": 1}, "p.p05", ["greater than 0"]),
    ({"dist": "lognormal", "p05": -1, "p95": 1}, "p.p05", ["greater than 0"]),
    ({"dist": "lognormal", "p05": 2, "p95": 1}, "p.p95", ["greater than p05"]),
    ({"dist": "lognormal", "p05": 1, "p95": 1}, "p.p95", ["greater than p05"]),
    ({"dist": "lognormal", "mean": -1, "sd": 1}, "p.mean", ["greater than 0"]),
    ({"dist": "lognormal", "mean": 1, "sd": 0}, "p.sd", ["greater than 0"]),
    ({"dist": "beta", "mean": 0.5, "sd": 0.5}, "p.sd", ["less than 0.5", "found 0.5"]),
    ({"dist": "beta", "mean": 0.9, "sd": 0.4}, "p.sd", ["less than 0.3"]),
    ({"dist": "beta", "mean": 1.2, "sd": 0.1}, "p.mean", ["between 0 and 1"]),
    ({"dist": "beta", "mean": 0.5, "sd": 0}, "p.sd", ["greater than 0"]),
    ({"dist": "beta", "alpha": 0, "beta": 1}, "p.alpha", ["greater than 0"]),
    ({"dist": "beta", "alpha": 1, "beta": -2}, "p.beta", ["greater than 0"]),
    ({"dist": "beta", "p05": 0.5, "p95": 0.4}, "p.p95", ["greater than p05"]),
    ({"dist": "beta", "p05": 0.5, "p95": 1.0}, "p.p95", ["between 0 and 1"]),
    ({"dist": "beta", "alpha": 1, "beta": 2, "mean": 0.3}, "p", ["alpha, beta", "mix"]),
    ({"dist": "beta", "mean": 0.5, "sd": 0.1, "min": 0}, "p.min", ["mix"]),
    ({"dist": "gamma", "mean": 0, "sd": 1}, "p.mean", ["greater than 0"]),
    ({"dist": "gamma", "mean": 1, "sd": -1}, "p.sd", ["greater than 0"]),
    ({"dist": "gamma", "shape": 1, "scale": 0}, "p.scale", ["greater than 0"]),
    ({"dist": "discrete", "values": [1, 2], "weights": [1]}, "p.weights", ["as many"]),
    ({"dist": "discrete", "values": [1, 2], "weights": [1, -1]}, "p.weights[1]", ["at least 0"]),
    ({"dist": "discrete", "values": [1, 2], "weights": [0, 0]}, "p.weights", ["positive sum"]),
    ({"dist": "discrete", "values": []}, "p.values", ["at least one"]),
    ({"dist": "discrete", "values": [1, math.nan]}, "p.values[1]", ["finite"]),
    ({"dist": "discrete", "values": 3}, "p.values", ["list"]),
    ({"dist": "discrete", "weights": [1]}, "p.values", ["missing"]),
    ({"dist": "fixed", "value": 1, "evidence": "reserch"}, "p.evidence", ["'research'"]),
    ({"dist": "fixed", "value": 1, "evidence": "guess"}, "p.evidence", ["assumption"]),
    ({"dist": "fixed", "value": 1, "source": 2020}, "p.source", ["string"]),
    ({"dist": "fixed", "value": 1, "note": ["a"]}, "p.note", ["string"]),
    ({"dist": "fixed", "value": 1, "sorce": "x"}, "p.sorce", ["did you mean 'source'"]),
]


@pytest.mark.parametrize(("value", "path", "words"), BAD, ids=[str(b[0]) for b in BAD])
def test_bad_input_raises_scenario_error(value, path, words):
    with pytest.raises(ScenarioError) as info:
        parse_distribution(value, path="p")
    err = info.value
    assert err.path == path
    for word in words:
        assert word in err.message, (word, err.message)
    assert "\n" not in err.message


def test_beta_p05_p95_fit_failure_is_scenario_error(monkeypatch):
    import sekalk.distributions.beta as mod

    monkeypatch.setattr(mod, "beta_from_p05_p95", lambda p05, p95: None)
    with pytest.raises(ScenarioError, match="no beta") as info:
        parse_distribution({"dist": "beta", "p05": 0.1, "p95": 0.2}, path="x.share")
    assert info.value.path == "x.share"


def test_error_path_from_constructor_is_field_name():
    with pytest.raises(ScenarioError) as info:
        Uniform(2.0, 1.0)
    assert info.value.path == "max"
    with pytest.raises(ScenarioError):
        Fixed(1.0, evidence="nope")


# --------------------------------------------------------------------------------------------
# property-based: any valid min <= mode <= max table round-trips and stays in its support
# --------------------------------------------------------------------------------------------

finite = st.floats(
    min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False, allow_subnormal=False
)


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["triangular", "pert", "uniform"]),
    a=finite,
    b=finite,
    c=finite,
)
def test_min_mode_max_tables_round_trip(kind, a, b, c):
    lo, mode, hi = sorted((a, b, c))
    assume(lo < hi)
    table = {"dist": kind, "min": lo, "max": hi}
    if kind != "uniform":
        table["mode"] = mode
    d = parse_distribution(table, path="p")
    assert parse_distribution(d.to_table(), path="p") == d
    x = d.ppf(np.array([0.0, 1e-9, 0.1, 0.5, 0.9, 1 - 1e-9, 1.0]))
    assert np.all(np.diff(x) >= 0)
    assert x[0] == lo
    assert x[-1] == hi
