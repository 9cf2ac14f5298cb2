"""The sampler's path through the inverse CDFs gives the bits of the plain path.

``Distribution.ppf_interior`` (uniforms strictly inside (0, 1), as the samplers give them),
the bit-mask :func:`~sekalk.distributions.base.copy_where` and the table interpolation with
one temporary less must give exactly the values of the formulas they replaced; those formulas
are written out here as they were.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special

from sekalk.distributions import Distribution, Triangular, parse_distribution
from sekalk.distributions.base import copy_where, pin, scalar_if_0d
from sekalk.distributions.tables import _beta_exact, _beta_table, _table_ppf
from sekalk.sampling import _U_MAX, _U_MIN
from tests.test_distributions import ALL_TABLES

# One of every kind and parameterisation, plus the reference model's and the example's.
TABLES = {
    **ALL_TABLES,
    "triangular-rate": {"dist": "triangular", "min": 0.01, "mode": 0.035, "max": 0.05},
    "triangular-negative": {"dist": "triangular", "min": -3, "mode": -2.5, "max": 0.5},
    "pert-cost": {"dist": "pert", "min": 150000, "mode": 250000, "max": 400000},
    "pert-negative": {"dist": "pert", "min": -140000, "mode": -104000, "max": -70000},
}


def _parse(name: str) -> Distribution:
    return parse_distribution(TABLES[name], path="p")


def _interior_uniforms(dist: Distribution) -> np.ndarray:
    """Random uniforms and every edge a sampler can give: the ends 2**-53 and 1 - 2**-53,
    the far tails, Sobol' cell centres, the edges of a table and a triangular's mode."""
    rng = np.random.default_rng(20261130)
    edges = [_U_MIN, _U_MAX, 2 * _U_MIN, np.nextafter(_U_MAX, 0), 1e-12, 1 - 1e-12, 0.5]
    edges += list(np.geomspace(_U_MIN, 1e-6, 40)) + list(1 - np.geomspace(1e-16, 1e-6, 40))
    sobol = (rng.integers(0, 2**30, 2000) + 0.5) / 2**30
    u = [rng.random(50_000), np.array(edges), sobol]
    table = getattr(dist, "alpha", None)
    if table is not None:
        t = _beta_table(dist.alpha, dist.beta, dist.min, dist.max)
        for v in (t.u_lo, t.u_hi):
            u.append(np.array([np.nextafter(v, 0), v, np.nextafter(v, 1)]))
    if isinstance(dist, Triangular):
        c = (dist.mode - dist.min) / (dist.max - dist.min)
        u.append(np.array([c, np.nextafter(c, 0), np.nextafter(c, 1)]))
    u = np.concatenate(u)
    u = u[(u > 0) & (u < 1)]
    return u


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_ppf_interior_gives_the_bits_of_ppf(name):
    dist = _parse(name)
    u = _interior_uniforms(dist)
    expected = np.asarray(dist.ppf(u), dtype=np.float64)
    assert _same_bits(np.asarray(dist.ppf_interior(u)), expected)
    out = np.full(u.shape, -1.0)
    assert dist.ppf_interior(u, out=out) is out
    assert _same_bits(out, expected)
    # a row of a block, as draw_block passes it
    block = np.stack([u[::-1], u])
    out = np.empty(u.size)
    dist.ppf_interior(block[1], out=out)
    assert _same_bits(out, expected)
    np.testing.assert_array_equal(block[1], u)  # the uniforms are left alone


# --------------------------------------------------------------------------------------------
# the formulas as they were
# --------------------------------------------------------------------------------------------


def _old_triangular_ppf(d: Triangular, u: np.ndarray) -> np.ndarray:
    """Triangular.ppf before the bit-mask select (a masked copyto)."""
    u = np.asarray(u, dtype=np.float64)
    x = np.asarray(np.clip(u, 0.0, 1.0))
    width = d.max - d.min
    c = (d.mode - d.min) / width
    right_side = x >= c
    right = np.subtract(1.0, x, out=np.empty_like(x))
    right *= width * (d.max - d.mode)
    np.sqrt(right, out=right)
    np.subtract(d.max, right, out=right)
    x *= width * (d.mode - d.min)
    np.sqrt(x, out=x)
    x += d.min
    np.copyto(x, right, where=right_side)
    return scalar_if_0d(pin(x, u, d.min, d.max))


def _old_table_ppf(table, u, exact):
    """_table_ppf before the grid position was computed in the result's memory."""
    shape = u.shape
    u = u.reshape(-1)
    n = table.x.size
    t = scipy.special.ndtri(u)
    t -= table.z0
    t *= table.inv_dz
    np.clip(t, 0.0, n - 1.0, out=t)
    with np.errstate(invalid="ignore"):
        i = t.astype(np.intp)
    t -= i
    x = np.take(table.slope, i, mode="clip")
    x *= t
    x += np.take(table.x, i, mode="clip")
    if not (u.min(initial=table.u_lo) >= table.u_lo and u.max(initial=table.u_hi) <= table.u_hi):
        outside = np.flatnonzero(~((u >= table.u_lo) & (u <= table.u_hi)))
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            x[outside] = exact(u[outside])
    return scalar_if_0d(x.reshape(shape))


