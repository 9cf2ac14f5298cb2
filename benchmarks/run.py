"""Timings of sekalk against the floor and the peers, on the reference model.

Run from the repository root: ``python benchmarks/run.py`` (``--quick`` skips the slow
single-run measurements: the naive loop at 1e6 draws and the 1e7-draw runs).

Every figure is best of several repeats in one process, printed as seconds and as a ratio. The
**floor** is numpy's ``Generator`` drawing the reference model's 6 uncertain inputs with its own
direct samplers and nothing else. Targets (see ``benchmarks/RESULTS.md``) are checked here and
reported as PASS/MISS; they are never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import best_in_turns, best_of  # noqa: E402  (beside this script)

import sekalk  # noqa: E402
from sekalk.scenario import loads  # noqa: E402

REFERENCE = ROOT / "benchmarks" / "reference.toml"
EXAMPLE = ROOT / "scenarios" / "foraldrastod_fullfoljda_studier.toml"

# The reference model (benchmarks/reference.toml), written out for the floor and the peers.
N_PART = 100
P0 = (0.20, 0.30)
RR_P05, RR_P95 = 0.60, 0.95
RR_MU = (math.log(RR_P05) + math.log(RR_P95)) / 2.0
RR_SIGMA = (math.log(RR_P95) - math.log(RR_P05)) / (2.0 * 1.6448536269514722)
PERT = (150_000.0, 250_000.0, 400_000.0)
PERT_A = 1.0 + 4.0 * (PERT[1] - PERT[0]) / (PERT[2] - PERT[0])
PERT_B = 1.0 + 4.0 * (PERT[2] - PERT[1]) / (PERT[2] - PERT[0])
DROPOFF = (0.0, 0.10)
RATE = (0.01, 0.035, 0.05)
COST = (2.5e6, 3e6, 4e6)
START, STOP, HORIZON = 5, 30, 30  # benefit years 5..29 (start 5, duration 25, horizon 30)

RESULTS: list[tuple[str, str, bool | None]] = []  # (target, measured, met)


def target(name: str, measured: str, met: bool | None) -> None:
    RESULTS.append((name, measured, met))


# ------------------------------------------------------------------------------ the variants


def floor(n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """The 6 inputs by numpy's direct samplers, nothing else."""
    return [
        rng.uniform(*P0, n),
        rng.lognormal(RR_MU, RR_SIGMA, n),
        PERT[0] + (PERT[2] - PERT[0]) * rng.beta(PERT_A, PERT_B, n),
        rng.uniform(*DROPOFF, n),
        rng.triangular(*RATE, n),
        rng.triangular(*COST, n),
    ]


def closed_form_npv(p0, rr, annual, dropoff, rate, cost) -> np.ndarray:
    """NPV of the reference model from its inputs (geometric series), for the peers' idiom."""
    x = (1.0 - dropoff) / (1.0 + rate)
    lead = N_PART * p0 * (1.0 - rr) * annual * x**START
    return lead * (1.0 - x ** (STOP - START)) / (1.0 - x) - cost


def naive_loop(n: int, seed: int = 1) -> tuple[float, float]:
    """A per-draw Python loop: draw, walk the years, NPV and payback year (mean NPV, mean payback)."""
    rnd = random.Random(seed)
    total = 0.0
    paid = 0.0
    for _ in range(n):
        p0 = rnd.uniform(*P0)
        rr = rnd.lognormvariate(RR_MU, RR_SIGMA)
        annual = PERT[0] + (PERT[2] - PERT[0]) * rnd.betavariate(PERT_A, PERT_B)
        dropoff = rnd.uniform(*DROPOFF)
        rate = rnd.triangular(RATE[0], RATE[2], RATE[1])
        cost = rnd.triangular(COST[0], COST[2], COST[1])
        avoided = N_PART * p0 * (1.0 - rr)
        cumulative = 0.0
        payback = None
        for t in range(HORIZON):
            flow = -cost if t == 0 else 0.0
            if START <= t < STOP:
                flow += avoided * (1.0 - dropoff) ** t * annual
            cumulative += flow / (1.0 + rate) ** t
            if payback is None and cumulative >= 0:
                payback = t
        total += cumulative
        paid += payback if payback is not None else 0.0
    return total / n, paid / n


