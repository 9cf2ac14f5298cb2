"""Organisational and system levels: continuation and spread against hand calculations."""

from __future__ import annotations

import numpy as np
import pytest

from sekalk.engine import compile_model
from sekalk.errors import ScenarioError
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import HAND_TOML, ROOT, UNCERTAIN_TOML

DRAWS = 4_000

CONTINUATION = """
[continuation]
probability = {p}
years = 3
annual_cost = 1.5e6
payer = "kommun"
"""

# UNCERTAIN_TOML with the continuation written out by hand: cohorts in years 0..5 (funded
# 0..2, continued 3..5) and the continuation cost as an ordinary cost in years 3..5.
WRITTEN_OUT = UNCERTAIN_TOML.replace(
    "years = [0, 2]\nparticipants", "years = [0, 5]\nparticipants"
).replace(
    "[[logic]]",
    """[[intervention.costs]]
id = "cont"
label = "Fortsättning"
payer = "kommun"
years = [3, 5]
annual = 1.5e6

[[logic]]""",
    1,
)


def _with(p: str, extra: str = CONTINUATION) -> str:
    return UNCERTAIN_TOML + extra.format(p=p)


def test_probability_zero_is_bit_identical_to_no_table():
    base = simulate(loads(UNCERTAIN_TOML), draws=DRAWS, seed=5)
    zero = simulate(
        loads(_with('{ dist = "uniform", min = 0.0, max = 1e-12 }')),
        draws=DRAWS,
        seed=5,
    )
    never = simulate(loads(_with("0.0")), draws=DRAWS, seed=5)
    for res in (zero, never):
        for q, p in enumerate(base.perspectives):
            np.testing.assert_array_equal(res.npv(p, "project"), base.npv(p))
            np.testing.assert_array_equal(res.output("pv_costs", p, "project"), base.pv_costs[:, q])
        for pid, draws in base.parameters.items():
            np.testing.assert_array_equal(res.parameters[pid], draws)
    # With probability 0 nothing is added: the total is the project, bit for bit.
    assert never.prob_occurs("continuation") == 0.0
    np.testing.assert_array_equal(never.pv_costs, base.pv_costs)
    np.testing.assert_array_equal(never.pv_benefits, base.pv_benefits)
    np.testing.assert_array_equal(never.payback_year, base.payback_year)


