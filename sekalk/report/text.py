"""Terminal output of ``sekalk run``: the uncertainty first, then tables, in the scenario's language."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.result import Result


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """A plain-text table; ``align`` has one of ``l``/``r`` per column (default: first left)."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).ljust(w) if a == "l" else str(c).rjust(w)
            for c, w, a in zip(cells, widths, align, strict=False)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def headline(result: Result, lang: str, perspective: str = "society") -> str:
    """'90 % interval of the NPV: lo to hi; probability of a gain: p'."""
    stats = result.stats("npv", perspective)
    cur = result.scenario.settings.currency
    return t(
        "run.headline",
        lang,
        persp=perspective_name(perspective, lang),
        lo=fmt_money(stats["p05"], lang, cur),
        hi=fmt_money(stats["p95"], lang, cur),
        prob=fmt_pct(result.prob_npv_positive(perspective), lang),
    )


def breakeven_sentence(result: Result, lang: str) -> str:
    """'Breaks even if N of P participants avoid the outcome; expected: E.'"""
    needed = result.successes_needed
    if not np.isfinite(needed).any():
        return t("run.breakeven_undefined", lang)
    return t(
        "run.breakeven",
        lang,
        needed=fmt_number(float(np.nanmedian(needed)), lang, 1),
        participants=fmt_number(float(np.median(result.participants)), lang, 0),
        expected=fmt_number(float(np.mean(result.avoided_outcomes)), lang, 1),
    )


def perspective_table(result: Result, lang: str) -> str:
    """Mean, P5, median, P95 of the NPV, P(NPV>0) and the median BCR per perspective."""
    cur = result.scenario.settings.currency
    headers = [
        t(f"col.{k}", lang) for k in ("perspective", "mean", "p05", "p50", "p95", "prob", "bcr")
    ]
    rows = []
    for p in result.perspectives:
        s = result.stats("npv", p)
        bcr = result.stats("bcr", p)["p50"]
        rows.append(
            [
                perspective_name(p, lang),
                fmt_money(s["mean"], lang, cur),
                fmt_money(s["p05"], lang, cur),
                fmt_money(s["p50"], lang, cur),
                fmt_money(s["p95"], lang, cur),
                fmt_pct(result.prob_npv_positive(p), lang),
                fmt_number(bcr, lang, 2),
            ]
        )
    return table(headers, rows)


def assumptions_table(result: Result, lang: str, *, max_source: int = 60) -> str:
    """Every parameter: label, value or distribution, evidence grade and source."""
    headers = [t(f"col.{k}", lang) for k in ("assumption", "value", "evidence", "source")]
    rows = []
    for a in result.assumptions(lang):
        evidence = t(f"evidence.{a['evidence']}" if a["evidence"] else "evidence.none", lang)
        source = a["source"] or "–"
        if len(source) > max_source:
            source = source[: max_source - 1] + "…"
        rows.append([a["label"], a["distribution"], evidence, source])
    return table(headers, rows, align="llll")


def mc_error_line(result: Result, lang: str) -> str:
    """The Monte Carlo error beside the width of the 90 % interval."""
    s = result.stats("npv")
    width = (s["p95"] or 0.0) - (s["p05"] or 0.0)
    mcse = s["mcse_mean"]
    ratio = mcse / width if mcse is not None and width > 0 else math.nan
    prob = result.prob_npv_positive()
    mcse_prob = math.sqrt(max(prob * (1 - prob), 0.0) / result.settings.draws)
    return t(
        "run.mc_error",
        lang,
        mcse=fmt_money(mcse, lang, result.scenario.settings.currency),
        ratio=fmt_pct(ratio, lang, 2),
        mcse_prob=fmt_pct(mcse_prob, lang, 2),
    )


