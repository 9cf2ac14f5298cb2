"""The one-file HTML report: inline SVG charts and CSS, no script, nothing fetched.

The page is rendered by Jinja2 with autoescaping, so every text from a scenario file appears
as text, never as markup. A Content-Security-Policy meta tag (``default-src 'none'``) makes the
browser refuse any fetch, should one ever slip in. Charts come from :mod:`sekalk.report.plots`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from markupsafe import Markup, escape

from sekalk.outputs import write_text_atomic
from sekalk.report import plots, svgcharts
from sekalk.report.describe import describe_distribution
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, sampler_name, t
from sekalk.report.text import negative_avoided_sentence, valuation_sentences
from sekalk.result import Result

if TYPE_CHECKING:
    from sekalk.comparison import ComparisonResult
    from sekalk.portfolio import PortfolioResult

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Blocks every fetch: styles only inline, images only data: URLs, no scripts at all.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NBSP = "\u00a0"
_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]")


def nb(text: str) -> str:
    """A formatted number with no-break spaces, so it never wraps inside (``1 234,5 mnkr``)."""
    return text.replace(" ", NBSP)


def linkify(text: str | None) -> Markup:
    """Escape ``text`` and turn http(s) URLs in it into links (the URL text escaped too)."""
    if not text:
        return Markup("–")
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        url = escape(m.group(0))
        out.append(f'<a href="{url}" rel="noreferrer noopener">{url}</a>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _environment() -> Any:
    import jinja2

    from sekalk.report.templatecache import template_cache

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["linkify"] = linkify
    return env


# --------------------------------------------------------------------------- content


@dataclass(frozen=True, slots=True)
class Headline:
    """The numbers of the headline, formatted for the language (no-break spaces)."""

    lo: str
    median: str
    hi: str
    prob_gain: str
    prob_loss: str


def headline(result: Result, lang: str, perspective: str = "society") -> Headline:
    """90 % interval, median and probabilities of a gain and a loss, formatted."""
    cur = result.scenario.settings.currency
    s = result.stats("npv", perspective)
    prob = result.prob_npv_positive(perspective)
    loss = float(np.mean(result.npv(perspective) < 0))
    return Headline(
        nb(fmt_money(s["p05"], lang, cur)),
        nb(fmt_money(s["p50"], lang, cur)),
        nb(fmt_money(s["p95"], lang, cur)),
        nb(fmt_pct(prob, lang)),
        nb(fmt_pct(loss, lang)),
    )


def perspective_rows(result: Result, lang: str) -> list[dict[str, str]]:
    """NPV P5/median/P95, P(NPV>0) and median BCR per perspective, formatted."""
    cur = result.scenario.settings.currency
    rows = []
    for p in result.perspectives:
        s = result.stats("npv", p)
        rows.append(
            {
                "name": perspective_name(p, lang),
                "p05": nb(fmt_money(s["p05"], lang, cur)),
                "p50": nb(fmt_money(s["p50"], lang, cur)),
                "p95": nb(fmt_money(s["p95"], lang, cur)),
                "prob": nb(fmt_pct(result.prob_npv_positive(p), lang)),
                "bcr": nb(fmt_number(result.stats("bcr", p)["p50"], lang, 2)),
                "total": p in ("society", "public_sector"),
            }
        )
    return rows


def breakeven(result: Result, lang: str) -> dict[str, str] | None:
    """Avoided outcomes needed for NPV = 0 beside what the assumptions give (None: undefined)."""
    needed = result.successes_needed
    if not np.isfinite(needed).any():
        return None
    avoided = plots.Interval.of(result.avoided_outcomes)
    needed_iv = plots.Interval.of(needed)
    return {
        "needed": nb(fmt_number(needed_iv.p50, lang, 1)),
        "needed_lo": nb(fmt_number(needed_iv.p05, lang, 1)),
        "needed_hi": nb(fmt_number(needed_iv.p95, lang, 1)),
        "participants": nb(fmt_number(float(np.median(result.participants)), lang, 0)),
        "expected": nb(fmt_number(avoided.p50, lang, 1)),
        "expected_lo": nb(fmt_number(avoided.p05, lang, 1)),
        "expected_hi": nb(fmt_number(avoided.p95, lang, 1)),
        "prob_enough": nb(fmt_pct(float(np.mean(result.avoided_outcomes >= needed)), lang)),
    }


def assumption_rows(result: Result, lang: str) -> list[dict[str, Any]]:
    """Every parameter: label, median and 90 % interval in its unit, distribution, evidence,
    source and note."""
    cur = result.scenario.settings.currency
    params = result.scenario.parameters
    rows = []
    for a in result.assumptions(lang):
        attr = params[a["id"]].attribute
        d = params[a["id"]].distribution
        if is_unstated_default(attr, d):
            continue
        if d.is_fixed:
            value = nb(plots.fmt_value(a["p50"], attr, lang, cur))
        else:
            value = t(
                "chart.median_interval",
                lang,
                median=nb(plots.fmt_value(a["p50"], attr, lang, cur)),
                lo=nb(plots.fmt_value(a["p05"], attr, lang, cur)),
                hi=nb(plots.fmt_value(a["p95"], attr, lang, cur)),
            )
        rows.append(
            {
                "id": a["id"],
                "label": a["label"],
                "value": value,
                "distribution": None if d.is_fixed else describe_distribution(d, lang),
                "evidence": a["evidence"] or "none",
                "evidence_text": t(f"evidence.{a['evidence'] or 'none'}", lang),
                "source": a["source"],
                "note": d.note,
            }
        )
    return rows


#: Attributes that default to a neutral value when a scenario file leaves them out.
NEUTRAL_DEFAULTS = {"growth": 0.0, "dropoff": 0.0, "attribution": 1.0}


def is_unstated_default(attribute: str, dist: Any) -> bool:
    """True for a fixed growth 0, drop-off 0 or attribution 1 with no evidence, source or note:
    the neutral default of a key the file left out, listed once in words instead of per row."""
    if attribute not in NEUTRAL_DEFAULTS or not dist.is_fixed:
        return False
    if dist.evidence or dist.source or dist.note:
        return False
    return float(dist.ppf(np.array([0.5]))[0]) == NEUTRAL_DEFAULTS[attribute]


def driver_rows(result: Result, lang: str, top: int = 10) -> list[dict[str, Any]]:
    """The uncertain parameters with the largest |Spearman rho| with the society NPV."""
    from sekalk.result import parameter_label
    from sekalk.sensitivity_analysis import influences, rank_correlations

    rho = rank_correlations(result)
    influence = influences(result.scenario, "society")
    params = result.scenario.parameters
    ranked = sorted((kv for kv in rho.items() if np.isfinite(kv[1])), key=lambda kv: -abs(kv[1]))[
        :top
    ]

    def direction(pid: str, r: float) -> str:
        inf = influence.get(pid)
        if inf is not None and inf.via_correlation_only:
            others = "; ".join(parameter_label(params[o], lang) for o in inf.correlated_with)
            return t("report.rho_via_correlation", lang, others=others)
        return t("report.rho_up" if r >= 0 else "report.rho_down", lang)

    return [
        {
            "label": parameter_label(params[pid], lang),
            "rho": nb(fmt_number(r, lang, 2)),
            "width": f"{abs(r) * 100:.0f}",
            "positive": r >= 0,
            "direction": direction(pid, r),
            "via_correlation_only": bool(
                influence.get(pid) and influence[pid].via_correlation_only
            ),
        }
        for pid, r in ranked
    ]


def actor_rows(result: Result, lang: str) -> list[dict[str, Any]]:
    """Costs, avoided costs and net per perspective as 'median (P5 to P95)'."""
    cur = result.scenario.settings.currency

    def cell(iv: plots.Interval) -> dict[str, str | None]:
        lo, hi = nb(fmt_money(iv.p05, lang, cur)), nb(fmt_money(iv.p95, lang, cur))
        return {
            "median": nb(fmt_money(iv.p50, lang, cur)),
            "range": None if lo == hi else t("report.range", lang, lo=lo, hi=hi),
        }

    return [
        {
            "name": perspective_name(a.perspective, lang),
            "costs": cell(a.costs),
            "avoided": cell(a.avoided),
            "net": cell(a.net),
            "prob": nb(fmt_pct(result.prob_npv_positive(a.perspective), lang)),
            "total": a.perspective in ("society", "public_sector"),
        }
        for a in plots.actor_flows(result)
    ]


def payback_text(result: Result, lang: str, perspective: str = "society") -> str | None:
    """'Probability that the costs are paid back within the horizon ...' (None: no payback).

    The probability is over all draws (as ``prob_within_horizon`` in the JSON summary and the
    cash-flow chart); where the perspective pays intervention costs in only some draws, or in
    none, the text says so instead of calling nothing paid back.
    """
    if result.payback_year is None:
        return None
    pay = result.output("payback_year", perspective)
    horizon = result.scenario.settings.horizon_years
    persp = perspective_name(perspective, lang)
    bears = float(np.mean(result.output("pv_costs", perspective) > 0))
    if bears == 0.0:
        return t("report.payback_no_cost", lang, persp=persp)
    prob = float(np.mean(np.isfinite(pay)))
    finite = pay[np.isfinite(pay)]
    if finite.size < 0.01 * pay.size:  # too few draws for a typical year to mean anything
        text = t(
            "report.payback_rare", lang, horizon=horizon, persp=persp, prob=nb(fmt_pct(prob, lang))
        )
    else:
        text = t(
            "report.payback",
            lang,
            persp=persp,
            prob=nb(fmt_pct(prob, lang)),
            horizon=horizon,
            year=nb(fmt_number(float(np.median(finite)), lang, 0)),
        )
    if bears < 1.0:
        text += " " + t("report.payback_some_cost", lang, share=nb(fmt_pct(bears, lang)))
    return text


def _percentile_text(fraction: float | None, lang: str) -> str:
    """A cumulative probability as a percentile number: 0.8 -> '80', 0.004 -> '0,4'."""
    if fraction is None or not np.isfinite(fraction):
        return "–"
    pct = 100.0 * float(fraction)
    return fmt_number(pct, lang, 0 if 1.0 <= pct <= 99.0 else 1)


def _switching_value_text(param: Any, lang: str, result: Result) -> str:
    sv = param.switching_value
    attr = plots.attribute_of(param.id, result.scenario)
    cur = result.scenario.settings.currency
    pct = getattr(sv, "percentile", None)
    text = t(
        "report.switching_item",
        lang,
        label=param.label,
        value=nb(plots.fmt_value(float(sv.value), attr, lang, cur)),
        pct=nb(_percentile_text(pct, lang)),
    )
    direction = getattr(sv, "direction", None)
    if direction in ("below", "above"):
        text += " " + t(f"report.switching_{direction}", lang)
    return text


def base_vs_simulated(sensitivity: Any, lang: str, currency: str) -> str | None:
    """The one-way results' base case beside the simulated median NPV, and why they differ
    (None for a sensitivity result without a simulation)."""
    median = getattr(sensitivity, "npv_median", None)
    if median is None:
        return None
    text = " ".join(
        [
            t(
                "report.base_vs_median",
                lang,
                persp=perspective_name(sensitivity.perspective, lang),
                base=nb(fmt_money(float(sensitivity.base_npv), lang, currency)),
                median=nb(fmt_money(float(median), lang, currency)),
            ),
            t("sens.why_differ", lang),
        ]
    )
    if sensitivity.base_disagrees_with_simulation:
        text += " " + t("sens.sign_differs", lang)
    return text


def believe_none_text(sensitivity: Any, lang: str) -> str:
    """ "No single assumption turns the result", qualified by the simulated probability of the
    other sign where that is material: a one-way statement is not robustness."""
    from sekalk.sensitivity_analysis import MATERIAL_PROBABILITY

    if getattr(sensitivity, "npv_median", None) is None:
        return t("report.believe_none", lang)
    positive = float(sensitivity.base_npv) > 0
    other = sensitivity.prob_other_sign(positive)
    if other is None or other < MATERIAL_PROBABILITY:
        return t("report.believe_none", lang)
    key = "report.believe_none_loss" if positive else "report.believe_none_gain"
    return t(key, lang, prob=nb(fmt_pct(other, lang)))


def switching_values(sensitivity: Any, lang: str, result: Result) -> list[str]:
    """One sentence per parameter whose switching value (NPV = 0) lies within its range."""
    return [
        _switching_value_text(p, lang, result)
        for p in sensitivity.parameters
        if getattr(p, "switching_value", None) is not None
        and getattr(p.switching_value, "value", None) is not None
    ]


def override_rows(result: Result, lang: str) -> list[dict[str, Any]]:
    """Assumptions an evaluator replaced (``--set``, overlays, widening): original and new."""
    from sekalk.report.evaluator_text import override_source
    from sekalk.result import parameter_label

    params = result.scenario.parameters
    rows = []
    for o in getattr(result.scenario, "overrides", ()):
        label = parameter_label(params[o.id], lang) if o.id in params else o.id
        rows.append(
            {
                "label": label,
                "original": describe_distribution(o.original, lang),
                "value": describe_distribution(o.value, lang),
                "origin": o.origin,
                "evidence": t(f"evidence.{o.value.evidence or 'none'}", lang),
                "source": override_source(o),
                "note": o.value.note,
            }
        )
    return rows


def overlay_rows(scenario: Any, lang: str) -> list[dict[str, str]]:
    """The overlay files laid over ``scenario``: caption (file name and title) and SHA-256."""
    return [
        {
            "caption": t(
                "report.overlay_caption",
                lang,
                file=Path(o.path).name,
                title=o.title or t("ev.overlay_untitled", lang),
            ),
            "file": Path(o.path).name,
            "title": o.title or "",
            "sha256": o.sha256,
        }
        for o in getattr(scenario, "overlays", ())
    ]


def overlay_provenance(scenario: Any, lang: str) -> list[tuple[str, str]]:
    """Provenance rows of the overlay files: file and title, then SHA-256, per file."""
    rows = []
    for o in overlay_rows(scenario, lang):
        name = f"{o['file']} ({o['title']})" if o["title"] else o["file"]
        rows += [
            (t("report.prov_overlay", lang), name),
            (t("report.prov_overlay_sha", lang), o["sha256"]),
        ]
    return rows


def _money_cells(x: np.ndarray, lang: str, cur: str) -> dict[str, str]:
    """P5, median and P95 of ``x`` [SEK] and P(x > 0), formatted."""
    from sekalk import metrics

    lo, med, hi = np.quantile(x, [0.05, 0.5, 0.95])
    return {
        "p05": nb(fmt_money(float(lo), lang, cur)),
        "p50": nb(fmt_money(float(med), lang, cur)),
        "p95": nb(fmt_money(float(hi), lang, cur)),
        "prob": nb(fmt_pct(metrics.prob_positive(x), lang)),
    }


def level_rows(result: Result, lang: str, perspective: str = "society") -> list[dict[str, Any]]:
    """Each level on its own line: how often it happens, its NPV if it happens, and its
    probability-weighted contribution (the mean of its realised NPV) to the total."""
    cur = result.scenario.settings.currency
    rows = []
    for level in (*result.levels, "total"):
        own = level not in ("project", "total")
        cells = _money_cells(result.output("npv", perspective, level, if_occurs=own), lang, cur)
        rows.append(
            {
                "name": t(f"level.{level}", lang),
                "occurs": nb(fmt_pct(result.prob_occurs(level) if own else 1.0, lang))
                if level != "total"
                else "",
                **cells,
                "expected": nb(
                    fmt_money(float(np.mean(result.npv(perspective, level))), lang, cur)
                ),
                "total": level == "total",
            }
        )
    return rows


def level_case_rows(
    result: Result, lang: str, perspective: str = "society"
) -> list[dict[str, Any]]:
    """The NPV without continuation and spread, with each of them, and the weighted total."""
    cur = result.scenario.settings.currency
    cases = [("project", result.npv(perspective, "project"))]
    cases += [(lv, result.npv_with(lv, perspective)) for lv in result.levels[1:]]
    cases.append(("total", result.npv(perspective)))
    return [
        {
            "name": t(f"report.levels_case_{name}", lang),
            **_money_cells(x, lang, cur),
            "total": name == "total",
        }
        for name, x in cases
    ]


def levels_headline(result: Result, lang: str, perspective: str = "society") -> str:
    """'The figures refer to the total: ... The funded project alone: median X, P(gain) Y.'"""
    cur = result.scenario.settings.currency
    happens = [
        t(f"report.levels_part_{lv}", lang, prob=nb(fmt_pct(result.prob_occurs(lv), lang)))
        for lv in result.levels[1:]
    ]
    project = result.npv(perspective, "project")
    return t(
        "report.levels_headline",
        lang,
        parts=t("report.and", lang).join(happens),
        median=nb(fmt_money(float(np.median(project)), lang, cur)),
        prob=nb(fmt_pct(result.prob_npv_positive(perspective, "project"), lang)),
    )


def delta_rows(result: Result, base: Result, lang: str) -> list[dict[str, str]]:
    """Mean NPV, median NPV and P(NPV > 0) of the applicant's scenario (``base``) and with the
    evaluator's changes (``result``), and the change (common random numbers)."""
    from sekalk.comparison import headline_deltas

    cur = result.scenario.settings.currency
    d = headline_deltas(result, base)

    def signed(text: str, x: float) -> str:
        return nb(("+" + text) if x > 0 and not text.startswith("−") else text)

    mean_r, mean_b = (float(np.mean(r.npv())) for r in (result, base))
    med_r, med_b = (float(np.median(r.npv())) for r in (result, base))
    prob_r, prob_b = result.prob_npv_positive(), base.prob_npv_positive()
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
            "base": nb(fmt_pct(prob_b, lang)),
            "new": nb(fmt_pct(prob_r, lang)),
            "change": signed(
                t(
                    "report.pp",
                    lang,
                    n=fmt_number(100.0 * d["prob_npv_positive"], lang, 1),
                ),
                d["prob_npv_positive"],
            ),
        },
    ]


