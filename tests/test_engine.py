"""The engine against hand calculations, brute-force sums and numpy-financial."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest

from sekalk import engine
from sekalk.simulation import simulate

# ---------------------------------------------------------------------------------------------
# pure functions


@pytest.mark.parametrize("x", [0.0, 0.3, 0.9, 1.0 - 1e-7, 1.0, 1.0 + 1e-7, 1.05, 1.7])
@pytest.mark.parametrize("n", [0, 1, 2, 7, 40])
def test_geometric_sum_equals_brute_force(x, n):
    expected = sum(x**k for k in range(n))
    assert engine.geometric_sum(x, n) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("n", [2, 7, 25, 40, 400, 4096])
def test_geometric_sum_of_whole_counts_near_and_far_from_one(n):
    """Whole counts build x**n - 1 by squaring without cancellation: within 1e-12 of the
    exactly summed terms (math.fsum of the correctly rounded powers) from x = 0 to ratios a
    hair from 1, and exactly n at x = 1."""
    dxs = [s * d for d in (1e-12, 1e-9, 1e-6, 2e-4, 1e-3, 0.1) for s in (-1, 1)]
    x = np.array([1.0 + d for d in dxs] + [0.0, 0.5, 0.96, 1.002, 1.0])
    got = engine.geometric_sum(x, n)
    for xi, gi in zip(x, got, strict=True):
        exact = math.fsum(float(xi) ** k for k in range(n))
        assert gi == pytest.approx(exact, rel=1e-12), xi
    assert got[-1] == n


def test_geometric_sum_a_nan_ratio_stays_alone():
    """A NaN ratio gives NaN for that draw only; the ratio exactly 1 beside it still gives n
    (on both paths: a whole count, and a count array)."""
    x = np.array([1.0, 0.99999, np.nan])
    for count in (5, np.array([5, 5, 5])):
        got = engine.geometric_sum(x, count)
        assert got[0] == 5.0 and np.isnan(got[2])
        assert got[1] == pytest.approx(math.fsum(0.99999**k for k in range(5)), rel=1e-12)


@pytest.mark.parametrize("exponent", [0, 1, 2, 3, 5, 8, 25, 40])
def test_int_power_equals_pow(exponent):
    base = np.array([0.0, 0.5, 0.93, 1.0, 1.0 + 1e-9, 1.07])
    # repeated squaring: at most about log2(k) + popcount(k) roundings, each 2**-53 relative
    np.testing.assert_allclose(engine.int_power(base, exponent), base**exponent, rtol=1e-14)
    assert engine.int_power(0.9, exponent) == pytest.approx(0.9**exponent, rel=1e-14)
    with pytest.raises(ValueError):
        engine.int_power(base, -1)


def test_pv_annuity_equals_numpy_financial():
    rng = np.random.default_rng(3)
    for _ in range(50):
        rate = rng.uniform(-0.2, 0.3)
        first, last = sorted(rng.integers(0, 30, size=2))
        amount = rng.uniform(-1e6, 1e6)
        flows = np.zeros(30)
        flows[first : last + 1] = amount
        assert engine.pv_annuity(amount, rate, first, last) == pytest.approx(
            npf.npv(rate, flows), rel=1e-10
        )


def test_pv_stream_equals_explicit_sum():
    rng = np.random.default_rng(4)
    for _ in range(50):
        amp, d, g, r = (
            rng.uniform(0, 1e5),
            rng.uniform(0, 1),
            rng.uniform(-0.05, 0.05),
            rng.uniform(0, 0.1),
        )
        o = int(rng.integers(0, 10))
        first = o + int(rng.integers(0, 5))
        stop = first + int(rng.integers(0, 20))
        expected = sum(
            amp * (1 - d) ** (t - o) * (1 + g) ** t / (1 + r) ** t for t in range(first, stop)
        )
        got = engine.pv_stream(
            amp, dropoff=d, growth=g, rate=r, outcome_year=o, first=first, stop=stop
        )
        assert got == pytest.approx(expected, rel=1e-10, abs=1e-9)


def test_pv_stream_full_dropoff_keeps_only_the_outcome_year():
    # dropoff = 1: everything lapses after the outcome year; 0 ** 0 = 1 keeps year o itself.
    got = engine.pv_stream(
        100.0, dropoff=1.0, growth=0.0, rate=0.0, outcome_year=2, first=2, stop=10
    )
    assert got == pytest.approx(100.0)
    assert (
        engine.pv_stream(100.0, dropoff=1.0, growth=0.0, rate=0.0, outcome_year=2, first=3, stop=10)
        == 0.0
    )


def test_avoided_outcomes_forms():
    assert engine.avoided_outcomes(5.0, 0.4, 0.5, 0.8, form="relative_risk") == pytest.approx(0.8)
    assert engine.avoided_outcomes(5.0, 0.4, 0.1, 0.8, form="risk_difference") == pytest.approx(0.4)


# ---------------------------------------------------------------------------------------------
# the hand calculation (scenario HAND_TOML in conftest.py)
#
# R = 10 participants * 0.5 completing = 5;  A = 5 * 0.4 * (1 - 0.5) * 0.8 = 0.8 per cohort.
# Cohorts start in years 0 and 1, so outcomes fall in years o = 1 and o = 2.
# Care (resource, region gains): 0.8 * 0.9**(t-o) * 0.5 * 1000 * 1.02**t for t in [o+1, o+3).
#   cohort 0: t=2: 0.8*0.9*500*1.0404 = 374.544          t=3: 0.8*0.81*500*1.061208 = 343.831392
#   cohort 1: t=3: 0.8*0.9*500*1.061208 = 382.03488      t=4: 0.8*0.81*500*1.08243216 = 350.70801984
# Social assistance (transfer kommun -> individ): 0.8 * 500 * 0.9**(t-o) for t in [o, 6).
#   cohort 0: t=1..5: 400, 360, 324, 291.6, 262.44      cohort 1: t=2..5: 400, 360, 324, 291.6
# Staff: 2000 in years 0 and 1, half each to kommun and region.
CARE = np.array([0, 0, 374.544, 343.831392 + 382.03488, 350.70801984, 0])
ASSISTANCE = np.array([0, 400, 360 + 400, 324 + 360, 291.6 + 324, 262.44 + 291.6])
COSTS = np.array([2000.0, 2000.0, 0, 0, 0, 0])
HAND = {
    # perspective: (yearly costs, yearly avoided costs), undiscounted
    "society": (COSTS, CARE),
    "public_sector": (COSTS, CARE + ASSISTANCE),
    "kommun": (COSTS / 2, ASSISTANCE),
    "region": (COSTS / 2, CARE),
    "individ": (np.zeros(6), -ASSISTANCE),
}
RATE = 0.05


@pytest.fixture(scope="module")
def hand_result():
    from sekalk.scenario import loads

    from .conftest import HAND_TOML

    return simulate(loads(HAND_TOML), draws=3, seed=0)


def test_hand_perspectives(hand_result):
    assert hand_result.perspectives == ("society", "public_sector", "kommun", "region", "individ")


@pytest.mark.parametrize("perspective", list(HAND))
def test_hand_present_values(hand_result, perspective):
    costs, benefits = HAND[perspective]
    pv_costs = npf.npv(RATE, costs)
    pv_benefits = npf.npv(RATE, benefits)
    np.testing.assert_allclose(hand_result.output("pv_costs", perspective), pv_costs, rtol=1e-12)
    np.testing.assert_allclose(
        hand_result.output("pv_benefits", perspective), pv_benefits, rtol=1e-12, atol=1e-9
    )
    np.testing.assert_allclose(hand_result.npv(perspective), pv_benefits - pv_costs, rtol=1e-12)
    if pv_costs > 0:
        np.testing.assert_allclose(
            hand_result.output("bcr", perspective), pv_benefits / pv_costs, rtol=1e-12
        )
        np.testing.assert_allclose(
            hand_result.output("roi", perspective), (pv_benefits - pv_costs) / pv_costs, rtol=1e-12
        )
    else:
        assert np.isnan(hand_result.output("bcr", perspective)).all()
        assert np.isnan(hand_result.output("roi", perspective)).all()


@pytest.mark.parametrize("perspective", list(HAND))
def test_hand_payback_year(hand_result, perspective):
    costs, benefits = HAND[perspective]
    cumulative = np.cumsum((benefits - costs) / (1 + RATE) ** np.arange(6))
    reached = np.flatnonzero(cumulative >= 0)
    expected = float(reached[0]) if costs.sum() > 0 and reached.size else np.nan
    np.testing.assert_array_equal(hand_result.output("payback_year", perspective), expected)


def test_hand_payback_values_written_out(hand_result):
    # kommun: cumulative discounted -1000, -1571.4, -882.1, -291.2, +215.2 -> year 4.
    assert hand_result.output("payback_year", "kommun")[0] == 4.0
    # society never recovers 3905 SEK of costs with 1334 SEK of avoided care.
    assert np.isnan(hand_result.output("payback_year", "society")[0])


def test_hand_breakeven(hand_result):
    pv_costs = npf.npv(RATE, COSTS)
    pv_benefits = npf.npv(RATE, CARE)
    avoided = 0.8 * 2
    np.testing.assert_allclose(hand_result.avoided_outcomes, avoided, rtol=1e-12)
    np.testing.assert_allclose(hand_result.participants, 20.0)
    np.testing.assert_allclose(
        hand_result.successes_needed, pv_costs / (pv_benefits / avoided), rtol=1e-12
    )


# Cohorts in years 0, 1, 2 with lag 3 and a horizon of 5 years: outcomes in years 3, 4 and 5.
# "care" starts 1 year after the outcome, "visit" in the outcome year itself (1 year).
#   cohort 0 (o = 3): care in year 4, visit in year 3  -> booked, counts
#   cohort 1 (o = 4): care would start in year 5 (past the horizon), visit in year 4 -> counts
#   cohort 2 (o = 5): the outcome itself falls past the horizon: nothing booked, not counted
LATE_OUTCOMES_TOML = """
[scenario]
title = "Outcomes past the horizon"
price_year = 2024
horizon_years = 5
discount_rate = 0.05
language = "en"

