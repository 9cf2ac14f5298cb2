"""Metric values as text: each output metric (:mod:`sekalk.output_metrics`) is formatted by
its kind, and a table of perspectives is a list of :class:`Column` over registered metrics.

A face that shows a metric asks for ``Column(metric, statistic, header)``; the value comes
from the summary and is formatted by the metric's kind, so a new metric needs no new
formatting code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sekalk import output_metrics
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct
from sekalk.summaries import Stats, Summary

#: Decimals of the plain-number kinds.
DECIMALS = {"ratio": 2, "years": 0, "count": 1}


def fmt_metric(value: float | None, kind: str, lang: str, currency: str = "SEK") -> str:
    """``value`` formatted as its kind says: money (``1,2 mnkr``), fraction (``71 %``),
    ratio (two decimals), years (whole) or count (one decimal); a dash when undefined."""
    if kind == "money":
        return fmt_money(value, lang, currency)
    if kind == "fraction":
        return fmt_pct(value, lang)
    if kind in DECIMALS:
        return fmt_number(value, lang, DECIMALS[kind])
    raise ValueError(f"unknown kind {kind!r}; expected one of {output_metrics.KINDS}")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table of perspectives: a registered metric and, for a distribution
    metric, which statistic (``mean``, ``p05``, ``p50``, ``p95``, ...); ``header`` is the
    catalogue key of the column's heading."""

    metric: str
    statistic: str | None
    header: str

    def value(self, summary: Summary, perspective: str) -> float | None:
        """The column's number for ``perspective`` (total level)."""
        v = summary.metric(self.metric, perspective)
        if isinstance(v, Stats):
            return v.get(self.statistic or "p50")
        return v

    def cell(self, summary: Summary, perspective: str, lang: str) -> str:
        """The column's number for ``perspective``, formatted by the metric's kind."""
        kind = output_metrics.get(self.metric).kind
        return fmt_metric(self.value(summary, perspective), kind, lang, summary.provenance.currency)


def cells(summary: Summary, columns: Sequence[Column], perspective: str, lang: str) -> list[str]:
    """Every column's cell for one perspective."""
    return [c.cell(summary, perspective, lang) for c in columns]
