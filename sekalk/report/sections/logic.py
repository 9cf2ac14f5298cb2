"""The logic model as a chain of boxes, colour-coded by evidence grade."""

from __future__ import annotations

from typing import Any

from sekalk.report import plots
from sekalk.report.i18n import t
from sekalk.report.pages import common
from sekalk.report.sections import ReportContext, Section


def build(ctx: ReportContext) -> dict[str, Any]:
    return {
        "chart": common.svg(
            plots.plot_logic(ctx.result, lang=ctx.lang), "logic", t("chart.logic_title", ctx.lang)
        )
    }


SECTION = Section(
    id="logic",
    title="report.sec_logic",
    template="sections/logic.html.j2",
    order=90,
    build=build,
    texts=("logic_intro",),
)
