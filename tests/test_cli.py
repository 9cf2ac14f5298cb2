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


# ------------------------------------------------------------------ params and report paths


def test_params_lists_every_id_with_label_value_and_interval(tmp_path):
    from sekalk.scenario import loads

    path = tmp_path / "s.toml"
    path.write_text(UNCERTAIN_TOML, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["params", str(path)])
    assert res.exit_code == 0, res.output
    ids = list(loads(UNCERTAIN_TOML).parameters)
    lines = res.output.splitlines()
    for pid in ids:
        assert any(line.startswith(pid + " ") for line in lines), pid
    assert "Värde eller fördelning" in res.output and "--set ID=VÄRDE" in res.output
    # uniform(0.2, 0.3): P5 = 0.2 + 0.05 * 0.1 = 0.205, P95 = 0.295 (by hand), Swedish commas
    (row,) = [x for x in lines if x.startswith("outcomes.fail.baseline_risk ")]
    assert "Ej behörig: risk utan insatsen" in row and "uniform(0,2; 0,3)" in row
    assert "0,205 – 0,295" in row
    doc = json.loads(runner.invoke(main, ["params", str(path), "--json"]).output)
    assert [d["id"] for d in doc] == ids
    risk = next(d for d in doc if d["id"] == "outcomes.fail.baseline_risk")
    assert (risk["p05"], risk["p95"]) == pytest.approx((0.205, 0.295), rel=1e-12)
    assert risk["distribution"] == "uniform(0.2, 0.3)"
    fixed = next(d for d in doc if d["id"] == "outcomes.fail.consequences.school.annual")
    assert (fixed["distribution"], fixed["p05"], fixed["p95"]) == (
        "-120000",
        None,
        None,
    )
    # with an override, the value after the change; every id is one --set accepts
    args = ["params", str(path), "--json", "--set", "outcomes.fail.baseline_risk=0.25"]
    changed = json.loads(runner.invoke(main, args).output)
    assert next(d for d in changed if d["id"] == "outcomes.fail.baseline_risk")["p05"] is None
    res = runner.invoke(main, ["params", str(path), "--lang", "en"])
    assert "Value or distribution" in res.output and "uniform(0.2; 0.3)" in res.output


def test_report_with_sensitivity_simulates_once(tmp_path, monkeypatch):
    """`report --sensitivity` hands its own run to the analysis instead of simulating the
    same draws again (the analysis' numbers are the same either way, see
    test_sensitivity_reuses_a_given_run_with_the_same_numbers)."""
    import sekalk.simulation

    path = tmp_path / "s.toml"
    path.write_text(UNCERTAIN_TOML, encoding="utf-8")
    calls = []
    real = sekalk.simulation.simulate
    monkeypatch.setattr(
        sekalk.simulation, "simulate", lambda *a, **k: calls.append(k) or real(*a, **k)
    )
    out = tmp_path / "r.html"
    args = ["report", str(path), "-o", str(out), "--draws", "400", "--sensitivity"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert len(calls) == 1 and out.exists()


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("report.pdf", None, "sekalk skriver rapporten som HTML, inte PDF"),
        ("report.pdf", "en", "open it in a browser and choose Print > Save as PDF"),
        ("report.PDF", "en", "writes the report as HTML, not PDF"),
        ("report.txt", "en", "its name must end in .html"),
    ],
)
def test_report_refuses_a_non_html_path_and_writes_nothing(tmp_path, name, lang, expected):
    path = tmp_path / "s.toml"
    path.write_text(UNCERTAIN_TOML, encoding="utf-8")  # a Swedish scenario
    out = tmp_path / name
    args = ["report", str(path), "-o", str(out), "--draws", "100"]
    res = CliRunner().invoke(main, [*args, *(["--lang", lang] if lang else [])])
    assert res.exit_code == 2
    assert expected in res.output and "Traceback" not in res.output
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]
    if name.lower().endswith(".pdf"):
        assert str(out.with_suffix(".html")) in res.output


@pytest.mark.parametrize("command", [["run"], ["report"]])
def test_a_warning_is_printed_once_with_overrides(runner, tmp_path, command):
    # run and report simulate the file as given beside the overridden one, from one reading
    p = tmp_path / "late.toml"
    p.write_text(HAND_TOML.replace("lag = 1", "lag = 7"), encoding="utf-8")
    args = [*command, str(p), "--draws", "20", "--set", "scenario.discount_rate=0.03"]
    if command == ["report"]:
        args += ["-o", str(tmp_path / "r.html")]
    res = runner.invoke(main, args)
    assert res.exit_code == 0, res.output
    assert res.output.count("no consequence falls within the horizon") == 1
