"""Auto-precision, workers (threads and dask.distributed) and the progress callback."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from sekalk.cli import main
from sekalk.result import Precision
from sekalk.sampling import BLOCK_SIZE
from sekalk.simulation import precision_reached, simulate

from .conftest import UNCERTAIN_TOML


def _without_precision(doc: str) -> dict:
    d = json.loads(doc)
    d["settings"].pop("precision", None)
    return d


def test_precision_run_equals_fixed_run_with_its_draws(uncertain_scenario):
    # A tight median target needs more than the first two blocks.
    target = Precision(prob=0.005, median=0.0013, max_draws=6 * BLOCK_SIZE)
    calls = []
    res = simulate(
        uncertain_scenario,
        seed=3,
        payback=False,
        precision=target,
        progress=lambda d, t: calls.append((d, t)),
    )
    n = res.settings.draws
    assert n % BLOCK_SIZE == 0 and 2 * BLOCK_SIZE < n <= 6 * BLOCK_SIZE
    reached = res.settings.precision
    assert reached is not None and reached.target == target
    fixed = simulate(uncertain_scenario, draws=n, seed=3, payback=False)
    assert _without_precision(res.to_json()) == json.loads(fixed.to_json())
    # the reported half-widths are those of the final draws, recomputed independently
    npv = fixed.npv()
    p = np.mean(npv > 0)
    assert reached.prob_half_width == pytest.approx(
        stats.norm.ppf(0.975) * np.sqrt(p * (1 - p) / n), rel=1e-12
    )
    assert reached.met == (
        reached.prob_half_width <= target.prob and reached.median_half_width <= target.median
    )
    # progress: one call per block, draws done increasing to the total
    assert [d for d, _ in calls] == [BLOCK_SIZE * (i + 1) for i in range(n // BLOCK_SIZE)]
    assert calls[-1][0] == calls[-1][1] == n


def test_precision_stops_at_max_draws(uncertain_scenario):
    res = simulate(
        uncertain_scenario,
        payback=False,
        precision=Precision(prob=1e-6, median=1e-6, max_draws=3 * BLOCK_SIZE + 5),
    )
    assert res.settings.draws == 3 * BLOCK_SIZE
    assert res.settings.precision.met is False
    doc = json.loads(res.to_json())
    assert doc["settings"]["precision"]["met"] is False
    assert doc["settings"]["draws"] == 3 * BLOCK_SIZE


def test_precision_below_one_block(uncertain_scenario):
    res = simulate(uncertain_scenario, precision=Precision(max_draws=1000))
    assert res.settings.draws == 1000


def test_precision_median_half_width_by_hand():
    # 1..1000 shuffled: the order-statistic CI of the median by the binomial ranks.
    x = np.random.default_rng(0).permutation(np.arange(1.0, 1001.0))
    reached = precision_reached(x, Precision(prob=0.5, median=0.5))
    lo_rank = int(stats.binom.ppf(0.025, 1000, 0.5))
    hi_rank = int(stats.binom.ppf(0.975, 1000, 0.5)) + 1
    width = np.quantile(x, 0.95) - np.quantile(x, 0.05)
    assert reached.median_half_width == pytest.approx((hi_rank - lo_rank) / 2 / width)
    assert reached.prob_half_width == 0.0  # every value is positive
    assert reached.met


def test_bad_precision():
    with pytest.raises(ValueError, match="positive"):
        Precision(prob=0)
    with pytest.raises(ValueError, match="max_draws"):
        Precision(max_draws=0)


def test_threads_give_byte_identical_json_with_payback(uncertain_scenario):
    n = 2 * BLOCK_SIZE + 10
    serial = simulate(uncertain_scenario, draws=n, seed=8)
    with ThreadPoolExecutor(max_workers=2) as pool:
        threaded = simulate(uncertain_scenario, draws=n, seed=8, executor=pool)
    assert serial.to_json() == threaded.to_json()
    np.testing.assert_array_equal(serial.payback_year, threaded.payback_year)


def test_dask_distributed_cluster_gives_byte_identical_json(uncertain_scenario):
    distributed = pytest.importorskip("distributed")
    n = 2 * BLOCK_SIZE + 10
    serial = simulate(uncertain_scenario, draws=n, seed=8)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_cluster = simulate(uncertain_scenario, draws=n, seed=8, executor=client.get_executor())
    assert serial.to_json() == on_cluster.to_json()


def test_block_tasks_pickle_for_process_based_executors(uncertain_scenario):
    # What an executor sends to a worker process (a dask cluster with processes, a process
    # pool) must pickle; the round trip must give the same block.
    import pickle

    from sekalk import engine
    from sekalk.simulation import _run_block, make_design

    task = (
        engine.compile_model(uncertain_scenario),
        make_design(uncertain_scenario),
        1,
        BLOCK_SIZE,
        BLOCK_SIZE + 50,
        8,
        "random",
        True,
        None,  # no shared collector: the block returns its arrays
    )
    block, _, out = _run_block(pickle.loads(pickle.dumps(task)))
    _, _, out2 = pickle.loads(pickle.dumps(_run_block(task)))
    assert block == 1
    np.testing.assert_array_equal(out.pv_benefits, out2.pv_benefits)
    np.testing.assert_array_equal(out.payback_year, out2.payback_year)


def test_cli_workers_and_precision(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(UNCERTAIN_TOML, encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(main, ["run", str(path), "--draws", "70000", "--json", "-"])
    two = runner.invoke(
        main, ["run", str(path), "--draws", "70000", "--json", "-", "--workers", "2"]
    )
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert one.output == two.output
    res = runner.invoke(
        main, ["run", str(path), "--precision", "--max-draws", "200000", "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert "Precision target" in res.output and "131,072 draws" in res.output
    bad = runner.invoke(main, ["run", str(path), "--precision-prob", "0"])
    assert bad.exit_code == 2
