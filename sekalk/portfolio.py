"""A fund's portfolio: several scenarios simulated together, draw by draw.

The funder manages a portfolio of projects, not one. :func:`portfolio` simulates every scenario
with the same seed, so parameter ids that occur in several scenarios see the same uniforms
(common random numbers: e.g. ``scenario.discount_rate``, or a unit cost shared by projects)
and all other parameters are independent. With ``independent=True`` every project gets its
own derived seed, so nothing is shared. The fund's total is the draw-by-draw sum of the
projects' NPVs (each project's headline total: the funded project plus continuation and spread
where it has them).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from sekalk import metrics
from sekalk.result import Result, SimulationSettings
from sekalk.scenario import Scenario, load
from sekalk.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate

PORTFOLIO_SCHEMA = "sekalk.portfolio/1"


def risk_shares(npvs: np.ndarray) -> np.ndarray:
    """Each column's share of the variance of the row sums: ``Cov(X_i, T) / Var(T)``.

    Parameters
    ----------
    npvs
        (n, k) draws of k projects' NPVs [SEK].

    Returns
    -------
    ndarray, shape (k,)
        Shares [fraction] that sum to 1 (a project that hedges others has a negative share);
        NaN where the total does not vary.
    """
    x = np.asarray(npvs, dtype=float)
    centred = x - x.mean(axis=0)
    total = centred.sum(axis=1)
    var = float(total @ total)
    if var <= 0.0:
        return np.full(x.shape[1], np.nan)
    return (centred.T @ total) / var


def nominal_costs(
    scenario: Scenario, parameters: dict[str, np.ndarray], n: int, *, actor: str | None = None
) -> np.ndarray:
    """Undiscounted cost of the funded project per draw [SEK, fixed prices].

    The sum over the intervention's costs of ``annual x number of years``, for all payers or
    only ``actor``'s share. Continuation and spread are left out: they are paid by ordinary
    operations after the funded period, not from the fund.
    """
    total = np.zeros(n)
    for cost in scenario.intervention.costs:
        share = 1.0 if actor is None else sum(w for a, w in cost.payer if a == actor)
        if share == 0.0:
            continue
        pid = f"intervention.costs.{cost.id}.annual"
        annual = parameters[pid] if pid in parameters else cost.annual.median
        total += np.asarray(annual) * (cost.years[1] - cost.years[0] + 1) * share
    return total


@dataclass(frozen=True, eq=False)
class PortfolioResult:
    """Several projects simulated together; the fund's total is their draw-by-draw sum."""

    names: tuple[str, ...]
    results: tuple[Result, ...]
    settings: SimulationSettings
    independent: bool
    budget: float | None = None
    budget_actor: str | None = None

    @cached_property
    def perspectives(self) -> tuple[str, ...]:
        """``society``, ``public_sector``, then every actor with a flow in any project."""
        out: list[str] = []
        for r in self.results:
            out.extend(p for p in r.perspectives if p not in out)
        return tuple(out)

    def project_npvs(self, perspective: str = "society") -> np.ndarray:
        """(n, k) NPV draws per project [SEK]; 0 for a project without that actor."""
        n = self.settings.draws
        cols = [
            r.npv(perspective) if perspective in r.perspectives else np.zeros(n)
            for r in self.results
        ]
        return np.column_stack(cols)

    def total_npv(self, perspective: str = "society") -> np.ndarray:
        """The fund's total NPV per draw [SEK]: the sum of the projects' NPVs."""
        return self.project_npvs(perspective).sum(axis=1)

    def prob_break_even(self, perspective: str = "society") -> float:
        """Probability that the portfolio as a whole has NPV > 0 [fraction]."""
        return metrics.prob_positive(self.total_npv(perspective))

    def risk_shares(self, perspective: str = "society") -> np.ndarray:
        """Each project's share of the variance of the total NPV (sums to 1)."""
        return risk_shares(self.project_npvs(perspective))

    @cached_property
    def shared_ids(self) -> tuple[str, ...]:
        """Uncertain parameter ids that occur in more than one project (drawn identically
        across them unless ``independent``)."""
        counts: dict[str, int] = {}
        for r in self.results:
            for pid in r.parameters:
                counts[pid] = counts.get(pid, 0) + 1
        return tuple(pid for pid, c in counts.items() if c > 1)

    @cached_property
    def costs(self) -> np.ndarray:
        """(n, k) undiscounted cost of each funded project [SEK] (see :func:`nominal_costs`)."""
        n = self.settings.draws
        return np.column_stack(
            [
                nominal_costs(r.scenario, r.parameters, n, actor=self.budget_actor)
                for r in self.results
            ]
        )

    def prob_within_budget(self) -> float | None:
        """Probability that the projects' total undiscounted cost is within the budget."""
        if self.budget is None:
            return None
        return float(np.mean(self.costs.sum(axis=1) <= self.budget))

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``sekalk.portfolio/1`` (strict-JSON safe)."""
        from sekalk import __version__

        bs = self.results[0]._batch_size
        shares = self.risk_shares()
        projects = []
        for i, (name, r) in enumerate(zip(self.names, self.results, strict=True)):
            projects.append(
                {
                    "name": name,
                    "title": r.scenario.title,
                    "file": r.scenario.path,
                    "sha256": r.scenario.sha256,
                    "levels": list(r.levels),
                    "npv": r.stats("npv"),
                    "prob_npv_positive": r.prob_npv_positive(),
                    "risk_share": float(shares[i]),
                    "cost_nominal": metrics.describe(self.costs[:, i], batch_size=bs),
                }
            )
        total = {}
        for p in self.perspectives:
            t = self.total_npv(p)
            prob = metrics.prob_positive(t)
            total[p] = {
                "npv": metrics.describe(t, batch_size=bs),
                "prob_npv_positive": prob,
                "mcse_prob_npv_positive": metrics.mcse_prob(prob, self.settings.draws),
                "by_project_mean": {
                    name: float(x)
                    for name, x in zip(self.names, self.project_npvs(p).mean(axis=0), strict=True)
                },
            }
        cost_total = self.costs.sum(axis=1)
        budget = {
            "amount": self.budget,
            "basis": "nominal",
            "note": "undiscounted sum of the funded projects' intervention costs at fixed "
            "prices (continuation and spread excluded)",
            "actor": self.budget_actor,
            "cost": metrics.describe(cost_total, batch_size=bs),
            "prob_within_budget": self.prob_within_budget(),
        }
        doc = {
            "schema": PORTFOLIO_SCHEMA,
            "sekalk_version": __version__,
            "settings": {
                "draws": self.settings.draws,
                "seed": self.settings.seed,
                "sampler": self.settings.sampler,
                "independent": self.independent,
            },
            "shared_parameter_ids": [] if self.independent else list(self.shared_ids),
            "projects": projects,
            "total": total,
            "budget": budget,
        }
        return metrics.to_json_safe(doc)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON document ``sekalk.portfolio/1``."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)


def project_seed(seed: int, index: int) -> int:
    """A seed for project ``index`` derived from ``seed`` (for ``independent=True``)."""
    return int(np.random.SeedSequence((seed, index)).generate_state(1, dtype=np.uint32)[0])


def _names(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    out: list[str] = []
    for i, sc in enumerate(scenarios):
        base = Path(sc.path).stem if sc.path and not sc.path.startswith("<") else sc.title
        name, k = base, 2
        while name in out:
            name, k = f"{base} ({k})", k + 1
        out.append(name if name else f"project {i + 1}")
    return tuple(out)


def portfolio(
    scenarios: Sequence[Scenario | str | os.PathLike],
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    sampler: str = "random",
    *,
    budget: float | None = None,
    budget_actor: str | None = None,
    independent: bool = False,
    executor: Executor | None = None,
) -> PortfolioResult:
    """Simulate several scenarios together as one fund's portfolio.

    Parameters
    ----------
    scenarios
        Scenarios or scenario files (at least one).
    draws, seed, sampler
        As in :func:`sekalk.simulate`; shared by every project.
    budget
        The fund's budget [SEK] to compare with the projects' total undiscounted cost.
    budget_actor
        Count only this payer's share of the costs against the budget (e.g. ``"region"``
        when the region's fund pays its share); ``None``: all payers.
    independent
        Give every project its own derived seed, so no parameter is shared between projects.
    executor
        As in :func:`sekalk.simulate` (e.g. a ``dask.distributed`` client's executor, see
        :func:`sekalk.simulation.scheduler_executor`): every project's blocks are mapped over
        it. The result is identical to a local run.

    Returns
    -------
    PortfolioResult
    """
    loaded = [s if isinstance(s, Scenario) else load(Path(s)) for s in scenarios]
    if not loaded:
        raise ValueError("a portfolio needs at least one scenario")
    if budget is not None and not (np.isfinite(budget) and budget >= 0):
        raise ValueError(f"budget must be a non-negative amount, got {budget!r}")
    if budget_actor is not None:
        known = {a for sc in loaded for a in sc.settings.actors}
        if budget_actor not in known:
            from sekalk.errors import ScenarioError, did_you_mean

            raise ScenarioError(
                f"unknown actor {budget_actor!r}{did_you_mean(budget_actor, known)}; "
                f"known actors: {', '.join(sorted(known))}",
                path="--budget-actor",
            )
    results = tuple(
        simulate(
            sc,
            draws=draws,
            seed=project_seed(seed, i) if independent else seed,
            sampler=sampler,
            payback=False,
            executor=executor,
        )
        for i, sc in enumerate(loaded)
    )
    return PortfolioResult(
        names=_names(loaded),
        results=results,
        settings=SimulationSettings(draws=int(draws), seed=int(seed), sampler=sampler),
        independent=independent,
        budget=None if budget is None else float(budget),
        budget_actor=budget_actor,
    )