def credibility_section(result: Result, lang: str, sensitivity: Any = None) -> dict[str, Any]:
    """The credibility map as inline SVG and the assumptions flagged critical.

    With a sensitivity result that ran Sobol', the shares are its total-order indices;
    otherwise the squared rank correlations of ``result``, normalised to sum 1.
    """
    from sekalk.credibility import credibility_map, sobol_shares

    shares = sobol_shares(sensitivity) if sensitivity is not None else None
    cmap = credibility_map(result, lang=lang, shares=shares)
    thr = nb(fmt_pct(cmap.threshold, lang))
    n = len(cmap.critical)
    labels = {e.id: e.label for e in cmap.entries}
    return {
        "via_correlation": [
            t(
                "report.cred_via_correlation",
                lang,
                label=e.label,
                others="; ".join(labels.get(o, o) for o in e.influence.correlated_with),
            )
            for e in cmap.entries
            if e.via_correlation_only
        ],
        "svg": Markup(
            svgcharts.credibility_chart(
                cmap,
                lang=lang,
                title=t("cred.title", lang, persp=perspective_name("society", lang)),
            )
        ),
        "critical": [
            {
                "label": e.label,
                "evidence": e.evidence,
                "evidence_text": t(f"evidence.{e.evidence}", lang),
                "share": nb(fmt_pct(e.share, lang, 1)),
                "source": e.source,
            }
            for e in cmap.critical
        ],
        "summary": t("cred.n_critical", lang, n=n, thr=thr)
        if n
        else t("cred.none_critical", lang, thr=thr),
        "measure": t("report.cred_measure_sobol" if shares else "cred.measure", lang),
    }


