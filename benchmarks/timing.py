"""The one timing helper the benchmark scripts share (they run as ``python benchmarks/x.py``,
so this module is importable beside them)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeats: int = 3) -> float:
    """The shortest of ``repeats`` wall-clock timings of ``fn()`` [s]."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def best_in_turns(
    variants: dict[str, Callable[[], object]],
    repeats: int,
    *,
    last: dict[str, object] | None = None,
) -> dict[str, float]:
    """The shortest of ``repeats`` wall-clock timings of each variant [s], the variants taking
    turns: a slow spell of a shared machine then hits every variant alike instead of whichever
    ran during it. ``last``, if given, receives each variant's last return value."""
    best = dict.fromkeys(variants, math.inf)
    for _ in range(repeats):
        for name, fn in variants.items():
            t0 = time.perf_counter()
            if last is None:
                fn()  # its value let go at once, as it would be in use
            else:
                last[name] = fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best
