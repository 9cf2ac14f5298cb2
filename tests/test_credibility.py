"""The credibility map: evidence grade against share of the NPV uncertainty."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from sekalk.credibility import credibility_map, variance_shares
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import HAND_TOML

# HAND_TOML with a wide effect and a narrow baseline risk: the effect dominates the NPV.
DOMINANT = HAND_TOML.replace(
    "effect = { relative_risk = 0.5 }",
    'effect = { relative_risk = { dist = "uniform", min = 0.1, max = 0.9, evidence = "GRADE" } }',
).replace(
    "baseline_risk = 0.4",
    'baseline_risk = { dist = "uniform", min = 0.39, max = 0.41, evidence = "assumption" }',
)


def cmap_for(grade: str, threshold: float = 0.10):
    sc = loads(DOMINANT.replace("GRADE", grade))
    return credibility_map(simulate(sc, draws=4000, seed=5, payback=False), threshold=threshold)


def test_weak_dominant_assumption_is_flagged():
    cmap = cmap_for("assumption")
    by_id = {e.id: e for e in cmap.entries}
    eff = by_id["outcomes.fail.effect"]
    assert eff.share > 0.9 and eff.critical
    base = by_id["outcomes.fail.baseline_risk"]
    assert base.evidence == "assumption" and base.share < 0.10 and not base.critical
    assert [e.id for e in cmap.critical] == ["outcomes.fail.effect"]
    # fixed parameters are on the map, with no share
    assert by_id["logic.completes.share"].fixed and by_id["logic.completes.share"].share == 0.0
    assert len(cmap.entries) == len(cmap.result.scenario.parameters)


def test_research_graded_dominant_assumption_is_not_flagged():
    cmap = cmap_for("research")
    assert cmap.critical == ()
    # lowering the threshold below the weak baseline risk's share flags it instead
    low = cmap_for("research", threshold=0.0001)
    assert [e.id for e in low.critical] == ["outcomes.fail.baseline_risk"]


def test_shares_are_normalised_squared_spearman():
    cmap = cmap_for("assumption")
    res = cmap.result
    rho = {pid: stats.spearmanr(x, res.npv()).statistic for pid, x in res.parameters.items()}
    total = sum(r * r for r in rho.values())
    for e in cmap.entries:
        if not e.fixed:
            assert e.share == pytest.approx(rho[e.id] ** 2 / total, rel=1e-9)
    assert sum(e.share for e in cmap.entries) == pytest.approx(1.0, abs=1e-12)
    assert variance_shares({"a": float("nan"), "b": 0.0}) == {"a": 0.0, "b": 0.0}


def test_json_and_plot():
    cmap = cmap_for("assumption")
    doc = json.loads(cmap.to_json())
    assert doc["schema"] == "sekalk.credibility/1"
    assert doc["settings"]["threshold"] == 0.10
    eff = next(a for a in doc["assumptions"] if a["id"] == "outcomes.fail.effect")
    assert eff["critical"] is True and eff["evidence"] == "assumption"
    fig = cmap.plot("sv")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [
        "forskning",
        "beprövad erfarenhet",
        "antagande",
        "ej angiven",
    ]
    assert np.isclose(fig.axes[0].lines[0].get_ydata()[0], 0.10)
