"""A fund's portfolio locally and on a dask.distributed LocalCluster: time and identity.

Run from the repository root::

    python benchmarks/cluster.py                      # 50 projects x 1e6 draws (the issue's case)
    python benchmarks/cluster.py --projects 10 --draws 200000   # a quick look

The projects are generated from ``benchmarks/reference.toml``: project ``i`` gets its own title,
participants per year and cost, so they differ but share ``scenario.discount_rate`` (common
random numbers, as in a real fund). The portfolio is simulated three ways, each timed once:
locally in this process, and with ``portfolio(..., executor=...)`` on a LocalCluster of 2 workers
(1 thread each) on the loopback interface, with worker processes (the realistic case: blocks and
their results travel over TCP) and with worker threads. The JSON of every run must be
byte-identical to the local one.

Memory: every project's result is held by the client: about 100 bytes per draw per project for
the reference model (50 x 1e6 draws: about 5 GB), so check the free memory first.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sekalk  # noqa: E402
from sekalk.portfolio import portfolio  # noqa: E402

REFERENCE = ROOT / "benchmarks" / "reference.toml"


def write_projects(folder: Path, count: int) -> list[Path]:
    """``count`` variants of the reference model as scenario files in ``folder``."""
    text = REFERENCE.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        body = re.sub(r'(?m)^title = ".*"$', f'title = "Project {i + 1:02d}"', text, count=1)
        body = body.replace("participants_per_year = 100", f"participants_per_year = {60 + 2 * i}")
        path = folder / f"project_{i + 1:02d}.toml"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--draws", type=int, default=1_000_000)
    args = parser.parse_args()
    import distributed

    print(f"# portfolio of {args.projects} projects x {args.draws:,} draws (reference model)")
    with tempfile.TemporaryDirectory() as tmp:
        files = write_projects(Path(tmp), args.projects)
        scenarios = [sekalk.load(f) for f in files]
        portfolio(scenarios[:1], draws=1000)  # warm up tables and imports
        t_local, local = timed(lambda: portfolio(scenarios, draws=args.draws).to_json())
        print(f"local, 1 thread                                 {t_local:8.2f} s")
        for processes in (True, False):
            with (
                distributed.LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    processes=processes,
                    protocol="tcp",
                    host="127.0.0.1",
                    dashboard_address=None,
                ) as cluster,
                distributed.Client(cluster) as client,
            ):
                executor = client.get_executor()
                # warm the workers (imports, tables) on a small run first
                portfolio(scenarios[:2], draws=1000, executor=executor)
                t, remote = timed(
                    lambda executor=executor: portfolio(
                        scenarios, draws=args.draws, executor=executor
                    ).to_json()
                )
            kind = "processes" if processes else "threads"
            print(
                f"LocalCluster, 2 workers ({kind:9s}, loopback)  {t:8.2f} s  "
                f"{t_local / t:5.2f}x local; JSON byte-identical: {remote == local}"
            )


if __name__ == "__main__":
    main()