def squigglepy_vectorised(n: int) -> np.ndarray:
    """squigglepy's vectorised idiom: ``dist @ n`` per input, then numpy arithmetic."""
    import squigglepy as sq

    sq.set_seed(1)
    p0 = sq.uniform(*P0) @ n
    rr = sq.lognorm(RR_P05, RR_P95) @ n  # a 90% interval, squigglepy's default credibility
    annual = sq.pert(*PERT, lam=4) @ n
    dropoff = sq.uniform(*DROPOFF) @ n
    rate = sq.triangular(*RATE) @ n
    cost = sq.triangular(*COST) @ n
    return closed_form_npv(
        np.asarray(p0),
        np.asarray(rr),
        np.asarray(annual),
        np.asarray(dropoff),
        np.asarray(rate),
        np.asarray(cost),
    )


# ------------------------------------------------------------------------------ sections


def section_speed(repeats: int, quick: bool) -> None:
    sc = sekalk.load(REFERENCE)
    sekalk.simulate(sc, 1000)  # warm up tables and imports
    try:
        import squigglepy  # noqa: F401

        have_sq = True
    except ImportError:
        have_sq = False
    print(
        f"\n## Speed on the reference model (best of {repeats}, the variants taking turns; "
        "ratio to the floor)"
    )
    header = f"{'variant':44s} {'1e5 [s]':>9s} {'x floor':>8s} {'1e6 [s]':>9s} {'x floor':>8s}"
    print(header)
    print("-" * len(header))
    rows: dict[str, dict[int, float]] = {}
    means: dict[str, float] = {}
    for n in (100_000, 1_000_000):
        rng = np.random.default_rng(1)
        last: dict[str, object] = {}
        variants = {
            "floor: numpy Generator, 6 inputs": lambda n=n, rng=rng: floor(n, rng),
            "sekalk.simulate, everything": lambda n=n: sekalk.simulate(sc, n),
            "sekalk.simulate, NPV only (payback=False)": (
                lambda n=n: sekalk.simulate(sc, n, payback=False)
            ),
        }
        if have_sq:
            variants["squigglepy vectorised (dist @ n + numpy)"] = lambda n=n: (
                squigglepy_vectorised(n)
            )
        best = best_in_turns(variants, repeats, last=last)
        for name, seconds in best.items():
            rows.setdefault(name, {})[n] = seconds
        means["sekalk"] = float(last["sekalk.simulate, everything"].npv().mean())
        if have_sq:
            means["squigglepy"] = float(last["squigglepy vectorised (dist @ n + numpy)"].mean())
        last.clear()
        if n == 100_000 or not quick:
            t0 = time.perf_counter()
            means["naive"] = naive_loop(n)[0]
            rows.setdefault("naive per-draw Python loop (1 run)", {})[n] = time.perf_counter() - t0
    fl = rows["floor: numpy Generator, 6 inputs"]
    for name, times in rows.items():
        cells = []
        for n in (100_000, 1_000_000):
            if n in times:
                cells.append(f"{times[n]:9.3f} {times[n] / fl[n]:8.2f}")
            else:
                cells.append(f"{'–':>9s} {'–':>8s}")
        print(f"{name:44s} {' '.join(cells)}")
    if not have_sq:
        print("(squigglepy is not installed: `pip install squigglepy` to compare)")
    print(
        "mean NPV [MSEK] at 1e6 (sanity: the variants model the same thing): "
        + ", ".join(f"{k} {v / 1e6:.3f}" for k, v in means.items())
    )

    full = rows["sekalk.simulate, everything"][1_000_000] / fl[1_000_000]
    npv_only = rows["sekalk.simulate, NPV only (payback=False)"][1_000_000] / fl[1_000_000]
    target("full simulate <= 3x floor (1e6)", f"{full:.2f}x", full <= 3.0)
    target("reference model: full simulate <= 1.5x floor (1e6)", f"{full:.2f}x", full <= 1.5)
    target("NPV-only <= 1.5x floor (1e6)", f"{npv_only:.2f}x", npv_only <= 1.5)
    naive = rows["naive per-draw Python loop (1 run)"]
    n_naive = max(naive)
    speedup = naive[n_naive] / rows["sekalk.simulate, everything"][n_naive]
    target(
        f"full simulate >= 50x faster than the naive loop ({n_naive:.0e})",
        f"{speedup:.0f}x",
        speedup >= 50,
    )
    if have_sq:
        sq_t = rows["squigglepy vectorised (dist @ n + numpy)"][1_000_000]
        mine = rows["sekalk.simulate, NPV only (payback=False)"][1_000_000]
        target(
            "NPV-only no slower than squigglepy vectorised (1e6)",
            f"{mine / sq_t:.2f}x",
            mine <= sq_t,
        )
    else:
        target("no slower than squigglepy vectorised", "squigglepy not installed", None)


