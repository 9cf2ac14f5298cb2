"""Scenario files are data: code in labels or values is treated as text or rejected, never run."""

from __future__ import annotations

import json
import tomllib

import pytest
from click.testing import CliRunner

from sekalk.cli import main

from .conftest import HAND_TOML


def _payloads(marker):
    code = f"__import__('os').system('touch {marker}')"
    return [
        code,
        f"{{{{ {code} }}}}",  # template syntax
        f"${{{code}}}",  # shell-style
        f"`touch {marker}`",
        f"$(touch {marker})",
        f"{{0.__class__.__mro__[1].__subclasses__()}} {code}",  # format-string tricks
        f"!!python/object/apply:os.system ['touch {marker}']",  # YAML-style tag
    ]


def _label_scenario(code: str) -> str:
    text = HAND_TOML.replace('title = "Hand calculation"', f"title = {json.dumps(code)}")
    return text.replace('label = "Staff"', f"label = {json.dumps(code)}")


@pytest.mark.parametrize("i", range(7))
def test_code_in_labels_is_printed_as_text(tmp_path, i):
    marker = tmp_path / "pwned"
    code = _payloads(marker)[i]
    path = tmp_path / "s.toml"
    path.write_text(_label_scenario(code), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["run", str(path), "--draws", "20", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == code  # the title, verbatim
    js = runner.invoke(main, ["run", str(path), "--draws", "20", "--json", "-"])
    doc = json.loads(js.output)
    assert doc["scenario"]["title"] == code
    assert any(a["label"].startswith(code) for a in doc["assumptions"])
    assert not marker.exists()


@pytest.mark.parametrize(
    ("old", "template", "phrase"),
    [
        ("annual = 2000", "annual = {code}", "expected a number"),
        ("lag = 1", "lag = {code}", "expected a whole number"),
        ("relative_risk = 0.5", "relative_risk = {{ dist = {code}, value = 1 }}", "dist"),
        ('payer = "region"', "payer = {code}", "unknown actor"),
        ('id = "staff"', "id = {code}", "invalid id"),
        ('kind = "resource"', "kind = {code}", "unknown kind"),
        ("years = [0, 1]\nparticipants", "years = {code}\nparticipants", "year range"),
    ],
)
def test_code_in_values_is_rejected(tmp_path, old, template, phrase):
    marker = tmp_path / "pwned"
    code = json.dumps(_payloads(marker)[0])
    assert old in HAND_TOML
    path = tmp_path / "s.toml"
    path.write_text(HAND_TOML.replace(old, template.format(code=code), 1), encoding="utf-8")
    for command in ("validate", "run"):
        res = CliRunner().invoke(main, [command, str(path)])
        assert res.exit_code == 2
        assert phrase in res.output
    assert not marker.exists()


def test_code_as_a_key_is_an_unknown_key(tmp_path):
    marker = tmp_path / "pwned"
    code = _payloads(marker)[0]
    path = tmp_path / "s.json"
    doc = tomllib.loads(HAND_TOML)
    doc["scenario"][code] = 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2 and "unknown key" in res.output
    assert not marker.exists()
