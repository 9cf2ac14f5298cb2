"""The logic model's shared layout: placed by hand, mirrored between y down and y up, and drawn
as placed by both faces (SVG and matplotlib)."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import defusedxml.ElementTree as DET
import pytest

from sekalk.report import logic_layout as layout_module
from sekalk.report import plots, svgcharts
from sekalk.report.logic_layout import logic_layout
from sekalk.simulation import simulate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))

HEIGHTS = {"A": 10.0, "B": 12.0, "C": 5.0, "D": 7.0, "E": 6.0, "F": 9.0}


def _measure(box, width):
    return box.title + " title", box.title + " body", HEIGHTS[box.title]


def _hand_stages():
    return [[SimpleNamespace(title=n) for n in names] for names in ("A", "B", "CDEF")]


def _place(y_up: bool):
    return logic_layout(
        _hand_stages(),
        cell=_measure,
        width=100.0,
        margin=5.0,
        gap=2.0,
        single_width=40.0,
        per_line=3,
        top_pad=10.0,
        arrow_gap=6.0,
        group_pad=4.0,
        bottom_pad=3.0,
        y_up=y_up,
    )


def test_layout_by_hand_y_down():
    lay = _place(y_up=False)
    # stage heights: A 10, B 12, group: lines of 7 (C, D, E) and 9 (F), one gap, the frame's 4
    assert [s.height for s in lay.stages] == [10.0, 12.0, 7.0 + 9.0 + 2.0 + 4.0]
    assert lay.extent == 10.0 + (10.0 + 12.0 + 22.0) + 2 * 6.0
    assert lay.height == lay.extent + 3.0
    a, b, group = lay.stages
    assert not a.grouped and not b.grouped and group.grouped
    # lone boxes: 40 wide, centred
    assert (a.top, a.cells[0].x, a.cells[0].width, a.cells[0].height) == (10.0, 30.0, 40.0, 10.0)
    assert (b.top, b.cells[0].x, b.cells[0].height) == (10.0 + 10.0 + 6.0, 30.0, 12.0)
    # the group: three per line across the 90 between the margins, two gaps of 2
    assert group.top == 26.0 + 12.0 + 6.0
    w = (90.0 - 2 * 2.0) / 3
    c, d, e, f = group.cells
    assert [x.box.title for x in (c, d, e, f)] == list("CDEF")
    for cell, x in zip((c, d, e), (5.0, 5.0 + w + 2.0, 5.0 + 2 * (w + 2.0)), strict=True):
        assert cell.x == pytest.approx(x)
        assert cell.width == pytest.approx(w)
        assert cell.top == 44.0 + 2.0  # half the frame's pad below its top
        assert cell.height == 7.0  # the line's tallest box
    assert f.x == pytest.approx((100.0 - w) / 2)
    assert f.top == 46.0 + 7.0 + 2.0
    assert f.height == 9.0
    assert (c.title, c.body) == ("C title", "C body")
    # arrows: bottom centre of a box to the next box's top centre, then to the group's top
    assert a.arrows == ()
    assert b.arrows == ((50.0, 20.0, 50.0, 26.0),)
    assert group.arrows == ((50.0, 38.0, 50.0, 44.0),)


def test_layout_by_hand_y_up():
    lay = _place(y_up=True)
    assert lay.height == 69.0
    a, b, group = lay.stages
    assert (a.top, b.top, group.top) == (59.0, 43.0, 25.0)
    assert [c.top for c in group.cells] == [23.0, 23.0, 23.0, 14.0]
    assert b.arrows == ((50.0, 49.0, 50.0, 43.0),)
    assert group.arrows == ((50.0, 31.0, 50.0, 25.0),)


@pytest.fixture(scope="module")
def results():
    return {p.stem: simulate(p, draws=300, seed=2, keep_flows=True) for p in EXAMPLES}


def _capture(monkeypatch, module):
    """Let ``module`` place its chart with the real layout and keep what it got."""
    got = []

    def spy(*args, **kwargs):
        got.append(layout_module.logic_layout(*args, **kwargs))
        return got[-1]

    monkeypatch.setattr(module, "logic_layout", spy)
    return got


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
@pytest.mark.parametrize("per_line", [3, 2])
def test_svg_face_draws_the_layout(results, monkeypatch, name, per_line):
    got = _capture(monkeypatch, svgcharts)
    svg = svgcharts.logic_chart(results[name], lang="en", per_line=per_line)
    (lay,) = got
    root = DET.fromstring(svg)

    def of(cls):
        prefix = svgcharts.CLASS_PREFIX + cls
        return [e for e in root.iter() if prefix in e.get("class", "").split()]

    cells = [c for s in lay.stages for c in s.cells]
    rects = [e for e in root.iter() if "ch-box" in e.get("class", "").split()]
    assert len(rects) == len(cells)
    for r, c in zip(rects, cells, strict=True):
        got_box = [float(r.get(k)) for k in ("x", "y", "width", "height")]
        assert got_box == pytest.approx([c.x, c.top, c.width, c.height], abs=0.006)
    groups = of("group")
    assert len(groups) == sum(s.grouped for s in lay.stages)
    arrows = [a for s in lay.stages for a in s.arrows]
    assert len(of("arrowhead")) == len(arrows)
    for line, (x0, y0, x1, y1) in zip(of("arrow"), arrows, strict=True):
        # drawn from 3 px after the start, along the line to the end (the head takes the rest)
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        assert float(line.get("x1")) == pytest.approx(x0 + 3 * ux, abs=0.006)
        assert float(line.get("y1")) == pytest.approx(y0 + 3 * uy, abs=0.006)
        assert float(line.get("x2")) == pytest.approx(x1 - 12 * ux, abs=0.006)
        assert float(line.get("y2")) == pytest.approx(y1 - 12 * uy, abs=0.006)
    assert root.get("viewBox").split()[3] == svgcharts._num(lay.extent + 18 + 44)


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_matplotlib_face_draws_the_layout(results, monkeypatch, name):
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    got = _capture(monkeypatch, plots)
    fig = plots.plot_logic(results[name], lang="sv")
    (lay,) = got
    assert tuple(fig.get_size_inches()) == pytest.approx((8.0, lay.height))
    patches = fig.axes[0].patches
    expected = []
    for s in lay.stages:
        if s.grouped:
            expected.append(("group", s.top - s.height, s.height))
        expected += [("box", c.x, c.top - c.height, c.width, c.height) for c in s.cells]
        expected += [("arrow", a) for a in s.arrows]
    assert len(patches) == len(expected)
    for p, e in zip(patches, expected, strict=True):
        if e[0] == "arrow":
            assert isinstance(p, FancyArrowPatch)
            (x0, y0), (x1, y1) = p._posA_posB
            assert (x0, y0, x1, y1) == e[1]
        elif e[0] == "group":
            assert isinstance(p, FancyBboxPatch)
            assert (p.get_y(), p.get_height()) == e[1:]
        else:
            assert isinstance(p, FancyBboxPatch)
            assert (p.get_x(), p.get_y(), p.get_width(), p.get_height()) == e[1:]
    # the boxes (and so the texts) of the two faces are the same boxes in the same order
    assert [c.box.title for s in lay.stages for c in s.cells] == [
        b.title for stage in plots.logic_chain(results[name], "sv") for b in stage
    ]
