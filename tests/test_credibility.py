"""The credibility map: evidence grade against share of the NPV uncertainty."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from sekalk.credibility import credibility_map, variance_shares
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import HAND_TOML

# HAND_TOML with a wide effect and a narrow baseline risk: the effect dominates the NPV.
DOMINANT = HAND_TOML.replace(
    "effect = { relative_risk = 0.5 }",
    'effect = { relative_risk = { dist = "uniform", min = 0.1, max = 0.9, evidence = "GRADE" } }',
).replace(
    "baseline_risk = 0.4",
    'baseline_risk = { dist = "uniform", min = 0.39, max = 0.41, evidence = "assumption" }',
)


def cmap_for(grade: str, threshold: float = 0.10):
    sc = loads(DOMINANT.replace("GRADE", grade))
    return credibility_map(simulate(sc, draws=4000, seed=5, payback=False), threshold=threshold)


def test_weak_dominant_assumption_is_flagged():
    cmap = cmap_for("assumption")
    by_id = {e.id: e for e in cmap.entries}
    eff = by_id["outcomes.fail.effect"]
    assert eff.share > 0.9 and eff.critical
    base = by_id["outcomes.fail.baseline_risk"]
    assert base.evidence == "assumption" and base.share < 0.10 and not base.critical
    assert [e.id for e in cmap.critical] == ["outcomes.fail.effect"]
    # fixed parameters are on the map, with no share
    assert by_id["logic.completes.share"].fixed and by_id["logic.completes.share"].share == 0.0
    assert len(cmap.entries) == len(cmap.result.scenario.parameters)


def test_research_graded_dominant_assumption_is_not_flagged():
    cmap = cmap_for("research")
    assert cmap.critical == ()
    # lowering the threshold below the weak baseline risk's share flags it instead
    low = cmap_for("research", threshold=0.0001)
    assert [e.id for e in low.critical] == ["outcomes.fail.baseline_risk"]


def test_shares_are_normalised_squared_spearman():
    cmap = cmap_for("assumption")
    res = cmap.result
    rho = {pid: stats.spearmanr(x, res.npv()).statistic for pid, x in res.parameters.items()}
    total = sum(r * r for r in rho.values())
    for e in cmap.entries:
        if not e.fixed:
            assert e.share == pytest.approx(rho[e.id] ** 2 / total, rel=1e-9)
    assert sum(e.share for e in cmap.entries) == pytest.approx(1.0, abs=1e-12)
    assert variance_shares({"a": float("nan"), "b": 0.0}) == {"a": 0.0, "b": 0.0}


def test_json_and_plot():
    cmap = cmap_for("assumption")
    doc = json.loads(cmap.to_json())
    assert doc["schema"] == "sekalk.credibility/1"
    assert doc["settings"]["threshold"] == 0.10
    eff = next(a for a in doc["assumptions"] if a["id"] == "outcomes.fail.effect")
    assert eff["critical"] is True and eff["evidence"] == "assumption"
    fig = cmap.plot("sv")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [
        "forskning",
        "beprövad erfarenhet",
        "antagande",
        "ej angiven",
    ]
    assert np.isclose(fig.axes[0].lines[0].get_ydata()[0], 0.10)


# --------------------------------------------------------- borrowed shares, report, chart


@pytest.fixture(scope="module")
def correlated_result():
    from .test_sensitivity_analysis import CORRELATED_TOML

    sc = loads(CORRELATED_TOML, file="correlated.toml")
    return simulate(sc, draws=20_000, seed=4, payback=True)


def test_share_borrowed_through_a_correlation_is_flagged_not_critical(correlated_result):
    from sekalk.report.evaluator_text import render_credibility
    from sekalk.report.i18n import t
    from sekalk.report.labels import parameter_label

    from .test_sensitivity_analysis import PROD, TAX

    # threshold 0: every weakly grounded assumption with a share would be critical ...
    cmap = credibility_map(correlated_result, threshold=0.0)
    by_id = {e.id: e for e in cmap.entries}
    tax, prod = by_id[TAX], by_id[PROD]
    assert tax.evidence == prod.evidence == "assumption"
    assert tax.share > 0.05 and prod.share > 0.05  # the tax share borrows a large share
    # ... but the society NPV does not depend on the tax share: flagged, never critical
    assert tax.via_correlation_only and not tax.critical
    assert prod.critical and not prod.via_correlation_only
    doc = {a["id"]: a for a in json.loads(cmap.to_json())["assumptions"]}
    assert doc[TAX]["via_correlation_only"] is True and doc[TAX]["critical"] is False
    assert doc[TAX]["influence"] == "via_correlation" and doc[TAX]["correlated_with"] == [PROD]
    assert doc[PROD]["influence"] == "direct"
    frame = cmap.to_frame()
    assert frame.loc[TAX, "share"] == tax.share and bool(frame.loc[TAX, "via_correlation_only"])
    for lang, share in (("sv", "andel"), ("en", "share")):
        text = render_credibility(cmap, lang)
        row = next(x for x in text.splitlines() if x.startswith(f"Tax: {share}"))
        assert row.rstrip().endswith(t("cred.via_correlation", lang))
        others = parameter_label(prod.label, lang)
        assert others == f"Production: {share}"  # in the reader's language, not the map's
        assert t("sens.via_correlation_item", lang, label=f"Tax: {share}", others=others) in text
    fig = cmap.plot("en")
    texts = [a.get_text() for a in fig.axes[0].texts]
    assert "Tax: share ~" in texts


def test_report_flags_borrowed_rank_correlation_and_share(correlated_result):
    from markupsafe import escape

    from sekalk.report.html import render_report
    from sekalk.report.i18n import t
    from sekalk.report.labels import parameter_label

    from .test_sensitivity_analysis import PROD, TAX

    params = correlated_result.scenario.parameters
    for lang in ("sv", "en"):
        page = render_report(correlated_result, lang=lang)
        prod, tax = (parameter_label(params[p], lang) for p in (PROD, TAX))
        assert str(escape(t("report.rho_via_correlation", lang, others=prod))) in page
        text = t("report.cred_via_correlation", lang, label=tax, others=prod)
        assert str(escape(text)) in page


def _crowded_map(n: int = 14):
    """A map whose labelled points crowd one evidence grade at nearly the same share."""
    from sekalk.credibility import CredibilityEntry, CredibilityMap

    entries = tuple(
        CredibilityEntry(
            id=f"p{i}",
            label=f"A rather long consequence label number {i}: share of those affected",
            evidence="assumption" if i % 3 else "experience",
            source=None,
            fixed=False,
            rho=0.3,
            share=0.12 + 0.002 * i,
            critical=i % 3 != 0,
        )
        for i in range(n)
    )
    return CredibilityMap(result=None, entries=entries, threshold=0.10, perspective="society")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_credibility_chart_labels_never_overlap(lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from sekalk.report.evaluator_plots import plot_credibility

    cmap = _crowded_map()
    fig = plot_credibility(cmap, lang)
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [Text.get_window_extent(a, renderer) for a in ax.texts if a.get_text()]
    labelled = [a for a in ax.texts if a.get_text().startswith("A rather long")]
    assert len(labelled) == len(cmap.entries)  # crowded, yet every label found a place
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    frame = fig.bbox
    for b in boxes:
        assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
    # the same holds in the saved SVG: the layout is frozen after the labels were placed
    import io

    before = [tuple(b.bounds) for b in boxes]
    fig.savefig(io.BytesIO(), format="png")
    after = [tuple(Text.get_window_extent(a, renderer).bounds) for a in ax.texts if a.get_text()]
    assert np.allclose(before, after)


def test_labels_are_codes_worded_by_the_reader(correlated_result):
    """The map holds language-neutral labels; its JSON and table word them in any language,
    with no new map (``lang=`` only picks the default)."""
    from sekalk.report.labels import parameter_label
    from sekalk.scenario import ParameterLabel

    sv = credibility_map(correlated_result, lang="sv")
    en = credibility_map(correlated_result, lang="en")
    assert sv.entries == en.entries
    assert all(isinstance(e.label, ParameterLabel) for e in sv.entries)
    assert sv.to_json(lang="en") == en.to_json() and en.to_json(lang="sv") == sv.to_json()
    params = correlated_result.scenario.parameters
    for lang in ("sv", "en"):
        doc = json.loads(sv.to_json(lang=lang))
        for row in doc["assumptions"]:
            assert row["label"] == parameter_label(params[row["id"]], lang)
        frame = sv.to_frame(lang)
        assert list(frame["label"]) == [a["label"] for a in doc["assumptions"]]
