"""The logic model as a chain of boxes, colour-coded by evidence grade."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sekalk.report import svgcharts
from sekalk.report.sections import ReportContext, Section


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"chart": Markup(svgcharts.logic_chart(ctx.result, lang=ctx.lang))}


SECTION = Section(
    id="logic",
    title="report.sec_logic",
    template="sections/logic.html.j2",
    order=90,
    build=build,
    texts=("logic_intro",),
)
