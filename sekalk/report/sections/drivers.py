"""What carries the result: the assumptions with the largest rank correlation with the
society NPV and (with a sensitivity result) the tornado and Sobol' charts, EVPI and notes."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_money, fmt_number, t
from sekalk.report.labels import parameter_label, sensitivity_notes
from sekalk.report.pages.common import nb
from sekalk.report.sections import ReportContext, Section

#: How many drivers the report lists.
TOP = 10


def driver_rows(ctx: ReportContext, top: int = TOP) -> list[dict[str, Any]]:
    """The ``top`` uncertain parameters with the largest |Spearman rho| with the society NPV."""

    lang = ctx.lang
    params = ctx.result.scenario.parameters

    def direction(d: Any) -> str:
        if d.via_correlation_only:
            others = "; ".join(parameter_label(params[o], lang) for o in d.correlated_with)
            return t("report.rho_via_correlation", lang, others=others)
        return t("report.rho_up" if d.rho >= 0 else "report.rho_down", lang)

    return [
        {
            "label": parameter_label(params[d.id], lang),
            "rho": nb(fmt_number(d.rho, lang, 2)),
            "width": f"{abs(d.rho) * 100:.0f}",
            "positive": d.rho >= 0,
            "direction": direction(d),
            "via_correlation_only": d.via_correlation_only,
        }
        for d in ctx.summary.drivers[:top]
    ]


def sensitivity_parts(ctx: ReportContext) -> dict[str, Any] | None:
    """Tornado and Sobol' charts, EVPI and the notes of a sensitivity result (None: none)."""
    sens, lang, cur = ctx.sensitivity, ctx.lang, ctx.currency
    if sens is None:
        return None
    sc = ctx.result.scenario
    return {
        "tornado": Markup(svgcharts.tornado_chart(sens, lang=lang, currency=cur, scenario=sc))
        if any(getattr(p, "tornado", None) for p in sens.parameters)
        else None,
        "sobol": Markup(svgcharts.sobol_chart(sens, lang=lang))
        if any(getattr(p, "sobol", None) for p in sens.parameters)
        else None,
        "evpi": nb(fmt_money(float(sens.evpi), lang, cur))
        if getattr(sens, "evpi", None) is not None
        else None,
        "notes": sensitivity_notes(sens, lang),
    }


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"rows": driver_rows(ctx), "sens": sensitivity_parts(ctx)}


SECTION = Section(
    id="drivers",
    title="report.sec_drivers",
    template="sections/drivers.html.j2",
    order=50,
    build=build,
    texts=("drivers_intro", "col_driver", "col_rho", "drivers_sens_intro", "evpi", "sens_notes"),
)
