"""The result of a simulation: draws, outputs per perspective, summaries and the JSON summary."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk import metrics
from sekalk.report.i18n import t
from sekalk.sampling import BLOCK_SIZE

if TYPE_CHECKING:
    import pandas as pd

    from sekalk.scenario import Parameter, Scenario

SUMMARY_SCHEMA = "sekalk.summary/1"
METRICS = ("npv", "pv_costs", "pv_benefits", "bcr", "roi", "payback_year")
FLOW_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def parameter_label(param: Parameter, lang: str) -> str:
    """``"<item label>: <attribute>"``, or the capitalised attribute for scenario-wide ones."""
    attr = t("attr." + param.attribute, lang)
    return f"{param.item_label}: {attr}" if param.item_label else attr[:1].upper() + attr[1:]


@dataclass(frozen=True, slots=True)
class SimulationSettings:
    """How a result was produced: number of draws, seed and sampler."""

    draws: int
    seed: int
    sampler: str


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
    #: First year with cumulative discounted net flow >= 0, (n, Q) [years]; NaN: never, or
    #: the perspective pays no intervention cost. ``None`` on the NPV-only path.
    payback_year: np.ndarray | None
    #: Avoided adverse outcomes per draw, all outcomes and cohorts [persons].
    avoided_outcomes: np.ndarray
    #: Participants per draw, all cohorts [persons].
    participants: np.ndarray
    #: Cumulative discounted net flow (m, Q, H) of the first block of draws (for ``flows``).
    cumulative_sample: np.ndarray | None = None

    # ----------------------------------------------------------------------------- outputs

    def _index(self, perspective: str) -> int:
        try:
            return self.perspectives.index(perspective)
        except ValueError:
            raise KeyError(
                f"no perspective {perspective!r}; available: {', '.join(self.perspectives)}"
            ) from None

    def output(self, metric: str, perspective: str = "society") -> np.ndarray:
        """The draws of ``metric`` (one of :data:`METRICS`) for ``perspective``."""
        q = self._index(perspective)
        costs, benefits = self.pv_costs[:, q], self.pv_benefits[:, q]
        if metric == "npv":
            return benefits - costs
        if metric == "pv_costs":
            return costs
        if metric == "pv_benefits":
            return benefits
        if metric == "bcr":
            return metrics.bcr(benefits, costs)
        if metric == "roi":
            return metrics.roi(benefits - costs, costs)
        if metric == "payback_year":
            if self.payback_year is None:
                return np.full(len(costs), np.nan)
            return self.payback_year[:, q]
        raise KeyError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")

    def npv(self, perspective: str = "society") -> np.ndarray:
        """Net present value draws [SEK] for ``perspective``."""
        return self.output("npv", perspective)

    @cached_property
    def successes_needed(self) -> np.ndarray:
        """Avoided outcomes at which the society NPV is 0, per draw [persons]; NaN: undefined."""
        q = self._index("society")
        return metrics.successes_needed(
            self.pv_costs[:, q], self.pv_benefits[:, q], self.avoided_outcomes
        )

    @property
    def _batch_size(self) -> int | None:
        # Blocks of LHS/Sobol' draws are randomised independently: their means are i.i.d.
        return BLOCK_SIZE if self.settings.sampler != "random" else None

    def stats(self, metric: str, perspective: str = "society") -> dict[str, float | None]:
        """The STATS block (mean, sd, p05, p50, p95, mcse_mean) of a metric."""
        return metrics.describe(self.output(metric, perspective), batch_size=self._batch_size)

    def prob_npv_positive(self, perspective: str = "society") -> float:
        """Share of draws with NPV > 0 [fraction]."""
        return metrics.prob_positive(self.npv(perspective))

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
                rows.append({"perspective": p, "metric": m, **self.stats(m, p)})
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
        cols["avoided_outcomes"] = self.avoided_outcomes
        cols["participants"] = self.participants
        cols["successes_needed"] = self.successes_needed
        frame = pd.DataFrame(cols)
        frame.index.name = "draw"
        return frame

    @property
    def flows(self) -> pd.DataFrame:
        """Yearly cumulative discounted net flow per perspective: mean and P5/P25/P50/P75/P95.

        Computed on the first block of draws (up to 65,536), which is the same whatever the
        total number of draws; column ``draws_used`` says how many.
        """
        import pandas as pd

        if self.cumulative_sample is None:
            raise ValueError("yearly flows were not computed (simulate(..., payback=False))")
        cum = self.cumulative_sample
        qs = np.quantile(cum, FLOW_QUANTILES, axis=0)  # (5, Q, H)
        rows = []
        for qi, p in enumerate(self.perspectives):
            for year in range(cum.shape[2]):
                rows.append(
                    {
                        "perspective": p,
                        "year": year,
                        "mean": float(cum[:, qi, year].mean()),
                        **{
                            f"p{round(q * 100):02d}": float(qs[k, qi, year])
                            for k, q in enumerate(FLOW_QUANTILES)
                        },
                        "draws_used": cum.shape[0],
                    }
                )
        return pd.DataFrame(rows)

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
        lang = lang or self.scenario.settings.language
        out = []
        for p in self.scenario.iter_parameters():
            d = p.distribution
            q05, q50, q95 = (float(x) for x in d.ppf(np.array([0.05, 0.5, 0.95])))
            out.append(
                {
                    "id": p.id,
                    "label": parameter_label(p, lang),
                    "evidence": d.evidence,
                    "source": d.source,
                    "distribution": d.describe(),
                    "p05": q05,
                    "p50": q50,
                    "p95": q95,
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary v1 as a dict (strict-JSON safe: None, never NaN)."""
        from sekalk import __version__

        perspectives = {}
        n = self.settings.draws
        for p in self.perspectives:
            block: dict[str, Any] = {m: self.stats(m, p) for m in METRICS}
            pay = self.output("payback_year", p)
            block["payback_year"]["prob_within_horizon"] = float(np.mean(np.isfinite(pay)))
            prob = self.prob_npv_positive(p)
            block["prob_npv_positive"] = prob
            block["mcse_prob_npv_positive"] = metrics.mcse_prob(prob, n)
            perspectives[p] = block
        breakeven = {
            "successes_needed": metrics.describe(
                self.successes_needed, batch_size=self._batch_size
            ),
            "avoided_outcomes": metrics.describe(
                self.avoided_outcomes, batch_size=self._batch_size
            ),
            "participants": metrics.describe(self.participants, batch_size=self._batch_size),
            "prob_defined": float(np.mean(np.isfinite(self.successes_needed))),
        }
        doc = {
            "schema": SUMMARY_SCHEMA,
            "sekalk_version": __version__,
            "scenario": {"title": self.scenario.title, "sha256": self.scenario.sha256},
            "settings": {
                "draws": n,
                "seed": self.settings.seed,
                "sampler": self.settings.sampler,
                "overrides": [o.to_dict() for o in self.scenario.overrides],
            },
            "perspectives": perspectives,
            "breakeven": breakeven,
            "assumptions": self.assumptions(),
        }
        return metrics.to_json_safe(doc)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON summary v1 (strict JSON: ``null`` where a value is undefined)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)
