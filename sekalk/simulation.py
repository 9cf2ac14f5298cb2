"""``simulate``: design, evaluation and analysis in one call.

A run is cut into blocks of :data:`~sekalk.sampling.BLOCK_SIZE` draws; each block draws its own
uniforms (see :mod:`sekalk.sampling`), maps them through the inverse CDFs and is evaluated by
the engine on its own, so the result never depends on how blocks are grouped or scheduled.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sekalk import engine, sampling
from sekalk.result import Result, SimulationSettings
from sekalk.scenario import Scenario, load

DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 1


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


def make_design(scenario: Scenario) -> Design:
    """The sampling design of a scenario (uncertain ids in file order, copula factor)."""
    params = scenario.parameters
    uncertain = tuple(pid for pid, p in params.items() if p.is_uncertain)
    fixed = {
        pid: float(p.distribution.ppf(np.array([0.5]))[0])
        for pid, p in params.items()
        if not p.is_uncertain
    }
    columns: tuple[int, ...] = ()
    chol = None
    if scenario.correlations:
        involved = sorted(
            {i for c in scenario.correlations for i in c.between}, key=uncertain.index
        )
        columns = tuple(uncertain.index(i) for i in involved)
        chol = np.linalg.cholesky(sampling.copula_matrix(scenario.correlations, involved))
    return Design(
        uncertain,
        fixed,
        scenario.events,
        tuple(params[p].distribution for p in uncertain),
        columns,
        chol,
    )


def draw_block(
    design: Design, block: int, size: int, *, seed: int, sampler: str
) -> dict[str, np.ndarray]:
    """Parameter draws of one block: uncertain id -> array of ``size`` values.

    The uniforms of the level events (``design.events``) are returned too, under their ids;
    each has its own stream, so they never change the draws of any parameter.
    """
    ids = design.uncertain + design.events
    u = sampling.uniform_block(ids, block, size, seed=seed, sampler=sampler)
    if design.corr_cholesky is not None:
        sampling.correlate(u, design.corr_columns, design.corr_cholesky)
    out = {
        pid: dist.ppf(u[:, j])
        for j, (pid, dist) in enumerate(zip(design.uncertain, design.dists, strict=True))
    }
    k = len(design.uncertain)
    out.update((pid, u[:, k + j].copy()) for j, pid in enumerate(design.events))
    return out


def _run_block(args: tuple) -> tuple[int, dict[str, np.ndarray], engine.ChunkOutput]:
    model, design, block, start, stop, seed, sampler, payback = args
    size = stop - start
    draws = draw_block(design, block, size, seed=seed, sampler=sampler)
    values = {**design.fixed, **draws}
    out = engine.evaluate(
        model, values, size, yearly=payback, keep_cumulative=payback and block == 0
    )
    return block, draws, out


#: Peak memory of a run as a multiple of the arrays a :class:`Result` keeps (summaries sort
#: and copy single columns; exporting draws builds a table of all columns at once).
MEMORY_SAFETY_FACTOR = 2.0


def estimate_memory(
    scenario: Scenario, draws: int, *, payback: bool = True, export: bool = False
) -> int:
    """Estimate the peak memory of ``simulate(scenario, draws)`` before running it [bytes].

    A :class:`Result` keeps, per draw, one float64 per uncertain parameter, ``pv_costs``,
    ``pv_benefits`` (and ``payback_year``) per perspective, avoided outcomes and participants.
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
    per_draw_columns = n_params + n_persp * (3 if payback else 2) + 2
    if export:  # the draws table also holds npv, bcr, roi per perspective and break-even
        per_draw_columns += n_params + n_persp * 6 + 3
    per_draw = 8 * per_draw_columns * MEMORY_SAFETY_FACTOR
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
) -> Result:
    """Run the Monte Carlo simulation of a scenario.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, or the path of a scenario file.
    draws
        Number of draws (>= 1).
    seed
        Seed of the random streams (non-negative integer). The same scenario, seed, draws and
        sampler always give identical results.
    sampler
        ``"random"`` (default), ``"lhs"`` (Latin hypercube per block) or ``"sobol"``
        (scrambled Sobol'; best with a power-of-two number of draws).
    payback
        Build yearly flows for the payback year and the time profile (``Result.flows``).
        ``False`` gives the NPV-only path: present values in closed form, no yearly matrix.
    executor
        Any :class:`concurrent.futures.Executor`; blocks are mapped over it. The result is
        identical to a serial run.

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
    draws = int(draws)
    model = engine.compile_model(scenario)
    design = make_design(scenario)
    blocks = sampling.block_bounds(draws)
    tasks = [(model, design, b, s, e, seed, sampler, payback) for b, (s, e) in enumerate(blocks)]
    results: Iterable = executor.map(_run_block, tasks) if executor else map(_run_block, tasks)

    Q = len(model.perspectives)
    L = len(model.levels)
    params = {pid: np.empty(draws) for pid in design.uncertain}
    level_costs = np.empty((draws, L, Q))
    level_benefits = np.empty((draws, L, Q))
    level_avoided = np.empty((draws, L))
    level_participants = np.empty((draws, L))
    level_occurs = np.empty((draws, L))
    pv_costs = np.empty((draws, Q))
    pv_benefits = np.empty((draws, Q))
    payback_years = np.empty((draws, Q)) if payback else None
    avoided = np.empty(draws)
    participants = np.empty(draws)
    cumulative = None
    for block, block_draws, out in results:
        s, e = blocks[block]
        for pid in design.uncertain:
            params[pid][s:e] = block_draws[pid]
        level_costs[s:e] = out.level_pv_costs
        level_benefits[s:e] = out.level_pv_benefits
        level_avoided[s:e] = out.level_avoided
        level_participants[s:e] = out.level_participants
        level_occurs[s:e] = out.level_occurs
        pv_costs[s:e] = out.pv_costs
        pv_benefits[s:e] = out.pv_benefits
        avoided[s:e] = out.avoided_outcomes
        participants[s:e] = out.participants
        if payback_years is not None:
            payback_years[s:e] = out.payback_year
        if out.cumulative is not None:
            cumulative = out.cumulative
    return Result(
        scenario=scenario,
        settings=SimulationSettings(draws=draws, seed=seed, sampler=sampler),
        perspectives=model.perspectives,
        parameters=params,
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        payback_year=payback_years,
        avoided_outcomes=avoided,
        participants=participants,
        cumulative_sample=cumulative,
        levels=model.level_names,
        level_pv_costs=level_costs,
        level_pv_benefits=level_benefits,
        level_avoided=level_avoided,
        level_participants=level_participants,
        level_occurs=level_occurs,
    )
