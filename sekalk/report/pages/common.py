"""What every HTML page shares: the Jinja2 environment, the CSP, number cells, SVG charts,
and the rows of overrides, overlays and provenance.

The pages are rendered by Jinja2 with autoescaping, so every text from a scenario file appears
as text, never as markup. A Content-Security-Policy meta tag (``default-src 'none'``) makes the
browser refuse any fetch, should one ever slip in. Charts come from :mod:`sekalk.report.plots`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from markupsafe import Markup, escape

from sekalk.report import plots
from sekalk.report.describe import describe_distribution
from sekalk.report.i18n import fmt_money, fmt_pct, t
from sekalk.summaries import Provenance
from sekalk.text.catalog import languages

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
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


def environment() -> Any:
    """The Jinja2 environment of the pages (autoescaping, strict undefined variables), with
    the compiled templates kept in sekalk's cache folder (:mod:`sekalk.report.templatecache`)."""
    from sekalk.report.templatecache import template_cache_folder

    return _environment(template_cache_folder())


@lru_cache(maxsize=4)
def _environment(cache_folder: str | None) -> Any:
    import jinja2

    from sekalk.report.templatecache import template_cache

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=template_cache(cache_folder) if cache_folder else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["linkify"] = linkify
    return env


def check_language(lang: str) -> str:
    """``lang`` if it is a report language, else a ValueError."""
    if lang not in languages():
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(languages())}")
    return lang


def svg(fig: Any, prefix: str, title: str) -> Markup:
    """A matplotlib figure as inline SVG markup (the figure is cleared)."""
    text = plots.figure_svg(fig, prefix=prefix, title=title)
    fig.clear()
    return Markup(text)


def texts(lang: str, keys: Sequence[str]) -> dict[str, str]:
    """The ``report.<key>`` catalogue texts of ``keys`` in ``lang``."""
    return {k: t(f"report.{k}", lang) for k in keys}


def money_cells(x: np.ndarray, lang: str, cur: str) -> dict[str, str]:
    """P5, median and P95 of ``x`` [SEK] and P(x > 0), formatted."""
    from sekalk import metrics

    lo, med, hi = np.quantile(x, [0.05, 0.5, 0.95])
    return {
        "p05": nb(fmt_money(float(lo), lang, cur)),
        "p50": nb(fmt_money(float(med), lang, cur)),
        "p95": nb(fmt_money(float(hi), lang, cur)),
        "prob": nb(fmt_pct(metrics.prob_positive(x), lang)),
    }


def override_rows(result: Any, lang: str) -> list[dict[str, Any]]:
    """Assumptions an evaluator replaced (``--set``, overlays, widening): original and new."""
    from sekalk.report.evaluator_text import override_source
    from sekalk.report.labels import distribution_note, origin_label, parameter_label

    params = result.scenario.parameters
    rows = []
    for o in getattr(result.scenario, "overrides", ()):
        label = parameter_label(params[o.id], lang) if o.id in params else o.id
        rows.append(
            {
                "label": label,
                "original": describe_distribution(o.original, lang),
                "value": describe_distribution(o.value, lang),
                "origin": origin_label(o.origin, lang),
                "evidence": t(f"evidence.{o.value.evidence or 'none'}", lang),
                "source": override_source(o),
                "note": distribution_note(o.value, lang),
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


def overlay_provenance(prov: Provenance, lang: str) -> list[tuple[str, str]]:
    """Provenance rows of the overlay files: file and title, then SHA-256, per file."""
    rows = []
    for o in prov.overlays:
        rows += [
            (t("report.prov_overlay", lang), f"{o.file} ({o.title})" if o.title else o.file),
            (t("report.prov_overlay_sha", lang), o.sha256),
        ]
    return rows
