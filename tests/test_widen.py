"""Widening: rounded parameters within the domain, notes in the scenario's language."""

from __future__ import annotations

import dataclasses
import glob
import math

import pytest

from sekalk.distributions import Beta, Lognormal, Pert, Uniform, round_sig
from sekalk.scenario import load
from sekalk.scenario.loader import PARAMETER_BOUNDS, bounds_kind
from sekalk.scenario.widen import WidenRule, round_widened, widen, widen_distribution

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


def test_lognormal_derived_mu_is_rounded_too():
    # Written as p05/p95, so mu and sigma are derived numbers: both rounded.
    mu = math.log(math.sqrt(0.55))  # geometric middle of 0.55 and 1
    sigma = (math.log(1.0) - math.log(0.55)) / (2 * 1.6448536269514722)
    old = Lognormal(mu=mu, sigma=sigma, written=(("p05", 0.55), ("p95", 1.0)))
    new = round_widened(
        widen_distribution(old, 0.25, PARAMETER_BOUNDS["relative_risk"]), old, AMOUNT
    )
    assert new.mu == round_sig(mu, 4) == -0.2989
    assert new.sigma == round_sig(1.25 * sigma, 4)


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
        for f in dataclasses.fields(o.value):
            v = getattr(o.value, f.name)
            if isinstance(v, float) and v != getattr(o.original, f.name, None):
                assert v == round_sig(v, 4), (o.id, f.name, v)


def test_note_in_the_scenarios_language(uncertain_scenario):
    sv = widen(uncertain_scenario)
    notes = {o.value.note for o in sv.overrides}
    assert "breddad ±10 % (evidens: beprövad erfarenhet)" in notes
    en = widen(uncertain_scenario, lang="en")
    assert "widened by ±10% (evidence: experience)" in {o.value.note for o in en.overrides}
    rule = WidenRule(assumption=0.125, none=0.125)
    assert {o.value.note for o in widen(uncertain_scenario, rule).overrides} >= {
        "breddad ±12,5 % (evidens: ej angiven)"
    }
