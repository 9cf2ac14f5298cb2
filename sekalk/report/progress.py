"""A progress bar on stderr for long runs, as a context manager that yields a callback.

``with progress_bar(label, lang=...) as update: simulate(..., progress=update)`` shows draws done
and the estimated time left, once the work has taken longer than ``delay`` seconds. Nothing is
shown when the stream is not a terminal or when ``enabled`` is false (``--quiet``), so pipes,
files and CI logs stay clean. Any command that does work in steps (sensitivity, portfolio, ...)
can pass the same callback: it takes ``(done, total)`` in any unit.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from sekalk.report.i18n import fmt_number, fmt_pct, t

ProgressCallback = Callable[[int, int], None]

_WIDTH = 24


def format_progress(done: int, total: int, elapsed: float, lang: str, label: str = "") -> str:
    """One line of the bar: ``label [#####.....]   40% 400,000/1,000,000 draws, ~3 s left``.

    Parameters
    ----------
    done, total
        Work done and planned [draws or steps].
    elapsed
        Seconds since the work began [s].
    lang
        ``"sv"`` or ``"en"``.
    """
    share = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
    filled = round(share * _WIDTH)
    bar = "#" * filled + "." * (_WIDTH - filled)
    if 0 < done < total and elapsed > 0:
        left = t(
            "progress.left", lang, seconds=fmt_number(elapsed * (total - done) / done, lang, 0)
        )
    else:
        left = ""
    counts = t(
        "progress.draws", lang, done=fmt_number(done, lang, 0), total=fmt_number(total, lang, 0)
    )
    text = f"{label} [{bar}] {fmt_pct(share, lang):>5} {counts}{left}"
    return text.strip()


@contextmanager
def progress_bar(
    label: str = "",
    *,
    lang: str = "en",
    enabled: bool = True,
    stream: TextIO | None = None,
    delay: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[ProgressCallback]:
    """Yield a ``(done, total)`` callback that draws a progress bar on ``stream`` (stderr).

    The bar appears only after ``delay`` seconds (short runs print nothing), is redrawn at most
    ten times a second, and is erased when the block ends. It is disabled when ``enabled`` is
    false or ``stream`` is not a terminal.
    """
    out = stream if stream is not None else sys.stderr
    active = enabled and hasattr(out, "isatty") and out.isatty()
    start = clock()
    state = {"shown": False, "last": 0.0, "width": 0}

    def update(done: int, total: int) -> None:
        if not active:
            return
        now = clock()
        elapsed = now - start
        final = done >= total
        if elapsed < delay or (now - state["last"] < 0.1 and not final):
            return
        line = format_progress(done, total, elapsed, lang, label)
        out.write("\r" + line.ljust(state["width"]))
        out.flush()
        state.update(shown=True, last=now, width=len(line))

    try:
        yield update
    finally:
        if state["shown"]:
            out.write("\r" + " " * state["width"] + "\r")
            out.flush()
