"""The output metrics: one small self-describing object per figure of a perspective.

Each :class:`OutputMetric` says what it is called in the JSON summary (``id``), how it is
computed from a result's arrays (through the kernels of :mod:`sekalk.metrics`), which catalogue
entry names it (``label``) and how a face formats it (``kind``). The JSON summary's perspective
and level blocks, :meth:`sekalk.result.Result.output`, the draws table and the faces' metric
rows are all built from :data:`REGISTRY`, so a new metric is one entry here plus its tests
(and its label in the catalogues).

Two shapes of metric:

* a *distribution* metric has one value per draw (``draws``); the summary gives its STATS
  block (mean, sd, P5, P50, P95, Monte Carlo error and the percentiles' CIs);
* a *probability* metric is one number over the draws (``value``), e.g. P(NPV > 0).

This module holds no words: labels are catalogue keys, turned into text by the faces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk import metrics

if TYPE_CHECKING:
    from sekalk.result import Result

#: How a face formats a metric's values.
KINDS = ("money", "fraction", "years", "ratio", "count")


@dataclass(frozen=True, slots=True)
class Flows:
    """The arrays of one perspective (and level) a metric is computed from.

    ``costs`` and ``benefits`` are present values per draw [SEK]; ``payback`` returns the
    payback year per draw [years] (NaN: never), or ``None`` where it is not defined (a level).
    """

    costs: np.ndarray
    benefits: np.ndarray
    payback: Callable[[], np.ndarray | None]


@dataclass(frozen=True, slots=True)
class OutputMetric:
    """One output metric.

    Parameters
    ----------
    id
        Its field in the JSON summary and its name in :meth:`Result.output`.
    label
        Catalogue key of its name (e.g. ``"metric.npv"``).
    kind
        One of :data:`KINDS`: how a face formats it.
    per_level
        Defined for each level (``project``, ``continuation``, ``spread``), not only the total.
    draws
        ``Flows -> ndarray (n,)``: its value per draw (distribution metrics).
    value
        ``(Result, perspective, level) -> float``: one number over the draws (probability
        metrics).
    fresh
        ``draws`` returns a new array, which the summary statistics may sort in place.
    extra
        ``(Result, perspective) -> dict``: further fields of its JSON block (total level only).
    """

    id: str
    label: str
    kind: str
    per_level: bool = True
    draws: Callable[[Flows], np.ndarray] | None = None
    value: Callable[[Result, str, str], float] | None = None
    fresh: bool = False
    extra: Callable[[Result, str], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"metric {self.id}: kind {self.kind!r} is not one of {KINDS}")
        if (self.draws is None) == (self.value is None):
            raise ValueError(f"metric {self.id}: give exactly one of draws and value")

    @property
    def is_distribution(self) -> bool:
        """True for a metric with one value per draw (a STATS block in the JSON summary)."""
        return self.draws is not None


def _npv(f: Flows) -> np.ndarray:
    return f.benefits - f.costs


def _roi(f: Flows) -> np.ndarray:
    npv = f.benefits - f.costs
    return metrics.roi(npv, f.costs, out=npv)


def _payback(f: Flows) -> np.ndarray:
    pay = f.payback()
    if pay is None:
        return np.full(len(f.costs), np.nan)
    return pay


def _payback_extra(result: Result, perspective: str) -> dict[str, Any]:
    # Over all draws: a draw in which the perspective pays no cost counts as not paid back
    # (there is nothing to pay back); prob_bears_cost says how often it pays.
    pay = result.output("payback_year", perspective)
    return {
        "prob_within_horizon": float(np.mean(np.isfinite(pay))),
        "prob_bears_cost": float(np.mean(result.output("pv_costs", perspective) > 0)),
    }


def _prob_positive(result: Result, perspective: str, level: str) -> float:
    return result.prob_npv_positive(perspective, level)


def _mcse_prob_positive(result: Result, perspective: str, level: str) -> float:
    return metrics.mcse_prob(result.prob_npv_positive(perspective, level), result.settings.draws)


#: Every output metric, in the order of the JSON summary's perspective block.
METRIC_LIST: tuple[OutputMetric, ...] = (
    OutputMetric("npv", "metric.npv", "money", draws=_npv, fresh=True),
    OutputMetric("pv_costs", "metric.pv_costs", "money", draws=lambda f: f.costs),
    OutputMetric("pv_benefits", "metric.pv_benefits", "money", draws=lambda f: f.benefits),
    OutputMetric(
        "bcr",
        "metric.bcr",
        "ratio",
        draws=lambda f: metrics.bcr(f.benefits, f.costs),
        fresh=True,
    ),
    OutputMetric("roi", "metric.roi", "ratio", draws=_roi, fresh=True),
    OutputMetric(
        "payback_year",
        "metric.payback_year",
        "years",
        per_level=False,
        draws=_payback,
        extra=_payback_extra,
    ),
    OutputMetric("prob_npv_positive", "metric.prob_npv_positive", "fraction", value=_prob_positive),
    OutputMetric(
        "mcse_prob_npv_positive",
        "metric.mcse_prob_npv_positive",
        "fraction",
        per_level=False,
        value=_mcse_prob_positive,
    ),
)

#: id -> metric.
REGISTRY: Mapping[str, OutputMetric] = MappingProxyType({m.id: m for m in METRIC_LIST})

#: The distribution metrics (one value per draw), in order.
DISTRIBUTION_METRICS: tuple[str, ...] = tuple(m.id for m in METRIC_LIST if m.is_distribution)

#: The distribution metrics defined per level, in order.
LEVEL_DISTRIBUTION_METRICS: tuple[str, ...] = tuple(
    m.id for m in METRIC_LIST if m.is_distribution and m.per_level
)


def get(metric_id: str) -> OutputMetric:
    """The metric ``metric_id`` (a KeyError naming the known ones for any other)."""
    try:
        return REGISTRY[metric_id]
    except KeyError:
        raise KeyError(
            f"unknown metric {metric_id!r}; expected one of {', '.join(REGISTRY)}"
        ) from None
