"""How it was computed, and the valuation basis the scenario declares."""

from __future__ import annotations

from typing import Any

from sekalk.report.sections import ReportContext, Section
from sekalk.report.text import valuation_sentences


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"valuation": " ".join(valuation_sentences(ctx.result.scenario.settings, ctx.lang))}


SECTION = Section(
    id="method",
    title="report.sec_method",
    template="sections/method.html.j2",
    order=100,
    build=build,
    texts=(
        "method_1",
        "method_2",
        "method_3",
        "method_4",
        "method_5",
        "valuation_title",
        "method_6",
    ),
)
