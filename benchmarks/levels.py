"""Cost of the organisational and system levels: the reference model with and without
``[continuation]`` and ``[spread]``, NPV-only and with yearly flows. Prints times and ratios.

Run from the repository root: ``PYTHONPATH=. python benchmarks/levels.py [DRAWS]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from timing import best_of  # beside this script

from sekalk.scenario import loads
from sekalk.simulation import simulate

LEVELS = """
[continuation]
probability = { dist = "beta", mean = 0.5, sd = 0.15 }
years = 5
annual_cost = { dist = "pert", min = 2.0e6, mode = 2.5e6, max = 3.5e6 }
payer = "kommun"

[spread]
units = { dist = "uniform", min = 1, max = 4 }
probability = 0.3
lag = 2
years = 5
scale = 1.0
"""


def main() -> None:
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    text = (Path(__file__).parent / "reference.toml").read_text(encoding="utf-8")
    plain, levels = loads(text), loads(text + LEVELS)
    print(f"draws: {draws}")
    for payback in (False, True):
        t_plain = best_of(lambda p=payback: simulate(plain, draws=draws, seed=1, payback=p))
        t_levels = best_of(lambda p=payback: simulate(levels, draws=draws, seed=1, payback=p))
        path = "yearly flows" if payback else "NPV only"
        print(
            f"{path:>12}: project only {t_plain:.3f} s, with continuation (5 cohorts) and "
            f"spread (5 cohorts) {t_levels:.3f} s, ratio {t_levels / t_plain:.2f}"
        )


if __name__ == "__main__":
    main()