def provenance_rows(result: Result, lang: str) -> list[tuple[str, str]]:
    """sekalk version, scenario file and sha256, seed, draws, sampler, prices and discounting."""
    from sekalk import __version__

    st = result.settings
    sc = result.scenario.settings
    rate = plots.parameter_interval(result, "scenario.discount_rate")
    return [
        (t("report.prov_version", lang), __version__),
        (
            t("report.prov_file", lang),
            Path(result.scenario.path).name if result.scenario.path else "–",
        ),
        (t("report.prov_sha", lang), result.scenario.sha256 or "–"),
        *overlay_provenance(result.scenario, lang),
        (t("report.prov_draws", lang), nb(fmt_number(st.draws, lang))),
        (t("report.prov_seed", lang), str(st.seed)),
        (t("report.prov_sampler", lang), sampler_name(st.sampler, lang)),
        (
            t("report.prov_prices", lang),
            t("report.prov_prices_value", lang, year=sc.price_year, currency=sc.currency),
        ),
        (t("report.prov_horizon", lang), t("report.years", lang, n=sc.horizon_years)),
        (
            t("report.prov_rate", lang),
            nb(plots.interval_text(rate, "discount_rate", lang, sc.currency)),
        ),
    ]


def _svg(fig: Any, prefix: str, title: str) -> Markup:
    svg = plots.figure_svg(fig, prefix=prefix, title=title)
    fig.clear()
    return Markup(svg)


