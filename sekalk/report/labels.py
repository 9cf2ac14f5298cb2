"""Codes of the computing modules put into words, in the reader's language.

The computing modules (scenario, result, sensitivity, credibility, ...) return codes, numbers
and ids; this face-side module turns them into text for every face (terminal, HTML, XLSX,
the evaluator's text, the workbench and the JSON documents that carry text):

- a parameter's name from its :class:`~sekalk.scenario.ParameterLabel` (the attribute code,
  the scenario's own item label, the level code);
- why break-even is undefined, from a :class:`~sekalk.result.BreakevenReason`;
- the notes of a sensitivity analysis, from its :class:`~sekalk.sensitivity_analysis.Note`
  records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sekalk.report.i18n import fmt_number, fmt_pct, t

if TYPE_CHECKING:
    from sekalk.result import BreakevenReason
    from sekalk.scenario import Parameter, ParameterLabel
    from sekalk.sensitivity_analysis import Note, SensitivityResult

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
