"""Distributions described for readers: every kind by hand, in Swedish and English."""

from __future__ import annotations

import pytest

from sekalk.distributions import Beta, Discrete, Fixed, Lognormal, Normal, parse_distribution
from sekalk.report.describe import describe_distribution, describe_interval, fmt_sig
from sekalk.report.text import assumptions_table
from sekalk.simulation import simulate
from tests.conftest import sv_numbers


def d(**table):
    return parse_distribution(table, path="x")


@pytest.mark.parametrize(
    ("x", "sv", "en"),
    [
        (0.035, "0,035", "0.035"),
        (1_400_000, "1 400 000", "1,400,000"),
        (1_612_345.67, "1 612 346", "1,612,346"),  # the integer part is never rounded
        (-0.14384103622589045, "−0,1438", "−0.1438"),
        (0.18125000000000002, "0,1813", "0.1813"),
        (37.9667, "37,97", "37.97"),
        (0.5, "0,5", "0.5"),
        (0.0, "0", "0"),
        (1e-5, "0,00001", "0.00001"),
    ],
)
def test_fmt_sig_by_hand(x, sv, en):
    assert fmt_sig(x, "sv") == sv_numbers(sv)
    assert fmt_sig(x, "en") == en


CASES = [
    (Fixed(value=0.035), "0,035", "0.035"),
    (
        d(dist="uniform", min=100000, max=200000),
        "uniform(100 000; 200 000)",
        "uniform(100,000; 200,000)",
    ),
    (
        d(dist="triangular", min=0.12, mode=0.24, max=0.35),
        "triangular(0,12; 0,24; 0,35)",
        "triangular(0.12; 0.24; 0.35)",
    ),
    (
        d(dist="pert", min=1.4e6, mode=1.6e6, max=2e6),
        "pert(1 400 000; 1 600 000; 2 000 000)",
        "pert(1,400,000; 1,600,000; 2,000,000)",
    ),
    (
        d(dist="pert", min=0, mode=0.5, max=1, **{"lambda": 2.5}),
        "pert(0; 0,5; 1; lambda=2,5)",
        "pert(0; 0.5; 1; lambda=2.5)",
    ),
    (
        d(dist="normal", mean=0.02, sd=0.01),
        "normal(mean=0,02; sd=0,01)",
        "normal(mean=0.02; sd=0.01)",
    ),
    (
        d(dist="normal", mean=1500, sd=400, min=0),
        "normal(mean=1 500; sd=400; min=0)",
        "normal(mean=1,500; sd=400; min=0)",
    ),
    (
        d(dist="lognormal", p05=0.55, p95=1),
        "lognormal(p05=0,55; p95=1)",
        "lognormal(p05=0.55; p95=1)",
    ),
    (
        Lognormal(mu=-0.14384103622589045, sigma=0.2),
        "lognormal(mu=−0,1438; sigma=0,2)",
        "lognormal(mu=−0.1438; sigma=0.2)",
    ),
    (d(dist="beta", mean=0.65, sd=0.1), "beta(mean=0,65; sd=0,1)", "beta(mean=0.65; sd=0.1)"),
    (
        Beta(alpha=37.9667, beta=29.2, min=0.1, max=0.9),
        "beta(alpha=37,97; beta=29,2; min=0,1; max=0,9)",
        "beta(alpha=37.97; beta=29.2; min=0.1; max=0.9)",
    ),
    (
        d(dist="gamma", mean=300000, sd=50000),
        "gamma(mean=300 000; sd=50 000)",
        "gamma(mean=300,000; sd=50,000)",
    ),
    (
        d(dist="gamma", shape=36, scale=0.25),
        "gamma(shape=36; scale=0,25)",
        "gamma(shape=36; scale=0.25)",
    ),
    # weights 1, 2, 1 -> probabilities 25 %, 50 %, 25 %
    (
        Discrete(values=(30.0, 40.0, 50.0), weights=(1.0, 2.0, 1.0)),
        "discrete(30: 25 %; 40: 50 %; 50: 25 %)",
        "discrete(30: 25%; 40: 50%; 50: 25%)",
    ),
    (
        Discrete(values=(0.0, 1.0), weights=(1.0, 2.0)),
        "discrete(0: 33,3 %; 1: 66,7 %)",
        "discrete(0: 33.3%; 1: 66.7%)",
    ),
    (
        d(dist="loguniform", min=50000, max=5e6),
        "loguniform(50 000; 5 000 000)",
        "loguniform(50,000; 5,000,000)",
    ),
]


@pytest.mark.parametrize(("dist", "sv", "en"), CASES, ids=lambda x: getattr(x, "kind", None))
def test_every_kind_by_hand(dist, sv, en):
    assert describe_distribution(dist, "sv") == sv_numbers(sv)
    assert describe_distribution(dist, "en") == en


def test_every_kind_is_covered():
    from sekalk.distributions import DISTRIBUTION_KINDS

    assert {c[0].kind for c in CASES} == set(DISTRIBUTION_KINDS)


def test_interval_is_p5_to_p95():
    # uniform(100, 200): P5 = 105, P95 = 195 by hand
    assert describe_interval(d(dist="uniform", min=100, max=200), "sv") == "105 – 195"
    # normal(0.02, 0.01): 0.02 -+ 1.644854 * 0.01 = 0.003551, 0.03645
    n = Normal(mu=0.02, sigma=0.01)
    assert describe_interval(n, "sv") == "0,003551 – 0,03645"
    assert describe_interval(n, "en") == "0.003551 – 0.03645"
    assert describe_interval(Fixed(value=3.0), "sv") == "–"


def test_run_assumptions_table_is_language_aware(uncertain_scenario):
    result = simulate(uncertain_scenario, draws=200, seed=1)
    sv = assumptions_table(result, "sv")
    assert sv_numbers("pert(1 600 000; 1 800 000; 2 400 000)") in sv
    assert "beta(mean=0,7; sd=0,1)" in sv
    assert "90 % intervall (P5–P95)" in sv
    assert "uniform(0,2; 0,3)" in sv and "0,205 – 0,295" in sv  # 0.2 + 0.05 * 0.1, ...
    en = assumptions_table(result, "en")
    assert "pert(1,600,000; 1,800,000; 2,400,000)" in en and "0.205 – 0.295" in en
    assert "1600000" not in sv and "0.7" not in sv  # not the language-neutral describe()
