"""Sensitivity measures against closed forms and scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sekalk.sensitivity import rank_correlations
from sekalk.simulation import simulate


def test_rank_correlations_equal_scipy_spearman(uncertain_scenario):
    res = simulate(uncertain_scenario, draws=3000, seed=2, payback=False)
    rho = rank_correlations(res)
    assert list(rho) == list(res.parameters)
    for pid, draws in res.parameters.items():
        assert rho[pid] == pytest.approx(stats.spearmanr(draws, res.npv()).statistic, abs=1e-12)
    # The cost is the only input that lowers the society NPV.
    assert rho["intervention.costs.staff.annual"] < 0
    assert np.isfinite(list(rho.values())).all()