[intervention]
years = [0, 2]
participants_per_year = 10

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = "kommun"
years = [0, 2]
annual = 1000

[[logic]]
id = "completes"
label = "Completes"
share = 0.5

[[outcomes]]
id = "fail"
label = "Fails"
lag = 3
baseline_risk = 0.4
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "care"
  label = "Care"
  kind = "resource"
  payer = "kommun"
  share = 1.0
  annual = 800
  start = 1

  [[outcomes.consequences]]
  id = "visit"
  label = "Visit"
  kind = "resource"
  payer = "kommun"
  share = 1.0
  annual = 200
  start = 0
  duration = 1
"""


def test_breakeven_counts_only_outcomes_with_a_consequence_in_the_horizon():
    from sekalk.scenario import loads

    res = simulate(loads(LATE_OUTCOMES_TOML), draws=3, seed=0)
    horizon, per_cohort = 5, 10 * 0.5 * 0.4 * (1 - 0.5)  # 1 avoided outcome per cohort
    costs = benefits = 0.0
    counted = 0.0
    for cohort in (0, 1, 2):
        costs += 1000 / (1 + RATE) ** cohort
        outcome_year = cohort + 3
        booked = False
        for start, duration, annual in ((1, horizon, 800), (0, 1, 200)):
            for t in range(outcome_year + start, outcome_year + start + duration):
                if t < horizon:
                    benefits += per_cohort * annual / (1 + RATE) ** t
                    booked = True
        if booked:
            counted += per_cohort
    assert counted == 2.0  # cohorts 0 and 1; cohort 2's outcome lies past the horizon
    np.testing.assert_allclose(res.avoided_outcomes, counted, rtol=1e-12)
    np.testing.assert_allclose(res.output("pv_benefits", "society"), benefits, rtol=1e-12)
    np.testing.assert_allclose(res.successes_needed, costs / (benefits / counted), rtol=1e-12)
    # Counting all three cohorts would value an avoided outcome at 2/3 of what it is worth here.
    assert res.successes_needed[0] < costs / (benefits / 3.0)
    doc = res.to_dict()["breakeven"]
    assert doc["avoided_outcomes"]["p50"] == pytest.approx(2.0, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# payback of payers that pay late, in one middle year, or gain before they pay
#
# A foundation (stiftelse) pays years 0-1, region pays year 2 only, kommun pays year 3 only.
# R = 10 * 0.5 = 5; A = 5 * 0.4 * 0.5 = 1 per cohort; outcomes in years 0 and 1 (lag 0).
# Assistance (transfer kommun -> individ): 200 per cohort in years o .. o+5.
#   kommun gains 200, 400, 400, 400, 400, 400, 200, 0 in years 0..7 (before it pays)
# Care (resource, region): 100 per cohort in years o+2 .. o+4.
#   region gains 0, 0, 100, 200, 200, 100, 0, 0
PAYERS_TOML = """
[scenario]
title = "Payers"
price_year = 2024
horizon_years = 8
discount_rate = 0.05
language = "en"
actors = ["stiftelse"]

