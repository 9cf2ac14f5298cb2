"""Parameter draws beyond KEEP_DRAWS_BYTES are drawn again on first use: the same numbers."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from sekalk import simulation
from sekalk.sampling import BLOCK_SIZE
from sekalk.sensitivity_analysis import rank_correlations
from sekalk.simulation import LazyDraws, simulate

N = 2 * BLOCK_SIZE + 123


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_lazy_draws_equal_kept_draws(uncertain_scenario, monkeypatch, sampler):
    kept = simulate(uncertain_scenario, N, seed=9, sampler=sampler)
    assert isinstance(kept.parameters, dict)
    monkeypatch.setattr(simulation, "KEEP_DRAWS_BYTES", 0)
    lazy = simulate(uncertain_scenario, N, seed=9, sampler=sampler)
    assert isinstance(lazy.parameters, LazyDraws)
    assert lazy.parameters._values is None  # nothing drawn yet
    assert list(lazy.parameters) == list(kept.parameters)
    assert len(lazy.parameters) == len(kept.parameters)
    first = next(iter(kept.parameters))
    assert first in lazy.parameters and "no.such.id" not in lazy.parameters
    with pytest.raises(KeyError):
        lazy.parameters["no.such.id"]
    assert lazy.to_json() == kept.to_json()
    for pid, draws in kept.parameters.items():
        assert np.array_equal(lazy.parameters[pid], draws)
    assert rank_correlations(lazy) == rank_correlations(kept)


def test_lazy_draws_with_a_copula(monkeypatch):
    from tests.conftest import ROOT

    path = ROOT / "scenarios" / "tutorial.toml"
    kept = simulate(path, N, seed=2)
    monkeypatch.setattr(simulation, "KEEP_DRAWS_BYTES", 0)
    lazy = simulate(path, N, seed=2)
    assert isinstance(lazy.parameters, LazyDraws)
    for pid, draws in kept.parameters.items():
        assert np.array_equal(lazy.parameters[pid], draws)


def test_lazy_draws_with_executors(uncertain_scenario, monkeypatch):
    kept = simulate(uncertain_scenario, N, seed=4)
    monkeypatch.setattr(simulation, "KEEP_DRAWS_BYTES", 0)
    with ThreadPoolExecutor(2) as threads:
        a = simulate(uncertain_scenario, N, seed=4, executor=threads)
    with ProcessPoolExecutor(2) as processes:
        b = simulate(uncertain_scenario, N, seed=4, executor=processes)
    for r in (a, b):
        assert r.to_json() == kept.to_json()
        for pid, draws in kept.parameters.items():
            assert np.array_equal(r.parameters[pid], draws)


def test_big_runs_do_not_keep_their_draws():
    # 10^7 draws of 6 parameters would keep 480 MB of draws
    assert 10_000_000 * 6 * 8 > simulation.KEEP_DRAWS_BYTES
    # the example's 100,000 draws of about 30 parameters are kept (no second drawing)
    assert 100_000 * 40 * 8 <= simulation.KEEP_DRAWS_BYTES