def _texts(lang: str, keys: Sequence[str]) -> dict[str, str]:
    return {k: t(f"report.{k}", lang) for k in keys}


_STATIC_KEYS = (
    "doc_title",
    "toc",
    "sec_headline",
    "sec_believe",
    "sec_assumptions",
    "sec_drivers",
    "sec_actors",
    "sec_time",
    "sec_logic",
    "sec_method",
    "sec_provenance",
    "col_perspective",
    "col_p05",
    "col_p50",
    "col_p95",
    "col_prob",
    "col_bcr",
    "col_assumption",
    "col_value",
    "col_evidence",
    "col_source",
    "col_driver",
    "col_rho",
    "col_costs",
    "col_avoided",
    "col_net",
    "believe_switching_intro",
    "believe_no_sensitivity",
    "assumptions_intro",
    "drivers_intro",
    "drivers_sens_intro",
    "actors_intro",
    "time_intro",
    "logic_intro",
    "method_1",
    "method_2",
    "method_3",
    "method_4",
    "method_5",
    "valuation_title",
    "method_6",
    "evidence_legend",
    "defaults_note",
    "npv_caption",
    "table_caption",
    "note",
    "distribution",
    "overrides_intro",
    "col_original",
    "col_new",
    "col_origin",
    "override_evidence",
    "override_source",
    "evpi",
    "sens_notes",
    "disclaimer",
    "sec_levels",
    "levels_intro",
    "levels_each_caption",
    "levels_each_note",
    "levels_cases_caption",
    "col_level",
    "col_case",
    "col_occurs",
    "col_expected",
    "deltas_intro",
    "deltas_mcse_note",
    "col_figure",
    "col_base",
    "col_changed",
    "col_change",
    "sec_credibility",
    "credibility_intro",
    "col_share",
    "critical_title",
)


