"""The faster uniforms, copula and draws give the bits of the formulas they replaced.

:func:`sekalk.sampling.uniform_block` now checks each row while it is in the cache (and for
``random`` only for an exact 0), :func:`sekalk.sampling.correlate` writes only its rows, and
:func:`sekalk.simulation.draw_block` takes each kind's ``ppf_interior`` path; the old
formulas are written out here as they were.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from sekalk import sampling, simulation
from sekalk.sampling import _U_MAX, _U_MIN, id_key
from sekalk.scenario import load

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [*sorted((ROOT / "scenarios").glob("*.toml")), ROOT / "benchmarks" / "reference.toml"]


def _old_uniform_block(param_ids, block, size, *, seed, sampler="random"):
    """uniform_block's random and LHS samplers before the checks went row by row."""
    from scipy.stats import qmc

    out = np.empty((len(param_ids), size))
    for j, pid in enumerate(param_ids):
        ss = np.random.SeedSequence(seed, spawn_key=(block, *id_key(pid)))
        rng = np.random.default_rng(ss)
        if sampler == "random":
            rng.random(size, out=out[j])
        else:
            out[j] = qmc.LatinHypercube(d=1, rng=rng).random(size)[:, 0]
    if out.size and (out.min() < _U_MIN or out.max() > _U_MAX):
        np.clip(out, _U_MIN, _U_MAX, out=out)
    return out


def _old_correlate(u, rows, cholesky):
    """correlate before it wrote only its rows (it clipped the whole block)."""
    import scipy.special

    rows = list(rows)
    z = scipy.special.ndtri(u[rows])
    for i, row in enumerate(rows):
        zi = cholesky[i, 0] * z[0]
        for j in range(1, i + 1):
            zi += cholesky[i, j] * z[j]
        scipy.special.ndtr(zi, out=u[row])
    np.clip(u, _U_MIN, _U_MAX, out=u)
    return u


@pytest.mark.parametrize("sampler", ["random", "lhs"])
@pytest.mark.parametrize(("block", "size"), [(0, 1), (0, 4096), (3, 65_536), (7, 1000)])
def test_uniform_block_equals_the_old_formula(sampler, block, size):
    ids = ["a", "b", "scenario.discount_rate", "outcomes.x.effect"]
    for seed in (0, 1, 20261130):
        new = sampling.uniform_block(ids, block, size, seed=seed, sampler=sampler)
        old = _old_uniform_block(ids, block, size, seed=seed, sampler=sampler)
        assert np.array_equal(new, old)


def test_numpy_uniforms_are_at_most_u_max():
    """The claim the random sampler's one-sided check rests on: numpy's doubles are
    m * 2**-53 with m < 2**53, so the largest is 1 - 2**-53, which is _U_MAX."""
    assert (2**53 - 1) * 2.0**-53 == _U_MAX
    rng = np.random.default_rng(5)
    u = rng.random(1_000_000)
    assert np.array_equal(u * 2.0**53, np.floor(u * 2.0**53))


class _FakeGenerator:
    """A generator whose uniforms hold the extremes numpy can give: 0 and 1 - 2**-53."""

    def random(self, size, out):
        out[...] = np.resize([0.0, 0.25, _U_MAX, 2.0**-53, 0.0, 0.75], size)
        return out


def test_an_exact_zero_is_moved_inside_as_before(monkeypatch):
    monkeypatch.setattr(sampling.np.random, "default_rng", lambda ss: _FakeGenerator())
    new = sampling.uniform_block(["a", "b"], 0, 10, seed=1)
    old = _old_uniform_block(["a", "b"], 0, 10, seed=1)
    assert np.array_equal(new, old)
    assert new.min() == _U_MIN and new.max() == _U_MAX


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_correlate_equals_the_old_formula(sampler):
    rng = np.random.default_rng(3)
    k = 6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Sobol' balance of odd sizes
        u = sampling.uniform_block([f"p{j}" for j in range(k)], 1, 5000, seed=2, sampler=sampler)
    u[:, :4] = [_U_MIN, _U_MAX, 0.5, 1e-12]  # the ends reach ndtr's 0 and 1
    a = rng.normal(size=(4, 4))
    dense = np.linalg.cholesky(a @ a.T / 4 + np.eye(4) * 0.1)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)  # a correlation matrix's factor
    rho = sampling.spearman_to_pearson(0.95)
    blocky = np.linalg.cholesky(np.array([[1, rho, 0], [rho, 1, 0], [0, 0, 1.0]]))
    for rows, chol in (([0, 2, 3, 5], dense), ([4, 1, 0], blocky), ([3], np.eye(1))):
        new = sampling.correlate(u.copy(), rows, chol)
        old = _old_correlate(u.copy(), rows, chol)
        assert np.array_equal(new, old)
        untouched = [j for j in range(k) if j not in rows]
        assert np.array_equal(new[untouched], u[untouched])  # only the given rows are written


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_draw_block_equals_the_plain_ppf_of_its_uniforms(path):
    """Every scenario, every sampler: the ppf_interior path gives the bits of ``ppf`` of the
    same (copula-correlated) uniforms."""
    design = simulation.make_design(load(path))
    ids = design.streams or design.uncertain + design.events
    for sampler in sampling.SAMPLERS:
        for seed, block, size in ((1, 0, 4096), (9, 2, 700)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                draws = simulation.draw_block(design, block, size, seed=seed, sampler=sampler)
                u = sampling.uniform_block(ids, block, size, seed=seed, sampler=sampler)
            if design.corr_cholesky is not None:
                _old_correlate(u, design.corr_columns, design.corr_cholesky)
            for j, (pid, dist) in enumerate(zip(design.uncertain, design.dists, strict=True)):
                assert np.array_equal(draws[pid], dist.ppf(u[j])), pid
            k = len(design.uncertain)
            for j, pid in enumerate(design.events):
                assert np.array_equal(draws[pid], u[k + j])
