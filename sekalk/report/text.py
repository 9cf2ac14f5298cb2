"""Terminal output of ``sekalk run``: the uncertainty first, then tables, in the scenario's language."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence

import numpy as np

from sekalk.report.describe import describe_distribution, describe_interval
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, sampler_name, t, tn
from sekalk.report.labels import (
    breakeven_reason,
    parameter_label,
    sensitivity_notes,
    shared_label,
)
from sekalk.report.metric_format import Column, cells
from sekalk.result import Result
from sekalk.summaries import Stats, summarize

#: Narrowest a column is shortened to when a table is fitted to the terminal [characters].
MIN_COLUMN_WIDTH = 6
ELLIPSIS = "…"


def terminal_width() -> int | None:
    """The width to fit tables to [characters], or None for no limit.

    ``COLUMNS`` when it is set (a positive integer), else the width of the terminal that
    standard output is attached to; None when output goes to a file or a pipe.
    """
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return None


def _cut(text: str, n: int, tail: int = 0) -> str:
    """``text`` in at most ``n`` characters: its start and an ellipsis, or (``tail`` > 0) its
    start, an ellipsis and up to ``tail`` characters of its end."""
    if len(text) <= n:
        return text
    if n <= 1:
        return ELLIPSIS[:n]
    if tail <= 0:
        return text[: n - 1] + ELLIPSIS
    keep = min(tail, max(n - 4, 1))
    return text[: n - 1 - keep] + ELLIPSIS + text[-keep:]


def _common_prefix(texts: Sequence[str]) -> int:
    """The number of leading characters all ``texts`` share."""
    first, last = min(texts), max(texts)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return n


def shorten_distinct(texts: Sequence[str], n: int) -> list[str]:
    """Each text in at most ``n`` characters where possible, distinct texts kept distinct.

    A longer text is cut at the end with an ellipsis; where that makes two different texts
    read the same, those are cut in the middle instead, keeping the end in which they differ
    (``Utfall X: andel`` / ``Utfall X: årligt belopp`` -> ``Utf…: andel`` / ``Utf…t belopp``),
    and where even that collides, they are given one more character at a time (at most their
    full length, which is distinct).
    """
    originals = list(dict.fromkeys(texts))
    limit = {x: n for x in originals}
    tail = {x: 0 for x in originals}
    while True:
        short = {x: _cut(x, limit[x], tail[x]) for x in originals}
        readers: dict[str, list[str]] = {}
        for x in originals:
            readers.setdefault(short[x], []).append(x)
        clashes = [group for group in readers.values() if len(group) > 1]
        if not clashes:
            return [short[x] for x in texts]
        for group in clashes:
            common = _common_prefix(group)
            for x in group:
                if len(x) <= limit[x]:
                    continue  # shown in full: the others must give way
                if not tail[x]:
                    tail[x] = max(len(x) - common, 1)
                else:
                    limit[x] += 1


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: str | None = None,
    *,
    width: int | bool | None = True,
    keep: Sequence[int] = (),
) -> str:
    """A plain-text table; ``align`` has one of ``l``/``r`` per column (default: first left).

    Parameters
    ----------
    width
        The widest a line may be [characters]; ``True`` (default): :func:`terminal_width`;
        None or False: no limit. Where the table is wider, its left-aligned text columns
        (not those in ``keep``, nor the right-aligned numbers) are shortened, widest first,
        down to :data:`MIN_COLUMN_WIDTH`, with :func:`shorten_distinct`, so that two rows
        never read the same where their texts differ.
    keep
        Indices of columns never shortened (e.g. ids a reader copies).
    """
    align = align or "l" + "r" * (len(headers) - 1)
    cells = [[str(c) for c in r] for r in rows]
    heads = [str(h) for h in headers]
    widths = [max(len(x) for x in col) for col in zip(heads, *cells, strict=False)]
    limit = terminal_width() if width is True else (width or None)
    if limit is not None:
        over = sum(widths) + 2 * (len(widths) - 1) - limit
        target = list(widths)
        movable = [i for i, a in enumerate(align[: len(widths)]) if a == "l" and i not in keep]
        while over > 0:
            wide = [i for i in movable if target[i] > MIN_COLUMN_WIDTH]
            if not wide:
                break
            widest = max(wide, key=lambda i: target[i])
            target[widest] -= 1
            over -= 1
        for i in movable:
            if target[i] < widths[i]:
                column = shorten_distinct([r[i] for r in cells if i < len(r)], target[i])
                for r, text in zip((r for r in cells if i < len(r)), column, strict=True):
                    r[i] = text
                heads[i] = _cut(heads[i], target[i])
        widths = [max(len(x) for x in col) for col in zip(heads, *cells, strict=False)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.ljust(w) if a == "l" else c.rjust(w)
            for c, w, a in zip(cells, widths, align, strict=False)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(heads), rule, *(line(r) for r in cells)])


def headline_sentence(result: Result, lang: str, perspective: str = "society") -> str:
    """'90 % interval of the NPV: lo to hi; probability of a gain: p' (the summary's headline)."""
    h = summarize(result).headline(perspective)
    cur = result.scenario.settings.currency
    return t(
        "run.headline",
        lang,
        persp=perspective_name(perspective, lang),
        lo=fmt_money(h.npv.p05, lang, cur),
        hi=fmt_money(h.npv.p95, lang, cur),
        prob=fmt_pct(h.prob_gain, lang),
    )


def breakeven_sentence(result: Result, lang: str) -> str:
    """'Breaks even if N of P participants avoid the outcome; the assumptions give E.'

    All three figures are medians over the draws, as in the HTML report.
    """
    be = summarize(result).breakeven
    reason = breakeven_reason(result.breakeven_undefined(), lang)
    negative = negative_avoided_text(be.negative_share, be.avoided.p50, lang)
    if not be.defined:
        undefined = reason or t("run.breakeven_undefined", lang)
        return f"{undefined} {negative}" if negative else undefined
    sentence = t(
        "run.breakeven",
        lang,
        needed=fmt_number(be.needed.p50, lang, 1),
        participants=fmt_number(be.participants.p50, lang, 0),
        expected=fmt_number(be.avoided.p50, lang, 1),
    )
    return " ".join(x for x in (sentence, reason, negative) if x)


def negative_avoided_text(share: float, median: float | None, lang: str) -> str | None:
    """One plain sentence when a ``share`` > 0 of the draws avoids a negative number of
    outcomes (the effect may increase the adverse outcome: a relative risk above 1), saying so
    of the ``median`` too when it is negative; None when no draw does."""
    if share == 0.0:
        return None
    negative_median = median is not None and median < 0
    key = "run.avoided_negative_median" if negative_median else "run.avoided_negative"
    return t(key, lang, share=share_text(share, lang))


def negative_avoided_sentence(avoided: np.ndarray, lang: str) -> str | None:
    """:func:`negative_avoided_text` of the avoided outcomes per draw, ``avoided``."""
    share = float(np.mean(avoided < 0)) if avoided.size else 0.0
    median = float(np.median(avoided)) if share else None
    return negative_avoided_text(share, median, lang)


def share_text(share: float, lang: str) -> str:
    """A share of the draws as a percentage with as many decimals as it takes not to read as
    0 % or 100 % when it is neither (``0,02 %``, ``99,7 %``)."""
    for decimals in range(6):
        if share in (0.0, 1.0) or 0 < round(100 * share, decimals) < 100:
            break
    return fmt_pct(share, lang, decimals)


def valuation_sentences(settings, lang: str) -> list[str]:
    """What the scenario declares as its valuation basis, in ``lang`` (one or two sentences).

    ``settings`` is the scenario's :class:`~sekalk.scenario.schema.Settings`. A scenario that
    declares nothing is told so plainly; a declaration is shown as the file's claim, which
    sekalk cannot check against the amounts.
    """
    if settings.valuation is None:
        out = [t("valuation.none", lang)]
    else:
        basis = t(f"valuation.{settings.valuation}", lang)
        out = [t("valuation.declared", lang, basis=basis)]
    if settings.valuation_note:
        out.append(t("valuation.note", lang, note=settings.valuation_note))
    return out


#: The columns of the terminal's table of perspectives (after the perspective's name).
PERSPECTIVE_COLUMNS = (
    Column("npv", "mean", "col.mean"),
    Column("npv", "p05", "col.p05"),
    Column("npv", "p50", "col.p50"),
    Column("npv", "p95", "col.p95"),
    Column("prob_npv_positive", None, "col.prob"),
    Column("bcr", "p50", "col.bcr"),
)


def perspective_table(result: Result, lang: str) -> str:
    """Mean, P5, median, P95 of the NPV, P(NPV>0) and the median BCR per perspective."""
    summary = summarize(result)
    headers = [t("col.perspective", lang), *(t(c.header, lang) for c in PERSPECTIVE_COLUMNS)]
    rows = [
        [perspective_name(p, lang), *cells(summary, PERSPECTIVE_COLUMNS, p, lang)]
        for p in summary.perspectives
    ]
    return table(headers, rows)


def assumptions_table(result: Result, lang: str, *, max_source: int = 60) -> str:
    """Every parameter: label, value or distribution, evidence grade and source."""
    headers = [t(f"col.{k}", lang) for k in ("assumption", "value", "evidence", "source")]
    headers.insert(2, t("polish.col_interval", lang))
    params = result.scenario.parameters
    rows = []
    for a in summarize(result).assumptions:
        source = a.source or "–"
        if len(source) > max_source:
            source = source[: max_source - 1] + "…"
        param = params[a.id]
        rows.append(
            [
                parameter_label(param, lang),
                describe_distribution(param.distribution, lang),
                describe_interval(param.distribution, lang),
                evidence_name(a.evidence, lang),
                source,
            ]
        )
    return table(headers, rows, align="lllll")


def mc_error_line(result: Result, lang: str) -> str:
    """The Monte Carlo error beside the width of the 90 % interval: the standard error of the
    mean, the error of P(NPV > 0) and the 95 % confidence interval of the median."""
    e = summarize(result).mc_error
    cur = result.scenario.settings.currency
    lo, hi = e.median_ci
    return " ".join(
        [
            t(
                "run.mc_error",
                lang,
                mcse=fmt_money(e.mcse_mean, lang, cur),
                ratio=fmt_pct(e.ratio, lang, 2),
                mcse_prob=fmt_pct(e.mcse_prob, lang, 2),
            ),
            t(
                "run.mc_error_median",
                lang,
                lo=fmt_money(lo, lang, cur),
                hi=fmt_money(hi, lang, cur),
                ratio=fmt_pct(e.median_ci_ratio, lang, 2),
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


def levels_section(result: Result, lang: str, perspective: str = "society") -> str:
    """The funded project, continuation and spread on separate lines, then the total.

    Continuation and spread show their realised contribution (0 in the draws where they do not
    happen) and how often they happen; below, the NPV with and without each of them.
    """
    cur = result.scenario.settings.currency
    summary = summarize(result)
    headers = [
        t(f"col.{k}", lang) for k in ("level", "occurs", "mean", "p05", "p50", "p95", "prob")
    ]
    rows = []
    levels = summary.levels((perspective,))
    for lv in levels:
        lp = lv.perspectives[perspective]
        s = lp.metrics["npv"]
        assert isinstance(s, Stats)
        rows.append(
            [
                t(f"level.{lv.level}", lang),
                fmt_pct(lv.prob_occurs, lang) if lv.prob_occurs is not None else "",
                fmt_money(s.mean, lang, cur),
                fmt_money(s.p05, lang, cur),
                fmt_money(s.p50, lang, cur),
                fmt_money(s.p95, lang, cur),
                fmt_pct(float(lp.metrics["prob_npv_positive"]), lang),
            ]
        )
    lines = [
        t("levels.title", lang, persp=perspective_name(perspective, lang)),
        table(headers, rows),
    ]
    project = summary.stats("npv", perspective, "project")
    project_prob = float(summary.metric("prob_npv_positive", perspective, "project"))
    for lv in levels:
        lp = lv.perspectives[perspective]
        if lp.npv_project_plus_if_occurs is None:
            continue
        assert lp.prob_npv_positive_project_plus_if_occurs is not None
        lines.append(
            t(
                f"levels.with_{lv.level}",
                lang,
                with_median=fmt_money(lp.npv_project_plus_if_occurs.p50, lang, cur),
                with_prob=fmt_pct(lp.prob_npv_positive_project_plus_if_occurs, lang),
                without_median=fmt_money(project.p50, lang, cur),
                without_prob=fmt_pct(project_prob, lang),
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
        t(
            "run.settings",
            lang,
            draws=fmt_number(st.draws, lang),
            seed=st.seed,
            sampler=sampler_name(st.sampler, lang),
        ),
        "",
        headline_sentence(result, lang),
        breakeven_sentence(result, lang),
        f"{t('valuation.label', lang)}: "
        + " ".join(valuation_sentences(result.scenario.settings, lang)),
        "",
        t("run.table_title", lang),
        perspective_table(result, lang),
        "",
        *([levels_section(result, lang), ""] if result.has_levels else []),
        t("run.assumptions_title", lang),
        assumptions_table(result, lang),
        "",
        t("run.drivers_title", lang),
        drivers_table(result, lang),
        "",
        mc_error_line(result, lang),
        *filter(None, [precision_line(result, lang)]),
        t("run.disclaimer", lang),
    ]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# sensitivity


def format_value(x: float | None, lang: str) -> str:
    """A parameter value with three significant digits in the language's number format."""
    if x is None or not math.isfinite(x):
        return "–"
    if x == 0:
        return fmt_number(0.0, lang, 0)
    decimals = max(0, 2 - math.floor(math.log10(abs(x))))
    return fmt_number(x, lang, min(decimals, 6))


def ordinal(p: float | None, lang: str) -> str:
    """A percentile (given as a fraction) as an ordinal: en ``97th``, sv ``97:e``."""
    if p is None or not math.isfinite(p):
        return "–"
    x = 100.0 * p
    n = round(x)
    if 0.0 < x < 0.5 or 99.5 <= x < 100.0:
        # Not 0 or 100 unless it is: one decimal, rounded towards the middle.
        text = fmt_number(math.ceil(x * 10) / 10 if x < 50 else math.floor(x * 10) / 10, lang, 1)
        last = int(text[-1])
    else:
        text, last = str(n), n
    if lang == "sv":
        return f"{text}:{'a' if last % 10 in (1, 2) and last % 100 not in (11, 12) else 'e'}"
    if 10 <= last % 100 <= 20:
        return f"{text}th"
    return f"{text}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(last % 10, 'th') }"


def evidence_name(evidence: str | None, lang: str) -> str:
    """The evidence grade in ``lang`` ("not stated" when missing)."""
    return t(f"evidence.{evidence}" if evidence else "evidence.none", lang)


def drivers_table(result: Result, lang: str, *, top: int = 5) -> str:
    """The ``top`` parameters by |Spearman rho| with the society NPV, with evidence grades."""
    drivers = summarize(result).drivers[:top]
    if not drivers:
        return t("run.drivers_none", lang)

    params = result.scenario.parameters
    headers = [t(k, lang) for k in ("col.assumption", "sens.col.spearman", "col.evidence")]
    rows = [
        [
            ("~ " if d.via_correlation_only else "") + parameter_label(params[d.id], lang),
            fmt_number(d.rho, lang, 2),
            evidence_name(d.evidence, lang),
        ]
        for d in drivers
    ]
    lines = [table(headers, rows, align="lrl")]
    via = [d for d in drivers if d.via_correlation_only]
    if via:
        lines.append(t("run.flag_via_correlation", lang))
        for d in via:
            others = "; ".join(parameter_label(params[o], lang) for o in d.correlated_with)
            label = parameter_label(params[d.id], lang)
            lines.append(t("sens.via_correlation_item", lang, label=label, others=others))
    return "\n".join(lines)


def _ci(lo: float, hi: float, lang: str) -> str:
    return f"[{fmt_number(lo, lang, 2)}; {fmt_number(hi, lang, 2)}]"


def sensitivity_table(res, lang: str) -> str:
    """The ranked table of assumptions: evidence beside every measure that was run."""
    cur = res.currency
    m = res.methods
    headers = [t("sens.col.rank", lang), "", t("col.assumption", lang), t("col.evidence", lang)]
    align = "rlll"
    if "tornado" in m:
        headers += [t(f"sens.col.{k}", lang) for k in ("tornado_low", "tornado_high", "swing")]
        align += "rrr"
    if "rank" in m:
        headers.append(t("sens.col.spearman", lang))
        align += "r"
    if "sobol" in m:
        headers += [t("sens.col.sobol_first", lang), t("sens.col.sobol_total", lang)]
        align += "rr"
    if "voi" in m:
        headers.append(t("sens.col.evppi", lang))
        align += "r"
    rows = []
    for i, p in enumerate(res.parameters, start=1):
        row = [
            str(i),
            "!" if p.weak_and_important else ("~" if p.via_correlation_only else ""),
            parameter_label(p.label, lang),
            evidence_name(p.evidence, lang),
        ]
        if "tornado" in m:
            tor = p.tornado
            row += (
                [
                    fmt_money(tor.npv_low, lang, cur),
                    fmt_money(tor.npv_high, lang, cur),
                    fmt_money(tor.swing, lang, cur),
                ]
                if tor
                else ["–"] * 3
            )
        if "rank" in m:
            row.append(fmt_number(p.spearman, lang, 2))
        if "sobol" in m:
            s = p.sobol
            row += (
                [
                    f"{fmt_number(s.first, lang, 2)} {_ci(*s.first_ci, lang)}",
                    f"{fmt_number(s.total, lang, 2)} {_ci(*s.total_ci, lang)}",
                ]
                if s
                else ["–"] * 2
            )
        if "voi" in m:
            row.append(fmt_money(p.evppi, lang, cur))
        rows.append(row)
    return table(headers, rows, align=align)


def switching_sentences(res, lang: str) -> list[str]:
    """One sentence per parameter: the switching value and its percentile, or why none.

    "No switching value" is a one-way statement (the other assumptions at their medians): it
    is qualified by the simulated probability of the other sign where that is material
    (:data:`~sekalk.sensitivity_analysis.MATERIAL_PROBABILITY`), and a parameter that does
    not enter the NPV is said to do so.
    """
    from sekalk.sensitivity_analysis import MATERIAL_PROBABILITY

    out = []
    for p in res.parameters:
        sw = p.switching_value
        if sw is None:
            continue
        influence = getattr(p, "influence", None)
        if sw.value is None and influence is not None and not influence.direct:
            persp = perspective_name(res.perspective, lang)
            label = parameter_label(p.label, lang)
            out.append(t("sens.switching.no_effect", lang, label=label, persp=persp))
        elif sw.value is None:
            lo, hi = sw.searched or (math.nan, math.nan)
            other = res.prob_other_sign(sw.reason == "always_positive")
            material = other is not None and other >= MATERIAL_PROBABILITY
            out.append(
                t(
                    f"sens.switching.{sw.reason}" + ("_qualified" if material else ""),
                    lang,
                    label=parameter_label(p.label, lang),
                    lo=format_value(lo, lang),
                    hi=format_value(hi, lang),
                    prob=fmt_pct(other, lang) if material else "",
                )
            )
        else:
            out.append(
                t(
                    f"sens.switching.{sw.direction}",
                    lang,
                    label=parameter_label(p.label, lang),
                    value=format_value(sw.value, lang),
                    pct=ordinal(sw.percentile, lang),
                )
            )
    return out


def breakeven_sentences(res, lang: str) -> list[str]:
    """One sentence per outcome: the effect at which the expected NPV is 0."""
    out = []
    for oid, e in res.breakeven_effect.items():
        label = res.labels.get(oid, oid)
        if e["value"] is None:
            out.append(t(f"sens.breakeven.{e['reason']}", lang, label=label))
            continue
        key = f"sens.breakeven.{e['form']}" + ("" if e["percentile"] is not None else "_fixed")
        out.append(
            t(
                key,
                lang,
                label=label,
                value=format_value(e["value"], lang),
                pct=ordinal(e["percentile"], lang),
                dir=t(f"sens.dir.{e['direction']}", lang),
            )
        )
    return out


def base_and_simulated_lines(res, lang: str) -> list[str]:
    """The base-case NPV (every assumption at its median) beside the simulated median NPV,
    and why they differ (with a warning where they differ in sign)."""
    cur = res.currency
    lines = [t("sens.base_npv", lang, npv=fmt_money(res.base_npv, lang, cur))]
    if getattr(res, "npv_median", None) is None:
        return lines
    st = res.settings
    lines.append(
        t(
            "sens.simulated_npv",
            lang,
            draws=fmt_number(st["draws"], lang),
            seed=st["seed"],
            median=fmt_money(res.npv_median, lang, cur),
            mean=fmt_money(res.npv_mean, lang, cur),
            loss=fmt_pct(res.prob_npv_negative, lang),
        )
    )
    why = t("sens.why_differ", lang)
    if res.base_disagrees_with_simulation:
        why += " " + t("sens.sign_differs", lang)
    return [*lines, why]


def via_correlation_lines(params, perspective: str, lang: str) -> list[str]:
    """The legend of ``~``: every parameter that moves the NPV only through a correlation."""
    flagged = [p for p in params if getattr(p, "via_correlation_only", False)]
    if not flagged:
        return []
    labels = {p.id: parameter_label(p.label, lang) for p in params}
    lines = [t("sens.flag_via_correlation", lang, persp=perspective_name(perspective, lang))]
    for p in flagged:
        others = "; ".join(labels.get(o, o) for o in p.influence.correlated_with)
        lines.append(t("sens.via_correlation_item", lang, label=labels[p.id], others=others))
    return lines


def render_sensitivity(res, lang: str | None = None) -> str:
    """The whole terminal report of ``sekalk sensitivity`` (a :class:`SensitivityResult`)."""
    from sekalk.sensitivity_analysis import LARGE_SHARE

    lang = lang or res.lang
    cur = res.currency
    st = res.settings
    parts = [
        res.scenario_title,
        t("sens.title", lang, persp=perspective_name(res.perspective, lang)),
        t("sens.settings", lang, draws=fmt_number(st["draws"], lang), seed=st["seed"]),
    ]
    if "sobol_n" in st:
        parts.append(
            t(
                "sens.settings_sobol",
                lang,
                n=fmt_number(st["sobol_n"], lang),
                r=fmt_number(st["bootstrap_resamples"], lang),
            )
        )
    parts += ["", *base_and_simulated_lines(res, lang)]
    if res.parameters:
        parts += ["", t("sens.table_title", lang), sensitivity_table(res, lang)]
        if any(p.weak_and_important for p in res.parameters):
            parts.append(t("sens.flag_legend", lang, share=fmt_pct(LARGE_SHARE, lang)))
        parts += via_correlation_lines(res.parameters, res.perspective, lang)
    if res.evpi is not None:
        parts += [
            "",
            t(
                "sens.evpi",
                lang,
                evpi=fmt_money(res.evpi, lang, cur),
                se=fmt_money(res.evpi_se, lang, cur),
            ),
        ]
        best = max(
            (p for p in res.parameters if p.evppi is not None),
            key=lambda p: p.evppi,
            default=None,
        )
        if best is not None and best.evppi > 0:
            parts.append(
                t(
                    "sens.evppi_top",
                    lang,
                    label=parameter_label(best.label, lang),
                    evppi=fmt_money(best.evppi, lang, cur),
                    se=fmt_money(best.evppi_se, lang, cur),
                )
            )
    if "switching" in res.methods:
        sentences = switching_sentences(res, lang)
        if sentences:
            parts += ["", t("sens.switching_title", lang), *sentences]
        effects = breakeven_sentences(res, lang)
        if effects:
            parts += ["", t("sens.breakeven_title", lang), *effects]
    if res.notes:
        notes = sensitivity_notes(res, lang)
        parts += ["", t("sens.notes_title", lang), *(f"- {n}" for n in notes)]
    return "\n".join(parts)


def portfolio_streams(result, lang: str, money=None) -> list[str]:
    """Which assumptions the projects of a portfolio share and what that does to the spread of
    the fund's total (sentences for the headline); ``money`` formats an amount [SEK]."""
    if money is None:
        cur = result.results[0].scenario.settings.currency

        def money(x: float) -> str:
            return fmt_money(x, lang, cur)

    if not result.shared:
        return [t("portfolio.none_shared", lang)]
    out = [
        t(
            "portfolio.shared",
            lang,
            ids=", ".join(shared_label(result, pid, lang) for pid in result.shared),
            sd=money(float(np.std(result.total_npv(), ddof=1))),
            sd_independent=money(result.npv_sd_if_uncorrelated()),
        )
    ]
    differs = [pid for pid in result.shared if not result.shared_same_distribution(pid)]
    if differs:
        out.append(t("portfolio.shared_differs", lang, ids=", ".join(differs)))
    return out


def render_portfolio(result, lang: str = "sv") -> str:
    """The terminal report of ``sekalk portfolio``: projects, the fund's total, actors, budget."""
    from sekalk.metrics import prob_positive

    first = result.results[0].scenario.settings
    cur = first.currency
    total = result.total_npv()
    st = result.settings
    headers = [t(f"col.{k}", lang) for k in ("project", "mean", "p05", "p95", "prob", "risk_share")]
    shares = result.risk_shares()
    rows = []
    for name, r in zip(result.names, result.results, strict=True):
        s = r.stats("npv")
        rows.append(
            [
                name,
                fmt_money(s["mean"], lang, cur),
                fmt_money(s["p05"], lang, cur),
                fmt_money(s["p95"], lang, cur),
                fmt_pct(r.prob_npv_positive(), lang),
                fmt_pct(float(shares[name]), lang),
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
                fmt_pct(prob_positive(tot), lang),
            ]
        )
    parts = [
        tn("portfolio.title", lang, len(result.results)),
        t(
            "run.settings",
            lang,
            draws=fmt_number(st.draws, lang),
            seed=st.seed,
            sampler=sampler_name(st.sampler, lang),
        ),
        "",
        t(
            "portfolio.headline",
            lang,
            lo=fmt_money(float(q05), lang, cur),
            hi=fmt_money(float(q95), lang, cur),
            prob=fmt_pct(result.prob_break_even(), lang),
        ),
        *portfolio_streams(result, lang),
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
    unshared = [pid for pid in result.common_ids if pid not in result.shared]
    if unshared:
        parts.append(t("portfolio.common_unshared", lang, ids=", ".join(unshared)))
    return "\n".join(parts).rstrip("\n")


def render_update(learned, before: Result, after: Result, output: str, lang: str) -> str:
    """The terminal report of ``sekalk update``: prior beside posterior, and the headline."""
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
                    prior=describe_distribution(x.prior, lang),
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
