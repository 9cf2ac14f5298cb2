"""Sensitivity measures against closed forms, hand calculations and scipy."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from sekalk.cli import main
from sekalk.report.text import ordinal, render_sensitivity
from sekalk.scenario import loads
from sekalk.sensitivity_analysis import (
    evpi,
    evppi,
    find_root,
    rank_correlations,
    saltelli_indices,
    sensitivity,
    sobol_bootstrap,
)
from sekalk.simulation import simulate

from .conftest import ROOT, UNCERTAIN_TOML

SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))

# NPV = 2.5 Y - X1 - X2 - X3 with independent inputs (one year, no discounting):
# avoided outcomes A = 10 participants * 0.5 baseline * (1 - 0.5 rr) * 1 = 2.5, and the
# consequence pays Y once (share 1, year 0), so b_Y = 2.5 and b_Xi = -1.
ADDITIVE_TOML = """
[scenario]
title = "Additive"
price_year = 2024
horizon_years = 1
discount_rate = 0.0
language = "en"

[intervention]
years = [0, 0]
participants_per_year = 10

[[intervention.costs]]
id = "x1"
label = "X1"
payer = "kommun"
years = [0, 0]
annual = { dist = "uniform", min = 500, max = 2500, evidence = "assumption" }

[[intervention.costs]]
id = "x2"
label = "X2"
payer = "kommun"
years = [0, 0]
annual = { dist = "normal", mean = 2000, sd = 300, min = 0, max = 5000, evidence = "research" }

[[intervention.costs]]
id = "x3"
label = "X3"
payer = "kommun"
years = [0, 0]
annual = { dist = "triangular", min = 0, mode = 500, max = 2000 }

[[outcomes]]
id = "fail"
label = "Fail"
lag = 0
baseline_risk = 0.5
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "y"
  label = "Y"
  kind = "resource"
  payer = "kommun"
  share = 1.0
  annual = { dist = "uniform", min = 800, max = 2800, evidence = "assumption" }
  start = 0
  duration = 1
"""

COEF = {
    "intervention.costs.x1.annual": -1.0,
    "intervention.costs.x2.annual": -1.0,
    "intervention.costs.x3.annual": -1.0,
    "outcomes.fail.consequences.y.annual": 2.5,
}
SCIPY = {
    "intervention.costs.x1.annual": stats.uniform(500, 2000),
    "intervention.costs.x2.annual": stats.truncnorm(-2000 / 300, 3000 / 300, 2000, 300),
    "intervention.costs.x3.annual": stats.triang(0.25, loc=0, scale=2000),
    "outcomes.fail.consequences.y.annual": stats.uniform(800, 2000),
}

# Society NPV = 2.5 Y - 1000 with Y ~ normal(360, 160) (2.5 avoided outcomes, as above):
# NPV ~ N(-100, 400). The transfer's amount moves money from kommun to the individual and does
# not change the society NPV.
NORMAL_TOML = """
[scenario]
title = "Normal NPV"
price_year = 2024
horizon_years = 1
discount_rate = 0.0
language = "en"

[intervention]
years = [0, 0]
participants_per_year = 10

[[intervention.costs]]
id = "c"
label = "C"
payer = "kommun"
years = [0, 0]
annual = 1000

[[outcomes]]
id = "fail"
label = "Fail"
lag = 0
baseline_risk = 0.5
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "care"
  label = "Care"
  kind = "resource"
  payer = "region"
  annual = { dist = "normal", mean = 360, sd = 160 }
  duration = 1

  [[outcomes.consequences]]
  id = "transfer"
  label = "Transfer"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  annual = { dist = "uniform", min = 100, max = 200 }
  duration = 1
