"""Several scenarios side by side, simulated on common random numbers.

Every scenario is simulated with the same seed, draws and sampler. With the ``random`` and
``lhs`` samplers each parameter id has its own random stream (see :mod:`sekalk.sampling`), so
two scenarios that share a parameter id see the same uniforms for it in every draw: the
difference of their NPVs per draw is a difference of assumptions, not sampling noise (an
application compared with itself differs by exactly 0). With ``sobol`` this holds only between
scenarios with the same set of uncertain parameter ids.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk import metrics
from sekalk.result import Result
from sekalk.scenario import Scenario, load
from sekalk.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

COMPARE_SCHEMA = "sekalk.compare/1"


def headline_figures(result: Result, perspective: str = "society") -> dict[str, Any]:
    """The headline figures of one result as in ``sekalk.compare/1``: NPV and BCR STATS,
    P(NPV > 0) and break-even, from the result's summary (:func:`sekalk.summaries.summarize`)."""
    from sekalk.summaries import summarize

    summary = summarize(result)
    h, be = summary.headline(perspective), summary.breakeven
    return {
        "npv": h.npv.to_dict(),
        "bcr": h.bcr.to_dict(),
        "prob_npv_positive": h.prob_gain,
        "successes_needed": be.needed.to_dict(cis=False),
        "avoided_outcomes": be.avoided.to_dict(cis=False),
    }


def headline_deltas(result: Result, base: Result, perspective: str = "society") -> dict[str, Any]:
    """How the headline figures move from ``base`` to ``result`` (same seed: common random
    numbers): the difference of the mean NPV [SEK], its standard error, and of P(NPV > 0)."""
    diff = result.npv(perspective) - base.npv(perspective)
    return {
        "npv_mean": float(np.mean(diff)),
        # the error of the design (Sobol' replicates, LHS blocks) on common random numbers
        "npv_mean_mcse": metrics.describe(diff, **result._error_design)["mcse_mean"],
        "prob_npv_positive": result.prob_npv_positive(perspective)
        - base.prob_npv_positive(perspective),
    }


def summary_with_deltas(result: Result, base: Result | None) -> dict[str, Any]:
    """The JSON summary v1 of ``result``, plus ``override_deltas`` against the unmodified
    scenario's ``base`` result when there is one (same seed: common random numbers)."""
    doc = result.to_dict()
    if base is not None:
        doc["override_deltas"] = metrics.to_json_safe(headline_deltas(result, base))
    return doc


@dataclass(frozen=True, eq=False)
class ComparisonResult:
    """Simulation results of several scenarios on common random numbers.

    ``results[i]`` belongs to ``scenarios[i]``; pairs are ``(a, b)`` with ``a < b``.
    """

    results: tuple[Result, ...]
    perspective: str = "society"

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """The compared scenarios, in the order given."""
        return tuple(r.scenario for r in self.results)

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Every pair of positions ``(a, b)``, ``a < b``."""
        return list(combinations(range(len(self.results)), 2))

    def npv_difference(self, a: int, b: int) -> np.ndarray:
        """Per-draw NPV of scenario ``a`` minus that of ``b`` [SEK]."""
        return self.results[a].npv(self.perspective) - self.results[b].npv(self.perspective)

    def prob_better(self, a: int, b: int) -> float:
        """P(NPV of ``a`` > NPV of ``b``), over the common draws [fraction]."""
        return metrics.prob_positive(self.npv_difference(a, b))

    def to_frame(self) -> pd.DataFrame:
        """The headline figures side by side: one row per scenario (index ``position``, 1 for
        the first as in the terminal table).

        Columns: ``title``, ``path``, ``overrides`` (how many), ``npv_mean``, ``npv_sd``,
        ``npv_p05``, ``npv_p50``, ``npv_p95``, ``npv_mcse_mean`` [SEK], ``prob_npv_positive``
        [fraction], ``bcr_p50``, ``successes_needed_p50`` and ``avoided_outcomes_mean``
        [persons], as in :meth:`to_dict`.
        """
        import pandas as pd

        rows = []
        for i, r in enumerate(self.results, start=1):
            h = headline_figures(r, self.perspective)
            row: dict[str, Any] = {
                "position": i,
                "title": r.scenario.title,
                "path": r.scenario.path,
                "overrides": len(r.scenario.overrides),
            }
            row.update({f"npv_{k}": h["npv"][k] for k in ("mean", "sd", "p05", "p50", "p95")})
            row["npv_mcse_mean"] = h["npv"]["mcse_mean"]
            row["prob_npv_positive"] = h["prob_npv_positive"]
            row["bcr_p50"] = h["bcr"]["p50"]
            row["successes_needed_p50"] = h["successes_needed"]["p50"]
            row["avoided_outcomes_mean"] = h["avoided_outcomes"]["mean"]
            rows.append(row)
        return pd.DataFrame(rows).set_index("position")

    def pairs_frame(self) -> pd.DataFrame:
        """Every pair's NPV difference (A - B, common draws): one row per pair (index ``a``,
        ``b``, positions from 1), columns ``mean``, ``sd``, ``p05``, ``p50``, ``p95``,
        ``mcse_mean`` [SEK] and ``prob_a_better`` [fraction]."""
        import pandas as pd

        rows = []
        for a, b in self.pairs:
            d = metrics.describe(self.npv_difference(a, b))
            row: dict[str, Any] = {"a": a + 1, "b": b + 1}
            row.update({k: d[k] for k in ("mean", "sd", "p05", "p50", "p95", "mcse_mean")})
            row["prob_a_better"] = self.prob_better(a, b)
            rows.append(row)
        columns = ["a", "b", "mean", "sd", "p05", "p50", "p95", "mcse_mean", "prob_a_better"]
        return pd.DataFrame(rows, columns=columns).set_index(["a", "b"])

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``sekalk.compare/1`` (strict-JSON safe)."""
        from sekalk import __version__

        st = self.results[0].settings
        scenarios = [
            {
                "title": r.scenario.title,
                "sha256": r.scenario.sha256,
                "path": r.scenario.path,
                "overrides": [o.to_dict() for o in r.scenario.overrides],
                "overlays": [o.to_dict() for o in r.scenario.overlays],
                **headline_figures(r, self.perspective),
            }
            for r in self.results
        ]
        pairs = [
            {
                "a": a,
                "b": b,
                "npv_difference": metrics.describe(
                    self.npv_difference(a, b), **self.results[0]._error_design
                ),
                "prob_a_better": self.prob_better(a, b),
            }
            for a, b in self.pairs
        ]
        doc = {
            "schema": COMPARE_SCHEMA,
            "sekalk_version": __version__,
            "settings": {
                "draws": st.draws,
                "seed": st.seed,
                "sampler": st.sampler,
                "perspective": self.perspective,
            },
            "scenarios": scenarios,
            "pairs": pairs,
        }
        return metrics.to_json_safe(doc)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON document ``sekalk.compare/1``."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def plot(self, lang: str | None = None) -> Figure:
        """Overlaid NPV distributions (a matplotlib Figure, Agg backend)."""
        from sekalk.report.evaluator_plots import plot_comparison

        return plot_comparison(self, lang or self.scenarios[0].settings.language)


