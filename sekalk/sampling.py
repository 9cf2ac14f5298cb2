"""Uniform designs and the Gaussian copula.

Draws are generated in fixed-size blocks of :data:`BLOCK_SIZE` draws. For the ``random`` and
``lhs`` samplers each (block, parameter id) pair has its own ``SeedSequence`` child, keyed by
the block index and a hash of the parameter id, so that

* the chunk size and the number of workers never change a number (a chunk is a whole number
  of blocks and every block is generated on its own), and
* two scenarios that share a parameter id see the same uniforms for it (common random numbers).

``sobol`` is :data:`SOBOL_REPLICATES` independently scrambled Sobol' sequences over all
uncertain parameters (dimensions in sorted id order), each seeded by ``seed`` and its replicate
index, interleaved: draw ``i`` is point ``i // R`` of replicate ``i % R``. Any run of ``R * 2**m``
draws is then R scrambled Sobol' nets of ``2**m`` points each, whatever its blocks; the spread
of the R replicate means gives an honest Monte Carlo error (see
:func:`sekalk.metrics.describe`), which one scrambled sequence cannot. Common random numbers
hold only between scenarios with the same set of uncertain parameter ids.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import warnings
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from sekalk.lazy import LazyModule

special = LazyModule("scipy.special")  # imported at first use

SAMPLERS: tuple[str, ...] = ("random", "lhs", "sobol")
#: Draws per block [draws]; a power of two so that Sobol' blocks keep their balance.
BLOCK_SIZE = 65_536
#: Independently scrambled Sobol' sequences of the ``sobol`` sampler, interleaved draw by draw
#: (a power of two that divides :data:`BLOCK_SIZE`).
SOBOL_REPLICATES = 16
# scipy's Sobol' points are k / 2**_SOBOL_BITS (up to 2**_SOBOL_BITS points per replicate).
_SOBOL_BITS = 30
# Uniforms are kept strictly inside (0, 1) so that unbounded inverse CDFs stay finite.
_U_MIN = 2.0**-53
_U_MAX = 1.0 - 2.0**-53


@functools.lru_cache(maxsize=4096)
def id_key(param_id: str) -> tuple[int, int]:
    """A stable 64-bit key for a parameter id, as two 32-bit words (for ``spawn_key``)."""
    digest = hashlib.sha256(param_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "little"), int.from_bytes(digest[4:8], "little")


def stream_id(param_id: str, namespace: str | None = None) -> str:
    """The name that keys a parameter's random stream in :func:`uniform_block`.

    Without a namespace it is the parameter id itself, so scenarios that share an id share its
    stream (common random numbers, as ``compare`` and overlays need). In a namespace (a
    portfolio project's name) it is the id and the namespace joined by a NUL character, which
    no parameter id contains: every namespace then has streams of its own, and the same id
    in two namespaces is drawn independently.
    """
    return param_id if namespace is None else f"{param_id}\x00{namespace}"


_SOBOL_ENGINES = threading.local()


def _sobol_at(dimensions: int, seed: int, replicate: int, position: int):
    """Replicate ``replicate``'s scrambled Sobol' engine, about to give point ``position``.

    Scrambling costs far more than generating, so each thread keeps its engines and moves
    them forward (or resets them) to the point asked for: the points depend only on
    ``(seed, replicate, position)``, never on the thread or the order of the blocks.
    """
    from scipy.stats import qmc

    engines = getattr(_SOBOL_ENGINES, "engines", None)
    if engines is None or len(engines) > 512:
        engines = _SOBOL_ENGINES.engines = {}
    key = (dimensions, seed, replicate)
    engine = engines.get(key)
    if engine is None:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0x50B01, replicate)))
        engine = engines[key] = qmc.Sobol(d=dimensions, scramble=True, bits=_SOBOL_BITS, rng=rng)
    if engine.num_generated > position:
        engine.reset()
    if engine.num_generated < position:
        engine.fast_forward(position - engine.num_generated)
    return engine


def block_bounds(n_draws: int, block_size: int = BLOCK_SIZE) -> list[tuple[int, int]]:
    """The ``(start, stop)`` draw indices of every block of a run of ``n_draws`` draws."""
    return [(s, min(s + block_size, n_draws)) for s in range(0, n_draws, block_size)]


def check_seed(seed: int) -> int:
    """Validate a seed (a non-negative integer) and return it."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def uniform_block(
    param_ids: Sequence[str],
    block: int,
    size: int,
    *,
    seed: int,
    sampler: str = "random",
) -> NDArray[np.float64]:
    """Independent uniforms for one block.

    Parameters
    ----------
    param_ids
        The ids of the uncertain parameters (columns).
    block
        The block index (0-based); the block covers draws ``block*BLOCK_SIZE`` onwards.
    size
        Number of draws in this block (``BLOCK_SIZE`` except for the last block).
    seed
        The run's seed (non-negative integer).
    sampler
        ``"random"``, ``"lhs"`` or ``"sobol"``.

    Returns
    -------
    ndarray, shape (len(param_ids), size)
        Uniforms in the open interval (0, 1), one contiguous row per parameter.
    """
    k = len(param_ids)
    out = np.empty((k, size))
    if sampler in ("sobol", "lhs"):
        from scipy.stats import qmc  # slow to import: only these samplers need it
    if sampler == "sobol":
        if k:
            order = sorted(range(k), key=lambda j: param_ids[j])
            R = SOBOL_REPLICATES
            # points[j, r] is point j of replicate r (within this block): draw j * R + r
            rows = -(-size // R)
            points = np.empty((rows, R, k))
            for r in range(min(R, size)):
                count = len(range(r, size, R))
                engine = _sobol_at(k, seed, r, block * (BLOCK_SIZE // R))
                with warnings.catch_warnings():
                    # Only a run whose draws are not R times a power of two is unbalanced.
                    warnings.simplefilter("ignore", UserWarning)
                    points[:count, r] = engine.random(count)
            out[order] = points.reshape(rows * R, k)[:size].T
            # scipy's points are k / 2**bits: their mean over the grid is 0.5 - 2**-(bits+1), a
            # bias of every input that no replicate sees. The cell centres are unbiased.
            out += 2.0 ** -(_SOBOL_BITS + 1)
        # An exact 0 (or a 1) is moved inside; the two reductions read the block once each,
        # cheaper than writing it all back.
        if out.size and (out.min() < _U_MIN or out.max() > _U_MAX):
            np.clip(out, _U_MIN, _U_MAX, out=out)
    elif sampler in ("random", "lhs"):
        # Each row is checked (and if need be moved inside) while it is still in the cache.
        for j, pid in enumerate(param_ids):
            ss = np.random.SeedSequence(seed, spawn_key=(block, *id_key(pid)))
            rng = np.random.default_rng(ss)
            row = out[j]
            if sampler == "random":
                rng.random(size, out=row)
                # numpy's uniforms are m * 2**-53 with m < 2**53: at most _U_MAX, so only an
                # exact 0 is outside [_U_MIN, _U_MAX] (and max(u, _U_MIN) is the clip)
                if size and row.min() < _U_MIN:
                    np.maximum(row, _U_MIN, out=row)
            else:
                row[:] = qmc.LatinHypercube(d=1, rng=rng).random(size)[:, 0]
                # (i + u) / n may also round to 1
                if size and (row.min() < _U_MIN or row.max() > _U_MAX):
                    np.clip(row, _U_MIN, _U_MAX, out=row)
    else:
        raise ValueError(f"unknown sampler {sampler!r}; expected one of {', '.join(SAMPLERS)}")
    return out


def spearman_to_pearson(rho: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """The normal-copula correlation that gives Spearman rank correlation ``rho``.

    For a bivariate normal, Spearman's rho_s = (6/pi) arcsin(r/2), so r = 2 sin(pi rho_s / 6).
    """
    return 2.0 * np.sin(np.pi * np.asarray(rho, dtype=float) / 6.0)


def copula_matrix(correlations: Sequence, ids: Sequence[str]) -> NDArray[np.float64]:
    """The Gaussian-copula (Pearson) correlation matrix over ``ids`` from Spearman pairs."""
    index = {pid: i for i, pid in enumerate(ids)}
    matrix = np.eye(len(ids))
    for c in correlations:
        a, b = index[c.between[0]], index[c.between[1]]
        matrix[a, b] = matrix[b, a] = spearman_to_pearson(c.rho)
    return matrix


def correlate(
    u: NDArray[np.float64], rows: Sequence[int], cholesky: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Impose a Gaussian copula on the given rows of ``u`` (in place, also returned).

    ``u`` has one row of uniforms per parameter (as from :func:`uniform_block`); ``cholesky``
    is the lower Cholesky factor of the copula correlation matrix of those rows. Each row's
    marginal stays uniform; the rank correlation follows the matrix. Only the given rows are
    written (and kept inside [2**-53, 1 - 2**-53], as :func:`uniform_block` gives them).
    """
    rows = list(rows)
    z = np.empty((len(rows), u.shape[1]))
    for i, row in enumerate(rows):
        special.ndtri(u[row], out=z[i])
    # Row i of L z, summed term by term in a fixed order: elementwise, so a draw's value never
    # depends on how many draws the block holds (a matrix product may change its kernel).
    zi = np.empty(u.shape[1])
    term = np.empty(u.shape[1])
    for i, row in enumerate(rows):
        np.multiply(cholesky[i, 0], z[0], out=zi)
        for j in range(1, i + 1):
            zi += np.multiply(cholesky[i, j], z[j], out=term)
        target = u[row]
        special.ndtr(zi, out=target)
        # ndtr may give an exact 0 or 1: moved inside like the sampler's own uniforms
        np.clip(target, _U_MIN, _U_MAX, out=target)
    return u
