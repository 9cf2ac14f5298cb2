"""The JSON Schema of the scenario format: valid draft 2020-12, accepts every shipped scenario."""

from __future__ import annotations

import copy
import json
import tomllib

import pytest

jsonschema = pytest.importorskip("jsonschema")

from sekalk.distributions import DISTRIBUTION_KINDS  # noqa: E402
from sekalk.scenario import loads  # noqa: E402
from sekalk.scenario.json_schema import scenario_schema  # noqa: E402
from sekalk.scenario.loader import SCENARIO_KEYS, TOP_KEYS  # noqa: E402

from .conftest import HAND_TOML, ROOT, UNCERTAIN_TOML  # noqa: E402

FILES = sorted(
    [
        *(ROOT / "scenarios").glob("*.toml"),
        *(ROOT / "sekalk/data/templates").glob("*.toml"),
        ROOT / "benchmarks/reference.toml",
    ]
)


@pytest.fixture(scope="module")
def validator():
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_draft_2020_12_and_json_serialisable():
    schema = scenario_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(schema)) == schema


def test_schema_uses_the_loader_key_tables():
    schema = scenario_schema()
    assert set(schema["properties"]) == TOP_KEYS
    assert set(schema["properties"]["scenario"]["properties"]) == SCENARIO_KEYS
    assert schema["$defs"]["distribution"]["properties"]["dist"]["enum"] == list(DISTRIBUTION_KINDS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_scenario_validates(validator, path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = [e.message for e in validator.iter_errors(doc)]
    assert errors == []


@pytest.mark.parametrize("text", [HAND_TOML, UNCERTAIN_TOML])
def test_test_scenarios_validate(validator, text):
    assert list(validator.iter_errors(tomllib.loads(text))) == []


def _doc():
    return tomllib.loads((ROOT / "scenarios/tutorial.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["scenario"].__setitem__("horizon_year", 30),  # misspelt key
        lambda d: d["outcomes"][0].__setitem__("baselin_risk", 0.2),
        lambda d: d["outcomes"][0]["consequences"][0].__setitem__("kind", "resourse"),
        lambda d: d["intervention"]["costs"][0].__setitem__(
            "annual", {"dist": "pert", "min": 1, "mdoe": 2, "max": 3}
        ),
        lambda d: d["intervention"]["costs"][0].__setitem__("annual", {"ref": "no_such_unit"}),
        lambda d: d["intervention"]["costs"][0].__setitem__(
            "annual", {"ref": "hvb_ar", "dist": "normal"}
        ),
        lambda d: d["scenario"].__setitem__("language", "de"),
        lambda d: d.__delitem__("outcomes"),
    ],
)
def test_mistakes_fail(validator, mutate):
    doc = copy.deepcopy(_doc())
    mutate(doc)
    assert list(validator.iter_errors(doc))


def test_json_scenario_may_name_its_schema(validator):
    doc = tomllib.loads(UNCERTAIN_TOML)
    doc["$schema"] = "./scenario.schema.json"
    assert list(validator.iter_errors(doc)) == []
    sc = loads(json.dumps(doc), fmt="json")  # the loader accepts and ignores it
    assert sc.title == doc["scenario"]["title"]


LEVELS = ROOT / "scenarios/foraldrastod_tre_nivaer.toml"


def test_continuation_and_spread_are_generated_from_the_loader():
    from sekalk.scenario.loader import (
        CONTINUATION_KEYS,
        PARAMETER_BOUNDS,
        SPREAD_KEYS,
    )

    props = scenario_schema()["properties"]
    assert set(props["continuation"]["properties"]) == CONTINUATION_KEYS
    assert set(props["spread"]["properties"]) == SPREAD_KEYS
    assert props["continuation"]["additionalProperties"] is False
    assert props["spread"]["additionalProperties"] is False
    # a plain number is checked against the loader's domain of the parameter
    prob = props["spread"]["properties"]["probability"]["oneOf"][0]
    b = PARAMETER_BOUNDS["probability"]
    assert (prob["minimum"], prob["maximum"]) == (b.lo, b.hi) == (0.0, 1.0)
    cost = props["continuation"]["properties"]["annual_cost"]["oneOf"][0]
    assert cost == {"type": "number", "minimum": PARAMETER_BOUNDS["cost.annual"].lo}
    rate = props["scenario"]["properties"]["discount_rate"]["oneOf"][0]
    assert rate == {"type": "number", "exclusiveMinimum": -1.0, "maximum": 1.0}


def test_three_level_scenario_validates(validator):
    doc = tomllib.loads(LEVELS.read_text(encoding="utf-8"))
    assert "continuation" in doc and "spread" in doc
    assert list(validator.iter_errors(doc)) == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["spread"].__setitem__("probabilty", d["spread"].pop("probability")),
        lambda d: d["spread"].__setitem__("unit", 2),
        lambda d: d["continuation"].__setitem__("yeras", 3),
        lambda d: d["continuation"].__setitem__("probability", 1.5),
        lambda d: d["spread"].__setitem__("years", [1, 3]),
        lambda d: d["spread"].__setitem__("units", -1),
        lambda d: d["outcomes"][0].__setitem__("baseline_risk", 1.2),
    ],
)
def test_level_mistakes_fail_in_the_schema_and_the_loader(validator, mutate):
    doc = tomllib.loads(LEVELS.read_text(encoding="utf-8"))
    mutate(doc)
    assert list(validator.iter_errors(doc))
    from sekalk.errors import ScenarioError

    with pytest.raises(ScenarioError):  # the schema says no more than the loader does
        loads(json.dumps(doc), fmt="json")
