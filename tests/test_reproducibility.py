"""Same scenario, seed, draws and sampler: byte-identical outputs, whatever the process,
the executor or the number of draws around them; every output carries its provenance."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest
from click.testing import CliRunner

from sekalk import __version__
from sekalk.cli import main
from sekalk.sampling import BLOCK_SIZE
from sekalk.simulation import simulate

from .conftest import ROOT, UNCERTAIN_TOML


@pytest.fixture
def scenario_file(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(UNCERTAIN_TOML, encoding="utf-8")
    return p


def _same(a, b) -> None:
    assert a.perspectives == b.perspectives
    assert a.parameters.keys() == b.parameters.keys()
    for k in a.parameters:
        np.testing.assert_array_equal(a.parameters[k], b.parameters[k])
    np.testing.assert_array_equal(a.pv_costs, b.pv_costs)
    np.testing.assert_array_equal(a.pv_benefits, b.pv_benefits)
    if a.payback_year is not None or b.payback_year is not None:
        np.testing.assert_array_equal(a.payback_year, b.payback_year)
    np.testing.assert_array_equal(a.avoided_outcomes, b.avoided_outcomes)
    assert a.to_json() == b.to_json()


def test_two_processes_give_identical_bytes(scenario_file):
    cmd = [sys.executable, "-m", "sekalk.cli", "run", str(scenario_file), "--draws", "1000",
           "--seed", "11", "--sampler", "lhs", "--json", "-"]  # fmt: skip
    first = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True, timeout=120).stdout
    second = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True, timeout=120).stdout
    assert first == second
    assert json.loads(first)["settings"] == {
        "draws": 1000,
        "seed": 11,
        "sampler": "lhs",
        "overrides": [],
        "overlays": [],
    }


def test_everything_sent_to_workers_pickles(uncertain_scenario):
    from sekalk import engine
    from sekalk.simulation import make_design

    for obj in (engine.compile_model(uncertain_scenario), make_design(uncertain_scenario)):
        clone = pickle.loads(pickle.dumps(obj))
        assert type(clone) is type(obj)


N_MULTI = BLOCK_SIZE + 1000  # two blocks, the second one short


def test_serial_threads_and_processes_agree(uncertain_scenario):
    serial = simulate(uncertain_scenario, N_MULTI, seed=5, payback=False)
    with ThreadPoolExecutor(2) as pool:
        _same(serial, simulate(uncertain_scenario, N_MULTI, seed=5, payback=False, executor=pool))
    with ProcessPoolExecutor(2) as pool:
        _same(serial, simulate(uncertain_scenario, N_MULTI, seed=5, payback=False, executor=pool))


def test_threads_agree_with_sobol(uncertain_scenario):
    serial = simulate(uncertain_scenario, N_MULTI, seed=5, sampler="sobol", payback=False)
    with ThreadPoolExecutor(2) as pool:
        threaded = simulate(
            uncertain_scenario, N_MULTI, seed=5, sampler="sobol", payback=False, executor=pool
        )
    _same(serial, threaded)


def test_more_draws_extend_fewer_draws(uncertain_scenario):
    """The first n draws do not depend on how many follow (random sampler)."""
    few = simulate(uncertain_scenario, 1000, seed=9)
    many = simulate(uncertain_scenario, BLOCK_SIZE + 10, seed=9)
    np.testing.assert_array_equal(few.pv_costs, many.pv_costs[:1000])
    np.testing.assert_array_equal(few.pv_benefits, many.pv_benefits[:1000])


def test_other_seed_other_result(uncertain_scenario):
    a = simulate(uncertain_scenario, 500, seed=1)
    b = simulate(uncertain_scenario, 500, seed=2)
    assert not np.array_equal(a.pv_benefits, b.pv_benefits)


# ---------------------------------------------------------------------------------------------
# provenance


def test_json_provenance(scenario_file, uncertain_scenario):
    import hashlib

    res = CliRunner().invoke(main, ["run", str(scenario_file), "--draws", "200", "--json", "-"])
    doc = json.loads(res.output)
    assert doc["sekalk_version"] == __version__
    assert doc["scenario"]["sha256"] == hashlib.sha256(scenario_file.read_bytes()).hexdigest()
    assert doc["settings"] == {
        "draws": 200,
        "seed": 1,
        "sampler": "random",
        "overrides": [],
        "overlays": [],
    }


def test_csv_provenance(scenario_file, tmp_path):
    import hashlib

    out = tmp_path / "d.csv"
    args = ["run", str(scenario_file), "--draws", "100", "--seed", "4", "--draws-out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    header = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value
    assert header == {
        "sekalk_version": __version__,
        "scenario_title": "Uncertain",
        "scenario_sha256": hashlib.sha256(scenario_file.read_bytes()).hexdigest(),
        "seed": "4",
        "draws": "100",
        "sampler": "random",
        "overrides": "[]",
        "overlays": "[]",
    }


def test_parquet_provenance(scenario_file, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pandas as pd

    out = tmp_path / "d.parquet"
    args = ["run", str(scenario_file), "--draws", "100", "--sampler", "sobol"]
    assert CliRunner().invoke(main, [*args, "--draws-out", str(out)]).exit_code == 0
    meta = pq.read_schema(out).metadata
    assert meta[b"sekalk.sekalk_version"] == __version__.encode()
    assert meta[b"sekalk.sampler"] == b"sobol"
    assert meta[b"sekalk.draws"] == b"100"
    assert meta[b"sekalk.overrides"] == b"[]"
    assert len(meta[b"sekalk.scenario_sha256"]) == 64
    frame = pd.read_parquet(out)
    assert len(frame) == 100 and "society.npv" in frame