[intervention]
years = [0, 1]
participants_per_year = 10

[[intervention.costs]]
id = "grant"
label = "Foundation grant"
payer = "stiftelse"
years = [0, 1]
annual = 2000

[[intervention.costs]]
id = "room"
label = "Premises"
payer = "region"
years = [2, 2]
annual = 300

[[intervention.costs]]
id = "late"
label = "Municipal staff"
payer = "kommun"
years = [3, 3]
annual = KOMMUN_COST

[[logic]]
id = "completes"
label = "Completes"
share = 0.5

[[outcomes]]
id = "fail"
label = "Fails"
lag = 0
baseline_risk = 0.4
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "assistance"
  label = "Social assistance"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  share = 1.0
  annual = 200
  start = 0
  duration = 6

  [[outcomes.consequences]]
  id = "care"
  label = "Care"
  kind = "resource"
  payer = "region"
  share = 1.0
  annual = 100
  start = 2
  duration = 3
"""


def _payers_by_hand(kommun_cost: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Yearly (costs, gains) per perspective, undiscounted, written out."""
    assistance = np.array([200, 400, 400, 400, 400, 400, 200, 0.0])
    care = np.array([0, 0, 100, 200, 200, 100, 0, 0.0])
    grant = np.array([2000, 2000, 0, 0, 0, 0, 0, 0.0])
    room = np.array([0, 0, 300, 0, 0, 0, 0, 0.0])
    late = np.array([0, 0, 0, kommun_cost, 0, 0, 0, 0.0])
    return {
        "society": (grant + room + late, care),
        "public_sector": (room + late, assistance + care),
        "kommun": (late, assistance),
        "region": (room, care),
        "stiftelse": (grant, np.zeros(8)),
        "individ": (np.zeros(8), -assistance),
    }


