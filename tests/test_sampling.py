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
def test_sobol_blocks_continue_the_sequence():
    from scipy.stats import qmc

    ids = ["b", "a"]
    first = sampling.uniform_block(ids, 0, sampling.BLOCK_SIZE, seed=7, sampler="sobol")
    second = sampling.uniform_block(ids, 1, 8, seed=7, sampler="sobol")
    engine = qmc.Sobol(
        d=2,
        scramble=True,
        rng=np.random.default_rng(np.random.SeedSequence(7, spawn_key=(0x50B01,))),
    )
    whole = engine.random(sampling.BLOCK_SIZE + 8)
    # Columns follow sorted ids: "a" is dimension 0, "b" dimension 1.
    np.testing.assert_allclose(first[[1, 0]].T, np.clip(whole[: sampling.BLOCK_SIZE], 2**-53, 1))
    np.testing.assert_allclose(second[[1, 0]].T, whole[sampling.BLOCK_SIZE :])


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
