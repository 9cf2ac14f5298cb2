"""Plots of a result: NPV distribution, S-curve, time profile, actors, logic model, sensitivity.

Every function returns a :class:`matplotlib.figure.Figure` built with the object-oriented API
(no global pyplot state), labelled in the scenario's language through the i18n catalogue.
Scenario text is passed to matplotlib as plain text: ``$`` is escaped so a label can never be
parsed as mathtext. :func:`save_figure` writes PNG or SVG atomically; :func:`figure_svg` gives
an SVG fragment for inline HTML (text kept as escaped XML text, no external reference).
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk.outputs import write_atomic
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t, tn
from sekalk.report.labels import parameter_label
from sekalk.report.logic_layout import logic_layout

ArrayLike = Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from sekalk.result import Result
    from sekalk.scenario import Scenario
    from sekalk.summaries import ActorFlow


def _matplotlib() -> Any:
    """matplotlib on the Agg backend, imported at the first figure: the helpers of this module
    serve the HTML report, whose charts are written as SVG without matplotlib
    (:mod:`sekalk.report.svgcharts`)."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


#: Settings applied whenever a figure is saved: text stays text in SVG (escaped by matplotlib),
#: ids are deterministic, no creation date, so the same input gives the same bytes.
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "sekalk",
    "font.family": "sans-serif",
    "font.size": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

# Okabe-Ito palette (readable with the common colour-vision deficiencies).
BLUE, ORANGE, GREEN, VERMILION, SKY, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#999999",
)
#: Evidence grade -> (face colour, border line style); the style is a second cue beside colour.
EVIDENCE_STYLE: dict[str | None, tuple[str, str]] = {
    "research": ("#CDEFE3", "solid"),
    "experience": ("#D6E9F8", "dashed"),
    "assumption": ("#FBE3B5", "dotted"),
    None: ("#EEEEEE", "dashdot"),
}
EVIDENCE_EDGE: dict[str | None, str] = {
    "research": GREEN,
    "experience": BLUE,
    "assumption": ORANGE,
    None: GREY,
}

PERCENT_ATTRIBUTES = frozenset(
    {
        "share",
        "baseline_risk",
        "risk_difference",
        "attribution",
        "dropoff",
        "growth",
        "discount_rate",
    }
)


def plain(text: str) -> str:
    """Scenario text for a matplotlib label: ``$`` escaped so it is never read as mathtext.

    (Matplotlib shows ``\\$`` as ``$`` in text that is not mathtext; backslashes stay as they are.)
    """
    return str(text).replace("$", r"\$")


def _pname(perspective: str, lang: str) -> str:
    return plain(perspective_name(perspective, lang))


def _lang(result: Result, lang: str | None) -> str:
    return lang or result.scenario.settings.language


def _new_figure(width: float, height: float) -> Figure:
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


# --------------------------------------------------------------------------- number formats


@dataclass(frozen=True, slots=True)
class MoneyScale:
    """A unit for a money axis: divide by ``factor`` and show ``unit``."""

    factor: float
    unit: str


def money_scale(values: ArrayLike, lang: str, currency: str = "SEK") -> MoneyScale:
    """The unit (kr, tkr, mnkr, mdkr / SEK, SEK k, ...) fitting the largest absolute value."""
    arr = np.asarray(values, dtype=float)
    top = float(np.nanmax(np.abs(arr))) if arr.size and np.isfinite(arr).any() else 0.0
    sek = currency == "SEK"
    for factor, sv, en in ((1e9, "mdkr", "bn"), (1e6, "mnkr", "m"), (1e3, "tkr", "k")):
        if top >= factor:
            if lang == "sv":
                return MoneyScale(factor, sv if sek else f"{sv[:-2]} {currency}")
            return MoneyScale(factor, f"{currency} {en}")
    return MoneyScale(1.0, ("kr" if sek else currency) if lang == "sv" else currency)