def _payback_by_loop(costs, gains, rate):
    """The rule in a plain year loop: from the first year with a positive cost on, the first
    year whose cumulative discounted net flow (gains from year 0 included) is >= 0."""
    first_cost = None
    cumulative = 0.0
    for t in range(len(costs)):
        cumulative += (gains[t] - costs[t]) / (1 + rate) ** t
        if first_cost is None and costs[t] > 0:
            first_cost = t
        if first_cost is not None and cumulative >= 0:
            return float(t)
    return math.nan


@pytest.mark.parametrize(("kommun_cost", "kommun_year"), [(500.0, 3.0), (2000.0, 5.0)])
def test_payback_of_late_middle_and_gain_first_payers(kommun_cost, kommun_year):
    from sekalk.scenario import loads

    res = simulate(loads(PAYERS_TOML.replace("KOMMUN_COST", str(kommun_cost))), draws=3, seed=0)
    hand = _payers_by_hand(kommun_cost)
    assert set(res.perspectives) == set(hand)
    for p, (costs, gains) in hand.items():
        expected = _payback_by_loop(costs, gains, RATE)
        np.testing.assert_array_equal(res.output("payback_year", p), expected, err_msg=p)
    # Written out. region (pays year 2 only): -181.4 in year 2, -8.6, +155.9 -> year 4, not 0.
    assert (res.output("payback_year", "region") == 4.0).all()
    # kommun gains 943.8 before it pays in year 3. With 500 it is still >= 0 in year 3: the
    # payback year is its first cost year, 3 (never earlier). With 2000: -438.4 in year 3,
    # -109.3 in year 4, +204.1 in year 5.
    assert (res.output("payback_year", "kommun") == kommun_year).all()
    # The foundation gains nothing and the individual pays nothing: no payback year.
    assert np.isnan(res.output("payback_year", "stiftelse")).all()
    assert np.isnan(res.output("payback_year", "individ")).all()


# The example: a foundation pays years 0-1, the municipality pays years 2-3 and gains
# a little. Participants and both costs are uncertain.
LATE_PAYER_TOML = """
[scenario]
title = "Late payer"
price_year = 2024
horizon_years = 10
discount_rate = 0.05
language = "en"
actors = ["stiftelse"]

[intervention]
years = [0, 1]
participants_per_year = { dist = "uniform", min = 8, max = 12 }

[[intervention.costs]]
id = "fund"
label = "Foundation grant"
payer = "stiftelse"
years = [0, 1]
annual = { dist = "uniform", min = 900, max = 1100 }

[[intervention.costs]]
id = "muni"
label = "Municipality staff"
payer = "kommun"
years = [2, 3]
annual = { dist = "uniform", min = 900, max = 1100 }

[[logic]]
id = "completes"
label = "Completes"
share = 0.5

[[outcomes]]
id = "fail"
label = "Fails"
lag = 1
baseline_risk = 0.4
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "care"
  label = "Care"
  kind = "resource"
  payer = "kommun"
  share = 0.1
  annual = 100
  start = 0
  duration = 2
"""


def test_a_late_payer_that_never_recovers_has_no_payback_year():
    from sekalk.scenario import loads

    res = simulate(loads(LATE_PAYER_TOML), draws=400, seed=2)
    participants = res.parameters["intervention.participants_per_year"]
    muni = res.parameters["intervention.costs.muni.annual"]
    for d in range(0, 400, 7):  # every 7th draw, by hand
        avoided = participants[d] * 0.5 * 0.4 * (1 - 0.5)
        gains, costs = np.zeros(10), np.zeros(10)
        for cohort in (0, 1):
            for t in (cohort + 1, cohort + 2):
                gains[t] += avoided * 0.1 * 100
        costs[2] = costs[3] = muni[d]
        assert math.isnan(_payback_by_loop(costs, gains, RATE))
        npv = sum((gains[t] - costs[t]) / (1 + RATE) ** t for t in range(10))
        assert res.npv("public_sector")[d] == pytest.approx(npv, rel=1e-12)
    assert (res.npv("public_sector") < 0).all()
    for p in ("public_sector", "kommun", "stiftelse", "society"):
        assert np.isnan(res.output("payback_year", p)).all(), p  # not "year 0"
    block = res.to_dict()["perspectives"]["public_sector"]["payback_year"]
    assert block["prob_within_horizon"] == 0.0
    assert block["p50"] is None and block["mean"] is None


# ---------------------------------------------------------------------------------------------
# identities on an uncertain scenario


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_closed_form_equals_yearly_matrix(uncertain_scenario, sampler):
    # The yearly flows are drawn again on first use: the same first-block draws as the run.
    res = simulate(uncertain_scenario, draws=5000, seed=7, sampler=sampler)
    final = res.cumulative_sample[:, :, -1]
    npv = res.pv_benefits[:5000] - res.pv_costs[:5000]
    np.testing.assert_allclose(final, npv, rtol=1e-9, atol=1e-9 * np.abs(npv).max())


