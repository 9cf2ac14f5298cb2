"""Plots of the evaluator's tools (matplotlib, Agg backend): overlaid NPV distributions and the
credibility map. Each function returns a :class:`matplotlib.figure.Figure` and never shows it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sekalk.report.i18n import fmt_pct, t
from sekalk.report.plots import plain

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from sekalk.comparison import ComparisonResult
    from sekalk.credibility import CredibilityMap

_SCALE = {"SEK": 1e6}


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plot_comparison(cmp: ComparisonResult, lang: str, *, bins: int = 80) -> Figure:
    """The NPV distribution of every scenario as step histograms on common bins [MSEK]."""
    cur = cmp.scenarios[0].settings.currency
    fig = _figure()
    ax = fig.add_subplot()
    npvs = [r.npv(cmp.perspective) / 1e6 for r in cmp.results]
    lo = min(float(np.quantile(x, 0.005)) for x in npvs)
    hi = max(float(np.quantile(x, 0.995)) for x in npvs)
    edges = np.linspace(lo, hi, bins + 1) if hi > lo else np.linspace(lo - 1, lo + 1, bins + 1)
    for i, (x, r) in enumerate(zip(npvs, cmp.results, strict=True)):
        weights = np.full(x.size, 1.0 / x.size)
        label = f"#{i + 1} {plain(r.scenario.title)}" + (
            f" (+{len(r.scenario.overrides)})" if r.scenario.overrides else ""
        )
        ax.hist(x, bins=edges, weights=weights, histtype="step", linewidth=1.6, label=label)
    ax.axvline(0.0, color="black", linewidth=0.8)
    unit = "mnkr" if (lang == "sv" and cur == "SEK") else f"m {cur}"
    ax.set_xlabel(t("plot.npv_axis", lang, cur=unit))
    ax.set_ylabel(t("plot.density", lang))
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt_pct(y, lang)))
    # below the axes, so that it never hides a distribution
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(0.0, -0.16), frameon=False)
    return fig


def _short_label(label: str, n: int = 45) -> str:
    """Shorten "<item>: <attribute>" in the item part, so the attribute stays readable."""
    if len(label) <= n:
        return label
    item, sep, attr = label.rpartition(": ")
    if not sep or len(attr) > n - 10:
        return label[: n - 1] + "…"
    return item[: n - len(attr) - 3] + "…: " + attr


def plot_credibility(cmap: CredibilityMap, lang: str) -> Figure:
    """Evidence grade (x) against share of the NPV uncertainty (y); critical points in red."""
    from sekalk.credibility import GRADES

    fig = _figure(8.0, 5.0)
    ax = fig.add_subplot()
    uncertain = [e for e in cmap.entries if not e.fixed]
    # spread points of one grade a little so that labels do not sit on top of each other
    for g, grade in enumerate(GRADES):
        group = sorted((e for e in uncertain if e.evidence == grade), key=lambda e: -e.share)
        for k, e in enumerate(group):
            x = g + (k % 5 - 2) * 0.06
            color = "tab:red" if e.critical else "tab:blue"
            ax.scatter([x], [e.share], color=color, s=30, zorder=3)
            if e.critical or e.share >= cmap.threshold / 2:
                ax.annotate(
                    plain(_short_label(e.label)),
                    (x, e.share),
                    xytext=(5, 2),
                    textcoords="offset points",
                    fontsize="x-small",
                    color=color,
                )
    ax.axhline(cmap.threshold, color="tab:red", linestyle="--", linewidth=0.8)
    ax.text(
        len(GRADES) - 0.5,
        cmap.threshold,
        t("plot.threshold", lang, thr=fmt_pct(cmap.threshold, lang)),
        ha="right",
        va="bottom",
        fontsize="small",
        color="tab:red",
    )
    ax.axvspan(1.5, len(GRADES) - 0.5, color="tab:red", alpha=0.05)
    ax.set_xticks(range(len(GRADES)), [t(f"evidence.{g}", lang) for g in GRADES])
    ax.set_xlim(-0.5, len(GRADES) - 0.5)
    ax.set_ylim(0, max([e.share for e in uncertain] + [cmap.threshold]) * 1.15)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt_pct(y, lang)))
    ax.set_xlabel(t("plot.evidence_axis", lang))
    ax.set_ylabel(t("plot.share_axis", lang))
    return fig


def save_figure(fig: Figure, path: str | os.PathLike) -> None:
    """Save ``fig`` atomically as PNG or SVG (by the file's suffix)."""
    from sekalk.outputs import write_atomic

    fmt = Path(path).suffix.lower().lstrip(".")
    write_atomic(path, lambda tmp: fig.savefig(tmp, format=fmt, dpi=150))
