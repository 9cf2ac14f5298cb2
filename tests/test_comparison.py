"""Comparisons on common random numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sekalk
from sekalk import metrics
from sekalk.comparison import ComparisonResult, compare, headline_deltas
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import UNCERTAIN_TOML

EXTRA_COST = """
[[intervention.costs]]
id = "startup"
label = "Uppstart"
payer = "kommun"
years = [0, 0]
annual = 100000

[[logic]]
"""


@pytest.fixture
def with_startup():
    return loads(UNCERTAIN_TOML.replace("\n[[logic]]\n", EXTRA_COST, 1), file="startup.toml")


def test_lazy_public_api():
    assert sekalk.compare is compare
    assert sekalk.ComparisonResult is ComparisonResult


def test_scenario_against_itself_differs_by_exactly_zero(uncertain_scenario):
    cmp = compare([uncertain_scenario, uncertain_scenario], draws=3000, seed=4)
    assert np.array_equal(cmp.npv_difference(0, 1), np.zeros(3000))
    assert cmp.prob_better(0, 1) == 0.0
    doc = cmp.to_dict()
    assert doc["pairs"] == [
        {
            "a": 0,
            "b": 1,
            "npv_difference": {
                "mean": 0.0,
                "sd": 0.0,
                "p05": 0.0,
                "p50": 0.0,
                "p95": 0.0,
                "mcse_mean": 0.0,
            },
            "prob_a_better": 0.0,
        }
    ]


@pytest.mark.parametrize("sampler", ["random", "lhs"])
def test_year0_cost_change_shifts_every_draw_by_exactly_that(with_startup, sampler):
    x = 25_000.0
    dearer = with_startup.with_overrides({"intervention.costs.startup.annual": 100000 + x})
    cmp = compare([with_startup, dearer], draws=2000, seed=9, sampler=sampler)
    # a year-0 cost is not discounted: every draw's NPV moves by exactly X (to rounding)
    np.testing.assert_allclose(cmp.npv_difference(0, 1), x, rtol=0, atol=1e-6)
    assert cmp.prob_better(0, 1) == 1.0
    # the other parameters saw the same random numbers
    a, b = cmp.results
    for pid in a.parameters:
        assert np.array_equal(a.parameters[pid], b.parameters[pid])


def test_changing_one_distribution_keeps_the_other_streams(uncertain_scenario):
    other = uncertain_scenario.with_overrides(
        {"outcomes.fail.baseline_risk": {"dist": "uniform", "min": 0.1, "max": 0.2}}
    )
    cmp = compare([uncertain_scenario, other], draws=1000, seed=3)
    a, b = cmp.results
    for pid in a.parameters:
        if pid != "outcomes.fail.baseline_risk":
            assert np.array_equal(a.parameters[pid], b.parameters[pid]), pid
    # uniform(0.2, 0.3) vs uniform(0.1, 0.2) from the same uniforms: exactly 0.1 apart
    np.testing.assert_allclose(
        a.parameters["outcomes.fail.baseline_risk"] - b.parameters["outcomes.fail.baseline_risk"],
        0.1,
    )


def test_compare_json_schema_and_headlines(uncertain_scenario, with_startup):
    cmp = compare([uncertain_scenario, with_startup, uncertain_scenario], draws=1500, seed=2)
    doc = json.loads(cmp.to_json())
    assert doc["schema"] == "sekalk.compare/1"
    assert doc["settings"] == {
        "draws": 1500,
        "seed": 2,
        "sampler": "random",
        "perspective": "society",
    }
    assert [(p["a"], p["b"]) for p in doc["pairs"]] == [(0, 1), (0, 2), (1, 2)]
    for s, r in zip(doc["scenarios"], cmp.results, strict=True):
        assert s["title"] == r.scenario.title and s["sha256"] == r.scenario.sha256
        assert s["npv"] == r.stats("npv")
        assert s["bcr"] == r.stats("bcr")
        assert s["prob_npv_positive"] == r.prob_npv_positive()
        assert s["overrides"] == []
    diff = cmp.results[0].npv() - cmp.results[1].npv()
    assert doc["pairs"][0]["npv_difference"] == metrics.to_json_safe(metrics.describe(diff))
    assert doc["pairs"][0]["prob_a_better"] == float(np.mean(diff > 0))


def test_headline_deltas(uncertain_scenario):
    other = uncertain_scenario.with_overrides({"intervention.costs.staff.annual": 1.5e6})
    a = simulate(other, draws=1000, seed=1, payback=False)
    b = simulate(uncertain_scenario, draws=1000, seed=1, payback=False)
    d = headline_deltas(a, b)
    assert d["npv_mean"] == pytest.approx(np.mean(a.npv()) - np.mean(b.npv()), rel=1e-12)
    assert d["prob_npv_positive"] == a.prob_npv_positive() - b.prob_npv_positive()


def test_headline_deltas_error_of_a_sobol_run_is_the_replicates_spread(uncertain_scenario):
    # Under sobol the draws are 16 interleaved scrambled sequences: the error of the mean
    # difference is the spread of the 16 sequences' mean differences, written out here.
    other = uncertain_scenario.with_overrides({"intervention.costs.staff.annual": 1.5e6})
    a = simulate(other, draws=1024, seed=1, sampler="sobol", payback=False)
    b = simulate(uncertain_scenario, draws=1024, seed=1, sampler="sobol", payback=False)
    diff = a.npv() - b.npv()
    means = [np.mean(diff[r::16]) for r in range(16)]
    expected = np.std(means, ddof=1) / np.sqrt(16)
    assert headline_deltas(a, b)["npv_mean_mcse"] == pytest.approx(expected, rel=1e-10)
    assert expected < 0.5 * np.std(diff, ddof=1) / np.sqrt(1024)  # not sd / sqrt(n)


def test_plot_returns_figure(uncertain_scenario, with_startup):
    from matplotlib.figure import Figure

    fig = compare([uncertain_scenario, with_startup], draws=500, seed=1).plot("en")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 and ax.get_xlabel() == "Net present value (m SEK)"


def test_frames_equal_the_draws(uncertain_scenario, with_startup):
    cmp = compare([uncertain_scenario, with_startup], draws=1500, seed=2)
    frame = cmp.to_frame()
    assert list(frame.index) == [1, 2]
    for pos, r in zip(frame.index, cmp.results, strict=True):
        npv = r.npv()
        row = frame.loc[pos]
        assert row["title"] == r.scenario.title and row["overrides"] == 0
        assert row["npv_mean"] == pytest.approx(np.mean(npv), rel=1e-12)
        assert row["npv_sd"] == pytest.approx(np.std(npv, ddof=1), rel=1e-9)
        assert row["npv_p50"] == pytest.approx(np.percentile(npv, 50), rel=1e-12)
        assert row["prob_npv_positive"] == float(np.mean(npv > 0))
        assert row["bcr_p50"] == r.stats("bcr")["p50"]
    pairs = cmp.pairs_frame()
    assert list(pairs.index) == [(1, 2)]
    diff = cmp.results[0].npv() - cmp.results[1].npv()
    assert pairs.loc[(1, 2), "mean"] == pytest.approx(np.mean(diff), rel=1e-12)
    assert pairs.loc[(1, 2), "p05"] == pytest.approx(np.percentile(diff, 5), rel=1e-12)
    assert pairs.loc[(1, 2), "prob_a_better"] == float(np.mean(diff > 0))
    single = compare([uncertain_scenario], draws=100, seed=2)
    assert single.pairs_frame().empty and len(single.to_frame()) == 1


def test_parse_position_splits_overlays_unless_the_file_exists(tmp_path):
    from sekalk.comparison import parse_position

    assert parse_position("app.toml") == ("app.toml", ())
    assert parse_position("app.toml+a.toml+b.toml") == ("app.toml", ("a.toml", "b.toml"))
    plus = tmp_path / "a+b.toml"
    plus.write_text("", encoding="utf-8")
    assert parse_position(str(plus)) == (str(plus), ())


def test_load_positions_applies_overlays_and_reports_every_bad_position(tmp_path):
    from sekalk.comparison import load_positions
    from sekalk.distributions import Fixed
    from sekalk.errors import ScenarioError

    app = tmp_path / "app.toml"
    app.write_text(UNCERTAIN_TOML, encoding="utf-8")
    overlay = tmp_path / "ev.toml"
    overlay.write_text(
        '[[override]]\nid = "logic.completes.share"\nvalue = 0.6\n', encoding="utf-8"
    )
    plain, laid = load_positions(
        [str(app), f"{app}+{overlay}"], sets=["scenario.discount_rate=0.03"]
    )
    original = loads(UNCERTAIN_TOML).parameters["logic.completes.share"].distribution
    assert plain.parameters["logic.completes.share"].distribution == original
    assert laid.parameters["logic.completes.share"].distribution == Fixed(0.6)
    assert [o.path for o in laid.overlays] == [str(overlay)]
    assert plain.parameters["scenario.discount_rate"].distribution == Fixed(0.03)
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_positions([str(bad), f"{app}+{tmp_path / 'missing.toml'}", str(app)], sets=["x=1"])
    got = [(e.code, e.file) for e in info.value.errors]
    assert ("error.toml.syntax", str(bad)) in got
    assert ("error.overlay.not_found", str(tmp_path / "missing.toml")) in got
    assert ("error.parameter.unknown_all", str(app)) in got
    # the same --set problem of the same file is reported once
    assert len(got) == len(set(got))
