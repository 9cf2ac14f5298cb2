"""Every distribution check raises a coded error with its key path, in Swedish and English."""

from __future__ import annotations

import math

import pytest

from sekalk.distributions import Beta, Discrete, Fixed, Normal, Pert, Uniform, parse_distribution
from sekalk.errors import PLAIN, ScenarioError

# (table, key path, code, hint code)
CASES = [
    ({"dist": "uniform", "min": 1, "max": 0}, "p.max", "error.dist.max_not_above_min", "hint.swap_min_max"),
    ({"dist": "uniform", "min": 1, "max": 1}, "p.max", "error.dist.max_not_above_min", "hint.dist_equal_bounds"),
    ({"dist": "pert", "min": 2, "mode": 2, "max": 1}, "p.max", "error.dist.max_not_above_min", "hint.swap_min_max"),
    ({"dist": "triangular", "min": 0, "mode": 2, "max": 1}, "p.mode", "error.range.mode_outside", None),
    ({"dist": "pert", "min": 0, "mode": 1, "max": 2, "lambda": 0}, "p.lambda", "error.dist.not_positive", None),
    ({"dist": "normal", "mean": 0, "sd": 0}, "p.sd", "error.dist.not_positive", None),
    ({"dist": "normal", "mean": 0, "sd": 1, "min": 2, "max": 1}, "p.max", "error.dist.max_not_above_min", "hint.swap_min_max"),
    ({"dist": "normal", "mean": 0, "sd": 1, "min": 40}, "p.min", "error.dist.normal_no_mass", None),
    ({"dist": "normal", "mean": 0, "sd": 1, "max": -40}, "p.max", "error.dist.normal_no_mass", None),
    ({"dist": "lognormal"}, "p", "error.dist.no_parameters", None),
    ({"dist": "lognormal", "mean": 1, "p05": 0.5}, "p", "error.dist.mixed_sets", None),
    ({"dist": "beta", "mean": 0.5, "sd": 0.1, "min": 0}, "p.min", "error.dist.mixed_sets", None),
    ({"dist": "lognormal", "p05": 0, "p95": 1}, "p.p05", "error.dist.not_positive", None),
    ({"dist": "lognormal", "p05": 2, "p95": 1}, "p.p95", "error.dist.quantiles_order", None),
    ({"dist": "lognormal", "mu": 0, "sigma": -1}, "p.sigma", "error.dist.not_positive", None),
    ({"dist": "beta", "mean": 35, "sd": 10}, "p.mean", "error.dist.not_fraction", "hint.percent_as_fraction"),
    ({"dist": "beta", "mean": 1.5, "sd": 0.1}, "p.mean", "error.dist.not_fraction", "hint.percent_as_fraction"),
    ({"dist": "beta", "mean": 0, "sd": 0.1}, "p.mean", "error.dist.not_fraction", None),
    ({"dist": "beta", "p05": 5, "p95": 40}, "p.p05", "error.dist.not_fraction", "hint.percent_as_fraction"),
    ({"dist": "beta", "p05": 0.1, "p95": 1.0}, "p.p95", "error.dist.not_fraction", None),
    ({"dist": "beta", "mean": 0.5, "sd": 0.5}, "p.sd", "error.dist.beta_sd", None),
    ({"dist": "beta", "alpha": 0, "beta": 1}, "p.alpha", "error.dist.not_positive", None),
    ({"dist": "beta", "alpha": 1, "beta": 1, "min": 1, "max": 0}, "p.max", "error.dist.max_not_above_min", "hint.swap_min_max"),
    ({"dist": "gamma", "mean": 0, "sd": 1}, "p.mean", "error.dist.not_positive", None),
    ({"dist": "gamma", "shape": 1, "scale": 0}, "p.scale", "error.dist.not_positive", None),
    ({"dist": "discrete", "values": []}, "p.values", "error.dist.no_values", None),
    ({"dist": "discrete", "values": [1, 2], "weights": [0, 0]}, "p.weights", "error.dist.weights_zero", None),
    ({"dist": "discrete", "values": [1, 2], "weights": [1]}, "p.weights", "error.dist.weights_count", None),
    ({"dist": "discrete", "values": [1, 2], "weights": [1, -1]}, "p.weights[1]", "error.dist.weight_negative", None),
    ({"dist": "fixed", "value": 1, "source": 2020}, "p.source", "error.type.not_text", None),
    ({"dist": "fixed", "value": 1, "evidence": "guess"}, "p.evidence", "error.value.unknown_choice", "hint.evidence_grades"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "path", "code", "hint"), CASES, ids=lambda c: str(c))
def test_code_path_and_both_languages(table, path, code, hint):
    with pytest.raises(ScenarioError) as info:
        parse_distribution(table, path="p")
    err = info.value
    assert (err.code, err.path, err.hint) == (code, path, hint)
    sv, en = err.text("sv"), err.text("en")
    assert sv and en and sv != en
    assert code not in sv and code not in en  # a catalogue text, not the bare code
    assert "\n" not in sv


