"""Provenance: sekalk version, scenario file and sha256, overlays, draws, seed, sampler,
prices, horizon and discount rate."""

from __future__ import annotations

from typing import Any

from sekalk.report import plots
from sekalk.report.i18n import fmt_number, sampler_name, t
from sekalk.report.pages.common import nb, overlay_provenance
from sekalk.report.sections import ReportContext, Section


def provenance_rows(ctx: ReportContext) -> list[tuple[str, str]]:
    """The rows of the provenance list, formatted."""
    lang, prov = ctx.lang, ctx.summary.provenance
    return [
        (t("report.prov_version", lang), prov.version),
        (t("report.prov_file", lang), prov.file or "–"),
        (t("report.prov_sha", lang), prov.sha256 or "–"),
        *overlay_provenance(prov, lang),
        (t("report.prov_draws", lang), nb(fmt_number(prov.draws, lang))),
        (t("report.prov_seed", lang), str(prov.seed)),
        (t("report.prov_sampler", lang), sampler_name(prov.sampler, lang)),
        (
            t("report.prov_prices", lang),
            t("report.prov_prices_value", lang, year=prov.price_year, currency=prov.currency),
        ),
        (t("report.prov_horizon", lang), t("report.years", lang, n=prov.horizon_years)),
        (
            t("report.prov_rate", lang),
            nb(plots.interval_text(prov.discount_rate, "discount_rate", lang, prov.currency)),
        ),
    ]


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"rows": provenance_rows(ctx)}


SECTION = Section(
    id="provenance",
    title="report.sec_provenance",
    template="sections/provenance.html.j2",
    order=110,
    build=build,
)