def section_breakdown(repeats: int) -> None:
    """Where a full simulate of the reference model spends its time, stage by stage."""
    from sekalk import engine, sampling, simulation

    sc = sekalk.load(REFERENCE)
    model = engine.compile_model(sc)
    design = simulation.make_design(sc)
    n = 1_000_000
    bounds = sampling.block_bounds(n)
    draws = [
        {**design.fixed, **simulation.draw_block(design, b, hi - lo, seed=1, sampler="random")}
        for b, (lo, hi) in enumerate(bounds)
    ]
    rng = np.random.default_rng(1)
    stages = {
        "floor: numpy Generator, 6 inputs": lambda: floor(n, rng),
        "draws (uniforms and inverse CDFs)": lambda: [
            simulation.draw_block(design, b, hi - lo, seed=1, sampler="random")
            for b, (lo, hi) in enumerate(bounds)
        ],
        "present values (evaluate, no payback)": lambda: [
            engine.evaluate(model, v, hi - lo, yearly=False)
            for v, (lo, hi) in zip(draws, bounds, strict=True)
        ],
        "present values and payback years": lambda: [
            engine.evaluate(model, v, hi - lo, yearly=True)
            for v, (lo, hi) in zip(draws, bounds, strict=True)
        ],
        "sekalk.simulate, everything": lambda: sekalk.simulate(sc, n),
    }
    best = best_in_turns(stages, repeats)
    fl = best["floor: numpy Generator, 6 inputs"]
    print(f"\n## Reference model at 1e6 draws, stage by stage (best of {repeats}, taking turns)")
    for name, seconds in best.items():
        print(f"{name:44s} {seconds:7.3f} s {seconds / fl:6.2f}x floor")


def _child(code: str) -> tuple[float, int, str]:
    """Run ``code`` in a fresh interpreter: (wall time [s], its peak RSS [bytes], stdout)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far [KiB on Linux]: run this first.
    return wall, max(peak, before) * 1024, proc.stdout


def section_memory_and_workers(quick: bool) -> None:
    print("\n## 1e7 draws: peak memory, workers")
    if quick:
        print("skipped (--quick)")
        return
    code = textwrap.dedent(
        f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        import sekalk
        t0 = time.perf_counter()
        r = sekalk.simulate({str(REFERENCE)!r}, 10_000_000)
        t1 = time.perf_counter()
        r.to_json()
        print(t1 - t0, time.perf_counter() - t1)
        """
    )
    wall, peak, out = _child(code)
    sim_s, summary_s = (float(x) for x in out.split())
    print(
        f"simulate 1e7 (everything) {sim_s:.2f} s, JSON summary {summary_s:.2f} s, "
        f"peak RSS {peak / 2**30:.2f} GiB (process wall {wall:.1f} s)"
    )
    target("peak memory <= 1.5 GB at 1e7 draws", f"{peak / 1e9:.2f} GB", peak <= 1.5e9)
    target(
        "peak memory <= 1.0 GB at 1e7 draws, JSON summary included",
        f"{peak / 1e9:.2f} GB",
        peak <= 1.0e9,
    )

    sc = sekalk.load(REFERENCE)
    n = 10_000_000
    one_json = sekalk.simulate(sc, n).to_json()
    with ThreadPoolExecutor(max_workers=2) as pool:
        same = sekalk.simulate(sc, n, executor=pool).to_json() == one_json
        # Best of 5, alternating: the first touch of a gigabyte of fresh memory costs a
        # run a second or more on this VM whenever the allocator hands it fresh pages, which
        # it does from run to run at random; alternating and the best of 5 even that out.
        t1 = t2 = math.inf
        for _ in range(5):
            t0 = time.perf_counter()
            sekalk.simulate(sc, n)
            t1 = min(t1, time.perf_counter() - t0)
            t0 = time.perf_counter()
            sekalk.simulate(sc, n, executor=pool)
            t2 = min(t2, time.perf_counter() - t0)
    print(
        f"simulate 1e7 (best of 5), 1 worker {t1:.2f} s, 2 workers (threads) {t2:.2f} s: "
        f"speed-up {t1 / t2:.2f}x; JSON byte-identical: {same}"
    )
    target(
        "2 workers >= 1.6x at 1e7 draws",
        f"{t1 / t2:.2f}x (identical: {same})",
        t1 / t2 >= 1.6 and same,
    )


