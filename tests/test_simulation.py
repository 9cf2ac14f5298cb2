"""simulate(): Monte Carlo agreement with closed forms, reproducibility, common random numbers."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from sekalk.sampling import BLOCK_SIZE
from sekalk.scenario import loads
from sekalk.simulation import simulate

# Independent uncertain inputs, fixed rate/dropoff/growth: E[NPV] has a closed form because the
# NPV is a sum of products of independent inputs.
MEAN_TOML = """
[scenario]
title = "Means"
price_year = 2024
horizon_years = 20
discount_rate = 0.03

[intervention]
years = [0, 1]
participants_per_year = { dist = "discrete", values = [20, 30, 45], weights = [0.2, 0.5, 0.3] }

[[intervention.costs]]
label = "Staff"
payer = "kommun"
years = [0, 1]
annual = { dist = "pert", min = 4e5, mode = 5e5, max = 9e5 }

[[logic]]
label = "Reached"
share = { dist = "beta", mean = 0.6, sd = 0.15 }

[[outcomes]]
id = "fail"
label = "Fail"
lag = 2
baseline_risk = { dist = "uniform", min = 0.2, max = 0.35 }
effect = { relative_risk = { dist = "lognormal", p05 = 0.5, p95 = 0.9 } }
attribution = 0.9
dropoff = 0.05

  [[outcomes.consequences]]
  label = "Care"
  kind = "resource"
  payer = "region"
  share = { dist = "triangular", min = 0.1, mode = 0.3, max = 0.4 }
  annual = { dist = "normal", mean = 150000, sd = 30000, min = 0 }
  start = 1
  duration = 8
  growth = 0.01
"""


def closed_form_mean_npv(sc) -> float:
    p = sc.parameters
    m = {
        pid: par.distribution.to_scipy().mean()
        for pid, par in p.items()
        if not par.distribution.is_fixed
    }
    r, d, g, attr, lag = 0.03, 0.05, 0.01, 0.9, 2
    con = sc.outcomes[0].consequences[0]
    years_weight = 0.0  # sum over cohorts and years of discounted, decayed, grown factors
    for c in (0, 1):
        o = c + lag
        for t in range(o + con.start, min(o + con.start + con.duration, 20)):
            years_weight += (1 - d) ** (t - o) * (1 + g) ** t / (1 + r) ** t
    avoided = (
        m["intervention.participants_per_year"]
        * m["logic.reached.share"]
        * m["outcomes.fail.baseline_risk"]
        * (1 - m["outcomes.fail.effect"])
        * attr
    )
    benefits = (
        avoided
        * m["outcomes.fail.consequences.care.share"]
        * m["outcomes.fail.consequences.care.annual"]
        * years_weight
    )
    costs = m["intervention.costs.staff.annual"] * (1 + 1 / (1 + r))
    return benefits - costs


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_monte_carlo_mean_within_4_standard_errors(sampler):
    sc = loads(MEAN_TOML)
    res = simulate(
        sc,
        draws=4 * BLOCK_SIZE if sampler != "random" else 200_000,
        seed=11,
        sampler=sampler,
        payback=False,
    )
    stats = res.stats("npv")
    expected = closed_form_mean_npv(sc)
    assert abs(stats["mean"] - expected) < 4 * stats["mcse_mean"], (stats, expected)


def _sobol_errors(draws: int, seeds: range) -> tuple[np.ndarray, np.ndarray]:
    """(error of the mean NPV against the closed form, reported mcse_mean) per seed."""
    sc = loads(MEAN_TOML)
    exact = closed_form_mean_npv(sc)
    errors, mcse = [], []
    for seed in seeds:
        stats = simulate(sc, draws=draws, seed=seed, sampler="sobol", payback=False).stats("npv")
        errors.append(stats["mean"] - exact)
        mcse.append(stats["mcse_mean"])
    return np.array(errors), np.array(mcse)


def test_sobol_mcse_matches_the_true_error_over_40_seeds():
    """The reported Monte Carlo error of a Sobol' run is the spread of its 16 independently
    scrambled replicates: over 40 seeds at 2,048 draws its root mean square is within a factor
    1.6 of the true root-mean-square error (the mean against the closed form; the RMSE over 40
    seeds is itself uncertain by about 11 %), every run's error is within 4 of its own mcse,
    and no run's mcse is off by more than a factor 3 (15 degrees of freedom: about +-18 %)."""
    errors, mcse = _sobol_errors(2048, range(40))
    rmse = float(np.sqrt(np.mean(errors**2)))
    ratio = float(np.sqrt(np.mean(mcse**2))) / rmse
    assert 1 / 1.6 < ratio < 1.6, (ratio, rmse)
    assert np.all(np.abs(errors) < 4 * mcse)
    assert np.all((mcse > rmse / 3) & (mcse < 3 * rmse))
    # The textbook sd / sqrt(n) would overstate this error many times over.
    sd = simulate(loads(MEAN_TOML), draws=2048, seed=0, sampler="sobol").stats("npv")["sd"]
    assert sd / np.sqrt(2048) > 5 * rmse


