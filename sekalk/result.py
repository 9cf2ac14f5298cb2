"""The result of a simulation: draws, outputs per perspective, summaries and the JSON summary."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk import metrics, output_metrics
from sekalk.sampling import BLOCK_SIZE, SOBOL_REPLICATES

if TYPE_CHECKING:
    import pandas as pd

    from sekalk.scenario import Parameter, Scenario

#: Schema id of the JSON summary (written by :mod:`sekalk.report.summary_json`).
SUMMARY_SCHEMA = "sekalk.summary/1"
#: The metrics with one value per draw (from :mod:`sekalk.output_metrics`).
METRICS = output_metrics.DISTRIBUTION_METRICS
#: Metrics defined per level (the payback year only exists for the total).
LEVEL_METRICS = output_metrics.LEVEL_DISTRIBUTION_METRICS
#: What ``level=`` accepts besides a level name: the realised sum over all levels.
TOTAL = "total"
FLOW_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def parameter_label(param: Parameter, lang: str) -> str:
    """``"<item label>: <attribute>"`` in ``lang``: see :func:`sekalk.report.labels.parameter_label`.

    Kept here for callers of the public API; the words are made by the face-side module,
    imported when called (the parameter's language-neutral name is ``param.label``).
    """
    from sekalk.report.labels import parameter_label as label

    return label(param, lang)


@dataclass(frozen=True, slots=True)
class BreakevenReason:
    """Why break-even is undefined in some or all draws, as a code and numbers.

    ``code`` is one of

    - ``"past_horizon"``: in every draw, because every avoided outcome and its consequences
      fall after the horizon of ``horizon`` [years];
    - ``"no_avoided"``: in every draw, because no adverse outcome is avoided;
    - ``"no_value"``: in every draw, because the avoided outcomes have no positive value;
    - ``"undefined"``: in every draw, for both of these reasons;
    - ``"partly"``: in a ``share`` [fraction] of the draws, for the reasons in ``why``
      (``"no_avoided"``, ``"no_value"``).

    :func:`sekalk.report.labels.breakeven_reason` puts it into words.
    """

    code: str
    horizon: int | None = None
    share: float | None = None
    why: tuple[str, ...] = ()


def describe_with_cis(
    x: np.ndarray,
    *,
    batch_size: int | None = None,
    replicates: int | None = None,
    overwrite_input: bool = False,
) -> dict[str, Any]:
    """:func:`sekalk.metrics.describe` plus order-statistic 95 % CIs of P5, P50 and P95.

    A CI is ``None`` where its percentile is (no finite values), else ``[lo, hi]`` with ±inf
    (JSON null) for an end the sample is too small to bound.
    """
    return metrics.describe(
        x,
        batch_size=batch_size,
        replicates=replicates,
        cis=True,
        overwrite_input=overwrite_input,
    )


@dataclass(frozen=True, slots=True)
class Precision:
    """A Monte Carlo precision target: draw blocks until both half-widths are small enough.

    Parameters
    ----------
    prob
        Largest accepted half-width of the confidence interval of P(NPV > 0) of the society
        perspective [fraction; 0.005 = 0.5 percentage points].
    median
        Largest accepted half-width of the confidence interval of the median society NPV, as a
        share of the width of the 90 % interval P5..P95 [fraction].
    max_draws
        Stop here even if the targets are not met [draws].
    confidence
        Coverage of the confidence intervals [fraction].
    """

    prob: float = 0.005
    median: float = 0.01
    max_draws: int = 2_000_000
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if not (self.prob > 0 and self.median > 0):
            raise ValueError("precision targets must be positive")
        if isinstance(self.max_draws, bool) or int(self.max_draws) < 1:
            raise ValueError(f"max_draws must be a positive integer, got {self.max_draws!r}")
        if not 0.0 < self.confidence < 1.0:
            raise ValueError(f"confidence must lie in (0, 1), got {self.confidence!r}")


@dataclass(frozen=True, slots=True)
class PrecisionReached:
    """The precision a run reached (society perspective) against its target."""

    target: Precision
    #: Half-width of the confidence interval of P(NPV > 0) [fraction].
    prob_half_width: float
    #: Half-width of the confidence interval of the median NPV / (P95 - P5) [fraction].
    median_half_width: float
    #: Both targets met (False: stopped at ``max_draws``).
    met: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_prob_half_width": self.target.prob,
            "target_median_half_width": self.target.median,
            "max_draws": self.target.max_draws,
            "confidence": self.target.confidence,
            "prob_half_width": self.prob_half_width,
            "median_half_width": self.median_half_width,
            "met": self.met,
        }


@dataclass(frozen=True, slots=True)
class SimulationSettings:
    """How a result was produced: number of draws, seed and sampler (and a precision target)."""

    draws: int
    seed: int
    sampler: str
    #: Set when the number of draws was chosen by :class:`Precision` (the draws used are
    #: ``draws``).
    precision: PrecisionReached | None = None


@dataclass(frozen=True, eq=False)
class Result:
    """Everything a simulation produced.

    Arrays have one row per draw; the perspective axis follows :attr:`perspectives`
    (``society``, ``public_sector``, then each actor with a flow). Amounts are in the scenario's
    currency at ``price_year`` prices, present values at the start of year 0.
    """

    scenario: Scenario
    settings: SimulationSettings
    perspectives: tuple[str, ...]
    #: Uncertain parameter id -> draws (n,).
    parameters: dict[str, np.ndarray]
    #: Present value of intervention costs per perspective, (n, Q) [SEK].
    pv_costs: np.ndarray
    #: Present value of avoided costs per perspective, (n, Q) [SEK].
    pv_benefits: np.ndarray
    #: First year with cumulative discounted net flow >= 0, (n, Q) float32 [years] (whole
    #: years, exact in float32; half the memory of float64); NaN: never, or
    #: the perspective pays no intervention cost. ``None`` on the NPV-only path.
    payback_year: np.ndarray | None
    #: Avoided adverse outcomes per draw, all outcomes and cohorts [persons].
    avoided_outcomes: np.ndarray
    #: Participants per draw, all cohorts [persons] (a read-only broadcast view when the
    #: number of participants is fixed).
    participants: np.ndarray
    #: The levels: ``project`` and, where the scenario has them, ``continuation``, ``spread``.
    levels: tuple[str, ...] = ("project",)
    #: Present value of costs per level as if the level happened, (n, L, Q) [SEK].
    level_pv_costs: np.ndarray | None = None
    #: Present value of avoided costs per level as if the level happened, (n, L, Q) [SEK].
    level_pv_benefits: np.ndarray | None = None
    #: Avoided outcomes per level as if the level happened, (n, L) [persons].
    level_avoided: np.ndarray | None = None
    #: Participants per level as if the level happened, (n, L) [persons].
    level_participants: np.ndarray | None = None
    #: 1.0 in the draws where the level happens (always for ``project``), (n, L).
    level_occurs: np.ndarray | None = None

    # ----------------------------------------------------------------------------- outputs

    def _index(self, perspective: str) -> int:
        try:
            return self.perspectives.index(perspective)
        except ValueError:
            raise KeyError(
                f"no perspective {perspective!r}; available: {', '.join(self.perspectives)}"
            ) from None

    def _level(self, level: str) -> int:
        try:
            return self.levels.index(level)
        except ValueError:
            raise KeyError(
                f"no level {level!r}; available: {', '.join((*self.levels, TOTAL))}"
            ) from None

    def _level_arrays(
        self, level: str, perspective: str, *, if_occurs: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        q = self._index(perspective)
        if level == TOTAL:
            return self.pv_costs[:, q], self.pv_benefits[:, q]
        li = self._level(level)
        if self.level_pv_costs is None or self.level_pv_benefits is None:
            return self.pv_costs[:, q], self.pv_benefits[:, q]  # built without level arrays
        costs, benefits = self.level_pv_costs[:, li, q], self.level_pv_benefits[:, li, q]
        if li > 0 and not if_occurs:
            assert self.level_occurs is not None
            g = self.level_occurs[:, li]
            costs, benefits = g * costs, g * benefits
        return costs, benefits

    def output(
        self,
        metric: str,
        perspective: str = "society",
        level: str = TOTAL,
        *,
        if_occurs: bool = False,
    ) -> np.ndarray:
        """The draws of ``metric`` (one of :data:`METRICS`) for ``perspective``.

        Parameters
        ----------
        metric
            One of :data:`METRICS`; ``payback_year`` only for ``level="total"``.
        perspective
            ``society``, ``public_sector`` or an actor.
        level
            ``"total"`` (default: the funded project plus continuation and spread in the
            draws where they happen; the funded project alone for a scenario without them),
            ``"project"``, ``"continuation"`` or ``"spread"``.
        if_occurs
            For ``continuation``/``spread``: the level's values as if it happened in every
            draw (its value *given* that it happens) instead of its realised contribution
            (0 in the draws where it does not happen).
        """
        spec = output_metrics.get(metric)
        if not spec.is_distribution:
            raise KeyError(f"{metric!r} is one number, not a value per draw")
        if level != TOTAL and not spec.per_level:
            raise KeyError(f"the {metric} is computed for level='total' only")
        costs, benefits = self._level_arrays(level, perspective, if_occurs=if_occurs)
        assert spec.draws is not None
        return spec.draws(
            output_metrics.Flows(costs, benefits, lambda: self._payback_column(perspective))
        )

    def _payback_column(self, perspective: str) -> np.ndarray | None:
        if self.payback_year is None:
            return None
        return self.payback_year[:, self._index(perspective)]

    def npv(self, perspective: str = "society", level: str = TOTAL) -> np.ndarray:
        """Net present value draws [SEK] for ``perspective`` (and ``level``)."""
        return self.output("npv", perspective, level)

    @property
    def has_levels(self) -> bool:
        """True if the scenario has continuation or spread (more than the funded project)."""
        return len(self.levels) > 1

    def prob_occurs(self, level: str) -> float:
        """Share of draws in which ``level`` happens [fraction] (1 for ``project``)."""
        li = self._level(level)
        if self.level_occurs is None:
            return 1.0
        return float(np.mean(self.level_occurs[:, li]))

    @property
    def successes_needed(self) -> np.ndarray:
        """Avoided outcomes at which the society NPV is 0, per draw [persons]; NaN: undefined.

        Computed on each access (three passes over the draws) rather than kept: at 1e7 draws a
        kept copy would hold 80 MB for the rest of the result's life."""
        q = self._index("society")
        return metrics.successes_needed(
            self.pv_costs[:, q], self.pv_benefits[:, q], self.avoided_outcomes
        )

    def breakeven_undefined(self) -> BreakevenReason | None:
        """Why break-even is undefined in some or all draws, or ``None`` if it never is.

        Break-even is undefined where no adverse outcome is avoided (``avoided_outcomes <= 0``,
        which counts only outcomes with a consequence within the horizon: it is 0 also where
        every outcome falls past the horizon, and the reason then says so) or where the avoided
        outcomes have no positive value (society ``pv_benefits <= 0``).
        """
        undefined = ~np.isfinite(self.successes_needed)
        if not undefined.any():
            return None
        no_avoided = undefined & (self.avoided_outcomes <= 0)
        no_value = undefined & ~no_avoided
        if undefined.all() and not no_value.any():
            from sekalk.engine import compile_model, counts_any_outcome

            if not counts_any_outcome(compile_model(self.scenario)):
                return BreakevenReason("past_horizon", horizon=self.scenario.settings.horizon_years)
            return BreakevenReason("no_avoided")
        if undefined.all() and not no_avoided.any():
            return BreakevenReason("no_value")
        if undefined.all():
            return BreakevenReason("undefined")
        why = tuple(
            code
            for code, mask in (("no_avoided", no_avoided), ("no_value", no_value))
            if mask.any()
        )
        return BreakevenReason("partly", share=float(undefined.mean()), why=why)

    def breakeven_reason(self, lang: str | None = None) -> str | None:
        """:meth:`breakeven_undefined` as a sentence in ``lang`` (default: the scenario's).

        A convenience: the words come from :func:`sekalk.report.labels.breakeven_reason`,
        imported when called.
        """
        from sekalk.report.labels import breakeven_reason

        return breakeven_reason(self.breakeven_undefined(), lang or self.scenario.settings.language)

    @property
    def _batch_size(self) -> int | None:
        # Blocks of LHS draws are randomised independently: their means are i.i.d. (Sobol'
        # blocks are slices of the same sequences: not independent, see _error_design.)
        return BLOCK_SIZE if self.settings.sampler == "lhs" else None

    @property
    def _error_design(self) -> dict[str, int]:
        """How :func:`describe_with_cis` estimates the Monte Carlo error of a mean: batch
        means of the LHS blocks, the spread of the Sobol' replicates, else ``sd / sqrt(n)``."""
        if self.settings.sampler == "sobol":
            return {"replicates": SOBOL_REPLICATES}
        if self.settings.sampler == "lhs":
            return {"batch_size": BLOCK_SIZE}
        return {}

    @cached_property
    def _stats_cache(self) -> dict[tuple[str, str, str, bool], dict[str, Any]]:
        return {}

    def stats(
        self,
        metric: str,
        perspective: str = "society",
        level: str = TOTAL,
        *,
        if_occurs: bool = False,
    ) -> dict[str, Any]:
        """The STATS block of a metric: mean, sd, p05, p50, p95, mcse_mean, and the 95 %
        confidence intervals ``p05_ci``, ``p50_ci``, ``p95_ci`` of the percentiles (their Monte
        Carlo error; from order statistics, which is conservative for lhs/sobol designs)."""
        if level == "project" and not self.has_levels:
            level = TOTAL  # the same draws: share one cache entry (the summary asks for both)
        key = (metric, perspective, level, if_occurs)
        if key not in self._stats_cache:
            self._stats_cache[key] = describe_with_cis(
                self.output(metric, perspective, level, if_occurs=if_occurs),
                **self._error_design,
                # these are computed afresh by output(): sort them in place, no copy
                overwrite_input=output_metrics.get(metric).fresh,
            )
        return dict(self._stats_cache[key])

    def prob_npv_positive(self, perspective: str = "society", level: str = TOTAL) -> float:
        """Share of draws with NPV > 0 [fraction]."""
        return metrics.prob_positive(self.npv(perspective, level))

    def level_count(self, what: str, level: str = TOTAL) -> np.ndarray:
        """Realised ``"avoided_outcomes"`` or ``"participants"`` of a level per draw [persons]."""
        if what not in ("avoided_outcomes", "participants"):
            raise KeyError(f"expected avoided_outcomes or participants, got {what!r}")
        total = self.avoided_outcomes if what == "avoided_outcomes" else self.participants
        if level == TOTAL:
            return total
        li = self._level(level)
        per_level = self.level_avoided if what == "avoided_outcomes" else self.level_participants
        if per_level is None or self.level_occurs is None:
            return total
        if li == 0:  # the funded project always happens: no product, no copy
            return per_level[:, 0]
        return per_level[:, li] * self.level_occurs[:, li]

    def npv_with(self, level: str, perspective: str = "society") -> np.ndarray:
        """NPV [SEK] of the funded project plus ``level`` as if that level happened.

        ``npv_with("continuation")`` is the result *with* continuation; ``npv(level="project")``
        the result *without*; ``npv()`` mixes the two in proportion to how often continuation
        happens (and adds spread where the scenario has it).
        """
        return self.npv(perspective, "project") + self.output(
            "npv", perspective, level, if_occurs=True
        )

    def levels_summary(self) -> dict[str, Any]:
        """The ``"levels"`` block of the JSON summary (see :meth:`to_dict`)."""
        from sekalk.report.summary_json import levels_block
        from sekalk.summaries import summarize

        return levels_block(summarize(self))

    # ----------------------------------------------------------------------------- tables

    def summary(self) -> pd.DataFrame:
        """Summary statistics: rows (perspective, metric), columns mean, sd, p05, p50, p95, mcse_mean.

        A further row per perspective, metric ``prob_npv_positive``, holds P(NPV > 0) in
        ``mean`` (and its standard error in ``mcse_mean``).
        """
        import pandas as pd

        rows = []
        for p in self.perspectives:
            for m in METRICS:
                st = self.stats(m, p)
                rows.append(
                    {"perspective": p, "metric": m, **{k: st[k] for k in metrics.STATS_KEYS}}
                )
            prob = self.prob_npv_positive(p)
            rows.append(
                {
                    "perspective": p,
                    "metric": "prob_npv_positive",
                    "mean": prob,
                    "sd": None,
                    "p05": None,
                    "p50": None,
                    "p95": None,
                    "mcse_mean": metrics.mcse_prob(prob, self.settings.draws),
                }
            )
        return pd.DataFrame(rows).set_index(["perspective", "metric"]).astype(float)

    @property
    def draws(self) -> pd.DataFrame:
        """One row per draw: every uncertain parameter, every output, break-even figures."""
        import pandas as pd

        cols: dict[str, np.ndarray] = dict(self.parameters)
        for p in self.perspectives:
            for m in METRICS:
                if m == "payback_year" and self.payback_year is None:
                    continue
                cols[f"{p}.{m}"] = self.output(m, p)
        if self.has_levels:
            for level in self.levels:
                for p in self.perspectives:
                    cols[f"{p}.npv.{level}"] = self.npv(p, level)
                if level != "project":
                    assert self.level_occurs is not None
                    cols[f"{level}.occurs"] = self.level_occurs[:, self._level(level)]
        cols["avoided_outcomes"] = self.avoided_outcomes
        cols["participants"] = self.participants
        cols["successes_needed"] = self.successes_needed
        frame = pd.DataFrame(cols)
        frame.index.name = "draw"
        return frame

    @cached_property
    def cumulative_sample(self) -> np.ndarray | None:
        """Cumulative discounted net flow (m, Q, H) [SEK] of the first block of draws (up to
        65,536), per draw, perspective and year; ``None`` on the NPV-only path.

        Computed on first use by drawing that block again (same seed and design, so the same
        draws as the run): a run that never asks for it holds none of its m x Q x H numbers.
        """
        if self.payback_year is None:
            return None
        from sekalk.simulation import first_block_flows

        st = self.settings
        return first_block_flows(self.scenario, st.draws, st.seed, st.sampler)

    @property
    def flows(self) -> pd.DataFrame:
        """Yearly cumulative discounted net flow per perspective: mean and P5/P25/P50/P75/P95.

        Computed on the first block of draws (up to 65,536), which is the same whatever the
        total number of draws; column ``draws_used`` says how many. (Computed once; each access
        returns a copy.)
        """
        return self._flows_table.copy()

    @cached_property
    def _flows_table(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for p in self.perspectives:
            q = self.flow_quantiles(p)
            for year in range(len(q["year"])):
                rows.append(
                    {
                        "perspective": p,
                        "year": year,
                        "mean": float(q["mean"][year]),
                        **{
                            f"p{round(lv * 100):02d}": float(q[f"p{round(lv * 100):02d}"][year])
                            for lv in FLOW_QUANTILES
                        },
                        "draws_used": q["draws_used"],
                    }
                )
        return pd.DataFrame(rows)

    def flow_quantiles(self, perspective: str = "society") -> dict[str, Any]:
        """:attr:`flows` of one perspective as numpy arrays, without pandas (the report's).

        Returns
        -------
        dict
            ``year`` (H,), ``mean`` and ``p05`` ... ``p95`` (H,) [SEK], ``draws_used`` (int).
        """
        cache = self._flow_quantiles
        if perspective not in cache:
            from sekalk.ranks import sorted_quantiles

            qi = self._index(perspective)
            if self.cumulative_sample is None:
                raise ValueError("yearly flows were not computed (simulate(..., payback=False))")
            cum = self.cumulative_sample[:, qi, :]  # (m, H)
            # np.quantile's numbers from one sort (numpy's partial sort of 5 levels is slower)
            qs = sorted_quantiles(np.sort(cum, axis=0), FLOW_QUANTILES)  # (5, H)
            out: dict[str, Any] = {
                "year": np.arange(cum.shape[1]),
                "mean": np.array([float(cum[:, year].mean()) for year in range(cum.shape[1])]),
            }
            for k, lv in enumerate(FLOW_QUANTILES):
                out[f"p{round(lv * 100):02d}"] = qs[k]
            out["draws_used"] = cum.shape[0]
            cache[perspective] = out
        return {
            k: v.copy() if isinstance(v, np.ndarray) else v for k, v in cache[perspective].items()
        }

    @cached_property
    def _flow_quantiles(self) -> dict[str, dict[str, Any]]:
        return {}

    # ----------------------------------------------------------------------------- plots

    def plot_npv(self, perspective: str = "society", *, lang: str | None = None):
        """Histogram of the NPV with its 90 % interval, zero line and P(NPV > 0) (a Figure)."""
        from sekalk.report import plots

        return plots.plot_npv(self, perspective=perspective, lang=lang)

    def plot_scurve(self, perspective: str = "society", *, lang: str | None = None):
        """The S-curve: P(NPV > x) against x (a matplotlib Figure)."""
        from sekalk.report import plots

        return plots.plot_scurve(self, perspective=perspective, lang=lang)

    def plot_cashflow(self, perspective: str = "society", *, lang: str | None = None):
        """Fan chart of the cumulative discounted net flow and P(paid back by year t)."""
        from sekalk.report import plots

        return plots.plot_cashflow(self, perspective=perspective, lang=lang)

    def plot_actors(self, *, lang: str | None = None):
        """Who pays and who gains: costs, avoided costs and net per actor (a Figure)."""
        from sekalk.report import plots

        return plots.plot_actors(self, lang=lang)

    def plot_logic(self, *, lang: str | None = None):
        """The logic model as a chain of boxes, colour-coded by evidence grade (a Figure)."""
        from sekalk.report import plots

        return plots.plot_logic(self, lang=lang)

    def _repr_html_(self) -> str:
        """Notebook display: the headline, the NPV table and a small NPV chart (inline SVG)."""
        from sekalk.report.html import render_summary

        return render_summary(self)

    # ----------------------------------------------------------------------------- JSON

    def assumptions(self, lang: str | None = None) -> list[dict[str, Any]]:
        """Every parameter with its label, evidence, source, distribution and P5/P50/P95."""
        from sekalk.report.summary_json import assumptions_block
        from sekalk.summaries import summarize

        return assumptions_block(summarize(self), lang or self.scenario.settings.language)

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary v1 as a dict (strict-JSON safe: None, never NaN), rendered by
        :mod:`sekalk.report.summary_json` from the summaries layer."""
        from sekalk.report.summary_json import summary_document

        return summary_document(self)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON summary v1 (strict JSON: ``null`` where a value is undefined)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def __repr__(self) -> str:
        """A one-line summary: title, settings, perspectives, society NPV mean and P5-P95."""
        s = self.stats("npv")
        cur = self.scenario.settings.currency
        st = self.settings
        return (
            f"Result({self.scenario.title!r}, draws={st.draws}, seed={st.seed}, "
            f"sampler={st.sampler!r}, perspectives={self.perspectives!r}, "
            f"society NPV mean {s['mean']:,.0f} {cur}, "
            f"90% interval [{s['p05']:,.0f}, {s['p95']:,.0f}] {cur})"
        )
