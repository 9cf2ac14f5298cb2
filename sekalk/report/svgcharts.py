"""The HTML report's charts written straight as SVG text (no matplotlib).

Drawing them with matplotlib cost a report about 0.45 s of import and 1 s of rendering; these
functions take a few milliseconds. Each is pure: numbers in, an SVG element (a string) out,
sized by its ``viewBox`` so that the page's CSS (``svg.chart``) scales it.

Every chart carries its accessible name (``role="img"``, ``aria-label`` and ``<title>``) and a
``<desc>`` with its key numbers; all text is escaped XML text, numbers are formatted in the
report's language through :mod:`sekalk.report.i18n` (:mod:`sekalk.text.numbers`). The same
input gives the same bytes. ``sekalk plot`` and the ``Result.plot_*`` methods still draw with
matplotlib (:mod:`sekalk.report.plots`), whose data helpers these charts share.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.report.labels import parameter_label
from sekalk.report.logic_layout import logic_layout
from sekalk.report.plots import (
    BLUE,
    EVIDENCE_EDGE,
    EVIDENCE_STYLE,
    GREEN,
    GREY,
    ORANGE,
    SKY,
    VERMILION,
    Interval,
    LogicBox,
    MoneyScale,
    _box_text,
    _ranked,
    actor_flows_for_chart,
    attribute_of,
    fmt_value,
    logic_chain,
    money_scale,
    paid_back_by,
)

if TYPE_CHECKING:
    from sekalk.credibility import CredibilityMap
    from sekalk.result import Result
    from sekalk.scenario import Scenario

__all__ = [
    "actors_chart",
    "cashflow_chart",
    "compare_chart",
    "credibility_chart",
    "logic_chart",
    "nice_ticks",
    "npv_chart",
    "sobol_chart",
    "text_width",
    "tornado_chart",
]

INK = "#1a1a1a"
GRID = "#dddddd"
RED, TAB_BLUE = "#d62728", "#1f77b4"  # the credibility map's critical / other points
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SIZE = 12.0  # font size of tick labels and axis labels [px]
WIDTH = 800.0  # width of every chart [px of the viewBox]
#: Prefix of the classes of the chart's elements (``ch-bar``, ``ch-median``, ...).
CLASS_PREFIX = "ch-"

#: Stroke dash patterns of the evidence styles (matplotlib's names in plots.EVIDENCE_STYLE).
DASHES = {"solid": None, "dashed": "6 3", "dotted": "1.6 2.4", "dashdot": "6 2.5 1.6 2.5"}

#: Advance widths of DejaVu Sans [em] (the first font the charts ask for); letters with
#: diacritics are measured by their base letter.
_ADVANCE = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~",
        (
            0.318,
            0.401,
            0.460,
            0.838,
            0.636,
            0.950,
            0.780,
            0.275,
            0.390,
            0.390,
            0.500,
            0.838,
            0.318,
            0.361,
            0.318,
            0.337,
            *([0.636] * 10),
            0.337,
            0.337,
            0.838,
            0.838,
            0.838,
            0.531,
            1.000,
            0.684,
            0.686,
            0.698,
            0.770,
            0.632,
            0.575,
            0.775,
            0.752,
            0.295,
            0.295,
            0.656,
            0.557,
            0.863,
            0.748,
            0.787,
            0.603,
            0.787,
            0.695,
            0.635,
            0.611,
            0.732,
            0.684,
            0.989,
            0.685,
            0.611,
            0.685,
            0.390,
            0.337,
            0.390,
            0.838,
            0.500,
            0.500,
            0.613,
            0.635,
            0.550,
            0.635,
            0.615,
            0.352,
            0.635,
            0.634,
            0.278,
            0.278,
            0.579,
            0.278,
            0.974,
            0.634,
            0.612,
            0.635,
            0.635,
            0.411,
            0.521,
            0.392,
            0.634,
            0.592,
            0.818,
            0.592,
            0.592,
            0.525,
            0.636,
            0.337,
            0.636,
            0.838,
        ),
        strict=True,
    )
)
_ADVANCE.update({"\u2026": 1.0, "\u2212": 0.838, "\u2013": 0.5, "\u2014": 1.0, "\u2192": 0.838,
                 "\u00a0": 0.318, "\u202f": 0.2})  # fmt: skip
#: Room for a fallback font (Verdana is wider than DejaVu Sans).
_SAFETY = 1.08


def text_width(text: str, size: float = SIZE, *, bold: bool = False) -> float:
    """An estimate of the width of one line of ``text`` at ``size`` [px]: DejaVu Sans's
    advance widths with room for a wider fallback font, so that layout built on it leaves
    room rather than overlapping."""
    em = 0.0
    for ch in text:
        width = _ADVANCE.get(ch)
        if width is None:
            base = unicodedata.normalize("NFD", ch)[:1]
            width = _ADVANCE.get(base, 0.7)
        em += width
    return em * size * _SAFETY * (1.1 if bold else 1.0)


def nice_ticks(lo: float, hi: float, target: int = 7) -> list[float]:
    """Tick values in [lo, hi] at the smallest step of 1, 2 or 5 times a power of ten that
    makes at most ``target`` steps (matplotlib's ``MaxNLocator(steps=[1, 2, 5, 10])``)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(target, 1)  # at most ``target`` steps
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 5, 10) if s * mag >= raw * (1 - 1e-9))
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    # round away the float noise of k * step (0.30000000000000004 -> 0.3), and -0 to 0
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if math.isfinite(v) else "0"


class Scale:
    """A linear map from data values [any unit] to SVG coordinates [px]."""

    def __init__(self, lo: float, hi: float, a: float, b: float) -> None:
        if not hi > lo:
            lo, hi = lo - 0.5, hi + 0.5
        self.lo, self.hi, self.a, self.b = lo, hi, a, b

    def __call__(self, v: float) -> float:
        return self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)


def _padded(lo: float, hi: float, share: float = 0.05) -> tuple[float, float]:
    pad = (hi - lo) * share if hi > lo else max(abs(lo), 1.0) * 0.1
    return lo - pad, hi + pad


def row_label(label: str, width: int = 42) -> str:
    """A row label ``"<item>: <attribute>"`` on at most two lines of ``width`` characters.

    A longer label is shortened with "…" in its item part, so that the attribute (where rows
    of the same item differ) stays whole; a label without an attribute part (or with a very
    long one) is cut in the middle, keeping its beginning and its end.
    """
    lines = textwrap.wrap(label, width)
    if len(lines) <= 2:
        return "\n".join(lines)
    item, sep, attr = label.rpartition(": ")
    if sep and len(attr) <= width - 10:
        for n in range(len(item) - 1, 0, -1):
            lines = textwrap.wrap(item[:n].rstrip() + "…: " + attr, width)
            if len(lines) <= 2:
                return "\n".join(lines)
    for keep in range(2 * width - 2, 1, -1):
        head = (keep + 1) // 2
        text = label[:head].rstrip() + "…" + label[len(label) - (keep - head) :].lstrip()
        lines = textwrap.wrap(text, width)
        if len(lines) <= 2:
            return "\n".join(lines)
    return label[: width - 1] + "…"