def test_probability_one_equals_the_cohorts_written_out():
    cont = simulate(loads(_with("1.0")), draws=DRAWS, seed=7)
    hand = simulate(loads(WRITTEN_OUT), draws=DRAWS, seed=7)
    assert cont.perspectives == hand.perspectives
    assert cont.prob_occurs("continuation") == 1.0
    np.testing.assert_allclose(cont.pv_costs, hand.pv_costs, rtol=1e-12)
    np.testing.assert_allclose(cont.pv_benefits, hand.pv_benefits, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(cont.avoided_outcomes, hand.avoided_outcomes, rtol=1e-12)
    np.testing.assert_allclose(cont.participants, hand.participants, rtol=1e-12)
    np.testing.assert_array_equal(cont.payback_year, hand.payback_year)
    # The split: the project level is the funded years alone.
    base = simulate(loads(UNCERTAIN_TOML), draws=DRAWS, seed=7)
    np.testing.assert_array_equal(cont.npv("society", "project"), base.npv("society"))
    np.testing.assert_allclose(
        cont.npv("society", "continuation"),
        hand.npv("society") - base.npv("society"),
        rtol=1e-9,
        atol=1e-3,
    )


def test_in_between_the_mean_is_the_probability_weighted_mix():
    p = 0.3
    mixed = simulate(loads(_with(str(p))), draws=DRAWS, seed=11)
    never = simulate(loads(_with("0.0")), draws=DRAWS, seed=11)
    always = simulate(loads(_with("1.0")), draws=DRAWS, seed=11)
    # Per draw the mix differs from the weighted mean by (g - p) (always - never).
    diff = mixed.npv() - ((1 - p) * never.npv() + p * always.npv())
    se = diff.std(ddof=1) / np.sqrt(DRAWS)
    assert abs(diff.mean()) < 4 * se
    # The occurrence rate is Binomial(n, p).
    assert abs(mixed.prob_occurs("continuation") - p) < 4 * np.sqrt(p * (1 - p) / DRAWS)
    # "With continuation" is the project plus continuation as if it happened: the always run.
    np.testing.assert_allclose(mixed.npv_with("continuation"), always.npv(), rtol=1e-9, atol=1e-3)


def test_continuation_is_block_invariant_and_has_its_own_stream():
    sc = loads(_with('{ dist = "uniform", min = 0.2, max = 0.8 }'))
    a = simulate(sc, draws=70_000, seed=3, payback=False)
    b = simulate(sc, draws=70_000 + 5, seed=3, payback=False)
    np.testing.assert_array_equal(a.level_occurs, b.level_occurs[:70_000])


# ---------------------------------------------------------------------------------------------
# spread: the fully fixed HAND_TOML, two units adopting in year 2 (one cohort year)

SPREAD_GIVEN = """
[spread]
units = 2
probability = {p}
lag = 1
years = 1
participants_per_year = 5
annual_cost = 1000
payer = "kommun"
"""


def _spread_by_hand() -> dict[str, tuple[float, float]]:
    """(pv_benefits, pv_costs) per perspective, written out."""
    r = 0.05
    units, participants, completes = 2, 5, 0.5
    avoided = units * participants * completes * 0.4 * (1 - 0.5) * 0.8  # 0.8 persons
    o = 2 + 1  # cohort year 2, lag 1
    care = sum(
        avoided * 0.9 ** (t - o) * 0.5 * 1000 * 1.02**t / (1 + r) ** t for t in (o + 1, o + 2)
    )
    assistance = sum(avoided * 0.9 ** (t - o) * 500 / (1 + r) ** t for t in range(o, 6))
    cost = units * 1000 / (1 + r) ** 2
    return {
        "society": (care, cost),
        "public_sector": (care + assistance, cost),
        "kommun": (assistance, cost),
        "region": (care, 0.0),
        "individ": (-assistance, 0.0),
    }


def test_spread_flows_equal_the_hand_calculation():
    res = simulate(loads(HAND_TOML + SPREAD_GIVEN.format(p=1.0)), draws=8, seed=1)
    base = simulate(loads(HAND_TOML), draws=8, seed=1)
    for p, (benefits, costs) in _spread_by_hand().items():
        np.testing.assert_allclose(res.output("pv_benefits", p, "spread"), benefits, rtol=1e-12)
        np.testing.assert_allclose(res.output("pv_costs", p, "spread"), costs, rtol=1e-12)
        np.testing.assert_allclose(
            res.npv(p), base.npv(p) + benefits - costs, rtol=1e-12, atol=1e-9
        )
    assert res.avoided_outcomes == pytest.approx(base.avoided_outcomes + 0.8)
    assert res.participants == pytest.approx(base.participants + 10)


def test_avoided_outcomes_of_a_level_past_the_horizon_do_not_count():
    # HAND_TOML with lag 4 (horizon 6): the project's cohorts 0 and 1 have their outcomes in
    # years 4 and 5 (assistance starts in the outcome year: booked); the continuation's cohorts
    # 2, 3, 4 would have them in years 6, 7, 8, past the horizon: nothing booked, not counted.
    text = HAND_TOML.replace("lag = 1", "lag = 4") + CONTINUATION.format(p="1.0")
    res = simulate(loads(text), draws=8, seed=1)
    per_cohort = 10 * 0.5 * 0.4 * (1 - 0.5) * 0.8
    counted = 0.0
    for cohort in (0, 1, 2, 3, 4):
        if cohort + 4 < 6:
            counted += per_cohort
    assert counted == pytest.approx(2 * per_cohort)
    np.testing.assert_allclose(res.avoided_outcomes, counted, rtol=1e-12)
    np.testing.assert_array_equal(res.level_count("avoided_outcomes", "continuation"), 0.0)
    np.testing.assert_allclose(res.output("pv_benefits", "society", "continuation"), 0.0)
    assert res.participants == pytest.approx(50.0)  # every cohort's participants still count


def test_spread_scale_copies_the_interventions_participants_and_costs():
    # scale 0.5 of 10 participants = 5 per unit; cost 0.5 x 2000 per unit, split kommun/region.
    scaled = HAND_TOML + "\n[spread]\nunits = 2\nprobability = 1\nyears = 1\nscale = 0.5\n"
    res = simulate(loads(scaled), draws=8, seed=1)
    by_hand = _spread_by_hand()
    np.testing.assert_allclose(
        res.output("pv_benefits", "society", "spread"), by_hand["society"][0], rtol=1e-12
    )
    cost = 2 * 0.5 * 2000 / 1.05**2
    np.testing.assert_allclose(res.output("pv_costs", "kommun", "spread"), cost / 2, rtol=1e-12)
    np.testing.assert_allclose(res.output("pv_costs", "region", "spread"), cost / 2, rtol=1e-12)


def test_spread_probability_gives_the_expected_value_within_mc_error():
    p, n = 0.4, 20_000
    res = simulate(loads(HAND_TOML + SPREAD_GIVEN.format(p=p)), draws=n, seed=2, payback=False)
    benefits, costs = _spread_by_hand()["society"]
    value = benefits - costs
    got = res.npv("society", "spread")
    assert np.all((got == 0.0) | np.isclose(got, value, rtol=1e-12))
    assert abs(got.mean() - p * value) < 4 * abs(value) * np.sqrt(p * (1 - p) / n)
    np.testing.assert_allclose(res.output("npv", "society", "spread", if_occurs=True), value)


def test_json_levels_block_and_v1_keys_for_plain_scenarios():
    plain = simulate(loads(HAND_TOML), draws=16, seed=1, payback=False).to_dict()
    assert plain["levels"]["included"] == ["project"]
    assert plain["levels"]["project"]["society"]["npv"] == plain["perspectives"]["society"]["npv"]
    doc = simulate(loads(HAND_TOML + SPREAD_GIVEN.format(p=0.5)), draws=64, seed=1).to_dict()
    lv = doc["levels"]
    assert lv["included"] == ["project", "spread"]
    assert lv["total"]["society"]["npv"] == doc["perspectives"]["society"]["npv"]
    assert 0.0 < lv["spread"]["prob_occurs"] < 1.0
    assert "npv_if_occurs" in lv["spread"]["society"]


# ---------------------------------------------------------------------------------------------
# yearly flows of all levels: the payback walk against the closed form, chunks and threads

BOTH_LEVELS = _with('{ dist = "uniform", min = 0.2, max = 0.8 }') + SPREAD_GIVEN.format(p=0.5)


def test_yearly_walk_of_all_levels_equals_the_closed_form():
    sc = loads(BOTH_LEVELS)
    res = simulate(sc, draws=5000, seed=7)
    assert res.levels == ("project", "continuation", "spread")
    assert 0.0 < res.prob_occurs("continuation") < 1.0 and 0.0 < res.prob_occurs("spread") < 1.0
    cum = res.cumulative_sample  # (m, Q, H): every level, gated by its event, year by year
    npv = res.pv_benefits - res.pv_costs  # realised closed-form totals
    np.testing.assert_allclose(cum[:, :, -1], npv, rtol=1e-9, atol=1e-9 * np.abs(npv).max())
    # The payback year is the first year from the first cost on with a cumulative net >= 0.
    start = compile_model(sc).first_cost_year
    reached = cum[:, :, start:] >= 0
    expected = np.where(reached.any(axis=2), reached.argmax(axis=2) + start, np.nan)
    expected[res.pv_costs <= 0] = np.nan
    assert res.payback_year.dtype == np.float32
    np.testing.assert_array_equal(res.payback_year, expected)


# A foundation funds the project (years 0-1); kommun pays only the continuation (years 2-3,
# in the draws where it happens) and gains the avoided care of every cohort.
# R = 10 * 0.5 = 5; A = 5 * 0.4 * 0.5 = 1 per cohort, outcome in year c + 1, care 100 for 3 years.
LATE_CONTINUATION_TOML = """
[scenario]
title = "Continuation paid by the municipality"
price_year = 2024
horizon_years = 10
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
annual = 1000

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
  share = 1.0
  annual = 100
  start = 0
  duration = 3

[continuation]
probability = 0.5
years = 2
annual_cost = 500
payer = "kommun"
"""


def test_payback_of_a_payer_of_the_continuation_only_counts_from_its_first_cost():
    res = simulate(loads(LATE_CONTINUATION_TOML), draws=2000, seed=4)
    occurs = res.level_occurs[:, res.levels.index("continuation")].astype(bool)
    assert 0.3 < occurs.mean() < 0.7

    def by_loop(continued: bool) -> float:
        gains, costs = np.zeros(10), np.zeros(10)
        for cohort in (0, 1, 2, 3) if continued else (0, 1):
            for t in range(cohort + 1, cohort + 4):
                gains[t] += 1.0 * 100
        if continued:
            costs[2] = costs[3] = 500
        first, cumulative = None, 0.0
        for t in range(10):
            cumulative += (gains[t] - costs[t]) / 1.05**t
            if first is None and costs[t] > 0:
                first = t
            if first is not None and cumulative >= 0:
                return float(t)
        return np.nan

    # continued: 95.2 in year 1 (before kommun pays), -176.9, -349.7, -102.9, +53.8 -> year 5;
    # not continued: kommun pays nothing, so it has no payback year (not "year 0").
    assert by_loop(True) == 5.0 and np.isnan(by_loop(False))
    for p in ("kommun", "public_sector"):
        pay = res.output("payback_year", p)
        np.testing.assert_array_equal(pay[occurs], by_loop(True))
        assert np.isnan(pay[~occurs]).all()
    assert res.to_dict()["perspectives"]["kommun"]["payback_year"]["prob_within_horizon"] == (
        pytest.approx(occurs.mean(), abs=0)
    )


def test_levels_are_identical_whatever_the_blocks_and_threads():
    from concurrent.futures import ThreadPoolExecutor

    sc = loads(BOTH_LEVELS)
    a = simulate(sc, draws=70_000, seed=3)
    b = simulate(sc, draws=70_000 + 5, seed=3)
    with ThreadPoolExecutor(max_workers=2) as pool:
        c = simulate(sc, draws=70_000, seed=3, executor=pool)
    assert a.to_json() == c.to_json()
    np.testing.assert_array_equal(a.cumulative_sample, b.cumulative_sample)
    for name in ("payback_year", "pv_costs", "level_pv_benefits", "level_occurs"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name)[:70_000])
        np.testing.assert_array_equal(getattr(a, name), getattr(c, name))


