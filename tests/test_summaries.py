"""The summaries layer: every figure against the result's arrays, computed here by hand with
numpy and scipy; computed once; immutable; no words."""

from __future__ import annotations

import ast
import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps

import sekalk.sensitivity_analysis as sa
from sekalk.scenario import load, loads
from sekalk.simulation import simulate
from sekalk.summaries import Stats, summarize

from .conftest import ROOT, UNCERTAIN_TOML

N = 4000


@pytest.fixture(scope="module")
def result():
    return simulate(loads(UNCERTAIN_TOML, file="uncertain.toml"), N, seed=3)


@pytest.fixture(scope="module")
def levels_result():
    return simulate(load(ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"), N, seed=3)


def _q(x, level):
    return float(np.quantile(x[np.isfinite(x)], level))


def _close(a, b, rel=1e-12):
    assert a == pytest.approx(b, rel=rel, abs=1e-9)


def _interval(stats, x):
    if not np.isfinite(x).any():  # e.g. the BCR of an actor who pays nothing
        assert (stats.p05, stats.p50, stats.p95) == (None, None, None)
        return
    for name, level in (("p05", 0.05), ("p50", 0.5), ("p95", 0.95)):
        _close(getattr(stats, name), _q(x, level))


def _hand_npv(result, perspective):
    q = result.perspectives.index(perspective)
    return result.pv_benefits[:, q] - result.pv_costs[:, q]


def test_headline_against_the_draws(result):
    for p in result.perspectives:
        npv = _hand_npv(result, p)
        h = summarize(result).headline(p)
        _interval(h.npv, npv)
        _close(h.npv.mean, float(npv.sum() / npv.size))
        _close(h.npv.sd, float(np.std(npv, ddof=1)))
        # random sampler: the error of the mean is sd / sqrt(n)
        _close(h.npv.mcse_mean, float(np.std(npv, ddof=1)) / math.sqrt(N))
        assert h.prob_gain == np.count_nonzero(npv > 0) / N
        assert h.prob_loss == np.count_nonzero(npv < 0) / N
        q = result.perspectives.index(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            bcr = result.pv_benefits[:, q] / result.pv_costs[:, q]
        _interval(h.bcr, bcr)


def test_breakeven_against_a_hand_formula(result):
    be = summarize(result).breakeven
    costs, benefits = result.pv_costs[:, 0], result.pv_benefits[:, 0]
    avoided = result.avoided_outcomes
    ok = (avoided > 0) & (benefits > 0)
    needed = np.full(N, np.nan)
    needed[ok] = costs[ok] / (benefits[ok] / avoided[ok])  # cost / value of one avoided outcome
    assert be.prob_defined == np.count_nonzero(ok) / N
    assert be.defined
    _interval(be.needed, needed[ok])
    _interval(be.avoided, avoided)
    _close(be.participants.p50, float(np.median(result.participants)))
    assert be.prob_enough == np.count_nonzero(ok & (avoided >= needed)) / N
    assert be.negative_share == np.count_nonzero(avoided < 0) / N


def test_drivers_are_spearman_rho_largest_first(result):
    drivers = summarize(result).drivers
    npv = _hand_npv(result, "society")
    expected = {
        pid: sps.spearmanr(draws, npv).statistic
        for pid, draws in result.parameters.items()
        if np.ptp(draws) > 0
    }
    assert {d.id for d in drivers} == set(expected)
    for d in drivers:
        assert d.rho == pytest.approx(expected[d.id], abs=1e-12)
        assert d.evidence == result.scenario.parameters[d.id].distribution.evidence
    magnitudes = [abs(d.rho) for d in drivers]
    assert magnitudes == sorted(magnitudes, reverse=True)


def test_drivers_flag_an_input_that_acts_only_through_a_correlation(result):
    # the transfer's annual amount does not enter the society NPV, and nothing correlates it
    # with an input that does; the logic share is correlated with the effect (which enters)
    by_id = {d.id: d for d in summarize(result).drivers}
    assert not by_id["logic.completes.share"].via_correlation_only
    influence = sa.influences(result.scenario, "society")
    for pid, d in by_id.items():
        assert d.via_correlation_only == influence[pid].via_correlation_only
        assert d.correlated_with == (
            influence[pid].correlated_with if d.via_correlation_only else ()
        )


def test_actor_flows_against_the_draws(result):
    actors = summarize(result).actors
    assert [a.perspective for a in actors] == list(result.perspectives)
    for a in actors:
        q = result.perspectives.index(a.perspective)
        costs, benefits = result.pv_costs[:, q], result.pv_benefits[:, q]
        for iv, x in ((a.costs, costs), (a.avoided, benefits), (a.net, benefits - costs)):
            _interval(iv, x)
        assert a.prob_gain == np.count_nonzero(benefits - costs > 0) / N
        assert a.is_total == (a.perspective in ("society", "public_sector"))


def test_monte_carlo_error_by_hand(result):
    e = summarize(result).mc_error
    npv = _hand_npv(result, "society")
    width = _q(npv, 0.95) - _q(npv, 0.05)
    sd = float(np.std(npv, ddof=1))
    _close(e.width, width)
    _close(e.mcse_mean, sd / math.sqrt(N))
    _close(e.ratio, sd / math.sqrt(N) / width)
    p = np.count_nonzero(npv > 0) / N
    _close(e.mcse_prob, math.sqrt(p * (1 - p) / N))
    lo, hi = e.median_ci
    # a distribution-free 95 % interval of the median brackets it, about 2 x 1.96 x sd(median)
    assert lo <= _q(npv, 0.5) <= hi
    sorted_npv = np.sort(npv)
    k = sps.binom.ppf(0.025, N, 0.5)
    assert sorted_npv[int(k) - 2] <= lo <= sorted_npv[int(k) + 1]
    _close(e.median_ci_ratio, (hi - lo) / 2 / width)


def test_levels_against_the_level_arrays(levels_result):
    r = levels_result
    s = summarize(r)
    assert s.has_levels and r.levels == ("project", "continuation", "spread")
    levels = s.levels()
    assert [lv.level for lv in levels] == ["project", "continuation", "spread", "total"]
    for li, lv in enumerate(levels[:3]):
        occurs = r.level_occurs[:, li]
        assert lv.prob_occurs == (None if li == 0 else float(np.mean(occurs)))
        for p in r.perspectives:
            q = r.perspectives.index(p)
            own = r.level_pv_benefits[:, li, q] - r.level_pv_costs[:, li, q]
            realised = own if li == 0 else own * occurs
            lp = lv.perspectives[p]
            _interval(lp.metrics["npv"], realised)
            _close(lp.metrics["npv"].mean, float(np.mean(realised)), rel=1e-9)
            assert lp.metrics["prob_npv_positive"] == np.count_nonzero(realised > 0) / N
            if li == 0:
                assert lp.npv_if_occurs is None
                continue
            _interval(lp.npv_if_occurs, own)
            assert lp.prob_npv_positive_if_occurs == np.count_nonzero(own > 0) / N
            project = r.level_pv_benefits[:, 0, q] - r.level_pv_costs[:, 0, q]
            _interval(lp.npv_project_plus_if_occurs, project + own)
            assert lp.prob_npv_positive_project_plus_if_occurs == (
                np.count_nonzero(project + own > 0) / N
            )
    total = levels[3].perspectives["society"].metrics["npv"]
    _interval(total, _hand_npv(r, "society"))


def test_assumptions_against_closed_forms(result):
    by_id = {a.id: a for a in summarize(result).assumptions}
    assert list(by_id) == [p.id for p in result.scenario.iter_parameters()]
    base = by_id["outcomes.fail.baseline_risk"]  # uniform(0.2, 0.3)
    for name, level in (("p05", 0.05), ("p50", 0.5), ("p95", 0.95)):
        _close(getattr(base, name), 0.2 + level * 0.1)
    rate = by_id["scenario.discount_rate"]  # triangular(0.01, 0.035, 0.05)
    tri = sps.triang(c=(0.035 - 0.01) / 0.04, loc=0.01, scale=0.04)
    _close(rate.p50, float(tri.ppf(0.5)), rel=1e-9)
    assert by_id["logic.completes.share"].evidence == "experience"
    school = by_id["outcomes.fail.consequences.school.annual"]
    assert school.fixed and school.p05 == school.p95 == -120000
    # attribution 1 was left out of the file: a neutral default
    assert by_id["outcomes.fail.attribution"].unstated_default
    assert not by_id["outcomes.fail.dropoff"].unstated_default  # drawn, not a default


def test_provenance(result):
    prov = summarize(result).provenance
    sc = result.scenario
    assert (prov.file, prov.sha256, prov.title) == ("uncertain.toml", sc.sha256, "Uncertain")
    assert (prov.draws, prov.seed, prov.sampler) == (N, 3, "random")
    assert (prov.price_year, prov.horizon_years, prov.currency) == (2024, 25, "SEK")
    assert prov.overlays == () and prov.n_overrides == 0
    assert prov.valuation is None


def test_summary_is_one_per_result_and_each_part_computed_once(monkeypatch):
    r = simulate(loads(UNCERTAIN_TOML, file="u.toml"), 500, seed=1)
    calls = []
    real = sa.rank_correlations

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(sa, "rank_correlations", counting)
    from sekalk.report.text import drivers_table

    assert summarize(r) is summarize(r)
    drivers_table(r, "sv")
    drivers_table(r, "en")
    assert summarize(r).drivers
    assert len(calls) == 1


def test_views_are_immutable(result):
    s = summarize(result)
    h = s.headline()
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.prob_gain = 1.0
    with pytest.raises(TypeError):
        s.perspective("society").metrics["npv"] = None
    assert isinstance(s.drivers, tuple) and isinstance(s.assumptions, tuple)


def test_stats_round_trip_the_describe_block(result):
    block = result.stats("npv")
    assert Stats.from_dict(block).to_dict() == block
    assert list(Stats.from_dict(block).to_dict(cis=False)) == [
        "mean",
        "sd",
        "p05",
        "p50",
        "p95",
        "mcse_mean",
    ]


def test_the_summaries_layer_holds_no_words():
    """Nothing in the summaries (or the metric registry) imports language or presentation:
    the view models are numbers, codes and ids; only faces turn them into words."""
    files = [*(ROOT / "sekalk" / "summaries").glob("*.py"), ROOT / "sekalk" / "output_metrics.py"]
    for path in files:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(("sekalk.report", "sekalk.text", "sekalk.app")), (
                    f"{path.name} imports {name}"
                )
                assert not name.startswith("sekalk.cli"), f"{path.name} imports {name}"


FACES = [
    *(ROOT / "sekalk" / "report").rglob("*.py"),
    *(ROOT / "sekalk" / "app").rglob("*.py"),
    *(ROOT / "sekalk" / "cli").rglob("*.py"),
]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\brank_correlations\(",  # the drivers: summarize(result).drivers
        r"(?<![\"'\w])\w+\.successes_needed\b",  # break-even: summarize(result).breakeven
        r"\bdef headline\(",  # the headline: summarize(result).headline()
        r"\bimport headline\b",
    ],
)
def test_faces_do_not_derive_the_summary_again(pattern):
    """The faces render the summary; none computes its drivers, break-even or headline."""
    offenders = [p.name for p in FACES if re.search(pattern, p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_one_headline_in_the_package():
    package = (ROOT / "sekalk").rglob("*.py")
    defined = [
        p.relative_to(ROOT).as_posix()
        for p in package
        if "def headline(" in p.read_text(encoding="utf-8")
    ]
    assert defined == ["sekalk/summaries/build.py"]
