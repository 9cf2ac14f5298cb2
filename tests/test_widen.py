"""Widening: rounded parameters within the domain, notes in the scenario's language."""

from __future__ import annotations

import glob
import math

import pytest

from sekalk.distributions import Beta, Lognormal, Pert, Uniform, round_sig
from sekalk.scenario import load
from sekalk.scenario.loader import PARAMETER_BOUNDS, bounds_kind
from sekalk.scenario.widen import WidenRule, round_widened, widen, widen_distribution
from tests.conftest import sv_numbers

SHARE = PARAMETER_BOUNDS["logic.share"]
AMOUNT = PARAMETER_BOUNDS["cost.annual"]


def test_round_sig_by_hand():
    assert round_sig(588725.6247898764, 4) == 588700.0
    assert round_sig(0.18125000000000002, 4) == 0.1813
    assert round_sig(0.36874999999999997, 4) == 0.3687
    assert round_sig(-0.14384103622589045, 4) == -0.1438
    assert round_sig(29.200000000000003, 6) == 29.2
    assert round_sig(0.0, 4) == 0.0 and math.isinf(round_sig(math.inf, 4))


def test_the_reported_noise_is_rounded_to_4_digits():
    # uniform(0.2, 0.35) widened by 25 % about its median 0.275: 0.275 -+ 1.25 * 0.075
    old = Uniform(min=0.2, max=0.35)
    new = widen_distribution(old, 0.25, SHARE)
    assert (new.min, new.max) == pytest.approx((0.18125, 0.36875), rel=1e-14)
    assert round_widened(new, old, SHARE).describe() == "uniform(0.1813, 0.3687)"
    old = Pert(min=600000.0, mode=700000.0, max=900000.0)
    noisy = Pert(min=588725.6247898764, mode=698725.6247898764, max=918725.6247898764)
    assert round_widened(noisy, old, AMOUNT).describe() == "pert(588700, 698700, 918700)"


def test_lognormal_written_as_p05_p95_stays_p05_p95():
    # sigma x 1.25 about the median exp(mu): each log-quantile moves 1.25 times as far from mu
    mu = 0.5 * (math.log(0.55) + math.log(1.0))
    p05 = math.exp(mu + 1.25 * (math.log(0.55) - mu))
    p95 = math.exp(mu + 1.25 * (math.log(1.0) - mu))
    old = Lognormal(mu=mu, sigma=-mu / 1.6448536269514722, written=(("p05", 0.55), ("p95", 1.0)))
    bounds = PARAMETER_BOUNDS["relative_risk"]
    exact = widen_distribution(old, 0.25, bounds)
    assert dict(exact.written) == pytest.approx({"p05": p05, "p95": p95}, rel=1e-12)
    new = round_widened(exact, old, bounds)
    assert new.written == (("p05", round_sig(p05, 4)), ("p95", round_sig(p95, 4)))
    assert new.describe() == "lognormal(p05=0.5104, p95=1.078)"
    # mu and sigma follow from the rounded p05 and p95 (closed form)
    assert new.quantile(0.05) == pytest.approx(0.5104, rel=1e-12)
    assert new.quantile(0.95) == pytest.approx(1.078, rel=1e-12)


def test_what_the_applicant_wrote_is_kept_exactly():
    old = Beta(alpha=3.3, beta=7.1, min=0.123456, max=0.987654)
    new = round_widened(widen_distribution(old, 0.25, SHARE), old, SHARE)
    assert (new.min, new.max) == (0.123456, 0.987654)
    assert len(repr(new.alpha).replace(".", "").lstrip("0")) <= 4
    # the mean moves by at most the rounding of alpha and beta (5e-4 relative each)
    assert new.mean == pytest.approx(old.mean, rel=1e-3)


def test_rounding_that_would_break_the_distribution_is_skipped():
    old = Uniform(min=1.000001, max=1.000002)
    new = Uniform(min=1.0000005, max=1.0000025)
    assert round_widened(new, old, AMOUNT) == new  # both would round to 1.0