def _right_edge(ticks: Sequence[float], label_fmt, size: float = SIZE, margin: float = 12.0):
    """The right end of an x axis [px] that leaves its last tick label whole in the chart."""
    half = max([text_width(label_fmt(v), size) / 2 + 4 for v in ticks] + [margin])
    return WIDTH - half


class Svg:
    """An SVG document built element by element."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []

    def _el(self, tag: str, attrs: dict[str, Any], text: str | None = None) -> None:
        items = []
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, float):
                value = _num(value)
            elif key == "class":  # prefixed: the page's own classes (.bar, .range) stay apart
                value = " ".join(f"{CLASS_PREFIX}{c}" for c in value.split())
            items.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
        head = f"<{tag} {' '.join(items)}"
        self.parts.append(f"{head}/>" if text is None else f"{head}>{text}</{tag}>")

    def line(self, x1, y1, x2, y2, stroke=INK, width=1.0, dash=None, cls=None, opacity=None):
        self._el(
            "line",
            {
                "class": cls,
                "x1": float(x1),
                "y1": float(y1),
                "x2": float(x2),
                "y2": float(y2),
                "stroke": stroke,
                "stroke_width": float(width),
                "stroke_dasharray": dash,
                "stroke_opacity": opacity,
            },
        )

    def rect(
        self,
        x,
        y,
        w,
        h,
        fill,
        *,
        cls=None,
        opacity=None,
        stroke=None,
        width=None,
        rx=None,
        dash=None,
    ):
        self._el(
            "rect",
            {
                "class": cls,
                "x": float(x),
                "y": float(y),
                "width": float(max(w, 0.0)),
                "height": float(max(h, 0.0)),
                "rx": rx,
                "fill": fill,
                "fill_opacity": opacity,
                "stroke": stroke,
                "stroke_width": width,
                "stroke_dasharray": dash,
            },
        )

    def circle(self, cx, cy, r, fill, *, stroke=None, cls=None, width=None):
        self._el(
            "circle",
            {
                "class": cls,
                "cx": float(cx),
                "cy": float(cy),
                "r": float(r),
                "fill": fill,
                "stroke": stroke,
                "stroke_width": width,
            },
        )

    def poly(
        self,
        tag,
        points,
        *,
        cls=None,
        fill="none",
        stroke=None,
        width=None,
        opacity=None,
        dash=None,
    ):
        pts = " ".join(f"{_num(float(x))},{_num(float(y))}" for x, y in points)
        self._el(
            tag,
            {
                "class": cls,
                "points": pts,
                "fill": fill,
                "fill_opacity": opacity,
                "stroke": stroke,
                "stroke_width": width,
                "stroke_linejoin": "round" if stroke else None,
                "stroke_dasharray": dash,
            },
        )

    def text(
        self,
        x,
        y,
        text,
        *,
        size=SIZE,
        anchor="start",
        bold=False,
        fill=INK,
        cls=None,
        rotate=False,
        middle=False,
        line_height=1.25,
    ):
        """One or more lines of text (split at ``\\n``); ``y`` is the first line's baseline,
        or with ``middle`` the vertical centre of the block."""
        lines = str(text).split("\n")
        if middle:
            y = y - (len(lines) - 1) * size * line_height / 2 + 0.35 * size
        body = escape(lines[0])
        if len(lines) > 1:
            body = "".join(
                f'<tspan x="{_num(x)}" dy="{_num(0 if i == 0 else size * line_height)}">'
                f"{escape(line)}</tspan>"
                for i, line in enumerate(lines)
            )
        self._el(
            "text",
            {
                "class": cls,
                "x": float(x),
                "y": float(y),
                "font_size": float(size),
                "text_anchor": None if anchor == "start" else anchor,
                "font_weight": "bold" if bold else None,
                "fill": fill,
                "transform": f"rotate(-90 {_num(x)} {_num(y)})" if rotate else None,
            },
            body,
        )

    def render(self, *, title: str, desc: str = "", cls: str = "chart") -> str:
        label = escape(title, quote=True)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" role="img" '
            f'aria-label="{label}" viewBox="0 0 {_num(self.width)} {_num(self.height)}" '
            f'font-family="{FONT}" font-size="{_num(SIZE)}">'
            f"<title>{escape(title)}</title>"
            + (f"<desc>{escape(desc)}</desc>" if desc else "")
            + "".join(self.parts)
            + "</svg>"
        )


# --------------------------------------------------------------------------- axes and legends


def _money_label(scale: MoneyScale, lang: str) -> Callable[[float], str]:
    """The tick label of a money axis (as plots._money_axis)."""

    def fmt(x: float) -> str:
        v = x / scale.factor
        decimals = 0 if abs(v) >= 10 or v == round(v) else 1
        return fmt_number(v, lang, decimals)

    return fmt


def _x_axis(svg, sx: Scale, y0: float, y1: float, label_fmt, *, grid=False, ticks=None) -> None:
    """Ticks and labels below ``y1`` (the axis line); grid lines up to ``y0`` if asked."""
    svg.line(sx.a, y1, sx.b, y1, width=1.0, cls="axis")
    for v in ticks if ticks is not None else nice_ticks(sx.lo, sx.hi, 10):
        x = sx(v)
        if grid:
            svg.line(x, y0, x, y1, stroke=GRID, width=0.8, cls="grid")
        svg.line(x, y1, x, y1 + 4, width=0.8)
        svg.text(x, y1 + 6 + SIZE, label_fmt(v), anchor="middle", cls="tick")


def _y_axis(svg, sy: Scale, x0: float, x1: float, label_fmt, *, grid=True, ticks=None) -> None:
    svg.line(x0, sy.a, x0, sy.b, width=1.0, cls="axis")
    for v in ticks if ticks is not None else nice_ticks(sy.lo, sy.hi, 6):
        y = sy(v)
        if grid:
            svg.line(x0, y, x1, y, stroke=GRID, width=0.8, cls="grid")
        svg.line(x0 - 4, y, x0, y, width=0.8)
        svg.text(x0 - 6, y, label_fmt(v), anchor="end", middle=True, cls="tick")


#: A legend entry: (kind, colour, label, extra) with kind "box", "line", "marker".
LegendItem = tuple[str, str, str, dict]


def _legend_width(items: Sequence[LegendItem], size: float) -> float:
    return sum(30 + text_width(label, size) + 18 for _k, _c, label, _e in items) - 18


def _legend(svg, items: Sequence[LegendItem], x_centre: float, y: float, size=11.0) -> float:
    """Legend entries on rows centred at ``x_centre`` from ``y`` (top); returns the bottom."""
    rows: list[list[LegendItem]] = [[]]
    for item in items:
        if rows[-1] and _legend_width([*rows[-1], item], size) > svg.width - 20:
            rows.append([])
        rows[-1].append(item)
    for row in rows:
        x = x_centre - _legend_width(row, size) / 2
        cy = y + size * 0.7
        for kind, colour, label, extra in row:
            if kind == "box":
                svg.rect(
                    x,
                    cy - 5,
                    24,
                    10,
                    colour,
                    opacity=extra.get("opacity"),
                    stroke=extra.get("stroke"),
                    width=extra.get("width"),
                    dash=extra.get("dash"),
                )
            elif kind == "line":
                svg.line(
                    x,
                    cy,
                    x + 24,
                    cy,
                    stroke=colour,
                    width=extra.get("width", 1.5),
                    dash=extra.get("dash"),
                )
            else:
                _marker(svg, extra.get("marker", "o"), x + 12, cy, colour)
            svg.text(x + 30, cy, label, size=size, middle=True)
            x += 30 + text_width(label, size) + 18
        y += size * 1.6
    return y


def _marker(svg, marker: str, x: float, y: float, colour: str, r: float = 4.5) -> None:
    if marker == "s":
        svg.rect(x - r, y - r, 2 * r, 2 * r, colour, cls="marker")
    elif marker == "D":
        s = r * 1.25
        svg.poly(
            "polygon", [(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill=colour, cls="marker"
        )
    else:
        svg.circle(x, y, r, colour, cls="marker")


def _title(svg, text: str, size: float = 15.0) -> None:
    svg.text(8, 8 + size, text, size=size, cls="title")


# --------------------------------------------------------------------------- NPV distribution


def npv_chart(
    npv: np.ndarray,
    *,
    lang: str,
    currency: str = "SEK",
    persp: str,
    title: str | None = None,
    width: float = WIDTH,
    height: float = 360.0,
    bins: int = 60,
) -> str:
    """Histogram of NPV draws [SEK] with the 90 % interval shaded, the median, the zero line
    and P(NPV > 0) (as :func:`sekalk.report.plots.plot_npv_draws`).

    The bars count the draws between the 0.1 % and 99.9 % quantiles, the outer draws folded
    into the outermost bars (``numpy.histogram`` of the clipped draws, ``bins`` bars).
    """
    from sekalk.metrics import prob_positive

    npv = np.asarray(npv, dtype=float)
    finite = npv[np.isfinite(npv)]
    iv = Interval.of(npv)
    title = title or t("chart.npv_title", lang, persp=persp)
    scale = money_scale([iv.p05, iv.p95, np.nanmin(npv), np.nanmax(npv)], lang, currency)
    interval_label = t(
        "chart.interval90",
        lang,
        lo=fmt_money(iv.p05, lang, currency),
        hi=fmt_money(iv.p95, lang, currency),
    )
    median_label = t("chart.median", lang, value=fmt_money(iv.p50, lang, currency))
    prob_label = t("chart.prob_gain", lang, prob=fmt_pct(prob_positive(npv), lang))
    svg = Svg(width, height)
    left, right, top = 34.0, width - 12.0, 38.0
    legend: list[LegendItem] = [
        ("box", BLUE, interval_label, {"opacity": 0.12}),
        ("line", BLUE, median_label, {"width": 1.8}),
        ("line", "#000000", t("chart.zero", lang), {"dash": "5 3", "width": 1.4}),
    ]
    legend_h = 24.0 if _legend_width(legend, 11) <= width - 20 else 44.0  # one row or two
    bottom = height - 52.0 - legend_h
    if np.ptp(finite) > 0:
        lo, hi = np.quantile(finite, [0.001, 0.999])
        counts, edges = np.histogram(np.clip(finite, lo, hi), bins=bins)
        xs = [float(edges[0]), float(edges[-1])]
    else:
        counts, edges = np.zeros(0, dtype=np.int64), np.zeros(0)
        xs = [float(finite[0])] if finite.size else [0.0]
    x_lo, x_hi = _padded(min(*xs, iv.p05, 0.0), max(*xs, iv.p95, 0.0))
    sx = Scale(x_lo, x_hi, left, right)
    top_count = float(counts.max()) * 1.15 if counts.size else 1.0
    sy = Scale(0.0, top_count, bottom, top)
    _title(svg, title)
    svg.rect(
        sx(iv.p05), top, sx(iv.p95) - sx(iv.p05), bottom - top, BLUE, opacity=0.12, cls="interval"
    )
    for count, a, b in zip(counts, edges[:-1], edges[1:], strict=True):
        if count:
            svg.rect(
                sx(a),
                sy(count),
                sx(b) - sx(a),
                sy(0) - sy(count),
                SKY,
                stroke="#ffffff",
                width=0.5,
                cls="bar",
            )
    if not counts.size and finite.size:
        svg.line(sx(finite[0]), top, sx(finite[0]), bottom, stroke=SKY, width=5, cls="bar")
    svg.line(sx(iv.p50), top, sx(iv.p50), bottom, stroke=BLUE, width=1.8, cls="median")
    svg.line(sx(0.0), top, sx(0.0), bottom, stroke="#000000", width=1.4, dash="5 3", cls="zero")
    box_w = text_width(prob_label, 13, bold=True) + 16
    svg.rect(right - box_w - 4, top + 4, box_w, 26, "#ffffff", stroke=GREY, width=1.0, rx=5)
    svg.text(
        right - 12, top + 17, prob_label, size=13, bold=True, anchor="end", middle=True, cls="prob"
    )
    svg.line(left, top, left, bottom, width=1.0, cls="axis")
    _x_axis(svg, sx, top, bottom, _money_label(scale, lang))
    svg.text(
        (left + right) / 2,
        bottom + 40,
        t("chart.npv_axis", lang, persp=persp, unit=scale.unit),
        anchor="middle",
        cls="xlabel",
    )
    svg.text(16, (top + bottom) / 2, t("chart.density", lang), anchor="middle", rotate=True)
    _legend(svg, legend, width / 2, bottom + 50)
    return svg.render(title=title, desc="; ".join((interval_label, median_label, prob_label)))


# --------------------------------------------------------------------------- actors


def actors_chart(result: Result, *, lang: str) -> str:
    """Who pays and who gains: per actor, median (marker) and 90 % interval (bar) of the
    present values of costs (drawn negative), avoided costs and the net [SEK]."""
    cur = result.scenario.settings.currency
    rows = actor_flows_for_chart(result)
    values = [
        v
        for r in rows
        for iv in (r.costs, r.avoided, r.net)
        for v in ((-iv.p95, -iv.p05) if iv is r.costs else (iv.p05, iv.p95))
    ]
    scale = money_scale(values, lang, cur)
    names = [perspective_name(r.perspective, lang) for r in rows]
    title = t("chart.actors_title", lang)
    n = len(rows)
    row_h = 54.0
    top = 40.0
    height = top + row_h * n + 92.0
    left = 16 + max(text_width(s) for s in names) + 10
    right = WIDTH - 14.0
    bottom = top + row_h * n
    finite = [v for v in values if math.isfinite(v)] + [0.0]
    sx = Scale(*_padded(min(finite), max(finite)), left, right)

    def y_of(i: int, offset: float) -> float:  # row i from the top, offset in rows (up > 0)
        return top + row_h * (i + 0.5 - offset)

    svg = Svg(WIDTH, height)
    _title(svg, title)
    _x_axis(svg, sx, top, bottom, _money_label(scale, lang), grid=True)
    svg.line(left, top, left, bottom, width=1.0, cls="axis")
    svg.line(sx(0.0), top, sx(0.0), bottom, stroke="#000000", width=1.0, cls="zero")
    if n > 2:
        svg.line(
            left,
            top + row_h * (n - 2),
            right,
            top + row_h * (n - 2),
            stroke=GREY,
            width=0.8,
            dash="1.5 2.5",
        )
    series = (
        ("costs", t("chart.actor_costs", lang), VERMILION, "s", -0.22),
        ("avoided", t("chart.actor_avoided", lang), GREEN, "o", 0.0),
        ("net", t("chart.actor_net", lang), "#000000", "D", 0.22),
    )
    for i, (r, name) in enumerate(zip(rows, names, strict=True)):
        svg.text(left - 8, y_of(i, 0.0), name, anchor="end", middle=True, cls="row")
        for key, _label, colour, marker, offset in series:
            iv: Interval = getattr(r, key)
            sign = -1.0 if key == "costs" else 1.0
            lo, mid, hi = sign * iv.p05, sign * iv.p50, sign * iv.p95
            y = y_of(i, offset)
            if all(math.isfinite(v) for v in (lo, mid, hi)):
                svg.line(
                    sx(min(lo, hi)),
                    y,
                    sx(max(lo, hi)),
                    y,
                    stroke=colour,
                    width=3.5,
                    opacity=0.6,
                    cls=f"range {key}",
                )
                _marker(svg, marker, sx(mid), y, colour)
    svg.text(
        (left + right) / 2,
        bottom + 40,
        t("chart.actor_axis", lang, unit=scale.unit),
        anchor="middle",
        cls="xlabel",
    )
    _legend(
        svg,
        [("marker", c, label, {"marker": m}) for _k, label, c, m, _o in series],
        WIDTH / 2,
        bottom + 52,
    )
    desc = "; ".join(
        f"{name}: {t('chart.actor_net', lang)} {fmt_money(r.net.p50, lang, cur)}"
        for r, name in zip(rows, names, strict=True)
    )
    return svg.render(title=title, desc=desc)


# --------------------------------------------------------------------------- cash flow


def cashflow_chart(result: Result, *, perspective: str = "society", lang: str) -> str:
    """Fan chart of the cumulative discounted net flow by year [SEK] (50 % and 90 % bands,
    the median) over P(paid back by year t) (a step line), as ``plots.plot_cashflow``."""
    cur = result.scenario.settings.currency
    f = result.flow_quantiles(perspective)
    years = np.asarray(f["year"], dtype=float)
    scale = money_scale(np.column_stack([f["p05"], f["p95"]]), lang, cur)
    persp = perspective_name(perspective, lang)
    title = t("chart.cashflow_title", lang, persp=persp)
    height = 490.0
    # the legend stands on its own row under the title, above the fan: it covers no data
    legend_y, top, mid_bottom = 32.0, 60.0, 312.0
    low_top, low_bottom = 332.0, 430.0
    y_label = t("chart.cum_axis", lang, unit=scale.unit)
    fmt_y = _money_label(scale, lang)
    band = np.concatenate([f["p05"], f["p95"], [0.0]])
    band = band[np.isfinite(band)]
    sy = Scale(*_padded(float(band.min()), float(band.max())), mid_bottom, top)
    ticks_y = nice_ticks(sy.lo, sy.hi, 9)
    left = 40 + max(text_width(fmt_y(v)) for v in ticks_y) + 8
    right = WIDTH - 14.0
    x_lo, x_hi = (float(years[0]), float(years[-1])) if years.size else (0.0, 1.0)
    sx = Scale(*_padded(x_lo, x_hi), left, right)
    ticks_x = [v for v in nice_ticks(sx.lo, sx.hi, 12) if v == round(v)]
    svg = Svg(WIDTH, height)
    _title(svg, title)
    # upper panel: the fan
    for v in ticks_x:
        svg.line(sx(v), top, sx(v), mid_bottom, stroke=GRID, width=0.8, cls="grid")
    _y_axis(svg, sy, left, right, fmt_y, ticks=ticks_y)
    for lo_key, hi_key, opacity, cls in (
        ("p05", "p95", 0.15, "band90"),
        ("p25", "p75", 0.3, "band50"),
    ):
        pts = [(sx(x), sy(v)) for x, v in zip(years, f[lo_key], strict=True)]
        pts += [(sx(x), sy(v)) for x, v in zip(years[::-1], f[hi_key][::-1], strict=True)]
        svg.poly("polygon", pts, fill=BLUE, opacity=opacity, cls=cls)
    svg.line(left, sy(0.0), right, sy(0.0), stroke="#000000", width=1.0, cls="zero")
    svg.poly(
        "polyline",
        [(sx(x), sy(v)) for x, v in zip(years, f["p50"], strict=True)],
        stroke=BLUE,
        width=2.2,
        cls="median",
    )
    svg.line(left, mid_bottom, right, mid_bottom, width=1.0, cls="axis")
    svg.text(14, (top + mid_bottom) / 2, y_label, anchor="middle", rotate=True)
    legend = [
        ("box", BLUE, t("chart.band90", lang), {"opacity": 0.15}),
        ("box", BLUE, t("chart.band50", lang), {"opacity": 0.3}),
        ("line", BLUE, t("chart.median_line", lang), {"width": 2.2}),
    ]
    _legend(svg, legend, (left + right) / 2, legend_y)
    # lower panel: P(paid back by year t)
    sy2 = Scale(0.0, 1.02, low_bottom, low_top)
    for v in ticks_x:
        svg.line(sx(v), low_top, sx(v), low_bottom, stroke=GRID, width=0.8, cls="grid")
    horizon = result.scenario.settings.horizon_years
    pay = result.output("payback_year", perspective)
    desc = [
        t("chart.median_line", lang)
        + f" ({t('chart.year_axis', lang)} {int(years[-1]) if years.size else 0}): "
        + fmt_money(float(f["p50"][-1]) if years.size else 0.0, lang, cur)
    ]
    if np.any(result.output("pv_costs", perspective) > 0) and result.payback_year is not None:
        share = paid_back_by(pay, horizon)[years.astype(int)]
        _y_axis(svg, sy2, left, right, lambda v: fmt_pct(v, lang), ticks=[0.0, 0.5, 1.0])
        pts = []
        for k, (x, p) in enumerate(zip(years, share, strict=True)):
            if k:
                pts.append((sx(x), sy2(share[k - 1])))
            pts.append((sx(x), sy2(p)))
        svg.poly("polyline", pts, stroke=VERMILION, width=2.2, cls="paid-back")
        svg.text(
            14,
            (low_top + low_bottom) / 2,
            t("chart.paid_back_axis", lang),
            anchor="middle",
            rotate=True,
        )
        desc.append(f"{t('chart.paid_back_axis', lang)}: {fmt_pct(float(share[-1]), lang)}")
    else:
        svg.line(left, low_top, left, low_bottom, width=1.0, cls="axis")
        svg.text(
            (left + right) / 2,
            (low_top + low_bottom) / 2,
            t("chart.no_payback", lang),
            anchor="middle",
            middle=True,
        )
    _x_axis(svg, sx, low_top, low_bottom, lambda v: fmt_number(v, lang, 0), ticks=ticks_x)
    svg.text(
        (left + right) / 2,
        low_bottom + 40,
        t("chart.year_axis", lang),
        anchor="middle",
        cls="xlabel",
    )
    return svg.render(title=title, desc="; ".join(desc))


# --------------------------------------------------------------------------- logic model


def _arrow(svg, x0: float, y0: float, x1: float, y1: float, colour: str = "#555555") -> None:
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    x0, y0, x1, y1 = x0 + 3 * ux, y0 + 3 * uy, x1 - 3 * ux, y1 - 3 * uy
    head = 9.0
    bx, by = x1 - head * ux, y1 - head * uy
    svg.line(x0, y0, bx, by, stroke=colour, width=1.4, cls="arrow")
    svg.poly(
        "polygon",
        [(x1, y1), (bx - 4 * uy, by + 4 * ux), (bx + 4 * uy, by - 4 * ux)],
        fill=colour,
        cls="arrowhead",
    )


def logic_chart(result: Result, *, lang: str, per_line: int = 3) -> str:
    """The logic model as a chain of boxes from top to bottom (as ``plots.plot_logic``): the
    participants, each logic step, the outcomes, then the consequences ``per_line`` side by
    side in one framed group; boxes coloured by evidence grade, the border's dashes a second
    cue; values are medians with 90 % intervals."""
    title_size, body_size = 12.0, 11.0
    margin = 14.0
    full_w = WIDTH - 2 * margin

    def cell(box: LogicBox, box_w: float) -> tuple[str, str, float]:
        wrap = max(16, int((box_w - 16) / (0.53 * body_size)))
        _title_text, body = _box_text(box, lang, wrap - 6)  # wraps the body at ``wrap``
        # titles are bold and larger: re-wrap them to the box
        title = "\n".join(textwrap.wrap(box.title, int((box_w - 16) / (0.6 * title_size)))[:4])
        h = (
            (title.count("\n") + 1) * title_size * 1.25
            + (body.count("\n") + 1) * body_size * 1.3
            + 30
        )
        return title, body, h

    layout = logic_layout(
        logic_chain(result, lang),
        cell=cell,
        width=WIDTH,
        margin=margin,
        gap=18.0,
        single_width=420.0,
        per_line=per_line,
        top_pad=44.0,
        arrow_gap=34.0,
        group_pad=20.0,
    )
    legend_y = layout.extent + 18
    height = legend_y + 44
    svg = Svg(WIDTH, height)
    chart_title = t("chart.logic_title", lang)
    _title(svg, chart_title)
    desc = []
    for stage in layout.stages:
        if stage.grouped:
            svg.rect(
                margin - 6,
                stage.top,
                full_w + 12,
                stage.height,
                "#F6F8FA",
                stroke="#C8CDD2",
                width=0.8,
                rx=8,
                cls="group",
            )
        for c in stage.cells:
            face, style = EVIDENCE_STYLE.get(c.box.evidence, EVIDENCE_STYLE[None])
            svg.rect(
                c.x,
                c.top,
                c.width,
                c.height,
                face,
                stroke=EVIDENCE_EDGE.get(c.box.evidence, GREY),
                width=1.8,
                dash=DASHES[style],
                rx=6,
                cls=f"box ev-{c.box.evidence or 'none'}",
            )
            cx = c.x + c.width / 2
            svg.text(
                cx,
                c.top + 8 + title_size,
                c.title,
                size=title_size,
                bold=True,
                anchor="middle",
                cls="box-title",
            )
            n_body = c.body.count("\n") + 1
            svg.text(
                cx,
                c.top + c.height - 10 - (n_body - 1) * body_size * 1.3 - 0.25 * body_size,
                c.body,
                size=body_size,
                anchor="middle",
                line_height=1.3,
                cls="box-body",
            )
            desc.append(f"{c.box.title}: " + "; ".join(text for text, _g in c.box.lines))
        for x0, y0, x1, y1 in stage.arrows:
            _arrow(svg, x0, y0, x1, y1)
    svg.text(WIDTH / 2, legend_y, t("chart.logic_legend", lang), size=11, anchor="middle")
    _legend(
        svg,
        [
            (
                "box",
                EVIDENCE_STYLE[g][0],
                t("evidence." + (g or "none"), lang),
                {"stroke": EVIDENCE_EDGE[g], "width": 1.6, "dash": DASHES[EVIDENCE_STYLE[g][1]]},
            )
            for g in ("research", "experience", "assumption", None)
        ],
        WIDTH / 2,
        legend_y + 8,
    )
    return svg.render(title=chart_title, desc=" → ".join(desc))


# --------------------------------------------------------------------------- credibility map

#: Label offsets tried [px] from the point: beside it, then stepping away vertically a line at
#: a time (as evaluator_plots._LABEL_STEPS, in points there).
_LABEL_STEPS = (0, *(sign * 11 * k for k in range(1, 25) for sign in (1, -1)))

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 [px]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    items: Sequence[tuple[float, float, str]],
    obstacles: Sequence[Box],
    frame: Box,
    size: float,
) -> list[tuple[Box, str, float, float] | None]:
    """For each ``(x, y, text)`` (a point [px]) the box of its label beside it, where it
    overlaps no other label, no obstacle and stays inside ``frame`` (first fit, in the order
    given), with its anchor (``start``/``end``) and baseline; None where nothing is free."""
    placed = list(obstacles)
    out: list[tuple[Box, str, float, float] | None] = []
    h = size * 1.25
    for x, y, text in items:
        w = text_width(text, size)
        chosen = None
        for dy in _LABEL_STEPS:
            for dx, anchor in ((8.0, "start"), (-8.0, "end")):
                x0 = x + dx if anchor == "start" else x + dx - w
                box = (x0 - 1, y + dy - h / 2 - 1, x0 + w + 1, y + dy + h / 2 + 1)
                inside = (
                    box[0] >= frame[0]
                    and box[2] <= frame[2]
                    and box[1] >= frame[1]
                    and box[3] <= frame[3]
                )
                if inside and not any(_overlaps(box, b) for b in placed):
                    chosen = (box, anchor, x + dx, y + dy)
                    break
            if chosen is not None:
                break
        if chosen is not None:
            placed.append(chosen[0])
        out.append(chosen)
    return out


def credibility_chart(cmap: CredibilityMap, *, lang: str, title: str) -> str:
    """Evidence grade (x) against share of the NPV uncertainty (y), as
    ``evaluator_plots.plot_credibility``: critical points red, the threshold dashed, the weak
    grades shaded; critical and large-share assumptions labelled where the label overlaps
    nothing (with a leader line when moved); a point acting only through a correlation is
    hollow and its label ends in "~"."""
    from sekalk.credibility import GRADES
    from sekalk.report.evaluator_plots import _short_label

    height = 420.0
    uncertain = [e for e in cmap.entries if not e.fixed]
    top_share = max([e.share for e in uncertain] + [cmap.threshold]) * 1.15
    sy = Scale(0.0, top_share, height - 62.0, 12.0)
    ticks_y = nice_ticks(0.0, top_share, 9)
    left = 40 + max(text_width(fmt_pct(v, lang)) for v in ticks_y) + 8
    right = WIDTH - 6.0
    sx = Scale(-0.5, len(GRADES) - 0.5, left, right)
    svg = Svg(WIDTH, height)
    svg.rect(
        sx(1.5), sy.b, sx(len(GRADES) - 0.5) - sx(1.5), sy.a - sy.b, RED, opacity=0.05, cls="weak"
    )
    _y_axis(svg, sy, left, right, lambda v: fmt_pct(v, lang), grid=False, ticks=ticks_y)
    _x_axis(
        svg,
        sx,
        sy.b,
        sy.a,
        lambda g: t(f"evidence.{GRADES[int(g)]}", lang),
        ticks=list(range(len(GRADES))),
    )
    svg.text(
        (left + right) / 2,
        height - 14,
        t("plot.evidence_axis", lang),
        anchor="middle",
        cls="xlabel",
    )
    svg.text(14, (sy.a + sy.b) / 2, t("plot.share_axis", lang), anchor="middle", rotate=True)
    ty = sy(cmap.threshold)
    svg.line(left, ty, right, ty, stroke=RED, width=1.0, dash="5 3", cls="threshold")
    thr_text = t("plot.threshold", lang, thr=fmt_pct(cmap.threshold, lang))
    svg.text(right - 2, ty - 4, thr_text, size=11, anchor="end", fill=RED)
    thr_w = text_width(thr_text, 11)
    obstacles: list[Box] = [
        (right - 2 - thr_w - 1, ty - 4 - 11 - 1, right - 1, ty - 1),  # its label
        (left, ty - 1, right, ty + 1),  # the threshold line: no label is written across it
    ]
    labels = []
    points = []
    for g, grade in enumerate(GRADES):
        group = sorted((e for e in uncertain if e.evidence == grade), key=lambda e: -e.share)
        for k, e in enumerate(group):
            x, y = sx(g + (k % 5 - 2) * 0.06), sy(e.share)
            colour = RED if e.critical else TAB_BLUE
            hollow = e.via_correlation_only
            points.append((x, y, colour, hollow))
            obstacles.append((x - 5, y - 5, x + 5, y + 5))
            if e.critical or e.share >= cmap.threshold / 2:
                text = _short_label(parameter_label(e.label, lang)) + (" ~" if hollow else "")
                labels.append((e.share, x, y, text, colour))
    for x, y, colour, hollow in points:
        svg.circle(x, y, 4.5, "none" if hollow else colour, stroke=colour, width=1.2, cls="point")
    labels.sort(key=lambda item: -item[0])  # the largest shares get the first choice
    frame = (left, sy.b, right, sy.a)  # inside the axes: never over the tick labels
    size = 10.5
    placed = place_labels([(x, y, text) for _s, x, y, text, _c in labels], obstacles, frame, size)
    desc = []
    for (share, x, y, text, colour), spot in zip(labels, placed, strict=True):
        desc.append(f"{text}: {fmt_pct(share, lang)}")
        if spot is None:
            continue
        _box, anchor, tx, ty_ = spot
        if abs(ty_ - y) > 8:
            svg.line(x, y, tx, ty_, stroke=colour, width=0.6, cls="leader")
        svg.text(tx, ty_, text, size=size, anchor=anchor, fill=colour, middle=True, cls="label")
    return svg.render(title=title, desc="; ".join(desc))


# --------------------------------------------------------------------------- comparison

#: Line colours and dash patterns of the scenarios in the comparison chart, in turn (Okabe-Ito;
#: the dash is a second cue beside colour).
COMPARE_STYLES = (
    (BLUE, None),
    (ORANGE, "6 3"),
    (GREEN, "1.6 2.4"),
    (VERMILION, "6 2.5 1.6 2.5"),
    (SKY, None),
    ("#CC79A7", "6 3"),
    (INK, "1.6 2.4"),
)


def compare_shares(npvs: Sequence[np.ndarray], bins: int = 80) -> tuple[np.ndarray, np.ndarray]:
    """Common bin edges [SEK] from the lowest 0.5 % to the highest 99.5 % quantile of all the
    NPV draws, and per scenario the share of its draws in each bin [share, rows = scenarios]
    (draws outside the edges fall in no bin, as in ``plots.plot_comparison``)."""
    finite = [np.asarray(x, dtype=float)[np.isfinite(x)] for x in npvs]
    lo = min(float(np.quantile(x, 0.005)) for x in finite)
    hi = max(float(np.quantile(x, 0.995)) for x in finite)
    edges = np.linspace(lo, hi, bins + 1) if hi > lo else np.linspace(lo - 1, lo + 1, bins + 1)
    shares = np.array([np.histogram(x, bins=edges)[0] / max(len(x), 1) for x in npvs])
    return edges, shares


def compare_chart(cmp: Any, *, lang: str, title: str, bins: int = 80) -> str:
    """The NPV distribution [SEK] of every scenario of a comparison
    (:class:`sekalk.comparison.ComparisonResult`) as step lines of the share of draws per
    common bin, the zero line, and a legend (#position, title, number of overrides) below."""
    cur = cmp.scenarios[0].settings.currency
    persp = perspective_name(cmp.perspective, lang)
    npvs = [r.npv(cmp.perspective) for r in cmp.results]
    edges, shares = compare_shares(npvs, bins)
    scale = money_scale([edges[0], edges[-1]], lang, cur)
    legend: list[LegendItem] = []
    for i, r in enumerate(cmp.results):
        name = f"#{i + 1} {r.scenario.title}"
        name = name if len(name) <= 100 else name[:99] + "…"
        if r.scenario.overrides:
            name += f" (+{len(r.scenario.overrides)})"
        colour, dash = COMPARE_STYLES[i % len(COMPARE_STYLES)]
        legend.append(("line", colour, name, {"width": 1.8, "dash": dash}))
    top, bottom = 38.0, 300.0
    legend_bottom = _legend(Svg(WIDTH, 0.0), legend, WIDTH / 2, bottom + 52)  # rows it needs
    height = legend_bottom + 6.0
    y_hi = float(shares.max()) * 1.1 if shares.size and shares.max() > 0 else 1.0
    sy = Scale(0.0, y_hi, bottom, top)
    ticks_y = nice_ticks(0.0, y_hi, 6)
    left = 40 + max(text_width(fmt_pct(v, lang)) for v in ticks_y) + 8
    x_lo, x_hi = _padded(min(float(edges[0]), 0.0), max(float(edges[-1]), 0.0))
    ticks_x = nice_ticks(x_lo, x_hi, 10)
    fmt_x = _money_label(scale, lang)
    sx = Scale(x_lo, x_hi, left, _right_edge(ticks_x, fmt_x))
    svg = Svg(WIDTH, height)
    _title(svg, title)
    _y_axis(svg, sy, left, sx.b, lambda v: fmt_pct(v, lang), ticks=ticks_y)
    desc = []
    for i, (row, item) in enumerate(zip(shares, legend, strict=True)):
        _kind, colour, name, extra = item
        pts = [(sx(edges[0]), sy(0.0))]
        for a, b, share in zip(edges[:-1], edges[1:], row, strict=True):
            pts += [(sx(a), sy(share)), (sx(b), sy(share))]
        pts.append((sx(edges[-1]), sy(0.0)))
        svg.poly(
            "polyline",
            pts,
            stroke=colour,
            width=extra["width"],
            dash=extra["dash"],
            cls=f"scenario s{i + 1}",
        )
        median = float(np.nanmedian(npvs[i])) if np.size(npvs[i]) else 0.0
        desc.append(f"{name}: {t('chart.median', lang, value=fmt_money(median, lang, cur))}")
    svg.line(sx(0.0), top, sx(0.0), bottom, stroke="#000000", width=1.0, cls="zero")
    _x_axis(svg, sx, top, bottom, fmt_x, ticks=ticks_x)
    svg.text(
        (left + sx.b) / 2,
        bottom + 40,
        t("chart.npv_axis", lang, persp=persp, unit=scale.unit),
        anchor="middle",
        cls="xlabel",
    )
    svg.text(14, (top + bottom) / 2, t("plot.density", lang), anchor="middle", rotate=True)
    _legend(svg, legend, WIDTH / 2, bottom + 52)
    return svg.render(title=title, desc="; ".join(desc))


# --------------------------------------------------------------------------- sensitivity


def _tornado_values(tor: Any, attr: Any, lang: str, currency: str) -> tuple[str, str, bool]:
    """The low and high value as written, and whether the low one is written left of the
    bars (the lower NPV's value left, the other right, so the two never meet)."""
    return (
        fmt_value(tor.low_value, attr, lang, currency),
        fmt_value(tor.high_value, attr, lang, currency),
        tor.npv_low <= tor.npv_high,
    )


def _value_room(
    lo: float,
    hi: float,
    params: Sequence[Any],
    scenario: Any,
    lang: str,
    currency: str,
    left: float,
) -> tuple[float, float]:
    """The x range [SEK] of the tornado: the NPVs padded by 15 %, or more where the widest
    value written left (right) of the bars needs more room between the bars and the axis."""
    lo, hi = float(lo), float(hi)
    if not hi > lo:
        return _padded(lo, hi, 0.15)
    widths = {True: [0.0], False: [0.0]}  # written left of the bars: True
    for p in params:
        low, high, low_left = _tornado_values(
            p.tornado, attribute_of(p.id, scenario), lang, currency
        )
        widths[low_left].append(text_width(low, 10.5))
        widths[not low_left].append(text_width(high, 10.5))
    plot = WIDTH - 12.0 - 24.0 - left  # the plot's width less room for the last tick label [px]
    share_l, share_r = ((max(widths[side]) + 10) / plot for side in (True, False))
    if share_l + share_r > 0.8:  # at most 80 % of the plot for the values
        share_l, share_r = (v * 0.8 / (share_l + share_r) for v in (share_l, share_r))
    # pads a, b [SEK] with a >= share_l * (hi - lo + a + b) (the same for b) and at least
    # 15 % each: the fixed point, reached by contraction (factor share_l + share_r <= 0.8)
    r = hi - lo
    a = b = 0.15 * r
    for _ in range(80):
        total = r + a + b
        a, b = max(0.15 * r, share_l * total), max(0.15 * r, share_r * total)
    return lo - a, hi + b


def _clear_of_lines(
    x: float, w: float, left_side: bool, lines: Sequence[float], lo: float, hi: float
) -> float | None:
    """Where to write a value label ``w`` [px] wide so that no vertical line crosses it: its
    anchor ``x`` [px] (its end where ``left_side``, else its start) as given, or moved outward
    past the lines it would cross (``lines``: their x [px]); None where that leaves
    [``lo``, ``hi``]."""
    pad = 2.0
    for _ in range(len(lines) + 1):
        x0, x1 = (x - w, x) if left_side else (x, x + w)
        crossed = [v for v in lines if x0 - pad <= v <= x1 + pad]
        if not crossed:
            return x if lo <= x0 and x1 <= hi else None
        x = min(crossed) - 4 if left_side else max(crossed) + 4
    return None


def _vline_around(
    svg: Svg,
    x: float,
    top: float,
    bottom: float,
    labels: Sequence[tuple[float, float, float, float]],
    **style: Any,
) -> None:
    """A vertical line at ``x`` from ``top`` to ``bottom`` [px], left out behind the label
    boxes ``(x0, y0, x1, y1)`` it would cross (one line where it crosses none)."""
    gaps = sorted((b[1] - 1, b[3] + 1) for b in labels if b[0] - 2 <= x <= b[2] + 2)
    y = top
    for g0, g1 in gaps:
        if g0 > y:
            svg.line(x, y, x, g0, **style)
        y = max(y, g1)
    if y < bottom:
        svg.line(x, y, x, bottom, **style)


def tornado_chart(
    sens: Any,
    *,
    lang: str,
    currency: str = "SEK",
    top: int = 10,
    scenario: Scenario | None = None,
) -> str:
    """Tornado chart (as ``plots.plot_tornado``): the NPV [SEK] at each parameter's low and
    high value as bars from the base case, widest swing on top, the values at the bar ends."""
    params = _ranked(sens.parameters, lambda p: abs(p.tornado.swing) if p.tornado else None, top)
    base = float(sens.base_npv)
    median = getattr(sens, "npv_median", None)
    values = [base] + [v for p in params for v in (p.tornado.npv_low, p.tornado.npv_high)]
    if median is not None:
        values.append(float(median))
    scale = money_scale(values, lang, currency)
    title = t("chart.tornado_title", lang)
    labels = [row_label(parameter_label(p.label, lang)) for p in params]
    n = max(len(params), 1)
    row_h, top_y = 50.0, 40.0
    bottom = top_y + row_h * n
    height = bottom + 80.0
    left = 12 + max([text_width(line, 11) for s in labels for line in s.split("\n")] + [0]) + 10
    finite = [v for v in [*values, 0.0] if math.isfinite(v)]
    lo, hi = _value_room(min(finite), max(finite), params, scenario, lang, currency, left)
    ticks = nice_ticks(lo, hi, 10)
    fmt_x = _money_label(scale, lang)
    right = _right_edge(ticks, fmt_x)
    sx = Scale(lo, hi, left, right)
    svg = Svg(WIDTH, height)
    _title(svg, title)
    _x_axis(svg, sx, top_y, bottom, fmt_x, grid=True, ticks=ticks)
    svg.line(left, top_y, left, bottom, width=1.0, cls="axis")
    desc = []
    # the zero and median lines: value labels move outward past them, or (where that leaves
    # no room) the line is left out behind the label
    lines_x = [sx(0.0)] + ([sx(float(median))] if median is not None else [])
    stuck: list[tuple[float, float, float, float]] = []  # boxes of labels a line crosses [px]
    for i, (p, label) in enumerate(zip(params, labels, strict=True)):
        yc = top_y + row_h * (i + 0.5)
        tor = p.tornado
        attr = attribute_of(p.id, scenario)
        svg.text(left - 8, yc, label, size=11, anchor="end", middle=True, cls="row")
        texts = []
        # the value of the lower NPV is written left of the bars, the other right of them,
        # so that the two never meet (also where both NPVs are the base case's)
        low_text, high_text, low_left = _tornado_values(tor, attr, lang, currency)
        for npv_v, colour, value, cls, left_side in (
            (tor.npv_low, ORANGE, low_text, "low", low_left),
            (tor.npv_high, BLUE, high_text, "high", not low_left),
        ):
            x0, x1 = sorted((sx(base), sx(npv_v)))
            svg.rect(x0, yc - row_h * 0.3, x1 - x0, row_h * 0.6, colour, cls=f"bar {cls}")
            texts.append(value)
            w = text_width(value, 10.5)
            x_text = x0 - 4 if left_side else x1 + 4
            clear = _clear_of_lines(x_text, w, left_side, lines_x, left + 2, WIDTH - 2)
            if clear is None:
                x_from = x_text - w if left_side else x_text
                stuck.append((x_from, yc - 0.45 * 10.5, x_from + w, yc + 0.6 * 10.5))
            else:
                x_text = clear
            svg.text(
                x_text,
                yc,
                value,
                size=10.5,
                anchor="end" if left_side else "start",
                middle=True,
                cls=f"value {cls}-value",
            )
        desc.append(
            f"{parameter_label(p.label, lang)}: {texts[0]} → {fmt_money(tor.npv_low, lang, currency)}, "
            f"{texts[1]} → {fmt_money(tor.npv_high, lang, currency)}"
        )
    svg.line(sx(base), top_y, sx(base), bottom, stroke="#000000", width=1.2, cls="base")
    _vline_around(
        svg, sx(0.0), top_y, bottom, stuck, stroke="#000000", width=1.0, dash="5 3", cls="zero"
    )
    legend: list[LegendItem] = [
        ("box", ORANGE, t("chart.tornado_low", lang), {}),
        ("box", BLUE, t("chart.tornado_high", lang), {}),
        ("line", "#000000", t("chart.tornado_base", lang), {"width": 1.2}),
    ]
    if median is not None:
        _vline_around(
            svg,
            sx(float(median)),
            top_y,
            bottom,
            stuck,
            stroke=VERMILION,
            width=1.6,
            dash="1.6 2.4",
            cls="median",
        )
        legend.append(
            ("line", VERMILION, t("chart.tornado_median", lang), {"width": 1.6, "dash": "1.6 2.4"})
        )
    svg.text(
        (left + right) / 2,
        bottom + 40,
        t("chart.npv_axis", lang, persp=perspective_name(sens.perspective, lang), unit=scale.unit),
        anchor="middle",
        cls="xlabel",
    )
    _legend(svg, legend, WIDTH / 2, bottom + 52)
    return svg.render(title=title, desc="; ".join(desc))


def sobol_chart(sens: Any, *, lang: str, top: int = 10) -> str:
    """First-order and total Sobol' indices as bars with their confidence intervals (as
    ``plots.plot_sobol``), largest total on top."""
    params = _ranked(sens.parameters, lambda p: p.sobol.total if p.sobol else None, top)
    title = t("chart.sobol_title", lang)
    labels = [row_label(parameter_label(p.label, lang)) for p in params]
    n = max(len(params), 1)
    row_h, top_y = 50.0, 40.0
    bottom = top_y + row_h * n
    height = bottom + 64.0
    left = 12 + max([text_width(line, 11) for s in labels for line in s.split("\n")] + [0]) + 10
    his = [float(v) for p in params for v in (*p.sobol.first_ci, *p.sobol.total_ci)]
    x_hi = max([1.0] + [v for v in his if math.isfinite(v)])
    ticks = nice_ticks(0.0, x_hi, 10)
    right = _right_edge(ticks, lambda v: fmt_pct(v, lang))
    sx = Scale(0.0, x_hi, left, right)
    svg = Svg(WIDTH, height)
    _title(svg, title)
    _x_axis(svg, sx, top_y, bottom, lambda v: fmt_pct(v, lang), grid=True, ticks=ticks)
    svg.line(left, top_y, left, bottom, width=1.0, cls="axis")
    desc = []
    for i, (p, label) in enumerate(zip(params, labels, strict=True)):
        yc = top_y + row_h * (i + 0.5)
        svg.text(left - 8, yc, label, size=11, anchor="end", middle=True, cls="row")
        for key, colour, off in (("first", BLUE, -0.18), ("total", ORANGE, 0.18)):
            v = float(getattr(p.sobol, key))
            lo, hi = (float(c) for c in getattr(p.sobol, f"{key}_ci"))
            y = yc + off * row_h
            svg.rect(
                sx(0.0),
                y - 0.17 * row_h,
                sx(max(v, 0.0)) - sx(0.0),
                0.34 * row_h,
                colour,
                cls=f"bar {key}",
            )
            if math.isfinite(lo) and math.isfinite(hi):
                svg.line(sx(lo), y, sx(hi), y, stroke="#333333", width=0.9, cls="ci")
                for c in (lo, hi):
                    svg.line(sx(c), y - 3, sx(c), y + 3, stroke="#333333", width=0.9)
        desc.append(
            f"{parameter_label(p.label, lang)}: {t('chart.sobol_first', lang)} {fmt_pct(p.sobol.first, lang)}, "
            f"{t('chart.sobol_total', lang)} {fmt_pct(p.sobol.total, lang)}"
        )
    svg.text(
        (left + right) / 2, bottom + 40, t("chart.sobol_axis", lang), anchor="middle", cls="xlabel"
    )
    leg = [
        ("box", BLUE, t("chart.sobol_first", lang), {}),
        ("box", ORANGE, t("chart.sobol_total", lang), {}),
    ]
    _legend(svg, leg, WIDTH / 2, bottom + 46)
    return svg.render(title=title, desc="; ".join(desc))
