"""The levels: the funded project, continuation and spread on their own lines, and the NPV
without and with each of them (only for a scenario with continuation or spread)."""

from __future__ import annotations

from typing import Any

from sekalk.report.i18n import fmt_money, fmt_pct, t
from sekalk.report.pages.common import nb
from sekalk.report.sections import ReportContext, Section
from sekalk.summaries import Stats


def _cells(stats: Stats, prob: float, lang: str, cur: str) -> dict[str, str]:
    return {
        "p05": nb(fmt_money(stats.p05, lang, cur)),
        "p50": nb(fmt_money(stats.p50, lang, cur)),
        "p95": nb(fmt_money(stats.p95, lang, cur)),
        "prob": nb(fmt_pct(prob, lang)),
    }


def level_rows(ctx: ReportContext, perspective: str = "society") -> list[dict[str, Any]]:
    """Each level on its own line: how often it happens, its NPV if it happens, and its
    probability-weighted contribution (the mean of its realised NPV) to the total."""
    lang, cur = ctx.lang, ctx.currency
    rows = []
    for lv in ctx.summary.levels((perspective,)):
        lp = lv.perspectives[perspective]
        realised = lp.metrics["npv"]
        assert isinstance(realised, Stats)
        if lp.npv_if_occurs is not None:  # continuation, spread: as if it happened
            assert lp.prob_npv_positive_if_occurs is not None
            cells = _cells(lp.npv_if_occurs, lp.prob_npv_positive_if_occurs, lang, cur)
        else:
            cells = _cells(realised, float(lp.metrics["prob_npv_positive"]), lang, cur)
        rows.append(
            {
                "name": t(f"level.{lv.level}", lang),
                "occurs": ""
                if lv.level == "total"
                else nb(fmt_pct(1.0 if lv.prob_occurs is None else lv.prob_occurs, lang)),
                **cells,
                "expected": nb(fmt_money(realised.mean, lang, cur)),
                "total": lv.level == "total",
            }
        )
    return rows


def level_case_rows(ctx: ReportContext, perspective: str = "society") -> list[dict[str, Any]]:
    """The NPV without continuation and spread, with each of them, and the weighted total."""
    lang, cur, s = ctx.lang, ctx.currency, ctx.summary
    cases = [
        (
            "project",
            s.stats("npv", perspective, "project"),
            s.metric("prob_npv_positive", perspective, "project"),
        )
    ]
    for lv in s.result.levels[1:]:
        lp = s.level(lv, (perspective,)).perspectives[perspective]
        assert lp.npv_project_plus_if_occurs is not None
        cases.append(
            (lv, lp.npv_project_plus_if_occurs, lp.prob_npv_positive_project_plus_if_occurs)
        )
    cases.append(("total", s.stats("npv", perspective), s.metric("prob_npv_positive", perspective)))
    return [
        {
            "name": t(f"report.levels_case_{name}", lang),
            **_cells(stats, float(prob), lang, cur),
            "total": name == "total",
        }
        for name, stats, prob in cases
    ]


def build(ctx: ReportContext) -> dict[str, Any] | None:
    if not ctx.summary.has_levels:
        return None
    return {"each": level_rows(ctx), "cases": level_case_rows(ctx)}


SECTION = Section(
    id="levels",
    title="report.sec_levels",
    template="sections/levels.html.j2",
    order=20,
    build=build,
    texts=(
        "levels_intro",
        "levels_each_caption",
        "col_level",
        "col_occurs",
        "col_p05",
        "col_p50",
        "col_p95",
        "col_prob",
        "col_expected",
        "levels_each_note",
        "levels_cases_caption",
        "col_case",
    ),
)
