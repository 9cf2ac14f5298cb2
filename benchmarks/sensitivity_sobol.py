"""Sobol' indices with bootstrap CIs: 10 uncertain inputs, 2^14 base samples (target <= 3 s).

Run from the repository root: ``python benchmarks/sensitivity_sobol.py``. Prints the time of
the Sobol' step (design, (d + 2) * n model evaluations, estimator, 1000 bootstrap resamples,
convergence check) and its ratio to the target and to a plain simulation of as many draws.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import best_of  # beside this script

from sekalk.scenario import loads
from sekalk.sensitivity_analysis import sensitivity
from sekalk.simulation import simulate

TOML = """
[scenario]
title = "Benchmark: 10 uncertain inputs"
price_year = 2024
horizon_years = 25
discount_rate = { dist = "triangular", min = 0.01, mode = 0.035, max = 0.05 }

[intervention]
years = [0, 2]
participants_per_year = { dist = "discrete", values = [30, 40, 50], weights = [1, 2, 1] }

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = { kommun = 0.55, region = 0.3, stat = 0.15 }
years = [0, 2]
annual = { dist = "pert", min = 1.6e6, mode = 1.8e6, max = 2.4e6 }

[[logic]]
id = "completes"
label = "Completes"
share = { dist = "beta", mean = 0.7, sd = 0.1 }

[[outcomes]]
id = "fail"
label = "Fail"
lag = 3
baseline_risk = { dist = "uniform", min = 0.2, max = 0.3 }
effect = { relative_risk = { dist = "lognormal", p05 = 0.6, p95 = 0.95 } }
dropoff = { dist = "uniform", min = 0.0, max = 0.1 }

  [[outcomes.consequences]]
  id = "assistance"
  label = "Assistance"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  share = 0.25
  annual = { dist = "triangular", min = 60000, mode = 90000, max = 120000 }
  start = 1
  duration = 10

  [[outcomes.consequences]]
  id = "production"
  label = "Production"
  kind = "production"
  payer = { individ = 0.6, stat = 0.4 }
  share = { dist = "uniform", min = 0.2, max = 0.4 }
  annual = { dist = "gamma", mean = 300000, sd = 50000 }
  start = 4
"""

TARGET_S = 3.0


def main() -> None:
    sc = loads(TOML)
    d = len(sc.uncertain_parameters)
    n = 2**14
    sensitivity(sc, "sobol", sobol_n=64)  # warm up: inverse-CDF tables, imports
    t_sobol = best_of(lambda: sensitivity(sc, "sobol", sobol_n=n))
    evaluations = (d + 2) * n
    t_sim = best_of(lambda: simulate(sc, draws=evaluations, payback=False))
    t_all = best_of(lambda: sensitivity(sc, "all", draws=100_000, sobol_n=4096), repeats=1)
    print(f"uncertain inputs d = {d}, base samples n = {n}, evaluations = {evaluations}")
    print(
        f"sobol incl. bootstrap CIs: {t_sobol:.2f} s  (target {TARGET_S:.1f} s, "
        f"ratio {t_sobol / TARGET_S:.2f})"
    )
    print(
        f"simulate({evaluations} draws, NPV only): {t_sim:.2f} s  "
        f"(sobol / simulate = {t_sobol / t_sim:.2f})"
    )
    print(f"all methods, 100k draws, sobol n = 4096: {t_all:.2f} s")


if __name__ == "__main__":
    main()