def direct_draws(dist, n: int, rng: np.random.Generator) -> np.ndarray:
    """numpy's own direct sampler for one of sekalk's distributions (the floor's idiom)."""
    from sekalk import distributions as d

    if isinstance(dist, d.Uniform):
        return rng.uniform(dist.min, dist.max, n)
    if isinstance(dist, d.Triangular):
        return rng.triangular(dist.min, dist.mode, dist.max, n)
    if isinstance(dist, (d.Pert, d.Beta)):
        return dist.min + (dist.max - dist.min) * rng.beta(dist.alpha, dist.beta, n)
    if isinstance(dist, d.Lognormal):
        return rng.lognormal(dist.mu, dist.sigma, n)
    if isinstance(dist, d.Normal):
        x = rng.normal(dist.mu, dist.sigma, n)
        return x if not dist.is_truncated else np.clip(x, dist.min, dist.max)
    if isinstance(dist, d.Gamma):
        return rng.gamma(dist.shape, dist.scale, n)
    if isinstance(dist, d.Discrete):
        return rng.choice(np.asarray(dist.values), n, p=np.asarray(dist.weights))
    raise TypeError(f"no direct sampler for {type(dist).__name__}")


def section_realistic(repeats: int) -> None:
    sc = sekalk.load(EXAMPLE)
    dists = [p.distribution for p in sc.uncertain_parameters.values()]
    n = 1_000_000
    print(
        f"\n## Realistic model: {EXAMPLE.name}, {len(dists)} uncertain inputs, 1e6 draws "
        f"(best of {repeats}, taking turns)"
    )
    sekalk.simulate(sc, 1000)  # warm up tables and imports
    rng = np.random.default_rng(1)
    variants = {
        "floor: numpy's direct samplers for its inputs": lambda: [
            direct_draws(d, n, rng) for d in dists
        ],
        "sekalk.simulate, everything": lambda: sekalk.simulate(sc, n),
    }
    best = best_in_turns(variants, repeats)
    fl = best["floor: numpy's direct samplers for its inputs"]
    for name, seconds in best.items():
        print(f"{name:48s} {seconds:7.3f} s {seconds / fl:6.2f}x")
    ratio = best["sekalk.simulate, everything"] / fl
    target("realistic model: full simulate <= 1.6x its floor (1e6)", f"{ratio:.2f}x", ratio <= 1.6)


