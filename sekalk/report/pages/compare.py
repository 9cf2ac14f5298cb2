"""The comparison page: several scenarios side by side on common random numbers."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from markupsafe import Markup

from sekalk.outputs import write_text_atomic
from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, sampler_name, t
from sekalk.report.pages.common import (
    CSP,
    check_language,
    environment,
    nb,
    overlay_rows,
    override_rows,
    texts,
)
from sekalk.report.text import negative_avoided_text, valuation_sentences
from sekalk.summaries import summarize

COMPARISON_TEXTS = (
    "cmp_doc_title",
    "cmp_intro",
    "cmp_columns_note",
    "cmp_chart_caption",
    "cmp_sec_pairs",
    "cmp_pairs_intro",
    "cmp_sec_overrides",
    "valuation_title",
    "col_scenario",
    "col_mean",
    "col_p05",
    "col_p50",
    "col_p95",
    "col_prob",
    "col_bcr",
    "col_needed",
    "col_expected_avoided",
    "col_pair",
    "col_mean_difference",
    "col_difference_interval",
    "col_prob_better",
    "col_assumption",
    "col_original",
    "col_new",
    "col_origin",
    "override_evidence",
    "override_source",
    "sec_provenance",
    "prov_file",
    "prov_sha",
    "disclaimer",
)


def comparison_rows(cmp: Any, lang: str) -> list[dict[str, Any]]:
    """Per scenario: its name, headline figures, overrides, file and sha256, formatted."""
    cur = cmp.scenarios[0].settings.currency
    rows = []
    for i, r in enumerate(cmp.results):
        s = summarize(r)
        h, be, prov = s.headline(cmp.perspective), s.breakeven, s.provenance
        n = prov.n_overrides
        rows.append(
            {
                "name": f"#{i + 1} {r.scenario.title}",
                "title": r.scenario.title,
                "n_overrides": n,
                "overrides_text": t("report.cmp_n_overrides", lang, n=n),
                **{
                    k: nb(fmt_money(getattr(h.npv, k), lang, cur))
                    for k in ("mean", "p05", "p50", "p95")
                },
                "prob": nb(fmt_pct(h.prob_gain, lang)),
                "bcr": nb(fmt_number(h.bcr.p50, lang, 2)),
                "needed": nb(fmt_number(be.needed.p50, lang, 1)),
                "avoided": nb(fmt_number(be.avoided.mean, lang, 1)),
                "avoided_negative": negative_avoided_text(be.negative_share, be.avoided.p50, lang),
                "overrides": override_rows(r, lang),
                "file": prov.file or "–",
                "sha256": prov.sha256 or "–",
                "overlays": overlay_rows(r.scenario, lang),
                "valuation": " ".join(valuation_sentences(r.scenario.settings, lang)),
            }
        )
    return rows


def pair_rows(cmp: Any, lang: str) -> list[dict[str, str]]:
    """Per pair (A, B): mean and 90 % interval of NPV(A) − NPV(B), and P(NPV(A) > NPV(B))."""
    cur = cmp.scenarios[0].settings.currency
    rows = []
    for a, b in cmp.pairs:
        d = cmp.npv_difference(a, b)
        lo, hi = np.quantile(d, [0.05, 0.95])
        prob = nb(fmt_pct(cmp.prob_better(a, b), lang))
        rows.append(
            {
                "name": f"#{a + 1} − #{b + 1}",
                "mean": nb(fmt_money(float(np.mean(d)), lang, cur)),
                "interval": t(
                    "report.range",
                    lang,
                    lo=nb(fmt_money(float(lo), lang, cur)),
                    hi=nb(fmt_money(float(hi), lang, cur)),
                ),
                "prob": prob,
                "sentence": t(
                    "report.cmp_pair_same" if not np.any(d) else "report.cmp_pair_sentence",
                    lang,
                    a=a + 1,
                    b=b + 1,
                    prob=prob,
                    lower=nb(fmt_pct(float(np.mean(d < 0)), lang)),
                    persp=perspective_name(cmp.perspective, lang),
                ),
            }
        )
    return rows


def render_comparison(cmp: Any, *, lang: str | None = None) -> str:
    """A comparison of scenarios (:class:`sekalk.comparison.ComparisonResult`) as one
    self-contained HTML page: headline figures side by side, each scenario's overrides, the
    NPV difference of every pair with P(A's NPV > B's NPV), the overlaid NPV plot, provenance.

    Parameters
    ----------
    cmp
        The result of :func:`sekalk.compare`.
    lang
        ``"sv"`` or ``"en"`` (default: the first scenario's language).

    Returns
    -------
    str
        The HTML page, identical for identical inputs.
    """
    from sekalk import __version__

    lang = check_language(lang or cmp.scenarios[0].settings.language)
    st = cmp.results[0].settings
    persp = perspective_name(cmp.perspective, lang)
    context = {
        "lang": lang,
        "csp": CSP,
        "txt": texts(lang, COMPARISON_TEXTS),
        "title": t("cmp.title", lang, persp=persp),
        "subtitle": t(
            "report.cmp_subtitle",
            lang,
            version=__version__,
            draws=nb(fmt_number(st.draws, lang)),
            seed=st.seed,
            sampler=sampler_name(st.sampler, lang),
        ),
        "no_overrides": t("cmp.no_overrides", lang),
        "scenarios": comparison_rows(cmp, lang),
        "pairs": pair_rows(cmp, lang),
        "chart": Markup(
            svgcharts.compare_chart(
                cmp, lang=lang, title=t("report.cmp_chart_title", lang, persp=persp)
            )
        ),
        "provenance": [
            (t("report.prov_version", lang), __version__),
            (t("report.prov_draws", lang), nb(fmt_number(st.draws, lang))),
            (t("report.prov_seed", lang), str(st.seed)),
            (t("report.prov_sampler", lang), sampler_name(st.sampler, lang)),
            (t("report.cmp_prov_perspective", lang), persp),
        ],
    }
    return environment().get_template("compare.html.j2").render(**context)


def write_comparison(cmp: Any, path: str | os.PathLike, *, lang: str | None = None) -> None:
    """Render the comparison report and write it to ``path`` atomically (UTF-8)."""
    write_text_atomic(path, render_comparison(cmp, lang=lang))
