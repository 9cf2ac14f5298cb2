"""Small charts written straight as SVG text (no matplotlib: the panel redraws on every change).

Every function is pure: numbers in, an SVG string out. Text in the SVG is escaped.
"""

from __future__ import annotations

from html import escape

import numpy as np

WIDTH, HEIGHT, PAD = 480, 160, 24


def display_range(*samples: np.ndarray) -> tuple[float, float] | None:
    """The 0.5-99.5 % range of the finite values of all ``samples`` together (None if none):
    pictures that are compared share it, so their bars line up."""
    finite = [s[np.isfinite(s)] for s in samples]
    lows = [np.quantile(f, 0.005) for f in finite if f.size]
    highs = [np.quantile(f, 0.995) for f in finite if f.size]
    return (float(min(lows)), float(max(highs))) if lows else None


def histogram_bins(
    values: np.ndarray, *, bins: int = 40, span: tuple[float, float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and edges of the finite ``values`` over ``span`` (default: their 0.5-99.5 %
    range).

    Values beyond the span are folded into the outermost bins, so every finite draw is
    counted once and a few extreme draws do not squeeze the picture into one bar.
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    lo, hi = span if span is not None else display_range(finite)
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(np.clip(finite, lo, hi), bins=bins, range=(lo, hi))
    return counts, edges


def npv_histogram(
    values: np.ndarray,
    *,
    interval: tuple[float, float],
    title: str,
    bins: int = 40,
    span: tuple[float, float] | None = None,
) -> str:
    """An NPV histogram [SEK]: bars below 0 and above 0 in two classes, the 90 % interval
    shaded, and a line at 0 when 0 lies in the range. ``title`` is the accessible name;
    ``span`` the x range [SEK] (see :func:`display_range`)."""
    counts, edges = histogram_bins(np.asarray(values, dtype=float), bins=bins, span=span)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="hist">',
        f"<title>{escape(title)}</title>",
    ]
    if counts.size:
        x0, x1 = float(edges[0]), float(edges[-1])
        span = x1 - x0
        plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

        def x(v: float) -> float:
            return PAD + (min(max(v, x0), x1) - x0) / span * plot_w

        lo, hi = interval
        parts.append(
            f'<rect class="interval" x="{x(lo):.1f}" y="{PAD}" '
            f'width="{max(x(hi) - x(lo), 0.5):.1f}" height="{plot_h}"/>'
        )
        top = counts.max()
        for count, left, right in zip(counts, edges[:-1], edges[1:], strict=True):
            if count == 0:
                continue
            h = count / top * plot_h
            cls = "gain" if (left + right) / 2 >= 0 else "loss"
            parts.append(
                f'<rect class="{cls}" x="{x(left):.1f}" y="{PAD + plot_h - h:.1f}" '
                f'width="{max(x(right) - x(left) - 1, 0.5):.1f}" height="{h:.1f}"/>'
            )
        if x0 < 0 < x1:
            parts.append(
                f'<line class="zero" x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{PAD - 6}" '
                f'y2="{PAD + plot_h}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def distribution_sparkline(quantiles: np.ndarray, *, title: str) -> str:
    """A small density picture of one input from its quantiles at evenly spaced levels.

    The density between two neighbouring quantiles is the probability step divided by the width,
    so the picture needs nothing but the distribution's inverse CDF.
    """
    q = np.asarray(quantiles, dtype=float)
    w, h = 120, 28
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{escape(title)}" class="spark"><title>{escape(title)}</title>'
    )
    if q.size < 2 or not np.all(np.isfinite(q)) or q[-1] <= q[0]:
        return head + f'<line class="fixed" x1="{w / 2}" x2="{w / 2}" y1="2" y2="{h}"/></svg>'
    widths = np.diff(q)
    density = np.where(widths > 0, 1.0 / np.maximum(widths, 1e-300), 0.0)
    density = np.minimum(density, np.quantile(density, 0.9) * 3)  # a spike would hide the rest
    top = density.max() or 1.0
    xs = 2 + (q - q[0]) / (q[-1] - q[0]) * (w - 4)
    points = [f"{xs[0]:.1f},{h}"]
    for left, right, d in zip(xs[:-1], xs[1:], density, strict=True):
        y = h - 2 - d / top * (h - 4)
        points.append(f"{left:.1f},{y:.1f} {right:.1f},{y:.1f}")
    points.append(f"{xs[-1]:.1f},{h}")
    return head + f'<polygon class="density" points="{" ".join(points)}"/></svg>'
