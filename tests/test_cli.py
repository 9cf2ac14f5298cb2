"""The command line through click's CliRunner: exit codes, messages, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekalk.cli import main

from .conftest import HAND_TOML, ROOT, UNCERTAIN_TOML

SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def scenario_file(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(UNCERTAIN_TOML, encoding="utf-8")
    return p


def test_run_leads_with_uncertainty_in_swedish(runner, scenario_file):
    res = runner.invoke(main, ["run", str(scenario_file), "--draws", "2000"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[3].startswith("90 % intervall för samhällets nettonuvärde:")
    assert "sannolikhet för vinst:" in lines[3]
    assert lines[4].startswith("Kalkylen går jämnt ut om ")
    assert "Antaganden" in res.output
    assert "inte belägg" in res.output


def test_run_in_english(runner, scenario_file):
    res = runner.invoke(main, ["run", str(scenario_file), "--draws", "1000", "--lang", "en"])
    assert res.exit_code == 0
    assert "90% interval of the net present value for society" in res.output
    assert "not evidence" in res.output


def test_run_json_file_and_stdout(runner, scenario_file, tmp_path):
    out = tmp_path / "summary.json"
    res = runner.invoke(main, ["run", str(scenario_file), "--draws", "1000", "--json", str(out)])
    assert res.exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "sekalk.summary/1"
    res2 = runner.invoke(main, ["run", str(scenario_file), "--draws", "1000", "--json", "-"])
    assert json.loads(res2.output) == doc  # same seed: identical


def test_run_refuses_to_overwrite_without_force(runner, scenario_file, tmp_path):
    out = tmp_path / "summary.json"
    out.write_text("keep", encoding="utf-8")
    res = runner.invoke(main, ["run", str(scenario_file), "--draws", "100", "--json", str(out)])
    assert res.exit_code == 2
    assert "--force" in res.output
    assert out.read_text(encoding="utf-8") == "keep"
    res = runner.invoke(
        main, ["run", str(scenario_file), "--draws", "100", "--json", str(out), "--force"]
    )
    assert res.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_draws_out_csv_with_provenance(runner, scenario_file, tmp_path):
    import pandas as pd

    out = tmp_path / "draws.csv"
    res = runner.invoke(
        main, ["run", str(scenario_file), "--draws", "500", "--draws-out", str(out)]
    )
    assert res.exit_code == 0, res.output
    head = out.read_text(encoding="utf-8").splitlines()[:6]
    assert head[0].startswith("# sekalk_version: ")
    assert any(line.startswith("# scenario_sha256: ") for line in head)
    frame = pd.read_csv(out, comment="#", index_col="draw")
    assert len(frame) == 500 and "society.npv" in frame


def test_bad_input_exits_2_without_traceback(runner, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(HAND_TOML.replace("horizon_years = 6", "horizon_yeras = 6"), encoding="utf-8")
    res = runner.invoke(main, ["run", str(bad)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert f"{bad}:5: scenario.horizon_yeras: unknown key" in res.output


@pytest.mark.parametrize(
    "args",
    [
        ["run", "MISSING.toml"],
        ["run", "{scenario}", "--draws", "0"],
        ["run", "{scenario}", "--draws", "-3"],
        ["run", "{scenario}", "--draws", "many"],
        ["run", "{scenario}", "--sampler", "halton"],
        ["run", "{scenario}", "--seed", "-1"],
        ["run", "{scenario}", "--draws-out", "x.xlsx"],
        ["run", "{scenario}", "--json", "/nonexistent-dir/x.json"],
        ["run", "{dir}"],
    ],
)
def test_bad_cli_use_exits_2(runner, scenario_file, tmp_path, args):
    args = [a.format(scenario=scenario_file, dir=tmp_path) for a in args]
    res = runner.invoke(main, args)
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output


def test_validate(runner, scenario_file, tmp_path):
    res = runner.invoke(main, ["validate", str(scenario_file)])
    assert res.exit_code == 0
    assert "giltigt scenario" in res.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\n", encoding="utf-8")
    res = runner.invoke(main, ["validate", str(scenario_file), str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:1: scenario.title: nyckeln 'title' saknas" in res.output  # Swedish by default
    res = runner.invoke(main, ["validate", "--lang", "en", str(scenario_file), str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:1: scenario.title: missing required key 'title'" in res.output


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_example_scenario_runs(runner, path: Path, tmp_path):
    out = tmp_path / "s.json"
    res = runner.invoke(main, ["run", str(path), "--draws", "2000", "--json", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["scenario"]["sha256"]


def test_version(runner):
    res = runner.invoke(main, ["--version"])
    assert res.exit_code == 0 and "sekalk" in res.output


def test_outcome_beyond_horizon_is_valid_but_warned(runner, tmp_path):
    p = tmp_path / "late.toml"
    p.write_text(HAND_TOML.replace("lag = 1", "lag = 7"), encoding="utf-8")
    res = runner.invoke(main, ["validate", str(p)])
    assert res.exit_code == 0
    # first cohort year 0 + lag 7 + earliest start 0 = year 7 >= horizon 6
    assert "outcomes.fail: no consequence falls within the horizon" in res.output
    assert "year 7 at the earliest, but the horizon is 6 years" in res.output
    ok = tmp_path / "ok.toml"
    ok.write_text(HAND_TOML, encoding="utf-8")
    assert "warning" not in runner.invoke(main, ["validate", str(ok)]).output


def test_readme_example_output_is_what_run_prints(runner):
    # The README quotes the headline of the Quick-start scenario; keep it true.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## What a run prints", 1)[1].split("```")[1]
    quoted = [line for line in block.splitlines() if line and not line.startswith(("$", "..."))]
    res = runner.invoke(main, ["run", str(ROOT / "scenarios/foraldrastod_fullfoljda_studier.toml")])
    assert res.exit_code == 0
    # money has no-break spaces (U+00A0 before the unit, U+202F between thousands); the
    # README shows them as plain spaces
    printed = [t.replace("\u00a0", " ").replace("\u202f", " ") for t in res.stdout.splitlines()]
    for line in quoted:
        assert line in printed, line