def _money_axis(ax: Any, which: str, scale: MoneyScale, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    def fmt(x: float, _pos: int) -> str:
        v = x / scale.factor
        decimals = 0 if abs(v) >= 10 or v == round(v) else 1
        return fmt_number(v, lang, decimals)

    axis = ax.xaxis if which == "x" else ax.yaxis
    # Steps of 1, 2 or 5 times a power of ten only: a step of 0.25 mnkr would show as uneven
    # one-decimal labels (-1,8 -1,5 -1,2 -1).
    axis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    axis.set_major_formatter(FuncFormatter(fmt))


def fmt_value(value: float | None, attribute: str, lang: str, currency: str = "SEK") -> str:
    """A parameter value in its natural unit: shares and rates in %, amounts as money."""
    if value is None or not np.isfinite(value):
        return "–"
    if attribute in PERCENT_ATTRIBUTES:
        decimals = 0 if abs(value) >= 0.1 or value == 0 else 1
        return fmt_pct(value, lang, decimals)
    if attribute == "annual":
        return fmt_money(value, lang, currency)
    if attribute == "relative_risk":
        return fmt_number(value, lang, 2)
    if attribute in ("participants_per_year", "count"):
        return fmt_number(value, lang, 0)
    if abs(value) >= 100:
        return fmt_number(value, lang, 0)
    return fmt_number(value, lang, 1 if abs(value) >= 10 else 2)


def attribute_of(param_id: str, scenario: Scenario | None = None) -> str:
    """The attribute (``share``, ``annual``, ``relative_risk``, ...) of a parameter id."""
    if scenario is not None:
        p = scenario.parameters.get(param_id)
        if p is not None:
            return p.attribute
    return param_id.rsplit(".", 1)[-1]


# --------------------------------------------------------------------------- pure data helpers


def exceedance(values: ArrayLike, x: ArrayLike) -> np.ndarray:
    """P(value > x) for each x, the empirical S-curve [fraction].

    Parameters
    ----------
    values
        Draws (n,).
    x
        Thresholds (m,).
    """
    v = np.sort(np.asarray(values, dtype=float))
    return 1.0 - np.searchsorted(v, np.asarray(x, dtype=float), side="right") / v.size


def paid_back_by(payback: ArrayLike, horizon: int) -> np.ndarray:
    """P(payback year <= t) for t = 0 .. horizon-1 [fraction]; NaN (never) counts as not paid."""
    p = np.asarray(payback, dtype=float)
    years = np.arange(horizon)
    finite = p[np.isfinite(p)]
    counts = np.searchsorted(np.sort(finite), years, side="right")
    return counts / p.size


@dataclass(frozen=True, slots=True)
class Interval:
    """Median and 90 % interval of some draws."""

    p05: float
    p50: float
    p95: float

    @classmethod
    def of(cls, draws: ArrayLike) -> Interval:
        a = np.asarray(draws, dtype=float)
        a = a[np.isfinite(a)]
        if a.size == 0:
            return cls(np.nan, np.nan, np.nan)
        q = np.quantile(a, [0.05, 0.5, 0.95])
        return cls(float(q[0]), float(q[1]), float(q[2]))


def actor_flows(result: Result) -> list[ActorFlow]:
    """Costs, avoided costs and net per perspective of the result (actors, public sector,
    society): the summary's (:attr:`sekalk.summaries.Summary.actors`, computed once per
    result, which the report's table shows too)."""
    from sekalk.summaries import summarize

    return list(summarize(result).actors)


def actor_flows_for_chart(result: Result) -> list[ActorFlow]:
    """:func:`actor_flows` in the order the charts draw them: the actors first (top), then
    the public sector and society as totals."""
    rows = actor_flows(result)
    return (
        [r for r in rows if r.perspective not in ("society", "public_sector")]
        + [r for r in rows if r.perspective == "public_sector"]
        + [r for r in rows if r.perspective == "society"]
    )


def parameter_interval(result: Result, param_id: str) -> Interval:
    """Median and 90 % interval of a parameter's distribution (exact quantiles)."""
    d = result.scenario.parameters[param_id].distribution
    q = d.ppf(np.array([0.05, 0.5, 0.95]))
    return Interval(float(q[0]), float(q[1]), float(q[2]))


# --------------------------------------------------------------------------- plots


def plot_npv(
    result: Result,
    *,
    perspective: str = "society",
    lang: str | None = None,
    size: tuple[float, float] = (8.0, 3.6),
) -> Figure:
    """Histogram of the NPV with the 90 % interval shaded, the zero line and P(NPV > 0)."""
    lang = _lang(result, lang)
    return plot_npv_draws(
        result.npv(perspective),
        lang=lang,
        currency=result.scenario.settings.currency,
        persp=_pname(perspective, lang),
        size=size,
    )


def plot_npv_draws(
    npv: np.ndarray,
    *,
    lang: str,
    currency: str = "SEK",
    persp: str,
    size: tuple[float, float] = (8.0, 3.6),
    title: str | None = None,
) -> Figure:
    """:func:`plot_npv` for any NPV draws [SEK] (e.g. a portfolio's total); ``persp`` is the
    perspective's display name, ``title`` replaces the default title."""
    matplotlib = _matplotlib()
    from sekalk.metrics import prob_positive

    cur = currency
    iv = Interval.of(npv)
    scale = money_scale([iv.p05, iv.p95, np.nanmin(npv), np.nanmax(npv)], lang, cur)
    fig = _new_figure(*size)
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        finite = npv[np.isfinite(npv)]
        if np.ptp(finite) > 0:
            lo, hi = np.quantile(finite, [0.001, 0.999])
            ax.hist(
                np.clip(finite, lo, hi),
                bins=60,
                density=True,
                color=SKY,
                edgecolor="white",
                linewidth=0.3,
            )
        else:
            ax.axvline(finite[0], color=SKY, linewidth=4)
        ax.axvspan(
            iv.p05,
            iv.p95,
            color=BLUE,
            alpha=0.12,
            zorder=0,
            label=t(
                "chart.interval90",
                lang,
                lo=fmt_money(iv.p05, lang, cur),
                hi=fmt_money(iv.p95, lang, cur),
            ),
        )
        ax.axvline(
            iv.p50,
            color=BLUE,
            linewidth=1.5,
            label=t("chart.median", lang, value=fmt_money(iv.p50, lang, cur)),
        )
        ax.axvline(0.0, color="black", linewidth=1.2, linestyle="--", label=t("chart.zero", lang))
        prob = prob_positive(npv)
        ax.text(
            0.99,
            0.95,
            t("chart.prob_gain", lang, prob=fmt_pct(prob, lang)),
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=11,
            fontweight="bold",
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": GREY},
        )
        _money_axis(ax, "x", scale, lang)
        ax.set_xlabel(t("chart.npv_axis", lang, persp=persp, unit=scale.unit))
        ax.set_ylabel(t("chart.density", lang))
        ax.set_yticks([])
        ax.set_title(title or t("chart.npv_title", lang, persp=persp), loc="left")
        fig.legend(
            loc="outside lower center", ncol=3 if size[0] >= 7 else 2, frameon=False, fontsize=8.5
        )
        ax.set_ylim(0, ax.get_ylim()[1] * 1.15)  # room for the probability box
    return fig


def plot_scurve(result: Result, *, perspective: str = "society", lang: str | None = None) -> Figure:
    """The S-curve: probability that the NPV exceeds x, for every x."""
    from matplotlib.ticker import FuncFormatter

    matplotlib = _matplotlib()
    lang = _lang(result, lang)
    cur = result.scenario.settings.currency
    npv = result.npv(perspective)
    finite = np.sort(npv[np.isfinite(npv)])
    scale = money_scale(finite, lang, cur)
    fig = _new_figure(8.0, 3.6)
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        lo, hi = np.quantile(finite, [0.001, 0.999])
        pad = 0.05 * (hi - lo) if hi > lo else max(abs(lo), 1.0) * 0.1
        x = np.linspace(lo - pad, hi + pad, 400)
        ax.plot(x, exceedance(finite, x), color=BLUE, linewidth=2)
        ax.axvline(0.0, color="black", linewidth=1.2, linestyle="--", label=t("chart.zero", lang))
        prob = result.prob_npv_positive(perspective)
        ax.axhline(prob, color=GREY, linewidth=0.8, linestyle=":")
        ax.annotate(
            t("chart.prob_gain", lang, prob=fmt_pct(prob, lang)),
            xy=(0.0, prob),
            xytext=(10, 10),
            textcoords="offset points",
            fontweight="bold",
        )
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v, lang)))
        _money_axis(ax, "x", scale, lang)
        ax.set_xlabel(t("chart.npv_axis", lang, persp=_pname(perspective, lang), unit=scale.unit))
        ax.set_ylabel(t("chart.exceed_axis", lang))
        ax.set_title(t("chart.scurve_title", lang, persp=_pname(perspective, lang)), loc="left")
        ax.grid(alpha=0.3)
    return fig