def compare(
    scenarios: Sequence[Scenario | str | os.PathLike],
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    sampler: str = "random",
    *,
    perspective: str = "society",
    payback: bool = False,
) -> ComparisonResult:
    """Simulate several scenarios on common random numbers.

    Parameters
    ----------
    scenarios
        At least one :class:`Scenario` or scenario file path (the same one may appear twice,
        e.g. as given and with an evaluator's overrides).
    draws, seed, sampler
        As for :func:`sekalk.simulate`; the same for every scenario.
    perspective
        The perspective whose NPV is compared (default ``"society"``).
    payback
        Also build yearly flows (not needed for the comparison).

    Returns
    -------
    ComparisonResult
    """
    if not scenarios:
        raise ValueError("compare needs at least one scenario")
    loaded = [s if isinstance(s, Scenario) else load(Path(s)) for s in scenarios]
    results = tuple(
        simulate(s, draws=draws, seed=seed, sampler=sampler, payback=payback) for s in loaded
    )
    for r in results:
        r._index(perspective)  # a clear KeyError for a perspective a scenario lacks
    return ComparisonResult(results=results, perspective=perspective)


def parse_position(arg: str) -> tuple[str, tuple[str, ...]]:
    """One position of ``sekalk compare``: ``app.toml`` or ``app.toml+overlay.toml[+...]``
    -> (scenario file, overlay files). A file whose own name contains ``+`` is taken as it
    is."""
    if Path(arg).exists() or "+" not in arg:
        return arg, ()
    first, *rest = arg.split("+")
    return first, tuple(rest)


def load_positions(
    positions: Sequence[str],
    *,
    overlays: Sequence[str | os.PathLike] = (),
    sets: Sequence[str] = (),
    widen: bool = False,
    widen_rule: str | os.PathLike | None = None,
    lang: str | None = None,
) -> list[Scenario]:
    """The scenarios of ``sekalk compare``'s positions (see :func:`parse_position`), each
    with its own overlays and then ``overlays``, ``sets`` and widening applied
    (:func:`sekalk.scenario.overrides.apply_evaluator`).

    Raises
    ------
    ScenarioError
        The problems of every position together (each names its file): a file that does not
        load, and every overlay or ``--set`` value that does not apply.
    """
    from sekalk.errors import ScenarioError, raise_all
    from sekalk.scenario.overrides import apply_evaluator

    loaded: list[Scenario] = []
    problems: list[ScenarioError] = []
    for arg in positions:
        path, own = parse_position(arg)
        try:
            sc = load(path)
            loaded.append(
                apply_evaluator(
                    sc,
                    overlays=(*own, *overlays),
                    sets=sets,
                    widen=widen,
                    widen_rule=widen_rule,
                    lang=lang,
                )
            )
        except ScenarioError as exc:
            problems.append(exc)
    raise_all(problems)
    return loaded
