"""What you have to believe: the break-even beside the assumptions, and (with a sensitivity
result) the one-way base case, the switching values or that no single assumption turns it."""

from __future__ import annotations

from typing import Any

import numpy as np

from sekalk.report import plots
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.report.labels import parameter_label
from sekalk.report.pages.common import nb
from sekalk.report.pages.figures import breakeven_cells
from sekalk.report.sections import ReportContext, Section


def _percentile_text(fraction: float | None, lang: str) -> str:
    """A cumulative probability as a percentile number: 0.8 -> '80', 0.004 -> '0,4'."""
    if fraction is None or not np.isfinite(fraction):
        return "–"
    pct = 100.0 * float(fraction)
    return fmt_number(pct, lang, 0 if 1.0 <= pct <= 99.0 else 1)


def _switching_value_text(param: Any, lang: str, scenario: Any) -> str:
    sv = param.switching_value
    attr = plots.attribute_of(param.id, scenario)
    cur = scenario.settings.currency
    pct = getattr(sv, "percentile", None)
    text = t(
        "report.switching_item",
        lang,
        label=parameter_label(param.label, lang),
        value=nb(plots.fmt_value(float(sv.value), attr, lang, cur)),
        pct=nb(_percentile_text(pct, lang)),
    )
    direction = getattr(sv, "direction", None)
    if direction in ("below", "above"):
        text += " " + t(f"report.switching_{direction}", lang)
    return text


def base_vs_simulated(sensitivity: Any, lang: str, currency: str) -> str | None:
    """The one-way results' base case beside the simulated median NPV, and why they differ
    (None for a sensitivity result without a simulation)."""
    median = getattr(sensitivity, "npv_median", None)
    if median is None:
        return None
    text = " ".join(
        [
            t(
                "report.base_vs_median",
                lang,
                persp=perspective_name(sensitivity.perspective, lang),
                base=nb(fmt_money(float(sensitivity.base_npv), lang, currency)),
                median=nb(fmt_money(float(median), lang, currency)),
            ),
            t("sens.why_differ", lang),
        ]
    )
    if sensitivity.base_disagrees_with_simulation:
        text += " " + t("sens.sign_differs", lang)
    return text


def believe_none_text(sensitivity: Any, lang: str) -> str:
    """ "No single assumption turns the result", qualified by the simulated probability of the
    other sign where that is material: a one-way statement is not robustness."""
    from sekalk.sensitivity_analysis import MATERIAL_PROBABILITY

    if getattr(sensitivity, "npv_median", None) is None:
        return t("report.believe_none", lang)
    positive = float(sensitivity.base_npv) > 0
    other = sensitivity.prob_other_sign(positive)
    if other is None or other < MATERIAL_PROBABILITY:
        return t("report.believe_none", lang)
    key = "report.believe_none_loss" if positive else "report.believe_none_gain"
    return t(key, lang, prob=nb(fmt_pct(other, lang)))


def switching_values(sensitivity: Any, lang: str, scenario: Any) -> list[str]:
    """One sentence per parameter whose switching value (NPV = 0) lies within its range."""
    return [
        _switching_value_text(p, lang, scenario)
        for p in sensitivity.parameters
        if getattr(p, "switching_value", None) is not None
        and getattr(p.switching_value, "value", None) is not None
    ]


def build(ctx: ReportContext) -> dict[str, Any]:
    lang, sens = ctx.lang, ctx.sensitivity
    be = ctx.shared("breakeven", lambda: breakeven_cells(ctx.summary, lang))
    out: dict[str, Any] = {
        "breakeven": t("report.believe_breakeven", lang, **be)
        if be
        else t("run.breakeven_undefined", lang),
        "sens": None,
    }
    if sens is not None:
        out["sens"] = {
            "base": base_vs_simulated(sens, lang, ctx.currency),
            "switching": switching_values(sens, lang, ctx.result.scenario),
            "believe_none": believe_none_text(sens, lang),
        }
    return out


SECTION = Section(
    id="believe",
    title="report.sec_believe",
    template="sections/believe.html.j2",
    order=30,
    build=build,
    texts=("believe_switching_intro", "believe_no_sensitivity"),
)