def test_sobol_mcse_is_honest_across_blocks_and_without_grid_bias():
    """One uncertain input, NPV linear in it (HAND_TOML with the staff cost uniform on
    [1000, 3000]): E[NPV] is the hand NPV at 2000. Two blocks of one scrambled sequence
    once gave batch means that agree to 1e-12 (mcse 0) while scipy's 2**-30 grid alone
    biased the mean by 2**-31 x 2000 x 1.95 = 1.8e-6 SEK; now the points are unbiased cell
    centres and the replicates' spread matches the error over 8 seeds within a factor 3."""
    import numpy_financial as npf

    from .conftest import HAND_TOML
    from .test_engine import CARE, RATE

    sc = loads(
        HAND_TOML.replace("annual = 2000", 'annual = { dist = "uniform", min = 1000, max = 3000 }')
    )
    exact = npf.npv(RATE, CARE) - 2000 * (1 + 1 / (1 + RATE))
    errors, mcse = [], []
    for seed in range(8):
        res = simulate(sc, draws=2 * BLOCK_SIZE, seed=seed, sampler="sobol", payback=False)
        stats = res.stats("npv")
        errors.append(stats["mean"] - exact)
        mcse.append(stats["mcse_mean"])
    rmse = float(np.sqrt(np.mean(np.square(errors))))
    ratio = float(np.sqrt(np.mean(np.square(mcse)))) / rmse
    assert rmse < 1e-6 and 1 / 3 < ratio < 3, (ratio, rmse)


def test_monte_carlo_avoided_outcomes_mean():
    sc = loads(MEAN_TOML)
    res = simulate(sc, draws=100_000, seed=2, payback=False)
    m = {pid: par.distribution.to_scipy().mean() for pid, par in sc.uncertain_parameters.items()}
    expected = 2 * (
        m["intervention.participants_per_year"]
        * m["logic.reached.share"]
        * m["outcomes.fail.baseline_risk"]
        * (1 - m["outcomes.fail.effect"])
        * 0.9
    )
    se = res.avoided_outcomes.std(ddof=1) / np.sqrt(res.settings.draws)
    assert abs(res.avoided_outcomes.mean() - expected) < 4 * se


def test_same_seed_identical_json(uncertain_scenario):
    a = simulate(uncertain_scenario, draws=20_000, seed=5).to_json()
    b = simulate(uncertain_scenario, draws=20_000, seed=5).to_json()
    assert a == b
    c = simulate(uncertain_scenario, draws=20_000, seed=6).to_json()
    assert a != c


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_blocks_are_independent_of_run_length(uncertain_scenario, sampler):
    # Draw i is the same whether the run has n or 2n draws: blocks never depend on chunking.
    short = simulate(uncertain_scenario, draws=BLOCK_SIZE + 100, seed=9, sampler=sampler)
    long = simulate(uncertain_scenario, draws=2 * BLOCK_SIZE + 7, seed=9, sampler=sampler)
    n = BLOCK_SIZE
    np.testing.assert_array_equal(short.pv_benefits[:n], long.pv_benefits[:n])
    np.testing.assert_array_equal(short.payback_year[:n], long.payback_year[:n])


