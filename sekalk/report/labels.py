"""Codes of the computing modules put into words, in the reader's language.

The computing modules (scenario, result, sensitivity, credibility, ...) return codes, numbers
and ids; this face-side module turns them into text for every face (terminal, HTML, XLSX,
the evaluator's text, the workbench and the JSON documents that carry text):

- a parameter's name from its :class:`~sekalk.scenario.ParameterLabel` (the attribute code,
  the scenario's own item label, the level code);
- why break-even is undefined, from a :class:`~sekalk.result.BreakevenReason`;
- the notes of a sensitivity analysis, from its :class:`~sekalk.sensitivity_analysis.Note`
  records;
- the note of a value referenced from the unit-cost library, from its
  :class:`~sekalk.units.UnitDerivation`, and how to write a reference to a unit;
- a portfolio's shared parameter, labelled as in the first project that draws it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sekalk.report.i18n import fmt_number, fmt_pct, has, t

if TYPE_CHECKING:
    from sekalk.distributions import Distribution
    from sekalk.portfolio import PortfolioResult
    from sekalk.result import BreakevenReason
    from sekalk.scenario import Parameter, ParameterLabel
    from sekalk.sensitivity_analysis import Note, SensitivityResult
    from sekalk.units import UnitCost, UnitDerivation

#: Catalogue key of each break-even reason code that is a whole sentence.
_BREAKEVEN_SENTENCES = {
    "past_horizon": "robust.breakeven_past_horizon",
    "no_avoided": "robust.breakeven_no_avoided",
    "no_value": "robust.breakeven_no_value",
    "undefined": "run.breakeven_undefined",
}


def parameter_label(param: Parameter | ParameterLabel | str, lang: str) -> str:
    """``"<item label>: <attribute>"``, or the capitalised attribute for scenario-wide ones.

    ``param`` is a :class:`~sekalk.scenario.Parameter` or its
    :class:`~sekalk.scenario.ParameterLabel` (a label already in words, a ``str``, is returned
    as given). An amount booked in one year only is named a one-off amount, not an annual
    one; a parameter of a level without a label of its own is named after the level, in
    ``lang``.
    """
    parts = getattr(param, "label", param)
    if isinstance(parts, str):
        return parts
    attr = t("attr." + parts.attribute, lang)
    item = parts.item
    if not item and parts.level is not None:
        item = t(f"level.{parts.level}", lang)
    return f"{item}: {attr}" if item else attr[:1].upper() + attr[1:]


def breakeven_reason(reason: BreakevenReason | None, lang: str) -> str | None:
    """Why break-even is undefined in some or all draws, as a sentence in ``lang``.

    ``None`` (break-even is defined in every draw) gives None.
    """
    if reason is None:
        return None
    if reason.code in _BREAKEVEN_SENTENCES:
        return t(_BREAKEVEN_SENTENCES[reason.code], lang, horizon=reason.horizon)
    why = "; ".join(t(f"robust.why_{code}", lang) for code in reason.why)
    return t("robust.breakeven_partly", lang, share=fmt_pct(reason.share, lang), why=why)


def origin_label(origin: str, lang: str) -> str:
    """Where an override came from, in ``lang``: ``--set``, an overlay file's path (as given)
    or widening by evidence grade (``widen``)."""
    return t("origin.widen", lang) if origin == "widen" else origin


def sensitivity_note(
    note: Note | str, labels: Mapping[str, Parameter | ParameterLabel], lang: str
) -> str:
    """One note of a sensitivity analysis as a sentence in ``lang``.

    ``labels`` maps the parameter ids a note names to their parameters or labels (an id not in
    it is shown as the id). A note already in words (a ``str``) is returned as given.
    """
    if isinstance(note, str):
        return note
    params = dict(note.params)
    if "ids" in params:
        ids = params.pop("ids")
        params["labels"] = "; ".join(
            parameter_label(labels[pid], lang) if pid in labels else pid for pid in ids
        )
    if "gap" in params:
        params["gap"] = fmt_number(params["gap"], lang, 3)
    return t(f"sens.note.{note.code}", lang, **params)


def sensitivity_notes(result: SensitivityResult, lang: str | None = None) -> list[str]:
    """The notes of a sensitivity result as sentences in ``lang`` (default: the result's)."""
    lang = lang or result.lang
    labels = {p.id: p.label for p in result.parameters}
    return [sensitivity_note(n, labels, lang) for n in getattr(result, "notes", None) or ()]


def unit_derivation(derived: UnitDerivation, lang: str) -> str:
    """How a referenced value was derived, in ``lang``, numbers formatted for the language:
    sv ``hvb_varddygn: 1 100 / 4 500 / 8 400 kr per dag (2018 års priser) × 365 per år;
    omräknad från 2018 med KPI-faktor 1,1325``."""
    from sekalk.report.describe import fmt_sig

    def unit_name(name: str) -> str:
        key = f"polish.unit.{name}"
        return t(key, lang) if has(key) else name

    per_text = ""
    if derived.per_factor != 1.0:
        per_text = t(
            "polish.unit_note_per",
            lang,
            factor=fmt_sig(derived.per_factor, lang, 6),
            per=unit_name(derived.per),
        )
    return t(
        "polish.unit_note",
        lang,
        id=derived.unit,
        low=fmt_sig(derived.low, lang, 6),
        likely=fmt_sig(derived.likely, lang, 6),
        high=fmt_sig(derived.high, lang, 6),
        unit=unit_name(derived.unit_name),
        year=derived.price_year,
        per=per_text,
        kpi=fmt_number(derived.kpi_factor, lang, 4),
    )


def distribution_note(dist: Distribution, lang: str | None = None) -> str | None:
    """A distribution's note for a reader: the author's own note and, for a value referenced
    from the unit-cost library, how it was derived, in ``lang`` (default: the language of the
    scenario it was read from): ``"<own note> (<derivation>)"``. None if there is neither."""
    derived = getattr(dist, "derived", None)
    if derived is None:
        return dist.note
    text = unit_derivation(derived, lang or derived.lang)
    return f"{dist.note} ({text})" if dist.note else text


def reference_hint(unit: UnitCost, lang: str) -> str:
    """How to write a reference to ``unit`` in a scenario, in ``lang``, for the unit's basis.

    A unit per time becomes a yearly amount with ``per = "year"``; a unit without a time base
    is a one-off amount (a consequence with ``duration = 1`` or a cost in one year); a rate is
    not an amount at all.
    """
    return t(f"units.use_{unit.basis}", lang, id=unit.id)


def shared_label(portfolio: PortfolioResult, param_id: str, lang: str) -> str:
    """``"<label> (<id>)"`` for a parameter id shared by a portfolio's projects, labelled as in
    the first project drawing it (the id alone if none does)."""
    for r in portfolio.results:
        if param_id in r.scenario.parameters:
            return f"{parameter_label(r.scenario.parameters[param_id], lang)} ({param_id})"
    return param_id