# ---------------------------------------------------------------------------------------------
# validation


@pytest.mark.parametrize(
    ("extra", "path", "words"),
    [
        (
            CONTINUATION.format(p=0.5).replace("years = 3", "yeras = 3"),
            "continuation.yeras",
            "did you mean 'years'",
        ),
        (CONTINUATION.format(p=1.5), "continuation.probability", "[0, 1]"),
        (
            CONTINUATION.format(p=0.5).replace('payer = "kommun"', 'payer = "komun"'),
            "continuation.payer",
            "did you mean 'kommun'",
        ),
        (
            CONTINUATION.format(p=0.5).replace('payer = "kommun"\n', ""),
            "continuation.payer",
            "missing required key",
        ),
        (
            "\n[spread]\nunits = 1\nprobability = 0.5\nyears = 2\nlag = 30\n",
            "spread.lag",
            "after the horizon",
        ),
        (
            "\n[spread]\nunits = 1\nprobability = 0.5\nyears = 2\nscale = 1\nparticipants_per_year = 3\n",
            "spread.scale",
            "not both",
        ),
        (
            "\n[spread]\nunits = 1\nprobability = 0.5\nyears = 2\nannual_cost = 5\n",
            "spread.payer",
            "go together",
        ),
        ("\n[spread]\nunits = -1\nprobability = 0.5\nyears = 2\n", "spread.units", ">= 0"),
    ],
)
def test_bad_levels_name_the_key_path(extra, path, words):
    with pytest.raises(ScenarioError) as info:
        loads(UNCERTAIN_TOML + extra, file="s.toml")
    assert info.value.path == path
    assert words in str(info.value)


