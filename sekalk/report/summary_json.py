"""The JSON summary v1 (``sekalk.summary/1``), rendered from the summaries layer.

Every block comes from :func:`sekalk.summaries.summarize`; the perspective and level blocks
list the metrics of :mod:`sekalk.output_metrics` in registry order. The bytes are the same as
before the summaries layer for the same inputs (``tests/test_summary_json_identity.py``).
"""

from __future__ import annotations

from typing import Any

from sekalk import metrics
from sekalk.result import SUMMARY_SCHEMA, Result
from sekalk.summaries import Stats, Summary, summarize
from sekalk.text.numbers import plain_spaces


def assumptions_block(summary: Summary, lang: str) -> list[dict[str, Any]]:
    """Every parameter: id, label (in ``lang``), evidence, source, distribution, P5/P50/P95."""
    from sekalk.report.labels import parameter_label

    params = summary.result.scenario.parameters
    return [
        {
            "id": a.id,
            "label": parameter_label(params[a.id], lang),
            "evidence": a.evidence,
            "source": a.source,
            "distribution": a.distribution,
            "p05": a.p05,
            "p50": a.p50,
            "p95": a.p95,
        }
        for a in summary.assumptions
    ]


def _value(v: Stats | float) -> Any:
    return v.to_dict() if isinstance(v, Stats) else v


def perspective_block(summary: Summary, perspective: str) -> dict[str, Any]:
    """One perspective: every registered metric, in registry order."""
    ps = summary.perspective(perspective)
    return {k: _value(v) for k, v in ps.metrics.items()}


def levels_block(summary: Summary) -> dict[str, Any]:
    """The ``"levels"`` block: each level, then the total, per perspective."""
    r = summary.result
    out: dict[str, Any] = {"included": list(r.levels), "headline": "total"}
    for lv in summary.levels():
        block: dict[str, Any] = {}
        if lv.prob_occurs is not None:
            block["prob_occurs"] = lv.prob_occurs
        block["avoided_outcomes"] = lv.avoided.to_dict()
        block["participants"] = lv.participants.to_dict()
        for p, lp in lv.perspectives.items():
            pb = {k: _value(v) for k, v in lp.metrics.items()}
            if lp.npv_if_occurs is not None:
                assert lp.npv_project_plus_if_occurs is not None
                pb["npv_if_occurs"] = lp.npv_if_occurs.to_dict()
                pb["npv_project_plus_if_occurs"] = lp.npv_project_plus_if_occurs.to_dict()
                pb["prob_npv_positive_project_plus_if_occurs"] = (
                    lp.prob_npv_positive_project_plus_if_occurs
                )
            block[p] = pb
        out[lv.level] = block
    return out


def summary_document(result: Result) -> dict[str, Any]:
    """The JSON summary v1 of ``result`` as a dict (strict-JSON safe: None, never NaN)."""
    summary = summarize(result)
    prov = summary.provenance
    perspectives = {p: perspective_block(summary, p) for p in result.perspectives}
    be = summary.breakeven
    breakeven = {
        "successes_needed": be.needed.to_dict(),
        "avoided_outcomes": be.avoided.to_dict(),
        "participants": be.participants.to_dict(),
        "prob_defined": be.prob_defined,
        "reason": plain_spaces(result.breakeven_reason()),
    }
    st = result.settings
    doc = {
        "schema": SUMMARY_SCHEMA,
        "sekalk_version": prov.version,
        "scenario": {
            "title": prov.title,
            "sha256": prov.sha256,
            "valuation": {"basis": prov.valuation, "note": prov.valuation_note},
        },
        "settings": {
            "draws": prov.draws,
            "seed": prov.seed,
            "sampler": prov.sampler,
            "overrides": [o.to_dict() for o in result.scenario.overrides],
            "overlays": [o.to_dict() for o in result.scenario.overlays],
            **({"precision": st.precision.to_dict()} if st.precision is not None else {}),
        },
        "perspectives": perspectives,
        "breakeven": breakeven,
        "assumptions": assumptions_block(summary, result.scenario.settings.language),
        "levels": levels_block(summary),
    }
    return metrics.to_json_safe(doc)
