"""The small HTML summary of a result for notebooks (``Result._repr_html_``)."""

from __future__ import annotations

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.i18n import perspective_name
from sekalk.report.pages.common import environment, texts
from sekalk.report.pages.figures import headline_sentences, perspective_rows
from sekalk.result import Result
from sekalk.summaries import summarize

SUMMARY_TEXTS = ("col_perspective", "col_p05", "col_p50", "col_p95", "col_prob", "col_bcr")


def render_summary(result: Result, *, lang: str | None = None) -> str:
    """A small HTML fragment for notebooks: headline, NPV table and a small NPV chart."""
    lang = lang or result.scenario.settings.language
    summary = summarize(result)
    sentences = headline_sentences(summary, lang)
    context = {
        "title": result.scenario.title,
        "txt": texts(lang, SUMMARY_TEXTS),
        "headline_interval": sentences["interval"],
        "headline_prob": sentences["prob"],
        "perspectives": perspective_rows(summary, lang),
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
    return environment().get_template("summary.html.j2").render(**context)
