"""The assumptions: every parameter with its value or median and 90 % interval, its
distribution, evidence grade, source and note."""

from __future__ import annotations

from typing import Any

from sekalk.report import plots
from sekalk.report.describe import describe_distribution
from sekalk.report.i18n import t
from sekalk.report.labels import distribution_note, parameter_label
from sekalk.report.pages.common import nb
from sekalk.report.sections import ReportContext, Section

EVIDENCE_GRADES = ("research", "experience", "assumption", "none")


def assumption_rows(ctx: ReportContext) -> list[dict[str, Any]]:
    """Every parameter but the unstated neutral defaults, formatted."""
    lang, cur = ctx.lang, ctx.currency
    params = ctx.result.scenario.parameters
    rows = []
    for a in ctx.summary.assumptions:
        if a.unstated_default:
            continue
        param = params[a.id]
        if a.fixed:
            value = nb(plots.fmt_value(a.p50, a.attribute, lang, cur))
        else:
            value = t(
                "chart.median_interval",
                lang,
                median=nb(plots.fmt_value(a.p50, a.attribute, lang, cur)),
                lo=nb(plots.fmt_value(a.p05, a.attribute, lang, cur)),
                hi=nb(plots.fmt_value(a.p95, a.attribute, lang, cur)),
            )
        rows.append(
            {
                "id": a.id,
                "label": parameter_label(param, lang),
                "value": value,
                "distribution": None
                if a.fixed
                else describe_distribution(param.distribution, lang),
                "evidence": a.evidence or "none",
                "evidence_text": t(f"evidence.{a.evidence or 'none'}", lang),
                "source": a.source,
                "note": distribution_note(param.distribution, lang),
            }
        )
    return rows


def build(ctx: ReportContext) -> dict[str, Any]:
    return {
        "rows": assumption_rows(ctx),
        "has_defaults": any(a.unstated_default for a in ctx.summary.assumptions),
        "evidence_grades": [(g, t(f"evidence.{g}", ctx.lang)) for g in EVIDENCE_GRADES],
    }


SECTION = Section(
    id="assumptions",
    title="report.sec_assumptions",
    template="sections/assumptions.html.j2",
    order=40,
    build=build,
    texts=(
        "assumptions_intro",
        "evidence_legend",
        "col_assumption",
        "col_value",
        "col_evidence",
        "col_source",
        "distribution",
        "note",
        "defaults_note",
    ),
)
