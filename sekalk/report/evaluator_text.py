"""Terminal output of the evaluator's tools: overrides, comparisons and the credibility map."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sekalk.report.describe import describe_distribution
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.report.text import table, valuation_sentences

if TYPE_CHECKING:
    from sekalk.comparison import ComparisonResult
    from sekalk.credibility import CredibilityMap
    from sekalk.scenario import Scenario


def _short(text: str | None, n: int = 60) -> str:
    if not text:
        return "–"
    return text if len(text) <= n else text[: n - 1] + "…"


def overrides_table(scenario: Scenario, lang: str) -> str:
    """Id, the applicant's value, the new value, where the change came from and why."""
    headers = [
        t("col.id", lang),
        t("ev.col.original", lang),
        t("ev.col.new", lang),
        t("ev.col.origin", lang),
        t("ev.col.note", lang),
    ]
    rows = [
        [
            o.id,
            describe_distribution(o.original, lang),
            describe_distribution(o.value, lang),
            o.origin,
            _short(o.value.note),
        ]
        for o in scenario.overrides
    ]
    return table(headers, rows, align="lllll")


def deltas_line(deltas: dict[str, Any], lang: str, currency: str = "SEK") -> str:
    """The change of the mean NPV and of P(NPV > 0) against the unmodified scenario."""

    def signed(text: str, x: float) -> str:
        return ("+" + text) if x > 0 and not text.startswith("−") else text

    npv = deltas["npv_mean"]
    prob = 100.0 * deltas["prob_npv_positive"]
    return t(
        "ev.deltas",
        lang,
        npv=signed(fmt_money(npv, lang, currency), npv),
        mcse=fmt_money(deltas["npv_mean_mcse"], lang, currency),
        prob=signed(fmt_number(prob, lang, 1), prob),
    )


def render_overrides(scenario: Scenario, deltas: dict[str, Any] | None, lang: str) -> str:
    """The "Overrides" section of ``sekalk run``: the table and the headline deltas."""
    parts = [t("ev.overrides_title", lang), overrides_table(scenario, lang)]
    if deltas is not None:
        parts += ["", deltas_line(deltas, lang, scenario.settings.currency)]
    return "\n".join(parts)


def _name(i: int, title: str, n_overrides: int) -> str:
    return f"#{i + 1} {title}" + (f" (+{n_overrides})" if n_overrides else "")


def render_comparison(cmp: ComparisonResult, lang: str) -> str:
    """Headline figures side by side, the pairwise NPV differences, and every override."""
    from sekalk.comparison import headline

    cur = cmp.scenarios[0].settings.currency
    headers = [
        t(k, lang)
        for k in (
            "cmp.col.scenario",
            "col.mean",
            "col.p05",
            "col.p50",
            "col.p95",
            "col.prob",
            "col.bcr",
            "cmp.col.breakeven",
            "cmp.col.expected",
        )
    ]
    rows = []
    for i, r in enumerate(cmp.results):
        h = headline(r, cmp.perspective)
        npv = h["npv"]
        rows.append(
            [
                _name(i, _short(r.scenario.title, 40), len(r.scenario.overrides)),
                fmt_money(npv["mean"], lang, cur),
                fmt_money(npv["p05"], lang, cur),
                fmt_money(npv["p50"], lang, cur),
                fmt_money(npv["p95"], lang, cur),
                fmt_pct(h["prob_npv_positive"], lang),
                fmt_number(h["bcr"]["p50"], lang, 2),
                fmt_number(h["successes_needed"]["p50"], lang, 1),
                fmt_number(h["avoided_outcomes"]["mean"], lang, 1),
            ]
        )
    st = cmp.results[0].settings
    parts = [
        t("cmp.title", lang, persp=perspective_name(cmp.perspective, lang)),
        t("run.settings", lang, draws=fmt_number(st.draws, lang), seed=st.seed, sampler=st.sampler),
        "",
        table(headers, rows),
        "",
        *(
            f"#{i + 1} {t('valuation.label', lang)}: "
            + " ".join(valuation_sentences(sc.settings, lang))
            for i, sc in enumerate(cmp.scenarios)
        ),
    ]
    if cmp.pairs:
        from sekalk import metrics

        pair_headers = [
            t(k, lang) for k in ("cmp.col.pair", "col.mean", "col.p05", "col.p50", "col.p95")
        ] + [t("cmp.col.prob_better", lang)]
        pair_rows = []
        for a, b in cmp.pairs:
            diff = cmp.npv_difference(a, b)
            d = metrics.describe(diff)
            # P(A > B) = 0 would read as "B is always better" when the two are the same.
            same = not diff.any()
            pair_rows.append(
                [
                    f"#{a + 1} − #{b + 1}",
                    *(fmt_money(d[k], lang, cur) for k in ("mean", "p05", "p50", "p95")),
                    t("cmp.identical", lang) if same else fmt_pct(cmp.prob_better(a, b), lang),
                ]
            )
        parts += ["", t("cmp.pairs_title", lang), table(pair_headers, pair_rows)]
    with_overrides = [(i, s) for i, s in enumerate(cmp.scenarios) if s.overrides]
    parts.append("")
    if not with_overrides:
        parts.append(t("cmp.no_overrides", lang))
    for i, s in with_overrides:
        parts += [t("cmp.overrides_of", lang, i=i + 1, title=s.title), overrides_table(s, lang), ""]
    parts.append(t("run.disclaimer", lang))
    return "\n".join(parts)


def render_credibility(cmap: CredibilityMap, lang: str) -> str:
    """The credibility map as a table, largest share first, with the critical ones flagged."""
    headers = [
        t("col.assumption", lang),
        t("col.evidence", lang),
        t("cred.col.share", lang),
        t("cred.col.flag", lang),
    ]
    entries = sorted(cmap.entries, key=lambda e: (-e.share, e.fixed))
    rows = [
        [
            _short(e.label, 70),
            t(f"evidence.{e.evidence}", lang),
            t("cred.fixed", lang) if e.fixed else fmt_pct(e.share, lang, 1),
            t("cred.critical", lang) if e.critical else "",
        ]
        for e in entries
    ]
    thr = fmt_pct(cmap.threshold, lang)
    n = len(cmap.critical)
    st = cmap.result.settings
    return "\n".join(
        [
            cmap.result.scenario.title,
            t(
                "run.settings",
                lang,
                draws=fmt_number(st.draws, lang),
                seed=st.seed,
                sampler=st.sampler,
            ),
            "",
            t("cred.title", lang, persp=perspective_name(cmap.perspective, lang)),
            table(headers, rows, align="llrl"),
            "",
            t("cred.n_critical", lang, n=n, thr=thr)
            if n
            else t("cred.none_critical", lang, thr=thr),
            t("cred.measure", lang),
        ]
    )
