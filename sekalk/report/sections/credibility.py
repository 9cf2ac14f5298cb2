"""The credibility map: how much of the NPV uncertainty each assumption carries against how
well it is grounded, and the assumptions flagged critical."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_pct, perspective_name, t
from sekalk.report.labels import parameter_label
from sekalk.report.pages.common import nb
from sekalk.report.sections import ReportContext, Section


def build(ctx: ReportContext) -> dict[str, Any]:
    """The map as inline SVG and the assumptions flagged critical.

    With a sensitivity result that ran Sobol', the shares are its total-order indices;
    otherwise the squared rank correlations of the result, normalised to sum 1.
    """
    from sekalk.credibility import credibility_map, sobol_shares

    lang, sensitivity = ctx.lang, ctx.sensitivity
    shares = sobol_shares(sensitivity) if sensitivity is not None else None
    cmap = credibility_map(ctx.result, lang=lang, shares=shares)
    thr = nb(fmt_pct(cmap.threshold, lang))
    n = len(cmap.critical)
    labels = {e.id: parameter_label(e.label, lang) for e in cmap.entries}
    return {
        "via_correlation": [
            t(
                "report.cred_via_correlation",
                lang,
                label=labels[e.id],
                others="; ".join(labels.get(o, o) for o in e.influence.correlated_with),
            )
            for e in cmap.entries
            if e.via_correlation_only
        ],
        "svg": Markup(
            svgcharts.credibility_chart(
                cmap,
                lang=lang,
                title=t("cred.title", lang, persp=perspective_name("society", lang)),
            )
        ),
        "critical": [
            {
                "label": labels[e.id],
                "evidence": e.evidence,
                "evidence_text": t(f"evidence.{e.evidence}", lang),
                "share": nb(fmt_pct(e.share, lang, 1)),
                "source": e.source,
            }
            for e in cmap.critical
        ],
        "summary": t("cred.n_critical", lang, n=n, thr=thr)
        if n
        else t("cred.none_critical", lang, thr=thr),
        "measure": t("report.cred_measure_sobol" if shares else "cred.measure", lang),
    }


SECTION = Section(
    id="credibility",
    title="report.sec_credibility",
    template="sections/credibility.html.j2",
    order=60,
    build=build,
    texts=(
        "credibility_intro",
        "critical_title",
        "col_assumption",
        "col_evidence",
        "col_share",
        "col_source",
    ),
)
