"""Typed, immutable scenario objects (format v1).

A :class:`Scenario` is what a scenario file means once it has been validated. Every quantity
that may be uncertain is a :class:`~sekalk.distributions.Distribution` (a plain number in the
file becomes a ``Fixed``). Parameter ids are dotted paths built from item ids, e.g.
``outcomes.ej_behorig.consequences.forsorjningsstod.annual``; overrides and overlays address
these ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sekalk.distributions import EVIDENCE_GRADES as EVIDENCE_GRADES  # defined there, once
from sekalk.distributions import Distribution
from sekalk.text.catalog import languages

DEFAULT_ACTORS: tuple[str, ...] = ("kommun", "region", "stat", "individ", "ovriga")
PUBLIC_ACTORS: tuple[str, ...] = ("kommun", "region", "stat")
CONSEQUENCE_KINDS: tuple[str, ...] = ("resource", "transfer", "production")
EFFECT_FORMS: tuple[str, ...] = ("relative_risk", "risk_difference")
#: The languages a scenario may be written in: those with a message catalogue.
LANGUAGES: tuple[str, ...] = languages()
#: What a scenario may declare as the basis on which an avoided outcome is valued
#: (``[scenario] valuation``); sekalk shows the declaration but cannot check it.
VALUATIONS: tuple[str, ...] = ("average_difference", "lifetime", "short_term", "other")

#: Allocation of a flow among actors: ``(("region", 0.5), ("kommun", 0.5))``; shares sum to 1.
Allocation = tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Settings:
    """The ``[scenario]`` table: title, prices, horizon and discounting.

    ``valuation`` is what the scenario declares as the basis on which it values an avoided
    outcome (one of :data:`VALUATIONS`, or None when it declares nothing), with an optional
    ``valuation_note``; it is shown in reports, not checked against the amounts.
    """

    title: str
    price_year: int
    horizon_years: int
    discount_rate: Distribution
    currency: str = "SEK"
    language: str = "sv"  # one of LANGUAGES
    description: str | None = None
    actors: tuple[str, ...] = DEFAULT_ACTORS
    valuation: str | None = None
    valuation_note: str | None = None


@dataclass(frozen=True, slots=True)
class Cost:
    """An intervention cost: ``annual`` [currency per year] in each year of ``years``."""

    id: str
    label: str
    payer: Allocation
    years: tuple[int, int]
    annual: Distribution


@dataclass(frozen=True, slots=True)
class Intervention:
    """Who takes part and what it costs; a new cohort starts in each of ``years``."""

    years: tuple[int, int]
    participants_per_year: Distribution
    costs: tuple[Cost, ...]

    @property
    def cohort_years(self) -> range:
        """The years in which a cohort starts [years from start]."""
        return range(self.years[0], self.years[1] + 1)


@dataclass(frozen=True, slots=True)
class LogicStep:
    """One link of the logic model: the share of participants that pass this step."""

    id: str
    label: str
    share: Distribution


@dataclass(frozen=True, slots=True)
class Effect:
    """The intervention's effect on an outcome, as a relative risk or an absolute risk difference."""

    form: Literal["relative_risk", "risk_difference"]
    value: Distribution


@dataclass(frozen=True, slots=True)
class Consequence:
    """What one adverse outcome costs per year, in excess of the counterfactual.

    ``annual`` [currency per person-year] is incurred by a share ``share`` [fraction] of the
    people with the outcome, from ``start`` years after the outcome year for ``duration`` years
    (``None``: to the horizon), growing by ``growth`` [fraction per year] relative to year 0.
    """

    id: str
    label: str
    kind: Literal["resource", "transfer", "production"]
    payer: Allocation
    recipient: Allocation | None
    share: Distribution
    annual: Distribution
    growth: Distribution
    start: int = 0
    duration: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """An adverse outcome that the intervention may avoid, ``lag`` years after a cohort starts."""

    id: str
    label: str
    lag: int
    baseline_risk: Distribution
    effect: Effect
    attribution: Distribution
    dropoff: Distribution
    consequences: tuple[Consequence, ...]


@dataclass(frozen=True, slots=True)
class Correlation:
    """A Spearman rank correlation between two uncertain parameters."""

    between: tuple[str, str]
    rho: float