"""


@pytest.fixture
def additive():
    return loads(ADDITIVE_TOML, file="additive.toml")


@pytest.fixture
def normal_npv():
    return loads(NORMAL_TOML, file="normal.toml")


def test_rank_correlations_equal_scipy_spearman(uncertain_scenario):
    res = simulate(uncertain_scenario, draws=3000, seed=2, payback=False)
    rho = rank_correlations(res)
    assert list(rho) == list(res.parameters)
    for pid, draws in res.parameters.items():
        assert rho[pid] == pytest.approx(stats.spearmanr(draws, res.npv()).statistic, abs=1e-12)
    # The cost is the only input that lowers the society NPV.
    assert rho["intervention.costs.staff.annual"] < 0
    assert np.isfinite(list(rho.values())).all()


def test_tornado_equals_closed_form(additive):
    res = sensitivity(additive, "tornado")
    medians = {pid: d.ppf(0.5) for pid, d in SCIPY.items()}
    base = sum(COEF[p] * medians[p] for p in COEF)
    # Hand value: 2.5 * 1800 - 1500 - 2000 - (2000 - sqrt(0.5 * 2000 * 1500)) = 224.74...
    assert base == pytest.approx(4500 - 3500 - 2000 + math.sqrt(1.5e6), rel=1e-9)
    assert res.base_npv == pytest.approx(base, rel=1e-9)
    swings = {p: COEF[p] * (SCIPY[p].ppf(0.9) - SCIPY[p].ppf(0.1)) for p in COEF}
    assert [p.id for p in res.parameters] == sorted(swings, key=lambda p: -abs(swings[p]))
    for p in res.parameters:
        d = SCIPY[p.id]
        assert p.tornado.low_value == pytest.approx(d.ppf(0.1), rel=1e-9)
        assert p.tornado.high_value == pytest.approx(d.ppf(0.9), rel=1e-9)
        assert p.tornado.swing == pytest.approx(swings[p.id], rel=1e-9)
        assert p.tornado.npv_low == pytest.approx(
            base + COEF[p.id] * (d.ppf(0.1) - medians[p.id]), rel=1e-9
        )
        assert p.sobol is None and p.spearman is None
    assert set(json.loads(res.to_json())["parameters"][0]) == {
        "id",
        "label",
        "evidence",
        "tornado",
        "weak_evidence_large_share",
    }


def test_sobol_first_order_equals_variance_shares(additive):
    res = sensitivity(additive, "sobol", sobol_n=2**12, seed=3)
    var = {p: COEF[p] ** 2 * SCIPY[p].var() for p in COEF}
    total = sum(var.values())
    for p in res.parameters:
        share = var[p.id] / total
        lo, hi = p.sobol.first_ci
        assert lo <= share <= hi, (p.id, p.sobol, share)
        lo, hi = p.sobol.total_ci
        assert lo <= share <= hi, (p.id, p.sobol, share)
    # Sorted by the total index; Y carries most of the variance (77.5 %).
    assert res.parameters[0].id == "outcomes.fail.consequences.y.annual"
    assert any("converged" in n for n in res.notes)
    # Y is weakly grounded (assumption) and carries a large share: flagged.
    assert res.parameters[0].weak_and_important
    assert not any(p.weak_and_important for p in res.parameters if p.evidence == "research")


def test_saltelli_estimator_equals_scipy():
    rng = np.random.default_rng(0)
    f_a, f_b = rng.normal(size=64), rng.normal(size=64)
    f_ab = rng.normal(size=(3, 64)) + f_a
    res = stats.sobol_indices(
        func={"f_A": f_a[None], "f_B": f_b[None], "f_AB": f_ab[:, None, :]}, n=64
    )
    first, total = saltelli_indices(f_a, f_b, f_ab)
    np.testing.assert_allclose(first, res.first_order, rtol=1e-12)
    np.testing.assert_allclose(total, res.total_order, rtol=1e-12)


def test_vectorised_bootstrap_equals_loop():
    rng = np.random.default_rng(1)
    n, d, r = 128, 3, 50
    f_a, f_b = rng.normal(size=n), rng.normal(size=n)
    f_ab = rng.normal(size=(d, n)) * 0.5 + f_a
    first_ci, total_ci = sobol_bootstrap(
        f_a, f_b, f_ab, n_resamples=r, rng=np.random.default_rng(7)
    )
    # Reference: the same resamples (one integer matrix from the same stream), one at a time.
    idx = np.random.default_rng(7).integers(0, n, size=(r, n))
    boot = np.array([saltelli_indices(f_a[i], f_b[i], f_ab[:, i]) for i in idx])  # (r, 2, d)
    np.testing.assert_allclose(first_ci, np.percentile(boot[:, 0], [2.5, 97.5], axis=0).T)
    np.testing.assert_allclose(total_ci, np.percentile(boot[:, 1], [2.5, 97.5], axis=0).T)


def test_switching_values_solved_by_hand(additive):
    res = sensitivity(additive, "switching", draws=4000, seed=5)
    sw = {p.id: p.switching_value for p in res.parameters}
    base = 4500 - 3500 - 2000 + math.sqrt(1.5e6)  # 224.74 (see test_tornado_equals_closed_form)
    # Y: 2.5 Y - 1500 - 2000 - 775.26 = 0  =>  Y = (base + 2.5 * 1800) / 2.5 - base / 2.5 ...
    y_star = (4500 - base) / 2.5
    x3_median = 2000 - math.sqrt(1.5e6)
    assert y_star == pytest.approx((1500 + 2000 + x3_median) / 2.5)
    expected = {
        # (value, percentile, direction): X_i must stay below median + base; Y above y_star.
        "outcomes.fail.consequences.y.annual": (y_star, (y_star - 800) / 2000, "above"),
        "intervention.costs.x1.annual": (1500 + base, (1500 + base - 500) / 2000, "below"),
        "intervention.costs.x2.annual": (
            2000 + base,
            SCIPY["intervention.costs.x2.annual"].cdf(2000 + base),
            "below",
        ),
        # Triangular(0, 500, 2000) above its mode: F(x) = 1 - (2000 - x)^2 / (2000 * 1500).
        "intervention.costs.x3.annual": (1000.0, 1 - 1000.0**2 / 3e6, "below"),
    }
    for pid, (value, pct, direction) in expected.items():
        assert sw[pid].value == pytest.approx(value, rel=1e-9), pid
        assert sw[pid].percentile == pytest.approx(pct, rel=1e-9), pid
        assert sw[pid].direction == direction
    # Break-even relative risk on the expected NPV over the same sample (common random
    # numbers): 10 * 0.5 * (1 - rr) * mean(Y) = mean(X1 + X2 + X3).
    sample = simulate(additive, draws=4000, seed=5, payback=False).parameters
    costs = sum(sample[f"intervention.costs.{x}.annual"].mean() for x in ("x1", "x2", "x3"))
    rr = 1 - costs / (5 * sample["outcomes.fail.consequences.y.annual"].mean())
    be = res.breakeven_effect["fail"]
    assert be["value"] == pytest.approx(rr, rel=1e-9)
    assert be["form"] == "relative_risk" and be["direction"] == "below"
    assert be["percentile"] is None  # the effect is a fixed number here
    text = render_sensitivity(res, "en")
    assert "for a gain it would have to be below 1,000, its 67th percentile" in text
    assert "för vinst måste värdet vara under 1 000, dess 67:e percentil" in render_sensitivity(
        res, "sv"
    )


def test_no_switching_value_says_why(additive):
    # With X1 ten times larger the NPV is negative over Y's whole support.
    sc = loads(ADDITIVE_TOML.replace("min = 500, max = 2500", "min = 5000, max = 25000"))
    res = sensitivity(sc, "switching", draws=1000)
    sw = {p.id: p.switching_value for p in res.parameters}["outcomes.fail.consequences.y.annual"]
    assert sw.value is None and sw.percentile is None
    assert sw.reason == "always_negative" and sw.searched == (800.0, 2800.0)
    assert "no switching value; the NPV is negative" in render_sensitivity(res, "en")


def test_evpi_equals_normal_closed_form(normal_npv):
    res = sensitivity(normal_npv, "voi", draws=200_000, seed=11)
    mu, sigma = -100.0, 400.0
    closed = sigma * stats.norm.pdf(mu / sigma) - abs(mu) * stats.norm.cdf(-abs(mu) / sigma)
    assert abs(res.evpi - closed) <= 3 * res.evpi_se
    by_id = {p.id: p for p in res.parameters}
    care = by_id["outcomes.fail.consequences.care.annual"]
    # The only parameter that moves the society NPV: its EVPPI is the EVPI.
    assert abs(care.evppi - res.evpi) <= 3 * care.evppi_se
    transfer = by_id["outcomes.fail.consequences.transfer.annual"]
    assert 0 <= transfer.evppi <= 3 * transfer.evppi_se + 1e-9 * sigma
    assert res.parameters[0].id == "outcomes.fail.consequences.care.annual"


def test_single_uncertain_input_carries_all_variance(normal_npv):
    sc = loads(NORMAL_TOML.replace('{ dist = "uniform", min = 100, max = 200 }', "150"))
    res = sensitivity(sc, ("sobol", "tornado"), sobol_n=256)
    (only,) = res.parameters
    assert only.sobol.first == pytest.approx(1.0, abs=0.05)
    assert only.sobol.total == pytest.approx(1.0, abs=0.05)
    # Tornado: 2.5 * (P90 - P10) of normal(360, 160).
    assert only.tornado.swing == pytest.approx(2.5 * 160 * 2 * stats.norm.ppf(0.9), rel=1e-9)


def test_evpi_and_evppi_functions_on_known_samples():
    rng = np.random.default_rng(4)
    npv = rng.normal(-100, 400, size=50_000)
    value, se = evpi(npv)
    # By hand: E[max(NPV, 0)] - max(E[NPV], 0) on this very sample.
    assert value == pytest.approx(np.maximum(npv, 0).mean() - max(npv.mean(), 0), rel=1e-12)
    assert se == pytest.approx(np.maximum(npv, 0).std(ddof=1) / math.sqrt(npv.size))
    # A parameter with few values: g is the group mean, computed here by hand.
    x = rng.integers(0, 3, size=npv.size).astype(float)
    y = npv + 300 * (x - 1)
    g = np.array([y[x == k].mean() for k in range(3)])[x.astype(int)]
    v, _ = evppi(x, y, rng=rng)
    assert v == pytest.approx(np.maximum(g, 0).mean() - max(g.mean(), 0), rel=1e-9)
    assert evppi(np.ones(10), np.arange(10.0), rng=rng) == (0.0, 0.0)


def test_correlations_are_dropped_for_sobol_and_said(uncertain_scenario):
    res = sensitivity(uncertain_scenario, ("sobol", "rank"), draws=2000, sobol_n=256, lang="en")
    assert any("Sobol indices assume independent inputs" in n for n in res.notes)
    doc = json.loads(res.to_json())
    assert "tornado" not in doc["parameters"][0] and "evpi" not in doc
    assert {"sobol", "spearman"} <= set(doc["parameters"][0])


def test_same_seed_same_result_and_bad_arguments(additive):
    a = sensitivity(additive, "all", draws=500, sobol_n=64, seed=9).to_json()
    b = sensitivity(additive, "all", draws=500, sobol_n=64, seed=9).to_json()
    assert a == b
    with pytest.raises(ValueError, match="power of 2"):
        sensitivity(additive, "sobol", sobol_n=100)
    with pytest.raises(ValueError, match="unknown sensitivity method"):
        sensitivity(additive, "morris")
    with pytest.raises(ValueError, match="no perspective"):
        sensitivity(additive, "tornado", perspective="stat")


def test_ordinal():
    assert [ordinal(p, "en") for p in (0.01, 0.02, 0.03, 0.11, 0.97, 0.9996)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "97th",
        "99.9th",
    ]
    assert [ordinal(p, "sv") for p in (0.01, 0.02, 0.03, 0.97)] == ["1:a", "2:a", "3:e", "97:e"]


# --------------------------------------------------------------------------------------- CLI

SCHEMA_KEYS = {"schema", "sekalk_version", "scenario", "settings", "perspective", "base_npv"}
METHOD_KEYS = {
    "tornado": "tornado",
    "rank": "spearman",
    "sobol": "sobol",
    "switching": "switching_value",
    "voi": "evppi",
}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_cli_all_methods_on_every_scenario(path, tmp_path):
    out = tmp_path / "sens.json"
    res = CliRunner().invoke(
        main,
        ["sensitivity", str(path), "--draws", "2000", "--sobol-n", "64", "--json", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert res.output.count("\n") > 10
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "sekalk.sensitivity/1"
    assert SCHEMA_KEYS | {"evpi", "parameters", "notes", "breakeven_effect"} <= set(doc)
    for row in doc["parameters"]:
        assert {"id", "label", "evidence", *METHOD_KEYS.values()} <= set(row)


@pytest.mark.parametrize("method", list(METHOD_KEYS))
def test_cli_method_subset(method, tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(UNCERTAIN_TOML, encoding="utf-8")
    out = tmp_path / "sens.json"
    res = CliRunner().invoke(
        main,
        [
            *("sensitivity", str(scenario), "--method", method, "--draws", "1000"),
            *("--sobol-n", "64", "--json", str(out), "--lang", "en"),
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["methods"] == [method]
    for row in doc["parameters"]:
        present = {k for m, k in METHOD_KEYS.items() if k in row}
        assert present == {METHOD_KEYS[method]}
    assert ("evpi" in doc) == (method == "voi")
    assert ("breakeven_effect" in doc) == (method == "switching")


@pytest.mark.parametrize(
    "extra",
    [
        ["--sobol-n", "100"],
        ["--method", "morris"],
        ["--perspective", "nobody"],
        ["--draws", "1"],
    ],
)
def test_cli_bad_input_exits_2(extra, tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(UNCERTAIN_TOML, encoding="utf-8")
    res = CliRunner().invoke(main, ["sensitivity", str(scenario), *extra])
    assert res.exit_code == 2
    assert "Traceback" not in res.output


def test_cli_missing_file_and_existing_output(tmp_path):
    res = CliRunner().invoke(main, ["sensitivity", str(tmp_path / "nope.toml")])
    assert res.exit_code == 2 and "error:" in res.output
    scenario = tmp_path / "s.toml"
    scenario.write_text(UNCERTAIN_TOML, encoding="utf-8")
    out = tmp_path / "sens.json"
    out.write_text("keep", encoding="utf-8")
    res = CliRunner().invoke(main, ["sensitivity", str(scenario), "--json", str(out)])
    assert res.exit_code == 2 and "--force" in res.output
    assert out.read_text(encoding="utf-8") == "keep"


def test_run_prints_top_drivers_with_evidence(tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(ADDITIVE_TOML, encoding="utf-8")
    res = CliRunner().invoke(main, ["run", str(scenario), "--draws", "4000"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    start = lines.index("Main drivers (rank correlation with the society NPV)")
    rows = lines[start + 3 : start + 7]
    # NPV = 2.5 Y - X1 - X2 - X3: Y moves it most (positively), then X1 (negatively).
    assert rows[0].startswith("Y: one-off amount") and rows[0].endswith("assumption")
    assert rows[1].startswith("X1: one-off amount") and "−0." in rows[1]
    sim = simulate(loads(ADDITIVE_TOML), draws=4000, seed=1, payback=False)
    rho = stats.spearmanr(sim.parameters["outcomes.fail.consequences.y.annual"], sim.npv())
    assert f"{rho.statistic:.2f}" in rows[0]


def test_find_root_nearest_of_several():
    def f(x):
        return (x - 1.0) * (x - 3.0)

    grid = np.linspace(0.0, 4.0, 9)
    root, count = find_root(f, grid, f(grid), near=2.8)
    assert count == 2 and root == pytest.approx(3.0, abs=1e-10)
    assert find_root(f, grid, f(grid) + 10, near=0.0) is None


def test_breakeven_risk_difference_by_hand():
    # A = 10 participants * rd; NPV = 10 rd Y - X1 - X2 - X3, so the expected NPV over the
    # sample is 0 at rd = mean(X1 + X2 + X3) / (10 mean(Y)), a gain needs rd above it.
    toml = ADDITIVE_TOML.replace(
        "effect = { relative_risk = 0.5 }",
        'effect = { risk_difference = { dist = "uniform", min = 0.1, max = 0.4 } }',
    )
    sc = loads(toml)
    res = sensitivity(sc, "switching", draws=3000, seed=8)
    sample = simulate(sc, draws=3000, seed=8, payback=False).parameters
    costs = sum(sample[f"intervention.costs.{x}.annual"].mean() for x in ("x1", "x2", "x3"))
    rd = costs / (10 * sample["outcomes.fail.consequences.y.annual"].mean())
    be = res.breakeven_effect["fail"]
    assert be["form"] == "risk_difference" and be["direction"] == "above"
    assert be["value"] == pytest.approx(rd, rel=1e-9)
    assert be["percentile"] == pytest.approx((rd - 0.1) / 0.3, rel=1e-9)
    assert "Fail: risk difference 0.2" in render_sensitivity(res, "en")