def plot_cashflow(
    result: Result, *, perspective: str = "society", lang: str | None = None
) -> Figure:
    """Fan chart of the cumulative discounted net flow by year and P(paid back by year t)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    matplotlib = _matplotlib()
    lang = _lang(result, lang)
    cur = result.scenario.settings.currency
    f = result.flow_quantiles(perspective)  # numpy arrays: no pandas import for a chart
    years = f["year"]
    scale = money_scale(np.column_stack([f["p05"], f["p95"]]), lang, cur)
    fig = _new_figure(8.0, 5.0)
    with matplotlib.rc_context(RC):
        ax, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.2])
        ax.fill_between(
            years,
            f["p05"],
            f["p95"],
            color=BLUE,
            alpha=0.15,
            label=t("chart.band90", lang),
            linewidth=0,
        )
        ax.fill_between(
            years,
            f["p25"],
            f["p75"],
            color=BLUE,
            alpha=0.3,
            label=t("chart.band50", lang),
            linewidth=0,
        )
        ax.plot(years, f["p50"], color=BLUE, linewidth=2, label=t("chart.median_line", lang))
        ax.axhline(0.0, color="black", linewidth=1)
        _money_axis(ax, "y", scale, lang)
        ax.set_ylabel(t("chart.cum_axis", lang, unit=scale.unit))
        ax.set_title(t("chart.cashflow_title", lang, persp=_pname(perspective, lang)), loc="left")
        ax.legend(loc="lower right", frameon=True, framealpha=0.9, edgecolor="none", fontsize=8.5)
        ax.grid(alpha=0.3)
        horizon = result.scenario.settings.horizon_years
        pay = result.output("payback_year", perspective)
        if np.any(result.output("pv_costs", perspective) > 0) and result.payback_year is not None:
            ax2.step(
                years, paid_back_by(pay, horizon)[years], where="post", color=VERMILION, linewidth=2
            )
            ax2.set_ylim(0, 1.02)
            ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v, lang)))
            ax2.set_ylabel(t("chart.paid_back_axis", lang))
        else:
            ax2.text(
                0.5,
                0.5,
                t("chart.no_payback", lang),
                transform=ax2.transAxes,
                ha="center",
                va="center",
            )
            ax2.set_yticks([])
        ax2.grid(alpha=0.3)
        ax2.set_xlabel(t("chart.year_axis", lang))
        ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def plot_actors(result: Result, *, lang: str | None = None) -> Figure:
    """Who pays and who gains: per actor, median and 90 % interval of costs, avoided costs, net."""
    matplotlib = _matplotlib()
    lang = _lang(result, lang)
    cur = result.scenario.settings.currency
    rows = actor_flows_for_chart(result)
    all_values = [
        v
        for r in rows
        for iv in (r.costs, r.avoided, r.net)
        for v in (-iv.p95 if iv is r.costs else iv.p05, iv.p95)
    ]
    scale = money_scale(all_values, lang, cur)
    fig = _new_figure(8.0, 1.0 + 0.75 * len(rows))
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        series = (
            ("costs", t("chart.actor_costs", lang), VERMILION, "s", -0.22),
            ("avoided", t("chart.actor_avoided", lang), GREEN, "o", 0.0),
            ("net", t("chart.actor_net", lang), "black", "D", 0.22),
        )
        n = len(rows)
        for key, label, colour, marker, offset in series:
            for i, r in enumerate(rows):
                iv: Interval = getattr(r, key)
                sign = -1.0 if key == "costs" else 1.0
                lo, mid, hi = sign * iv.p05, sign * iv.p50, sign * iv.p95
                y = n - 1 - i + offset
                ax.plot(
                    [min(lo, hi), max(lo, hi)],
                    [y, y],
                    color=colour,
                    linewidth=2.5,
                    alpha=0.6,
                    solid_capstyle="butt",
                )
                ax.plot(
                    [mid],
                    [y],
                    marker=marker,
                    color=colour,
                    markersize=6,
                    linestyle="none",
                    label=label if i == 0 else None,
                )
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.set_yticks(range(n))
        ax.set_yticklabels([_pname(r.perspective, lang) for r in rows[::-1]])
        if n > 2:
            ax.axhline(1.5, color=GREY, linewidth=0.6, linestyle=":")
        _money_axis(ax, "x", scale, lang)
        ax.set_xlabel(t("chart.actor_axis", lang, unit=scale.unit))
        ax.set_title(t("chart.actors_title", lang), loc="left")
        fig.legend(loc="outside lower center", ncol=3, frameon=False, fontsize=8.5)
        ax.grid(axis="x", alpha=0.3)
        ax.set_ylim(-0.6, n - 0.4)
    return fig


# --------------------------------------------------------------------------- logic model


@dataclass(frozen=True, slots=True)
class LogicBox:
    """One box of the logic-model chart: title, value lines with their evidence grades."""

    title: str
    lines: tuple[tuple[str, str | None], ...]

    @property
    def evidence(self) -> str | None:
        """The weakest evidence grade of the box's inputs (None: none stated)."""
        order = ("assumption", "experience", "research")
        grades = [g for _text, g in self.lines if g is not None]
        return min(grades, key=order.index) if grades else None


