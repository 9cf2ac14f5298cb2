"""Evidence-based widening (opt-in): weakly grounded assumptions get wider distributions.

An applicant's numbers are shown as given by default. With ``--widen`` an evaluator asks "what
if the weakly grounded assumptions are as uncertain as their evidence suggests?". The rule
gives each evidence grade a relative width ``w`` [fraction] (defaults: research 0,
experience 0.10, assumption 0.25, not stated 0; ``scenario.discount_rate`` is a convention
and is never widened):

* a fixed value ``v`` becomes ``triangular(v - w|v|, v, v + w|v|)`` (a value of 0 has no
  relative width and stays as it is);
* a distribution keeps the author's parameterisation and is widened by the factor
  ``f = 1 + w``: a uniform or discrete distribution is stretched about its median
  (``x -> m + f (x - m)``); a triangular or PERT keeps its mode, ``min`` and ``max`` move ``f``
  times as far from it; a normal keeps its mean, ``sd`` (and the distance of ``min``/``max``
  from the mean) times ``f``; a lognormal's log-scale ``sigma`` is multiplied by ``f`` about
  its median and written as the author did (``p05``/``p95`` stay ``p05``/``p95``,
  ``mu``/``sigma`` stay ``mu``/``sigma``), except ``mean``/``sd``, which keeps its mean and
  multiplies ``sd`` by ``f``; a gamma or beta keeps its mean and multiplies its standard
  deviation by ``f``, written as ``mean``/``sd``, ``shape``/``scale``, ``alpha``/``beta`` or
  ``p05``/``p95`` (the new distribution's 5th and 95th percentiles) as the author did; a
  log-uniform keeps its geometric centre and its log-width is multiplied by ``f`` (each kind
  does its own: :meth:`sekalk.distributions.Distribution.widened`);
* the result is clipped to the parameter's domain (shares and risks to [0, 1], costs to
  >= 0, ...); a beta's variance is capped at ``mean (1 - mean) / 3`` so that it stays
  unimodal or flat;
* in :func:`widen`, the numbers the widening changed are then rounded to 4 significant digits
  (``WIDEN_DIGITS``) and clipped to the domain again, so that a report shows
  ``pert(1350000, 1600000, 2100000)`` rather than 16 digits of arithmetic noise; derived
  parameters (a beta's ``alpha``/``beta`` from its ``mean``/``sd``) follow from the rounded
  numbers. A count (``participants_per_year``, ``spread.units``) that the author wrote in whole
  numbers stays whole: lower ends are rounded down and upper ends up. Numbers the widening
  leaves as the author wrote them (a mode, a mean) are kept exactly. If the rounded
  distribution would be invalid (e.g. two bounds rounded onto each other), the unrounded one
  is used.

Every widened parameter is recorded as an override with origin ``"widen"``. Parameters an
evaluator has already overridden are left as the evaluator set them.

The rule is configurable with a TOML file::

    research = 0.0
    experience = 0.1
    assumption = 0.25
    none = 0.1                                    # grade not stated
    exclude = ["scenario.discount_rate"]

The note of each widened parameter says exactly what changed, in the scenario's language:
"breddad ±25 % (evidens: antagande): min 1 400 000 → 1 350 000; max 2 000 000 → 2 100 000"
(English: "widened by ±25% (evidence: assumption): min 1,400,000 → 1,350,000; ...").
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

from sekalk.distributions import (
    EVIDENCE_GRADES_OR_NONE,
    Discrete,
    Distribution,
    Fixed,
    parse_distribution,
    round_sig,
)
from sekalk.distributions.base import clip_to
from sekalk.errors import Found, ScenarioError, toml_literal, unknown_key_error
from sekalk.scenario.loader import PARAMETER_BOUNDS, Bounds, bounds_kind, parse_document
from sekalk.scenario.overrides import apply_override
from sekalk.scenario.schema import Scenario

GRADES = EVIDENCE_GRADES_OR_NONE
#: Significant digits of the numbers a widening changes [digits].
WIDEN_DIGITS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class WidenRule:
    """Relative widths [fraction] per evidence grade (``none``: grade not stated)."""

    research: float = 0.0
    experience: float = 0.10
    assumption: float = 0.25
    none: float = 0.0
    exclude: tuple[str, ...] = ("scenario.discount_rate",)

    def width(self, evidence: str | None) -> float:
        """The relative width for an evidence grade (None: not stated)."""
        return float(getattr(self, evidence or "none"))

    @classmethod
    def from_file(cls, path: str | Path) -> WidenRule:
        """Read a rule from a TOML file (keys: the grades, ``exclude``); errors name the key."""
        file = str(path)
        if not Path(path).is_file():
            raise ScenarioError(code="error.file.not_found", file=file)
        doc = parse_document(Path(path).read_bytes(), file=file, fmt="toml")
        kwargs: dict = {}
        for key, value in doc.items():
            if key in GRADES:
                if (
                    isinstance(value, bool)
                    or not isinstance(value, int | float)
                    or not (0 <= value <= 10)
                ):
                    raise _width_error(value, file, key)
                kwargs[key] = float(value)
            elif key == "exclude":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ScenarioError(
                        code="error.widen.exclude",
                        params={"found": Found(value)},
                        file=file,
                        path="exclude",
                    )
                kwargs[key] = tuple(value)
            else:
                raise unknown_key_error(key, (*GRADES, "exclude")).with_context(file=file)
        return cls(**kwargs)


def _width_error(value: object, file: str, key: str) -> ScenarioError:
    """A width that is not a number in [0, 10]; one written in percent (25 for ±25 %) gets
    the hint to write it as a fraction."""
    params: dict = {"found": Found(value)}
    hint = None
    if isinstance(value, int | float) and not isinstance(value, bool) and 10 < value <= 100:
        hint = "hint.widen_width_percent"
        params.update(percent=float(value), suggestion=toml_literal(round(value / 100, 10)))
    return ScenarioError(code="error.widen.width", params=params, hint=hint, file=file, path=key)


#: Bounds kinds whose parameter is a count: widened numbers the author wrote as whole numbers
#: stay whole (a lower end rounded down, an upper end up, so the range only grows).
COUNT_KINDS = ("participants_per_year", "units")
#: Keys whose numbers are in the parameter's own unit, so they are clipped to its domain.
_LOCATED = ("value", "min", "mode", "max", "mean", "p05", "p95")


def _build(kind: str, pairs: dict, like: Distribution) -> Distribution:
    """The distribution of ``kind`` with ``pairs``, carrying ``like``'s metadata (raises
    ScenarioError if the numbers are not a valid distribution)."""
    table: dict = {"dist": kind, **pairs}
    if isinstance(like, Discrete):
        table["weights"] = list(like.weights)
    if "values" in table:
        table["values"] = list(table["values"])
    dist = parse_distribution(table, path="")
    return dataclasses.replace(
        dist, evidence=like.evidence, source=like.source, note=like.note, derived=like.derived
    )


def widened_pairs(dist: Distribution, w: float, bounds: Bounds) -> tuple[str, dict] | None:
    """``(kind, pairs)`` of ``dist`` widened by relative width ``w``, in the author's
    parameterisation where there is one; None if nothing changes. Exact arithmetic.

    Fixed ``v`` -> ``triangular(v - w|v|, v, v + w|v|)``; uniform and discrete: stretched
    about the median by ``1 + w``; triangular and PERT: the mode kept, ``min`` and ``max``
    ``1 + w`` times as far from it; normal: the mean kept, ``sd`` (and the distance of
    ``min``/``max`` from the mean) times ``1 + w``; lognormal: log-scale ``sigma`` times
    ``1 + w`` about the median, written as ``p05``/``p95`` or ``mu``/``sigma`` as the author
    did, or ``mean`` kept and ``sd`` times ``1 + w`` for ``mean``/``sd``; gamma and beta: the
    mean kept and the sd times ``1 + w`` (a beta's variance capped at ``mean (1 - mean) / 3``),
    written as ``mean``/``sd``, ``shape``/``scale``, ``alpha``/``beta`` or ``p05``/``p95`` as the
    author did; log-uniform: its log-width times ``1 + w`` about the geometric centre. Every
    number in the parameter's unit is clipped to ``bounds``. Each kind does its own
    (:meth:`~sekalk.distributions.Distribution.widened`).
    """
    if w <= 0:
        return None
    found = dist.widened(1.0 + w, bounds)  # each kind knows how it widens
    if found is None:
        return None
    kind, new = found
    if kind == dist.kind and new == dist.pairs():
        return None
    return kind, new


def _whole(x: float, down: bool) -> float:
    return float(math.floor(x) if down else math.ceil(x))


def rounded_pairs(kind: str, new: dict, old: dict, bounds: Bounds, *, count: bool = False) -> dict:
    """``new`` with the numbers the widening changed rounded to ``WIDEN_DIGITS`` significant
    digits (numbers in the parameter's unit then clipped to ``bounds``); with ``count``, where
    the author wrote whole numbers, lower ends rounded down and upper ends up to whole numbers.
    Numbers as the author wrote them are kept exactly."""
    whole = count and all(
        float(v).is_integer() for x in old.values() for v in (x if isinstance(x, tuple) else (x,))
    )
    out = {}
    for key, value in new.items():
        if old.get(key) == value:
            out[key] = value
            continue

        def rnd(x: float, below: bool, key: str = key) -> float:
            if whole and key in ("min", "max", "values", "p05", "p95"):
                return clip_to(_whole(x, down=below), bounds)
            r = round_sig(x, WIDEN_DIGITS)
            return clip_to(r, bounds) if key in _LOCATED else r

        if isinstance(value, tuple):  # discrete values: those that moved down rounded down
            before = old.get(key, value)
            out[key] = tuple(rnd(v, v < b) for v, b in zip(value, before, strict=True))
        else:
            out[key] = rnd(value, key in ("min", "p05"))
    return out


def round_widened(
    new: Distribution, old: Distribution, bounds: Bounds, *, count: bool = False
) -> Distribution:
    """``new`` (a widening of ``old``) with the numbers the widening changed rounded (see
    :func:`rounded_pairs`); ``new`` as it is if the rounded numbers are not a valid
    distribution (e.g. two bounds rounded onto each other)."""
    before = {"mode": old.value} if isinstance(old, Fixed) else old.pairs()
    pairs = rounded_pairs(new.kind, new.pairs(), before, bounds, count=count)
    try:
        return _build(new.kind, pairs, new)
    except (ScenarioError, ValueError):
        return new


def widen_distribution(dist: Distribution, w: float, bounds: Bounds) -> Distribution | None:
    """``dist`` widened by relative width ``w`` within ``bounds``; None if nothing changes.

    Exact arithmetic (see :func:`widened_pairs`); :func:`widen` rounds the result with
    :func:`round_widened`.
    """
    found = widened_pairs(dist, w, bounds)
    if found is None:
        return None
    kind, pairs = found
    return _build(kind, pairs, dist)


def describe_change(old: Distribution, new: Distribution, lang: str) -> str:
    """What a widening changed, key by key in the author's parameterisation, for a reader:
    ``min 1 400 000 → 1 330 000; max 2 000 000 → 2 100 000`` (a fixed value: ``2 000 →
    triangular(1 500; 2 000; 2 500)``)."""
    from sekalk.report.describe import SEP, describe_distribution, fmt_sig

    if isinstance(old, Fixed):
        return f"{fmt_sig(old.value, lang)} → {describe_distribution(new, lang)}"
    before, after = old.pairs(), new.pairs()

    def text(x: float | tuple | None) -> str:
        if x is None:
            return "–"
        if isinstance(x, tuple):
            return SEP.join(fmt_sig(v, lang) for v in x)
        return fmt_sig(x, lang)

    return SEP.join(
        f"{key} {text(before.get(key))} → {text(after[key])}"
        for key in after
        if before.get(key) != after[key]
    )


def widen(
    scenario: Scenario,
    rule: WidenRule | None = None,
    *,
    note: str = "",
    lang: str | None = None,
) -> Scenario:
    """Widen every parameter by its evidence grade (see the module docstring).

    Parameters
    ----------
    scenario
        The scenario (possibly with an evaluator's overrides, which are left alone).
    rule
        The widths per grade; default :class:`WidenRule()`.
    note
        A format string for the note of each widened parameter, with ``{pct}`` (the width),
        ``{grade}`` and ``{changes}`` (what changed, see :func:`describe_change`); default the
        catalogue's ``ev.widen_note`` in ``lang``.
    lang
        Language of the note and the evidence grade in it; default the scenario's.

    Returns
    -------
    Scenario
        The widened scenario; each widened parameter is an override with origin ``"widen"``.
    """
    from sekalk.report.i18n import t, template
    from sekalk.text.numbers import fmt_percent

    rule = rule or WidenRule()
    lang = lang or scenario.settings.language
    # A template filled in per parameter below, so taken unformatted from the catalogue.
    note = note or template("ev.widen_note", lang)
    done = {o.id for o in scenario.overrides}
    for pid, param in scenario.parameters.items():
        if pid in done or pid in rule.exclude:
            continue
        dist = param.distribution
        w = rule.width(dist.evidence)
        bounds = PARAMETER_BOUNDS[bounds_kind(pid, param.attribute)]
        kind = bounds_kind(pid, param.attribute)
        new = widen_distribution(dist, w, bounds)
        if new is None:
            continue
        new = round_widened(new, dist, bounds, count=kind in COUNT_KINDS)
        pct = fmt_percent(w, lang, significant=4)
        text = note.format(
            pct=pct,
            grade=t(f"evidence.{dist.evidence or 'none'}", lang),
            changes=describe_change(dist, new, lang),
        )
        new = dataclasses.replace(new, note=text)
        scenario = apply_override(scenario, pid, new, origin="widen")
    return scenario