def test_ledgers_add_up_and_transfers_cancel(uncertain_scenario):
    res = simulate(uncertain_scenario, draws=4000, seed=3)
    actors = [p for p in res.perspectives if p not in ("society", "public_sector")]
    for metric in ("pv_costs", "pv_benefits", "npv"):
        total = sum(res.output(metric, a) for a in actors)
        np.testing.assert_allclose(total, res.output(metric, "society"), rtol=1e-9, atol=1e-6)
        public = sum(res.output(metric, a) for a in actors if a in ("kommun", "region", "stat"))
        np.testing.assert_allclose(
            public, res.output(metric, "public_sector"), rtol=1e-9, atol=1e-6
        )


def test_transfers_alone_cancel_exactly_in_society(hand_scenario):
    from dataclasses import replace

    out = hand_scenario.outcomes[0]
    only_transfer = replace(out, consequences=(out.consequences[1],))
    sc = replace(hand_scenario, outcomes=(only_transfer,))
    res = simulate(sc, draws=2, seed=0)
    assert (res.output("pv_benefits", "society") == 0.0).all()
    assert (res.output("pv_benefits", "kommun") == -res.output("pv_benefits", "individ")).all()


def test_npv_only_path_gives_identical_npv(uncertain_scenario):
    full = simulate(uncertain_scenario, draws=3000, seed=5)
    fast = simulate(uncertain_scenario, draws=3000, seed=5, payback=False)
    np.testing.assert_array_equal(full.pv_costs, fast.pv_costs)
    np.testing.assert_array_equal(full.pv_benefits, fast.pv_benefits)
    assert fast.payback_year is None


def _explicit_cumulative(flows, n, n_perspectives, horizon):
    """The cumulative discounted net flow (n, Q, H), every flow written out year by year."""
    yearly = np.zeros((n, n_perspectives, horizon))
    t = np.arange(horizon)
    for f in flows:
        active = (t >= f.first) & (t < f.stop)
        values = np.asarray(f.lead)[:, None] * np.asarray(f.ratio).reshape(-1, 1) ** np.where(
            active, t - f.first, 0
        )
        yearly += (values * active)[:, None, :] * f.weights[None, :, None]
    return np.cumsum(yearly, axis=2)


def _explicit_first_cost_year(flows, n, n_perspectives, horizon):
    """(n, Q): the first year in which a perspective pays a positive cost, NaN if it never does;
    every cost flow written out year by year in a plain loop."""
    first = np.full((n, n_perspectives), np.nan)
    for t in range(horizon):
        for f in flows:
            if not f.cost or not f.first <= t < f.stop:
                continue
            value = np.asarray(f.lead) * np.asarray(f.ratio) ** (t - f.first) * np.ones(n)
            for q in range(n_perspectives):
                pays = (f.weights[q] < 0) & (value > 0) & np.isnan(first[:, q])
                first[pays, q] = t
    return first


def _explicit_payback(cumulative, first_cost_year, start=0):
    """(n, Q): first year t >= max(start, first cost year) with cumulative >= 0, by loops."""
    n, n_perspectives, horizon = cumulative.shape
    out = np.full((n, n_perspectives), np.nan)
    for d in range(n):
        for q in range(n_perspectives):
            if np.isnan(first_cost_year[d, q]):
                continue
            for t in range(max(start, int(first_cost_year[d, q])), horizon):
                if cumulative[d, q, t] >= 0:
                    out[d, q] = t
                    break
    return out


def test_scan_payback_equals_explicit_cumulative_matrix():
    # Two flows written out year by year; the walk must find the same first year >= start.
    # Perspective 2 pays nothing: it has no payback year (its cumulative flow is 0 until the
    # gains arrive, which used to read as "paid back in year 0").
    rng = np.random.default_rng(0)
    n, H = 500, 12
    cost_lead = rng.uniform(50, 150, n)
    lead, ratio = rng.uniform(5, 30, n), rng.uniform(0.7, 1.1, n)
    flows = [
        engine.GeometricFlow(cost_lead, 0.9, 0, 2, np.array([-1.0, -1.0, 0.0]), cost=True),
        engine.GeometricFlow(lead, ratio, 3, 10, np.array([1.0, 0.5, 1.0])),
    ]
    cumulative = _explicit_cumulative(flows, n, 3, H)
    first_cost = _explicit_first_cost_year(flows, n, 3, H)
    for start in (0, 4):
        payback, cum = engine.scan_payback(
            flows, n, 3, horizon=H, start=start, keep_cumulative=True
        )
        expected = _explicit_payback(cumulative, first_cost, start)
        assert np.isnan(expected[:, 2]).all() and np.isfinite(expected[:, 0]).any()
        assert payback.dtype == np.float32
        np.testing.assert_array_equal(payback, expected)
        np.testing.assert_allclose(cum, cumulative, rtol=1e-12, atol=1e-9)
        # without the cumulative flows kept: the same years
        walked, _ = engine.scan_payback(flows, n, 3, horizon=H, start=start)
        np.testing.assert_array_equal(walked, expected)