def test_executor_gives_identical_results(uncertain_scenario):
    serial = simulate(uncertain_scenario, draws=3 * BLOCK_SIZE, seed=4, payback=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        threaded = simulate(
            uncertain_scenario, draws=3 * BLOCK_SIZE, seed=4, payback=False, executor=pool
        )
    assert serial.to_json() == threaded.to_json()


def test_fixed_participants_are_one_number_for_every_draw_of_every_block():
    """A fixed number of participants is stored once (a zero stride) and written once per
    block: every draw of a run over several blocks, at the end of the last block too, reads
    participants per year x cohorts (by hand: 30 x 2 = 60)."""
    sc = loads(
        MEAN_TOML.replace(
            'participants_per_year = { dist = "discrete", values = [20, 30, 45], '
            "weights = [0.2, 0.5, 0.3] }",
            "participants_per_year = 30",
        )
    )
    draws = 2 * BLOCK_SIZE + 3
    res = simulate(sc, draws=draws, seed=2, payback=False)
    assert res.participants.shape == (draws,)
    assert np.array_equal(res.participants, np.full(draws, 60.0))
    assert np.array_equal(res.level_participants, np.full((draws, 1), 60.0))


def test_common_random_numbers_for_shared_ids(uncertain_scenario):
    from dataclasses import replace

    # Removing a parameter (the logic step) leaves every shared parameter's draws untouched.
    sc2 = replace(uncertain_scenario, correlations=())
    a = simulate(sc2, draws=1000, seed=3)
    b = simulate(replace(sc2, logic=()), draws=1000, seed=3)
    assert "logic.completes.share" not in b.parameters
    for pid in b.parameters:
        np.testing.assert_array_equal(a.parameters[pid], b.parameters[pid])


def test_correlation_is_imposed(uncertain_scenario):
    from scipy.stats import spearmanr

    res = simulate(uncertain_scenario, draws=50_000, seed=1, payback=False)
    rho = spearmanr(
        res.parameters["outcomes.fail.effect"], res.parameters["logic.completes.share"]
    ).statistic
    # Standard error of Spearman's rho near -0.3 with n = 50,000 is about 0.004.
    assert rho == pytest.approx(-0.3, abs=0.02)


def test_summary_json_has_every_key_of_v1(uncertain_scenario):
    doc = json.loads(simulate(uncertain_scenario, draws=2000, seed=1).to_json())
    assert doc["schema"] == "sekalk.summary/1"
    assert set(doc) >= {
        "schema",
        "sekalk_version",
        "scenario",
        "settings",
        "perspectives",
        "breakeven",
        "assumptions",
    }
    assert set(doc["scenario"]) >= {"title", "sha256"}
    assert doc["settings"] == {
        "draws": 2000,
        "seed": 1,
        "sampler": "random",
        "overrides": [],
        "overlays": [],
    }
    stats_keys = {"mean", "sd", "p05", "p50", "p95", "mcse_mean"}
    for name in ("society", "public_sector", "kommun", "region", "stat", "individ"):
        block = doc["perspectives"][name]
        for metric in ("npv", "pv_costs", "pv_benefits", "bcr", "roi", "payback_year"):
            assert set(block[metric]) >= stats_keys
        assert 0.0 <= block["prob_npv_positive"] <= 1.0
    for key in ("successes_needed", "avoided_outcomes", "participants"):
        assert set(doc["breakeven"][key]) >= stats_keys
    a = doc["assumptions"][0]
    assert set(a) >= {"id", "label", "evidence", "source", "distribution", "p05", "p50", "p95"}
    # individ bears no cost: its BCR is undefined and must be null, not NaN.
    assert doc["perspectives"]["individ"]["bcr"]["mean"] is None


def test_summary_frame_matches_stats(uncertain_scenario):
    res = simulate(uncertain_scenario, draws=3000, seed=1)
    frame = res.summary()
    assert frame.loc[("society", "npv"), "mean"] == pytest.approx(res.npv().mean())
    assert frame.loc[("society", "prob_npv_positive"), "mean"] == pytest.approx(
        (res.npv() > 0).mean()
    )


def test_draws_frame_and_flows(uncertain_scenario):
    res = simulate(uncertain_scenario, draws=1500, seed=1)
    draws = res.draws
    assert len(draws) == 1500
    assert "outcomes.fail.effect" in draws and "society.npv" in draws
    np.testing.assert_allclose(draws["society.npv"], res.npv())
    flows = res.flows
    last = flows[(flows.perspective == "society") & (flows.year == 24)]
    assert last["p50"].iloc[0] == pytest.approx(np.median(res.npv()), rel=1e-9)


def test_bad_arguments():
    sc = loads(MEAN_TOML)
    for bad in (0, -5, 1.5, True):
        with pytest.raises(ValueError, match="draws"):
            simulate(sc, draws=bad)
    with pytest.raises(ValueError, match="sampler"):
        simulate(sc, draws=10, sampler="halton")
    with pytest.raises(ValueError, match="seed"):
        simulate(sc, draws=10, seed=-1)


def test_stats_carry_order_statistic_cis_of_the_percentiles(uncertain_scenario):
    from sekalk.metrics import quantile_ci

    res = simulate(uncertain_scenario, draws=3000, seed=2)
    doc = json.loads(res.to_json())
    npv = res.npv("kommun")
    block = doc["perspectives"]["kommun"]["npv"]
    for key, q in (("p05_ci", 0.05), ("p50_ci", 0.5), ("p95_ci", 0.95)):
        assert block[key] == list(quantile_ci(npv, q))
        assert block[key][0] <= block[key.replace("_ci", "")] <= block[key][1]
    assert "p50_ci" in doc["breakeven"]["successes_needed"]
    assert doc["perspectives"]["society"]["mcse_prob_npv_positive"] > 0
