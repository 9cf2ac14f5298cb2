"""Sampler quality: RMSE of the mean NPV against the number of draws, per sampler.

Run from the repository root: ``python benchmarks/samplers.py [--seeds 30]``.

For each sampler (``random``, ``lhs``, ``sobol``) and each number of draws 2^10 .. 2^16, the
reference model is simulated with ``--seeds`` different seeds; the root-mean-square error of the
mean society NPV is taken against a reference mean from one scrambled Sobol' run of 2^22 draws
(its own standard error, from its 16 independently scrambled replicates, is printed: RMSEs near
it are at the limit of what this table can resolve).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sekalk  # noqa: E402

SAMPLERS = ("random", "lhs", "sobol")
POWERS = (10, 12, 14, 16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    args = parser.parse_args()
    sc = sekalk.load(ROOT / "benchmarks" / "reference.toml")

    t0 = time.perf_counter()
    ref = sekalk.simulate(sc, 2**22, seed=12345, sampler="sobol", payback=False)
    ref_stats = ref.stats("npv")
    ref_mean, ref_se = ref_stats["mean"], ref_stats["mcse_mean"]
    del ref
    print(
        f"reference mean NPV (sobol, 2^22 draws): {ref_mean:,.0f} SEK, its standard error "
        f"{ref_se:,.0f} SEK (16 scrambled replicates); {time.perf_counter() - t0:.1f} s"
    )
    print(f"RMSE of the mean society NPV over {args.seeds} seeds [SEK]\n")
    header = f"{'draws':>8s} " + " ".join(f"{s:>10s}" for s in SAMPLERS)
    header += f" {'random/lhs':>11s} {'random/sobol':>13s}"
    print(header)
    print("-" * len(header))
    for p in POWERS:
        n = 2**p
        rmse = {}
        for sampler in SAMPLERS:
            errors = [
                sekalk.simulate(sc, n, seed=seed, sampler=sampler, payback=False).npv().mean()
                - ref_mean
                for seed in range(1, args.seeds + 1)
            ]
            rmse[sampler] = float(np.sqrt(np.mean(np.square(errors))))
        cells = " ".join(f"{rmse[s]:10,.0f}" for s in SAMPLERS)
        print(
            f"{'2^' + str(p):>8s} {cells} {rmse['random'] / rmse['lhs']:11.1f} "
            f"{rmse['random'] / rmse['sobol']:13.1f}"
        )
    print(f"\n({time.perf_counter() - t0:.0f} s in all)")


if __name__ == "__main__":
    main()