def test_scan_payback_with_mixed_weights_and_late_or_no_payback():
    """Three flows with weights of both signs and fractions: draws that pay back early, late
    or never, per perspective; the years equal those of the explicit cumulative sums."""
    rng = np.random.default_rng(3)
    n, H = 4000, 40
    flows = [
        engine.GeometricFlow(
            rng.uniform(80, 120, n), 1.0, 0, 1, np.array([-1.0, -1.0, -0.5]), cost=True
        ),
        engine.GeometricFlow(
            rng.uniform(5, 60, n), rng.uniform(0.9, 1.0, n), 2, 40, np.array([1.0, 0.5, 0.7])
        ),
        engine.GeometricFlow(rng.uniform(0, 2, n), 0.97, 10, 30, np.array([-1.0, 1.0, 2.5])),
    ]
    cumulative = _explicit_cumulative(flows, n, 3, H)
    reached = cumulative >= 0
    expected = np.where(reached.any(axis=2), reached.argmax(axis=2), np.nan)
    # the case: a quarter of the draws pay back in every perspective by year 8, some never do
    with np.errstate(invalid="ignore"):
        assert np.mean(np.all(expected <= 8, axis=1)) >= 0.25 and np.isnan(expected).any()
    payback, _ = engine.scan_payback(flows, n, 3, horizon=H, start=0)
    np.testing.assert_array_equal(payback, expected)


def test_scan_payback_counts_from_each_payers_own_first_positive_cost():
    """Costs of several payers in different years, amounts that are 0 in some draws, a gate
    (a level that happens in some draws only) and gains before and after: every payback year
    equals the rule written out with loops (first year >= the draw's own first cost year)."""
    rng = np.random.default_rng(11)
    n, H = 3000, 15
    zero_sometimes = np.where(rng.uniform(size=n) < 0.4, 0.0, rng.uniform(50, 100, n))
    gate = (rng.uniform(size=n) < 0.5).astype(float)
    flows = [
        # perspective 0 pays years 0-1; perspective 1 year 3 only, or not at all in 40 %
        engine.GeometricFlow(
            rng.uniform(80, 120, n), 0.95, 0, 2, np.array([-1.0, 0, -1]), cost=True
        ),
        engine.GeometricFlow(zero_sometimes, 1.0, 3, 4, np.array([0, -1.0, -1]), cost=True),
        # perspective 1 also pays years 6-7 where the gate is open
        engine.GeometricFlow(30.0 * gate, 0.95, 6, 8, np.array([0, -1.0, -1]), cost=True),
        # gains: to perspective 1 from year 1 (before it pays), to 0 from year 4
        engine.GeometricFlow(rng.uniform(0, 30, n), 0.97, 1, 15, np.array([0, 1.0, 1])),
        engine.GeometricFlow(rng.uniform(0, 40, n), 1.0, 4, 15, np.array([1.0, 0, 1])),
    ]
    cumulative = _explicit_cumulative(flows, n, 3, H)
    first_cost = _explicit_first_cost_year(flows, n, 3, H)
    expected = _explicit_payback(cumulative, first_cost)
    # the cases occur: perspective 1 first pays in year 3, in year 6, or never
    assert set(np.unique(first_cost[:, 1][np.isfinite(first_cost[:, 1])])) == {3.0, 6.0}
    assert np.isnan(first_cost[:, 1]).any()
    # ... and some draws had cumulative >= 0 before paying (gains first): not a payback then
    early = cumulative[:, 1, :3] >= 0
    assert early.any() and np.isfinite(expected[:, 1]).any()
    assert np.nanmin(expected[:, 1]) >= 3.0
    payback, _ = engine.scan_payback(flows, n, 3, horizon=H, start=0)
    np.testing.assert_array_equal(payback, expected)


