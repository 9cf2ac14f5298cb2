"""Plots of the evaluator's tools (matplotlib, Agg backend): overlaid NPV distributions and the
credibility map. Each function returns a :class:`matplotlib.figure.Figure` and never shows it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sekalk.report.i18n import fmt_pct, t
from sekalk.report.labels import parameter_label
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


#: Label offsets tried, in points from the point: to the right, then left, stepping away
#: vertically until a place is free.
_LABEL_STEPS = (0, 9, -9, 18, -18, 27, -27, 36, -36, 48, -48, 60, -60, 75, -75, 90, -90)


def _place_labels(fig: Figure, ax, items, obstacles, points=()) -> None:
    """Annotate each ``(x, y, text, color)`` beside its point where it overlaps no label,
    no obstacle (artists) and no marker at ``points`` (data coordinates), and stays inside the
    figure (first fit, items in the order given).

    The figure's layout is computed first and then frozen, so the positions checked here are
    the ones drawn and saved. A label moved off its point's line gets a thin leader line.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    from matplotlib.transforms import Bbox

    placed = [o.get_window_extent(renderer) for o in obstacles]
    radius = 3.5 * fig.dpi / 72.0  # a marker of size 30 pt^2 is about 5.5 pt across
    for px, py in ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2)):
        placed.append(Bbox([[px - radius, py - radius], [px + radius, py + radius]]))
    frame = fig.bbox
    for x, y, text, color in items:
        chosen = None
        for dy in _LABEL_STEPS:
            for dx, ha in ((6, "left"), (-6, "right")):
                ann = ax.annotate(
                    text,
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va="center",
                    fontsize="x-small",
                    color=color,
                    arrowprops=(
                        {"arrowstyle": "-", "color": color, "linewidth": 0.5, "shrinkA": 0}
                        if abs(dy) > 6
                        else None
                    ),
                )
                ann.update_positions(renderer)
                box = Text.get_window_extent(ann, renderer).padded(1.0)
                inside = (
                    box.x0 >= frame.x0
                    and box.x1 <= frame.x1
                    and box.y0 >= frame.y0
                    and box.y1 <= frame.y1
                )
                if inside and not any(box.overlaps(b) for b in placed):
                    chosen = box
                    break
                ann.remove()
            if chosen is not None:
                break
        if chosen is None:  # no free place: the label is left out rather than drawn over another
            continue
        placed.append(chosen)


def plot_credibility(cmap: CredibilityMap, lang: str) -> Figure:
    """Evidence grade (x) against share of the NPV uncertainty (y); critical points in red.

    Critical and large-share assumptions are labelled; labels never overlap (each is placed
    where it is free, with a leader line when moved). An assumption that acts on the NPV only
    through a correlation is drawn hollow and its label ends in "~".
    """
    import matplotlib

    from sekalk.credibility import GRADES
    from sekalk.report.plots import RC

    with matplotlib.rc_context(RC):
        fig = _figure(8.0, 5.0)
        ax = fig.add_subplot()
        uncertain = [e for e in cmap.entries if not e.fixed]
        labels = []
        points = []
        # spread points of one grade a little so that they do not sit on top of each other
        for g, grade in enumerate(GRADES):
            group = sorted((e for e in uncertain if e.evidence == grade), key=lambda e: -e.share)
            for k, e in enumerate(group):
                x = g + (k % 5 - 2) * 0.06
                color = "tab:red" if e.critical else "tab:blue"
                hollow = e.via_correlation_only
                points.append((x, e.share))
                ax.scatter(
                    [x],
                    [e.share],
                    s=30,
                    zorder=3,
                    facecolors="none" if hollow else color,
                    edgecolors=color,
                )
                if e.critical or e.share >= cmap.threshold / 2:
                    text = plain(_short_label(parameter_label(e.label, lang))) + (
                        " ~" if hollow else ""
                    )
                    labels.append((e.share, x, text, color))
        ax.axhline(cmap.threshold, color="tab:red", linestyle="--", linewidth=0.8)
        threshold_text = ax.text(
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
        labels.sort(key=lambda item: -item[0])  # the largest shares get the first choice
        _place_labels(
            fig,
            ax,
            [(x, share, text, color) for share, x, text, color in labels],
            [threshold_text],
            points,
        )
    return fig


def save_figure(fig: Figure, path: str | os.PathLike) -> None:
    """Save ``fig`` atomically as PNG or SVG (by the file's suffix)."""
    from sekalk.outputs import write_atomic

    fmt = Path(path).suffix.lower().lstrip(".")
    write_atomic(path, lambda tmp: fig.savefig(tmp, format=fmt, dpi=150))
