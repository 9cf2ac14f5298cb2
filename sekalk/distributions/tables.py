"""Tabulated inverse CDFs: beta (and so PERT) and gamma quantiles without scipy per draw.

The exact ``scipy`` quantile function is evaluated once per parameter set on a uniform grid in
``z = ndtri(u)`` and interpolated linearly in ``z``; the rare uniforms outside the table
(``u < 1e-7`` or ``u > 1 - 1e-7``) go through the exact quantile. The tests check the
tabulated inverse against ``scipy`` to within ``1e-6 * (q(0.999) - q(0.001))`` for ``u`` in
``[1e-6, 1 - 1e-6]``. Tables are kept in memory and, between runs, on disk
(:mod:`sekalk.tablecache`); a table read back gives the same draws bit for bit.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sekalk.distributions.base import scalar_if_0d
from sekalk.lazy import LazyModule

# scipy.special is imported when a quantile is first computed: reading and checking a file
# (``sekalk validate``) does not need it.
scipy = LazyModule("scipy", "scipy.special")

# Tabulated inverse CDF: a uniform grid in z = ndtri(u) over [-_Z_MAX, _Z_MAX].
_TABLE_POINTS = 4097
_TABLE_MAX_POINTS = 2**18 + 1
_TABLE_RTOL = 1e-7
_Z_MAX = 5.2  # u from about 1e-7 to 1 - 1e-7; outside, the exact scipy ppf is used


@dataclass(frozen=True, slots=True)
class _Table:
    """Quantiles at ``z_k = z0 + k / inv_dz``, with the slopes between neighbours."""

    x: NDArray[np.float64]
    slope: NDArray[np.float64]
    z0: float
    inv_dz: float
    u_lo: float
    u_hi: float


def _table_nodes(ppf: Any) -> NDArray[np.float64]:
    """Quantiles at the nodes of a uniform grid in ``z = ndtri(u)`` over [-_Z_MAX, _Z_MAX].

    The grid starts at ``_TABLE_POINTS`` nodes and is doubled until linear interpolation
    at every midpoint is within ``_TABLE_RTOL * (q(0.999) - q(0.001))`` of the exact
    quantile (or the grid reaches ``_TABLE_MAX_POINTS`` nodes).
    """
    width = float(ppf(0.999) - ppf(0.001))
    n = _TABLE_POINTS
    while True:
        z = np.linspace(-_Z_MAX, _Z_MAX, 2 * n - 1)  # nodes at even, midpoints at odd indices
        xx = np.asarray(ppf(scipy.special.ndtr(z)), dtype=np.float64)
        x = np.maximum.accumulate(xx[::2])  # guard monotonicity
        err = np.max(np.abs(0.5 * (x[:-1] + x[1:]) - xx[1::2]))
        if err <= _TABLE_RTOL * width or n >= _TABLE_MAX_POINTS:
            break
        n = 2 * n - 1
    return x


def _table_from_nodes(x: NDArray[np.float64]) -> _Table:
    n = x.size
    x.setflags(write=False)
    slope = np.diff(x)
    slope.setflags(write=False)
    return _Table(
        x=x,
        slope=slope,
        z0=-_Z_MAX,
        inv_dz=(n - 1) / (2 * _Z_MAX),
        u_lo=float(scipy.special.ndtr(-_Z_MAX)),
        u_hi=float(scipy.special.ndtr(_Z_MAX)),
    )


def _table_sizes() -> tuple[int, ...]:
    """Every number of nodes :func:`_table_nodes` can return."""
    sizes = [_TABLE_POINTS]
    while sizes[-1] < _TABLE_MAX_POINTS:
        sizes.append(2 * sizes[-1] - 1)
    return tuple(sizes)


def _cached_table(kind: str, params: tuple[float, ...], ppf: Any) -> _Table:
    """The table of ``ppf`` from the disk cache (:mod:`sekalk.tablecache`), else built and stored.

    The key holds everything the nodes depend on: the distribution and its parameters (exact,
    as hexadecimal floats), the table settings and the numpy and scipy versions.
    """
    from sekalk import tablecache

    key = "|".join(
        [
            kind,
            *(float(p).hex() for p in params),
            f"points={_TABLE_POINTS},max={_TABLE_MAX_POINTS},rtol={_TABLE_RTOL!r},z={_Z_MAX!r}",
            f"numpy={np.__version__},scipy={scipy.__version__}",
        ]
    )
    x = tablecache.load(key, _table_sizes())
    if x is None:
        x = _table_nodes(ppf)
        tablecache.store(key, x)
    return _table_from_nodes(x)


def _beta_exact(alpha: float, beta: float, lo: float, hi: float) -> Any:
    """Exact beta quantile on [lo, hi]; each tail inverted on its own side.

    ``scipy.special.betaincinv`` is used rather than ``scipy.stats.beta.ppf``, which
    (scipy 1.17) returns wrong values far in the lower tail (e.g. ``u = 1e-9``).
    """

    def ppf(u: NDArray[np.float64]) -> NDArray[np.float64]:
        u = np.asarray(u, dtype=np.float64)
        upper = u > 0.5
        x = np.where(
            upper,
            1.0 - scipy.special.betaincinv(beta, alpha, 1.0 - u),
            scipy.special.betaincinv(alpha, beta, u),
        )
        return np.where(x >= 1.0, hi, np.clip(lo + (hi - lo) * x, lo, hi))

    return ppf


def _gamma_exact(shape: float, scale: float) -> Any:
    """Exact gamma quantile; the upper tail through ``gammainccinv`` of ``1 - u``."""

    def ppf(u: NDArray[np.float64]) -> NDArray[np.float64]:
        u = np.asarray(u, dtype=np.float64)
        x = np.where(
            u > 0.5,
            scipy.special.gammainccinv(shape, 1.0 - u),
            scipy.special.gammaincinv(shape, u),
        )
        return scale * x

    return ppf


@functools.lru_cache(maxsize=256)
def _beta_table(alpha: float, beta: float, lo: float, hi: float) -> _Table:
    return _cached_table("beta", (alpha, beta, lo, hi), _beta_exact(alpha, beta, lo, hi))


@functools.lru_cache(maxsize=256)
def _gamma_table(shape: float, scale: float) -> _Table:
    return _cached_table("gamma", (shape, scale), _gamma_exact(shape, scale))


def _table_ppf(
    table: _Table, u: NDArray[np.float64], exact: Any, out: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Interpolate ``table`` at ``u``; elements outside the table (and NaN) use ``exact``."""
    shape = u.shape
    u = u.reshape(-1)
    n = table.x.size
    # out's memory is used directly only where it is one contiguous run (reshape of any other
    # out would be a copy); else the values are copied into it at the end
    direct = out is not None and out.flags.c_contiguous
    # the grid position t, then its fraction, then the value are all computed in x
    x = t = scipy.special.ndtri(u, out=out.reshape(-1) if direct else None)
    t -= table.z0
    t *= table.inv_dz
    np.clip(t, 0.0, n - 1.0, out=t)
    with np.errstate(invalid="ignore"):  # a NaN (from a NaN uniform, redone below) casts to junk
        i = t.astype(np.intp)
    t -= i
    # mode="clip": the top node (i = n - 1, where t - i = 0) takes the last slope, and a junk
    # index from a NaN stays in range
    node = np.take(table.slope, i, mode="clip")
    x *= node
    x += np.take(table.x, i, out=node, mode="clip")
    # min/max are NaN when a NaN is present, so that case takes the slow path as well
    if not (u.min(initial=table.u_lo) >= table.u_lo and u.max(initial=table.u_hi) <= table.u_hi):
        outside = np.flatnonzero(~((u >= table.u_lo) & (u <= table.u_hi)))
        # scipy (boost) may warn about slow convergence far out in a tail; its value is used
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            x[outside] = exact(u[outside])
    if out is None:
        return scalar_if_0d(x.reshape(shape))
    if not direct:
        out[...] = x.reshape(shape)
    return out
