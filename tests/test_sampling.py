"""Uniform designs: ranges, stratification, common random numbers, copula."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sekalk import sampling
from sekalk.scenario.schema import Correlation


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_uniforms_in_open_unit_interval(sampler):
    u = sampling.uniform_block(["a", "b", "c"], 0, 4096, seed=1, sampler=sampler)
    assert u.shape == (3, 4096)
    assert u.flags.c_contiguous
    assert (u > 0).all() and (u < 1).all()
    # Each column is uniform: Kolmogorov-Smirnov does not reject at 0.1 %.
    for j in range(3):
        assert stats.kstest(u[j], "uniform").pvalue > 1e-3


@pytest.mark.parametrize("sampler", ["random", "lhs"])
def test_common_random_numbers_by_parameter_id(sampler):
    a = sampling.uniform_block(["x", "y"], 2, 1000, seed=5, sampler=sampler)
    b = sampling.uniform_block(["z", "y", "w"], 2, 1000, seed=5, sampler=sampler)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], b[0])


def test_blocks_and_seeds_differ():
    a = sampling.uniform_block(["x"], 0, 100, seed=1)
    assert not np.array_equal(a, sampling.uniform_block(["x"], 1, 100, seed=1))
    assert not np.array_equal(a, sampling.uniform_block(["x"], 0, 100, seed=2))
    np.testing.assert_array_equal(a, sampling.uniform_block(["x"], 0, 100, seed=1))


def test_lhs_is_stratified():
    n = 1000
    u = sampling.uniform_block(["a", "b"], 0, n, seed=3, sampler="lhs")
    for j in range(2):
        np.testing.assert_array_equal(np.sort(np.floor(u[j] * n)), np.arange(n))


@pytest.mark.filterwarnings("ignore:The balance properties")
def test_sobol_draws_interleave_independently_scrambled_sequences():
    """Draw i is point i // R of replicate i % R, each replicate its own scrambled Sobol'
    sequence (scipy, seeded by the run's seed and the replicate index, moved to the centre of
    its grid cell); block 1 continues every replicate where block 0 left it."""
    from scipy.stats import qmc

    R = sampling.SOBOL_REPLICATES
    assert sampling.BLOCK_SIZE % R == 0
    ids = ["b", "a"]
    first = sampling.uniform_block(ids, 0, sampling.BLOCK_SIZE, seed=7, sampler="sobol")
    second = sampling.uniform_block(ids, 1, 40, seed=7, sampler="sobol")
    per_replicate = sampling.BLOCK_SIZE // R + 3  # 40 draws of block 1: up to 3 points each
    whole = np.empty((2, R * per_replicate))
    for r in range(R):
        engine = qmc.Sobol(
            d=2,
            scramble=True,
            rng=np.random.default_rng(np.random.SeedSequence(7, spawn_key=(0x50B01, r))),
        )
        points = engine.random(per_replicate) + 2.0**-31  # centres of scipy's 2**-30 grid
        for j in range(per_replicate):
            whole[:, j * R + r] = points[j]
    # Columns follow sorted ids: "a" is dimension 0, "b" dimension 1.
    n = sampling.BLOCK_SIZE
    np.testing.assert_array_equal(first[[1, 0]], whole[:, :n])
    np.testing.assert_array_equal(second[[1, 0]], whole[:, n : n + 40])
    # Each replicate's share of a block is a balanced Sobol' net: its points are stratified.
    for r in range(R):
        points = first[0, r::R]
        m = points.size
        np.testing.assert_array_equal(np.sort(np.floor(points * m)), np.arange(m))
    # Replicates differ: independently scrambled, not one sequence cut into pieces.
    assert not np.array_equal(first[:, 0::R], first[:, 1::R])


def test_lhs_stratifies_a_whole_block():
    n = sampling.BLOCK_SIZE
    u = sampling.uniform_block(["a", "b"], 3, n, seed=3, sampler="lhs")
    for j in range(2):
        np.testing.assert_array_equal(np.sort(np.floor(u[j] * n)), np.arange(n))


def test_lhs_strata_of_the_inputs_as_the_readme_states():
    """README ("Choosing a sampler"): closed-form inputs keep the uniforms' strata up to
    rounding; beta, PERT and gamma draws lie within 2e-7 of (q(0.999) - q(0.001)) of the exact
    quantile of their uniform, so by the exact CDF a few per thousand draws of ordinary shapes
    sit in the neighbouring stratum (never further), more for strongly skewed shapes."""
    from tests.test_distributions import CLOSED_FORM_TABLES, TABULATED_TABLES, _parse

    n = sampling.BLOCK_SIZE
    u = sampling.uniform_block(["x"], 0, n, seed=5, sampler="lhs")[0]
    stratum = np.floor(u * n)
    for name, table in CLOSED_FORM_TABLES.items():
        d = _parse(table)
        if d.kind in ("fixed", "discrete"):
            continue
        cdf = d.to_scipy().cdf(d.ppf(u))
        assert np.max(np.abs(cdf - u)) <= 1e-12, name
    some = u[::16]  # scipy's beta/gamma quantiles are slow: every 16th draw of the block
    for name, table in TABULATED_TABLES.items():
        d = _parse(table)
        ref = d.to_scipy()
        width = ref.ppf(0.999) - ref.ppf(0.001)
        assert np.max(np.abs(d.ppf(some) - ref.ppf(some))) <= 2e-7 * width, name
    for name in ("pert", "beta-mean-sd", "gamma-exponential"):
        d = _parse(TABULATED_TABLES[name])
        moved = np.floor(d.to_scipy().cdf(d.ppf(u)) * n) - stratum
        assert np.abs(moved).max() <= 1, name
        assert 0 < np.mean(moved != 0) < 0.005, name


def test_spearman_to_pearson_closed_form():
    # r = 2 sin(pi rho / 6): rho = 1 -> 1, rho = 0.5 -> 2 sin(pi/12) = 0.5176380902.
    assert sampling.spearman_to_pearson(1.0) == pytest.approx(1.0)
    assert sampling.spearman_to_pearson(0.5) == pytest.approx(0.5176380902050415)


def test_copula_gives_the_rank_correlation():
    n = 200_000
    u = sampling.uniform_block(["a", "b"], 0, n, seed=2)
    corr = [Correlation(("a", "b"), 0.6)]
    chol = np.linalg.cholesky(sampling.copula_matrix(corr, ["a", "b"]))
    sampling.correlate(u, [0, 1], chol)
    rho = stats.spearmanr(u[0], u[1]).statistic
    # Asymptotic sd of Spearman's rho is about (1 - rho^2) / sqrt(n) ~ 0.0015; allow 4 of them.
    assert rho == pytest.approx(0.6, abs=4 * (1 - 0.36) / np.sqrt(n) + 1e-3)
    for j in range(2):
        assert stats.kstest(u[j], "uniform").pvalue > 1e-3


def test_block_bounds():
    assert sampling.block_bounds(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert sampling.block_bounds(8, 4) == [(0, 4), (4, 8)]


def test_unknown_sampler():
    with pytest.raises(ValueError, match="unknown sampler"):
        sampling.uniform_block(["a"], 0, 10, seed=1, sampler="halton")
