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
    """The Monte Carlo error beside the width of the 90 % interval: the standard error of the
    mean, the error of P(NPV > 0) and the 95 % confidence interval of the median."""
    s = result.stats("npv")
    cur = result.scenario.settings.currency
    width = (s["p95"] or 0.0) - (s["p05"] or 0.0)
    mcse = s["mcse_mean"]
    ratio = mcse / width if mcse is not None and width > 0 else math.nan
    prob = result.prob_npv_positive()
    mcse_prob = math.sqrt(max(prob * (1 - prob), 0.0) / result.settings.draws)
    lo, hi = s["p50_ci"]
    ci_ratio = (hi - lo) / 2.0 / width if width > 0 and math.isfinite(hi - lo) else math.nan
    return " ".join(
        [
            t(
                "run.mc_error",
                lang,
                mcse=fmt_money(mcse, lang, cur),
                ratio=fmt_pct(ratio, lang, 2),
                mcse_prob=fmt_pct(mcse_prob, lang, 2),
            ),
            t(
                "run.mc_error_median",
                lang,
                lo=fmt_money(lo, lang, cur),
                hi=fmt_money(hi, lang, cur),
                ratio=fmt_pct(ci_ratio, lang, 2),
            ),
        ]
    )


def precision_line(result: Result, lang: str) -> str | None:
    """What a precision run reached (``None`` for a run with a fixed number of draws)."""
    reached = result.settings.precision
    if reached is None:
        return None
    return t(
        "run.precision_met" if reached.met else "run.precision_not_met",
        lang,
        draws=fmt_number(result.settings.draws, lang),
        prob=fmt_pct(reached.prob_half_width, lang, 2),
        median=fmt_pct(reached.median_half_width, lang, 2),
        target_prob=fmt_pct(reached.target.prob, lang, 2),
        target_median=fmt_pct(reached.target.median, lang, 2),
    )


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
        t("run.assumptions_title", lang),
        assumptions_table(result, lang),
        "",
        mc_error_line(result, lang),
        *filter(None, [precision_line(result, lang)]),
        t("run.disclaimer", lang),
    ]
    return "\n".join(parts)