@dataclass(frozen=True, slots=True)
class Continuation:
    """Organisational level: the method may be taken into ordinary operations after funding.

    With probability ``probability`` [fraction] (drawn per draw as a Bernoulli outcome on the
    uniform stream :data:`CONTINUATION_EVENT`), further cohorts start in each of the ``years``
    years after the last funded cohort year (clipped to the horizon), with ``participants_per_year``
    [persons] (``None``: the intervention's own draws) at ``annual_cost`` [currency per year]
    paid by ``payer``.
    """

    label: str
    probability: Distribution
    years: int
    annual_cost: Distribution
    payer: Allocation
    participants_per_year: Distribution | None = None


@dataclass(frozen=True, slots=True)
class Spread:
    """System level: other units (schools, municipalities) may adopt the method.

    With probability ``probability`` [fraction] (a Bernoulli outcome per draw on the uniform
    stream :data:`SPREAD_EVENT`), ``units`` other units adopt the method ``lag`` years after the
    last funded cohort year and run it for ``years`` years (clipped to the horizon). Each unit
    takes ``participants_per_year`` [persons] or ``scale`` x the intervention's participants,
    and costs ``annual_cost`` [currency per year] paid by ``payer`` or, without
    ``annual_cost``, ``scale`` x each intervention cost with that cost's payers.
    """

    label: str
    units: Distribution
    probability: Distribution
    lag: int
    years: int
    participants_per_year: Distribution | None = None
    scale: Distribution | None = None
    annual_cost: Distribution | None = None
    payer: Allocation | None = None


#: Uniform streams that decide, per draw, whether continuation and spread happen.
CONTINUATION_EVENT = "continuation.occurs"
SPREAD_EVENT = "spread.occurs"