def test_percent_written_for_a_beta_mean_gets_the_fraction():
    with pytest.raises(ScenarioError) as info:
        parse_distribution({"dist": "beta", "mean": 35, "sd": 10}, path="logic.x.share")
    err = info.value
    assert err.path == "logic.x.share.mean"
    assert err.params["suggestion"] == "0.35"
    assert "0.35" in err.text("sv") and "35 %" in err.text("sv")
    assert "0.35" in err.text("en") and "35 %" in err.text("en")
    assert err.text("sv").startswith("mean i en beta-fördelning måste ligga strikt mellan 0 och 1")


def test_a_mix_of_parameter_sets_names_the_sets():
    with pytest.raises(ScenarioError) as info:
        parse_distribution({"dist": "lognormal", "mean": 1, "p05": 0.5}, path="p")
    err = info.value
    assert err.params["sets"] == "mean, sd | p05, p95 | mu, sigma"
    assert err.params["keys"] == "mean, p05"
    assert "mean, sd | p05, p95 | mu, sigma" in err.text("sv")
    assert "blandas" in err.text("sv") and "mix" in err.text("en")


def test_beta_p05_p95_without_a_fit(monkeypatch):
    import sekalk.distributions.beta as mod

    monkeypatch.setattr(mod, "beta_from_p05_p95", lambda p05, p95: None)
    with pytest.raises(ScenarioError) as info:
        parse_distribution({"dist": "beta", "p05": 0.1, "p95": 0.2}, path="x.share")
    err = info.value
    assert (err.code, err.path, err.hint) == (
        "error.dist.beta_no_fit",
        "x.share",
        "hint.dist_beta_no_fit",
    )
    assert "ingen betafördelning" in err.text("sv")


@pytest.mark.parametrize(
    ("make", "path", "code"),
    [
        (lambda: Fixed(math.inf), "value", "error.type.not_finite"),
        (lambda: Uniform(2.0, 1.0), "max", "error.dist.max_not_above_min"),
        (lambda: Pert(0.0, 1.0, 2.0, lam=-1.0), "lambda", "error.dist.not_positive"),
        (lambda: Normal(0.0, math.nan), "sd", "error.dist.not_positive"),
        (lambda: Beta(1.0, math.inf), "beta", "error.dist.not_positive"),
        (lambda: Discrete((1.0, math.nan), (1.0, 1.0)), "values[1]", "error.type.not_finite"),
        (lambda: Fixed(1.0, note=3), "note", "error.type.not_text"),  # type: ignore[arg-type]
    ],
)
def test_constructors_raise_coded_errors_at_the_field(make, path, code):
    with pytest.raises(ScenarioError) as info:
        make()
    assert (info.value.code, info.value.path) == (code, path)


def test_no_plain_english_error_is_left_in_the_package():
    """Every ScenarioError the distributions raise has a catalogue code: none is raised with
    a bare English sentence (the PLAIN code)."""
    import pathlib
    import re

    import sekalk.distributions as pkg

    folder = pathlib.Path(pkg.__file__).parent
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"ScenarioError\(\s*f?[\"']", text), path.name
    for table, *_ in CASES:
        with pytest.raises(ScenarioError) as info:
            parse_distribution(table, path="p")
        assert info.value.code != PLAIN


@pytest.mark.parametrize(
    "table, first",
    [
        ({"dist": "uniform", "min": 0.3, "max": 0.2, "evidence": "gissning"}, "p.max"),
        ({"dist": "pert", "min": 1, "mode": 3, "max": 2, "evidence": "gissning"}, "p.mode"),
        ({"dist": "nosuch", "evidence": "gissning"}, "p.dist"),
    ],
)
def test_a_bad_evidence_word_is_reported_with_the_parameter_problem(table, first):
    with pytest.raises(ScenarioError) as info:
        parse_distribution(table, path="p")
    assert [e.path for e in info.value.errors] == [first, "p.evidence"]
    evidence = info.value.errors[1]
    assert evidence.code == "error.value.unknown_choice"
    assert "gissning" in evidence.text("sv") and "forskning" in evidence.text("sv")
    assert "gissning" in evidence.text("en") and "research" in evidence.text("en")
    assert evidence.text("sv") != evidence.text("en")


def test_bad_metadata_alone_is_still_reported_and_good_metadata_kept():
    with pytest.raises(ScenarioError) as info:
        parse_distribution({"dist": "uniform", "min": 0, "max": 1, "note": 3}, path="p")
    assert [(e.path, e.code) for e in info.value.errors] == [("p.note", "error.type.not_text")]
    dist = parse_distribution(
        {"dist": "uniform", "min": 0, "max": 1, "evidence": "research"}, path="p"
    )
    assert dist.evidence == "research"