def render_report(
    result: Result,
    *,
    lang: str | None = None,
    sensitivity: Any = None,
    base: Result | None = None,
) -> str:
    """The whole report as one self-contained HTML page.

    Parameters
    ----------
    result
        A simulation result (with yearly flows, i.e. ``simulate(..., payback=True)``).
    lang
        ``"sv"`` or ``"en"`` (default: the scenario's language).
    sensitivity
        Optional sensitivity result: adds switching values, tornado and Sobol' charts, and
        its Sobol' total indices become the shares of the credibility map.
    base
        The unmodified scenario's result on the same seed, draws and sampler, when
        ``result``'s scenario carries overrides: the report shows how the headline moved.

    Returns
    -------
    str
        The HTML page (UTF-8 text), identical for identical inputs.
    """
    from sekalk import __version__

    lang = lang or result.scenario.settings.language
    if lang not in ("sv", "en"):
        raise ValueError(f"unknown language {lang!r}; expected sv or en")
    sc = result.scenario
    cur = sc.settings.currency
    society = perspective_name("society", lang)
    h = headline(result, lang)
    be = breakeven(result, lang)
    charts = {
        "npv": Markup(
            svgcharts.npv_chart(result.npv("society"), lang=lang, currency=cur, persp=society)
        ),
        "actors": Markup(svgcharts.actors_chart(result, lang=lang)),
        "logic": Markup(svgcharts.logic_chart(result, lang=lang)),
    }
    time_charts = []
    if result.cumulative_sample is not None:
        for p in ("society", "public_sector"):
            if p in result.perspectives:
                time_charts.append(
                    {
                        "svg": Markup(svgcharts.cashflow_chart(result, perspective=p, lang=lang)),
                        "payback": payback_text(result, lang, p),
                    }
                )
    sens = None
    if sensitivity is not None:
        sens = {
            "switching": switching_values(sensitivity, lang, result),
            "base": base_vs_simulated(sensitivity, lang, cur),
            "believe_none": believe_none_text(sensitivity, lang),
            "tornado": Markup(
                svgcharts.tornado_chart(sensitivity, lang=lang, currency=cur, scenario=sc)
            )
            if any(getattr(p, "tornado", None) for p in sensitivity.parameters)
            else None,
            "sobol": Markup(svgcharts.sobol_chart(sensitivity, lang=lang))
            if any(getattr(p, "sobol", None) for p in sensitivity.parameters)
            else None,
            "evpi": nb(fmt_money(float(sensitivity.evpi), lang, cur))
            if getattr(sensitivity, "evpi", None) is not None
            else None,
            "notes": [str(n) for n in (getattr(sensitivity, "notes", None) or ())],
        }
    context = {
        "lang": lang,
        "csp": CSP,
        "title": sc.title,
        "description": sc.settings.description,
        "subtitle": t(
            "report.subtitle",
            lang,
            version=__version__,
            draws=nb(fmt_number(result.settings.draws, lang)),
            year=sc.settings.price_year,
        ),
        "txt": _texts(lang, _STATIC_KEYS),
        "headline_interval": t(
            "report.headline_interval", lang, persp=society, lo=h.lo, hi=h.hi, median=h.median
        ),
        "headline_prob": t("report.headline_prob", lang, gain=h.prob_gain, loss=h.prob_loss),
        "headline_breakeven": (
            t("report.breakeven", lang, **be) if be else t("run.breakeven_undefined", lang)
        ),
        "avoided_negative": negative_avoided_sentence(result.avoided_outcomes, lang),
        "believe_breakeven": (
            t("report.believe_breakeven", lang, **be) if be else t("run.breakeven_undefined", lang)
        ),
        "perspectives": perspective_rows(result, lang),
        "overrides": override_rows(result, lang),
        "overlays": overlay_rows(result.scenario, lang),
        "deltas": delta_rows(result, base, lang) if base is not None else None,
        "levels": {
            "headline": levels_headline(result, lang),
            "each": level_rows(result, lang),
            "cases": level_case_rows(result, lang),
        }
        if result.has_levels
        else None,
        "assumptions": assumption_rows(result, lang),
        "credibility": credibility_section(result, lang, sensitivity),
        "has_defaults": any(
            is_unstated_default(p.attribute, p.distribution) for p in sc.iter_parameters()
        ),
        "valuation": " ".join(valuation_sentences(sc.settings, lang)),
        "drivers": driver_rows(result, lang),
        "actors": actor_rows(result, lang),
        "time_charts": time_charts,
        "charts": charts,
        "sens": sens,
        "provenance": provenance_rows(result, lang),
        "evidence_grades": [
            (g, t(f"evidence.{g}", lang)) for g in ("research", "experience", "assumption", "none")
        ],
    }
    return _environment().get_template("report.html.j2").render(**context)