def _many_flows(rng, n, *, ties, cost_scale=1.0):
    """Flows of several payers and two shared ratio arrays (as evaluate makes them), with
    amounts that are 0 in some draws, a gate, a negative stream, a constant stretch and, with
    ``ties``, a fifth of the draws whose cumulative flow is exactly 0 in year 4 (a cost of 60
    in year 0 and gains of 20 a year from year 2, nothing else)."""
    x = rng.uniform(0.85, 1.05, n)  # one ratio array shared by several streams
    v = rng.uniform(0.93, 0.99, n)
    tie = (rng.uniform(size=n) < 0.2) if ties else np.zeros(n, dtype=bool)
    other = np.where(tie, 0.0, 1.0)
    zero_sometimes = np.where(rng.uniform(size=n) < 0.3, 0.0, rng.uniform(50, 100, n))
    gate = (rng.uniform(size=n) < 0.6).astype(float)
    w = [
        np.array([-1.0, -1.0, -0.5, -0.5, 0.0]),
        np.array([0.0, -1.0, 0.0, -1.0, 0.0]),
        np.array([1.0, 0.3, 0.7, 0.0, -1.0]),
        np.array([1.0, 1.0, 0.0, 0.5, 1.0]),
        np.array([-1.0, -0.2, -0.8, 0.0, 0.5]),
    ]
    flows = [
        engine.GeometricFlow(
            rng.uniform(80, 160, n) * other * cost_scale, v, 0, 3, w[0], cost=True
        ),
        engine.GeometricFlow(zero_sometimes * other, v, 2, 3, w[1], cost=True),
        engine.GeometricFlow(40.0 * gate * other, v, 9, 11, w[1], cost=True),
        engine.GeometricFlow(rng.uniform(0, 40, n) * other, x, 5, 30, w[2]),
        engine.GeometricFlow(rng.uniform(0, 30, n) * other, x, 6, 14, w[3]),
        engine.GeometricFlow(rng.uniform(0, 30, n) * other, x, 7, 40, w[3]),
        engine.GeometricFlow(rng.uniform(0, 8, n) * other, x, 12, 20, w[4]),
        engine.GeometricFlow(rng.uniform(0, 20, n) * gate * other, 0.95, 20, 35, w[2]),
    ]
    if ties:
        flows.append(engine.GeometricFlow(np.where(tie, 60.0, 0.0), 1.0, 0, 1, w[0], cost=True))
        flows.append(engine.GeometricFlow(np.where(tie, 20.0, 0.0), 1.0, 2, 40, -w[0]))
    return flows


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("start", [0, 3])
@pytest.mark.parametrize("cost_scale", [1.0, 6.0])
def test_scan_payback_segments_equal_the_walk_bit_for_bit(ties, start, cost_scale, monkeypatch):
    """The segment scan gives the walk's years exactly, and those of the cumulative sums
    written out year by year; draws that tie at 0 (decided by the walk) included, and (at
    6 times the cost) most draws past hope of paying back, which the scan drops early."""
    rng = np.random.default_rng(21)
    n, Q, H = 3000, 5, 40
    flows = _many_flows(rng, n, ties=ties, cost_scale=cost_scale)
    monkeypatch.setattr(engine, "_segments_pay", lambda *a: True)  # whatever it would choose
    fast, _ = engine.scan_payback(flows, n, Q, horizon=H, start=start)
    walked, _ = engine._walk_payback(flows, n, Q, horizon=H, start=start)
    np.testing.assert_array_equal(fast, walked)
    cumulative = _explicit_cumulative(flows, n, Q, H)
    first_cost = _explicit_first_cost_year(flows, n, Q, H)
    expected = _explicit_payback(cumulative, first_cost, start)
    np.testing.assert_array_equal(fast, expected)
    # the cases occur: paybacks in several segments, never, and (with ties) exactly at 0
    assert np.isnan(fast).any() and len(np.unique(fast[np.isfinite(fast)])) >= 5
    if cost_scale > 1.0:
        assert np.isnan(fast).all(axis=1).mean() > 0.5
    if ties:
        assert (cumulative[:, 0, 4] == 0.0).sum() > 400 and (fast[:, 0] == 4.0).sum() > 400


def test_scan_payback_segments_hand_the_ties_to_the_walk(monkeypatch):
    """A cumulative flow exactly 0 in the payback year is within the tolerance: the draw is
    walked (and only such draws: the others are decided by the segments)."""
    n, H = 6, 10
    w = np.array([-1.0, -1.0, 0.0, -0.5, -0.5])
    lead = np.array([60.0, 60.0, 61.0, 59.0, 60.0, 60.0])
    flows = [
        engine.GeometricFlow(lead, np.ones(n), 0, 1, w, cost=True),
        engine.GeometricFlow(np.full(n, 20.0), 1.0, 2, 10, -w),
        engine.GeometricFlow(np.full(n, 1.0), np.full(n, 0.5), 1, 9, np.array([1.0, 0, 1, 0, 1])),
    ]
    walked_rows = []
    walk = engine._walk_payback

    def spy(sub, m, *args, **kwargs):
        walked_rows.append(m)
        return walk(sub, m, *args, **kwargs)

    monkeypatch.setattr(engine, "_segments_pay", lambda *a: True)
    monkeypatch.setattr(engine, "_walk_payback", spy)
    fast, _ = engine.scan_payback(flows, n, 5, horizon=H, start=0)
    expected = _explicit_payback(
        _explicit_cumulative(flows, n, 5, H), _explicit_first_cost_year(flows, n, 5, H)
    )
    np.testing.assert_array_equal(fast, expected)
    # the ties: 60 paid back by 20 a year from year 2 (rows 0, 1, 4 and 5 in the payers
    # of the whole cost) and 30 by 10 a year (rows 0, 1, 4, 5 for the two half payers)
    assert walked_rows and walked_rows[0] < n


