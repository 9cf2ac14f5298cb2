"""The summaries layer: language-neutral view models computed once from a result.

``summarize(result)`` gives a :class:`Summary` whose parts (headline, break-even, drivers,
per-actor flows, levels, assumptions, Monte Carlo error, provenance, and every output metric
of :mod:`sekalk.output_metrics`) are frozen dataclasses of numbers, codes and ids. The faces
(terminal, HTML report, JSON summary, workbook, web workbench) render them; only faces turn
them into words.
"""

from sekalk.summaries.build import Summary, is_unstated_default, summarize
from sekalk.summaries.model import (
    ActorFlow,
    Assumption,
    BreakEven,
    Driver,
    Headline,
    Interval,
    Level,
    LevelPerspective,
    McError,
    Overlay,
    PerspectiveSummary,
    Provenance,
    Stats,
)

__all__ = [
    "ActorFlow",
    "Assumption",
    "BreakEven",
    "Driver",
    "Headline",
    "Interval",
    "Level",
    "LevelPerspective",
    "McError",
    "Overlay",
    "PerspectiveSummary",
    "Provenance",
    "Stats",
    "Summary",
    "is_unstated_default",
    "summarize",
]