def test_level_parameters_are_addressable_and_correlatable():
    sc = loads(
        _with('{ dist = "beta", mean = 0.5, sd = 0.2 }')
        + '\n[[correlations]]\nbetween = ["continuation.probability", "logic.completes.share"]\nrho = 0.5\n'
    )
    assert "continuation.probability" in sc.uncertain_parameters
    assert sc.levels == ("project", "continuation")
    assert sc.events == ("continuation.occurs",)


# ---------------------------------------------------------------------------------------------
# terminal output and the catalogue


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "sv",
            [
                "Det finansierade projektet",
                "Fortsättning i ordinarie verksamhet",
                "Totalt",
                "Om metoden lever vidare:",
            ],
        ),
        (
            "en",
            [
                "The funded project",
                "Continuation in ordinary operations",
                "Total",
                "If the method continues:",
            ],
        ),
    ],
)
def test_run_shows_the_levels_on_separate_lines(tmp_path, lang, words):
    from click.testing import CliRunner

    from sekalk.cli import main
    from sekalk.report.text import render_run

    res = simulate(loads(_with("0.5")), draws=2_000, seed=1)
    text = render_run(res, lang)
    for w in words:
        assert w in text
    # The levels table: the project's mean NPV is printed as computed.
    from sekalk.report.i18n import fmt_money

    assert fmt_money(res.stats("npv", "society", "project")["mean"], lang) in text
    p = tmp_path / "s.toml"
    p.write_text(UNCERTAIN_TOML, encoding="utf-8")
    plain = CliRunner().invoke(main, ["run", str(p), "--draws", "500", "--lang", lang])
    assert plain.exit_code == 0
    assert words[0] not in plain.output  # no levels section without the tables