@pytest.mark.parametrize(
    "name", ["foraldrastod_fullfoljda_studier", "foraldrastod_tre_nivaer", "narvaroteam"]
)
def test_simulate_payback_equals_the_walk(name, monkeypatch):
    """Whole runs of the examples (every level, every perspective): the payback years of the
    segment scan are those of the year-by-year walk, bit for bit."""
    from pathlib import Path

    from sekalk.scenario import load

    sc = load(Path(__file__).parent.parent / "scenarios" / f"{name}.toml")
    fast = simulate(sc, 20_000, seed=5).payback_year
    monkeypatch.setattr(
        engine,
        "scan_payback",
        lambda flows, n, q, **kw: engine._walk_payback(flows, n, q, **kw),
    )
    walked = simulate(sc, 20_000, seed=5).payback_year
    np.testing.assert_array_equal(fast, walked)
    assert np.isfinite(fast).any()


def test_evaluate_into_preallocated_rows_equals_new_arrays(uncertain_scenario):
    """The simulator's path (views of draws-last arrays from ``ChunkOutput.allocate``) gives
    bitwise what a call with new arrays gives, for the project alone and with levels."""
    from pathlib import Path

    from sekalk.scenario import load
    from sekalk.simulation import draw_block, make_design

    levels = load(Path(__file__).parent.parent / "scenarios" / "foraldrastod_tre_nivaer.toml")
    for sc in (uncertain_scenario, levels):
        model = engine.compile_model(sc)
        design = make_design(sc)
        values = {**design.fixed, **draw_block(design, 0, 300, seed=4, sampler="random")}
        fresh = engine.evaluate(model, values, 300)
        L, Q = len(model.levels), len(model.perspectives)
        store = engine.ChunkOutput.allocate(1000, L, Q, payback=True)
        # stale values must not leak into the result, also where no term reaches a column
        for stale in (store.level_pv_costs, store.level_pv_benefits, store.level_avoided):
            stale[...] = 7.0
        written = engine.evaluate(model, values, 300, out=store.rows(100, 400))
        for name in (
            "pv_costs",
            "pv_benefits",
            "avoided_outcomes",
            "participants",
            "payback_year",
            "level_pv_costs",
            "level_pv_benefits",
            "level_avoided",
            "level_participants",
            "level_occurs",
        ):
            np.testing.assert_array_equal(
                getattr(written, name), getattr(fresh, name), err_msg=name
            )
            np.testing.assert_array_equal(getattr(store, name)[100:400], getattr(fresh, name))
        copy = engine.ChunkOutput.allocate(300, L, Q, payback=True)
        fresh.copy_into(copy)
        np.testing.assert_array_equal(copy.pv_costs, fresh.pv_costs)
        np.testing.assert_array_equal(copy.level_occurs, fresh.level_occurs)
        # columns are contiguous: the perspective axis is stored first
        assert store.pv_costs[:, 0].flags.c_contiguous


def test_avoided_outcomes_never_hands_back_an_input():
    effect = np.array([0.1, 0.2])
    avoided = engine.avoided_outcomes(1.0, 0.3, effect, 1.0, form="risk_difference")
    np.testing.assert_array_equal(avoided, effect)
    assert avoided is not effect


def test_evaluate_without_yearly_flows_leaves_no_stale_payback(uncertain_scenario):
    from sekalk.simulation import draw_block, make_design

    model = engine.compile_model(uncertain_scenario)
    design = make_design(uncertain_scenario)
    values = {**design.fixed, **draw_block(design, 0, 50, seed=1, sampler="random")}
    store = engine.ChunkOutput.allocate(50, 1, len(model.perspectives), payback=True)
    store.payback_year[...] = 1234.0
    engine.evaluate(model, values, 50, yearly=False, out=store)
    assert np.isnan(store.payback_year).all()


def test_walk_skips_idle_years_and_perspectives_that_pay_nothing():
    """Years in which nothing flows (after a payback, and between the cost and the gains) and
    perspectives that pay no cost are not walked; the years are still those of the loops."""
    rng = np.random.default_rng(8)
    n, H = 2000, 30
    flows = [
        engine.GeometricFlow(
            rng.uniform(50, 150, n), 0.97, 0, 2, np.array([-1.0, 0, -1.0]), cost=True
        ),
        engine.GeometricFlow(rng.uniform(5, 40, n), 0.95, 1, 6, np.array([1.0, 1.0, 0.5])),
        # nothing flows in years 6-11
        engine.GeometricFlow(
            rng.uniform(0, 30, n), rng.uniform(0.8, 1.0, n), 12, 20, np.array([1.0, 2.0, 0])
        ),
    ]
    expected = _explicit_payback(
        _explicit_cumulative(flows, n, 3, H), _explicit_first_cost_year(flows, n, 3, H)
    )
    walked, _ = engine._walk_payback(flows, n, 3, horizon=H, start=0)
    np.testing.assert_array_equal(walked, expected)
    # the cases occur: paid back before or after the idle years, or never; the
    # middle perspective pays nothing
    first = expected[:, 0]
    assert (first < 6).any() and (first >= 12).any() and np.isnan(first).any()
    assert np.isnan(expected[:, 1]).all()
