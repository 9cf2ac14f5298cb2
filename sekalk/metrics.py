"""Decision metrics and Monte Carlo summaries.

Pure, vectorised functions: arrays of draws in, arrays (or plain floats) out.
No Python loop over draws anywhere (``irr`` loops over time steps and grid points,
never over rows).

Conventions that other modules rely on
--------------------------------------
* Undefined values are ``NaN`` in arrays (``bcr``/``roi`` where ``pv_costs == 0``,
  ``payback_year`` when the cumulative flow never reaches 0 or no cost is paid,
  ``successes_needed`` where break-even is undefined, ``irr`` where there is no root). No
  ``RuntimeWarning`` is emitted.
* :func:`describe` and :func:`to_json_safe` turn ``NaN``/``±inf`` into ``None`` (JSON ``null``)
  and numpy scalars into plain Python types, so ``json.dumps(..., allow_nan=False)`` works.
* Discounting follows ``numpy_financial.npv``: the flow at index 0 is not discounted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.lazy import LazyModule

special = LazyModule("scipy.special")  # imported at first use

__all__ = [
    "bcr",
    "describe",
    "irr",
    "mcse_prob",
    "npv",
    "payback_year",
    "prob_positive",
    "quantile_ci",
    "quantile_cis",
    "roi",
    "successes_needed",
    "to_json_safe",
]

STATS_KEYS = ("mean", "sd", "p05", "p50", "p95", "mcse_mean")


def _out(a: NDArray[np.float64]) -> NDArray[np.float64] | float:
    """Return a plain float for 0-d results, the array otherwise."""
    a = np.asarray(a, dtype=float)
    return float(a) if a.ndim == 0 else a


# ---------------------------------------------------------------------------------------------
# present values and rates
# ---------------------------------------------------------------------------------------------


def npv(rate: ArrayLike, cashflows: ArrayLike) -> NDArray[np.float64] | float:
    """Net present value, with the semantics of ``numpy_financial.npv``.

    ``sum_t cashflows[..., t] / (1 + rate) ** t``; the flow at ``t = 0`` is not discounted.

    Parameters
    ----------
    rate : array_like
        Discount rate per period [fraction], a scalar or broadcastable to the leading
        shape ``(...)`` of `cashflows` (one rate per row/draw).
    cashflows : array_like, shape (..., T)
        Net flow per period [SEK]; the last axis is time [years].

    Returns
    -------
    ndarray, shape (...), or float
        Present value [SEK]; a plain float for 1-D `cashflows` and a scalar rate.
    """
    values = np.asarray(cashflows, dtype=float)
    r = np.asarray(rate, dtype=float)[..., np.newaxis]
    t = np.arange(values.shape[-1])
    return _out((values / (1.0 + r) ** t).sum(axis=-1))


def _horner(coeffs: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """``sum_j coeffs[j] * y**(T-1-j)`` by Horner's rule; `coeffs` has time on axis 0."""
    acc = np.zeros(np.broadcast_shapes(coeffs.shape[1:], np.shape(y)))
    for c in coeffs:
        acc = acc * y + c
    return acc


