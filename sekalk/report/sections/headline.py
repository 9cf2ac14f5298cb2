"""The headline: the society NPV's 90 % interval, P(gain), break-even, the evaluator's
changes, the NPV chart and the table of perspectives."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.report.pages import common
from sekalk.report.pages.common import NBSP, nb
from sekalk.report.pages.figures import breakeven_cells, headline_sentences, perspective_rows
from sekalk.report.sections import ReportContext, Section
from sekalk.report.text import negative_avoided_text
from sekalk.text.numbers import with_plus


def levels_headline(ctx: ReportContext, perspective: str = "society") -> str:
    """'The figures refer to the total: ... The funded project alone: median X, P(gain) Y.'"""
    s, lang, cur = ctx.summary, ctx.lang, ctx.currency
    happens = [
        t(f"report.levels_part_{lv}", lang, prob=nb(fmt_pct(s.prob_occurs(lv), lang)))
        for lv in s.result.levels[1:]
    ]
    project = s.stats("npv", perspective, "project")
    return t(
        "report.levels_headline",
        lang,
        parts=t("report.and", lang).join(happens),
        median=nb(fmt_money(project.p50, lang, cur)),
        prob=nb(fmt_pct(float(s.metric("prob_npv_positive", perspective, "project")), lang)),
    )


def delta_rows(ctx: ReportContext) -> list[dict[str, str]]:
    """Mean NPV, median NPV and P(NPV > 0) of the applicant's scenario (``base``) and with the
    evaluator's changes (``result``), and the change (common random numbers)."""
    from sekalk.comparison import headline_deltas
    from sekalk.summaries import summarize

    lang, cur = ctx.lang, ctx.currency
    d = headline_deltas(ctx.result, ctx.base)
    new, old = ctx.summary.headline(), summarize(ctx.base).headline()

    def signed(text: str, x: float) -> str:
        return nb(with_plus(text, x))

    mean_r, mean_b = new.npv.mean, old.npv.mean
    med_r, med_b = new.npv.p50, old.npv.p50
    return [
        {
            "name": t("report.delta_mean", lang),
            "base": nb(fmt_money(mean_b, lang, cur)),
            "new": nb(fmt_money(mean_r, lang, cur)),
            "change": signed(fmt_money(d["npv_mean"], lang, cur), d["npv_mean"])
            + NBSP
            + t("report.delta_mcse", lang, mcse=nb(fmt_money(d["npv_mean_mcse"], lang, cur))),
        },
        {
            "name": t("report.delta_median", lang),
            "base": nb(fmt_money(med_b, lang, cur)),
            "new": nb(fmt_money(med_r, lang, cur)),
            "change": signed(fmt_money(med_r - med_b, lang, cur), med_r - med_b),
        },
        {
            "name": t("report.delta_prob", lang),
            "base": nb(fmt_pct(old.prob_gain, lang)),
            "new": nb(fmt_pct(new.prob_gain, lang)),
            "change": signed(
                t("report.pp", lang, n=fmt_number(100.0 * d["prob_npv_positive"], lang, 1)),
                d["prob_npv_positive"],
            ),
        },
    ]


def build(ctx: ReportContext) -> dict[str, Any]:
    s, lang = ctx.summary, ctx.lang
    sentences = headline_sentences(s, lang)
    be = ctx.shared("breakeven", lambda: breakeven_cells(s, lang))
    society = perspective_name("society", lang)
    return {
        "interval": sentences["interval"],
        "prob": sentences["prob"],
        "breakeven": t("report.breakeven", lang, **be)
        if be
        else t("run.breakeven_undefined", lang),
        "avoided_negative": negative_avoided_text(
            s.breakeven.negative_share, s.breakeven.avoided.p50, lang
        ),
        "levels": levels_headline(ctx) if s.has_levels else None,
        "overrides": common.override_rows(ctx.result, lang),
        "overlays": common.overlay_rows(ctx.result.scenario, lang),
        "deltas": delta_rows(ctx) if ctx.base is not None else None,
        "chart": Markup(
            svgcharts.npv_chart(
                ctx.result.npv("society"), lang=lang, currency=ctx.currency, persp=society
            )
        ),
        "perspectives": perspective_rows(s, lang),
    }


SECTION = Section(
    id="headline",
    title="report.sec_headline",
    template="sections/headline.html.j2",
    order=10,
    build=build,
    texts=(
        "sec_levels",
        "overrides_intro",
        "col_assumption",
        "col_original",
        "col_new",
        "col_origin",
        "override_evidence",
        "override_source",
        "deltas_intro",
        "col_figure",
        "col_base",
        "col_changed",
        "col_change",
        "deltas_mcse_note",
        "npv_caption",
        "table_caption",
        "col_perspective",
        "col_p05",
        "col_p50",
        "col_p95",
        "col_prob",
        "col_bcr",
        "disclaimer",
    ),
)
