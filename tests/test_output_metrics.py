"""The output-metric registry: each metric against a hand formula on the result's arrays, the
JSON summary's blocks in registry order, labels in every language, and a new metric as one
entry."""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
import pytest

from sekalk import output_metrics
from sekalk.output_metrics import METRIC_LIST, REGISTRY, OutputMetric
from sekalk.report.i18n import t
from sekalk.result import LEVEL_METRICS, METRICS
from sekalk.scenario import load, loads
from sekalk.simulation import simulate
from sekalk.text.catalog import languages

from .conftest import ROOT, UNCERTAIN_TOML

N = 3000


@pytest.fixture(scope="module")
def result():
    return simulate(loads(UNCERTAIN_TOML, file="u.toml"), N, seed=5)


@pytest.fixture(scope="module")
def levels_result():
    return simulate(load(ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"), 1000, seed=5)


def _hand(metric, costs, benefits, payback):
    """Each metric written out independently of sekalk.metrics."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "npv": benefits - costs,
            "pv_costs": costs,
            "pv_benefits": benefits,
            "bcr": benefits / costs,
            "roi": (benefits - costs) / costs,
            "payback_year": payback,
        }[metric]


def test_every_distribution_metric_against_a_hand_formula(result):
    for p in result.perspectives:
        q = result.perspectives.index(p)
        costs, benefits = result.pv_costs[:, q], result.pv_benefits[:, q]
        for metric in METRICS:
            got = result.output(metric, p)
            want = _hand(metric, costs, benefits, result.payback_year[:, q])
            ok = costs > 0 if metric in ("bcr", "roi") else np.ones(N, bool)
            np.testing.assert_allclose(got[ok], want[ok], rtol=1e-12, equal_nan=True)


def test_level_metrics_against_the_level_arrays(levels_result):
    r = levels_result
    for li, level in enumerate(r.levels):
        g = r.level_occurs[:, li] if li else 1.0
        costs = r.level_pv_costs[:, li, 0] * g
        benefits = r.level_pv_benefits[:, li, 0] * g
        for metric in LEVEL_METRICS:
            got = r.output(metric, "society", level)
            ok = costs > 0 if metric in ("bcr", "roi") else np.ones(len(costs), bool)
            want = _hand(metric, costs, benefits, None)
            np.testing.assert_allclose(got[ok], want[ok], rtol=1e-12)
    with pytest.raises(KeyError, match="total"):
        r.output("payback_year", "society", "project")


def test_probability_metrics_by_hand(result):
    from sekalk.summaries import summarize

    s = summarize(result)
    for p in result.perspectives:
        q = result.perspectives.index(p)
        npv = result.pv_benefits[:, q] - result.pv_costs[:, q]
        prob = np.count_nonzero(npv > 0) / N
        assert s.metric("prob_npv_positive", p) == prob
        assert s.metric("mcse_prob_npv_positive", p) == pytest.approx(
            math.sqrt(prob * (1 - prob) / N), rel=1e-12
        )
        pay = s.stats("payback_year", p)
        assert (
            pay.get("prob_within_horizon")
            == np.count_nonzero(np.isfinite(result.payback_year[:, q])) / N
        )
        assert pay.get("prob_bears_cost") == np.count_nonzero(result.pv_costs[:, q] > 0) / N
    with pytest.raises(KeyError, match="one number"):
        result.output("prob_npv_positive")


def test_json_blocks_list_the_registry_in_order(result, levels_result):
    doc = result.to_dict()
    for block in doc["perspectives"].values():
        assert list(block) == [m.id for m in METRIC_LIST]
    levels = levels_result.to_dict()["levels"]
    per_level = [m.id for m in METRIC_LIST if m.per_level]
    for level in ("project", "total"):
        for p in levels_result.perspectives:
            assert list(levels[level][p]) == per_level
    for p in levels_result.perspectives:
        assert list(levels["continuation"][p])[: len(per_level)] == per_level


def test_every_metric_describes_itself():
    assert list(REGISTRY) == [m.id for m in METRIC_LIST]
    for m in METRIC_LIST:
        assert m.kind in output_metrics.KINDS
        for lang in languages():
            label = t(m.label, lang)
            assert label and label != m.label, (m.id, lang)
    assert METRICS == tuple(m.id for m in METRIC_LIST if m.is_distribution)
    with pytest.raises(ValueError, match="kind"):
        OutputMetric("x", "metric.x", "euros", draws=lambda f: f.costs)
    with pytest.raises(ValueError, match="exactly one"):
        OutputMetric("x", "metric.x", "money")


def test_a_new_metric_is_one_entry(monkeypatch):
    """Registering one more metric puts it into the JSON summary's perspective blocks, the
    levels blocks and Result.output, with nothing else changed."""
    result = simulate(loads(UNCERTAIN_TOML, file="u.toml"), N, seed=6)
    loss = OutputMetric(
        "prob_npv_negative",
        "metric.prob_npv_positive",
        "fraction",
        value=lambda r, p, level: float(np.mean(r.npv(p, level) < 0)),
    )
    cost_per_participant = OutputMetric(
        "cost_per_participant",
        "metric.pv_costs",
        "money",
        draws=lambda f: f.costs / result.participants,
        fresh=True,
    )
    new = (*METRIC_LIST, loss, cost_per_participant)
    monkeypatch.setattr(output_metrics, "METRIC_LIST", new)
    monkeypatch.setattr(output_metrics, "REGISTRY", MappingProxyType({m.id: m for m in new}))
    doc = result.to_dict()
    npv = result.npv("kommun")
    assert doc["perspectives"]["kommun"]["prob_npv_negative"] == np.count_nonzero(npv < 0) / N
    q = result.perspectives.index("kommun")
    per = result.pv_costs[:, q] / result.participants
    assert doc["perspectives"]["kommun"]["cost_per_participant"]["p50"] == pytest.approx(
        float(np.quantile(per, 0.5)), rel=1e-12
    )
    np.testing.assert_array_equal(result.output("cost_per_participant", "kommun"), per)
    assert "prob_npv_negative" in doc["levels"]["project"]["society"]


@pytest.mark.parametrize(
    ("kind", "value", "sv", "en"),
    [
        ("money", 1_234_567.0, "1,2\xa0mnkr", "SEK\xa01.2m"),
        ("fraction", 0.712, "71\xa0%", "71%"),
        ("ratio", 1.2345, "1,23", "1.23"),
        ("years", 7.0, "7", "7"),
        ("count", 12.34, "12,3", "12.3"),
    ],
)
def test_a_metric_is_formatted_by_its_kind(kind, value, sv, en):
    from sekalk.report.metric_format import fmt_metric

    assert (fmt_metric(value, kind, "sv"), fmt_metric(value, kind, "en")) == (sv, en)
    assert fmt_metric(None, kind, "sv") == "–"


def test_every_registered_metric_has_a_table_cell(result):
    """A table column over any registered metric takes its number from the summary and its
    format from the metric's kind."""
    from sekalk.report.metric_format import Column, fmt_metric
    from sekalk.summaries import summarize

    s = summarize(result)
    for m in METRIC_LIST:
        column = Column(m.id, "p50" if m.is_distribution else None, m.label)
        for p in result.perspectives:
            value = s.metric(m.id, p)
            number = value.p50 if m.is_distribution else value
            assert column.value(s, p) == number
            for lang in languages():
                assert column.cell(s, p, lang) == fmt_metric(number, m.kind, lang, "SEK")