@dataclass(frozen=True, slots=True)
class ParameterLabel:
    """A parameter's name as parts, for a face to put into words in the reader's language.

    ``attribute`` is a code (``annual``, ``one_off``, ``share``, ``discount_rate``, ...),
    ``item`` the scenario's own label of the item the parameter belongs to (empty for a
    scenario-wide parameter) and ``level`` the level code (``continuation`` or ``spread``)
    when the parameter belongs to a level without a label of its own, else None.
    See :func:`sekalk.report.labels.parameter_label`.
    """

    attribute: str
    item: str = ""
    level: str | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of the model: its id, what it belongs to and its distribution.

    ``item_label`` is the label of the cost, logic step, outcome or consequence it belongs to
    (empty for the scenario-wide ``scenario.discount_rate`` and
    ``intervention.participants_per_year``), ``attribute`` the key (``annual``, ``share``, ...).
    For an amount, ``booked_years`` is in how many years it is booked per occurrence [years]: a
    cost's years, a consequence's duration, the years of continuation or spread; None for other
    parameters and for a consequence that lasts until the horizon.
    """

    id: str
    item_label: str
    attribute: str
    distribution: Distribution
    booked_years: int | None = None

    @property
    def is_uncertain(self) -> bool:
        """True unless the parameter is a fixed number."""
        return not self.distribution.is_fixed

    @property
    def one_off(self) -> bool:
        """True for an amount booked in exactly one year per occurrence (a one-off amount)."""
        return self.booked_years == 1

    @property
    def label(self) -> ParameterLabel:
        """The parameter's name as language-neutral parts (an amount booked in one year only
        is named a one-off amount, not an annual one)."""
        attribute = "one_off" if self.attribute == "annual" and self.one_off else self.attribute
        level = self.id.split(".", 1)[0]
        if not self.item_label and level in ("continuation", "spread"):
            return ParameterLabel(attribute, "", level)
        return ParameterLabel(attribute, self.item_label)


@dataclass(frozen=True, slots=True)
class Override:
    """One assumption replaced by an evaluator: the applicant's value beside the new one.

    ``origin`` says where the override came from: ``"--set"``, the path of an overlay file,
    ``"widen"`` (evidence-based widening) or ``"api"`` (:meth:`Scenario.with_overrides`). The
    evaluator's evidence, source and note (why they disagree) are the metadata of ``value``.
    """

    id: str
    original: Distribution
    value: Distribution
    origin: str = "api"

    def to_dict(self) -> dict[str, Any]:
        """The provenance record of the JSON outputs (values as distribution tables).

        The note of a value referenced from the unit-cost library says how it was derived, in
        the scenario's language (:func:`sekalk.report.labels.distribution_note`, imported
        when a value has such a derivation)."""
        return {
            "id": self.id,
            "original": _table_with_note(self.original),
            "value": _table_with_note(self.value),
            "evidence": self.value.evidence,
            "source": self.value.source,
            "note": _note(self.value),
            "origin": self.origin,
        }


def _note(dist: Distribution) -> str | None:
    """``dist.note``, with how a referenced value was derived, in the scenario's language
    (plain spaces: :func:`sekalk.text.numbers.plain_spaces`)."""
    from sekalk.text.numbers import plain_spaces

    if dist.derived is None:
        return plain_spaces(dist.note)
    from sekalk.report.labels import distribution_note

    return plain_spaces(distribution_note(dist))


def _table_with_note(dist: Distribution) -> dict[str, Any]:
    """:meth:`Distribution.to_table` with the note of :func:`_note`."""
    table = dist.to_table()
    if dist.derived is not None or "note" in table:
        table["note"] = _note(dist)
    return table


@dataclass(frozen=True, slots=True)
class Overlay:
    """An evaluator's overlay file that was laid over a scenario (provenance).

    ``path`` as given, ``title`` and ``description`` from the file (None when it has none),
    ``sha256`` of its bytes, ``ids`` the parameter ids it replaced, in file order.
    """

    path: str
    sha256: str
    title: str | None = None
    description: str | None = None
    ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The provenance record of the JSON outputs."""
        return {
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "sha256": self.sha256,
            "ids": list(self.ids),
        }


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario. Build it with :func:`sekalk.load`."""

    settings: Settings
    intervention: Intervention
    logic: tuple[LogicStep, ...]
    outcomes: tuple[Outcome, ...]
    correlations: tuple[Correlation, ...] = ()
    #: Organisational level (``None``: the method ends with the funding).
    continuation: Continuation | None = None
    #: System level (``None``: no other unit adopts the method).
    spread: Spread | None = None
    #: The file it was read from (``None`` when built in code).
    path: str | None = field(default=None, compare=False)
    #: SHA-256 of the file's bytes (``None`` when built in code).
    sha256: str | None = field(default=None, compare=False)
    #: The assumptions replaced since loading, in the order applied (provenance only: two
    #: scenarios with the same parameters are equal whatever route led to them).
    overrides: tuple[Override, ...] = field(default=(), compare=False)
    #: The overlay files applied, in order (provenance only, like ``overrides``).
    overlays: tuple[Overlay, ...] = field(default=(), compare=False)

    @property
    def title(self) -> str:
        """The scenario's title."""
        return self.settings.title

    def iter_parameters(self) -> Iterator[Parameter]:
        """Every parameter in file order (fixed and uncertain)."""
        s = self.settings
        yield Parameter("scenario.discount_rate", "", "discount_rate", s.discount_rate)
        yield Parameter(
            "intervention.participants_per_year",
            "",
            "participants_per_year",
            self.intervention.participants_per_year,
        )
        for cost in self.intervention.costs:
            yield Parameter(
                f"intervention.costs.{cost.id}.annual",
                cost.label,
                "annual",
                cost.annual,
                cost.years[1] - cost.years[0] + 1,
            )
        for step in self.logic:
            yield Parameter(f"logic.{step.id}.share", step.label, "share", step.share)
        for out in self.outcomes:
            base = f"outcomes.{out.id}"
            yield Parameter(f"{base}.baseline_risk", out.label, "baseline_risk", out.baseline_risk)
            yield Parameter(f"{base}.effect", out.label, out.effect.form, out.effect.value)
            yield Parameter(f"{base}.attribution", out.label, "attribution", out.attribution)
            yield Parameter(f"{base}.dropoff", out.label, "dropoff", out.dropoff)
            for con in out.consequences:
                cbase = f"{base}.consequences.{con.id}"
                yield Parameter(f"{cbase}.share", con.label, "share", con.share)
                yield Parameter(f"{cbase}.annual", con.label, "annual", con.annual, con.duration)
                yield Parameter(f"{cbase}.growth", con.label, "growth", con.growth)
        if (cont := self.continuation) is not None:
            yield Parameter("continuation.probability", cont.label, "probability", cont.probability)
            yield Parameter(
                "continuation.annual_cost", cont.label, "annual", cont.annual_cost, cont.years
            )
            if cont.participants_per_year is not None:
                yield Parameter(
                    "continuation.participants_per_year",
                    cont.label,
                    "participants_per_year",
                    cont.participants_per_year,
                )
        if (sp := self.spread) is not None:
            yield Parameter("spread.units", sp.label, "units", sp.units)
            yield Parameter("spread.probability", sp.label, "probability", sp.probability)
            for attr in ("participants_per_year", "scale", "annual_cost"):
                dist = getattr(sp, attr)
                if dist is not None:
                    name = "annual" if attr == "annual_cost" else attr
                    booked = sp.years if attr == "annual_cost" else None
                    yield Parameter(f"spread.{attr}", sp.label, name, dist, booked)

    @property
    def events(self) -> tuple[str, ...]:
        """Ids of the uniform streams of the level events (continuation, spread) it has."""
        out = ()
        if self.continuation is not None:
            out += (CONTINUATION_EVENT,)
        if self.spread is not None:
            out += (SPREAD_EVENT,)
        return out

    @property
    def levels(self) -> tuple[str, ...]:
        """``project`` and, where the scenario has them, ``continuation`` and ``spread``."""
        out = ("project",)
        if self.continuation is not None:
            out += ("continuation",)
        if self.spread is not None:
            out += ("spread",)
        return out

    @property
    def parameters(self) -> dict[str, Parameter]:
        """Every parameter by id, in file order."""
        return {p.id: p for p in self.iter_parameters()}

    @property
    def uncertain_parameters(self) -> dict[str, Parameter]:
        """The parameters that are distributions (not fixed numbers), in file order."""
        return {p.id: p for p in self.iter_parameters() if p.is_uncertain}

    def with_overrides(self, overrides: Mapping[str, Any], *, origin: str = "api") -> Scenario:
        """A new scenario with some parameters replaced, validated as the loader validates.

        Parameters
        ----------
        overrides
            Parameter id -> a number, a distribution table (as in a scenario file) or a
            :class:`~sekalk.distributions.Distribution`. For an ``effect``, a table
            ``{relative_risk = ...}`` or ``{risk_difference = ...}`` may also change its form.
        origin
            Recorded with each override (e.g. ``"--set"`` or an overlay's path).

        Raises
        ------
        ScenarioError
            For an unknown id (the message lists the valid ids) or a value outside the
            parameter's domain.
        """
        from sekalk.scenario.overrides import apply_overrides

        return apply_overrides(self, overrides, origin=origin)

    @property
    def outcomes_beyond_horizon(self) -> tuple[str, ...]:
        """Ids of outcomes none of whose consequences can fall within the horizon.

        Valid input (everything stays finite), but almost always a slip: the first cohort's
        outcome year plus the earliest consequence start is at or past ``horizon_years``.
        """
        first = self.intervention.years[0]
        horizon = self.settings.horizon_years
        return tuple(
            o.id
            for o in self.outcomes
            if first + o.lag + min(c.start for c in o.consequences) >= horizon
        )

    @property
    def actors_with_flows(self) -> tuple[str, ...]:
        """Actors that pay, gain or lose anything in this scenario, in the order of ``actors``."""
        used: set[str] = set()
        for cost in self.intervention.costs:
            used.update(a for a, w in cost.payer if w > 0)
        for out in self.outcomes:
            for con in out.consequences:
                used.update(a for a, w in con.payer if w > 0)
                if con.recipient:
                    used.update(a for a, w in con.recipient if w > 0)
        if self.continuation is not None:
            used.update(a for a, w in self.continuation.payer if w > 0)
        if self.spread is not None and self.spread.payer is not None:
            used.update(a for a, w in self.spread.payer if w > 0)
        return tuple(a for a in self.settings.actors if a in used)
