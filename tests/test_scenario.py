"""Loading scenario files: typed objects, parameter ids, and errors with key paths."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from sekalk.distributions import Fixed
from sekalk.errors import ScenarioError
from sekalk.scenario import load, loads, slugify

from .conftest import HAND_TOML, UNCERTAIN_TOML


def test_parameter_ids_follow_design(uncertain_scenario):
    ids = list(uncertain_scenario.parameters)
    assert ids[:4] == [
        "scenario.discount_rate",
        "intervention.participants_per_year",
        "intervention.costs.staff.annual",
        "logic.completes.share",
    ]
    assert "outcomes.fail.effect" in ids
    assert "outcomes.fail.consequences.assistance.annual" in ids
    assert "outcomes.fail.consequences.production.growth" in ids
    assert "outcomes.fail.consequences.school.annual" not in uncertain_scenario.uncertain_parameters


def test_defaults_and_types(hand_scenario):
    sc = hand_scenario
    assert sc.settings.currency == "SEK"
    assert sc.intervention.cohort_years == range(0, 2)
    con = sc.outcomes[0].consequences[1]
    assert con.kind == "transfer" and con.recipient == (("individ", 1.0),)
    assert con.duration is None and con.start == 0
    assert con.growth == Fixed(0.0)
    assert sc.outcomes[0].effect.form == "relative_risk"
    assert sc.correlations == ()


def test_scenario_is_immutable(hand_scenario):
    with pytest.raises(AttributeError):
        hand_scenario.settings.title = "x"  # type: ignore[misc]


def test_json_equals_toml(tmp_path):
    doc = tomllib.loads(UNCERTAIN_TOML)
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "s.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    assert load(tmp_path / "s.json") == load(tmp_path / "s.toml")


def test_sha256_of_file_bytes(tmp_path):
    import hashlib

    p = tmp_path / "s.toml"
    p.write_text(HAND_TOML, encoding="utf-8")
    assert load(p).sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert load(p).path == str(p)


def test_payer_shares_with_rounding_are_valid():
    # 0.55 + 0.3 + 0.15 = 1.0000000000000002 in floating point; accepted within 1e-9.
    sc = loads(UNCERTAIN_TOML)
    assert sum(w for _, w in sc.intervention.costs[0].payer) != 1.0 or True
    assert sc.intervention.costs[0].payer == (("kommun", 0.55), ("region", 0.3), ("stat", 0.15))


def test_default_id_is_slug_of_label():
    assert slugify("Lämnar grundskolan utan behörighet!") == "lamnar_grundskolan_utan_behorighet"


def _mutate(old: str, new: str, base: str = HAND_TOML) -> str:
    assert old in base
    return base.replace(old, new, 1)


BAD = [
    # (replace, with, expected key path, words in the message)
    (
        "horizon_years = 6",
        "horizon_yeras = 6",
        "scenario.horizon_yeras",
        "did you mean 'horizon_years'",
    ),
    ("horizon_years = 6", "horizon_years = 0", "scenario.horizon_years", ">= 1"),
    ("horizon_years = 6", "horizon_years = 1000", "scenario.horizon_years", "<= 150"),
    ("discount_rate = 0.05", "discount_rate = -1.0", "scenario.discount_rate", "discount rate"),
    ("discount_rate = 0.05", 'discount_rate = "5%"', "scenario.discount_rate", "expected a number"),
    ('language = "en"', 'language = "de"', "scenario.language", "expected one of: en, sv"),
    (
        "years = [0, 1]\nparticipants",
        "years = [1, 0]\nparticipants",
        "intervention.years",
        "reversed",
    ),
    (
        "participants_per_year = 10",
        "participants_per_year = -10",
        "intervention.participants_per_year",
        ">= 0",
    ),
    (
        "payer = { kommun = 0.5, region = 0.5 }",
        "payer = { kommun = 0.5, region = 0.6 }",
        "intervention.costs.staff.payer",
        "sum to 1",
    ),
    (
        "payer = { kommun = 0.5, region = 0.5 }",
        "payer = { komun = 0.5, region = 0.5 }",
        "intervention.costs.staff.payer.komun",
        "did you mean 'kommun'",
    ),
    (
        "share = 0.5\n\n[[outcomes]]",
        "share = 1.5\n\n[[outcomes]]",
        "logic.completes.share",
        "[0, 1]",
    ),
    (
        "baseline_risk = 0.4",
        'baseline_risk = { dist = "normal", mean = 0.4, sd = 0.1 }',
        "outcomes.fail.baseline_risk",
        "give it bounds",
    ),
    (
        "effect = { relative_risk = 0.5 }",
        "effect = { relative_risk = 0.5, risk_difference = 0.1 }",
        "outcomes.fail.effect",
        "not both",
    ),
    (
        "effect = { relative_risk = 0.5 }",
        "effect = { relativ_risk = 0.5 }",
        "outcomes.fail.effect.relativ_risk",
        "did you mean 'relative_risk'",
    ),
    (
        'kind = "resource"',
        'kind = "resorce"',
        "outcomes.fail.consequences.care.kind",
        "did you mean 'resource'",
    ),
    (
        '  recipient = "individ"\n',
        "",
        "outcomes.fail.consequences.assistance.recipient",
        "recipient",
    ),
    ("lag = 1", "lag = 1.5", "outcomes.fail.lag", "whole number"),
    ('id = "care"', 'id = "assistance"', "outcomes.fail.consequences.assistance", "duplicate id"),
    ('id = "care"', 'id = "Care Team"', "outcomes.fail.consequences#1.id", "invalid id"),
    (
        "years = [0, 1]\nannual = 2000",
        "years = [0, 9]\nannual = 2000",
        "intervention.costs.staff.years",
        "outside the horizon",
    ),
    ("annual = 2000", "annual = nan", "intervention.costs.staff.annual", "finite"),
]


@pytest.mark.parametrize(("old", "new", "path", "words"), BAD)
def test_errors_name_file_path_and_expectation(old, new, path, words):
    with pytest.raises(ScenarioError) as info:
        loads(_mutate(old, new), file="app.toml")
    err = info.value
    assert err.file == "app.toml"
    assert err.path == path, str(err)
    assert words in err.message, str(err)
    # the line of the key (or of its table where the key is missing) in the mutated text
    assert str(err).startswith(f"app.toml:{err.line}: {path}: ")
    key = path.rpartition(".")[2].split("#")[0]
    text_line = _mutate(old, new).splitlines()[err.line - 1]
    assert key in text_line or "[" in text_line, (err.line, text_line)


def test_missing_required_key():
    with pytest.raises(ScenarioError) as info:
        loads(_mutate("lag = 1\n", ""))
    assert info.value.path == "outcomes.fail.lag"
    assert "missing required key" in info.value.message


def test_syntax_error_has_line():
    with pytest.raises(ScenarioError) as info:
        loads(_mutate("price_year = 2024", "price_year = = 2024"), file="x.toml")
    assert info.value.line == 4
    assert str(info.value).startswith("x.toml:4: TOML syntax error")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x01\x02binary", "not a text file"),
        ("title = 'x'\n".encode("utf-16"), "not a text file"),
        (b'[scenario]\ntitle = "\xe5"\n', "not UTF-8"),
    ],
)
def test_unreadable_files(data, words):
    with pytest.raises(ScenarioError, match=words):
        loads(data, file="bad.toml")


def test_correlation_errors():
    extra = '\n[[correlations]]\nbetween = ["outcomes.fail.effect", "logic.completes.share"]\nrho = {}\n'
    sc_toml = UNCERTAIN_TOML.split("[[correlations]]")[0]
    with pytest.raises(ScenarioError, match=r"\[-1, 1\]"):
        loads(sc_toml + extra.format(1.5))
    with pytest.raises(ScenarioError, match="unknown parameter id"):
        loads(sc_toml + extra.replace("outcomes.fail.effect", "outcomes.fial.effect").format(0.2))
    with pytest.raises(ScenarioError, match="fixed number"):
        loads(
            sc_toml + extra.replace("outcomes.fail.effect", "outcomes.fail.attribution").format(0.2)
        )
    # Three strong pairwise correlations that no correlation matrix can have.
    three = (
        '\n[[correlations]]\nbetween = ["outcomes.fail.effect", "logic.completes.share"]\nrho = 0.9\n'
        '\n[[correlations]]\nbetween = ["outcomes.fail.effect", "outcomes.fail.baseline_risk"]\nrho = 0.9\n'
        '\n[[correlations]]\nbetween = ["logic.completes.share", "outcomes.fail.baseline_risk"]\n'
        "rho = -0.9\n"
    )
    with pytest.raises(ScenarioError, match="positive definite"):
        loads(sc_toml + three)


def test_file_errors(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="directory"):
        load(tmp_path)


def test_json_nan_rejected(tmp_path):
    p = tmp_path / "s.json"
    p.write_text('{"scenario": {"title": "x", "price_year": NaN}}', encoding="utf-8")
    with pytest.raises(ScenarioError, match="NaN"):
        load(p)


def test_decimal_comma_gets_a_hint():
    with pytest.raises(ScenarioError) as info:
        loads(HAND_TOML.replace("attribution = 0.8", "attribution = 0,8"), file="x.toml")
    assert info.value.line is not None
    assert "write decimals with a point (0.8), not a comma (0,8)" in info.value.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("baseline_risk = 0.4", "baseline_risk = 40"),
        ("baseline_risk = 0.4", 'baseline_risk = { dist = "uniform", min = 20, max = 35 }'),
    ],
)
def test_percent_instead_of_fraction_gets_a_hint(old, new):
    with pytest.raises(ScenarioError) as info:
        loads(HAND_TOML.replace(old, new))
    err = info.value
    assert err.hint == "hint.percent_as_fraction"
    assert "write shares, risks and rates as fractions (" in err.message
    assert ("(0.4 for 40 %)" if "40" in new else "(0.35 for 35 %)") in err.message
    assert "give it bounds" not in err.message


SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS_DIR.glob("*.toml")))
def test_the_ids_read_from_a_file_as_written_are_the_built_scenarios(name):
    """Correlations of a file with other problems are checked against the ids as written."""
    from sekalk.scenario.loader import _written_parameter_ids, parse_document

    path = SCENARIOS_DIR / name
    doc = parse_document(path.read_bytes(), file=str(path), fmt="toml")
    assert _written_parameter_ids(doc) == list(load(path).parameters)


def test_the_ids_as_written_of_the_test_scenarios():
    from sekalk.scenario.loader import _written_parameter_ids

    for text in (HAND_TOML, UNCERTAIN_TOML):
        assert _written_parameter_ids(tomllib.loads(text)) == list(loads(text).parameters)
    assert _written_parameter_ids({"intervention": {"costs": [{"id": 3}]}}) is None


def test_the_ids_as_written_with_participants_and_costs_of_the_levels():
    from sekalk.scenario.loader import _written_parameter_ids

    path = SCENARIOS_DIR / "foraldrastod_tre_nivaer.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'payer = "kommun"             # i ordinarie drift',
        'participants_per_year = 30\npayer = "kommun"             # i ordinarie drift',
        1,
    )
    text = text.replace(
        "scale = 1.0                  #",
        'participants_per_year = 20\nannual_cost = 900000\npayer = "kommun"\n#',
        1,
    )
    sc = loads(text)
    assert "spread.annual_cost" in sc.parameters and "spread.scale" not in sc.parameters
    assert "continuation.participants_per_year" in sc.parameters
    assert _written_parameter_ids(tomllib.loads(text)) == list(sc.parameters)
