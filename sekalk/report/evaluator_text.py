"""Terminal output of the evaluator's tools: overrides, comparisons and the credibility map."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sekalk.report.describe import describe_distribution
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, sampler_name, t, tn
from sekalk.report.labels import distribution_note, origin_label, parameter_label
from sekalk.report.text import (
    negative_avoided_sentence,
    shorten_distinct,
    table,
    valuation_sentences,
)
from sekalk.text.numbers import with_plus

if TYPE_CHECKING:
    from sekalk.comparison import ComparisonResult
    from sekalk.credibility import CredibilityMap
    from sekalk.scenario import Scenario


def _short(text: str | None, n: int = 60) -> str:
    if not text:
        return "–"
    return text if len(text) <= n else text[: n - 1] + "…"


def overlay_lines(scenario: Scenario, lang: str) -> list[str]:
    """One line per overlay file laid over ``scenario``: its path, title and SHA-256."""
    return [
        t(
            "ev.overlay_line",
            lang,
            path=o.path,
            title=o.title or t("ev.overlay_untitled", lang),
            sha=o.sha256,
        )
        for o in scenario.overlays
    ]


def override_source(o) -> str | None:
    """The source an evaluator gave for an override (None for widening, which keeps the
    applicant's source)."""
    return None if o.origin == "widen" else o.value.source


def overrides_table(scenario: Scenario, lang: str) -> str:
    """The overlay files, then per override: id, the applicant's value, the new value, its
    evidence grade and where the change came from; below, each override's source and note."""
    headers = [
        t("col.id", lang),
        t("ev.col.original", lang),
        t("ev.col.new", lang),
        t("col.evidence", lang),
        t("ev.col.origin", lang),
    ]
    rows = [
        [
            o.id,
            describe_distribution(o.original, lang),
            describe_distribution(o.value, lang),
            t(f"evidence.{o.value.evidence or 'none'}", lang),
            origin_label(o.origin, lang),
        ]
        for o in scenario.overrides
    ]
    details = []
    for o in scenario.overrides:
        parts = []
        if source := override_source(o):
            parts.append(t("ev.detail_source", lang, source=source))
        note = distribution_note(o.value, lang)
        if note:
            parts.append(t("ev.detail_note", lang, note=note))
        if parts:
            details.append(f"  {o.id}: " + "; ".join(parts))
    lines = overlay_lines(scenario, lang)
    return "\n".join([*lines, table(headers, rows, align="lllll", keep=(0,)), *details])


def deltas_line(deltas: dict[str, Any], lang: str, currency: str = "SEK") -> str:
    """The change of the mean NPV and of P(NPV > 0) against the unmodified scenario."""

    def signed(text: str, x: float) -> str:
        return with_plus(text, x)

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
    from sekalk.summaries import summarize

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
        summary = summarize(r)
        h, be = summary.headline(cmp.perspective), summary.breakeven
        rows.append(
            [
                _name(i, _short(r.scenario.title, 40), len(r.scenario.overrides)),
                fmt_money(h.npv.mean, lang, cur),
                fmt_money(h.npv.p05, lang, cur),
                fmt_money(h.npv.p50, lang, cur),
                fmt_money(h.npv.p95, lang, cur),
                fmt_pct(h.prob_gain, lang),
                fmt_number(h.bcr.p50, lang, 2),
                fmt_number(be.needed.p50, lang, 1),
                fmt_number(be.avoided.mean, lang, 1),
            ]
        )
    st = cmp.results[0].settings
    parts = [
        t("cmp.title", lang, persp=perspective_name(cmp.perspective, lang)),
        t(
            "run.settings",
            lang,
            draws=fmt_number(st.draws, lang),
            seed=st.seed,
            sampler=sampler_name(st.sampler, lang),
        ),
        "",
        table(headers, rows),
        "",
        *(
            f"#{i + 1} {t('valuation.label', lang)}: "
            + " ".join(valuation_sentences(sc.settings, lang))
            for i, sc in enumerate(cmp.scenarios)
        ),
    ]
    for i, r in enumerate(cmp.results):
        if negative := negative_avoided_sentence(r.avoided_outcomes, lang):
            parts.append(f"#{i + 1}: {negative}")
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
    labels = shorten_distinct([parameter_label(e.label, lang) for e in entries], 70)
    rows = [
        [
            label,
            t(f"evidence.{e.evidence}", lang),
            t("cred.fixed", lang) if e.fixed else fmt_pct(e.share, lang, 1),
            t("cred.critical", lang)
            if e.critical
            else (t("cred.via_correlation", lang) if e.via_correlation_only else ""),
        ]
        for e, label in zip(entries, labels, strict=True)
    ]
    via = via_correlation_legend(cmap, lang)
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
                sampler=sampler_name(st.sampler, lang),
            ),
            "",
            t("cred.title", lang, persp=perspective_name(cmap.perspective, lang)),
            table(headers, rows, align="llrl"),
            "",
            *via,
            tn("cred.n_critical", lang, n, thr=thr)
            if n
            else t("cred.none_critical", lang, thr=thr),
            t("cred.measure", lang),
        ]
    )


def via_correlation_legend(cmap: CredibilityMap, lang: str) -> list[str]:
    """The legend of ``~``: the assumptions whose share is borrowed through a correlation."""
    flagged = [e for e in cmap.entries if e.via_correlation_only]
    if not flagged:
        return []
    labels = {e.id: parameter_label(e.label, lang) for e in cmap.entries}
    persp = perspective_name(cmap.perspective, lang)
    lines = [t("cred.via_correlation_legend", lang, persp=persp)]
    for e in flagged:
        others = "; ".join(labels.get(o, o) for o in e.influence.correlated_with)
        lines.append(t("sens.via_correlation_item", lang, label=labels[e.id], others=others))
    return lines