def levels_section(result: Result, lang: str, perspective: str = "society") -> str:
    """The funded project, continuation and spread on separate lines, then the total.

    Continuation and spread show their realised contribution (0 in the draws where they do not
    happen) and how often they happen; below, the NPV with and without each of them.
    """
    cur = result.scenario.settings.currency
    headers = [
        t(f"col.{k}", lang) for k in ("level", "occurs", "mean", "p05", "p50", "p95", "prob")
    ]
    rows = []
    for level in (*result.levels, "total"):
        s = result.stats("npv", perspective, level)
        occurs = result.prob_occurs(level) if level != "total" else None
        rows.append(
            [
                t(f"level.{level}", lang),
                fmt_pct(occurs, lang) if level not in ("project", "total") else "",
                fmt_money(s["mean"], lang, cur),
                fmt_money(s["p05"], lang, cur),
                fmt_money(s["p50"], lang, cur),
                fmt_money(s["p95"], lang, cur),
                fmt_pct(result.prob_npv_positive(perspective, level), lang),
            ]
        )
    lines = [
        t("levels.title", lang, persp=perspective_name(perspective, lang)),
        table(headers, rows),
    ]
    project = result.npv(perspective, "project")
    for level in result.levels[1:]:
        with_level = result.npv_with(level, perspective)
        lines.append(
            t(
                f"levels.with_{level}",
                lang,
                with_median=fmt_money(float(np.median(with_level)), lang, cur),
                with_prob=fmt_pct(float(np.mean(with_level > 0)), lang),
                without_median=fmt_money(float(np.median(project)), lang, cur),
                without_prob=fmt_pct(float(np.mean(project > 0)), lang),
            )
        )
    lines.append(t("levels.headline_note", lang))
    return "\n".join(lines)


def render_run(result: Result, lang: str | None = None) -> str:
    """The whole terminal report of ``sekalk run``."""
    lang = lang or result.scenario.settings.language
    st = result.settings
    parts = [
        result.scenario.title,
        t("run.settings", lang, draws=fmt_number(st.draws, lang), seed=st.seed, sampler=st.sampler),
        "",
        headline(result, lang),
        breakeven_sentence(result, lang),
        "",
        t("run.table_title", lang),
        perspective_table(result, lang),
        "",
        *([levels_section(result, lang), ""] if result.has_levels else []),
        t("run.assumptions_title", lang),
        assumptions_table(result, lang),
        "",
        mc_error_line(result, lang),
        t("run.disclaimer", lang),
    ]
    return "\n".join(parts)


