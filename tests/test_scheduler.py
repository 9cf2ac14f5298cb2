"""`--scheduler`: portfolio and sensitivity on a dask.distributed cluster, identical to local.

The cluster is a LocalCluster started here: 2 workers (threads of this process), loopback only.
"""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.portfolio import portfolio
from sekalk.sampling import BLOCK_SIZE
from sekalk.scenario import loads
from sekalk.sensitivity_analysis import EVAL_BLOCK, sensitivity
from sekalk.simulation import SchedulerError, scheduler_executor

from .conftest import HAND_TOML, UNCERTAIN_TOML

distributed = pytest.importorskip("distributed")

SECOND = UNCERTAIN_TOML.replace('title = "Uncertain"', 'title = "Second"').replace(
    "completes", "other_step"
)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as c:
        yield c


@pytest.fixture
def projects():
    return [
        loads(UNCERTAIN_TOML, file="a.toml"),
        loads(SECOND, file="b.toml"),
        loads(HAND_TOML, file="c.toml"),
    ]


def test_portfolio_on_cluster_is_byte_identical(cluster, projects):
    n = 2 * BLOCK_SIZE + 7  # three blocks per project
    local = portfolio(projects, draws=n, seed=3)
    with scheduler_executor(cluster.scheduler_address) as executor:
        remote = portfolio(projects, draws=n, seed=3, executor=executor)
    assert remote.to_json() == local.to_json()


def test_sensitivity_on_cluster_is_byte_identical(cluster):
    sc = loads(UNCERTAIN_TOML, file="a.toml")
    k = len(sc.uncertain_parameters)
    sobol_n = 2**14
    assert (k + 2) * sobol_n > EVAL_BLOCK  # the Sobol' design is cut into several blocks
    kwargs = dict(draws=BLOCK_SIZE + 11, seed=5, sobol_n=sobol_n, n_resamples=50)
    local = sensitivity(sc, "all", **kwargs)
    with scheduler_executor(cluster.scheduler_address) as executor:
        remote = sensitivity(sc, "all", executor=executor, **kwargs)
    assert remote.to_json() == local.to_json()


def _write(tmp_path):
    (tmp_path / "a.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    (tmp_path / "b.toml").write_text(SECOND, encoding="utf-8")
    return [str(tmp_path / "a.toml"), str(tmp_path / "b.toml")]


def test_cli_portfolio_and_sensitivity_with_scheduler(cluster, tmp_path):
    files = _write(tmp_path)
    runner = CliRunner()
    args = ["portfolio", *files, "--draws", "70000", "--json", "-"]
    local = runner.invoke(main, args)
    remote = runner.invoke(main, [*args, "--scheduler", cluster.scheduler_address])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output
    args = ["sensitivity", files[0], "--method", "sobol", "--sobol-n", "1024", "--json", "-"]
    local = runner.invoke(main, args)
    remote = runner.invoke(main, [*args, "--scheduler", cluster.scheduler_address])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_cli_without_dask_exits_2_with_one_message(tmp_path, monkeypatch):
    files = _write(tmp_path)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    res = CliRunner().invoke(main, ["portfolio", *files, "--scheduler", "tcp://127.0.0.1:8786"])
    assert res.exit_code == 2
    assert "dask.distributed" in res.output and "pip install" in res.output
    assert "Traceback" not in res.output


def test_nothing_at_the_address_is_a_clear_error():
    # port 9 (discard) on loopback: nothing listens there
    with pytest.raises(SchedulerError, match="no dask scheduler answered"):
        with scheduler_executor("tcp://127.0.0.1:9", timeout=1.0):
            pass


def test_cli_nothing_at_the_address_exits_2(tmp_path, monkeypatch):
    files = _write(tmp_path)
    import sekalk.simulation as simulation

    original = simulation.scheduler_executor
    monkeypatch.setattr(
        simulation, "scheduler_executor", lambda address: original(address, timeout=1.0)
    )
    res = CliRunner().invoke(main, ["portfolio", *files, "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2  # the projects are Swedish: so is the message
    assert res.output.startswith(
        (
            "fel: ingen dask-schemaläggare svarade på 'tcp://127.0.0.1:9'",
            "error: ingen dask-schemaläggare svarade på 'tcp://127.0.0.1:9'",
        )
    )
    res = CliRunner().invoke(
        main, ["portfolio", *files, "--scheduler", "tcp://127.0.0.1:9", "--lang", "en"]
    )
    assert res.exit_code == 2
    assert res.output.startswith(
        (
            "fel: no dask scheduler answered at 'tcp://127.0.0.1:9'",
            "error: no dask scheduler answered at 'tcp://127.0.0.1:9'",
        )
    )
