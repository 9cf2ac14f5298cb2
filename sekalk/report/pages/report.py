"""The one-file HTML report of a result: its sections come from :mod:`sekalk.report.sections`
and its table of contents is generated from them. Inline SVG charts and CSS, no script,
nothing fetched."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sekalk.outputs import write_text_atomic
from sekalk.report.i18n import fmt_number, t
from sekalk.report.pages.common import CSP, check_language, environment, nb, texts
from sekalk.report.sections import ReportContext, sections
from sekalk.result import Result
from sekalk.summaries import summarize

#: Texts of the page itself (the sections declare their own).
PAGE_TEXTS = ("doc_title", "toc")


@dataclass(frozen=True, slots=True)
class BuiltSection:
    """A section as the page shows it: anchor, heading, partial and what the partial shows."""

    id: str
    title: str
    template: str
    data: dict[str, Any]


def build_sections(ctx: ReportContext) -> list[BuiltSection]:
    """Every registered section that has something to show, in report order."""
    built = []
    for section in sections():
        data = section.build(ctx)
        if data is not None:
            built.append(
                BuiltSection(section.id, t(section.title, ctx.lang), section.template, data)
            )
    return built


def page_texts(lang: str) -> dict[str, str]:
    """The ``report.*`` texts of the page and of every registered section."""
    keys = dict.fromkeys(PAGE_TEXTS)
    for section in sections():
        keys.update(dict.fromkeys(section.texts))
    return texts(lang, tuple(keys))


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
    lang = check_language(lang or result.scenario.settings.language)
    summary = summarize(result)
    sc = result.scenario
    prov = summary.provenance
    ctx = ReportContext(summary, lang, sensitivity=sensitivity, base=base)
    context = {
        "lang": lang,
        "csp": CSP,
        "title": sc.title,
        "description": sc.settings.description,
        "subtitle": t(
            "report.subtitle",
            lang,
            version=prov.version,
            draws=nb(fmt_number(prov.draws, lang)),
            year=prov.price_year,
        ),
        "txt": page_texts(lang),
        "sections": build_sections(ctx),
    }
    return environment().get_template("report.html.j2").render(**context)


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
