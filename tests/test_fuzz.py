"""Fuzzing with hypothesis: random valid scenarios always give finite, consistent results;
random mutations of them give a result or a ScenarioError, never another exception.

Bounded for CI (``FUZZ_EXAMPLES``, default 30); ``SEKALK_FUZZ_EXAMPLES=2000`` for a long run.
"""

from __future__ import annotations

import copy
import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sekalk.errors import ScenarioError
from sekalk.scenario import PUBLIC_ACTORS
from sekalk.scenario.loader import build_scenario
from sekalk.simulation import simulate

from .strategies import FUZZ_EXAMPLES, mutated_scenarios, scenarios

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=FUZZ_EXAMPLES <= 100,  # CI runs are reproducible; long runs explore
)
DRAWS = 48


def _actors(result):
    return [p for p in result.perspectives if p not in ("society", "public_sector")]


def _check_ledger(result, array: np.ndarray) -> None:
    """Actors add up to society; public_sector is kommun + region + stat (1e-9 relative)."""
    idx = {p: i for i, p in enumerate(result.perspectives)}
    actors = _actors(result)
    parts = array[:, [idx[a] for a in actors]]
    scale = np.abs(parts).sum(axis=1) + np.abs(array[:, idx["society"]]) + 1e-300
    total = parts.sum(axis=1)
    assert np.all(np.abs(total - array[:, idx["society"]]) <= 1e-9 * scale)
    public = [idx[a] for a in actors if a in PUBLIC_ACTORS]
    pub = array[:, public].sum(axis=1) if public else np.zeros(len(array))
    assert np.all(np.abs(pub - array[:, idx["public_sector"]]) <= 1e-9 * scale)


@FUZZ
@given(doc=scenarios(), sampler=st.sampled_from(["random", "lhs", "sobol"]))
def test_valid_scenarios_give_finite_consistent_results(doc, sampler):
    scenario = build_scenario(doc)
    result = simulate(scenario, DRAWS, seed=7, sampler=sampler)
    for arr in (result.pv_costs, result.pv_benefits, result.pv_benefits - result.pv_costs):
        assert np.all(np.isfinite(arr))
    assert np.all(np.isfinite(result.avoided_outcomes))
    _check_ledger(result, result.pv_costs)
    _check_ledger(result, result.pv_benefits)
    text = result.to_json()  # allow_nan=False: raises on NaN/inf
    doc_out = json.loads(text)
    assert doc_out["settings"]["draws"] == DRAWS
    assert "NaN" not in text and "Infinity" not in text


@FUZZ
@given(doc=scenarios())
def test_transfers_cancel_for_society(doc):
    """With every consequence turned into a transfer, society gains nothing."""
    doc = copy.deepcopy(doc)
    for out in doc["outcomes"]:
        for con in out["consequences"]:
            con["kind"] = "transfer"
            con["recipient"] = "individ"
    result = simulate(build_scenario(doc), 16, seed=3, payback=False)
    q = result.perspectives.index("society")
    scale = np.abs(result.pv_benefits).sum(axis=1) + 1e-300
    assert np.all(np.abs(result.pv_benefits[:, q]) <= 1e-9 * scale)


@FUZZ
@given(doc=mutated_scenarios())
def test_mutations_give_a_result_or_a_scenario_error(doc):
    try:
        scenario = build_scenario(doc)
    except ScenarioError as exc:
        assert exc.message and str(exc)
        return
    result = simulate(scenario, 16, seed=1, payback=True)
    json.loads(result.to_json())
    assert np.all(np.isfinite(result.pv_costs))
    assert math.isfinite(float(np.sum(result.pv_benefits)))
