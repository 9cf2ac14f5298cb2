"""Tests of sekalk.metrics against independent references (numpy_financial, numpy, hand sums)."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import numpy_financial as npf
import pytest
from scipy import stats

from sekalk import metrics as m

# ------------------------------------------------------------------------------------- npv


def test_npv_matches_numpy_financial_1d():
    rng = np.random.default_rng(11)
    for _ in range(200):
        t_len = int(rng.integers(1, 40))
        flows = rng.normal(0, 1e6, t_len)
        rate = float(rng.uniform(-0.5, 0.5))
        got = m.npv(rate, flows)
        assert isinstance(got, float)
        np.testing.assert_allclose(got, npf.npv(rate, flows), rtol=1e-12, atol=1e-6)


def test_npv_matches_numpy_financial_2d_per_row_rates_and_scalar_rate():
    rng = np.random.default_rng(12)
    flows = rng.normal(0, 1e6, (300, 25))
    rates = rng.uniform(-0.5, 0.5, 300)
    got = m.npv(rates, flows)
    assert got.shape == (300,)
    ref = np.array([npf.npv(r, f) for r, f in zip(rates, flows, strict=True)])
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-6)
    got_scalar = m.npv(0.035, flows)
    ref_scalar = np.array([npf.npv(0.035, f) for f in flows])
    np.testing.assert_allclose(got_scalar, ref_scalar, rtol=1e-12, atol=1e-6)


def test_npv_hand_calculation_and_3d():
    # -100 + 110/1.1 + 121/1.1**2 = -100 + 100 + 100
    assert m.npv(0.1, [-100, 110, 121]) == pytest.approx(100.0, rel=1e-14)
    flows = np.arange(24, dtype=float).reshape(2, 3, 4)
    rates = np.array([[0.0, 0.1, 0.2], [0.3, -0.2, 0.05]])
    got = m.npv(rates, flows)
    assert got.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            assert got[i, j] == pytest.approx(npf.npv(rates[i, j], flows[i, j]), rel=1e-12)


# ------------------------------------------------------------------------------------- irr


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-100, 110], 0.10),
        ([-100, 0, 121], 0.10),
        ([-100, 100], 0.0),
        ([-100, 50], -0.5),
        ([-100, 39, 59, 55, 20], 0.28094842115996),  # numpy_financial docstring
    ],
)
def test_irr_hand_cases(flows, expected):
    got = m.irr(flows)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("flows", [[1, 2, 3], [-1, -2, -3], [0, 0, 0], [5], [0, 10, 10]])
def test_irr_nan_where_undefined(flows):
    assert math.isnan(m.irr(flows))
    assert math.isnan(npf.irr(np.asarray(flows, dtype=float)))


def test_irr_conventional_random_flows_match_numpy_financial():
    rng = np.random.default_rng(21)
    n, t_len = 1500, 20
    invest = -rng.uniform(1e5, 1e7, (n, 3))
    n_inv = rng.integers(1, 4, n)
    returns = rng.uniform(0, 2e6, (n, t_len))
    flows = returns.copy()
    for k in range(3):  # first 1..3 years negative, the rest positive: one sign change
        flows[:, k] = np.where(k < n_inv, invest[:, k], returns[:, k])
    got = m.irr(flows)
    ref = np.array([npf.irr(f) for f in flows])
    assert np.isnan(got).sum() == np.isnan(ref).sum() == 0
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-9)


def test_irr_general_random_flows_with_one_root_match_numpy_financial():
    rng = np.random.default_rng(22)
    flows = rng.normal(size=(3000, 8))
    ref = np.array([npf.irr(f) for f in flows])
    n_roots = np.array(
        [np.sum((r.imag == 0) & (r.real > 0)) for r in (np.roots(f[::-1]) for f in flows)]
    )
    single = n_roots == 1
    assert single.sum() > 1000
    got = m.irr(flows)
    np.testing.assert_allclose(got[single], ref[single], rtol=0, atol=1e-9)
    # no root at all -> NaN, as numpy_financial
    none = n_roots == 0
    assert none.sum() > 100
    assert np.all(np.isnan(got[none]))


@pytest.mark.parametrize(("r1", "r2"), [(0.1, 0.5), (-0.2, 0.3), (0.25, -0.4), (-0.05, -0.6)])
def test_irr_two_roots_picks_the_one_closest_to_zero_as_numpy_financial(r1, r2):
    # p(x) = (x - x1)(x - x2) with x = 1/(1+r): flows [x1*x2, -(x1+x2), 1] have IRRs r1 and r2
    x1, x2 = 1 / (1 + r1), 1 / (1 + r2)
    flows = np.array([x1 * x2, -(x1 + x2), 1.0])
    expected = r1 if abs(r1) < abs(r2) else r2
    assert m.irr(flows) == pytest.approx(expected, abs=1e-12)
    assert npf.irr(flows) == pytest.approx(expected, abs=1e-12)
    assert m.irr(-flows) == pytest.approx(expected, abs=1e-12)


def test_irr_leading_shape_and_zero_npv_at_root():
    rng = np.random.default_rng(23)
    flows = np.concatenate([-rng.uniform(10, 100, (4, 5, 1)), rng.uniform(0, 20, (4, 5, 10))], -1)
    got = m.irr(flows)
    assert got.shape == (4, 5)
    np.testing.assert_allclose(m.npv(got, flows), 0.0, atol=1e-8)


# --------------------------------------------------------------------------- ratios, payback


def test_bcr_roi_zero_cost_nan_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b = m.bcr(np.array([300.0, 0.0, 5.0, -50.0]), np.array([100.0, 0.0, 0.0, 200.0]))
        r = m.roi(np.array([200.0, 0.0, 5.0, -250.0]), np.array([100.0, 0.0, 0.0, 200.0]))
        scalar = m.bcr(1.0, 0.0)
    np.testing.assert_array_equal(b, [3.0, np.nan, np.nan, -0.25])
    np.testing.assert_array_equal(r, [2.0, np.nan, np.nan, -1.25])
    assert isinstance(scalar, float)
    assert math.isnan(scalar)


def test_successes_needed_hand_and_undefined_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = m.successes_needed(
            np.array([3e6, 3e6, 3e6, 3e6, 0.0]),
            np.array([6e6, 6e6, 0.0, -1e6, 6e6]),
            np.array([4.0, 0.0, 4.0, 4.0, 4.0]),
        )
    # 3e6 / (6e6 / 4) = 2; avoided 0, benefits 0, benefits < 0 -> undefined; cost 0 -> 0
    np.testing.assert_allclose(got, [2.0, np.nan, np.nan, np.nan, 0.0])


@pytest.mark.parametrize(
    ("cumulative", "expected"),
    [
        ([-100.0, -50.0, -1.0, 20.0, 40.0], 3.0),
        ([-100.0, -50.0, -1.0, -0.5], math.nan),  # never within the horizon
        ([5.0, -1.0, 2.0], 0.0),  # first year
        ([-10.0, 0.0, 3.0], 1.0),  # exactly zero counts
        ([-10.0, math.nan, 3.0], 2.0),
    ],
)
def test_payback_year_hand_cases(cumulative, expected):
    got = m.payback_year(cumulative)
    assert isinstance(got, float)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected


def test_payback_year_vectorised():
    cum = np.array([[-3.0, -2.0, 1.0], [-1.0, -1.0, -1.0], [0.0, 1.0, 2.0]])
    np.testing.assert_array_equal(m.payback_year(cum), [2.0, np.nan, 0.0])
    # from yearly flows: cumulative discounted net flow
    flows = np.array([-100.0, 30.0, 40.0, 50.0])
    disc = flows / 1.05 ** np.arange(4)
    # -100, -71.43, -35.14, +8.06 -> year 3
    assert m.payback_year(np.cumsum(disc)) == 3.0


def _payback_by_loop(cumulative, first_cost_year):
    """The rule written out: the first year t >= first_cost_year with cumulative[t] >= 0."""
    if math.isnan(first_cost_year):
        return math.nan
    for t, value in enumerate(cumulative):
        if t >= first_cost_year and value >= 0:
            return float(t)
    return math.nan


@pytest.mark.parametrize(
    ("cumulative", "first_cost_year"),
    [
        ([0.0, 0.0, -10.0, -5.0, 1.0], 2),  # a late payer: 0 before it pays is no payback
        ([0.0, 0.0, -10.0, -5.0, -1.0], 2),  # ... that never recovers
        ([30.0, 50.0, 20.0, -4.0, 6.0], 2),  # gains before it pays: not before year 2
        ([30.0, 50.0, 20.0, -4.0, 6.0], 3),
        ([0.0, 0.0, 0.0], math.nan),  # pays no cost at all
        ([-1.0, 2.0, 3.0], 0),
    ],
)
def test_payback_year_from_the_first_cost_year(cumulative, first_cost_year):
    got = m.payback_year(cumulative, first_cost_year)
    expected = _payback_by_loop(cumulative, first_cost_year)
    assert math.isnan(got) if math.isnan(expected) else got == expected


def test_payback_year_first_cost_year_per_row():
    cum = np.array([[0.0, 0.0, -3.0, 1.0], [5.0, 4.0, 3.0, 2.0], [0.0, 0.0, 0.0, 0.0]])
    first = np.array([2.0, 1.0, np.nan])
    np.testing.assert_array_equal(m.payback_year(cum, first), [3.0, 1.0, np.nan])
    assert m.payback_year(cum[0], 2) == 3.0  # the default 0 would have said year 0
    assert m.payback_year(cum[0]) == 0.0


# ------------------------------------------------------------------------------- describe


def test_describe_matches_numpy_by_hand():
    x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    d = m.describe(x)
    assert list(d) == ["mean", "sd", "p05", "p50", "p95", "mcse_mean"]
    assert d["mean"] == pytest.approx(31 / 5)
    sd = math.sqrt(sum((v - 6.2) ** 2 for v in x) / 4)
    assert d["sd"] == pytest.approx(sd)
    # linear interpolation: position q*(n-1): 0.2 -> 1 + 0.2*(2-1); 2 -> 4; 3.8 -> 8 + 0.8*8
    assert d["p05"] == pytest.approx(1.2)
    assert d["p50"] == pytest.approx(4.0)
    assert d["p95"] == pytest.approx(14.4)
    assert d["mcse_mean"] == pytest.approx(sd / math.sqrt(5))
    assert all(type(v) is float for v in d.values())


def test_describe_ignores_nan_and_inf_and_is_json_safe():
    rng = np.random.default_rng(31)
    v = rng.normal(10, 3, 501)
    x = np.concatenate([v[:200], [np.nan, np.inf, -np.inf, np.nan], v[200:]])
    d = m.describe(x)
    assert d["mean"] == pytest.approx(np.mean(v), rel=1e-13)
    assert d["sd"] == pytest.approx(np.std(v, ddof=1), rel=1e-13)
    q = np.quantile(v, [0.05, 0.5, 0.95], method="linear")
    assert [d["p05"], d["p50"], d["p95"]] == pytest.approx(list(q), rel=1e-13)
    assert d["mcse_mean"] == pytest.approx(np.std(v, ddof=1) / math.sqrt(501), rel=1e-13)
    json.dumps(d, allow_nan=False)


def test_describe_undefined_cases_are_none():
    for x in ([], [np.nan, np.nan], [np.inf, -np.inf, np.nan]):
        d = m.describe(np.asarray(x, dtype=float))
        assert d == dict.fromkeys(["mean", "sd", "p05", "p50", "p95", "mcse_mean"])
        json.dumps(d, allow_nan=False)
    d = m.describe([np.nan, 7.0])
    assert d["mean"] == 7.0 and d["p50"] == 7.0
    assert d["sd"] is None and d["mcse_mean"] is None
    # overflow to inf in the mean becomes None, not inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = m.describe([1.7e308, 1.7e308])
    assert d["mean"] is None
    json.dumps(d, allow_nan=False)


def test_describe_batch_means_mcse_by_hand():
    x = np.array([1.0, 3.0, 2.0, 6.0, 4.0, 8.0, 100.0])  # trailing partial batch ignored
    d = m.describe(x, batch_size=2)
    # batch means 2, 4, 6 -> sd = 2 -> mcse = 2 / sqrt(3)
    assert d["mcse_mean"] == pytest.approx(2 / math.sqrt(3), rel=1e-14)
    assert d["mean"] == pytest.approx(124 / 7)
    # fewer than 2 full batches -> sd / sqrt(n)
    d1 = m.describe(x[:3], batch_size=2)
    assert d1["mcse_mean"] == pytest.approx(np.std(x[:3], ddof=1) / math.sqrt(3))
    # NaN inside a batch: batch mean over its finite values: (1), (2+6)/2, (4+8)/2 = 1, 4, 6
    xn = np.array([1.0, np.nan, 2.0, 6.0, 4.0, 8.0])
    dn = m.describe(xn, batch_size=2)
    assert dn["mcse_mean"] == pytest.approx(np.std([1.0, 4.0, 6.0], ddof=1) / math.sqrt(3))
    with pytest.raises(ValueError, match="batch_size"):
        m.describe(x, batch_size=0)


def test_describe_replicate_mcse_by_hand():
    # Draw i belongs to replicate i % 3: replicates (1, 2, 100), (3, 6), (5, 7) -> means
    # 103/3, 4.5, 6 (the last row is partial: replicates 0 only).
    x = np.array([1.0, 3.0, 5.0, 2.0, 6.0, 7.0, 100.0])
    d = m.describe(x, replicates=3)
    means = [103 / 3, 4.5, 6.0]
    assert d["mcse_mean"] == pytest.approx(np.std(means, ddof=1) / math.sqrt(3), rel=1e-14)
    assert d["mean"] == pytest.approx(124 / 7)
    # a non-finite draw leaves its replicate's mean over the others; an empty replicate drops
    xn = np.array([np.nan, 3.0, 5.0, np.inf, 6.0, 7.0])
    dn = m.describe(xn, replicates=3)
    assert dn["mcse_mean"] == pytest.approx(np.std([4.5, 6.0], ddof=1) / math.sqrt(2))
    with pytest.raises(ValueError, match="replicates"):
        m.describe(x, replicates=0)
    with pytest.raises(ValueError, match="replicates"):
        m.describe(x, replicates=2, batch_size=2)


def test_describe_replicate_means_across_chunks_equal_a_loop():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(1 << 16) + 1037)  # two chunks and a partial last row
    x[rng.integers(0, x.size, 50)] = np.nan
    R = 16
    sums, counts = [0.0] * R, [0] * R
    for i, value in enumerate(x):
        if np.isfinite(value):
            sums[i % R] += value
            counts[i % R] += 1
    means = [sums[r] / counts[r] for r in range(R)]
    got = m.describe(x, replicates=R)["mcse_mean"]
    assert got == pytest.approx(np.std(means, ddof=1) / math.sqrt(R), rel=1e-10)


# ----------------------------------------------------------------------- probabilities, CI


def test_prob_positive_and_mcse_prob():
    x = np.array([1.0, -1.0, 0.0, np.nan, 2.0, np.inf, -np.inf, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = m.prob_positive(x)
    assert type(p) is float
    assert p == 4 / 8  # 1, 2, inf, 3 out of all 8 draws; NaN is not positive
    assert math.isnan(m.prob_positive([]))
    assert m.mcse_prob(0.25, 300) == pytest.approx(math.sqrt(0.25 * 0.75 / 300))
    assert m.mcse_prob(0.0, 10) == 0.0
    np.testing.assert_allclose(
        m.mcse_prob(np.array([0.1, 0.5]), 100), [math.sqrt(0.09 / 100), 0.05]
    )


def test_quantile_ci_ranks_closed_form_n10_median():
    # Binomial(10, 1/2): F(1) = 11/1024 < 0.025 <= F(2) = 56/1024 -> lower rank 2;
    # F(7) = 968/1024 < 0.975 <= F(8) = 1013/1024 -> upper rank 8 + 1 = 9.
    # coverage P(2 <= B <= 8) = (1013 - 11) / 1024 = 0.9785 >= 0.95
    x = np.array([9.0, 2.0, 7.0, 1.0, 10.0, 4.0, 3.0, 8.0, 6.0, 5.0])
    assert m.quantile_ci(x, 0.5) == (2.0, 9.0)
    cov = stats.binom.cdf(8, 10, 0.5) - stats.binom.cdf(1, 10, 0.5)
    assert cov == pytest.approx(1002 / 1024)


def test_quantile_ci_small_sample_gives_infinite_bound():
    # n = 5, q = 0.95: P(B <= 4) = 1 - 0.95**5 = 0.226 -> upper rank 6 > n -> +inf
    lo, hi = m.quantile_ci([1.0, 2.0, 3.0, 4.0, 5.0], 0.95)
    assert hi == math.inf
    assert lo == 4.0  # F(3) = 0.0226 < 0.025 <= F(4) = 0.2262 -> rank 4
    assert m.to_json_safe([lo, hi]) == [4.0, None]


def test_quantile_ci_coverage_by_simulation():
    rng = np.random.default_rng(41)
    n_rep, n, q = 2000, 40, 0.9
    true_q = stats.norm.ppf(q)
    samples = rng.standard_normal((n_rep, n))
    hits = 0
    for s in samples:
        lo, hi = m.quantile_ci(s, q, confidence=0.9)
        hits += lo <= true_q <= hi
    # exact coverage of the order-statistic interval for these ranks
    lo_r = stats.binom.ppf(0.05, n, q)
    hi_r = stats.binom.ppf(0.95, n, q) + 1
    exact = stats.binom.cdf(hi_r - 1, n, q) - stats.binom.cdf(lo_r - 1, n, q)
    assert exact >= 0.9
    cover = hits / n_rep
    se = math.sqrt(exact * (1 - exact) / n_rep)
    assert abs(cover - exact) < 4 * se


# ---------------------------------------------------------------------------- to_json_safe


def test_to_json_safe_recursive():
    obj = {
        "a": np.float64(1.5),
        "b": np.array([1.0, np.nan, np.inf]),
        "c": [np.int64(3), -np.inf, float("nan"), (np.float32(0.5), None)],
        "d": {"e": np.bool_(True), "f": "text", "g": None, "h": False},
        np.str_("k"): np.array([[1, 2], [3, 4]]),
    }
    out = m.to_json_safe(obj)
    assert out == {
        "a": 1.5,
        "b": [1.0, None, None],
        "c": [3, None, None, [0.5, None]],
        "d": {"e": True, "f": "text", "g": None, "h": False},
        "k": [[1, 2], [3, 4]],
    }
    assert type(out["a"]) is float
    assert type(out["c"][0]) is int
    assert type(out["d"]["e"]) is bool
    json.dumps(out, allow_nan=False)
    json.dumps(m.to_json_safe(m.describe(np.array([np.nan, 1.0, 2.0]))), allow_nan=False)


def test_quantile_cis_equal_quantile_ci():
    from sekalk.metrics import quantile_ci, quantile_cis

    rng = np.random.default_rng(3)
    for n in (1, 5, 40, 1001):
        x = rng.normal(size=n)
        x[0] = np.nan
        got = quantile_cis(x, (0.05, 0.5, 0.95), confidence=0.9)
        want = [quantile_ci(x, q, confidence=0.9) for q in (0.05, 0.5, 0.95)]
        np.testing.assert_array_equal(np.array(got), np.array(want))


@pytest.mark.parametrize("n", [1, 7, 100, 5000])
def test_describe_with_cis_equals_describe_and_quantile_cis(n):
    """The one-sort path gives exactly the separate percentiles and order-statistic CIs."""
    rng = np.random.default_rng(n)
    x = rng.lognormal(size=n)
    x[::13] = np.nan
    x[5::17] = np.inf
    kept = x.copy()
    both = m.describe(x, batch_size=4, cis=True)
    assert np.array_equal(x, kept, equal_nan=True)  # the caller's array is left as it was
    plain = m.describe(x, batch_size=4)
    assert {k: both[k] for k in plain} == plain
    for key, (lo, hi) in zip(("p05_ci", "p50_ci", "p95_ci"), m.quantile_cis(x), strict=True):
        assert both[key] == (None if plain[key[:3]] is None else [lo, hi])
    # a temporary handed over with overwrite_input may be reordered; the figures are the same
    scratch = x.copy()
    assert m.describe(scratch, batch_size=4, cis=True, overwrite_input=True) == both


def test_describe_with_cis_of_nothing_finite():
    out = m.describe(np.array([np.nan, np.inf]), cis=True)
    assert out["p50"] is None and out["p50_ci"] is None and out["p05_ci"] is None


def test_binom_ppf_equals_scipy_stats():
    """The order-statistic ranks come from scipy.special as scipy.stats.binom.ppf computes
    them (scipy.stats is slow to import); the same integer on a grid including small n."""
    for n in (1, 2, 5, 19, 20, 100, 999, 10_000, 65_536, 1_000_000, 10_000_000):
        for p in (0.05, 0.25, 0.5, 0.95):
            for prob in (0.025, 0.5, 0.975, 1e-6, 1 - 1e-6):
                assert m.binom_ppf(prob, n, p) == int(stats.binom.ppf(prob, n, p)), (n, p, prob)


def test_successes_needed_broadcasts_costs():
    # one value per outcome, costs per draw: 1 / (4 / 2), 2 / 2, 3 / 2
    np.testing.assert_array_equal(
        m.successes_needed([1.0, 2.0, 3.0], [4.0], [2.0]), [0.5, 1.0, 1.5]
    )


def test_describe_may_not_sort_a_read_only_array():
    x = np.array([3.0, 1.0, 2.0])
    x.flags.writeable = False
    assert m.describe(x, cis=True, overwrite_input=True)["p50"] == 2.0
    np.testing.assert_array_equal(x, [3.0, 1.0, 2.0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_describe_over_several_chunks_against_numpy(dtype):
    """Mean and sd are summed chunk by chunk (65,536 values each) over the finite values, and a
    handed-over array is sorted in place past its -inf and NaN: against numpy on the finite
    values, with non-finite values in several chunks."""
    rng = np.random.default_rng(7)
    x = rng.lognormal(15.0, 1.0, 200_003).astype(dtype)
    x[[3, 70_000, 150_001]] = np.nan
    x[[10, 140_000]] = np.inf
    x[[20, 199_999]] = -np.inf
    finite = x[np.isfinite(x)].astype(np.float64)
    for handed_over in (False, True):
        d = m.describe(x.copy(), cis=True, overwrite_input=handed_over)
        assert d["mean"] == pytest.approx(np.mean(finite), rel=1e-12)
        assert d["sd"] == pytest.approx(np.std(finite, ddof=1), rel=1e-12)
        q = np.quantile(finite, [0.05, 0.5, 0.95])
        assert [d["p05"], d["p50"], d["p95"]] == list(q)
        for key, (lo, hi) in zip(
            ("p05_ci", "p50_ci", "p95_ci"), m.quantile_cis(finite), strict=True
        ):
            assert d[key] == [lo, hi]