def interval_text(iv: Interval, attribute: str, lang: str, currency: str) -> str:
    if iv.p05 == iv.p95:
        return fmt_value(iv.p50, attribute, lang, currency)
    return t(
        "chart.median_interval",
        lang,
        median=fmt_value(iv.p50, attribute, lang, currency),
        lo=fmt_value(iv.p05, attribute, lang, currency),
        hi=fmt_value(iv.p95, attribute, lang, currency),
    )


def logic_chain(result: Result, lang: str | None = None) -> list[list[LogicBox]]:
    """The logic model as columns of boxes: participants, each step, outcomes, consequences.

    Values are medians with 90 % intervals of the inputs' distributions (total participants
    from the simulation); each value carries its evidence grade.
    """
    lang = _lang(result, lang)
    sc = result.scenario
    cur = sc.settings.currency

    def value(key: str, param_id: str, attribute: str) -> tuple[str, str | None]:
        iv = parameter_interval(result, param_id)
        text = t(key, lang, value=interval_text(iv, attribute, lang, cur))
        return text, sc.parameters[param_id].distribution.evidence

    cohorts = len(sc.intervention.cohort_years)
    total = interval_text(Interval.of(result.participants), "count", lang, cur)
    columns: list[list[LogicBox]] = [
        [
            LogicBox(
                t("chart.logic_participants", lang),
                (
                    value(
                        "chart.logic_per_year",
                        "intervention.participants_per_year",
                        "participants_per_year",
                    ),
                    (
                        tn("chart.logic_cohorts", lang, cohorts, total=total),
                        sc.intervention.participants_per_year.evidence,
                    ),
                ),
            )
        ]
    ]
    for step in sc.logic:
        columns.append(
            [LogicBox(step.label, (value("chart.logic_share", f"logic.{step.id}.share", "share"),))]
        )
    outcome_col: list[LogicBox] = []
    consequence_col: list[LogicBox] = []
    for out in sc.outcomes:
        base = f"outcomes.{out.id}"
        form = out.effect.form
        outcome_col.append(
            LogicBox(
                tn("chart.logic_outcome", lang, out.lag, label=out.label),
                (
                    value("chart.logic_baseline", f"{base}.baseline_risk", "baseline_risk"),
                    value(f"chart.logic_{form}", f"{base}.effect", form),
                ),
            )
        )
        for con in out.consequences:
            cbase = f"{base}.consequences.{con.id}"
            consequence_col.append(
                LogicBox(
                    con.label,
                    (
                        value(
                            "chart.logic_once" if con.duration == 1 else "chart.logic_annual",
                            f"{cbase}.annual",
                            "annual",
                        ),
                        value("chart.logic_con_share", f"{cbase}.share", "share"),
                    ),
                )
            )
    columns.append(outcome_col)
    if consequence_col:
        columns.append(consequence_col)
    return columns