def _illinois(
    coeffs: NDArray[np.float64],
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    fa: NDArray[np.float64],
    fb: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Vectorised Illinois (modified regula falsi) root search in ``s`` on brackets ``[a, b]``.

    Requires ``fa * fb < 0`` or ``fb == 0``; rows that are not brackets are returned unchanged
    (the caller masks them). The function is ``_horner(coeffs, exp(-s))``.
    """
    side = np.zeros(a.shape, dtype=np.int8)
    c = np.where(fb == 0, b, a)
    done = (fb == 0) | ~(np.sign(fa) * np.sign(fb) < 0)
    for _ in range(200):
        if np.all(done):
            break
        with np.errstate(invalid="ignore", divide="ignore"):
            c_new = (a * fb - b * fa) / (fb - fa)
        c_new = np.where(done | ~np.isfinite(c_new), c, c_new)
        # keep the iterate strictly inside the bracket (guards against round-off)
        c_new = np.clip(c_new, np.minimum(a, b), np.maximum(a, b))
        fc = _horner(coeffs, np.exp(-c_new))
        same_b = np.sign(fc) == np.sign(fb)
        same_a = np.sign(fc) == np.sign(fa)
        active = ~done
        upd_b = active & same_b
        upd_a = active & same_a & ~same_b
        # Illinois: halve the value kept at the end that is retained twice in a row
        fa = np.where(upd_b & (side == -1), fa / 2, fa)
        fb = np.where(upd_a & (side == 1), fb / 2, fb)
        b = np.where(upd_b, c_new, b)
        fb = np.where(upd_b, fc, fb)
        a = np.where(upd_a, c_new, a)
        fa = np.where(upd_a, fc, fa)
        side = np.where(upd_b, -1, np.where(upd_a, 1, side)).astype(np.int8)
        tol = 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(c_new))
        converged = (fc == 0) | (np.abs(c_new - c) <= tol) | (np.abs(b - a) <= tol)
        c = np.where(active, c_new, c)
        done = done | (active & converged)
    return c


def irr(cashflows: ArrayLike) -> NDArray[np.float64] | float:
    """Internal rate of return, vectorised over leading axes.

    Parameters
    ----------
    cashflows : array_like, shape (..., T)
        Net flow per period [SEK]; the last axis is time [years].

    Returns
    -------
    ndarray, shape (...), or float
        The rate ``r`` [fraction per year] with ``npv(r, cashflows) == 0``; ``NaN`` where there
        is no such rate in ``(-1, inf)`` (e.g. all flows of one sign, all zero, or NaN flows).
        A plain float for 1-D input.

    Notes
    -----
    Root rule (the same as ``numpy_financial.irr`` 1.0, which takes, among the real roots in
    ``(-1, inf)``, the one closest to 0): the NPV is scanned outwards from ``r = 0`` in both
    directions on a fixed grid in ``s = |log(1 + r)|`` (geometric spacing, finest near
    ``r = 0``; ``r`` from about ``-1 + 1e-10`` to ``1e10`` for a 30-year horizon, wider for
    shorter ones). The first sign change on each side is refined (vectorised Illinois
    regula falsi, to machine precision), and of the (at most) two roots the one with the
    smaller ``|r|`` is returned. NPV is evaluated as ``p(x) = sum_t v_t x**t`` with
    ``x = 1/(1+r)`` for ``r >= 0`` and as ``p(x) / x**(T-1)`` for ``r < 0`` (same sign, no
    overflow).

    For conventional flows (one sign change in the sequence) there is exactly one root in
    ``(-1, inf)`` (Descartes' rule of signs) and the result equals ``numpy_financial.irr``.
    With several sign changes, roots that do not change the NPV's sign (double roots) or two
    roots within one grid cell are not seen, where ``numpy_financial`` (polynomial roots) may
    see them; conversely ``np.roots`` drops real roots that it returns with a tiny imaginary
    part. Such draws are rare and of no economic meaning.
    """
    values = np.asarray(cashflows, dtype=float)
    lead = values.shape[:-1]
    n_t = values.shape[-1]
    if n_t < 2:
        return _out(np.full(lead, np.nan))

    vt = np.moveaxis(values, -1, 0)  # (T, ...)
    s_max = min(40.0, 650.0 / (n_t - 1))
    grid = np.geomspace(1e-6, s_max, 120)
    f0 = vt.sum(axis=0)
    all_zero = ~np.any(values != 0.0, axis=-1)

    # side r < 0: x = exp(s) > 1, evaluate p(x) / x**(T-1) = sum_t v_t (1/x)**(T-1-t)
    # side r > 0: x = exp(-s) < 1, evaluate p(x) = sum_t v_t x**t
    roots = {}
    for name, coeffs in (("neg", vt), ("pos", vt[::-1])):
        lo = np.zeros(lead)
        hi = np.zeros(lead)
        f_lo = f0
        f_hi = f0
        f_prev = f0
        s_prev = 0.0
        found = np.zeros(lead, dtype=bool)
        for g in grid:
            f = _horner(coeffs, np.exp(-g))
            change = ~found & ((np.sign(f) * np.sign(f_prev) < 0) | (f == 0))
            lo = np.where(change, s_prev, lo)
            hi = np.where(change, g, hi)
            f_lo = np.where(change, f_prev, f_lo)
            f_hi = np.where(change, f, f_hi)
            found |= change
            f_prev, s_prev = f, g
            if np.all(found):
                break
        s_root = _illinois(coeffs, lo, hi, f_lo, f_hi)
        r = np.expm1(-s_root) if name == "neg" else np.expm1(s_root)
        roots[name] = np.where(found, r, np.nan)

    r_neg, r_pos = roots["neg"], roots["pos"]
    best = np.where(
        np.isnan(r_pos) | (~np.isnan(r_neg) & (np.abs(r_neg) < np.abs(r_pos))), r_neg, r_pos
    )
    best = np.where(f0 == 0, 0.0, best)
    best = np.where(all_zero, np.nan, best)
    return _out(best)


# ---------------------------------------------------------------------------------------------
# ratios and break-even
# ---------------------------------------------------------------------------------------------


def _safe_ratio(
    num: ArrayLike, den: ArrayLike, valid: ArrayLike, out: NDArray[np.float64] | None = None
) -> NDArray[np.float64] | float:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.divide(num, den, out=out)
    if np.ndim(ratio) == 0:
        return _out(np.where(valid, ratio, np.nan))
    ratio[~np.broadcast_to(valid, ratio.shape)] = np.nan  # in place: no second array
    return ratio


def bcr(pv_benefits: ArrayLike, pv_costs: ArrayLike) -> NDArray[np.float64] | float:
    """Benefit-cost ratio ``pv_benefits / pv_costs``.

    Parameters
    ----------
    pv_benefits : array_like
        Present value of avoided costs [SEK].
    pv_costs : array_like
        Present value of intervention costs [SEK].

    Returns
    -------
    ndarray or float
        Ratio [SEK per SEK]; ``NaN`` where ``pv_costs == 0`` (no warning is emitted).
    """
    return _safe_ratio(pv_benefits, pv_costs, np.asarray(pv_costs) != 0)


def roi(
    npv: ArrayLike, pv_costs: ArrayLike, *, out: NDArray[np.float64] | None = None
) -> NDArray[np.float64] | float:
    """Return on investment ``npv / pv_costs``.

    Parameters
    ----------
    npv : array_like
        Net present value [SEK].
    pv_costs : array_like
        Present value of intervention costs [SEK].
    out : ndarray, optional
        Where to write the result; may be ``npv`` itself (a temporary the caller is done with).

    Returns
    -------
    ndarray or float
        ROI [fraction]; ``NaN`` where ``pv_costs == 0`` (no warning is emitted).
    """
    return _safe_ratio(npv, pv_costs, np.asarray(pv_costs) != 0, out)


def payback_year(
    cumulative: ArrayLike, first_cost_year: ArrayLike = 0.0
) -> NDArray[np.float64] | float:
    """First year, from the first cost year on, in which the cumulative discounted net flow is
    ``>= 0``.

    Parameters
    ----------
    cumulative : array_like, shape (..., T)
        Cumulative discounted net flow [SEK]; the last axis is the year index ``t = 0..T-1``.
        Flows before the first cost year (gains booked before the perspective pays) count in it.
    first_cost_year : array_like, shape (...) or scalar, default 0
        The first year in which the perspective pays a positive cost [years]; ``NaN`` where it
        pays none. A perspective that has paid nothing has nothing to pay back: a cumulative
        flow of exactly 0 before it pays is not a payback.

    Returns
    -------
    ndarray, shape (...), or float
        Year index [years] (``0`` = first year of the investment) as float, never earlier
        than ``first_cost_year``; ``NaN`` if the cumulative flow never reaches 0 from then on
        within the horizon, or if ``first_cost_year`` is ``NaN`` (``NaN`` entries of
        ``cumulative`` count as < 0).
    """
    c = np.asarray(cumulative, dtype=float)
    start = np.asarray(first_cost_year, dtype=float)[..., None]
    with np.errstate(invalid="ignore"):
        reached = (c >= 0) & (np.arange(c.shape[-1]) >= start)  # NaN start: never
    first = np.argmax(reached, axis=-1).astype(float)
    return _out(np.where(reached.any(axis=-1), first, np.nan))


def successes_needed(
    pv_costs: ArrayLike, pv_benefits: ArrayLike, avoided_outcomes: ArrayLike
) -> NDArray[np.float64] | float:
    """Break-even number of avoided adverse outcomes (where NPV is 0).

    ``pv_costs / (pv_benefits / avoided_outcomes)``: the cost divided by the present value
    of one avoided outcome.

    Parameters
    ----------
    pv_costs : array_like
        Present value of intervention costs [SEK].
    pv_benefits : array_like
        Present value of avoided costs [SEK].
    avoided_outcomes : array_like
        Number of avoided adverse outcomes [persons].

    Returns
    -------
    ndarray or float
        Number of avoided outcomes needed [persons]; ``NaN`` where ``avoided_outcomes <= 0`` or
        ``pv_benefits <= 0`` (the value of one avoided outcome is undefined or not positive, so
        break-even is undefined). No warning is emitted.
    """
    c = np.asarray(pv_costs, dtype=float)
    b = np.asarray(pv_benefits, dtype=float)
    a = np.asarray(avoided_outcomes, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        res = b / a  # the value of one avoided outcome, then (in place) the outcomes needed
        if np.ndim(res) == 0 or np.shape(c) != res.shape:  # 0-d, or c broadcasts it wider
            return _out(np.where((a > 0) & (b > 0), c / res, np.nan))
        np.divide(c, res, out=res)
    res[~((a > 0) & (b > 0))] = np.nan
    return res


# ---------------------------------------------------------------------------------------------
# summaries
# ---------------------------------------------------------------------------------------------


def _finite_float(v: Any) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


def describe(
    x: ArrayLike,
    *,
    batch_size: int | None = None,
    replicates: int | None = None,
    cis: bool = False,
    overwrite_input: bool = False,
) -> dict[str, Any]:
    """STATS block of the JSON summary v1.

    Parameters
    ----------
    x : array_like, shape (n,)
        Draws of one output [unit of the output, e.g. SEK]; may contain ``NaN`` (undefined
        draws) and ``±inf``, which are left out: statistics are over the finite values.
    batch_size : int, optional
        Size of the independently randomised blocks of the design (e.g. the blocks of a Latin
        hypercube run), in draw order.
    replicates : int, optional
        Number R of independently randomised replicates interleaved draw by draw: draw ``i``
        belongs to replicate ``i % R`` (the ``sobol`` sampler's R scrambled Sobol' sequences).
        Not together with ``batch_size``.
    cis : bool, default False
        Also give ``"p05_ci", "p50_ci", "p95_ci"``: the 95 % order-statistic confidence
        intervals of :func:`quantile_cis` as ``[lo, hi]`` (``None`` where the percentile is);
        one sort of the draws serves the percentiles and their intervals.
    overwrite_input : bool, default False
        ``x`` is a temporary the caller no longer needs: it may be reordered in place instead
        of copied (at 1e7 draws this saves 80 MB).

    Returns
    -------
    dict
        Keys exactly ``"mean", "sd", "p05", "p50", "p95", "mcse_mean"`` (and the three CI keys
        with ``cis``), values plain Python floats, ``None`` where undefined (no finite values;
        ``sd``/``mcse_mean`` with fewer than 2 finite values; a result that is not finite).

    Notes
    -----
    * ``sd`` uses ``ddof=1``.
    * Percentiles use ``np.quantile(..., method="linear")`` (type 7 of Hyndman & Fan, numpy's
      and R's default).
    * ``mcse_mean`` (Monte Carlo standard error of the mean) is ``sd / sqrt(n)`` by default,
      which is right for independent draws. For Latin hypercube or scrambled Sobol draws the
      draws within a design are negatively dependent and ``sd / sqrt(n)`` *overstates* the
      error. When `batch_size` is given and there are at least 2 full blocks, the batch-means
      estimator is used instead: the blocks are independent replicates, so
      ``sd(block means, ddof=1) / sqrt(number of blocks)`` is an honest standard error. Only
      full blocks count (a trailing partial block is ignored for the error, not for the mean);
      a block mean is over its finite values and blocks without any are dropped.
    * With `replicates` the error is ``sd(replicate means, ddof=1) / sqrt(R)`` over the
      replicates with a finite value (at least 2), whatever the number of draws: the
      replicates are independent randomisations, so the spread of their means measures the
      error of their average honestly, which the draws of one scrambled Sobol' sequence (or
      contiguous slices of it) cannot. Its own relative uncertainty is about
      ``1 / sqrt(2 (R - 1))`` (18 % for R = 16).
    """
    arr = np.asarray(x)
    if arr.dtype.kind not in "fiu":
        arr = arr.astype(float)
    arr = arr.ravel()
    if batch_size is not None and batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if replicates is not None and (replicates < 1 or batch_size is not None):
        raise ValueError(
            f"replicates must be a positive integer without batch_size, got {replicates!r}"
        )
    # a cast or a copy of a strided column is ours to reorder as well
    copied = (overwrite_input and arr.flags.writeable) or not np.may_share_memory(arr, x)
    with np.errstate(over="ignore", invalid="ignore"):
        return _describe(arr, batch_size, copied, cis, replicates)


def _describe(
    arr: NDArray[Any],
    batch_size: int | None,
    copied: bool = False,
    cis: bool = False,
    replicates: int | None = None,
) -> dict[str, Any]:
    """The STATS block of ``arr`` (any real dtype); ``copied``: ``arr`` may be reordered."""
    out: dict[str, Any] = dict.fromkeys(STATS_KEYS)
    if cis:
        out.update(dict.fromkeys(("p05_ci", "p50_ci", "p95_ci")))
    n, mean, sd = _finite_moments(arr)
    if n == 0:
        return out
    out["mean"] = _finite_float(mean)
    if n >= 2:
        out["sd"] = _finite_float(sd)
        mcse = sd / math.sqrt(n)
        if batch_size is not None:
            n_batches = arr.size // batch_size
            if n_batches >= 2:
                # block by block: no temporary of the size of the sample
                counts = np.empty(n_batches)
                sums = np.empty(n_batches)
                for i in range(n_batches):
                    block = arr[i * batch_size : (i + 1) * batch_size].astype(float, copy=False)
                    ok = np.isfinite(block)
                    counts[i] = np.count_nonzero(ok)
                    sums[i] = np.where(ok, block, 0.0).sum()
                keep = counts > 0
                means = sums[keep] / counts[keep]
                if means.size >= 2:
                    mcse = float(np.std(means, ddof=1)) / math.sqrt(means.size)
        if replicates is not None:
            means = _replicate_means(arr, replicates)
            if means.size >= 2:
                mcse = float(np.std(means, ddof=1)) / math.sqrt(means.size)
        out["mcse_mean"] = _finite_float(mcse)
    # One sort serves the percentiles and the order statistics of their intervals (numpy's
    # sort of floats is faster than a partition at a dozen ranks).
    v, own = _finite_values(arr, n, own=copied, sort=cis)
    if cis:
        ci_keys = ("p05_ci", "p50_ci", "p95_ci")
        for key, (lo, hi) in zip(ci_keys, _ci_ranks(n, STATS_QUANTILES), strict=True):
            out[key] = [
                float(v[lo - 1]) if lo >= 1 else float("-inf"),
                float(v[hi - 1]) if hi <= n else float("inf"),
            ]
    p05, p50, p95 = np.quantile(v, STATS_QUANTILES, method="linear", overwrite_input=own)
    out["p05"], out["p50"], out["p95"] = _finite_float(p05), _finite_float(p50), _finite_float(p95)
    if cis:
        for key in ("p05", "p50", "p95"):
            if out[key] is None:
                out[f"{key}_ci"] = None
    return out


def _replicate_means(arr: NDArray[Any], replicates: int) -> NDArray[np.float64]:
    """Mean of the finite values of each replicate (draw ``i`` in replicate ``i % R``), for
    the replicates that have any; chunk by chunk, without a copy of the sample."""
    R = replicates
    sums, counts = np.zeros(R), np.zeros(R)
    step = max(_CHUNK // R, 1) * R  # whole rows of R draws per chunk
    for start in range(0, arr.size, step):
        chunk = arr[start : start + step].astype(np.float64, copy=False)
        full = chunk.size // R * R
        rows = chunk[:full].reshape(-1, R)
        ok = np.isfinite(rows)
        sums += np.where(ok, rows, 0.0).sum(axis=0)
        counts += ok.sum(axis=0)
        for r, value in enumerate(chunk[full:]):  # a last, partial row: replicates 0, 1, ...
            if np.isfinite(value):
                sums[r] += value
                counts[r] += 1
    keep = counts > 0
    return sums[keep] / counts[keep]


def _finite_moments(arr: NDArray[Any]) -> tuple[int, float, float]:
    """Number, mean and sample sd (``ddof=1``) of the finite values of ``arr``, in float64.

    The two-pass formula of ``np.std``, summed chunk by chunk: no copy of the sample is made
    (at 1e7 draws a copy is 80 MB), whatever its dtype and however many values are not finite.
    """
    count, total = 0, 0.0
    for start in range(0, arr.size, _CHUNK):
        chunk = _finite_chunk(arr, start)
        count += chunk.size
        total += float(chunk.sum())
    if count == 0:
        return 0, math.nan, math.nan
    mean = total / count
    squares = 0.0
    for start in range(0, arr.size, _CHUNK):
        d = _finite_chunk(arr, start) - mean
        d *= d
        squares += float(d.sum())
    return count, mean, math.sqrt(squares / (count - 1)) if count >= 2 else math.nan


def _finite_chunk(arr: NDArray[Any], start: int) -> NDArray[np.float64]:
    chunk = arr[start : start + _CHUNK].astype(np.float64, copy=False)
    finite = np.isfinite(chunk)
    return chunk if finite.all() else chunk[finite]


def _finite_values(
    arr: NDArray[Any], n: int, *, own: bool, sort: bool
) -> tuple[NDArray[np.float64], bool]:
    """The ``n`` finite values of ``arr`` as float64 (sorted if ``sort``), and whether the
    returned array may be reordered. An ``own`` float64 ``arr`` is sorted in place and sliced
    (numpy sorts -inf first and NaN last), so no copy is made."""
    if own and arr.dtype == np.float64 and (sort or n == arr.size):
        if sort:
            arr.sort()
            first = int(np.searchsorted(arr, -np.inf, side="right"))  # after any -inf
            return arr[first : first + n], True
        return arr, True
    v = arr if n == arr.size else arr[np.isfinite(arr)]
    own = own or v is not arr
    if v.dtype != np.float64:
        v = v.astype(np.float64)
        own = True
    if sort:
        if not own:
            v = v.copy()
        v.sort()
        own = True
    return v, own


#: Draws per chunk of the summaries' passes that would otherwise need a copy of the sample.
_CHUNK = 1 << 16

#: The percentiles of a STATS block [fraction].
STATS_QUANTILES = (0.05, 0.5, 0.95)


def binom_ppf(prob: float, n: int, p: float) -> int:
    """The ``prob``-quantile of Binomial(``n``, ``p``), for ``0 < prob < 1``: the smallest k
    with ``P(X <= k) >= prob`` (``scipy.stats.binom.ppf``, through ``scipy.special`` as
    scipy computes it, without importing ``scipy.stats``, which is slow to import)."""
    k = math.ceil(special.bdtrik(prob, n, p))
    below = max(k - 1, 0)
    return below if special.bdtr(below, n, p) >= prob else k


def _ci_ranks(n: int, qs: tuple[float, ...], confidence: float = 0.95) -> list[tuple[int, int]]:
    """1-based ranks ``(l, u)`` of the order-statistic CI of each quantile level (see
    :func:`quantile_ci`); a rank outside ``1..n`` means an unbounded end."""
    alpha = 1.0 - confidence
    ranks = []
    for q in qs:
        if not 0.0 < q < 1.0:
            raise ValueError(f"q must lie in (0, 1), got {q!r}")
        ranks.append(
            (
                binom_ppf(alpha / 2.0, n, q),
                binom_ppf(1.0 - alpha / 2.0, n, q) + 1,
            )
        )
    return ranks


def prob_positive(x: ArrayLike) -> float:
    """Share of draws with ``x > 0``.

    Parameters
    ----------
    x : array_like, shape (n,)
        Draws [any unit].

    Returns
    -------
    float
        Share [fraction] of *all* draws with ``x > 0``; ``NaN`` draws count as not positive
        (an undefined value is not evidence of a gain), ``+inf`` as positive. ``NaN`` for an
        empty input.
    """
    arr = np.asarray(x, dtype=float).ravel()
    if arr.size == 0:
        return float("nan")
    with np.errstate(invalid="ignore"):
        return float(np.count_nonzero(arr > 0) / arr.size)


def mcse_prob(p: ArrayLike, n: ArrayLike) -> NDArray[np.float64] | float:
    """Monte Carlo standard error of an estimated probability, ``sqrt(p (1 - p) / n)``.

    Parameters
    ----------
    p : array_like
        Estimated probability [fraction].
    n : array_like
        Number of independent draws.

    Returns
    -------
    ndarray or float
        Standard error [fraction].
    """
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(np.sqrt(p * (1.0 - p) / n))


def quantile_ci(x: ArrayLike, q: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """Distribution-free confidence interval for the `q`-quantile from order statistics.

    Parameters
    ----------
    x : array_like, shape (n,)
        Independent draws [any unit]; non-finite values are left out.
    q : float
        Quantile level [fraction], in (0, 1).
    confidence : float, default 0.95
        Nominal coverage [fraction].

    Returns
    -------
    (lo, hi) : tuple of float
        ``(X_(l), X_(u))`` with 1-based ranks ``l = binom.ppf(a/2, n, q)`` and
        ``u = binom.ppf(1 - a/2, n, q) + 1``, ``a = 1 - confidence``. Coverage is
        ``F(u-1) - F(l-1) >= confidence`` where ``F`` is the Binomial(n, q) CDF. A bound whose
        rank falls outside ``1..n`` (sample too small) is ``-inf`` / ``+inf``; both are ``NaN``
        for an empty sample.
    """
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie in (0, 1), got {q!r}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence!r}")
    arr = np.asarray(x, dtype=float).ravel()
    v = np.sort(arr[np.isfinite(arr)])
    n = v.size
    if n == 0:
        return float("nan"), float("nan")
    alpha = 1.0 - confidence
    lo_rank = binom_ppf(alpha / 2.0, n, q)
    hi_rank = binom_ppf(1.0 - alpha / 2.0, n, q) + 1
    lo = float(v[lo_rank - 1]) if lo_rank >= 1 else float("-inf")
    hi = float(v[hi_rank - 1]) if hi_rank <= n else float("inf")
    return lo, hi


def quantile_cis(
    x: ArrayLike, qs: tuple[float, ...] = (0.05, 0.5, 0.95), *, confidence: float = 0.95
) -> list[tuple[float, float]]:
    """:func:`quantile_ci` for several quantile levels at once, by one partial sort.

    Gives exactly the bounds of :func:`quantile_ci` for each level in ``qs``, in O(n) time
    (``np.partition`` at the needed ranks) rather than a full sort per level, so that it stays
    cheap at millions of draws.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence!r}")
    arr = np.asarray(x, dtype=float).ravel()
    finite = np.isfinite(arr)
    v = arr if finite.all() else arr[finite]  # np.partition copies: no copy needed here
    del finite
    n = v.size
    if n == 0:
        return [(float("nan"), float("nan")) for _ in qs]
    ranks = _ci_ranks(n, qs, confidence)
    kth = sorted({r - 1 for pair in ranks for r in pair if 1 <= r <= n})
    part = np.partition(v, kth) if kth else v
    return [
        (
            float(part[lo - 1]) if lo >= 1 else float("-inf"),
            float(part[hi - 1]) if hi <= n else float("inf"),
        )
        for lo, hi in ranks
    ]


def to_json_safe(obj: Any) -> Any:
    """Convert to strict-JSON-safe Python objects.

    numpy scalars become Python scalars, arrays and tuples become lists, ``NaN``/``±inf``
    become ``None``; dicts (keys converted likewise), lists, str, None and bool stay as they
    are. Other objects are returned unchanged.

    Parameters
    ----------
    obj : Any
        Nested structure of dicts, lists, tuples, numpy and Python scalars and arrays.

    Returns
    -------
    Any
        The same structure, serialisable by ``json.dumps(..., allow_nan=False)``.
    """
    if obj is None or isinstance(obj, (str, bool)):
        return obj
    if isinstance(obj, np.ndarray):
        return to_json_safe(obj.tolist())
    if isinstance(obj, np.generic):
        return to_json_safe(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, int):
        return obj
    if isinstance(obj, Mapping):
        return {to_json_safe(k): to_json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json_safe(v) for v in obj]
    return obj
