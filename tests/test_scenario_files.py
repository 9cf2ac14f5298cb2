"""Several scenario files at once: ``load_all`` and ``validation_document``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.errors import ScenarioError
from sekalk.scenario import loads
from sekalk.scenario.files import VALIDATE_SCHEMA, load_all, validation_document

from .conftest import HAND_TOML, UNCERTAIN_TOML


@pytest.fixture
def three(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(UNCERTAIN_TOML, encoding="utf-8")
    bad = tmp_path / "bad.toml"  # two problems: a negative horizon, min > max
    bad.write_text(
        UNCERTAIN_TOML.replace("horizon_years = ", "horizon_years = -").replace(
            "min = 0.2, max = 0.3", "min = 0.3, max = 0.2"
        ),
        encoding="utf-8",
    )
    english = tmp_path / "en.toml"
    english.write_text(HAND_TOML.replace("horizon_years = ", "horizon_years = -"))
    return good, bad, english


def test_load_all_returns_every_scenario_in_order(three, tmp_path):
    good, _, _ = three
    other = tmp_path / "hand.toml"
    other.write_text(HAND_TOML, encoding="utf-8")
    loaded = load_all([good, other, good])
    assert [s.title for s in loaded] == [
        loads(UNCERTAIN_TOML).title,
        loads(HAND_TOML).title,
        loads(UNCERTAIN_TOML).title,
    ]


def test_load_all_raises_every_files_problems_together(three):
    good, bad, english = three
    with pytest.raises(ScenarioError) as info:
        load_all([bad, good, english])
    by_file = [e.file for e in info.value.errors]
    assert set(by_file) == {str(bad), str(english)}
    # the bad file's problems first, then the English one's, each as the loader found them
    assert by_file.index(str(english)) > max(i for i, f in enumerate(by_file) if f == str(bad))
    with pytest.raises(ScenarioError) as alone:
        load_all([bad])
    assert [e.code for e in alone.value.errors] == [
        e.code for e in info.value.errors if e.file == str(bad)
    ]


def test_validation_document_per_file_in_its_own_language_or_lang(three):
    good, bad, english = three
    doc = validation_document([good, bad, english])
    assert doc["schema"] == VALIDATE_SCHEMA == "sekalk.validate/1"
    assert doc["valid"] is False
    g, b, e = doc["files"]
    sc = loads(UNCERTAIN_TOML)
    assert g == {
        "file": str(good),
        "valid": True,
        "language": "sv",
        "title": sc.title,
        "parameters": len(sc.parameters),
        "uncertain": len(sc.uncertain_parameters),
        "errors": [],
    }
    assert b["valid"] is False and b["language"] == "sv" and len(b["errors"]) >= 2
    assert e["language"] == "en"
    assert e["errors"][0]["path"] == "scenario.horizon_years"
    forced = validation_document([bad], lang="en")
    assert forced["files"][0]["language"] == "en"
    assert [x["code"] for x in forced["files"][0]["errors"]] == [x["code"] for x in b["errors"]]
    assert validation_document([good])["valid"] is True


def test_cli_validate_json_prints_the_api_document(three):
    good, bad, _ = three
    res = CliRunner().invoke(main, ["validate", "--json", str(good), str(bad)])
    assert res.exit_code == 2
    assert json.loads(res.output) == validation_document([good, bad])
    res = CliRunner().invoke(main, ["validate", "--json", str(good)])
    assert res.exit_code == 0 and json.loads(res.output)["valid"] is True
