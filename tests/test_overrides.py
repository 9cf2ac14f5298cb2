"""Overrides, overlays and evidence-based widening of scenarios."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sekalk.distributions import Fixed, Normal, Triangular, Uniform
from sekalk.errors import ScenarioError
from sekalk.scenario import loads
from sekalk.scenario.loader import PARAMETER_BOUNDS
from sekalk.scenario.overrides import apply_overlay, apply_sets, parse_set
from sekalk.scenario.widen import WidenRule, widen, widen_distribution
from sekalk.simulation import simulate
from tests.conftest import sv_numbers

from .conftest import HAND_TOML, UNCERTAIN_TOML


def hand_society_npv(participants: float, relative_risk: float) -> float:
    """Society NPV of HAND_TOML written out (transfers cancel; only 'care' counts).

    Per cohort c in {0, 1}: avoided A = P * 0.5 (completes) * 0.4 (baseline) * (1 - RR) * 0.8
    (attribution), outcome year o = c + 1; care is incurred in years o+1 and o+2 (start 1,
    duration 2) by half of them at 1000 a year growing 2 % a year, the effect lapsing 10 % a
    year; discounting at 5 %. Costs: 2000 in years 0 and 1.
    """
    avoided = participants * 0.5 * 0.4 * (1 - relative_risk) * 0.8
    benefits = 0.0
    for c in (0, 1):
        o = c + 1
        for t in (o + 1, o + 2):
            benefits += avoided * 0.9 ** (t - o) * 0.5 * 1000 * 1.02**t / 1.05**t
    costs = 2000 + 2000 / 1.05
    return benefits - costs


def test_set_fixed_values_reproduce_hand_calculation(hand_scenario):
    sc = apply_sets(
        hand_scenario,
        [
            "intervention.participants_per_year=20",
            'outcomes.fail.effect={dist="fixed", value=0.25}',
        ],
    )
    res = simulate(sc, draws=4, seed=0)
    np.testing.assert_allclose(res.npv(), hand_society_npv(20, 0.25), rtol=1e-12)
    # the unmodified scenario still gives its own hand value
    np.testing.assert_allclose(
        simulate(hand_scenario, draws=2, seed=0).npv(), hand_society_npv(10, 0.5), rtol=1e-12
    )
    assert [(o.id, o.origin) for o in sc.overrides] == [
        ("intervention.participants_per_year", "--set"),
        ("outcomes.fail.effect", "--set"),
    ]
    assert sc.overrides[0].original == Fixed(10.0) and sc.overrides[0].value == Fixed(20.0)


def test_with_overrides_is_immutable_and_accepts_distributions(hand_scenario):
    new = hand_scenario.with_overrides(
        {"logic.completes.share": Uniform(min=0.4, max=0.6, evidence="research")}
    )
    assert hand_scenario.parameters["logic.completes.share"].distribution == Fixed(0.5)
    assert hand_scenario.overrides == ()
    assert new.parameters["logic.completes.share"].distribution == Uniform(
        min=0.4, max=0.6, evidence="research"
    )
    assert new.overrides[0].origin == "api"
    # overrides are provenance: the same parameters make equal scenarios
    back = new.with_overrides({"logic.completes.share": 0.5})
    assert back == hand_scenario and len(back.overrides) == 2


def test_effect_form_can_change(hand_scenario):
    new = hand_scenario.with_overrides({"outcomes.fail.effect": {"risk_difference": 0.1}})
    eff = new.outcomes[0].effect
    assert eff.form == "risk_difference" and eff.value == Fixed(0.1)
    with pytest.raises(ScenarioError, match="risk difference must lie in"):
        hand_scenario.with_overrides({"outcomes.fail.effect": {"risk_difference": 1.5}})


def test_override_validates_domain_like_loader(hand_scenario):
    # the same message the loader gives for the same value in a file
    with pytest.raises(ScenarioError) as via_override:
        hand_scenario.with_overrides(
            {"logic.completes.share": {"dist": "uniform", "min": 0.5, "max": 1.2}}
        )
    bad = HAND_TOML.replace(
        "share = 0.5\n", 'share = { dist = "uniform", min = 0.5, max = 1.2 }\n', 1
    )
    with pytest.raises(ScenarioError) as via_loader:
        loads(bad)
    assert via_override.value.message == via_loader.value.message
    assert via_override.value.path == "logic.completes.share"


def test_unknown_id_lists_valid_ids_with_hint(hand_scenario):
    with pytest.raises(ScenarioError) as err:
        hand_scenario.with_overrides({"outcomes.fail.efect": 0.5})
    msg = str(err.value)
    assert "did you mean 'outcomes.fail.effect'" in msg
    assert all(pid in msg for pid in hand_scenario.parameters)


def test_parse_set_uses_toml_never_eval():
    assert parse_set("a.b=0.9") == ("a.b", 0.9)
    assert parse_set('a.b={dist="uniform", min=1, max=2}') == (
        "a.b",
        {"dist": "uniform", "min": 1, "max": 2},
    )
    for bad in ("a.b", "=3", "a.b=__import__('os')", "a.b=1+1"):
        with pytest.raises(ScenarioError):
            parse_set(bad)


def test_fixing_a_correlated_parameter_drops_its_correlation(uncertain_scenario):
    assert len(uncertain_scenario.correlations) == 1
    new = uncertain_scenario.with_overrides({"outcomes.fail.effect": 0.8})
    assert new.correlations == ()
    kept = uncertain_scenario.with_overrides(
        {"outcomes.fail.effect": {"dist": "uniform", "min": 0.6, "max": 0.9}}
    )
    assert kept.correlations == uncertain_scenario.correlations


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_overlays_apply_in_order_with_metadata(tmp_path, hand_scenario):
    first = write(
        tmp_path / "a.toml",
        """
