"""Ranks with average ties, in numpy alone (``scipy.stats`` takes about a second to import).

:func:`rankdata` gives the same numbers as ``scipy.stats.rankdata(a, axis=axis)`` (method
``"average"``, ``nan_policy="propagate"``): every rank is a whole or half number, computed
exactly, so the two agree bit for bit. :func:`spearman` is Spearman's rank correlation as
``numpy.corrcoef`` of the two rank vectors.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["rankdata", "sorted_quantiles", "spearman"]


def rankdata(
    a: ArrayLike, axis: int = -1, *, order: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Ranks from 1 to n along ``axis``; tied values share the average of their ranks.

    Parameters
    ----------
    a
        Values [any unit]; any shape.
    axis
        The axis along which values are ranked (each slice on its own).
    order
        An ``argsort`` of ``a`` along ``axis`` (any kind), if the caller has one: it is used
        instead of sorting again.

    Returns
    -------
    ndarray of float64, the shape of ``a``
        The rank of each value within its slice. A slice that contains a NaN is all NaN
        (``scipy.stats.rankdata``'s ``nan_policy="propagate"``).
    """
    arr = np.asarray(a)
    if arr.ndim == 0:
        return np.array([np.nan if np.isnan(arr) else 1.0])  # as scipy: shape (1,)
    if arr.size == 0:
        return np.empty(arr.shape, dtype=np.float64)
    if arr.ndim == 1:
        return _rankdata_1d(arr, order)
    x = np.moveaxis(arr, axis, -1)
    shape = x.shape
    n = shape[-1]
    x = x.reshape(-1, n)
    # any sort will do: the average rank of a tie group does not depend on the order within
    # it, and numpy's default (SIMD) sort is about 2.5x faster than the stable one
    if order is None:
        order = np.argsort(x, axis=-1)
    else:
        order = np.moveaxis(np.asarray(order), axis, -1).reshape(-1, n)
    y = np.take_along_axis(x, order, axis=-1)
    # in sorted order: a tie group starts where a value differs from the one before it (or a
    # row starts); its average rank is (position of its first + 1) + (count - 1) / 2, a whole
    # or half number and so exact in float64
    new = np.ones(y.shape, dtype=bool)
    np.not_equal(y[:, 1:], y[:, :-1], out=new[:, 1:])
    if new.all():  # no ties (the common case of continuous draws): the ranks are 1 .. n
        sorted_ranks = np.broadcast_to(np.arange(1.0, n + 1.0), y.shape)
    else:
        starts = np.flatnonzero(new)
        counts = np.diff(starts, append=y.size)
        first = starts % n if y.shape[0] > 1 else starts  # position within its row
        average = (first + 1) + (counts - 1) * 0.5
        sorted_ranks = np.repeat(average, counts).reshape(y.shape)
    ranks = np.empty(y.shape, dtype=np.float64)
    np.put_along_axis(ranks, order, sorted_ranks, axis=-1)
    if y.dtype.kind in "fc":
        ranks[np.isnan(y[:, -1])] = np.nan  # NaN sorts last: a row with one ends in one
    return np.moveaxis(ranks.reshape(shape), -1, axis)


def _rankdata_1d(x: NDArray, order: ArrayLike | None) -> NDArray[np.float64]:
    """:func:`rankdata` of a 1-d array (the common case: one parameter's draws), without the
    2-d bookkeeping (the same numbers: whole and half ranks are exact)."""
    n = x.size
    order = np.argsort(x) if order is None else np.asarray(order)
    y = x[order]
    new = np.empty(n, dtype=bool)  # where a tie group starts, in sorted order
    new[0] = True
    np.not_equal(y[1:], y[:-1], out=new[1:])
    ranks = np.empty(n, dtype=np.float64)
    if new.all():  # no ties: the ranks are 1 .. n
        ranks[order] = np.arange(1.0, n + 1.0)
    else:
        starts = np.flatnonzero(new)
        counts = np.diff(starts, append=n)
        ranks[order] = np.repeat((starts + 1) + (counts - 1) * 0.5, counts)
    if y.dtype.kind in "fc" and np.isnan(y[-1]):
        ranks[:] = np.nan  # NaN sorts last: an array with one ends in one
    return ranks


def spearman(x: ArrayLike, y: ArrayLike) -> float:
    """Spearman's rank correlation of two samples of equal length [-1, 1].

    Returns NaN where either sample does not vary (all its ranks equal) or contains a NaN.
    """
    rx, ry = rankdata(x), rankdata(y)
    if not (np.ptp(rx) != 0 and np.ptp(ry) != 0):
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def sorted_quantiles(s: NDArray[np.float64], qs: ArrayLike) -> NDArray[np.float64]:
    """``np.quantile(x, qs, axis=0)`` (method ``"linear"``) from ``s = np.sort(x, axis=0)``.

    Bit for bit numpy's numbers (the same virtual indices, weights and interpolation), without
    numpy's partial sort, which is slow on many long columns: one sort serves every level.

    Parameters
    ----------
    s
        Values sorted along axis 0 (NaN last, as ``np.sort`` puts them), shape (n, ...).
    qs
        Quantile levels in [0, 1], shape (k,).

    Returns
    -------
    ndarray, shape (k, ...)
        NaN for a column that contains a NaN.
    """
    n = s.shape[0]
    virtual = (n - 1) * np.asarray(qs, dtype=np.float64)
    prev = np.floor(virtual)
    nxt = prev + 1
    above = virtual >= n - 1
    prev[above] = nxt[above] = -1
    below = virtual < 0
    prev[below] = nxt[below] = 0
    prev_i, next_i = prev.astype(np.intp), nxt.astype(np.intp)
    gamma = np.asarray(virtual - prev_i, dtype=np.float64).reshape((-1,) + (1,) * (s.ndim - 1))
    a, b = s[prev_i], s[next_i]
    diff = b - a
    out = np.add(a, diff * gamma)
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)
    nan = np.isnan(s[-1, ...])
    if np.any(nan):
        out[..., nan] = np.nan
    return out
