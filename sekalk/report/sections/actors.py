"""Who pays and who gains: costs, avoided costs and net per actor, chart and table."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_money, fmt_pct, perspective_name, t
from sekalk.report.pages.common import nb
from sekalk.report.sections import ReportContext, Section
from sekalk.summaries import Interval


def actor_rows(ctx: ReportContext) -> list[dict[str, Any]]:
    """Costs, avoided costs and net per perspective as 'median (P5 to P95)'."""
    lang, cur = ctx.lang, ctx.currency

    def cell(iv: Interval) -> dict[str, str | None]:
        lo, hi = nb(fmt_money(iv.p05, lang, cur)), nb(fmt_money(iv.p95, lang, cur))
        return {
            "median": nb(fmt_money(iv.p50, lang, cur)),
            "range": None if lo == hi else t("report.range", lang, lo=lo, hi=hi),
        }

    return [
        {
            "name": perspective_name(a.perspective, lang),
            "costs": cell(a.costs),
            "avoided": cell(a.avoided),
            "net": cell(a.net),
            "prob": nb(fmt_pct(a.prob_gain, lang)),
            "total": a.is_total,
        }
        for a in ctx.summary.actors
    ]


def build(ctx: ReportContext) -> dict[str, Any]:
    return {
        "chart": Markup(svgcharts.actors_chart(ctx.result, lang=ctx.lang)),
        "rows": actor_rows(ctx),
    }


SECTION = Section(
    id="actors",
    title="report.sec_actors",
    template="sections/actors.html.j2",
    order=70,
    build=build,
    texts=("actors_intro", "col_perspective", "col_costs", "col_avoided", "col_net", "col_prob"),
)
