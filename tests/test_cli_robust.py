"""Bad use of the command line: every mistake ends with one message and exit code 2."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

import sekalk.simulation
from sekalk.cli import main
from sekalk.simulation import MEMORY_SAFETY_FACTOR, estimate_memory, simulate

from .conftest import UNCERTAIN_TOML


@pytest.fixture
def scenario_file(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(UNCERTAIN_TOML, encoding="utf-8")
    return p


def _run(*args):
    return CliRunner().invoke(main, ["run", *map(str, args)])


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--draws", "0"], "--draws"),
        (["--draws", "-5"], "--draws"),
        (["--draws", "1e3"], "--draws"),
        (["--draws", "lots"], "--draws"),
        (["--seed", "x"], "--seed"),
        (["--sampler", "halton"], "--sampler"),
        (["--lang", "de"], "--lang"),
        (["--draws-out", "draws.xlsx"], ".csv eller .parquet"),  # a Swedish scenario
        (["--json", "{tmp}"], "är en mapp"),
        (["--json", "{tmp}/no/such/dir/s.json"], "finns inte"),
        (["--draws-out", "{tmp}/no/such/dir/d.csv"], "finns inte"),
    ],
)
def test_bad_options(scenario_file, tmp_path, args, phrase):
    args = [a.format(tmp=tmp_path) for a in args]
    res = _run(scenario_file, *args)
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit)
    assert phrase in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize("target", ["missing.toml", "{tmp}"])
def test_bad_scenario_argument(tmp_path, target):
    path = target.format(tmp=tmp_path)
    for command in ("run", "validate"):
        res = CliRunner().invoke(main, [command, path])
        assert res.exit_code == 2
        assert res.output.startswith((f"fel: {path}: ", f"error: {path}: "))
        # the file's language cannot be known: Swedish, the default language of a scenario
        assert ("finns inte" if "missing" in path else "är en mapp") in res.output
        res = CliRunner().invoke(main, [command, path, "--lang", "en"])
        assert res.exit_code == 2
        assert ("not found" if "missing" in path else "is a directory") in res.output


def test_unwritable_directory(scenario_file, tmp_path, monkeypatch):
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    res = _run(scenario_file, "--json", tmp_path / "s.json")
    assert res.exit_code == 2 and "det går inte att skriva i mappen" in res.output


def test_memory_estimate_covers_the_result(uncertain_scenario):
    """The estimate grows per draw by the safety factor times what a Result really keeps."""
    n = 3000
    res = simulate(uncertain_scenario, n)
    kept = sum(a.nbytes for a in res.parameters.values())
    kept += res.pv_costs.nbytes + res.pv_benefits.nbytes + res.payback_year.nbytes
    kept += res.avoided_outcomes.nbytes + res.participants.nbytes
    slope = estimate_memory(uncertain_scenario, 2 * n) - estimate_memory(uncertain_scenario, n)
    assert slope == pytest.approx(MEMORY_SAFETY_FACTOR * kept)
    assert estimate_memory(uncertain_scenario, n, export=True) > estimate_memory(
        uncertain_scenario, n
    )


def test_too_many_draws_are_refused_before_simulating(scenario_file, monkeypatch):
    def no_simulation(*a, **k):
        raise AssertionError("simulate must not be called")

    monkeypatch.setattr(sekalk.simulation, "simulate", no_simulation)
    res = _run(scenario_file, "--draws", 10**13)
    assert res.exit_code == 2
    assert "GB minne" in res.output and "använd färre dragningar" in res.output
    res = _run(scenario_file, "--draws", 10**13, "--lang", "en")
    assert "GB of memory" in res.output and "use fewer draws" in res.output


def test_memory_message_names_both_figures(scenario_file, monkeypatch):
    monkeypatch.setattr(sekalk.simulation, "available_memory", lambda: 2_000_000_000)
    res = _run(scenario_file, "--draws", 100_000_000, "--lang", "en")
    assert res.exit_code == 2
    needed = estimate_memory(sekalk.scenario.load(scenario_file), 100_000_000) / 1e9
    assert f"about {needed:.1f} GB of memory, 2 GB available; use fewer draws" in res.output


def test_available_memory_is_plausible():
    avail = sekalk.simulation.available_memory()
    assert avail is None or 0 < avail < 2**50
    assert np.isfinite(float(avail or 0))


@pytest.mark.parametrize(
    "args",
    [
        ["run", "{s}", "--draws", str(10**13)],
        ["compare", "{s}", "{s}", "--draws", str(10**13)],
        ["credibility", "{s}", "--draws", str(10**13)],
        ["sensitivity", "{s}", "--draws", str(10**13)],
        ["run", "{s}", "--set", "scenario.discount_rate=0.01", "--draws", str(10**13)],
    ],
)
def test_every_simulating_command_checks_memory(scenario_file, monkeypatch, args):
    def no_simulation(*a, **k):
        raise AssertionError("must not simulate")

    monkeypatch.setattr(sekalk.simulation, "simulate", no_simulation)
    res = CliRunner().invoke(main, [a.format(s=scenario_file) for a in args])
    assert res.exit_code == 2, res.output
    assert "använd färre dragningar" in res.output  # the scenario is Swedish


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--set", "outcomes.fail.efect=0.8"], "did you mean"),
        (["--set", "outcomes.fail.baseline_risk=1.5"], "[0, 1]"),
        (["--set", "scenario.discount_rate=nan"], ""),
        (["--set", "no-equals-sign"], ""),
        (["--overlay", "missing-overlay.toml"], "missing-overlay.toml"),
    ],
)
def test_bad_overrides_exit_2(scenario_file, args, phrase):
    res = _run(scenario_file, "--draws", 10, "--lang", "en", *args)
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit)
    assert phrase in res.output
    assert len(res.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "sv", "en"),
    [
        (
            ["run", "{s}", "--xlsx", "{tmp}/r.csv"],
            "--xlsx måste sluta på .xlsx",
            "--xlsx must end in .xlsx",
        ),
        (
            ["sensitivity", "{s}", "--sobol-n", "100"],
            "--sobol-n måste vara en potens av 2",
            "--sobol-n must be a power of 2",
        ),
        (
            ["sensitivity", "{s}", "--draws", "1"],
            "--draws måste vara minst 2 för en känslighetsanalys",
            "--draws must be at least 2 for a sensitivity analysis",
        ),
        (
            ["credibility", "{s}", "--plot", "{tmp}/c.pdf"],
            "--plot måste sluta på .png eller .svg",
            "--plot must end in .png or .svg",
        ),
        (
            ["convert", "{s}", "{s}"],
            "utdatafilen skulle skriva över indatafilen",
            "the output would overwrite the input",
        ),
        (
            ["sensitivity", "{s}", "--perspective", "skola"],
            "inget perspektiv 'skola'; välj ett av society, public_sector",
            "no perspective 'skola'; expected one of society, public_sector",
        ),
    ],
)
def test_option_errors_speak_the_scenarios_language_or_lang(tmp_path, args, sv, en):
    swedish = tmp_path / "sv.toml"
    swedish.write_text(UNCERTAIN_TOML, encoding="utf-8")  # language = "sv"
    english = tmp_path / "en.toml"
    english.write_text(UNCERTAIN_TOML.replace('language = "sv"', 'language = "en"'))
    for path, expected in ((swedish, sv), (english, en)):
        argv = [a.format(s=path, tmp=tmp_path) for a in args]
        res = CliRunner().invoke(main, argv)
        assert res.exit_code == 2 and "Traceback" not in res.output
        assert expected in res.output, res.output
        assert res.output.startswith(("fel: ", "error: "))
        if argv[0] != "convert":  # convert's --lang is the workbook's language
            other = "en" if path == swedish else "sv"
            res = CliRunner().invoke(main, [*argv, "--lang", other])
            assert (en if other == "en" else sv) in res.output, res.output
