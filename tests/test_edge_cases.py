"""Numerical edge cases: zero costs, nothing avoided, r = 0, horizon shorter than the lag,
huge amounts, drop-off 1, growth near -1, share 0. Numbers are checked against a hand
calculation written out year by year below; no NaN or infinity ever reaches the output."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.report.i18n import fmt_pct, t
from sekalk.report.labels import breakeven_reason
from sekalk.result import BreakevenReason
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import HAND_TOML

NAN_INF = re.compile(r"(?i)\b(nan|inf|infinity)\b")


def hand(
    *,
    r=0.05,
    horizon=6,
    cost=2000.0,
    p=10,
    step=0.5,
    risk=0.4,
    rr=0.5,
    attribution=0.8,
    dropoff=0.1,
    lag=1,
    care=1000.0,
    growth=0.02,
    assistance=500.0,
):
    """The HAND_TOML scenario by the arithmetic of DESIGN.md, one year and cohort at a time.

    Returns (pv_costs, society pv_benefits, kommun pv_benefits, avoided outcomes).
    """
    costs = benefits = kommun = avoided = 0.0
    for t_ in (0, 1):  # staff cost, years [0, 1]
        costs += cost / (1 + r) ** t_
    for c in (0, 1):  # cohorts
        a = p * step * risk * (1 - rr) * attribution
        o = c + lag
        if o < horizon:  # assistance starts in the outcome year: booked, so it counts
            avoided += a
        for t_ in range(horizon):
            d = 1 / (1 + r) ** t_
            if t_ >= o:
                keep = (1 - dropoff) ** (t_ - o) if t_ > o else 1.0
                if o + 1 <= t_ < o + 3:  # care: resource (region), share 0.5, start 1, dur 2
                    benefits += a * keep * 0.5 * care * (1 + growth) ** t_ * d
                kommun += a * keep * assistance * d  # transfer kommun -> individ, to horizon
    return costs, benefits, kommun, avoided


def scenario(**subs):
    text = HAND_TOML
    for old, new in subs.values():
        assert old in text, old
        text = text.replace(old, new)
    return text


CASES = {
    "zero_cost": ({"c": ("annual = 2000", "annual = 0")}, {"cost": 0.0}),
    "nothing_avoided": ({"e": ("relative_risk = 0.5", "relative_risk = 1.0")}, {"rr": 1.0}),
    "discount_zero": ({"r": ("discount_rate = 0.05", "discount_rate = 0.0")}, {"r": 0.0}),
    "lag_beyond_horizon": ({"l": ("lag = 1", "lag = 10")}, {"lag": 10}),
    "huge_amounts": (
        {"a": ("annual = 1000\n", "annual = 1e15\n"), "b": ("annual = 2000", "annual = 1e15")},
        {"care": 1e15, "cost": 1e15},
    ),
    "dropoff_one": ({"d": ("dropoff = 0.1", "dropoff = 1.0")}, {"dropoff": 1.0}),
    "growth_near_minus_one": (
        {"g": ("growth = 0.02", "growth = -0.99999999")},
        {"growth": -0.99999999},
    ),
    "share_zero": ({"s": ("share = 0.5\n", "share = 0.0\n")}, {"step": 0.0}),
    "no_participants": (
        {"p": ("participants_per_year = 10", "participants_per_year = 0")},
        {"p": 0},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_edge_case_matches_hand_calculation(name):
    subs, params = CASES[name]
    res = simulate(loads(scenario(**subs), file=f"{name}.toml"), 64, seed=1)
    costs, benefits, kommun, avoided = hand(**params)
    q = res.perspectives.index
    for arr in (res.pv_costs, res.pv_benefits):
        assert np.all(np.isfinite(arr))
    np.testing.assert_allclose(res.pv_costs[:, q("society")], costs, rtol=1e-12)
    np.testing.assert_allclose(res.pv_benefits[:, q("society")], benefits, rtol=1e-9, atol=1e-9)
    if "kommun" in res.perspectives:
        np.testing.assert_allclose(res.pv_benefits[:, q("kommun")], kommun, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(res.avoided_outcomes, avoided, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_nan_or_infinity_in_any_output(name, lang, tmp_path):
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario(**CASES[name][0]), encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(main, ["run", str(path), "--draws", "64", "--lang", lang])
    js = runner.invoke(main, ["run", str(path), "--draws", "64", "--json", "-"])
    assert text.exit_code == 0 and js.exit_code == 0, text.output + js.output
    assert not NAN_INF.search(text.output), text.output
    assert not NAN_INF.search(js.stdout)
    json.loads(js.stdout)  # strict JSON


def test_zero_cost_gives_null_bcr_not_infinity():
    res = simulate(loads(scenario(**CASES["zero_cost"][0])), 32)
    doc = res.to_dict()
    assert set(doc["perspectives"]["society"]["bcr"].values()) == {None}
    assert set(doc["perspectives"]["society"]["roi"].values()) == {None}
    assert doc["breakeven"]["successes_needed"]["p50"] == 0.0  # nothing to pay back
    assert doc["breakeven"]["reason"] is None


@pytest.mark.parametrize("name", ["nothing_avoided", "share_zero", "no_participants"])
def test_nothing_avoided_gives_a_reason(name):
    res = simulate(loads(scenario(**CASES[name][0])), 32)
    doc = res.to_dict()
    assert doc["breakeven"]["successes_needed"]["p50"] is None
    assert doc["breakeven"]["prob_defined"] == 0.0
    assert doc["breakeven"]["reason"] == t("robust.breakeven_no_avoided", "en")
    assert res.breakeven_undefined() == BreakevenReason("no_avoided")  # a code, no words
    from sekalk.report.text import render_run

    assert t("robust.breakeven_no_avoided", "sv") in render_run(res, "sv")


def test_lag_beyond_horizon_has_no_benefits_and_no_payback():
    res = simulate(loads(scenario(**CASES["lag_beyond_horizon"][0])), 16)
    assert np.all(res.pv_benefits == 0.0)
    assert np.all(np.isnan(res.payback_year))
    doc = res.to_dict()
    assert doc["perspectives"]["society"]["payback_year"]["p50"] is None
    assert doc["perspectives"]["society"]["payback_year"]["prob_within_horizon"] == 0.0
    # avoided outcomes exist but fall outside the horizon: they do not count, and the reason
    # says where they are (not "the intervention avoids no adverse outcomes")
    assert np.all(res.avoided_outcomes == 0.0)
    assert doc["breakeven"]["reason"] == t("robust.breakeven_past_horizon", "en", horizon=6)
    assert t("robust.breakeven_no_avoided", "en") not in doc["breakeven"]["reason"]
    assert res.breakeven_undefined() == BreakevenReason("past_horizon", horizon=6)


def test_partly_undefined_breakeven_is_reported():
    text = scenario(
        e=("relative_risk = 0.5", 'relative_risk = { dist = "uniform", min = 0.5, max = 1.5 }')
    )
    res = simulate(loads(text), 4000, seed=2)
    share = float(np.mean(~np.isfinite(res.successes_needed)))
    assert 0.4 < share < 0.6  # P(rr > 1) = 0.5; 4000 draws: sd 0.008
    reason = res.to_dict()["breakeven"]["reason"]
    assert reason.startswith("Break-even is undefined in ") and "no avoided outcomes" in reason
    # the reason is a code and numbers; each language words it from the same record
    code = res.breakeven_undefined()
    assert code == BreakevenReason("partly", share=share, why=("no_avoided",))
    for lang in ("sv", "en"):
        assert breakeven_reason(code, lang) == t(
            "robust.breakeven_partly",
            lang,
            share=fmt_pct(share, lang),
            why=t("robust.why_no_avoided", lang),
        )
        assert res.breakeven_reason(lang) == breakeven_reason(code, lang)


def test_hand_calculation_is_itself_right():
    """A spot check of the hand function against a figure worked out on paper:
    at r = 0 the cost is 2 x 2000 and each cohort avoids 10 x 0.5 x 0.4 x 0.5 x 0.8 = 0.8."""
    costs, _, kommun, avoided = hand(r=0.0, dropoff=0.0)
    assert costs == 4000.0
    assert math.isclose(avoided, 1.6)
    # assistance: cohort 0 from year 1 to 5 (5 years), cohort 1 from year 2 (4 years)
    assert math.isclose(kommun, 0.8 * 500 * 5 + 0.8 * 500 * 4)
