"""Over time: the cumulative discounted net flow (fan charts) and when the costs are paid
back, for society and the public sector."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_number, fmt_pct, perspective_name, t
from sekalk.report.pages.common import nb
from sekalk.report.sections import ReportContext, Section

#: The perspectives whose flow over time the report draws.
PERSPECTIVES = ("society", "public_sector")


def payback_text(ctx: ReportContext, perspective: str = "society") -> str | None:
    """'Probability that the costs are paid back within the horizon ...' (None: no payback).

    The probability is over all draws (as ``prob_within_horizon`` in the JSON summary and the
    cash-flow chart); where the perspective pays intervention costs in only some draws, or in
    none, the text says so instead of calling nothing paid back.
    """
    if ctx.result.payback_year is None:
        return None
    lang = ctx.lang
    pay = ctx.summary.stats("payback_year", perspective)
    horizon = ctx.summary.provenance.horizon_years
    persp = perspective_name(perspective, lang)
    bears = pay.get("prob_bears_cost")
    if bears == 0.0:
        return t("report.payback_no_cost", lang, persp=persp)
    prob = pay.get("prob_within_horizon")
    if prob < 0.01:  # too few draws for a typical year to mean anything
        text = t(
            "report.payback_rare", lang, horizon=horizon, persp=persp, prob=nb(fmt_pct(prob, lang))
        )
    else:
        text = t(
            "report.payback",
            lang,
            persp=persp,
            prob=nb(fmt_pct(prob, lang)),
            horizon=horizon,
            year=nb(fmt_number(pay.p50, lang, 0)),
        )
    if bears < 1.0:
        text += " " + t("report.payback_some_cost", lang, share=nb(fmt_pct(bears, lang)))
    return text


def build(ctx: ReportContext) -> dict[str, Any]:
    lang, charts = ctx.lang, []
    if ctx.result.cumulative_sample is not None:
        for p in PERSPECTIVES:
            if p in ctx.summary.perspectives:
                charts.append(
                    {
                        "svg": Markup(
                            svgcharts.cashflow_chart(ctx.result, perspective=p, lang=lang)
                        ),
                        "payback": payback_text(ctx, p),
                    }
                )
    return {"charts": charts}


SECTION = Section(
    id="time",
    title="report.sec_time",
    template="sections/time.html.j2",
    order=80,
    build=build,
    texts=("time_intro",),
)
