"""The fund's portfolio: draw-by-draw totals, risk shares, budget, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.errors import ScenarioError
from sekalk.portfolio import nominal_costs, portfolio, risk_shares
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import HAND_TOML, UNCERTAIN_TOML

DRAWS = 3_000
SECOND = UNCERTAIN_TOML.replace('title = "Uncertain"', 'title = "Second"').replace(
    "completes", "other_step"
)


@pytest.fixture
def projects():
    return [
        loads(UNCERTAIN_TOML, file="a.toml"),
        loads(SECOND, file="b.toml"),
        loads(HAND_TOML, file="c.toml"),
    ]


def test_total_is_the_draw_by_draw_sum(projects):
    pr = portfolio(projects, draws=DRAWS, seed=4)
    singles = [simulate(sc, draws=DRAWS, seed=4, payback=False) for sc in projects]
    for p in ("society", "kommun", "individ"):
        expected = np.zeros(DRAWS)
        for r in singles:
            expected = expected + (r.npv(p) if p in r.perspectives else 0.0)
        np.testing.assert_array_equal(pr.total_npv(p), expected)
    assert pr.names == ("a", "b", "c")
    assert pr.prob_break_even() == np.mean(pr.total_npv() > 0)


def test_risk_shares_sum_to_one_and_match_the_covariance_formula(projects):
    pr = portfolio(projects, draws=DRAWS, seed=4)
    shares = pr.risk_shares()
    assert shares.sum() == pytest.approx(1.0, abs=1e-12)
    x = pr.project_npvs()
    total = x.sum(axis=1)
    for i in range(x.shape[1]):
        cov = np.cov(x[:, i], total)
        assert shares[i] == pytest.approx(cov[0, 1] / cov[1, 1], rel=1e-9)
    assert np.isnan(risk_shares(np.ones((5, 2)))).all()


def test_shared_ids_share_draws_unless_independent(projects):
    pr = portfolio(projects[:2], draws=DRAWS, seed=4)
    a, b = pr.results
    assert "scenario.discount_rate" in pr.shared_ids
    assert "logic.completes.share" not in pr.shared_ids
    np.testing.assert_array_equal(
        a.parameters["outcomes.fail.baseline_risk"], b.parameters["outcomes.fail.baseline_risk"]
    )
    ind = portfolio(projects[:2], draws=DRAWS, seed=4, independent=True)
    a, b = ind.results
    assert not np.array_equal(
        a.parameters["outcomes.fail.baseline_risk"], b.parameters["outcomes.fail.baseline_risk"]
    )
    assert ind.to_dict()["shared_parameter_ids"] == []


def test_nominal_costs_and_budget_by_hand(projects):
    hand = projects[2]
    # Staff: 2000 a year in years 0..1, paid half by kommun and half by region.
    assert nominal_costs(hand, {}, 3).tolist() == [4000.0] * 3
    assert nominal_costs(hand, {}, 3, actor="region").tolist() == [2000.0] * 3
    assert nominal_costs(hand, {}, 3, actor="stat").tolist() == [0.0] * 3
    pr = portfolio(projects, draws=DRAWS, seed=4, budget=1e9)
    staff = pr.results[0].parameters["intervention.costs.staff.annual"]
    np.testing.assert_allclose(pr.costs[:, 0], 3 * staff, rtol=1e-15)
    assert pr.prob_within_budget() == 1.0
    cut = float(np.median(pr.costs.sum(axis=1)))
    pr2 = portfolio(projects, draws=DRAWS, seed=4, budget=cut)
    assert pr2.prob_within_budget() == np.mean(pr2.costs.sum(axis=1) <= cut)
    with pytest.raises(ScenarioError, match="did you mean 'region'"):
        portfolio(projects, draws=10, budget=1.0, budget_actor="regin")


def test_portfolio_json_and_cli(tmp_path):
    d = tmp_path / "fund"
    d.mkdir()
    (d / "a.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    (d / "b.toml").write_text(SECOND, encoding="utf-8")
    out = tmp_path / "p.json"
    runner = CliRunner()
    res = runner.invoke(
        main,
        [
            "portfolio",
            str(d),
            "--draws",
            "2000",
            "--budget",
            "2e7",
            "--json",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "probability that the fund as a whole breaks even" in res.output
    assert "Share of risk" in res.output
    doc = json.loads(out.read_text())
    assert doc["schema"] == "sekalk.portfolio/1"
    assert [p["name"] for p in doc["projects"]] == ["a", "b"]
    assert sum(p["risk_share"] for p in doc["projects"]) == pytest.approx(1.0, abs=1e-9)
    assert doc["budget"]["basis"] == "nominal"
    assert all(p["sha256"] for p in doc["projects"])
    bad = runner.invoke(
        main, ["portfolio", str(d), "--draws", "10", "--budget", "1", "--budget-actor", "x"]
    )
    assert bad.exit_code == 2
    assert "unknown actor 'x'" in bad.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(main, ["portfolio", str(empty)]).exit_code == 2


def test_portfolio_terminal_numbers(projects):
    from sekalk.report.i18n import fmt_money, fmt_pct
    from sekalk.report.text import render_portfolio

    pr = portfolio(projects, draws=DRAWS, seed=4, budget=2e7, budget_actor="kommun")
    text = render_portfolio(pr, "sv")
    total = pr.total_npv()
    assert fmt_money(float(total.mean()), "sv") in text
    assert (
        f"sannolikhet att fonden som helhet går med vinst: {fmt_pct(pr.prob_break_even(), 'sv')}"
        in text
    )
    for share in pr.risk_shares():
        assert fmt_pct(float(share), "sv") in text
    assert fmt_money(float(pr.total_npv("kommun").mean()), "sv") in text
    assert f"ryms i budgeten: {fmt_pct(pr.prob_within_budget(), 'sv')}" in text
    assert "scenario.discount_rate" in text  # the shared ids are named