def write_report(
    result: Result,
    path: str | os.PathLike,
    *,
    lang: str | None = None,
    sensitivity: Any = None,
    base: Result | None = None,
) -> None:
    """Render the report and write it to ``path`` atomically (UTF-8)."""
    write_text_atomic(path, render_report(result, lang=lang, sensitivity=sensitivity, base=base))


def render_summary(result: Result, *, lang: str | None = None) -> str:
    """A small HTML fragment for notebooks: headline, NPV table and a small NPV chart."""
    lang = lang or result.scenario.settings.language
    h = headline(result, lang)
    context = {
        "title": result.scenario.title,
        "txt": _texts(
            lang, ("col_perspective", "col_p05", "col_p50", "col_p95", "col_prob", "col_bcr")
        ),
        "headline_interval": t(
            "report.headline_interval",
            lang,
            persp=perspective_name("society", lang),
            lo=h.lo,
            hi=h.hi,
            median=h.median,
        ),
        "headline_prob": t("report.headline_prob", lang, gain=h.prob_gain, loss=h.prob_loss),
        "perspectives": perspective_rows(result, lang),
        "npv_svg": Markup(
            svgcharts.npv_chart(
                result.npv("society"),
                lang=lang,
                currency=result.scenario.settings.currency,
                persp=perspective_name("society", lang),
                width=600.0,
                height=300.0,
            )
        ),
    }
    return _environment().get_template("summary.html.j2").render(**context)