def section_cli(repeats: int) -> None:
    import tempfile

    print(
        f"\n## Command line (fresh process each time, best of {repeats}, the commands taking turns)"
    )
    example = str(EXAMPLE.relative_to(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        # The inverse-CDF table cache in a folder of this run: built by the first run of
        # the example (timed apart as "cold"), read by every later one.
        env = {**os.environ, "SEKALK_CACHE_DIR": str(Path(tmp) / "cache")}
        # Python's bytecode cache on, as in any installed copy: the floor reads numpy's and
        # scipy's compiled files, so sekalk's own modules must not be compiled afresh each time
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        html = str(Path(tmp) / "report.html")
        sekalk_cmd = [sys.executable, "-m", "sekalk.cli"]
        commands = {
            "floor": [sys.executable, "-c", "import numpy, scipy.special"],
            "bare": [sys.executable, "-c", "pass"],
            "help": [*sekalk_cmd, "--help"],
            "validate": [*sekalk_cmd, "validate", example],
            "run": [*sekalk_cmd, "run", example, "--quiet"],
            "report": [*sekalk_cmd, "report", example, "-o", html, "--force"],
            "report --sensitivity": [
                *sekalk_cmd,
                "report",
                example,
                "--sensitivity",
                "-o",
                html,
                "--force",
            ],
        }

        def once(args: list[str], extra: dict[str, str] | None = None) -> float:
            t0 = time.perf_counter()
            subprocess.run(
                args, cwd=ROOT, check=True, capture_output=True, env={**env, **(extra or {})}
            )
            return time.perf_counter() - t0

        once(commands["report --sensitivity"], {"SEKALK_NO_CACHE": "1"})  # compiles the modules
        cold = once(commands["run"], {"SEKALK_NO_CACHE": "1"})
        best = dict.fromkeys(commands, math.inf)
        for _ in range(repeats):
            for name, args in commands.items():
                best[name] = min(best[name], once(args))
    fl, bare = best["floor"], best["bare"]
    print(f"python -c pass (interpreter start-up on this machine)   {bare:.3f} s")
    print(f"floor: python -c 'import numpy, scipy.special'         {fl:.3f} s")
    for name in ("help", "validate", "run", "report", "report --sensitivity"):
        label = f"sekalk {name}" + ("" if name == "help" else f" {EXAMPLE.name}")
        print(f"{label:54s} {best[name]:.3f} s {best[name] / fl:6.2f}x floor")
    print(
        f"sekalk run without the table cache (SEKALK_NO_CACHE=1, 1 run) {cold:.3f} s "
        f"{cold / fl:6.2f}x floor"
    )
    helps = best["help"]
    target("sekalk --help <= 0.3 s", f"{helps:.3f} s (bare interpreter {bare:.3f} s)", helps <= 0.3)
    limit = 1.2 * bare + 0.1
    target(
        "sekalk --help <= 1.2x bare python + 0.1 s",
        f"{helps:.3f} s (limit {limit:.3f} s)",
        helps <= limit,
    )
    for name, factor in (
        ("run", 3.0),
        ("report", 6.0),
        ("report --sensitivity", 10.0),
        ("validate", 1.5),
    ):
        ratio = best[name] / fl
        target(
            f"sekalk {name} (example) <= {factor:g}x floor",
            f"{ratio:.2f}x ({best[name]:.2f} s, floor {fl:.2f} s)",
            ratio <= factor,
        )


SOBOL_TOML = (
    REFERENCE.read_text(encoding="utf-8")
    .replace(
        "participants_per_year = 100",
        'participants_per_year = { dist = "uniform", min = 90, max = 110 }',
    )
    .replace("lag = 0", 'lag = 0\nattribution = { dist = "uniform", min = 0.8, max = 1.0 }')
    .replace("share = 1.0", 'share = { dist = "uniform", min = 0.8, max = 1.0 }')
    .replace(
        "duration = 25", 'duration = 25\n  growth = { dist = "uniform", min = 0.0, max = 0.01 }'
    )
)


def section_sobol(repeats: int) -> None:
    print("\n## Sobol' indices: 10 uncertain inputs, 2^14 base samples, bootstrap CIs")
    sc = loads(SOBOL_TOML, file="sobol10.toml")
    k = len(sc.uncertain_parameters)
    elapsed = best_of(lambda: sekalk.sensitivity(sc, methods=["sobol"], sobol_n=2**14), repeats)
    print(f"{k} uncertain inputs: {elapsed:.2f} s")
    target("Sobol' case <= 3 s", f"{elapsed:.2f} s", elapsed <= 3.0)
    example = sekalk.load(EXAMPLE)
    k = len(example.uncertain_parameters)
    sekalk.sensitivity(example, methods=["sobol"], sobol_n=2**8)  # warm up (scipy.stats)
    elapsed = best_of(
        lambda: sekalk.sensitivity(example, methods=["sobol"], sobol_n=2**14), repeats
    )
    print(f"{EXAMPLE.name}, {k} uncertain inputs, 2^14 base samples: {elapsed:.2f} s")
    target(
        f"Sobol' indices of the example ({k} inputs, 2^14) <= 3 s",
        f"{elapsed:.2f} s",
        elapsed <= 3.0,
    )


def machine() -> None:
    import scipy

    print("# sekalk benchmarks")
    print(f"date     {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    print(f"uname -a {uname or ' '.join(platform.uname())}")
    print(f"nproc    {os.cpu_count()}")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"sekalk {sekalk.__version__}"
    )
    try:
        print(f"load average {os.getloadavg()[0]:.2f} (a shared machine: timings vary)")
    except OSError:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the slow single runs")
    parser.add_argument("--json", metavar="PATH", help="also write the targets as JSON")
    args = parser.parse_args()
    machine()
    section_memory_and_workers(args.quick)  # first: ru_maxrss of children is a running maximum
    section_speed(args.repeats, args.quick)
    section_breakdown(args.repeats)
    section_realistic(args.repeats)
    section_cli(args.repeats)
    section_sobol(min(args.repeats, 3))
    print("\n## Targets")
    for name, measured, met in RESULTS:
        status = "n/a " if met is None else ("PASS" if met else "MISS")
        print(f"{status}  {name}: {measured}")
    if args.json:
        Path(args.json).write_text(json.dumps(RESULTS, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