def test_level_parameters_can_be_overridden():
    from sekalk.scenario.overrides import apply_sets

    sc = loads(_with("0.5") + "\n[spread]\nunits = 2\nprobability = 0.2\nyears = 2\nscale = 1\n")
    new = apply_sets(
        sc,
        [
            "continuation.probability=0.9",
            "continuation.annual_cost=2e6",
            "spread.units=3",
            "spread.scale=0.5",
        ],
    )
    assert new.continuation.probability.mean == 0.9
    assert new.continuation.annual_cost.mean == 2e6
    assert new.spread.units.mean == 3 and new.spread.scale.mean == 0.5
    with pytest.raises(ScenarioError, match=r"\[0, 1\]"):
        apply_sets(sc, ["spread.probability=1.5"])


def test_without_the_event_draw_a_level_counts_in_expectation():
    from sekalk import engine

    sc = loads(HAND_TOML + SPREAD_GIVEN.format(p=0.25))
    model = engine.compile_model(sc)
    values = {p.id: p.distribution.median for p in sc.iter_parameters()}
    out = engine.evaluate(model, values, 1, yearly=False)
    benefits, costs = _spread_by_hand()["society"]
    q = model.perspectives.index("society")
    base = engine.evaluate(engine.compile_model(loads(HAND_TOML)), values, 1, yearly=False)
    assert out.pv_benefits[0, q] - base.pv_benefits[0, q] == pytest.approx(0.25 * benefits)
    assert out.pv_costs[0, q] - base.pv_costs[0, q] == pytest.approx(0.25 * costs)


def test_sensitivity_runs_on_a_scenario_with_levels():
    from sekalk.sensitivity_analysis import sensitivity

    sc = loads(_with('{ dist = "uniform", min = 0.2, max = 0.8 }'))
    res = sensitivity(sc, draws=500, methods=("tornado", "rank"))
    (prob,) = [p for p in res.parameters if p.id == "continuation.probability"]
    # At fixed values the continuation counts in expectation, so the NPV is linear in p: the
    # slope is the continuation's NPV at the base values (probability 1 minus probability 0).
    from sekalk import engine

    model = engine.compile_model(sc)
    base = {
        pid: float(d.median) for pid, d in ((p.id, p.distribution) for p in sc.iter_parameters())
    }
    q = model.perspectives.index("society")

    def npv(p: float) -> float:
        out = engine.evaluate(model, {**base, "continuation.probability": p}, 1, yearly=False)
        return float(out.pv_benefits[0, q] - out.pv_costs[0, q])

    slope = npv(1.0) - npv(0.0)
    t = prob.tornado
    assert t.npv_high - t.npv_low == pytest.approx(slope * (t.high_value - t.low_value), rel=1e-9)


def test_level_counts_add_up_to_the_totals():
    res = simulate(
        loads(_with("0.5") + SPREAD_GIVEN.format(p=0.5).replace("[spread]", "[spread]")),
        draws=2_000,
        seed=3,
    )
    for what in ("avoided_outcomes", "participants"):
        parts = sum(res.level_count(what, lv) for lv in res.levels)
        np.testing.assert_allclose(parts, res.level_count(what), rtol=1e-12)
    # Continuation participants: 3 cohorts of the intervention's participants, when it happens.
    occurs = res.level_occurs[:, 1]
    np.testing.assert_array_equal(
        res.level_count("participants", "continuation"),
        occurs * res.parameters["intervention.participants_per_year"] * 3,
    )
    doc = res.to_dict()["levels"]
    assert doc["spread"]["participants"]["mean"] == pytest.approx(
        float(res.level_count("participants", "spread").mean())
    )


def test_a_level_without_its_own_label_is_named_in_the_readers_language():
    """The loader keeps no translated default; each face names the level in its language."""
    import json
    import tomllib

    import sekalk
    from sekalk.result import parameter_label

    doc = tomllib.loads((ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml").read_text("utf-8"))
    for level in ("continuation", "spread"):
        doc[level].pop("label", None)  # the file's own labels are its authors' words
    sc = sekalk.scenario.loads(json.dumps(doc), fmt="json")
    assert sc.continuation.label == "" and sc.spread.label == ""
    param = sc.parameters["continuation.probability"]
    assert parameter_label(param, "en") == "Continuation in ordinary operations: probability"
    assert parameter_label(param, "sv").startswith("Fortsättning i ordinarie verksamhet: ")
    assert parameter_label(sc.parameters["spread.units"], "en").startswith(
        "Spread to other units: "
    )
