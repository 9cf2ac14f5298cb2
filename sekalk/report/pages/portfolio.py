"""The portfolio page: a fund's projects together, the total NPV, each project's share of
the risk, the split per actor and the budget check."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from markupsafe import Markup

from sekalk.outputs import write_text_atomic
from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, sampler_name, t, tn
from sekalk.report.pages.common import (
    CSP,
    check_language,
    environment,
    money_cells,
    nb,
    texts,
)

if TYPE_CHECKING:
    from sekalk.portfolio import PortfolioResult

PORTFOLIO_TEXTS = (
    "pf_sec_headline",
    "pf_levels_note",
    "pf_chart_caption",
    "pf_sec_projects",
    "pf_sec_actors",
    "pf_actors_intro",
    "pf_sec_budget",
    "col_project",
    "col_perspective",
    "col_mean",
    "col_p05",
    "col_p50",
    "col_p95",
    "col_prob",
    "col_risk_share",
    "sec_provenance",
    "prov_file",
    "prov_sha",
    "disclaimer",
)


def _distribution_row(name: str, x: np.ndarray, lang: str, cur: str) -> dict[str, Any]:
    return {
        "name": name,
        "mean": nb(fmt_money(float(np.mean(x)), lang, cur)),
        **money_cells(x, lang, cur),
    }


def portfolio_rows(pf: PortfolioResult, lang: str) -> list[dict[str, Any]]:
    """Per project and for the fund: NPV mean, P5, median, P95, P(NPV > 0), share of risk."""
    cur = pf.results[0].scenario.settings.currency
    npvs = pf.project_npvs()
    shares = pf.risk_shares()
    rows = []
    for i, (name, r) in enumerate(zip(pf.names, pf.results, strict=True)):
        rows.append(
            {
                **_distribution_row(r.scenario.title, npvs[:, i], lang, cur),
                "share": nb(fmt_pct(float(shares[name]), lang)),
                "file": Path(r.scenario.path).name if r.scenario.path else "–",
                "sha256": r.scenario.sha256 or "–",
                "total": False,
            }
        )
    rows.append(
        {
            **_distribution_row(t("report.pf_total", lang), npvs.sum(axis=1), lang, cur),
            "share": nb(fmt_pct(float(np.sum(shares)), lang)) if np.isfinite(shares).all() else "–",
            "total": True,
        }
    )
    return rows


def budget_text(pf: PortfolioResult, lang: str) -> str:
    """The budget check in words (or that no budget was given)."""
    cur = pf.results[0].scenario.settings.currency
    if pf.budget is None:
        return t("report.pf_no_budget", lang)
    cost = pf.costs.sum(axis=1)
    who = perspective_name(pf.budget_actor, lang) if pf.budget_actor else None
    return t(
        "portfolio.budget",
        lang,
        budget=nb(fmt_money(pf.budget, lang, cur)),
        mean=nb(fmt_money(float(cost.mean()), lang, cur)),
        p95=nb(fmt_money(float(np.quantile(cost, 0.95)), lang, cur)),
        prob=nb(fmt_pct(pf.prob_within_budget(), lang)),
        who=who or t("portfolio.all_payers", lang),
    )


def render_portfolio(pf: PortfolioResult, *, lang: str | None = None) -> str:
    """A fund's portfolio (:class:`sekalk.portfolio.PortfolioResult`) as one self-contained
    HTML page: the total NPV distribution and P(the fund breaks even), each project's share of
    the risk, the split per actor, the budget check and provenance.

    Parameters
    ----------
    pf
        The result of :func:`sekalk.portfolio.portfolio`.
    lang
        ``"sv"`` or ``"en"`` (default: the first scenario's language).

    Returns
    -------
    str
        The HTML page, identical for identical inputs.
    """
    from sekalk import __version__
    from sekalk.report.text import portfolio_streams

    first = pf.results[0].scenario.settings
    lang = check_language(lang or first.language)
    cur = first.currency
    st = pf.settings
    total = pf.total_npv()
    lo, med, hi = (
        nb(fmt_money(float(x), lang, cur)) for x in np.quantile(total, [0.05, 0.5, 0.95])
    )
    society = perspective_name("society", lang)
    unshared = [pid for pid in pf.common_ids if pid not in pf.shared]
    context = {
        "lang": lang,
        "csp": CSP,
        "txt": texts(lang, PORTFOLIO_TEXTS),
        "title": tn("portfolio.title", lang, len(pf.results)),
        "subtitle": t(
            "report.cmp_subtitle",
            lang,
            version=__version__,
            draws=nb(fmt_number(st.draws, lang)),
            seed=st.seed,
            sampler=sampler_name(st.sampler, lang),
        ),
        "headline": t("report.pf_headline", lang, lo=lo, hi=hi, median=med),
        "headline_prob": t(
            "report.pf_headline_prob", lang, prob=nb(fmt_pct(pf.prob_break_even(), lang))
        ),
        "has_levels": any(r.has_levels for r in pf.results),
        "chart": Markup(
            svgcharts.npv_chart(
                total,
                lang=lang,
                currency=cur,
                persp=society,
                title=t("report.pf_chart_title", lang),
            )
        ),
        "projects": portfolio_rows(pf, lang),
        "risk_note": t("portfolio.risk_note", lang),
        "streams": portfolio_streams(pf, lang, lambda x: nb(fmt_money(x, lang, cur))),
        "common_unshared": t("report.pf_common_unshared", lang, n=len(unshared)),
        "unshared_ids": unshared,
        "actors": [
            {
                **_distribution_row(perspective_name(p, lang), pf.total_npv(p), lang, cur),
                "total": p in ("society", "public_sector"),
            }
            for p in pf.perspectives
        ],
        "budget": budget_text(pf, lang),
        "provenance": [
            (t("report.prov_version", lang), __version__),
            (t("report.prov_draws", lang), nb(fmt_number(st.draws, lang))),
            (t("report.prov_seed", lang), str(st.seed)),
            (t("report.prov_sampler", lang), sampler_name(st.sampler, lang)),
        ],
    }
    return environment().get_template("portfolio.html.j2").render(**context)


def write_portfolio(
    pf: PortfolioResult, path: str | os.PathLike, *, lang: str | None = None
) -> None:
    """Render the portfolio report and write it to ``path`` atomically (UTF-8)."""
    write_text_atomic(path, render_portfolio(pf, lang=lang))
