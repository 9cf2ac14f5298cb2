"""A fund's portfolio: several scenarios simulated together, draw by draw.

The funder manages a portfolio of projects, not one. Projects are independent unless the user
says otherwise: :func:`portfolio` gives every project random streams of its own, derived from
the seed and the project's *name* (its identity: the file name without extension, or the name
given), so two projects that use the same parameter id (``intervention.participants_per_year``
in two municipalities) are drawn independently. An assumption that really is the same for every
project (the discount rate, a national unit cost) is declared shared (``shared=[id, ...]``,
``sekalk portfolio --shared ID``) and then has one random stream for all projects: the same
value in every project in each draw (the same percentile where projects give it different
distributions). The fund's total is the draw-by-draw sum of the projects' NPVs (each project's
headline total: the funded project plus continuation and spread where it has them).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk import metrics
from sekalk.result import Result, SimulationSettings
from sekalk.scenario import Scenario, load
from sekalk.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate

if TYPE_CHECKING:
    import pandas as pd

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
    """Several projects simulated together; the fund's total is their draw-by-draw sum.

    ``names[i]`` is project ``i``'s name (its identity: it keys the project's random streams),
    ``results[i]`` its simulation, ``shared`` the parameter ids declared shared (drawn from one
    random stream for all projects); every other parameter is drawn independently per project.
    """

    names: tuple[str, ...]
    results: tuple[Result, ...]
    settings: SimulationSettings
    shared: tuple[str, ...] = ()
    budget: float | None = None
    budget_actor: str | None = None

    @property
    def independent(self) -> bool:
        """True when no assumption is shared: the projects are drawn wholly independently."""
        return not self.shared

    @property
    def shared_ids(self) -> tuple[str, ...]:
        """The parameter ids declared shared (the same as :attr:`shared`)."""
        return self.shared

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

    def risk_shares(self, perspective: str = "society") -> pd.Series:
        """Each project's share of the variance of the total NPV [fraction], by project name.

        ``Cov(NPV_i, total) / Var(total)``; the shares sum to 1 (NaN where the total does not
        vary); a project that hedges the others has a negative share.
        """
        import pandas as pd

        return pd.Series(
            risk_shares(self.project_npvs(perspective)),
            index=pd.Index(self.names, name="project"),
            name="risk_share",
        )

    def npv_sd_if_uncorrelated(self, perspective: str = "society") -> float:
        """The standard deviation the total NPV would have if the projects were uncorrelated
        [SEK]: ``sqrt(sum_i Var(NPV_i))`` (each project's own spread is the same whether or not
        assumptions are shared; shared assumptions add the covariances)."""
        x = self.project_npvs(perspective)
        return float(np.sqrt(np.sum(np.var(x, axis=0, ddof=1)))) if len(x) > 1 else float("nan")

    @cached_property
    def common_ids(self) -> tuple[str, ...]:
        """Uncertain parameter ids that occur in more than one project (in first-seen order).

        Only the ids in :attr:`shared` among them are drawn jointly; the others have the same
        name in several projects but are drawn independently in each.
        """
        counts: dict[str, int] = {}
        for r in self.results:
            for pid in r.parameters:
                counts[pid] = counts.get(pid, 0) + 1
        return tuple(pid for pid, c in counts.items() if c > 1)

    def projects_with(self, param_id: str) -> tuple[str, ...]:
        """The names of the projects in which ``param_id`` is uncertain (drawn)."""
        return tuple(
            name
            for name, r in zip(self.names, self.results, strict=True)
            if param_id in r.parameters
        )

    def shared_same_distribution(self, param_id: str) -> bool:
        """True when every project that draws ``param_id`` gives it the same distribution (it
        then has the same value in every project; otherwise the same percentile)."""
        texts = {
            r.scenario.parameters[param_id].distribution.describe()
            for r in self.results
            if param_id in r.parameters
        }
        return len(texts) <= 1

    def shared_label(self, param_id: str, lang: str) -> str:
        """``"<label> (<id>)"`` for a shared id, labelled as in the first project drawing it:
        a convenience for :func:`sekalk.report.labels.shared_label` (imported when called)."""
        from sekalk.report.labels import shared_label

        return shared_label(self, param_id, lang)

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

    # ----------------------------------------------------------------------------- tables

    def to_frame(self, perspective: str = "society") -> pd.DataFrame:
        """One row per project (index: its name) for ``perspective``.

        Columns: ``title``, ``file``, the NPV's ``mean``, ``sd``, ``p05``, ``p50``, ``p95``,
        ``mcse_mean`` [SEK], ``prob_npv_positive`` [fraction], ``risk_share`` [fraction] and
        ``cost_nominal_mean`` (the mean undiscounted cost of the funded project counted
        against the budget [SEK]). The fund's total is :meth:`summary`.
        """
        import pandas as pd

        bs = self.results[0]._batch_size
        npvs = self.project_npvs(perspective)
        shares = risk_shares(npvs)
        rows = []
        for i, (name, r) in enumerate(zip(self.names, self.results, strict=True)):
            st = metrics.describe(npvs[:, i], batch_size=bs)
            rows.append(
                {
                    "project": name,
                    "title": r.scenario.title,
                    "file": r.scenario.path,
                    **{k: st[k] for k in metrics.STATS_KEYS},
                    "prob_npv_positive": metrics.prob_positive(npvs[:, i]),
                    "risk_share": float(shares[i]),
                    "cost_nominal_mean": float(self.costs[:, i].mean()),
                }
            )
        return pd.DataFrame(rows).set_index("project")

    def summary(self) -> pd.DataFrame:
        """The fund's total NPV per perspective (index): ``mean``, ``sd``, ``p05``, ``p50``,
        ``p95``, ``mcse_mean``, ``sd_if_uncorrelated`` [SEK] (see
        :meth:`npv_sd_if_uncorrelated`), ``prob_npv_positive`` and its standard error
        ``mcse_prob_npv_positive`` [fraction]."""
        import pandas as pd

        bs = self.results[0]._batch_size
        rows = []
        for p in self.perspectives:
            t = self.total_npv(p)
            st = metrics.describe(t, batch_size=bs)
            prob = metrics.prob_positive(t)
            rows.append(
                {
                    "perspective": p,
                    **{k: st[k] for k in metrics.STATS_KEYS},
                    "sd_if_uncorrelated": self.npv_sd_if_uncorrelated(p),
                    "prob_npv_positive": prob,
                    "mcse_prob_npv_positive": metrics.mcse_prob(prob, self.settings.draws),
                }
            )
        return pd.DataFrame(rows).set_index("perspective").astype(float)

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
                    "risk_share": float(shares.iloc[i]),
                    "cost_nominal": metrics.describe(self.costs[:, i], batch_size=bs),
                }
            )
        total = {}
        for p in self.perspectives:
            t = self.total_npv(p)
            prob = metrics.prob_positive(t)
            total[p] = {
                "npv": metrics.describe(t, batch_size=bs),
                "npv_sd_if_uncorrelated": self.npv_sd_if_uncorrelated(p),
                "prob_npv_positive": prob,
                "mcse_prob_npv_positive": metrics.mcse_prob(prob, self.settings.draws),
                "by_project_mean": {
                    name: float(x)
                    for name, x in zip(self.names, self.project_npvs(p).mean(axis=0), strict=True)
                },
                "risk_shares": {name: float(x) for name, x in self.risk_shares(p).items()},
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
                "streams": STREAMS_NOTE,
            },
            "shared_parameter_ids": list(self.shared),
            "shared_assumptions": [
                {
                    "id": pid,
                    "projects": list(self.projects_with(pid)),
                    "same_distribution": self.shared_same_distribution(pid),
                }
                for pid in self.shared
            ],
            "common_ids_drawn_independently": [
                pid for pid in self.common_ids if pid not in self.shared
            ],
            "projects": projects,
            "total": total,
            "budget": budget,
        }
        return metrics.to_json_safe(doc)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON document ``sekalk.portfolio/1``."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)


#: What ``settings.streams`` of the portfolio JSON says about the random numbers.
STREAMS_NOTE = (
    "every project has random streams of its own, keyed by the seed and the project's name; "
    "only the ids in shared_parameter_ids are drawn from one stream for all projects"
)


#: Suffixes of the scenario files a folder given to :func:`scenario_files` contributes.
FOLDER_SUFFIXES = (".toml", ".json")


def scenario_files(paths: Sequence[str | os.PathLike]) -> list[str]:
    """The scenario files of a portfolio: each path as it is, a folder as its ``.toml`` and
    ``.json`` files (sorted by name; a workbook is named as a file).

    Raises
    ------
    ScenarioError
        ``error.portfolio.empty_folder`` for every folder without scenario files, together.
    """
    from sekalk.errors import raise_all

    files, problems = _expand(paths)
    raise_all(problems)
    return files


def _expand(paths: Sequence[str | os.PathLike]) -> tuple[list[str], list]:
    """The files of :func:`scenario_files` and the errors of its empty folders."""
    from sekalk.errors import ScenarioError

    files: list[str] = []
    problems: list[ScenarioError] = []
    for path in paths:
        p = Path(path)
        if not p.is_dir():
            files.append(str(path))
            continue
        found = sorted(
            str(f) for f in p.iterdir() if f.suffix.lower() in FOLDER_SUFFIXES and f.is_file()
        )
        if not found:
            problems.append(ScenarioError(code="error.portfolio.empty_folder", file=str(path)))
        files.extend(found)
    return files, problems


def load_projects(paths: Sequence[str | os.PathLike]) -> list[Scenario]:
    """Load a portfolio's projects from files and folders (see :func:`scenario_files`).

    Raises
    ------
    ScenarioError
        The problems of every file (and every empty folder) together, each naming its file.
    """
    from sekalk.errors import ScenarioError, raise_all
    from sekalk.scenario.files import load_all

    files, problems = _expand(paths)
    loaded: list[Scenario] = []
    try:
        loaded = load_all(files)
    except ScenarioError as exc:
        problems.append(exc)
    raise_all(problems)
    return loaded


def project_names(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    """Each project's name (its identity): the file name without extension, else the title.

    Raises
    ------
    ScenarioError
        When two projects get the same name (two files ``x.toml`` in different folders, or
        two scenarios with one title): the name keys a project's random numbers, so it must
        be unique and must not depend on the order of the files.
    """
    from sekalk.errors import ScenarioError, raise_all

    out = []
    for sc in scenarios:
        path = sc.path or ""
        name = Path(path).stem if path and not path.startswith("<") else sc.title.strip()
        out.append(name)
    seen: dict[str, list[str]] = {}
    for name, sc in zip(out, scenarios, strict=True):
        seen.setdefault(name, []).append(sc.path or sc.title)
    problems = []
    for name, where in seen.items():
        if not name:
            problems.append(ScenarioError(code="error.portfolio.no_name"))
        elif len(where) > 1:
            problems.append(
                ScenarioError(
                    code="error.portfolio.duplicate_name",
                    params={"n": len(where), "name": name, "files": list(where)},
                    hint="hint.portfolio_rename",
                )
            )
    raise_all(problems)
    return tuple(out)


def _check_shared(
    shared: Sequence[str], names: Sequence[str], loaded: Sequence[Scenario]
) -> tuple[str, ...]:
    """The declared shared ids, each checked to be uncertain in at least two projects."""
    from sekalk.errors import Choices, ScenarioError, close_matches, raise_all

    drawn: dict[str, list[str]] = {}
    for name, sc in zip(names, loaded, strict=True):
        for pid in sc.uncertain_parameters:
            drawn.setdefault(pid, []).append(name)
    out: list[str] = []
    problems: list[ScenarioError] = []
    for pid in dict.fromkeys(shared):
        where = drawn.get(pid, [])
        if not where:
            if any(pid in sc.parameters for sc in loaded):
                problems.append(
                    ScenarioError(code="error.shared.fixed", params={"id": pid}, path="--shared")
                )
            else:
                every = sorted({i for sc in loaded for i in sc.parameters})
                problems.append(
                    ScenarioError(
                        code="error.shared.unknown",
                        params={"id": pid, "did_you_mean": Choices(close_matches(pid, every))},
                        path="--shared",
                    )
                )
        elif len(where) < 2:
            problems.append(
                ScenarioError(
                    code="error.shared.one_project",
                    params={"id": pid, "project": where[0]},
                    path="--shared",
                )
            )
        else:
            out.append(pid)
    raise_all(problems)
    return tuple(out)


def portfolio(
    scenarios: Sequence[Scenario | str | os.PathLike],
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    sampler: str = "random",
    *,
    budget: float | None = None,
    budget_actor: str | None = None,
    shared: Sequence[str] = (),
    names: Sequence[str] | None = None,
    executor: Executor | None = None,
) -> PortfolioResult:
    """Simulate several scenarios together as one fund's portfolio.

    Projects are independent unless ``shared`` says otherwise: every project draws from random
    streams of its own, derived from ``seed`` and the project's name, so the result depends
    neither on the order of the projects nor on the folder they are in, and two copies of one
    file under different names are independent projects.

    Parameters
    ----------
    scenarios
        Scenarios or scenario files (at least one).
    draws, seed, sampler
        As in :func:`sekalk.simulate`; shared by every project. ``sampler`` is ``"random"``
        or ``"lhs"`` (two scrambled Sobol' sequences are not independent draw by draw).
    budget
        The fund's budget [SEK] to compare with the projects' total undiscounted cost.
    budget_actor
        Count only this payer's share of the costs against the budget (e.g. ``"region"``
        when the region's fund pays its share); ``None``: all payers.
    shared
        Parameter ids that are one and the same assumption for every project (e.g.
        ``"scenario.discount_rate"``, a national unit cost): drawn from one random stream, so
        they take the same value in every project in each draw (the same percentile where the
        projects give them different distributions). Each must be uncertain in at least two
        projects.
    names
        The projects' names (their identities), unique; default: each file's name without
        extension, or the scenario's title when it has no file.
    executor
        As in :func:`sekalk.simulate` (e.g. a ``dask.distributed`` client's executor, see
        :func:`sekalk.simulation.scheduler_executor`): every project's blocks are mapped over
        it. The result is identical to a local run.

    Returns
    -------
    PortfolioResult
    """
    from sekalk.errors import Choices, ScenarioError, close_matches

    loaded = [s if isinstance(s, Scenario) else load(Path(s)) for s in scenarios]
    if not loaded:
        raise ValueError("a portfolio needs at least one scenario")
    if names is None:
        project = project_names(loaded)
    else:
        project = tuple(str(n) for n in names)
        if len(project) != len(loaded) or len(set(project)) != len(project) or not all(project):
            raise ValueError("names must give every project a unique, non-empty name")
    if budget is not None and not (np.isfinite(budget) and budget >= 0):
        raise ValueError(f"budget must be a non-negative amount, got {budget!r}")
    if budget_actor is not None:
        known = {a for sc in loaded for a in sc.settings.actors}
        if budget_actor not in known:
            raise ScenarioError(
                code="error.portfolio.budget_actor",
                params={
                    "actor": budget_actor,
                    "did_you_mean": Choices(close_matches(budget_actor, known)),
                    "known": sorted(known),
                },
                path="--budget-actor",
            )
    if isinstance(shared, str):
        shared = (shared,)
    if sampler == "sobol":
        raise ValueError(
            "a portfolio needs the random or lhs sampler: the scrambled Sobol' sequences of "
            "two projects are not independent draw by draw, and the fund's total adds the "
            "projects draw by draw"
        )
    common = _check_shared(shared, project, loaded)
    results = tuple(
        simulate(
            sc,
            draws=draws,
            seed=seed,
            sampler=sampler,
            payback=False,
            stream_namespace=name,
            common_ids=common,
            executor=executor,
        )
        for name, sc in zip(project, loaded, strict=True)
    )
    return PortfolioResult(
        names=project,
        results=results,
        settings=SimulationSettings(draws=int(draws), seed=int(seed), sampler=sampler),
        shared=common,
        budget=None if budget is None else float(budget),
        budget_actor=budget_actor,
    )