_LINE_IN = 0.165  # height of a text line [inches] at ~8 pt
_GAP_IN = 0.18


def _box_text(box: LogicBox, lang: str, wrap: int) -> tuple[str, str]:
    title = "\n".join(textwrap.wrap(box.title, wrap)[:4])
    grades = {g for _t, g in box.lines}
    if len(grades) == 1:
        grade = t("evidence." + (box.evidence or "none"), lang)
        body = [text for text, _g in box.lines] + [t("chart.logic_evidence", lang, grade=grade)]
    else:
        body = [f"{text} [{t('evidence.' + (g or 'none'), lang)}]" for text, g in box.lines]
    wrapped = [w for line in body for w in textwrap.wrap(line, wrap + 6)]
    return title, "\n".join(wrapped)


def plot_logic(result: Result, *, lang: str | None = None, per_line: int = 3) -> Figure:
    """The logic model (verksamhetslogik) as a chain of boxes from top to bottom.

    Participants, each logic step, the outcomes, then the consequences (avoided cost streams,
    ``per_line`` boxes side by side, framed as one group). Boxes are colour-coded by evidence
    grade with the border line style as a second cue; values are medians with 90 % intervals.
    The chart is 8 inches wide, like the other charts, so it reads well on an A4 page.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

    matplotlib = _matplotlib()
    lang = _lang(result, lang)
    width, margin = 8.0, 0.15
    full_w = width - 2 * margin

    def cell(box: LogicBox, box_w: float) -> tuple[str, str, float]:
        wrap = max(16, int(box_w * 72 / (8.5 * 0.62)))
        title, body = _box_text(box, lang, wrap)
        return title, body, (title.count("\n") + body.count("\n") + 2) * _LINE_IN + 0.25

    layout = logic_layout(
        logic_chain(result, lang),
        cell=cell,
        width=width,
        margin=margin,
        gap=0.2,
        single_width=4.2,
        per_line=per_line,
        top_pad=0.45,
        arrow_gap=0.38,
        group_pad=0.2,
        bottom_pad=0.65,
        y_up=True,
    )
    height = layout.height
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.axis("off")
        for stage in layout.stages:
            if stage.grouped:
                ax.add_patch(
                    FancyBboxPatch(
                        (margin - 0.08, stage.top - stage.height),
                        full_w + 0.16,
                        stage.height,
                        boxstyle="round,pad=0,rounding_size=0.1",
                        facecolor="#F6F8FA",
                        edgecolor="#C8CDD2",
                        linewidth=0.8,
                    )
                )
            for c in stage.cells:
                face, style = EVIDENCE_STYLE.get(c.box.evidence, EVIDENCE_STYLE[None])
                ax.add_patch(
                    FancyBboxPatch(
                        (c.x, c.top - c.height),
                        c.width,
                        c.height,
                        boxstyle="round,pad=0,rounding_size=0.08",
                        facecolor=face,
                        edgecolor=EVIDENCE_EDGE.get(c.box.evidence, GREY),
                        linewidth=1.6,
                        linestyle=style,
                    )
                )
                cx = c.x + c.width / 2
                ax.text(
                    cx,
                    c.top - 0.1,
                    plain(c.title),
                    ha="center",
                    va="top",
                    fontsize=8.5,
                    fontweight="bold",
                )
                ax.text(
                    cx,
                    c.top - c.height + 0.1,
                    plain(c.body),
                    ha="center",
                    va="bottom",
                    fontsize=7.8,
                    linespacing=1.3,
                )
            for x0, y0, x1, y1 in stage.arrows:
                ax.add_patch(
                    FancyArrowPatch(
                        (x0, y0),
                        (x1, y1),
                        arrowstyle="-|>",
                        mutation_scale=12,
                        color="#555555",
                        linewidth=1.2,
                        shrinkA=2,
                        shrinkB=2,
                    )
                )
        ax.text(
            margin, height - 0.12, t("chart.logic_title", lang), ha="left", va="top", fontsize=11
        )
        handles = [
            Patch(
                facecolor=EVIDENCE_STYLE[g][0],
                edgecolor=EVIDENCE_EDGE[g],
                linestyle=EVIDENCE_STYLE[g][1],
                linewidth=1.6,
                label=t("evidence." + (g or "none"), lang),
            )
            for g in ("research", "experience", "assumption", None)
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=4,
            frameon=False,
            fontsize=8,
            title=t("chart.logic_legend", lang),
            title_fontsize=8,
        )
    return fig


# --------------------------------------------------------------------------- sensitivity


def _ranked(params: Sequence[Any], key: Callable[[Any], float | None], top: int) -> list[Any]:
    scored = [(key(p), p) for p in params]
    scored = [(k, p) for k, p in scored if k is not None and np.isfinite(k)]
    scored.sort(key=lambda kp: -kp[0])
    return [p for _k, p in scored[:top]]


def plot_tornado(
    sens: Any,
    *,
    lang: str = "sv",
    currency: str = "SEK",
    top: int = 10,
    scenario: Scenario | None = None,
) -> Figure:
    """Tornado chart: NPV at each parameter's low and high value, widest swing on top.

    ``sens`` is a sensitivity result (duck-typed: ``perspective``, ``base_npv`` and
    ``parameters`` with ``id``, ``label`` and ``tornado`` = ``low_value, high_value, npv_low,
    npv_high, swing``).
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    matplotlib = _matplotlib()
    # the swing may be signed (negative where the NPV falls as the parameter rises)
    params = _ranked(sens.parameters, lambda p: abs(p.tornado.swing) if p.tornado else None, top)
    base = float(sens.base_npv)
    # the simulated median NPV (the headline) beside the base case the bars start from
    median = getattr(sens, "npv_median", None)
    values = [base] + [v for p in params for v in (p.tornado.npv_low, p.tornado.npv_high)]
    if median is not None:
        values.append(float(median))
    scale = money_scale(values, lang, currency)
    fig = _new_figure(8.0, 1.3 + 0.55 * max(len(params), 1))
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        n = len(params)
        for i, p in enumerate(params):
            y = n - 1 - i
            tor = p.tornado
            attr = attribute_of(p.id, scenario)
            for npv_v, colour, val in (
                (tor.npv_low, ORANGE, tor.low_value),
                (tor.npv_high, BLUE, tor.high_value),
            ):
                ax.barh(y, npv_v - base, left=base, color=colour, height=0.6)
                ax.text(
                    npv_v,
                    y,
                    f" {plain(fmt_value(val, attr, lang, currency))} ",
                    va="center",
                    ha="left" if npv_v >= base else "right",
                    fontsize=7.5,
                )
        ax.axvline(base, color="black", linewidth=1)
        ax.axvline(0.0, color="black", linewidth=0.8, linestyle="--")
        lines = [Line2D([], [], color="black", linewidth=1, label=t("chart.tornado_base", lang))]
        if median is not None:
            ax.axvline(float(median), color=VERMILION, linewidth=1.4, linestyle=":")
            lines.append(
                Line2D(
                    [],
                    [],
                    color=VERMILION,
                    linewidth=1.4,
                    linestyle=":",
                    label=t("chart.tornado_median", lang),
                )
            )
        ax.set_yticks(range(n))
        ax.set_yticklabels(
            [plain(_short(parameter_label(p.label, lang))) for p in params[::-1]], fontsize=8
        )
        _money_axis(ax, "x", scale, lang)
        ax.set_xlabel(
            t(
                "chart.npv_axis",
                lang,
                persp=_pname(sens.perspective, lang),
                unit=scale.unit,
            )
        )
        fig.suptitle(t("chart.tornado_title", lang), x=0.01, ha="left", fontsize=10.5)
        fig.legend(
            handles=[
                Patch(color=ORANGE, label=t("chart.tornado_low", lang)),
                Patch(color=BLUE, label=t("chart.tornado_high", lang)),
                *lines,
            ],
            loc="outside lower center",
            ncol=2 + len(lines),
            frameon=False,
            fontsize=8,
        )
        ax.margins(x=0.15)
        ax.grid(axis="x", alpha=0.3)
    return fig