def _all_uniforms() -> np.ndarray:
    """Random uniforms with the end points, NaN and the far tails."""
    rng = np.random.default_rng(7)
    extra = [0.0, 1.0, np.nan, _U_MIN, _U_MAX, 1e-300, 1e-12, 1 - 1e-12, -0.0, 0.5]
    return np.concatenate([rng.random(20_000), extra])


def _kind(name: str) -> str | None:
    table = TABLES[name]
    return table.get("dist") if isinstance(table, dict) else None


TRIANGULARS = [n for n in sorted(TABLES) if _kind(n) == "triangular"]
SCALED_BETAS = [n for n in sorted(TABLES) if _kind(n) in ("pert", "beta")]


@pytest.mark.parametrize("name", TRIANGULARS)
def test_triangular_ppf_equals_the_old_formula(name):
    dist = _parse(name)
    for u in (_all_uniforms(), _interior_uniforms(dist)):
        with np.errstate(invalid="ignore"):
            expected = _old_triangular_ppf(dist, u)
            assert np.array_equal(dist.ppf(u), expected, equal_nan=True)
            assert np.array_equal(
                dist.ppf(u.reshape(2, -1)), expected.reshape(2, -1), equal_nan=True
            )
    for s in (0.0, 1.0, 0.3, np.nan):  # scalars stay scalars with the same value
        with np.errstate(invalid="ignore"):
            assert np.array_equal(dist.ppf(s), _old_triangular_ppf(dist, s), equal_nan=True)
        assert np.shape(dist.ppf(s)) == ()


@pytest.mark.parametrize("name", SCALED_BETAS)
def test_table_ppf_equals_the_old_formula(name):
    dist = _parse(name)
    table = _beta_table(dist.alpha, dist.beta, dist.min, dist.max)
    exact = _beta_exact(dist.alpha, dist.beta, dist.min, dist.max)
    for u in (_all_uniforms(), _interior_uniforms(dist)):
        expected = _old_table_ppf(table, u, exact)
        with np.errstate(invalid="ignore"):
            assert np.array_equal(_table_ppf(table, u, exact), expected, equal_nan=True)
            out = np.empty_like(u)
            assert _table_ppf(table, u, exact, out) is out
            assert np.array_equal(out, expected, equal_nan=True)
            strided = np.empty((u.size, 2))[:, 0]
            _table_ppf(table, u, exact, strided)
            assert np.array_equal(strided, expected, equal_nan=True)
            assert np.array_equal(dist.ppf(u), expected, equal_nan=True)
    assert _same_bits(
        np.atleast_1d(_table_ppf(table, np.array(0.3), exact)),
        np.atleast_1d(_old_table_ppf(table, np.array(0.3), exact)),
    )


# --------------------------------------------------------------------------------------------
# copy_where
# --------------------------------------------------------------------------------------------


def test_copy_where_gives_the_bits_of_a_masked_copy():
    rng = np.random.default_rng(11)
    n = 10_000
    # any 64-bit patterns: NaNs with payloads, infinities, -0.0, subnormals
    target = rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64, endpoint=True).view(np.float64)
    source = rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64, endpoint=True).view(np.float64)
    target[:4] = [np.nan, -0.0, np.inf, 5e-324]
    source[:4] = [-0.0, np.nan, -np.inf, 0.0]
    for condition in (rng.random(n) < 0.4, np.zeros(n, bool), np.ones(n, bool)):
        expected = target.copy()
        np.copyto(expected, source, where=condition)
        got = target.copy()
        assert copy_where(got, source.copy(), condition) is got
        assert _same_bits(got, expected)
    # views with strides, as rows and columns of blocks
    block = target.reshape(100, 100).copy()
    src = source.reshape(100, 100).copy()
    cond = rng.random(100) < 0.5
    expected = block[:, 3].copy()
    np.copyto(expected, src[:, 7], where=cond)
    copy_where(block[:, 3], src[:, 7], cond)
    assert _same_bits(block[:, 3].copy(), expected)
