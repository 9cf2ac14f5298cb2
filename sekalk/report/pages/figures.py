"""Formatted cells of a summary that more than one page (or section) shows."""

from __future__ import annotations

from typing import Any

from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.report.metric_format import Column
from sekalk.report.pages.common import nb
from sekalk.summaries import Summary


def headline_sentences(summary: Summary, lang: str) -> dict[str, str]:
    """'90 % interval ... median ...' and 'probability of a gain ... of a loss ...' (society)."""
    cur = summary.provenance.currency
    h = summary.headline("society")
    return {
        "interval": t(
            "report.headline_interval",
            lang,
            persp=perspective_name(h.perspective, lang),
            lo=nb(fmt_money(h.npv.p05, lang, cur)),
            hi=nb(fmt_money(h.npv.p95, lang, cur)),
            median=nb(fmt_money(h.npv.p50, lang, cur)),
        ),
        "prob": t(
            "report.headline_prob",
            lang,
            gain=nb(fmt_pct(h.prob_gain, lang)),
            loss=nb(fmt_pct(h.prob_loss, lang)),
        ),
    }


#: The columns of the HTML table of perspectives (after the perspective's name): the
#: template's ``p05``, ``p50``, ``p95``, ``prob`` and ``bcr``.
PERSPECTIVE_COLUMNS = {
    "p05": Column("npv", "p05", "report.col_p05"),
    "p50": Column("npv", "p50", "report.col_p50"),
    "p95": Column("npv", "p95", "report.col_p95"),
    "prob": Column("prob_npv_positive", None, "report.col_prob"),
    "bcr": Column("bcr", "p50", "report.col_bcr"),
}


def perspective_rows(summary: Summary, lang: str) -> list[dict[str, Any]]:
    """NPV P5/median/P95, P(NPV>0) and median BCR per perspective, formatted."""
    return [
        {
            "name": perspective_name(p, lang),
            **{k: nb(c.cell(summary, p, lang)) for k, c in PERSPECTIVE_COLUMNS.items()},
            "total": p in ("society", "public_sector"),
        }
        for p in summary.perspectives
    ]


def breakeven_cells(summary: Summary, lang: str) -> dict[str, str] | None:
    """Avoided outcomes needed for NPV = 0 beside what the assumptions give (None: undefined)."""
    be = summary.breakeven
    if not be.defined:
        return None
    return {
        "needed": nb(fmt_number(be.needed.p50, lang, 1)),
        "needed_lo": nb(fmt_number(be.needed.p05, lang, 1)),
        "needed_hi": nb(fmt_number(be.needed.p95, lang, 1)),
        "participants": nb(fmt_number(be.participants.p50, lang, 0)),
        "expected": nb(fmt_number(be.avoided.p50, lang, 1)),
        "expected_lo": nb(fmt_number(be.avoided.p05, lang, 1)),
        "expected_hi": nb(fmt_number(be.avoided.p95, lang, 1)),
        "prob_enough": nb(fmt_pct(be.prob_enough, lang)),
    }
