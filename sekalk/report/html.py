"""The one-file HTML pages: inline SVG charts and CSS, no script, nothing fetched.

The pages live one module each in :mod:`sekalk.report.pages` (the report's sections in
:mod:`sekalk.report.sections`); this module keeps the public functions importable from where
callers have always found them.
"""

from __future__ import annotations

from sekalk.report import plots
from sekalk.report.pages import common
from sekalk.report.pages.common import CSP, NBSP, linkify, nb
from sekalk.report.pages.compare import (
    comparison_rows,
    pair_rows,
    render_comparison,
    write_comparison,
)
from sekalk.report.pages.portfolio import (
    budget_text,
    portfolio_rows,
    render_portfolio,
    write_portfolio,
)
from sekalk.report.pages.report import render_report, write_report
from sekalk.report.pages.summary import render_summary
from sekalk.report.sections.believe import base_vs_simulated, believe_none_text, switching_values

__all__ = [
    "CSP",
    "NBSP",
    "base_vs_simulated",
    "believe_none_text",
    "budget_text",
    "common",
    "comparison_rows",
    "linkify",
    "nb",
    "pair_rows",
    "plots",
    "portfolio_rows",
    "render_comparison",
    "render_portfolio",
    "render_report",
    "render_summary",
    "switching_values",
    "write_comparison",
    "write_portfolio",
    "write_report",
]