[[override]]
id = "outcomes.fail.baseline_risk"
value = 0.3
evidence = "research"
source = "Registerdata 2019"
note = "Lower risk in this municipality"
""",
    )
    second = write(
        tmp_path / "b.toml",
        """
title = "Second opinion"
[[override]]
id = "outcomes.fail.baseline_risk"
value = { dist = "uniform", min = 0.2, max = 0.3 }
""",
    )
    sc = apply_overlay(apply_overlay(hand_scenario, first), second)
    o1, o2 = sc.overrides
    assert (o1.origin, o2.origin) == (str(first), str(second))
    assert o1.original == Fixed(0.4)
    assert o1.value == Fixed(
        0.3, evidence="research", source="Registerdata 2019", note="Lower risk in this municipality"
    )
    assert o2.original == o1.value  # the second overlay sees the first's value
    assert sc.parameters["outcomes.fail.baseline_risk"].distribution == Uniform(min=0.2, max=0.3)
    d = o1.to_dict()
    assert d == {
        "id": "outcomes.fail.baseline_risk",
        "original": {"dist": "fixed", "value": 0.4},
        "value": {
            "dist": "fixed",
            "value": 0.3,
            "evidence": "research",
            "source": "Registerdata 2019",
            "note": "Lower risk in this municipality",
        },
        "evidence": "research",
        "source": "Registerdata 2019",
        "note": "Lower risk in this municipality",
        "origin": str(first),
    }


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (
            '[[override]]\nid = "logic.completes.share"\nvalue = 0.5\n'
            '[[override]]\nid = "logic.completes.share"\n'
            'value = { dist = "uniform", min = -0.1, max = 0.5 }\n',
            "override#2.value",
            "a share must lie in [0, 1]",
        ),
        (
            '[[override]]\nid = "logic.completes.share"\n'
            'value = { dist = "uniform", min = "a", max = 0.5 }\n',
            "override#1.value.min",
            "expected",
        ),
        (
            '[[override]]\nid = "logic.complete.share"\nvalue = 0.5\n',
            "override#1.id",
            "did you mean",
        ),
        (
            '[[override]]\nid = "logic.completes.share"\n',
            "override#1.value",
            "missing required key",
        ),
        (
            '[[override]]\nid = "logic.completes.share"\nvalue = 1\nwhy = "x"\n',
            "override#1.why",
            "unknown key",
        ),
        (
            '[[override]]\nid = "logic.completes.share"\nvalue = 1\nevidence = "gut"\n',
            "override#1.evidence",
            "evidence",
        ),
        ('[[overide]]\nid = "x"\nvalue = 1\n', "overide", "did you mean 'override'"),
    ],
)
def test_overlay_errors_name_file_and_key_path(tmp_path, hand_scenario, text, path, message):
    f = write(tmp_path / "overlay.toml", text)
    with pytest.raises(ScenarioError) as err:
        apply_overlay(hand_scenario, f)
    assert err.value.file == str(f)
    assert err.value.path == path
    assert message in err.value.message


# ------------------------------------------------------------------------------ widening


def test_widen_fixed_assumption_to_documented_triangle():
    b = PARAMETER_BOUNDS["cost.annual"]
    got = widen_distribution(Fixed(1000.0, evidence="assumption"), 0.25, b)
    assert got == Triangular(min=750.0, mode=1000.0, max=1250.0, evidence="assumption")
    # clipped to the domain of a share
    got = widen_distribution(Fixed(0.9), 0.25, PARAMETER_BOUNDS["logic.share"])
    assert (got.min, got.mode, got.max) == pytest.approx((0.675, 0.9, 1.0))
    assert widen_distribution(Fixed(0.0), 0.25, b) is None


def test_widen_distribution_quantiles_move_by_factor():
    b = PARAMETER_BOUNDS["consequence.annual"]
    for dist in (Uniform(min=100.0, max=200.0), Normal(mu=5.0, sigma=2.0)):
        new = widen_distribution(dist, 0.25, b)
        m = dist.median
        for q in (0.05, 0.3, 0.95):
            assert new.quantile(q) - m == pytest.approx(1.25 * (dist.quantile(q) - m), rel=1e-9)
    # a triangular keeps the mode the author wrote: min and max 1.25 times as far from it
    new = widen_distribution(Triangular(min=100.0, mode=120.0, max=200.0), 0.25, b)
    assert (new.min, new.mode, new.max) == (120.0 - 1.25 * 20.0, 120.0, 120.0 + 1.25 * 80.0)


def test_widen_by_evidence_grade_leaves_research_and_overrides(uncertain_scenario):
    sc = uncertain_scenario.with_overrides(
        {
            "intervention.costs.staff.annual": {
                "dist": "fixed",
                "value": 2e6,
                "evidence": "assumption",
            },
            "outcomes.fail.baseline_risk": {
                "dist": "uniform",
                "min": 0.2,
                "max": 0.3,
                "evidence": "research",
            },
        }
    )
    rule = WidenRule(research=0.0, experience=0.1, assumption=0.25, none=0.2)
    out = widen(sc, rule)
    widened = {o.id: o for o in out.overrides if o.origin == "widen"}
    # research-graded values and the evaluator's own overrides are untouched
    assert "outcomes.fail.baseline_risk" not in widened
    assert "intervention.costs.staff.annual" not in widened
    assert "scenario.discount_rate" not in widened  # excluded by default
    # experience: ±10 % of the distance to the median; ungraded fixed amount: ±20 %
    share = widened["logic.completes.share"]
    assert share.value.sd > share.original.sd
    # mean kept up to the rounding of alpha and beta to 4 significant digits (each moves
    # by at most 5e-4 relative, so the mean by at most ~1e-3 relative)
    assert share.value.mean == pytest.approx(share.original.mean, rel=1e-3)
    school = widened["outcomes.fail.consequences.school.annual"].value
    assert (school.min, school.mode, school.max) == pytest.approx((-144000, -120000, -96000))
    assert sv_numbers("20 %") in school.note
    # every widened value stays in its domain (the override re-validates it)
    for o in widened.values():
        assert np.isfinite(o.value.quantile(0.5))


def test_widen_rule_file(tmp_path):
    f = write(tmp_path / "rule.toml", "assumption = 0.5\nnone = 0.1\nexclude = []\n")
    rule = WidenRule.from_file(f)
    assert dataclasses.astuple(rule) == (0.0, 0.1, 0.5, 0.1, ())
    bad = write(tmp_path / "bad.toml", "assumptoin = 0.5\n")
    with pytest.raises(ScenarioError, match="did you mean 'assumption'") as err:
        WidenRule.from_file(bad)
    assert err.value.file == str(bad)
    neg = write(tmp_path / "neg.toml", "assumption = -1\n")
    with pytest.raises(ScenarioError, match=r"relative width in \[0, 10\]"):
        WidenRule.from_file(neg)


def test_every_set_and_overlay_problem_is_reported_at_once(tmp_path):
    from sekalk.errors import ScenarioErrors
    from sekalk.scenario.overrides import apply_all

    sc = loads(UNCERTAIN_TOML)
    overlay = tmp_path / "o.toml"
    overlay.write_text(
        '[[override]]\nid = "outcomes.fail.baseline_risk"\nvalue = 25\n', encoding="utf-8"
    )
    sets = ["nope=3", "outcomes.fail.baseline_risk=2", "scenario.discount_rate=0.03"]
    with pytest.raises(ScenarioErrors) as err:
        apply_all(sc, overlays=[overlay], sets=sets)
    paths = [e.path for e in err.value.errors]
    # the overlay's problem, then both bad --set values; the good one is no problem
    assert len(paths) == 3
    assert paths[0].startswith("override#1.value")
    assert "nope" in paths[1] and paths[2] == "outcomes.fail.baseline_risk"


@pytest.mark.parametrize(
    ("arg", "code", "en", "sv"),
    [
        (
            "logic.completes.share=0,5",
            "error.set.decimal_comma",
            "write decimals with a point (0.5), not a comma (0,5)",
            "skriv decimaler med punkt (0.5), inte med komma (0,5)",
        ),
        (
            "intervention.participants_per_year=1 500",
            "error.set.thousands_separator",
            "write 1500 without spaces (or 1_500 with underscores)",
            "skriv 1500 utan mellanslag (eller 1_500 med understreck)",
        ),
        (
            "logic.completes.share=50%",
            "error.set.percent_sign",
            "as fractions without a percent sign: 0.5",
            "som decimaltal utan procenttecken: 0.5",
        ),
    ],
)
def test_set_number_slips_get_the_loaders_advice(uncertain_scenario, arg, code, en, sv):
    with pytest.raises(ScenarioError) as info:
        apply_sets(uncertain_scenario, [arg])
    err = info.value
    assert err.code == code and err.path is None and err.params["id"] == arg.split("=")[0]
    assert en in err.text("en") and sv in err.text("sv")
    assert err.text("en").startswith(f"--set {arg.split('=')[0]}: ")
    # anything else still names the value, as before
    with pytest.raises(ScenarioError) as info:
        parse_set("logic.completes.share=0.5.5")
    assert info.value.code == "error.set.value" and info.value.hint is None


def test_cli_set_decimal_comma_advice_in_both_languages(tmp_path):
    from click.testing import CliRunner

    from sekalk.cli import main

    sc = tmp_path / "u.toml"
    sc.write_text(UNCERTAIN_TOML, encoding="utf-8")
    args = ["run", str(sc), "--draws", "10", "--set", "logic.completes.share=0,5"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "skriv decimaler med punkt (0.5)" in res.output  # the scenario is Swedish
    assert str(sc) in res.output
    res = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert res.exit_code == 2 and "write decimals with a point (0.5)" in res.output


def test_apply_evaluator_overlays_sets_and_widening_in_order(uncertain_scenario, tmp_path):
    from sekalk.scenario.overrides import apply_evaluator

    overlay = tmp_path / "o.toml"
    overlay.write_text(
        '[[override]]\nid = "logic.completes.share"\nvalue = 0.6\n', encoding="utf-8"
    )
    sc = apply_evaluator(
        uncertain_scenario, overlays=[overlay], sets=["logic.completes.share=0.55"]
    )
    # the --set comes after the overlay: it wins
    assert sc.parameters["logic.completes.share"].distribution == Fixed(0.55)
    assert [o.origin for o in sc.overrides] == [str(overlay), "--set"]
    widened = apply_evaluator(uncertain_scenario, widen=True)
    assert widened == widen(uncertain_scenario, None, lang="sv")
    # every problem at once; a --set problem names the scenario it was applied to
    with pytest.raises(ScenarioError) as info:
        apply_evaluator(uncertain_scenario, sets=["x.y=1", "logic.completes.share=0,5"])
    assert [e.code for e in info.value.errors] == [
        "error.parameter.unknown_all",
        "error.set.decimal_comma",
    ]
    assert all(e.file == "uncertain.toml" for e in info.value.errors)
