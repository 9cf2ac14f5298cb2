"""The data commands of the CLI: ``units``, ``new`` and ``schema``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.units import load_units
from tests.conftest import sv_numbers


@pytest.fixture
def runner():
    return CliRunner()


def test_units_lists_every_sourced_unit_in_swedish(runner):
    res = runner.invoke(main, ["units"])
    assert res.exit_code == 0, res.output
    units = load_units()
    assert len(units) >= 20
    assert res.output.startswith(f"{len(units)} enhetskostnader")
    for u in units:
        assert f"\n{u.id}  {u.label_sv}\n" in res.output
        for url in u.sources:
            assert f"källa: {url}" in res.output
    # hvb_varddygn: 1 100 / 4 500 / 8 400 SEK per day, 2018 prices
    assert (
        sv_numbers("låg / trolig / hög: 1 100 / 4 500 / 8 400 kr per dygn (prisår 2018)")
        in res.output
    )
    assert "slag: resurs · betalare: kommunen" in res.output


def test_units_search_in_english(runner):
    res = runner.invoke(main, ["units", "social assistance", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "ekonomiskt_bistand_hushall_ar  Social assistance per receiving household" in res.output
    assert "hvb_varddygn" not in res.output
    assert "kind: transfer · payer: municipality · recipient: the individual" in res.output
    assert "low / likely / high: 63,840 / 67,020 / 126,600 SEK per household-year" in res.output


def test_units_rates_are_shown_as_shares(runner):
    res = runner.invoke(main, ["units", "andel_ej_behorig", "--lang", "en"])
    assert res.exit_code == 0
    unit = next(u for u in load_units() if u.id == "andel_ej_behorig_gymnasiet")
    assert f"{100 * unit.likely:.1f}%" in res.output


def test_units_json(runner):
    res = runner.invoke(main, ["units", "hvb", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert {d["id"] for d in data} == {"hvb_varddygn", "hvb_ar"}
    assert data[0]["low"] == 1100 and data[0]["sources"][0].startswith("https://")


def test_units_no_match(runner):
    res = runner.invoke(main, ["units", "zzz", "--lang", "en"])
    assert res.exit_code == 0
    assert res.output.strip() == "No unit cost matches 'zzz'."


def test_new_writes_a_template_that_validates(runner, tmp_path):
    path = tmp_path / "min_kalkyl.toml"
    res = runner.invoke(main, ["new", str(path)])
    assert res.exit_code == 0, res.output
    assert "sekalk validate" in res.output
    assert "Mall" in path.read_text(encoding="utf-8")
    res = runner.invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output


def test_new_refuses_to_overwrite(runner, tmp_path):
    path = tmp_path / "a.toml"
    path.write_text("mine", encoding="utf-8")
    res = runner.invoke(main, ["new", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert "--force" in res.output
    assert path.read_text(encoding="utf-8") == "mine"
    res = runner.invoke(main, ["new", str(path), "--lang", "en", "--force"])
    assert res.exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# ====")
    assert "Template" in path.read_text(encoding="utf-8")


def test_schema_to_stdout_and_file(runner, tmp_path):
    res = runner.invoke(main, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert schema["$schema"].endswith("2020-12/schema")
    out = tmp_path / "scenario.schema.json"
    res = runner.invoke(main, ["schema", "-o", str(out)])
    assert res.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema
    res = runner.invoke(main, ["schema", "-o", str(out)])
    assert res.exit_code == 2