@pytest.mark.parametrize("path", sorted(glob.glob("scenarios/*.toml")))
def test_every_example_widens_to_short_numbers_in_the_domain(path):
    sc = load(path)
    rule = WidenRule(research=0.1, experience=0.25, assumption=0.5, none=0.25)
    out = widen(sc, rule)  # apply_override re-validates each value against its domain
    params = sc.parameters
    for o in out.overrides:
        b = PARAMETER_BOUNDS[bounds_kind(o.id, params[o.id].attribute)]
        lo, hi = o.value.support
        assert b.lo is None or lo >= b.lo
        assert b.hi is None or hi <= b.hi
        # the author's parameterisation, with the numbers the widening changed rounded
        old = dict(o.original._pairs()) if not o.original.is_fixed else {}
        new = dict(o.value._pairs())
        assert o.original.is_fixed or set(new) >= set(old), (o.id, old, new)
        for key, v in new.items():
            if isinstance(v, float) and v != old.get(key):
                assert v == round_sig(v, 4), (o.id, key, v)
        assert "→" in o.value.note  # the note says what changed


def test_note_in_the_scenarios_language(uncertain_scenario):
    sv = widen(uncertain_scenario)
    notes = {o.value.note for o in sv.overrides}
    # beta(mean=0.7, sd=0.1) widened by 10 %: the mean kept, sd 0.1 x 1.1 = 0.11
    assert sv_numbers("breddad ±10 % (evidens: beprövad erfarenhet): sd 0,1 → 0,11") in notes
    en = widen(uncertain_scenario, lang="en")
    assert "widened by ±10% (evidence: experience): sd 0.1 → 0.11" in {
        o.value.note for o in en.overrides
    }
    rule = WidenRule(assumption=0.125, none=0.125)
    # pert(1.6e6, 1.8e6, 2.4e6): mode kept, min 1.8e6 - 1.125 * 0.2e6, max 1.8e6 + 1.125 * 0.6e6
    assert {o.value.note for o in widen(uncertain_scenario, rule).overrides} >= {
        sv_numbers(
            "breddad ±12,5 % (evidens: ej angiven): min 1 600 000 → 1 575 000; "
            "max 2 400 000 → 2 475 000"
        )
    }


# ------------------------------------------------------------ the author's parameterisation

WIDEN_TOML = """
[scenario]
title = "Widen"
price_year = 2024
horizon_years = 10
language = "sv"

[intervention]
years = [0, 1]
participants_per_year = { dist = "pert", min = 30, mode = 40, max = 50, evidence = "assumption" }

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = "kommun"
years = [0, 1]
annual = { dist = "pert", min = 1.4e6, mode = 1.6e6, max = 2.0e6, evidence = "assumption" }

[[intervention.costs]]
id = "rent"
label = "Rent"
payer = "kommun"
years = [0, 1]
annual = { dist = "lognormal", mean = 100000, sd = 20000, evidence = "assumption" }

[[logic]]
id = "a"
label = "A"
share = { dist = "beta", mean = 0.65, sd = 0.1, evidence = "assumption" }

[[logic]]
id = "b"
label = "B"
share = { dist = "beta", p05 = 0.2, p95 = 0.6, evidence = "assumption" }

[[logic]]
id = "c"
label = "C"
share = { dist = "beta", mean = 0.5, sd = 0.25, evidence = "assumption" }

[[outcomes]]
id = "x"
label = "X"
lag = 1
baseline_risk = { dist = "triangular", min = 0.1, mode = 0.3, max = 0.35, evidence = "assumption" }
effect = { relative_risk = { dist = "lognormal", mu = -0.2, sigma = 0.1, evidence = "assumption" } }

  [[outcomes.consequences]]
  id = "care"
  label = "Care"
  kind = "resource"
  payer = "region"
  share = { dist = "uniform", min = 0.2, max = 0.4, evidence = "assumption" }
  annual = { dist = "gamma", mean = 100000, sd = 20000, evidence = "assumption" }

  [[outcomes.consequences]]
  id = "work"
  label = "Work"
  kind = "production"
  payer = "individ"
  annual = { dist = "gamma", shape = 4, scale = 25000, evidence = "assumption" }
  growth = { dist = "normal", mean = 0.01, sd = 0.004, min = 0.0, max = 0.02, evidence = "assumption" }

[spread]
units = { dist = "discrete", values = [1, 2, 3], evidence = "assumption" }
probability = 0.3
lag = 1
years = 2
scale = { dist = "uniform", min = 0.5, max = 1.5, evidence = "assumption" }
"""


@pytest.fixture
def widened():
    from sekalk.scenario import loads

    sc = loads(WIDEN_TOML, file="widen.toml")
    return {o.id: o.value for o in widen(sc, WidenRule(assumption=0.25)).overrides}


