"""Cost of the evaluator's tools relative to one simulation (prints ratios, asserts nothing).

    PYTHONPATH=. python benchmarks/evaluator.py [DRAWS]   (from the repository root)

* overrides + widening: building the modified scenario, per call;
* compare of two scenarios against two plain simulations (should be about 1: no overhead);
* the credibility map (rank correlations) against the simulation it reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from timing import best_of  # beside this script

import sekalk
from sekalk.credibility import credibility_map
from sekalk.scenario.widen import widen

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "foraldrastod_fullfoljda_studier.toml"


def main() -> None:
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    app = sekalk.load(SCENARIO)
    mine = app.with_overrides(
        {"outcomes.ej_behorig.effect": {"dist": "uniform", "min": 0.85, "max": 1.0}}
    )

    t_widen = best_of(lambda: widen(app), 5)
    t_sim = best_of(lambda: sekalk.simulate(app, draws=draws, seed=1, payback=False))
    t_two = best_of(
        lambda: (
            sekalk.simulate(app, draws=draws, seed=1, payback=False),
            sekalk.simulate(mine, draws=draws, seed=1, payback=False),
        )
    )
    t_cmp = best_of(lambda: sekalk.compare([app, mine], draws=draws, seed=1))
    result = sekalk.simulate(app, draws=draws, seed=1, payback=False)
    t_cred = best_of(lambda: credibility_map(result))
    print(f"draws: {draws:,}; simulate (NPV only): {t_sim:.3f} s")
    print(f"widen(scenario): {1e3 * t_widen:.1f} ms = {t_widen / t_sim:.4f} x simulate")
    print(f"compare 2 / simulate 2: {t_cmp / t_two:.2f}")
    print(f"credibility map / simulate: {t_cred / t_sim:.2f}")


if __name__ == "__main__":
    main()