# --------------------------------------------------------------------------- comparison

_COMPARISON_KEYS = (
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


def comparison_rows(cmp: ComparisonResult, lang: str) -> list[dict[str, Any]]:
    """Per scenario: its name, headline figures, overrides, file and sha256, formatted."""
    from sekalk.comparison import headline as figures

    cur = cmp.scenarios[0].settings.currency
    rows = []
    for i, r in enumerate(cmp.results):
        h = figures(r, cmp.perspective)
        npv, n = h["npv"], len(r.scenario.overrides)
        rows.append(
            {
                "name": f"#{i + 1} {r.scenario.title}",
                "title": r.scenario.title,
                "n_overrides": n,
                "overrides_text": t("report.cmp_n_overrides", lang, n=n),
                **{k: nb(fmt_money(npv[k], lang, cur)) for k in ("mean", "p05", "p50", "p95")},
                "prob": nb(fmt_pct(h["prob_npv_positive"], lang)),
                "bcr": nb(fmt_number(h["bcr"]["p50"], lang, 2)),
                "needed": nb(fmt_number(h["successes_needed"]["p50"], lang, 1)),
                "avoided": nb(fmt_number(h["avoided_outcomes"]["mean"], lang, 1)),
                "avoided_negative": negative_avoided_sentence(r.avoided_outcomes, lang),
                "overrides": override_rows(r, lang),
                "file": Path(r.scenario.path).name if r.scenario.path else "–",
                "sha256": r.scenario.sha256 or "–",
                "overlays": overlay_rows(r.scenario, lang),
                "valuation": " ".join(valuation_sentences(r.scenario.settings, lang)),
            }
        )
    return rows


def pair_rows(cmp: ComparisonResult, lang: str) -> list[dict[str, str]]:
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


def render_comparison(cmp: ComparisonResult, *, lang: str | None = None) -> str:
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

    lang = lang or cmp.scenarios[0].settings.language
    if lang not in ("sv", "en"):
        raise ValueError(f"unknown language {lang!r}; expected sv or en")
    st = cmp.results[0].settings
    persp = perspective_name(cmp.perspective, lang)
    context = {
        "lang": lang,
        "csp": CSP,
        "txt": _texts(lang, _COMPARISON_KEYS),
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
        "chart": _svg(cmp.plot(lang), "compare", t("report.cmp_chart_title", lang, persp=persp)),
        "provenance": [
            (t("report.prov_version", lang), __version__),
            (t("report.prov_draws", lang), nb(fmt_number(st.draws, lang))),
            (t("report.prov_seed", lang), str(st.seed)),
            (t("report.prov_sampler", lang), sampler_name(st.sampler, lang)),
            (t("report.cmp_prov_perspective", lang), persp),
        ],
    }
    return _environment().get_template("compare.html.j2").render(**context)


def write_comparison(
    cmp: ComparisonResult, path: str | os.PathLike, *, lang: str | None = None
) -> None:
    """Render the comparison report and write it to ``path`` atomically (UTF-8)."""
    write_text_atomic(path, render_comparison(cmp, lang=lang))


# --------------------------------------------------------------------------- portfolio

_PORTFOLIO_KEYS = (
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
        **_money_cells(x, lang, cur),
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
    lang = lang or first.language
    if lang not in ("sv", "en"):
        raise ValueError(f"unknown language {lang!r}; expected sv or en")
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
        "txt": _texts(lang, _PORTFOLIO_KEYS),
        "title": t("portfolio.title", lang, k=len(pf.results)),
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
    return _environment().get_template("portfolio.html.j2").render(**context)


def write_portfolio(
    pf: PortfolioResult, path: str | os.PathLike, *, lang: str | None = None
) -> None:
    """Render the portfolio report and write it to ``path`` atomically (UTF-8)."""
    write_text_atomic(path, render_portfolio(pf, lang=lang))
