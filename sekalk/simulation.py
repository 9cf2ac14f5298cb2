"""``simulate``: design, evaluation and analysis in one call.

A run is cut into blocks of :data:`~sekalk.sampling.BLOCK_SIZE` draws; each block draws its own
uniforms (see :mod:`sekalk.sampling`), maps them through the inverse CDFs and is evaluated by
the engine on its own, so the result never depends on how blocks are grouped or scheduled.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sekalk import engine, sampling
from sekalk.defaults import DEFAULT_DRAWS, DEFAULT_SEED
from sekalk.result import Precision, PrecisionReached, Result, SimulationSettings
from sekalk.sampling import BLOCK_SIZE
from sekalk.scenario import Scenario, load

__all__ = ["Precision", "PrecisionReached", "SchedulerError", "scheduler_executor", "simulate"]


@dataclass(frozen=True, slots=True)
class Design:
    """What a block needs to draw its parameters: ids, distributions and the copula."""

    uncertain: tuple[str, ...]
    fixed: dict[str, float]
    #: Uniform streams of level events (``continuation.occurs``, ``spread.occurs``).
    events: tuple[str, ...]
    dists: tuple
    corr_columns: tuple[int, ...]
    corr_cholesky: np.ndarray | None
    #: The names keying the uniform stream of each id of ``uncertain + events`` (see
    #: :func:`sekalk.sampling.stream_id`); ``()``: the ids themselves.
    streams: tuple[str, ...] = ()


def make_design(
    scenario: Scenario, *, namespace: str | None = None, common_ids: Iterable[str] = ()
) -> Design:
    """The sampling design of a scenario (uncertain ids in file order, copula factor).

    Parameters
    ----------
    scenario
        The scenario.
    namespace
        Give the scenario random streams of its own (a portfolio project's name), except for
        the ids in ``common_ids``, which keep the streams every scenario shares.
    common_ids
        Ids drawn from the shared (un-namespaced) streams although ``namespace`` is given.
    """
    params = scenario.parameters
    uncertain = tuple(pid for pid, p in params.items() if p.is_uncertain)
    fixed = {
        pid: float(p.distribution.ppf(np.array([0.5]))[0])
        for pid, p in params.items()
        if not p.is_uncertain
    }
    columns: tuple[int, ...] = ()
    chol = None
    common = frozenset(common_ids)
    if scenario.correlations:
        # In a namespace the common ids come first: the copula leaves the first row's normal
        # score as it is, so a common id keeps (up to rounding) the value it has in every
        # project that shares it, whatever its correlations with the project's own inputs
        # (reordering the variables does not change the Gaussian copula's joint distribution).
        involved = sorted(
            {i for c in scenario.correlations for i in c.between},
            key=lambda i: (namespace is not None and i not in common, uncertain.index(i)),
        )
        columns = tuple(uncertain.index(i) for i in involved)
        chol = np.linalg.cholesky(sampling.copula_matrix(scenario.correlations, involved))
    streams = (
        ()
        if namespace is None
        else tuple(
            sampling.stream_id(pid, None if pid in common else namespace)
            for pid in uncertain + scenario.events
        )
    )
    return Design(
        uncertain,
        fixed,
        scenario.events,
        tuple(params[p].distribution for p in uncertain),
        columns,
        chol,
        streams,
    )


def draw_block(
    design: Design,
    block: int,
    size: int,
    *,
    seed: int,
    sampler: str,
    out: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Parameter draws of one block: uncertain id -> array of ``size`` values.

    The uniforms of the level events (``design.events``) are returned too, under their ids;
    each has its own stream, so they never change the draws of any parameter. ``out`` maps
    uncertain ids to arrays of ``size`` values to write the draws into. The uniforms lie
    strictly inside (0, 1), so each inverse CDF takes its :meth:`ppf_interior` path.
    """
    ids = design.streams or design.uncertain + design.events
    u = sampling.uniform_block(ids, block, size, seed=seed, sampler=sampler)
    if design.corr_cholesky is not None:
        sampling.correlate(u, design.corr_columns, design.corr_cholesky)
    draws = {
        pid: dist.ppf_interior(u[j], out=None if out is None else out[pid])
        for j, (pid, dist) in enumerate(zip(design.uncertain, design.dists, strict=True))
    }
    k = len(design.uncertain)
    draws.update((pid, u[k + j]) for j, pid in enumerate(design.events))
    return draws


def first_block_flows(scenario: Scenario, draws: int, seed: int, sampler: str) -> np.ndarray:
    """The cumulative discounted net flow, year by year, of the first block of a run's draws
    (up to :data:`~sekalk.sampling.BLOCK_SIZE`): the same draws the run evaluated, drawn again.

    Returns
    -------
    ndarray, shape (m, Q, H)
        Per draw, perspective and year [SEK].
    """
    model = engine.compile_model(scenario)
    design = make_design(scenario)
    size = min(draws, BLOCK_SIZE)
    values = {**design.fixed, **draw_block(design, 0, size, seed=seed, sampler=sampler)}
    out = engine.evaluate(model, values, size, yearly=True, keep_cumulative=True)
    assert out.cumulative is not None
    return out.cumulative


def _run_block(args: tuple) -> tuple[int, dict[str, np.ndarray] | None, engine.ChunkOutput | None]:
    """Draw and evaluate one block: into the collector's arrays when it is given (the serial
    and thread-pool paths), else into new arrays that are returned (any other executor)."""
    model, design, block, start, stop, seed, sampler, payback, collector = args
    size = stop - start
    params = None if collector is None else collector.param_rows(start, stop)
    draws = draw_block(design, block, size, seed=seed, sampler=sampler, out=params)
    out = engine.evaluate(
        model,
        {**design.fixed, **draws},
        size,
        yearly=payback,
        out=None if collector is None else collector.outputs.rows(start, stop),
    )
    if collector is None:
        return block, draws, out
    return block, None, None


#: Parameter draws that would take more memory than this [bytes] are not kept by the run but
#: drawn again when first asked for (:class:`LazyDraws`): at 10^7 draws of 6 parameters that
#: is 480 MB less at the peak of a run and its JSON summary.
KEEP_DRAWS_BYTES = 256 * 2**20


class LazyDraws(Mapping):
    """The parameter draws of a run (uncertain id -> (n,) array), drawn again on first use.

    A read-only mapping: the keys are known at once; the first access to any value draws
    every block again with the run's design, seed and sampler, exactly as the run drew them
    (each block's uniforms come from its own streams), and keeps all the arrays from then on.
    """

    def __init__(self, design: Design, n: int, seed: int, sampler: str):
        self._design, self._n, self._seed, self._sampler = design, n, seed, sampler
        self._values: dict[str, np.ndarray] | None = None

    def _draw(self) -> dict[str, np.ndarray]:
        if self._values is None:
            values = {pid: np.empty(self._n) for pid in self._design.uncertain}
            for block, (start, stop) in enumerate(sampling.block_bounds(self._n)):
                draw_block(
                    self._design,
                    block,
                    stop - start,
                    seed=self._seed,
                    sampler=self._sampler,
                    out={pid: arr[start:stop] for pid, arr in values.items()},
                )
            self._values = values
        return self._values

    def __getitem__(self, pid: str) -> np.ndarray:
        if pid not in self._design.uncertain:
            raise KeyError(pid)
        return self._draw()[pid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._design.uncertain)

    def __len__(self) -> int:
        return len(self._design.uncertain)

    def __contains__(self, pid: object) -> bool:
        return pid in self._design.uncertain


def _first_block_keeping_flows(task: tuple) -> np.ndarray:
    """:func:`_run_block` of block 0 into the collector, returning its cumulative discounted
    net flows (m, Q, H) [SEK]: the numbers :func:`first_block_flows` draws again."""
    model, design, block, start, stop, seed, sampler, _payback, collector = task
    size = stop - start
    draws = draw_block(
        design, block, size, seed=seed, sampler=sampler, out=collector.param_rows(start, stop)
    )
    out = engine.evaluate(
        model,
        {**design.fixed, **draws},
        size,
        yearly=True,
        out=collector.outputs.rows(start, stop),
        keep_cumulative=True,
    )
    assert out.cumulative is not None
    return out.cumulative


class _Collector:
    """Preallocated per-draw arrays (draws-last, see :meth:`engine.ChunkOutput.allocate`) that
    blocks write into, directly or by a copy of what a worker process returned."""

    def __init__(self, model: engine.Model, design: Design, capacity: int, payback: bool):
        self.design = design
        # Parameter draws beyond KEEP_DRAWS_BYTES are drawn again when asked for (LazyDraws).
        self.keep_draws = capacity * len(design.uncertain) * 8 <= KEEP_DRAWS_BYTES
        self.params = {pid: np.empty(capacity) for pid in design.uncertain if self.keep_draws}
        # A fixed number of participants is one number, not an array of copies of it.
        self.fixed_participants = all(
            level.event is None
            and not any(pid in design.uncertain for pid in (*level.participants, *level.multiplier))
            for level in model.levels
        )
        self.outputs = engine.ChunkOutput.allocate(
            capacity,
            len(model.levels),
            len(model.perspectives),
            payback=payback,
            shared_participants=self.fixed_participants,
        )

    def param_rows(self, start: int, stop: int) -> dict[str, np.ndarray] | None:
        if not self.keep_draws:
            return None
        return {pid: arr[start:stop] for pid, arr in self.params.items()}

    def add(self, start: int, draws: dict[str, np.ndarray], out: engine.ChunkOutput) -> None:
        """Copy a block that was evaluated into arrays of its own."""
        stop = start + len(out.avoided_outcomes)
        for pid, arr in self.params.items():
            arr[start:stop] = draws[pid]
        out.copy_into(self.outputs.rows(start, stop))

    def result_arrays(self, n: int, seed: int, sampler: str) -> dict[str, Any]:
        """The per-draw arguments of :class:`Result` for the first ``n`` draws."""
        o = self.outputs.rows(0, n)
        participants = o.participants
        if self.fixed_participants:  # zero strides: read-only, as a broadcast would be
            participants = np.broadcast_to(participants[:1], (n,))
        return {
            "parameters": (
                {pid: arr[:n] for pid, arr in self.params.items()}
                if self.keep_draws
                else LazyDraws(self.design, n, seed, sampler)
            ),
            "pv_costs": o.pv_costs,
            "pv_benefits": o.pv_benefits,
            "payback_year": o.payback_year,
            "avoided_outcomes": o.avoided_outcomes,
            "participants": participants,
            "level_pv_costs": o.level_pv_costs,
            "level_pv_benefits": o.level_pv_benefits,
            "level_avoided": o.level_avoided,
            "level_participants": (
                np.broadcast_to(o.level_participants[:1], o.level_participants.shape)
                if self.fixed_participants
                else o.level_participants
            ),
            "level_occurs": o.level_occurs,
        }

    def society_npv(self, n: int) -> np.ndarray:
        return self.outputs.pv_benefits[:n, 0] - self.outputs.pv_costs[:n, 0]


def precision_reached(npv: np.ndarray, target: Precision) -> PrecisionReached:
    """Half-widths of the CIs of P(NPV > 0) and of the median NPV, against ``target``.

    P(NPV > 0): normal approximation ``z * sqrt(p (1 - p) / n)``. Median: half the width of
    the distribution-free order-statistic interval, as a share of P95 - P5.
    """
    from scipy import special

    from sekalk import metrics

    n = npv.size
    z = float(special.ndtri(0.5 + target.confidence / 2.0))
    prob = metrics.prob_positive(npv)
    prob_hw = z * float(metrics.mcse_prob(prob, n))
    (lo, hi), (p05, p95) = (
        metrics.quantile_cis(npv, (0.5,), confidence=target.confidence)[0],
        np.quantile(npv, [0.05, 0.95]),
    )
    width = float(p95 - p05)
    if width > 0:
        median_hw = float((hi - lo) / 2.0 / width)
    else:  # a degenerate distribution: the median is known exactly
        median_hw = 0.0 if hi == lo else float("inf")
    met = prob_hw <= target.prob and median_hw <= target.median
    return PrecisionReached(target, prob_hw, median_hw, met)


def _next_blocks(done: int, reached: PrecisionReached, max_blocks: int) -> int:
    """How many blocks to have after the next round: the estimate from the current
    half-widths (which shrink as 1/sqrt(n)), at least one more block and at most twice as many."""
    t = reached.target
    ratio = max(reached.prob_half_width / t.prob, reached.median_half_width / t.median)
    wanted = math.ceil(done * min(ratio, 1e3) ** 2 * 1.05) if math.isfinite(ratio) else 2 * done
    return min(max(wanted, done + 1), 2 * done, max_blocks)


#: Peak memory of a run as a multiple of the arrays a :class:`Result` keeps: the summaries
#: sort a copy of one output column at a time (measured: about 1.4 columns at once on top of
#: the result, see benchmarks/RESULTS.md), with room to spare for scenarios with few columns.
#: Exporting draws is counted apart (it builds a table of all columns at once).
MEMORY_SAFETY_FACTOR = 1.5


def estimate_memory(
    scenario: Scenario, draws: int, *, payback: bool = True, export: bool = False
) -> int:
    """Estimate the peak memory of ``simulate(scenario, draws)`` before running it [bytes].

    A :class:`Result` keeps, per draw, one float64 per uncertain parameter, ``pv_costs``,
    ``pv_benefits`` (and the float32 ``payback_year``) per perspective, avoided outcomes and
    participants, and with continuation or spread the same per level.
    The estimate is that, times :data:`MEMORY_SAFETY_FACTOR`, plus one more copy of every
    column when the draws are exported (``export=True``), plus the fixed working set of one
    block of draws over the horizon.

    Parameters
    ----------
    scenario
        The scenario to be simulated.
    draws
        Number of draws.
    payback
        Whether yearly flows are built (as in :func:`simulate`).
    export
        Whether every draw will be written out as a table (``--draws-out``).
    """
    n_params = len(scenario.uncertain_parameters)
    n_persp = len(engine.perspectives_of(scenario))
    per_draw_columns = n_params + n_persp * 2 + 2
    n_levels = 1 + (scenario.continuation is not None) + (scenario.spread is not None)
    if n_levels > 1:  # per-level costs and benefits, avoided, participants and occurrence
        per_draw_columns += n_levels * (2 * n_persp + 3)
    if export:  # the draws table also holds npv, bcr, roi per perspective and break-even
        per_draw_columns += n_params + n_persp * 6 + 3
    # the payback year is float32 (4 bytes)
    per_draw = (8 * per_draw_columns + (4 * n_persp if payback else 0)) * MEMORY_SAFETY_FACTOR
    horizon = scenario.settings.horizon_years
    block = 8 * sampling.BLOCK_SIZE * (n_params + 4 * n_persp * (horizon if payback else 1))
    return int(per_draw * draws + block)


def available_memory() -> int | None:
    """Memory the system can give this process now [bytes] (``None`` if unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def simulate(
    scenario: Scenario | str | os.PathLike,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    sampler: str = "random",
    *,
    payback: bool = True,
    executor: Executor | None = None,
    precision: Precision | None = None,
    progress: Callable[[int, int], None] | None = None,
    stream_namespace: str | None = None,
    common_ids: Iterable[str] = (),
    keep_flows: bool = False,
) -> Result:
    """Run the Monte Carlo simulation of a scenario.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, or the path of a scenario file.
    draws
        Number of draws (>= 1). With ``precision``, ignored: the number of draws is chosen.
    seed
        Seed of the random streams (non-negative integer). The same scenario, seed, draws and
        sampler always give identical results.
    sampler
        ``"random"`` (default), ``"lhs"`` (Latin hypercube per block) or ``"sobol"``
        (16 independently scrambled Sobol' sequences, interleaved, whose spread gives the
        Monte Carlo error; best with a power-of-two number of draws, at least 32).
    payback
        Walk the yearly flows for the payback year and the time profile (``Result.flows``).
        ``False`` gives the NPV-only path: present values in closed form only.
    executor
        Any :class:`concurrent.futures.Executor` (a thread pool, a process pool, a
        ``dask.distributed`` client's ``get_executor()``); blocks are mapped over it. The result
        is identical to a serial run. With a ``ThreadPoolExecutor`` (or none) every block
        writes straight into the result's arrays; any other executor may run blocks in other
        processes, so they return their arrays and these are copied in.
    precision
        Keep drawing blocks of :data:`~sekalk.sampling.BLOCK_SIZE` draws until the Monte Carlo
        error of the society P(NPV > 0) and median NPV meets the :class:`Precision` target, or
        ``precision.max_draws`` is reached. The draws used are a whole number of blocks (unless
        ``max_draws`` is smaller than one block) and the result is identical to a fixed run with
        that many draws; ``result.settings.precision`` says what was reached.
    progress
        Called as ``progress(done, total)`` [draws] after every block (``total`` may grow
        between rounds of a precision run).
    stream_namespace
        Draw from random streams of this scenario's own (a portfolio project's name, see
        :func:`sekalk.portfolio.portfolio`) instead of the streams that every scenario with the
        same parameter id shares. Only with ``payback=False`` (the yearly flows are redrawn
        later without it), and the ``random`` or ``lhs`` sampler only (two scrambled Sobol'
        sequences are not independent draw by draw).
    common_ids
        With ``stream_namespace``: the ids that keep the shared streams.
    keep_flows
        Keep the yearly cumulative flows of the first block (``Result.cumulative_sample``,
        behind ``Result.flows`` and the fan charts) from the run itself, instead of drawing
        that block again when first asked for: for callers that will show them (the report).
        The same numbers either way; serial and thread-pool runs with ``payback`` only.

    Returns
    -------
    Result
        All draws, outputs per perspective, break-even figures and summaries.
    """
    if not isinstance(scenario, Scenario):
        scenario = load(Path(scenario))
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}")
    seed = sampling.check_seed(seed)
    if sampler not in sampling.SAMPLERS:
        raise ValueError(
            f"unknown sampler {sampler!r}; expected one of {', '.join(sampling.SAMPLERS)}"
        )
    common_ids = tuple(common_ids)
    if stream_namespace is not None:
        if payback:
            raise ValueError("stream_namespace needs payback=False")
        if sampler == "sobol":
            raise ValueError(
                "stream_namespace needs the random or lhs sampler: two scrambled Sobol' "
                "sequences are not independent draw by draw"
            )
    model = engine.compile_model(scenario)
    design = make_design(scenario, namespace=stream_namespace, common_ids=common_ids)
    if precision is None:
        capacity = int(draws)
        planned = capacity
    else:
        capacity = int(precision.max_draws)
        max_blocks = max(capacity // BLOCK_SIZE, 1)
        capacity = min(capacity, max_blocks * BLOCK_SIZE)
        planned = min(2 * BLOCK_SIZE, capacity)  # two blocks: batch means need at least two
    collector = _Collector(model, design, capacity, payback)
    # Blocks write straight into the collector where they share its memory (no executor, or
    # threads); any other executor may run them in other processes, so they return arrays.
    # (type, not isinstance: Python 3.14's InterpreterPoolExecutor subclasses ThreadPoolExecutor
    # but runs its tasks in subinterpreters, on copies)
    sink = collector if executor is None or type(executor) is ThreadPoolExecutor else None

    done = 0
    reached = None
    flows = None
    while True:
        bounds = sampling.block_bounds(planned)
        first_block = done // BLOCK_SIZE
        tasks = [
            (model, design, b, bounds[b][0], bounds[b][1], seed, sampler, payback, sink)
            for b in range(first_block, len(bounds))
        ]
        if keep_flows and payback and sink is not None and first_block == 0:
            # the first block here, keeping its yearly flows (what Result.flows would draw again)
            flows = _first_block_keeping_flows(tasks.pop(0))
            done = bounds[0][1]
            if progress is not None:
                progress(done, planned)
        results: Iterable = executor.map(_run_block, tasks) if executor else map(_run_block, tasks)
        for block, block_draws, out in results:
            if out is not None:
                collector.add(bounds[block][0], block_draws, out)
            done = bounds[block][1]
            if progress is not None:
                progress(done, planned)
        if precision is None:
            break
        reached = precision_reached(collector.society_npv(done), precision)
        if reached.met or done >= capacity:
            break
        planned = _next_blocks(done // BLOCK_SIZE, reached, max_blocks) * BLOCK_SIZE

    result = Result(
        scenario=scenario,
        settings=SimulationSettings(draws=done, seed=seed, sampler=sampler, precision=reached),
        perspectives=model.perspectives,
        levels=model.level_names,
        **collector.result_arrays(done, seed, sampler),
    )
    if flows is not None:  # the value Result.cumulative_sample would compute on first use
        result.__dict__["cumulative_sample"] = flows
    return result


@contextmanager
def scheduler_executor(address: str, *, timeout: float = 10.0) -> Iterator[Executor]:
    """An executor on a running ``dask.distributed`` scheduler at ``address``.

    Blocks (and a portfolio's projects, a sensitivity analysis' model evaluations) mapped over
    it run on the cluster's workers; results are identical to a local run. The workers need
    the same versions of sekalk, numpy and scipy as this process. ``dask.distributed`` is
    optional and imported only here.

    Parameters
    ----------
    address
        The scheduler, e.g. ``tcp://10.0.0.5:8786``.
    timeout
        Seconds to wait for the connection [s].

    Raises
    ------
    SchedulerError
        ``distributed`` is not installed, or no scheduler answered at ``address``.
    """
    try:
        import distributed
    except ImportError:
        raise SchedulerError(
            "--scheduler needs dask.distributed, which is not installed "
            "(pip install 'distributed'); run without --scheduler to compute locally",
            code="error.scheduler.missing",
        ) from None
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(
            f"no dask scheduler answered at {address!r} within {timeout:g} s ({exc})",
            code="error.scheduler.no_answer",
            params={"address": address, "timeout": float(timeout), "reason": str(exc)},
        ) from None
    try:
        yield client.get_executor()
    finally:
        client.close()


class SchedulerError(RuntimeError):
    """A ``--scheduler`` that cannot be used (dask missing, or nothing at the address).

    ``str(error)`` is English; ``code`` and ``params`` name the catalogue message
    (``error.scheduler.missing``, ``error.scheduler.no_answer``) that faces show in the
    user's language.
    """

    def __init__(
        self, message: str, *, code: str | None = None, params: dict | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})