def render_portfolio(result, lang: str = "sv") -> str:
    """The terminal report of ``sekalk portfolio``: projects, the fund's total, actors, budget."""
    first = result.results[0].scenario.settings
    cur = first.currency
    total = result.total_npv()
    st = result.settings
    headers = [t(f"col.{k}", lang) for k in ("project", "mean", "p05", "p95", "prob", "risk_share")]
    shares = result.risk_shares()
    rows = []
    for i, (name, r) in enumerate(zip(result.names, result.results, strict=True)):
        s = r.stats("npv")
        rows.append(
            [
                name,
                fmt_money(s["mean"], lang, cur),
                fmt_money(s["p05"], lang, cur),
                fmt_money(s["p95"], lang, cur),
                fmt_pct(r.prob_npv_positive(), lang),
                fmt_pct(float(shares[i]), lang),
            ]
        )
    q05, q95 = np.quantile(total, [0.05, 0.95])
    rows.append(
        [
            t("level.total", lang),
            fmt_money(float(total.mean()), lang, cur),
            fmt_money(float(q05), lang, cur),
            fmt_money(float(q95), lang, cur),
            fmt_pct(result.prob_break_even(), lang),
            fmt_pct(1.0 if np.isfinite(shares).all() else None, lang),
        ]
    )
    actor_rows = []
    for p in result.perspectives:
        tot = result.total_npv(p)
        a05, a95 = np.quantile(tot, [0.05, 0.95])
        actor_rows.append(
            [
                perspective_name(p, lang),
                fmt_money(float(tot.mean()), lang, cur),
                fmt_money(float(a05), lang, cur),
                fmt_money(float(a95), lang, cur),
                fmt_pct(metrics_prob(tot), lang),
            ]
        )
    parts = [
        t("portfolio.title", lang, k=len(result.results)),
        t("run.settings", lang, draws=fmt_number(st.draws, lang), seed=st.seed, sampler=st.sampler),
        "",
        t(
            "portfolio.headline",
            lang,
            lo=fmt_money(float(q05), lang, cur),
            hi=fmt_money(float(q95), lang, cur),
            prob=fmt_pct(result.prob_break_even(), lang),
        ),
        "",
        table(headers, rows),
        t("portfolio.risk_note", lang),
        "",
        t("portfolio.actors_title", lang),
        table(
            [t(f"col.{k}", lang) for k in ("perspective", "mean", "p05", "p95", "prob")],
            actor_rows,
        ),
        "",
    ]
    if result.budget is not None:
        cost = result.costs.sum(axis=1)
        who = perspective_name(result.budget_actor, lang) if result.budget_actor else None
        parts.append(
            t(
                "portfolio.budget",
                lang,
                budget=fmt_money(result.budget, lang, cur),
                mean=fmt_money(float(cost.mean()), lang, cur),
                p95=fmt_money(float(np.quantile(cost, 0.95)), lang, cur),
                prob=fmt_pct(result.prob_within_budget(), lang),
                who=who or t("portfolio.all_payers", lang),
            )
        )
    if result.independent:
        parts.append(t("portfolio.independent", lang))
    elif result.shared_ids:
        parts.append(t("portfolio.shared", lang, ids=", ".join(result.shared_ids)))
    else:
        parts.append(t("portfolio.none_shared", lang))
    return "\n".join(parts)


def metrics_prob(x: np.ndarray) -> float:
    """Share of draws above 0 [fraction]."""
    from sekalk.metrics import prob_positive

    return prob_positive(x)


def render_update(learned, before: Result, after: Result, output: str, lang: str) -> str:
    """The terminal report of ``sekalk update``: prior beside posterior, and the headline."""
    from sekalk.result import parameter_label
    from sekalk.update import interval90

    params = before.scenario.parameters
    headers = [
        t(f"col.{k}", lang)
        for k in ("assumption", "prior_mean", "prior_90", "observed", "post_mean", "post_90")
    ]
    rows = []
    notes = []
    for x in learned:
        lo, hi = interval90(x.prior)
        plo, phi = interval90(x.posterior)
        label = parameter_label(params[x.id], lang)
        rows.append(
            [
                label,
                fmt_pct(x.prior.mean, lang, 1),
                f"{fmt_pct(lo, lang, 1)} – {fmt_pct(hi, lang, 1)}",
                f"{x.observation.successes}/{x.observation.trials}",
                fmt_pct(x.posterior.mean, lang, 1),
                f"{fmt_pct(plo, lang, 1)} – {fmt_pct(phi, lang, 1)}",
            ]
        )
        if x.approximated:
            notes.append(
                t(
                    "update.approximated",
                    lang,
                    label=label,
                    prior=x.prior.describe(),
                    alpha=fmt_number(x.prior_alpha, lang, 2),
                    beta=fmt_number(x.prior_beta, lang, 2),
                )
            )
    cur = before.scenario.settings.currency
    b, a = before.stats("npv"), after.stats("npv")
    return "\n".join(
        [
            t("update.title", lang, title=before.scenario.title),
            "",
            table(headers, rows, align="lrrrrr"),
            *notes,
            "",
            t(
                "update.headline",
                lang,
                prob_before=fmt_pct(before.prob_npv_positive(), lang),
                prob_after=fmt_pct(after.prob_npv_positive(), lang),
                median_before=fmt_money(b["p50"], lang, cur),
                median_after=fmt_money(a["p50"], lang, cur),
                draws=fmt_number(before.settings.draws, lang),
                seed=before.settings.seed,
            ),
            t("update.written", lang, file=output),
        ]
    )
