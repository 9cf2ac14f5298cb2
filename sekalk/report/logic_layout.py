"""The geometry of the logic-model chart, shared by its two faces.

``plots.plot_logic`` (matplotlib, inches, y up) and ``svgcharts.logic_chart`` (SVG, pixels,
y down) draw the same chain of boxes: participants, each logic step, the outcomes, then the
consequences ``per_line`` side by side in one framed group, an arrow from each box (or group)
to the next. :func:`logic_layout` places them, numbers only; each face measures its own text
(through ``cell``) and draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sekalk.report.plots import LogicBox

#: ``cell(box, width)`` -> (title, body, height): a box's wrapped text and the height it needs
#: at that width, in the face's units.
CellMeasure = Callable[["LogicBox", float], tuple[str, str, float]]


@dataclass(frozen=True)
class LogicCell:
    """One box: its text as the face wrapped it and its place.

    ``x`` is its left edge, ``top`` the edge met first when reading from the top (the larger y
    where y points up), ``width`` and ``height`` its size (the height is its line's: the boxes
    side by side are equally high) [face units].
    """

    box: LogicBox
    title: str
    body: str
    x: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class LogicStage:
    """One stage of the chain: its boxes, and whether they are framed as one group (several
    boxes); ``top`` is its first edge in reading order and ``height`` its extent, frame
    included; ``arrows`` ``(x0, y0, x1, y1)`` lead into it from the previous stage's bottom
    [face units]."""

    cells: tuple[LogicCell, ...]
    grouped: bool
    top: float
    height: float
    arrows: tuple[tuple[float, float, float, float], ...]


@dataclass(frozen=True)
class LogicLayout:
    """The placed chain: the stages, ``extent``: top pad, stages and arrows together (where the
    legend may begin, measured from the top) and ``height``: the extent plus the bottom pad
    [face units]."""

    stages: tuple[LogicStage, ...]
    extent: float
    height: float


def _chunks(items: Sequence[LogicBox], size: int) -> list[list[LogicBox]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def logic_layout(
    stages: Sequence[Sequence[LogicBox]],
    *,
    cell: CellMeasure,
    width: float,
    margin: float,
    gap: float,
    single_width: float,
    per_line: int,
    top_pad: float,
    arrow_gap: float,
    group_pad: float,
    bottom_pad: float = 0.0,
    y_up: bool = False,
) -> LogicLayout:
    """Place the logic model's boxes, stage under stage, centred.

    Parameters
    ----------
    stages
        The boxes per stage, as ``plots.logic_chain`` gives them.
    cell
        Wraps a box's text for a box ``width`` wide and says how high it must be.
    width, margin, gap
        The chart's width, the margin on either side, and the gap between boxes side by side
        and between the lines of a stage [face units].
    single_width
        The width of a box alone in its stage [face units].
    per_line
        The most boxes side by side; a stage with more continues on the next line.
    top_pad, arrow_gap, bottom_pad
        Room above the first stage (for the title), between stages (for the arrows) and below
        the last (for the legend; only enters ``height``) [face units].
    group_pad
        The extra height of a framed group; half of it is the room between the frame's top and
        its first line [face units].
    y_up
        Whether y points up (matplotlib: the chain then starts at ``height - top_pad``) or
        down (SVG: it starts at ``top_pad``).

    Returns
    -------
    LogicLayout
        Every box's place and size per stage, the arrows into each stage, the total extent.
    """
    sign = -1.0 if y_up else 1.0
    full_w = width - 2 * margin
    measured = []  # per stage: lines of (box, title, body, box width, own height)
    for stage in stages:
        n = min(len(stage), per_line)
        box_w = single_width if n == 1 else (full_w - gap * (n - 1)) / n
        measured.append(
            [
                [(box, *cell(box, box_w), box_w) for box in chunk]
                for chunk in _chunks(stage, per_line)
            ]
        )
    stage_heights = [
        sum(max(c[3] for c in line) for line in lines)
        + gap * (len(lines) - 1)
        + (group_pad if len(lines) > 1 or len(lines[0]) > 1 else 0.0)
        for lines in measured
    ]
    extent = top_pad + sum(stage_heights) + arrow_gap * (len(measured) - 1)
    height = extent + bottom_pad
    y = height - top_pad if y_up else top_pad
    placed: list[LogicStage] = []
    previous: list[tuple[float, float]] = []  # where the arrows to the next stage start
    for lines, stage_h in zip(measured, stage_heights, strict=True):
        grouped = len(lines) > 1 or len(lines[0]) > 1
        stage_top = y
        if grouped:
            y += sign * (group_pad / 2)
        targets = [(width / 2, stage_top)] if grouped else []
        bottoms = []
        cells = []
        for line in lines:
            line_h = max(c[3] for c in line)
            total_w = sum(c[4] for c in line) + gap * (len(line) - 1)
            x = (width - total_w) / 2
            for box, title, body, _h, w in line:
                cells.append(LogicCell(box, title, body, x, y, w, line_h))
                cx = x + w / 2
                if not grouped:
                    targets.append((cx, y))
                bottoms.append((cx, y + sign * line_h))
                x += w + gap
            y += sign * (line_h + gap)
        stage_end = stage_top + sign * stage_h
        y = stage_end + sign * arrow_gap
        arrows = tuple((x0, y0, x1, y1) for x0, y0 in previous for x1, y1 in targets)
        previous = [(width / 2, stage_end)] if grouped else bottoms
        placed.append(LogicStage(tuple(cells), grouped, stage_top, stage_h, arrows))
    return LogicLayout(tuple(placed), extent, height)