def plot_sobol(sens: Any, *, lang: str = "sv", top: int = 10) -> Figure:
    """First-order and total Sobol' indices with their confidence intervals, largest on top."""
    from matplotlib.ticker import FuncFormatter

    matplotlib = _matplotlib()
    params = _ranked(sens.parameters, lambda p: p.sobol.total if p.sobol else None, top)
    fig = _new_figure(8.0, 1.3 + 0.55 * max(len(params), 1))
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        n = len(params)
        ys = np.arange(n)[::-1].astype(float)
        for key, ci_key, colour, off, label in (
            ("first", "first_ci", BLUE, 0.18, t("chart.sobol_first", lang)),
            ("total", "total_ci", ORANGE, -0.18, t("chart.sobol_total", lang)),
        ):
            vals = np.array([getattr(p.sobol, key) for p in params], dtype=float)
            cis = np.array([getattr(p.sobol, ci_key) for p in params], dtype=float).reshape(n, 2)
            err = np.abs(np.vstack([vals - cis[:, 0], cis[:, 1] - vals]))
            ax.barh(
                ys + off,
                vals,
                height=0.34,
                color=colour,
                label=label,
                xerr=err,
                error_kw={"ecolor": "#333333", "elinewidth": 0.8, "capsize": 2},
            )
        ax.set_yticks(ys)
        ax.set_yticklabels(
            [plain(_short(parameter_label(p.label, lang))) for p in params], fontsize=8
        )
        ax.set_xlim(0, max(1.0, ax.get_xlim()[1]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v, lang)))
        ax.set_xlabel(t("chart.sobol_axis", lang))
        fig.suptitle(t("chart.sobol_title", lang), x=0.01, ha="left", fontsize=10.5)
        ax.legend(loc="lower right", frameon=False, fontsize=8)
        ax.grid(axis="x", alpha=0.3)
    return fig