def test_pert_and_triangular_keep_their_mode(widened):
    # mode kept; min and max 1.25 times as far from it
    staff = widened["intervention.costs.staff.annual"]
    assert (
        (staff.min, staff.mode, staff.max)
        == (
            1.6e6 - 1.25 * 0.2e6,
            1.6e6,
            1.6e6 + 1.25 * 0.4e6,
        )
        == (1.35e6, 1.6e6, 2.1e6)
    )
    assert staff.note == sv_numbers(
        "breddad ±25 % (evidens: antagande): min 1 400 000 → 1 350 000; max 2 000 000 → 2 100 000"
    )
    risk = widened["outcomes.x.baseline_risk"]
    assert risk.kind == "triangular"
    assert (risk.min, risk.mode, risk.max) == pytest.approx(
        (0.3 - 1.25 * 0.2, 0.3, 0.3 + 1.25 * 0.05)
    )
    assert risk.mode == 0.3


def test_counts_stay_whole(widened):
    # pert(30, 40, 50): 40 -+ 1.25 * 10 = 27.5, 52.5 -> 27 and 53 (the range only grows)
    people = widened["intervention.participants_per_year"]
    assert (people.min, people.mode, people.max) == (27.0, 40.0, 53.0)
    assert people.note.endswith("min 30 → 27; max 50 → 53")
    # discrete(1, 2, 3) about its median 2: 0.75 -> 0, 3.25 -> 4
    units = widened["spread.units"]
    assert units.values == (0.0, 2.0, 4.0)
    # a scale factor is not a count: rounded to 4 significant digits, not to whole numbers
    scale = widened["spread.scale"]
    assert (scale.min, scale.max) == (1.0 - 1.25 * 0.5, 1.0 + 1.25 * 0.5) == (0.375, 1.625)


def test_fixed_count_becomes_whole_triangle():
    from sekalk.scenario import loads

    text = WIDEN_TOML.replace(
        'participants_per_year = { dist = "pert", min = 30, mode = 40, max = 50, evidence = "assumption" }',
        'participants_per_year = { dist = "fixed", value = 45, evidence = "experience" }',
    )
    sc = loads(text, file="w.toml")
    (o,) = [o for o in widen(sc).overrides if o.id == "intervention.participants_per_year"]
    # 45 -+ 10 % = 40.5 .. 49.5, widened outward to whole numbers
    assert (o.value.kind, o.value.min, o.value.mode, o.value.max) == ("triangular", 40, 45, 50)
    assert o.value.note == sv_numbers(
        "breddad ±10 % (evidens: beprövad erfarenhet): 45 → triangular(40; 45; 50)"
    )


def test_beta_keeps_mean_sd_or_p05_p95(widened):
    from scipy import stats

    from sekalk.distributions import beta_from_mean_sd, beta_from_p05_p95

    a = widened["logic.a.share"]
    assert a.written == (("mean", 0.65), ("sd", 0.125))  # 0.1 x 1.25; the mean as written
    nu = 0.65 * 0.35 / 0.125**2 - 1  # method of moments by hand
    assert (a.alpha, a.beta) == pytest.approx((0.65 * nu, 0.35 * nu), rel=1e-12)
    assert a.mean == pytest.approx(0.65, rel=1e-12)
    # sd 0.25 x 1.25 = 0.3125 exceeds the cap sqrt(0.5 * 0.5 / 3) = 0.288675...: capped, rounded
    c = widened["logic.c.share"]
    assert c.written == (("mean", 0.5), ("sd", 0.2887))
    # p05/p95: the beta with the mean kept and the sd x 1.25, read back as p05/p95 (scipy)
    alpha, beta = beta_from_p05_p95(0.2, 0.6)
    ref = stats.beta(alpha, beta)
    mean, sd = ref.mean(), 1.25 * ref.std()
    q05, q95 = stats.beta(*beta_from_mean_sd(mean, sd)).ppf([0.05, 0.95])
    b = widened["logic.b.share"]
    assert b.written == (("p05", round_sig(q05, 4)), ("p95", round_sig(q95, 4)))
    # (the refit beta matches them within the tabulated inverse CDF's accuracy)
    assert b.quantile(0.05) == pytest.approx(round_sig(q05, 4), abs=1e-6)
    assert b.note.startswith(sv_numbers("breddad ±25 % (evidens: antagande): p05 0,2 → "))


