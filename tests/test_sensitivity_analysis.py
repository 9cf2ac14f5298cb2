"""Sensitivity measures against closed forms, hand calculations and scipy."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from sekalk.cli import main
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, perspective_name, t
from sekalk.report.labels import parameter_label, sensitivity_note
from sekalk.report.text import ordinal, render_sensitivity
from sekalk.scenario import loads
from sekalk.sensitivity_analysis import (
    Note,
    evpi,
    evppi,
    find_root,
    rank_correlations,
    saltelli_indices,
    sensitivity,
    sobol_bootstrap,
)
from sekalk.simulation import simulate
from tests.conftest import sv_numbers

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
        "influence",
        "via_correlation_only",
        "correlated_with",
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
    assert any(n.code == "sobol_converged" for n in res.notes)
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
    assert sv_numbers(
        "för vinst måste värdet vara under 1 000, dess 67:e percentil"
    ) in render_sensitivity(res, "sv")


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


def _evppi_as_before(x, y, rng, n_knots=10, n_posterior=200, n_points=2000):
    """evppi as it was before it shared its sort (sekalk 2026-11-30, written out): the
    basis of the unsorted draws, np.unique, and a stable argsort of its own."""
    from scipy.interpolate import BSpline

    values = np.unique(x)
    if values.size < 2:
        return 0.0, 0.0
    if values.size <= 50:
        basis = (x[:, None] == values[None, :]).astype(float)
    else:
        lo, hi = values[0], values[-1]
        inner = np.unique(np.quantile(x, np.linspace(0.0, 1.0, n_knots + 2)[1:-1]))
        inner = inner[(inner > lo) & (inner < hi)]
        knots = np.concatenate([[lo] * 4, inner, [hi] * 4])
        basis = BSpline.design_matrix(x, knots, 3).toarray()
    gram_inv = np.linalg.pinv(basis.T @ basis)
    coef = gram_inv @ (basis.T @ y)
    g = basis @ coef

    def value(fitted):
        return np.maximum(fitted, 0.0).mean(axis=0) - np.maximum(fitted.mean(axis=0), 0.0)

    est = float(value(g[:, None])[0])
    n, p = basis.shape
    resid = y - g
    cov = float(resid @ resid) / max(n - p, 1) * gram_inv
    w, v = np.linalg.eigh((cov + cov.T) / 2.0)
    root = v * np.sqrt(np.clip(w, 0.0, None))
    m = min(n, n_points)
    rows = np.argsort(x, kind="stable")[((np.arange(m) + 0.5) * n / m).astype(int)]
    sims = value(basis[rows] @ (coef[:, None] + root @ rng.standard_normal((p, n_posterior))))
    terms = np.maximum(g, 0.0) - (g if g.mean() > 0 else 0.0)
    se_mc = terms.std(ddof=1) / math.sqrt(n)
    return max(est, 0.0), float(math.sqrt(np.var(sims, ddof=1) + se_mc**2))


@pytest.mark.parametrize("kind", ["continuous", "few_values", "ties", "one_value", "small"])
def test_evppi_is_bit_identical_to_before(kind):
    """One sort shared by the distinct values, the knots, the basis and the order statistics
    gives exactly the numbers of the earlier implementation (written out above)."""
    rng = np.random.default_rng(17)
    n = 30 if kind == "small" else 40_000
    x = {
        "continuous": rng.beta(2.0, 3.0, n),
        "few_values": rng.integers(0, 7, n).astype(float),
        "ties": np.round(rng.gamma(2.0, 1.0, n), 2),  # a few hundred values, many tied
        "one_value": np.full(n, 0.3),
        "small": rng.normal(size=n),
    }[kind]
    y = -50.0 + 400.0 * np.sin(3.0 * x) + rng.normal(0.0, 100.0, n)
    expected = _evppi_as_before(x, y, np.random.default_rng(5))
    assert evppi(x, y, rng=np.random.default_rng(5)) == expected
    given = evppi(x, y, rng=np.random.default_rng(5), order=np.argsort(x, kind="stable"))
    assert given == expected
    if kind != "one_value":
        assert expected[0] > 0.0 and expected[1] > 0.0


def test_sensitivity_reuses_a_given_run_with_the_same_numbers(uncertain_scenario, monkeypatch):
    """Given the run the report made (with payback years), the analysis does not simulate
    again and reports exactly what it reports on its own; a run that is not the one it
    would make is refused."""
    import sekalk.simulation

    fresh = sensitivity(uncertain_scenario, "all", draws=3000, seed=4, sobol_n=64)
    run = simulate(uncertain_scenario, 3000, seed=4, keep_flows=True)
    calls = []
    real = sekalk.simulation.simulate
    monkeypatch.setattr(
        sekalk.simulation, "simulate", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    shared = sensitivity(uncertain_scenario, "all", draws=3000, seed=4, sobol_n=64, result=run)
    assert calls == []
    assert shared.to_json() == fresh.to_json()
    for other in (
        simulate(uncertain_scenario, 3000, seed=5),
        simulate(uncertain_scenario, 2000, seed=4),
        simulate(uncertain_scenario, 3000, seed=4, sampler="lhs"),
    ):
        with pytest.raises(ValueError, match="same draws and seed"):
            sensitivity(uncertain_scenario, "rank", draws=3000, seed=4, result=other)


def test_correlations_are_dropped_for_sobol_and_said(uncertain_scenario):
    res = sensitivity(uncertain_scenario, ("sobol", "rank"), draws=2000, sobol_n=256, lang="en")
    assert Note("sobol_correlations", {"n": 1}) in res.notes
    assert any("Sobol indices assume independent inputs" in n for n in res.to_dict()["notes"])
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
    assert res.exit_code == 2 and res.output.startswith("fel: ")  # no file: Swedish, the default
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


# ------------------------------------------------------- one-way base case vs the simulation


def _pert_median(lo: float, mode: float, hi: float) -> float:
    """Median of a PERT(lo, mode, hi) with lambda 4: a scaled beta (scipy)."""
    a = 1.0 + 4.0 * (mode - lo) / (hi - lo)
    b = 1.0 + 4.0 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * float(stats.beta(a, b).median())


def _narvaroteam_npv_at_medians(sc) -> float:
    """Society NPV of scenarios/narvaroteam.toml with every input at its median, as an explicit
    year loop from the numbers written in the file (the two unit references are taken as the
    scenario resolved them: PERT triples in the scenario's prices)."""

    def unit(cid: str) -> float:
        d = sc.parameters[f"outcomes.ej_behorig.consequences.{cid}.annual"].distribution
        assert d.kind == "pert"
        return _pert_median(d.min, d.mode, d.max)

    participants = _pert_median(12, 18, 25)
    costs = _pert_median(1.6e6, 1.8e6, 2.2e6) + 150_000.0  # team + uniform(100 000, 200 000)
    m = 0.5 * (0.5 * (1 - 0.5) / 0.15**2 - 1)  # beta(mean 0.5, sd 0.15) by moments
    reached = float(stats.beta(m, m).median())
    baseline = 0.65  # uniform(0.45, 0.85)
    rr = math.sqrt(0.55 * 0.95)  # lognormal: the median is the geometric mean of P5 and P95
    attribution = _pert_median(0.6, 0.8, 1.0)
    dropoff = 0.015  # uniform(0, 0.03)
    # (share, annual amount, start, duration) of the consequences that count for society;
    # the two transfers (tax, social assistance) cancel between payer and recipient.
    consequences = [
        (_pert_median(0.2, 0.5, 0.8), unit("introduktionsprogram"), 1, 2),
        (_pert_median(0.05, 0.15, 0.30), _pert_median(-140_000, -104_000, -70_000), 4, 3),
        (_pert_median(0.08, 0.18, 0.35), unit("produktionsbortfall"), 4, None),
        (_pert_median(0.05, 0.12, 0.30), _pert_median(20_000, 50_000, 150_000), 1, 15),
    ]
    horizon, rate = 45, 0.035
    avoided = participants * reached * baseline * (1 - rr) * attribution  # per cohort
    npv = 0.0
    for year in range(horizon):
        flow = -costs if year <= 2 else 0.0
        for cohort in (0, 1, 2):
            outcome_year = cohort + 1
            for share, annual, start, duration in consequences:
                first = outcome_year + start
                stop = horizon if duration is None else first + duration
                if first <= year < stop:
                    flow += avoided * (1 - dropoff) ** (year - outcome_year) * share * annual
        npv += flow / (1 + rate) ** year
    return npv


@pytest.fixture(scope="module")
def narvaroteam():
    from sekalk.scenario import load

    return load(ROOT / "scenarios" / "narvaroteam.toml")


@pytest.fixture(scope="module")
def narvaroteam_sens(narvaroteam):
    return sensitivity(narvaroteam, ["tornado", "switching"], draws=20_000, seed=1)


def test_base_npv_is_the_model_at_median_inputs_by_hand(narvaroteam, narvaroteam_sens):
    hand = _narvaroteam_npv_at_medians(narvaroteam)
    assert narvaroteam_sens.base_npv == pytest.approx(hand, rel=1e-9)
    assert hand > 0  # about 286 tkr: the base case gains


def test_simulated_median_beside_the_base_case(narvaroteam, narvaroteam_sens):
    res = narvaroteam_sens
    npv = simulate(narvaroteam, draws=20_000, seed=1, payback=False).npv()
    # the same draws and seed as `sekalk run`: the headline median, mean and P(NPV < 0)
    assert res.npv_median == float(np.median(npv))
    assert res.npv_mean == float(np.mean(npv))
    assert res.prob_npv_negative == float(np.mean(npv < 0))
    assert res.prob_npv_positive == float(np.mean(npv > 0))
    # narvaroteam: the base case gains, the median draw loses (the 286 vs -435 tkr)
    assert res.base_npv > 0 > res.npv_median and res.base_disagrees_with_simulation
    assert res.prob_npv_negative > 0.5
    doc = json.loads(res.to_json())
    assert doc["base_npv"] == res.base_npv
    assert doc["simulated_npv"] == {
        "median": res.npv_median,
        "mean": res.npv_mean,
        "prob_negative": res.prob_npv_negative,
        "prob_positive": res.prob_npv_positive,
        "base_npv_sign_differs": True,
    }
    for lang in ("sv", "en"):
        text = render_sensitivity(res, lang)
        assert fmt_money(res.base_npv, lang) in text and fmt_money(res.npv_median, lang) in text
        assert t("sens.why_differ", lang) in text and t("sens.sign_differs", lang) in text


def test_no_switching_value_is_qualified_by_the_probability_of_a_loss(narvaroteam_sens):
    res = narvaroteam_sens
    loss = fmt_pct(res.prob_npv_negative, "en")
    none = [p for p in res.parameters if p.switching_value.value is None]
    positive = [p for p in none if p.switching_value.reason == "always_positive"]
    assert positive, "narvaroteam has inputs with no switching value around its base case"
    doc = {r["id"]: r for r in json.loads(res.to_json())["parameters"]}
    for p in positive:
        assert doc[p.id]["switching_value"]["simulated_prob_other_sign"] == res.prob_npv_negative
    for lang, robust in (
        ("en", "no switching value; the NPV is positive over the whole range"),
        ("sv", "ingen brytpunkt; nettonuvärdet är positivt över hela intervallet"),
    ):
        text = render_sensitivity(res, lang)
        # P(NPV < 0) is 54 %: the unqualified robustness sentence must not appear
        assert robust not in text
    text = render_sensitivity(res, "en")
    direct = [p for p in positive if p.influence.direct]
    assert direct
    for p in direct:
        label = parameter_label(p.label, "en")
        assert f"{label}: no switching value with the other assumptions at their medians" in text
    assert f"the NPV is negative in {loss} of the draws" in text
    # a transfer does not enter the society NPV: said so, instead of "no switching value"
    for p in none:
        if not p.influence.direct:
            label = parameter_label(p.label, "en")
            assert f"{label}: does not enter the NPV for society" in text


# NPV = (B1 + B2 + B3 + B4) - 3000 with B_i ~ uniform(500, 1300): at the base case (every
# B_i = 900) it is 600, and no single B_i can turn it (900 - 500 = 400 < 600), but together
# they do: P(NPV < 0) = P(sum of 4 uniform(0, 800) < 1000) = (1.25^4 - 4 * 0.25^4) / 4!
# = 0.1011 (Irwin-Hall).
NO_SWITCH_TOML = """
[scenario]
title = "No switching value, yet a loss"
price_year = 2024
horizon_years = 1
discount_rate = 0.0
language = "en"

[intervention]
years = [0, 0]
participants_per_year = 1

[[intervention.costs]]
id = "cost"
label = "Cost"
payer = "kommun"
years = [0, 0]
annual = 3000

[[outcomes]]
id = "fail"
label = "Fail"
lag = 0
baseline_risk = 1.0
effect = { risk_difference = 1.0 }
""" + "".join(
    f"""
  [[outcomes.consequences]]
  id = "b{i}"
  label = "B{i}"
  kind = "resource"
  payer = "kommun"
  share = 1.0
  annual = {{ dist = "uniform", min = 500, max = 1300 }}
"""
    for i in range(1, 5)
)


def _irwin_hall_cdf(x: float, n: int) -> float:
    """P(sum of n independent uniform(0, 1) <= x) (closed form)."""
    return sum(
        (-1) ** k * math.comb(n, k) * (x - k) ** n for k in range(math.floor(x) + 1)
    ) / math.factorial(n)


def test_no_single_switch_yet_a_material_loss_is_said():
    from sekalk.report.html import believe_none_text

    sc = loads(NO_SWITCH_TOML, file="noswitch.toml")
    res = sensitivity(sc, ["tornado", "switching"], draws=40_000, seed=5)
    assert res.base_npv == pytest.approx(600.0, rel=1e-12)
    exact = _irwin_hall_cdf(1000 / 800, 4)
    assert exact == pytest.approx((1.25**4 - 4 * 0.25**4) / 24, rel=1e-12)
    se = math.sqrt(exact * (1 - exact) / 40_000)
    assert abs(res.prob_npv_negative - exact) < 4 * se
    assert all(p.switching_value.reason == "always_positive" for p in res.parameters)
    text = render_sensitivity(res, "en")
    assert "no switching value; the NPV is positive over the whole range" not in text
    assert text.count("but with all assumptions varying together the NPV is negative in") == 4
    for lang in ("sv", "en"):
        sentence = believe_none_text(res, lang)
        assert sentence != t("report.believe_none", lang)
        assert fmt_pct(res.prob_npv_negative, lang).replace(" ", "\u00a0") in sentence
    # immaterial: P(NPV < 0) below 1 % keeps the plain sentence
    safe = loads(NO_SWITCH_TOML.replace("annual = 3000", "annual = 2000"), file="safe.toml")
    res = sensitivity(safe, ["switching"], draws=2_000, seed=5)
    assert res.prob_npv_negative == 0.0
    assert believe_none_text(res, "en") == t("report.believe_none", "en")
    assert "no switching value; the NPV is positive over the whole range" in render_sensitivity(
        res, "en"
    )


# ------------------------------------------------- inputs that act only through a correlation

# A production loss (society counts it) and the taxes on it (a transfer from the individual to
# the municipality: society does not count it), with their shares correlated 0.95, as in
# scenarios/narvaroteam.toml. By hand:
# - society: the tax share does not enter the NPV but is tied to the production share, which
#   does: via_correlation. The tax amount enters nothing society counts: none.
# - public sector (the municipality pays the cost and gains the avoided transfer): the
#   production share does not enter, but is tied to the tax share, which does: via_correlation.
# - the individual gains the avoided production loss and loses the transfer: both shares enter;
#   the cost, paid by the municipality, does not (none).
# - "other" has an amount whose median is 0: at the base case its share moves nothing, yet it
#   enters the society NPV (direct), which a probe at the medians alone would miss.
CORRELATED_TOML = """
[scenario]
title = "Correlated transfer"
price_year = 2024
horizon_years = 10
discount_rate = 0.03
language = "en"

[intervention]
years = [0, 0]
participants_per_year = { dist = "uniform", min = 20, max = 40, evidence = "experience" }

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = "kommun"
years = [0, 0]
annual = { dist = "uniform", min = 1.0e6, max = 1.5e6, evidence = "experience" }

[[outcomes]]
id = "fail"
label = "Fail"
lag = 0
baseline_risk = 0.4
effect = { relative_risk = { dist = "uniform", min = 0.5, max = 0.9, evidence = "research" } }

  [[outcomes.consequences]]
  id = "production"
  label = "Production"
  kind = "production"
  payer = "individ"
  share = { dist = "pert", min = 0.1, mode = 0.2, max = 0.4, evidence = "assumption" }
  annual = 300000
  start = 1

  [[outcomes.consequences]]
  id = "tax"
  label = "Tax"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  share = { dist = "pert", min = 0.1, mode = 0.2, max = 0.4, evidence = "assumption" }
  annual = { dist = "uniform", min = 100000, max = 150000, evidence = "assumption" }
  start = 1

  [[outcomes.consequences]]
  id = "other"
  label = "Other"
  kind = "resource"
  payer = "region"
  share = { dist = "uniform", min = 0.1, max = 0.5, evidence = "research" }
  annual = { dist = "uniform", min = -1000, max = 1000, evidence = "research" }
  start = 1

[[correlations]]
between = ["outcomes.fail.consequences.production.share", "outcomes.fail.consequences.tax.share"]
rho = 0.95
"""
PROD = "outcomes.fail.consequences.production.share"
TAX = "outcomes.fail.consequences.tax.share"
TAX_AMOUNT = "outcomes.fail.consequences.tax.annual"
OTHER = "outcomes.fail.consequences.other.share"


@pytest.fixture(scope="module")
def correlated():
    return loads(CORRELATED_TOML, file="correlated.toml")


def test_influences_follow_the_hand_reasoning(correlated):
    from sekalk.sensitivity_analysis import Influence, influences

    society = influences(correlated, "society")
    assert society[TAX] == Influence("via_correlation", (PROD,))
    assert society[TAX].via_correlation_only
    assert society[TAX_AMOUNT] == Influence("none")
    assert society[PROD] == Influence("direct")
    assert society[OTHER] == Influence("direct")
    assert society["intervention.costs.staff.annual"].direct
    public = influences(correlated, "public_sector")
    assert public[PROD] == Influence("via_correlation", (TAX,))
    assert public[TAX].direct and public[TAX_AMOUNT].direct
    individual = influences(correlated, "individ")
    assert individual[PROD].direct and individual[TAX].direct
    assert individual["intervention.costs.staff.annual"] == Influence("none")


def test_borrowed_influence_is_flagged_in_sensitivity(correlated):
    res = sensitivity(correlated, ["tornado", "rank", "voi"], draws=20_000, seed=4)
    rows = {p.id: p for p in res.parameters}
    tax, other = rows[TAX], rows[OTHER]
    # Setting the tax share to its P10 or P90 leaves the society NPV exactly unchanged ...
    assert tax.tornado.swing == 0.0 and tax.tornado.npv_low == res.base_npv
    # ... and so does the "other" share at the base case (its amount's median is 0), although
    # it enters the NPV.
    assert other.tornado.swing == pytest.approx(0.0, abs=1e-6 * abs(res.base_npv))
    # yet the tax share's rank correlation and EVPPI are far from 0: borrowed
    assert abs(tax.spearman) > 0.3 and abs(tax.spearman) < abs(rows[PROD].spearman)
    assert tax.evppi > 0
    assert tax.via_correlation_only and not other.via_correlation_only
    assert not tax.weak_and_important
    doc = {r["id"]: r for r in json.loads(res.to_json())["parameters"]}
    assert doc[TAX]["influence"] == "via_correlation"
    assert doc[TAX]["via_correlation_only"] is True
    assert doc[TAX]["correlated_with"] == [PROD]
    assert doc[TAX_AMOUNT]["influence"] == "none"
    assert doc[PROD]["via_correlation_only"] is False
    frame = res.to_frame()
    assert (
        bool(frame.loc[TAX, "via_correlation_only"]) and frame.loc[TAX, "correlated_with"] == PROD
    )
    for lang in ("sv", "en"):
        text = render_sensitivity(res, lang)
        label, prod = (parameter_label(x, lang) for x in (tax.label, rows[PROD].label))
        line = next(x for x in text.splitlines() if label in x and "~" in x.split(label)[0])
        assert line.split()[1] == "~"
        assert t("sens.flag_via_correlation", lang, persp=perspective_name("society", lang)) in text
        assert t("sens.via_correlation_item", lang, label=label, others=prod) in text
    assert prod == "Production: share"


def test_to_frame_equals_the_json_document(additive):
    res = sensitivity(additive, "all", draws=2000, seed=2, sobol_n=64, n_resamples=50)
    frame = res.to_frame()
    doc = json.loads(res.to_json())
    assert list(frame.index) == [r["id"] for r in doc["parameters"]]
    for r in doc["parameters"]:
        row = frame.loc[r["id"]]
        assert row["label"] == r["label"] and row["influence"] == r["influence"] == "direct"
        assert row["swing"] == r["tornado"]["swing"]
        assert row["tornado_low_value"] == r["tornado"]["low_value"]
        assert row["spearman"] == r["spearman"]
        assert row["sobol_total"] == r["sobol"]["total"]
        assert (row["sobol_total_lo"], row["sobol_total_hi"]) == tuple(r["sobol"]["total_ci"])
        sw = r["switching_value"]
        assert row["switching_reason"] == sw["reason"]
        if sw["value"] is None:
            assert math.isnan(row["switching_value"])
        else:
            assert row["switching_value"] == sw["value"]
        assert row["evppi"] == r["evppi"] and row["evppi_se"] == r["evppi_se"]
    only = sensitivity(additive, "tornado").to_frame()
    assert "spearman" not in only and "swing" in only


def test_report_shows_the_base_case_beside_the_simulated_median(narvaroteam, narvaroteam_sens):
    from markupsafe import escape

    from sekalk.report import plots
    from sekalk.report.html import nb, render_report

    res = narvaroteam_sens
    result = simulate(narvaroteam, draws=20_000, seed=1, payback=True)
    for lang in ("sv", "en"):
        page = render_report(result, lang=lang, sensitivity=res)
        expected = t(
            "report.base_vs_median",
            lang,
            persp=perspective_name("society", lang),
            base=nb(fmt_money(res.base_npv, lang)),
            median=nb(fmt_money(res.npv_median, lang)),
        )
        assert str(escape(expected)) in page
        assert str(escape(t("sens.why_differ", lang))) in page
        assert str(escape(t("sens.sign_differs", lang))) in page
    # the tornado chart marks the simulated median beside the base case it starts from
    fig = plots.plot_tornado(res, lang="en", scenario=narvaroteam)
    xs = {round(float(line.get_xdata()[0]), 6) for line in fig.axes[0].lines}
    assert {round(res.base_npv, 6), round(res.npv_median, 6), 0.0} <= xs


def test_the_language_changes_no_computation_and_words_need_no_rerun(uncertain_scenario):
    """sensitivity(lang=) only picks the default language of the JSON document: the result is
    the same, and its notes and labels are worded in any language from the same codes."""
    from sekalk.report.labels import sensitivity_notes

    kwargs = {"draws": 2000, "sobol_n": 64, "seed": 3}
    sv = sensitivity(uncertain_scenario, ("sobol", "rank", "switching"), lang="sv", **kwargs)
    en = sensitivity(uncertain_scenario, ("sobol", "rank", "switching"), lang="en", **kwargs)
    assert sv.notes == en.notes and sv.parameters == en.parameters
    assert all(isinstance(n, Note) for n in sv.notes)
    assert sv.to_json(lang="en") == en.to_json() and en.to_json(lang="sv") == sv.to_json()
    codes = [n.code for n in sv.notes]
    assert "sobol_correlations" in codes and "rank_correlations" in codes
    for lang in ("sv", "en"):
        notes = sensitivity_notes(sv, lang)
        assert notes[codes.index("rank_correlations")] == t("sens.note.rank_correlations", lang)
        gap = next(n for n in sv.notes if n.code.startswith("sobol_") and "gap" in n.params)
        assert (
            t(f"sens.note.{gap.code}", lang, n=64, gap=fmt_number(gap.params["gap"], lang, 3))
            in notes
        )
        frame = sv.to_frame(lang)
        for p in sv.parameters:
            assert frame.loc[p.id, "label"] == parameter_label(p.label, lang)
    # a note naming parameters names them by id; each language labels them
    named = Note("sobol_negative", {"ids": (sv.parameters[0].id,)})
    label = parameter_label(sv.parameters[0].label, "en")
    assert sensitivity_note(named, {p.id: p.label for p in sv.parameters}, "en") == t(
        "sens.note.sobol_negative", "en", labels=label
    )