def _short(label: str, width: int = 42) -> str:
    """A label on at most two lines of ``width`` characters (shortened with … beyond)."""
    lines = textwrap.wrap(label, width)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- output

#: ``sekalk plot --kind`` -> function of (result, lang, perspective).
PLOT_KINDS: dict[str, Callable[..., Figure]] = {
    "npv": lambda r, lang, perspective: plot_npv(r, lang=lang, perspective=perspective),
    "scurve": lambda r, lang, perspective: plot_scurve(r, lang=lang, perspective=perspective),
    "cashflow": lambda r, lang, perspective: plot_cashflow(r, lang=lang, perspective=perspective),
    "actors": lambda r, lang, perspective: plot_actors(r, lang=lang),
    "logic": lambda r, lang, perspective: plot_logic(r, lang=lang),
}
FORMATS = {".png": "png", ".svg": "svg"}
_SVG_META = {"Date": None, "Creator": "sekalk"}


def save_figure(fig: Figure, path: str | os.PathLike) -> None:
    """Write ``fig`` atomically as PNG or SVG, the format taken from the file suffix."""
    matplotlib = _matplotlib()
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: expected a file name ending in .png or .svg")
    fmt = FORMATS[suffix]
    metadata = _SVG_META if fmt == "svg" else {"Software": "sekalk"}

    def write(tmp: Path) -> None:
        with matplotlib.rc_context(RC):
            fig.savefig(tmp, format=fmt, dpi=150, metadata=metadata)

    write_atomic(path, write)


_ID = re.compile(r'\bid="([^"]+)"')


def figure_svg(fig: Figure, *, prefix: str, title: str | None = None) -> str:
    """The figure as an SVG element for inline HTML.

    The XML prolog, doctype and metadata are dropped, every id is prefixed with ``prefix`` (so
    several figures can share one page) and the fixed width/height are replaced by CSS sizing.
    ``title`` becomes the accessible name (escaped).
    """
    matplotlib = _matplotlib()
    from html import escape

    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata=_SVG_META)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    label = f' role="img" aria-label="{escape(title, quote=True)}"' if title else ""
    return svg.replace("<svg", f'<svg class="chart"{label}', 1).strip()
