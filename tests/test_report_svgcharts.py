"""The report's SVG charts: parsed back, their geometry checked against the numbers.

Positions are read from the SVG and compared with numbers computed here independently
(``numpy.histogram``, ``numpy.quantile``, a year loop), through the affine map the chart must
use: a chart that drew a bar at the wrong height or a tick at the wrong place fails.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import defusedxml.ElementTree as DET
import numpy as np
import pytest

from sekalk.report import svgcharts
from sekalk.report.i18n import fmt_money, fmt_pct, t
from sekalk.simulation import simulate
from sekalk.text.numbers import read_number

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "foraldrastod_fullfoljda_studier.toml"
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def result():
    return simulate(EXAMPLE, draws=4000, seed=5, keep_flows=True)


def parse(svg: str):
    return DET.fromstring(svg)


def by_class(root, cls: str) -> list:
    return [
        e for e in root.iter() if f"{svgcharts.CLASS_PREFIX}{cls}" in e.get("class", "").split()
    ]


def text_of(el) -> str:
    return "\n".join(s for s in el.itertext())


def fit(values, coords):
    """The affine map value -> coordinate through the first and last point, checked at all."""
    values, coords = np.asarray(values, float), np.asarray(coords, float)
    i, j = int(np.argmin(values)), int(np.argmax(values))
    slope = (coords[j] - coords[i]) / (values[j] - values[i])
    return lambda v: coords[i] + (np.asarray(v, float) - values[i]) * slope


def tick_values(root, scale_factor: float = 1.0) -> tuple[list[float], list[float]]:
    """The numbers written under the x axis and the x where each is written."""
    values, xs = [], []
    for el in by_class(root, "tick"):
        number = el.text.replace("\u2212", "-").replace("%", "").strip()
        values.append(read_number(number) * scale_factor)
        xs.append(float(el.get("x")))
    return values, xs


def accessible(root, title: str) -> None:
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label") == title
    assert root.find(f"{NS}title").text == title
    assert root.find(f"{NS}desc").text


def text_boxes(root) -> list[tuple[tuple[float, float, float, float], str, object]]:
    """The box (x0, y0, x1, y1) [px] of every unrotated text, estimated line by line with
    svgcharts.text_width (the width the layout reserves), with its text and element."""
    out = []
    for el in root.iter(f"{NS}text"):
        if el.get("transform"):
            continue
        size = float(el.get("font-size", svgcharts.SIZE))
        x, y = float(el.get("x")), float(el.get("y"))
        spans = list(el.iter(f"{NS}tspan"))
        lines, baselines = [el.text or ""], [y]
        if spans:
            lines, baselines = [], []
            for span in spans:
                y += float(span.get("dy", 0))
                lines.append(span.text or "")
                baselines.append(y)
        w = max(svgcharts.text_width(line, size) for line in lines)
        anchor = el.get("text-anchor", "start")
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        box = (x0, min(baselines) - 0.8 * size, x0 + w, max(baselines) + 0.25 * size)
        out.append((box, "\n".join(lines), el))
    return out


def assert_inside_viewbox(root) -> None:
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    for box, text, _el in text_boxes(root):
        assert 0 <= box[0] and box[2] <= width, (text, box, width)
        assert 0 <= box[1] and box[3] <= height, (text, box, height)


# ----------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("lo", "hi"), [(0, 1), (-9.2e6, 7.7e6), (0.013, 0.0171), (-3, 45), (1e9, 1e9 + 5), (-1, 0)]
)
def test_nice_ticks_step_by_1_2_or_5_inside_the_range(lo, hi):
    ticks = svgcharts.nice_ticks(lo, hi, 9)
    assert 4 <= len(ticks) <= 12
    assert lo - 1e-9 * abs(lo) <= ticks[0] and ticks[-1] <= hi + 1e-9 * abs(hi)
    steps = np.diff(ticks)
    assert np.allclose(steps, steps[0], rtol=1e-9)
    mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9


def test_text_width_grows_with_text_and_size():
    w = svgcharts.text_width("Nettonuvärde", 12)
    assert svgcharts.text_width("Nettonuvärde för samhället", 12) > w
    assert svgcharts.text_width("Nettonuvärde", 24) == pytest.approx(2 * w)
    assert svgcharts.text_width("Nettonuvärde", 12, bold=True) > w


# ----------------------------------------------------------------------------- NPV histogram


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_npv_histogram_bars_are_numpy_histogram_counts(lang):
    rng = np.random.default_rng(7)
    npv = rng.normal(-3e6, 2e6, 20_000)
    svg = svgcharts.npv_chart(npv, lang=lang, persp="samhället", bins=60)
    root = parse(svg)
    accessible(root, t("chart.npv_title", lang, persp="samhället"))
    lo, hi = np.quantile(npv, [0.001, 0.999])
    counts, edges = np.histogram(np.clip(npv, lo, hi), bins=60)
    bars = by_class(root, "bar")
    assert len(bars) == np.count_nonzero(counts)
    nz = counts > 0
    heights = np.array([float(b.get("height")) for b in bars])
    np.testing.assert_allclose(heights / heights.max(), counts[nz] / counts.max(), atol=2e-4)
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 1) for b in bars}
    assert len(bottoms) == 1  # every bar stands on the axis
    x_of = fit(edges[:-1][nz], [float(b.get("x")) for b in bars])
    np.testing.assert_allclose([float(b.get("x")) for b in bars], x_of(edges[:-1][nz]), atol=0.02)
    np.testing.assert_allclose(
        [float(b.get("x")) + float(b.get("width")) for b in bars], x_of(edges[1:][nz]), atol=0.02
    )
    p05, p50, p95 = np.quantile(npv, [0.05, 0.5, 0.95])
    (median,) = by_class(root, "median")
    assert float(median.get("x1")) == pytest.approx(float(x_of(p50)), abs=0.02)
    (zero,) = by_class(root, "zero")
    assert float(zero.get("x1")) == pytest.approx(float(x_of(0.0)), abs=0.02)
    (band,) = by_class(root, "interval")
    assert float(band.get("x")) == pytest.approx(float(x_of(p05)), abs=0.02)
    assert float(band.get("width")) == pytest.approx(float(x_of(p95) - x_of(p05)), abs=0.04)
    # the axis tells the truth: every tick label [mnkr / SEK m] stands where its value is
    values, xs = tick_values(root, 1e6)
    assert len(values) >= 5
    np.testing.assert_allclose(xs, x_of(values), atol=0.02)
    prob = float(np.mean(npv > 0))
    (box,) = by_class(root, "prob")
    assert box.text == t("chart.prob_gain", lang, prob=fmt_pct(prob, lang))
    assert fmt_money(p05, lang) in root.find(f"{NS}desc").text


def test_npv_histogram_of_a_constant_is_one_line_and_same_input_same_bytes():
    svg = svgcharts.npv_chart(np.full(100, 2.5e6), lang="sv", persp="x")
    root = parse(svg)
    assert not [b for b in by_class(root, "bar") if b.tag == f"{NS}rect"]
    assert len(by_class(root, "bar")) == 1
    npv = np.random.default_rng(1).normal(size=1000) * 1e6
    assert svgcharts.npv_chart(npv, lang="en", persp="x") == svgcharts.npv_chart(
        npv.copy(), lang="en", persp="x"
    )


def test_text_is_escaped():
    label = 'A <b>bold</b> & "quoted" $x$ label'
    svg = svgcharts.npv_chart(np.arange(100.0), lang="en", persp=label, title=label)
    root = parse(svg)  # well-formed
    assert root.get("aria-label") == label
    assert root.find(f"{NS}title").text == label
    assert "<b>" not in svg


# ----------------------------------------------------------------------------- result charts


def test_cashflow_fan_and_paid_back_step_follow_the_flows(result):
    p = "society"
    svg = svgcharts.cashflow_chart(result, perspective=p, lang="sv")
    root = parse(svg)
    accessible(root, t("chart.cashflow_title", "sv", persp=t("persp.society", "sv")))
    qi = result.perspectives.index(p)
    cum = result.cumulative_sample[:, qi, :]
    p50 = np.quantile(cum, 0.5, axis=0)
    p05, p95 = np.quantile(cum, [0.05, 0.95], axis=0)
    (line,) = by_class(root, "median")
    pts = np.array([[float(v) for v in xy.split(",")] for xy in line.get("points").split()])
    years = np.arange(cum.shape[1])
    x_of = fit(years, pts[:, 0])
    y_of = fit(p50, pts[:, 1])
    np.testing.assert_allclose(pts[:, 0], x_of(years), atol=0.02)
    np.testing.assert_allclose(pts[:, 1], y_of(p50), atol=0.02)
    assert y_of(1.0) < y_of(0.0)  # up is more
    (band,) = by_class(root, "band90")
    bpts = np.array([[float(v) for v in xy.split(",")] for xy in band.get("points").split()])
    n = years.size
    np.testing.assert_allclose(bpts[:n, 1], y_of(p05), atol=0.02)
    np.testing.assert_allclose(bpts[n:, 1], y_of(p95[::-1]), atol=0.02)
    # P(paid back by year t), a year loop over the draws (never paid back: not counted)
    pay = result.output("payback_year", p)
    share = np.array([np.mean(np.where(np.isnan(pay), np.inf, pay) <= yr) for yr in years])
    (step,) = by_class(root, "paid-back")
    spts = np.array([[float(v) for v in xy.split(",")] for xy in step.get("points").split()])
    # a step "post": (t, s_t) then (t + 1, s_t) before (t + 1, s_t+1)
    ys = spts[0::2, 1]
    assert ys.size == n
    if np.ptp(share) > 0:
        ys_of = fit(share, ys)
        np.testing.assert_allclose(ys, ys_of(share), atol=0.02)
    np.testing.assert_allclose(spts[1::2, 1], spts[0:-1:2, 1], atol=1e-9)


def test_actors_markers_stand_at_the_medians(result):
    svg = svgcharts.actors_chart(result, lang="en")
    root = parse(svg)
    accessible(root, t("chart.actors_title", "en"))
    marks = [e for e in by_class(root, "marker") if e.tag == f"{NS}circle"]  # avoided costs
    order = [q for q in result.perspectives if q not in ("society", "public_sector")] + [
        q for q in ("public_sector", "society") if q in result.perspectives
    ]
    medians = [float(np.quantile(result.output("pv_benefits", q), 0.5)) for q in order]
    xs = [float(m.get("cx")) for m in marks[: len(order)]]
    x_of = fit(medians, xs)
    np.testing.assert_allclose(xs, x_of(medians), atol=0.02)
    ys = [float(m.get("cy")) for m in marks[: len(order)]]
    assert ys == sorted(ys)  # in the order of the rows, top to bottom
    ranges = by_class(root, "avoided")
    for r, q in zip(ranges, order, strict=True):
        lo, hi = np.quantile(result.output("pv_benefits", q), [0.05, 0.95])
        assert float(r.get("x1")) == pytest.approx(float(x_of(lo)), abs=0.02)
        assert float(r.get("x2")) == pytest.approx(float(x_of(hi)), abs=0.02)


def test_logic_chart_has_every_box_and_its_values(result):
    from sekalk.report.plots import logic_chain

    svg = svgcharts.logic_chart(result, lang="sv")
    root = parse(svg)
    accessible(root, t("chart.logic_title", "sv"))
    stages = logic_chain(result, "sv")
    boxes = by_class(root, "box")
    assert len(boxes) == sum(len(s) for s in stages)
    texts = " ".join(text_of(e) for e in by_class(root, "box-body"))
    squeezed = texts.replace("\n", "").replace(" ", "")
    for stage in stages:
        for box in stage:
            for line, _grade in box.lines:
                assert line.replace(" ", "") in squeezed
    arrows = by_class(root, "arrowhead")
    assert len(arrows) == len(stages) - 1 + (len(stages[0]) - 1)


# ----------------------------------------------------------------------------- sensitivity


def _tornado_sens(n: int = 12):
    params = []
    for i in range(n):
        swing = (i + 1) * 1e5 * (-1 if i % 2 else 1)
        params.append(
            SimpleNamespace(
                id=f"logic.s{i}.share",
                label=f"Step <{i}> & more",
                tornado=SimpleNamespace(
                    low_value=0.1 * i,
                    high_value=0.1 * i + 0.05,
                    npv_low=-1e6 - swing / 2,
                    npv_high=-1e6 + swing / 2,
                    swing=swing,
                ),
                sobol=SimpleNamespace(
                    first=0.02 * i,
                    total=0.03 * i,
                    first_ci=(0.02 * i - 0.01, 0.02 * i + 0.01),
                    total_ci=(0.03 * i - 0.01, 0.03 * i + 0.01),
                ),
            )
        )
    return SimpleNamespace(
        parameters=params, base_npv=-1e6, npv_median=-1.2e6, perspective="society"
    )


def test_tornado_bars_span_base_to_each_npv_widest_on_top():
    sens = _tornado_sens()
    root = parse(svgcharts.tornado_chart(sens, lang="sv", top=10))
    accessible(root, t("chart.tornado_title", "sv"))
    lows, highs = by_class(root, "low"), by_class(root, "high")
    ranked = sorted(sens.parameters, key=lambda p: -abs(p.tornado.swing))[:10]
    assert len(lows) == len(highs) == 10
    (base,) = by_class(root, "base")
    values = [sens.base_npv, *(p.tornado.npv_low for p in ranked)]
    coords = [float(base.get("x1"))]
    for rect, p in zip(lows, ranked, strict=True):
        left, right = float(rect.get("x")), float(rect.get("x")) + float(rect.get("width"))
        coords.append(left if p.tornado.npv_low < sens.base_npv else right)
    x_of = fit(values, coords)
    for rect, p in zip(lows + highs, ranked + ranked, strict=True):
        v = p.tornado.npv_low if rect in lows else p.tornado.npv_high
        lo, hi = sorted((float(x_of(v)), float(x_of(sens.base_npv))))
        assert float(rect.get("x")) == pytest.approx(lo, abs=0.03)
        assert float(rect.get("width")) == pytest.approx(hi - lo, abs=0.05)
    rows = [text_of(e) for e in by_class(root, "row")]
    assert rows[0].startswith("Step <11> & more")  # escaped, widest swing first
    values, xs = tick_values(root, 1e3 if "tkr" in text_of(by_class(root, "xlabel")[0]) else 1e6)
    np.testing.assert_allclose(xs, x_of(values), atol=0.03)


def test_sobol_bars_are_the_indices():
    sens = _tornado_sens()
    root = parse(svgcharts.sobol_chart(sens, lang="en"))
    accessible(root, t("chart.sobol_title", "en"))
    ranked = sorted(sens.parameters, key=lambda p: -p.sobol.total)[:10]
    firsts, totals = by_class(root, "first"), by_class(root, "total")
    values = [p.sobol.first for p in ranked] + [p.sobol.total for p in ranked]
    widths = [float(r.get("width")) for r in firsts + totals]
    x0 = float(firsts[0].get("x"))
    ticks, xs = tick_values(root, 0.01)
    x_of = fit(ticks, xs)
    assert x0 == pytest.approx(float(x_of(0.0)), abs=0.02)
    np.testing.assert_allclose(widths, x_of(values) - x_of(0.0), atol=0.03)


def test_row_label_shortens_the_item_and_keeps_the_attribute():
    short = "Participants per year"
    assert svgcharts.row_label(short) == short
    item = "Leaves compulsory school without eligibility for upper secondary"
    labels = [
        svgcharts.row_label(f"{item}: {attr}")
        for attr in ("attribution", "relative risk", "risk without the intervention")
    ]
    for label, attr in zip(
        labels, ("attribution", "relative risk", "risk without the intervention"), strict=True
    ):
        lines = label.split("\n")
        assert len(lines) == 2 and all(len(line) <= 42 for line in lines)
        assert " ".join(lines).endswith("…: " + attr)  # the attribute whole, after the cut item
        assert " ".join(lines).startswith("Leaves compulsory school")
    assert len(set(labels)) == 3
    # no attribute part: cut in the middle, both ends kept
    long = "A" * 30 + " " + "b" * 30 + " " + "c" * 30 + " end"
    lines = svgcharts.row_label(long).split("\n")
    assert len(lines) <= 2 and all(len(line) <= 42 for line in lines)
    joined = "".join(lines)
    assert joined.startswith("A" * 30) and joined.endswith("end") and "…" in joined


def _no_effect_sens():
    """Rows whose NPV does not move (low = high = base), one whose low and high both lie
    right of the base case, and long labels of one item differing in their attribute."""
    item = "Leaves compulsory school without eligibility for upper secondary"
    rows = [
        ("attribution", -2e6, 0.5e6),
        ("annual amount (wide values)", -9e6, -2.3e6),  # the widest values at the far left
        ("relative risk", -1.6e6, -1e6),  # both right of the base case (-2.2e6)
        ("share", -2.2e6, -2.2e6),  # no effect
        ("annual amount", -2.2e6, -2.2e6),
    ]
    params = [
        SimpleNamespace(
            id=f"logic.s{i}.share",
            label=f"{item}: {attr}",
            tornado=SimpleNamespace(
                low_value=0.06 + i if i != 1 else 123456789.5,
                high_value=0.14 + i if i != 1 else -98765432.25,
                npv_low=low,
                npv_high=high,
                swing=high - low,
            ),
        )
        for i, (attr, low, high) in enumerate(rows)
    ]
    return SimpleNamespace(
        parameters=params, base_npv=-2.2e6, npv_median=-2.21e6, perspective="society"
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_tornado_value_labels_never_overlap_and_stay_inside(lang):
    sens = _no_effect_sens()
    root = parse(svgcharts.tornado_chart(sens, lang=lang))
    boxes = [(box, text) for box, text, el in text_boxes(root) if "ch-value" in el.get("class", "")]
    assert len(boxes) == 2 * len(sens.parameters)
    for i, (a, ta) in enumerate(boxes):
        for b, tb in boxes[i + 1 :]:
            assert not svgcharts._overlaps(a, b), (ta, tb)
    assert_inside_viewbox(root)
    # between the y axis (right of the row labels) and the right edge
    (y_axis,) = [a for a in by_class(root, "axis") if a.get("x1") == a.get("x2")]
    for box, text in boxes:
        assert float(y_axis.get("x1")) < box[0] and box[2] <= svgcharts.WIDTH, text
    # the values of a row stand apart: the lower NPV's left of the bars, the other right
    (base,) = by_class(root, "base")
    xb = float(base.get("x1"))
    lows, highs = by_class(root, "low-value"), by_class(root, "high-value")
    for p, lo_el, hi_el in zip(sens.parameters, lows, highs, strict=True):
        if p.tornado.npv_low == p.tornado.npv_high == sens.base_npv:
            assert float(lo_el.get("x")) < xb < float(hi_el.get("x"))
    # every row label keeps its attribute (where the rows differ)
    rows = [" ".join(text_of(e).split("\n")) for e in by_class(root, "row")]
    assert len(set(rows)) == len(rows)
    for row in rows:
        assert row.split(": ")[-1] in (
            "attribution",
            "annual amount (wide values)",
            "relative risk",
            "share",
            "annual amount",
        )


def assert_values_clear_of_lines(root) -> None:
    """No value label's box (estimated as text_boxes does) meets a drawn piece of the median
    or the zero line."""
    values = [
        (box, text)
        for box, text, el in text_boxes(root)
        if "ch-value" in el.get("class", "").split()
    ]
    assert values
    for cls in ("median", "zero"):
        for line in by_class(root, cls):
            x, y1, y2 = (float(line.get(k)) for k in ("x1", "y1", "y2"))
            assert float(line.get("x2")) == x  # vertical
            for box, text in values:
                meets = box[0] <= x <= box[2] and min(y1, y2) < box[3] and box[1] < max(y1, y2)
                assert not meets, (cls, text, box, x)


EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))


@pytest.fixture(scope="module")
def tornado_sens():
    from sekalk.sensitivity_analysis import sensitivity

    return {p.stem: sensitivity(p, "tornado", draws=2000, seed=1) for p in EXAMPLES}


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_tornado_value_labels_keep_off_the_median_line(tornado_sens, name, lang):
    """The dotted median line crossed value labels (foraldrastod_fullfoljda_studier: "35",
    "1,8 mnkr", "73 %", ...): they now stand past it, the line whole, labels apart and inside."""
    from sekalk.scenario import load

    sens = tornado_sens[name]
    scenario = load(ROOT / "scenarios" / f"{name}.toml")
    root = parse(svgcharts.tornado_chart(sens, lang=lang, scenario=scenario))
    (median,) = by_class(root, "median")  # one line: the labels moved, not the line
    xm = float(median.get("x1"))
    boxes = [(box, text) for box, text, el in text_boxes(root) if "ch-value" in el.get("class", "")]
    assert len(boxes) == 2 * len(by_class(root, "row"))
    for box, text in boxes:
        assert not box[0] <= xm <= box[2], (text, box, xm)
    assert_values_clear_of_lines(root)
    for i, (a, ta) in enumerate(boxes):
        for b, tb in boxes[i + 1 :]:
            assert not svgcharts._overlaps(a, b), (ta, tb)
    assert_inside_viewbox(root)
    (y_axis,) = [a for a in by_class(root, "axis") if a.get("x1") == a.get("x2")]
    for box, text in boxes:
        assert float(y_axis.get("x1")) < box[0] and box[2] <= svgcharts.WIDTH, text


def test_value_label_moves_outward_past_the_lines_it_would_cross():
    lines = [100.0, 130.0]
    # a label 40 px wide ending at 120 (left of its bar) spans the line at 100: it ends 4 px
    # left of that line instead
    assert svgcharts._clear_of_lines(120.0, 40.0, True, lines, 0.0, 800.0) == 96.0
    # one starting at 90 (right of its bar) spans both: it starts 4 px right of the last
    assert svgcharts._clear_of_lines(90.0, 40.0, False, lines, 0.0, 800.0) == 134.0
    # within 2 px of a line counts as crossing it; farther does not
    assert svgcharts._clear_of_lines(99.0, 20.0, True, lines, 0.0, 800.0) == 96.0
    assert svgcharts._clear_of_lines(97.5, 20.0, True, lines, 0.0, 800.0) == 97.5
    # no room past the line: None (the line then gives way)
    assert svgcharts._clear_of_lines(120.0, 40.0, True, lines, 60.0, 800.0) is None
    assert svgcharts._clear_of_lines(90.0, 40.0, False, lines, 0.0, 170.0) is None


def test_line_is_left_out_behind_labels_it_would_cross():
    svg = svgcharts.Svg(200, 200)
    boxes = [(90.0, 50.0, 130.0, 60.0), (0.0, 100.0, 20.0, 110.0), (95.0, 150.0, 99.0, 190.0)]
    svgcharts._vline_around(svg, 100.0, 40.0, 180.0, boxes, cls="median")
    root = parse(svg.render(title="t", desc="d"))
    pieces = [(float(e.get("y1")), float(e.get("y2"))) for e in by_class(root, "median")]
    # the first box's y range, 1 px either side, and the third's (within 2 px of x) to the end
    assert pieces == [(40.0, 49.0), (61.0, 149.0)]
    svg = svgcharts.Svg(200, 200)
    svgcharts._vline_around(svg, 100.0, 40.0, 180.0, [], cls="median")
    root = parse(svg.render(title="t", desc="d"))
    assert [(e.get("y1"), e.get("y2")) for e in by_class(root, "median")] == [("40", "180")]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sobol_and_tornado_keep_every_text_inside_the_viewbox(lang):
    sens = _tornado_sens()
    for chart in (svgcharts.sobol_chart, svgcharts.tornado_chart):
        root = parse(chart(sens, lang=lang))
        assert_inside_viewbox(root)
    root = parse(svgcharts.sobol_chart(sens, lang=lang))
    assert fmt_pct(1.0, lang) in [text_of(e) for e in by_class(root, "tick")]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_cashflow_legend_covers_no_data(result, lang):
    root = parse(svgcharts.cashflow_chart(result, lang=lang))
    assert_inside_viewbox(root)
    legend = {t("chart.band90", lang), t("chart.band50", lang), t("chart.median_line", lang)}
    legend_boxes = [box for box, text, _el in text_boxes(root) if text in legend]
    assert len(legend_boxes) == 3
    # the plot area starts below the legend: the top of the y axis and every drawn datum
    y_axis_top = min(
        min(float(a.get("y1")), float(a.get("y2")))
        for a in by_class(root, "axis")
        if a.get("x1") == a.get("x2")
    )
    data_top = min(
        float(xy.split(",")[1])
        for cls in ("band90", "band50", "median")
        for el in by_class(root, cls)
        for xy in el.get("points").split()
    )
    for box in legend_boxes:
        assert box[3] < y_axis_top <= data_top


# ----------------------------------------------------------------------------- credibility


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_credibility_labels_found_a_place_and_do_not_overlap(lang):
    from tests.test_credibility import _crowded_map

    cmap = _crowded_map()
    root = parse(svgcharts.credibility_chart(cmap, lang=lang, title="T"))
    labels = by_class(root, "label")
    assert len(labels) == len(cmap.entries)  # crowded, yet every label found a place
    size = float(labels[0].get("font-size"))
    boxes = []
    for el in labels:
        w = svgcharts.text_width(el.text, size)
        x = float(el.get("x"))
        x0 = x if el.get("text-anchor") is None else x - w
        y = float(el.get("y")) - 0.35 * size  # back from the baseline to the centre
        boxes.append((x0, y - size * 0.625, x0 + w, y + size * 0.625))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not svgcharts._overlaps(a, b), (a, b)
    # inside the axes (above the x axis, right of the y axis), so never over a tick label
    axes = by_class(root, "axis")
    x_axis = next(a for a in axes if a.get("y1") == a.get("y2"))
    y_axis = next(a for a in axes if a.get("x1") == a.get("x2"))
    right, bottom = float(x_axis.get("x2")), float(x_axis.get("y1"))
    left = float(y_axis.get("x1"))
    (threshold,) = by_class(root, "threshold")
    ty = float(threshold.get("y1"))
    for b in boxes:
        assert left <= b[0] and b[2] <= right and 0 <= b[1] and b[3] <= bottom
        assert not b[1] < ty < b[3]  # no label written across the threshold line
    # the points stand at their shares
    points = by_class(root, "point")
    shares = sorted((e.share for e in cmap.entries if not e.fixed), reverse=True)
    ys = sorted(float(p.get("cy")) for p in points)
    y_of = fit(shares, ys)
    np.testing.assert_allclose(ys, y_of(shares), atol=0.02)


def test_report_page_has_accessible_svg_charts_without_matplotlib(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sekalk.cli import main\n"
        "try:\n"
        "    main(['report', sys.argv[1], '-o', sys.argv[2], '--draws', '3000', '--sensitivity'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print('matplotlib' in sys.modules or 'pandas' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE), str(tmp_path / "r.html")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    import re

    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 7  # with the tornado and the Sobol' indices
    for svg in svgs:
        root = parse(svg)
        assert root.get("role") == "img" and root.find(f"{NS}title").text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_compare_chart_steps_are_numpy_histogram_shares(lang):
    from sekalk.comparison import compare

    tre = ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"
    cmp = compare([EXAMPLE, tre], draws=3000, seed=3)
    title = t("report.cmp_chart_title", lang, persp="x")
    root = parse(svgcharts.compare_chart(cmp, lang=lang, title=title))
    accessible(root, title)
    assert_inside_viewbox(root)
    # the common bins, written out: 0.5 % to 99.5 % quantile of all draws, 80 bins
    npvs = [r.npv("society") for r in cmp.results]
    lo = min(np.quantile(x, 0.005) for x in npvs)
    hi = max(np.quantile(x, 0.995) for x in npvs)
    edges = np.linspace(lo, hi, 81)
    lines = by_class(root, "scenario")
    assert len(lines) == 2
    factor = 1e3 if "tkr" in text_of(by_class(root, "xlabel")[0]) else 1e6
    x_ticks = [e for e in by_class(root, "tick") if e.get("text-anchor") == "middle"]
    x_of = fit(
        [read_number(e.text.replace("\u2212", "-").strip()) * factor for e in x_ticks],
        [float(e.get("x")) for e in x_ticks],
    )
    y_ticks = [e for e in by_class(root, "tick") if e.get("text-anchor") == "end"]
    shares_written = [read_number(e.text.replace("%", "").strip()) / 100 for e in y_ticks]
    y_of = fit(shares_written, [float(e.get("y")) - 0.35 * svgcharts.SIZE for e in y_ticks])
    for line, x in zip(lines, npvs, strict=True):
        expected = np.histogram(x, bins=edges)[0] / x.size
        pts = np.array([[float(v) for v in xy.split(",")] for xy in line.get("points").split()])
        # (e0, 0), then (e_k, share_k), (e_k+1, share_k) per bin, then (e_n, 0)
        np.testing.assert_allclose(pts[1:-1:2, 0], x_of(edges[:-1]), atol=0.02)
        np.testing.assert_allclose(pts[2:-1:2, 0], x_of(edges[1:]), atol=0.02)
        np.testing.assert_allclose(pts[1:-1:2, 1], y_of(expected), atol=0.02)
        assert pts[0, 1] == pts[-1, 1] == pytest.approx(float(y_of(0.0)), abs=0.02)
    # the legend names every position; the same input gives the same bytes
    legend_texts = {text for _box, text, _el in text_boxes(root)}
    for i, r in enumerate(cmp.results):
        assert f"#{i + 1} {r.scenario.title}" in legend_texts
    assert svgcharts.compare_chart(cmp, lang=lang, title=title) == svgcharts.compare_chart(
        cmp, lang=lang, title=title
    )


def test_compare_report_draws_without_matplotlib(tmp_path):
    import subprocess
    import sys

    tre = ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"
    code = (
        "import sys\n"
        "from sekalk.cli import main\n"
        "try:\n"
        "    main(['compare', sys.argv[1], sys.argv[2], '--draws', '500', '--report', sys.argv[3]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE), str(tre), str(tmp_path / "c.html")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    import re

    (chart,) = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(by_class(parse(chart), "scenario")) == 2


def test_readme_says_what_report_imports():
    # the claim is checked by test_report_page_has_accessible_svg_charts_without_matplotlib
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`sekalk report` imports matplotlib" not in text
    assert "`sekalk report` does not import matplotlib" in text
    assert "`sekalk validate` imports no scipy at all" in text
    # checked by test_compare_report_draws_without_matplotlib
    assert "`sekalk compare --report` does not import matplotlib either" in text