def test_lognormal_gamma_normal_keep_their_keys(widened):
    rent = widened["intervention.costs.rent.annual"]  # lognormal(mean, sd): mean kept, sd x 1.25
    assert rent.written == (("mean", 100000.0), ("sd", 25000.0))
    assert rent.mean == pytest.approx(1e5, rel=1e-12) and rent.sd == pytest.approx(2.5e4, rel=1e-12)
    effect = widened["outcomes.x.effect"]  # lognormal(mu, sigma): sigma x 1.25
    assert effect.written == (("mu", -0.2), ("sigma", 0.125))
    care = widened["outcomes.x.consequences.care.annual"]  # gamma(mean, sd)
    assert care.written == (("mean", 100000.0), ("sd", 25000.0))
    work = widened["outcomes.x.consequences.work.annual"]  # gamma(shape, scale): mean kept
    # shape 4 / 1.25^2 = 2.56, scale 25000 * 1.25^2 = 39062.5, rounded to 4 digits
    assert work.written == (("shape", 2.56), ("scale", round_sig(39062.5, 4)))
    assert work.written[1] == ("scale", 39060.0)
    assert work.mean == pytest.approx(1e5, rel=1e-3)
    assert work.sd == pytest.approx(1.25 * 50000, rel=1e-3)
    # normal(mean 0.01, sd 0.004, min 0, max 0.02): mean kept, sd and the bounds' distances
    # from the mean x 1.25, clipped to the domain of a growth rate (> -1)
    growth = widened["outcomes.x.consequences.work.growth"]
    assert (growth.mu, growth.sigma) == (0.01, 0.005)
    assert (growth.min, growth.max) == pytest.approx((0.01 - 1.25 * 0.01, 0.01 + 1.25 * 0.01))
    assert growth.note == sv_numbers(
        "breddad ±25 % (evidens: antagande): sd 0,004 → 0,005; min 0 → −0,0025; max 0,02 → 0,0225"
    )
    share = widened["outcomes.x.consequences.care.share"]  # uniform about its midpoint
    assert (share.min, share.max) == (0.175, 0.425)


# ------------------------------------------------------------ the rule file's errors, coded


@pytest.mark.parametrize(
    ("text", "path", "code", "hint"),
    [
        ("assumption = -1\n", "assumption", "error.widen.width", None),
        ("assumption = 25\n", "assumption", "error.widen.width", "hint.widen_width_percent"),
        ('experience = "0,1"\n', "experience", "error.widen.width", None),
        ("none = true\n", "none", "error.widen.width", None),
        ('exclude = "scenario.discount_rate"\n', "exclude", "error.widen.exclude", None),
        ("exclude = [1, 2]\n", "exclude", "error.widen.exclude", None),
        ("assumptoin = 0.5\n", "assumptoin", "error.key.unknown", None),
    ],
)
def test_rule_file_errors_are_coded_in_both_languages(tmp_path, text, path, code, hint):
    from sekalk.errors import ScenarioError

    f = tmp_path / "rule.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        WidenRule.from_file(f)
    err = info.value
    assert (err.code, err.path, err.hint, err.file) == (code, path, hint, str(f))
    assert err.text("sv") != err.text("en")
    assert code not in err.text("sv")


def test_rule_width_in_percent_is_told_the_fraction(tmp_path):
    from sekalk.errors import ScenarioError

    f = tmp_path / "rule.toml"
    f.write_text("assumption = 25\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        WidenRule.from_file(f)
    sv, en = info.value.text("sv"), info.value.text("en")
    assert "relativ bredd mellan 0 och 10" in sv and "0.25 för ±25 %" in sv
    assert "relative width in [0, 10]" in en and "0.25 for ±25 %" in en


def test_missing_rule_file_is_coded(tmp_path):
    from sekalk.errors import ScenarioError

    with pytest.raises(ScenarioError) as info:
        WidenRule.from_file(tmp_path / "nope.toml")
    assert info.value.code == "error.file.not_found"
    assert info.value.text("sv") == "filen finns inte"


def test_no_plain_english_error_is_left_in_widen():
    import re
    from pathlib import Path

    import sekalk.scenario.widen as mod

    text = Path(mod.__file__).read_text(encoding="utf-8")
    assert not re.search(r"ScenarioError\(\s*f?[\"']", text)
