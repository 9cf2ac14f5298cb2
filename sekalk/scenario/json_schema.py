"""A JSON Schema (draft 2020-12) of scenario format v1, for editors.

The schema is generated from the same key tables the loader validates against
(:data:`~sekalk.scenario.loader.SCENARIO_KEYS` etc., the distribution kinds and their parameter
sets, the unit-reference keys) and from the parameter domains
(:data:`~sekalk.scenario.loader.PARAMETER_BOUNDS`: a share given as a number must lie in
[0, 1], a cost be >= 0, ...), so it cannot drift from the loader. It checks structure, key
names, simple types and the range of plain numbers; the loader remains the authority on values
(distribution supports, shares summing to 1, year ranges inside the horizon, ids in
correlations), and its messages are better.
"""

from __future__ import annotations

from typing import Any

from sekalk.distributions import DISTRIBUTION_KINDS, EVIDENCE_GRADES
from sekalk.distributions.base import META_KEYS
from sekalk.scenario.loader import (
    AMOUNT_KINDS,
    CONSEQUENCE_KEYS,
    CONTINUATION_KEYS,
    CORRELATION_KEYS,
    COST_KEYS,
    INTERVENTION_KEYS,
    LOGIC_KEYS,
    OUTCOME_KEYS,
    PARAMETER_BOUNDS,
    SCENARIO_KEYS,
    SPREAD_KEYS,
    TOP_KEYS,
    UNIT_REF_KEYS,
    Bounds,
    bounds_kind,
)
from sekalk.scenario.schema import CONSEQUENCE_KINDS, EFFECT_FORMS, LANGUAGES, VALUATIONS
from sekalk.units import REF_DISTRIBUTIONS, TIME_BASES

SCHEMA_ID = "https://sekalk.invalid/schema/scenario-v1.json"

_DESCRIPTIONS = {
    "title": "Name of the calculation.",
    "price_year": "Price level of every amount [year]; unit references are converted to it.",
    "horizon_years": "Number of years computed; years run 0 .. horizon_years-1.",
    "discount_rate": "Real discount rate [fraction per year], e.g. 0.035 (ASEK).",
    "language": "Report language.",
    "valuation": "What the scenario declares each avoided outcome is valued as, shown in "
    "reports (not checked): average_difference (the average difference an outcome makes), "
    "lifetime (a whole lifetime's costs, a worst case), short_term (costs soon after the "
    "outcome) or other (say which in valuation_note).",
    "valuation_note": "A note on the valuation basis, shown in reports; required with "
    'valuation = "other".',
    "years": "Inclusive year range [first, last], e.g. [0, 2].",
    "participants_per_year": "Participants in each cohort year (number or distribution).",
    "payer": "An actor name or shares that sum to 1, e.g. { region = 0.5, kommun = 0.5 }.",
    "annual": "Amount per year [currency]: a number, a distribution or a unit reference.",
    "share": "A share [fraction in 0..1]: a number or distribution.",
    "lag": "Years from a cohort's start to the outcome.",
    "baseline_risk": "Risk of the outcome without the intervention (the counterfactual).",
    "effect": "The intervention's effect: relative_risk or risk_difference.",
    "attribution": "Share of the change that is due to this intervention.",
    "dropoff": "Yearly share of avoided outcomes that lapse after the outcome year.",
    "kind": "resource | transfer (cancels for society) | production.",
    "recipient": "Who receives a transfer.",
    "start": "Years after the outcome year when the consequence starts.",
    "duration": "Years the consequence lasts (default: to the horizon).",
    "growth": "Real yearly growth of the amount [fraction].",
    "id": "Identifier (lower-case letters, digits, _ or -); default: slug of the label.",
    "rho": "Spearman rank correlation in [-1, 1].",
    "between": "Two parameter ids, e.g. outcomes.<id>.effect.",
    "probability": "Probability that the level happens [fraction in 0..1].",
    "annual_cost": "Cost per year [currency] (per adopting unit for spread).",
    "units": "Number of units that adopt the method.",
    "scale": "Each unit as a factor of the intervention's participants and costs.",
}

#: Keys of [continuation] and [spread] whose meaning differs from the same key elsewhere.
_LEVEL_TYPES: dict[str, Any] = {
    "years": {
        "type": "integer",
        "minimum": 1,
        "description": "Number of years the level runs (its cohorts).",
    },
    "lag": {
        "type": "integer",
        "minimum": 1,
        "description": "Years after the last funded year before the units start.",
    },
}

_TYPES: dict[str, Any] = {
    "title": {"type": "string", "minLength": 1},
    "description": {"type": "string"},
    "label": {"type": "string", "minLength": 1},
    "note": {"type": "string"},
    "currency": {"type": "string", "minLength": 1},
    "price_year": {"type": "integer", "minimum": 1900, "maximum": 2200},
    "horizon_years": {"type": "integer", "minimum": 1},
    "language": {"enum": list(LANGUAGES)},
    "valuation": {"enum": list(VALUATIONS)},
    "valuation_note": {"type": "string", "minLength": 1},
    "actors": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}},
    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
    "years": {"$ref": "#/$defs/year_range"},
    "lag": {"type": "integer", "minimum": 0},
    "start": {"type": "integer", "minimum": 0},
    "duration": {"type": "integer", "minimum": 1},
    "kind": {"enum": list(CONSEQUENCE_KINDS)},
    "payer": {"$ref": "#/$defs/allocation"},
    "recipient": {"$ref": "#/$defs/allocation"},
    "rho": {"type": "number", "minimum": -1, "maximum": 1},
    "between": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
    "effect": {"$ref": "#/$defs/effect"},
}

#: Keys whose value is a number or a distribution table (an amount: or a unit reference).
_UNCERTAIN = {
    "discount_rate",
    "participants_per_year",
    "share",
    "baseline_risk",
    "attribution",
    "dropoff",
    "growth",
    "annual",
    "annual_cost",
    "probability",
    "units",
    "scale",
}


def _number(b: Bounds) -> dict[str, Any]:
    """A plain number in the domain ``b``."""
    spec: dict[str, Any] = {"type": "number"}
    if b.lo is not None:
        spec["exclusiveMinimum" if b.lo_open else "minimum"] = b.lo
    if b.hi is not None:
        spec["maximum"] = b.hi
    return spec


def _parameter(param_id: str, key: str) -> dict[str, Any]:
    """A number in the parameter's domain or a distribution (an amount: or a unit reference)."""
    kind = bounds_kind(param_id, "annual" if key == "annual_cost" else key)
    b = PARAMETER_BOUNDS[kind]
    choices = [_number(b), {"$ref": "#/$defs/distribution"}]
    if kind in AMOUNT_KINDS and key == "annual":
        choices.append({"$ref": "#/$defs/unit_ref"})
    return {"oneOf": choices, "description": f"{b.what[:1].upper()}{b.what[1:]}."}


def _object(
    keys: set[str],
    *,
    prefix: str,
    required: tuple[str, ...] = (),
    items: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The table at ``prefix`` (a parameter-id prefix such as ``intervention.costs.x``)."""
    props: dict[str, Any] = {}
    for key in sorted(keys):
        if items and key in items:
            spec = dict(items[key])
        elif key in _UNCERTAIN:
            spec = _parameter(f"{prefix}.{key}", key)
        else:
            spec = dict(_TYPES.get(key, {}))
        if key in _DESCRIPTIONS and not (items and key in items and "description" in spec):
            spec["description"] = _DESCRIPTIONS[key]
        props[key] = spec
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def _distribution() -> dict[str, Any]:
    """A distribution table: ``dist`` plus the parameters of one of its parameter sets."""
    meta = {
        "evidence": {"enum": list(EVIDENCE_GRADES), "description": "How the number is grounded."},
        "source": {"type": "string", "description": "Where the number comes from."},
        "note": {"type": "string"},
    }
    variants = []
    for kind, cls in DISTRIBUTION_KINDS.items():
        for required, optional in cls.param_sets:
            props: dict[str, Any] = {"dist": {"const": kind}}
            for key in (*required, *optional):
                props[key] = (
                    {"type": "array", "items": {"type": "number"}, "minItems": 1}
                    if key in cls.list_keys
                    else {"type": "number"}
                )
            props.update({k: meta[k] for k in META_KEYS})
            variants.append(
                {
                    "type": "object",
                    "properties": props,
                    "required": ["dist", *required],
                    "additionalProperties": False,
                }
            )
    return {
        "type": "object",
        "description": "A distribution: dist = " + " | ".join(DISTRIBUTION_KINDS) + ".",
        "properties": {"dist": {"enum": list(DISTRIBUTION_KINDS)}},
        "required": ["dist"],
        "oneOf": variants,
    }


def _unit_ref() -> dict[str, Any]:
    from sekalk.units import load_units

    amounts = [u.id for u in load_units() if u.kind != "rate"]
    props: dict[str, Any] = {
        "ref": {"enum": amounts, "description": "Id of a unit cost (list them: sekalk units)."},
        "per": {
            "type": "string",
            "description": "What the parameter needs: "
            + ", ".join(TIME_BASES)
            + " (converted from the unit's own time base), or the unit's own unit. A unit "
            "without a time base (per case, per person-lifetime) takes no time per: it is a "
            "one-off amount, allowed only where it is booked in one year (a consequence with "
            "duration = 1, a cost with years = [y, y]).",
        },
        "dist": {"enum": list(REF_DISTRIBUTIONS), "default": "pert"},
        "price_year": {"type": "integer", "description": "Must equal [scenario] price_year."},
        "evidence": {"enum": list(EVIDENCE_GRADES)},
        "source": {"type": "string"},
        "note": {"type": "string"},
    }
    if set(props) != UNIT_REF_KEYS:  # the loader's keys, nothing more or less
        raise RuntimeError("the unit-reference keys of the schema and the loader differ")
    return {
        "type": "object",
        "description": "A sourced unit cost from the library, converted to the scenario's "
        "price year with KPI.",
        "properties": props,
        "required": ["ref"],
        "additionalProperties": False,
    }


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of scenario format v1, as a dict."""
    consequence = _object(
        CONSEQUENCE_KEYS,
        prefix="outcomes.x.consequences.x",
        required=("label", "kind", "payer", "annual"),
    )
    outcome = _object(
        OUTCOME_KEYS,
        prefix="outcomes.x",
        required=("label", "lag", "baseline_risk", "effect", "consequences"),
        items={"consequences": {"type": "array", "minItems": 1, "items": consequence}},
    )
    cost = _object(
        COST_KEYS, prefix="intervention.costs.x", required=("label", "payer", "years", "annual")
    )
    intervention = _object(
        INTERVENTION_KEYS,
        prefix="intervention",
        required=("years", "participants_per_year", "costs"),
        items={"costs": {"type": "array", "minItems": 1, "items": cost}},
    )
    top = _object(
        TOP_KEYS,
        prefix="",
        required=("scenario", "intervention", "outcomes"),
        items={
            "$schema": {"type": "string"},
            "scenario": _object(
                SCENARIO_KEYS,
                prefix="scenario",
                required=("title", "price_year", "horizon_years"),
            ),
            "intervention": intervention,
            "logic": {
                "type": "array",
                "items": _object(LOGIC_KEYS, prefix="logic.x", required=("label", "share")),
            },
            "outcomes": {"type": "array", "minItems": 1, "items": outcome},
            "correlations": {
                "type": "array",
                "items": _object(CORRELATION_KEYS, prefix="", required=("between", "rho")),
            },
            "continuation": _object(
                CONTINUATION_KEYS,
                prefix="continuation",
                required=("probability", "years", "annual_cost", "payer"),
                items=_LEVEL_TYPES,
            ),
            "spread": _object(
                SPREAD_KEYS,
                prefix="spread",
                required=("units", "probability", "years"),
                items=_LEVEL_TYPES,
            ),
        },
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "sekalk scenario (format v1)",
        "description": "A socio-economic calculation of an early social intervention. "
        "Validate with `sekalk validate`; this schema is for editor completion and checks.",
        **top,
        "$defs": {
            "year_range": {
                "description": "An inclusive year range [first, last] or a single year.",
                "oneOf": [
                    {"type": "integer", "minimum": 0},
                    {
                        "type": "array",
                        "items": {"type": "integer", "minimum": 0},
                        "minItems": 2,
                        "maxItems": 2,
                    },
                ],
            },
            "allocation": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
                        "minProperties": 1,
                    },
                ]
            },
            "distribution": _distribution(),
            "unit_ref": _unit_ref(),
            "effect": {
                "type": "object",
                "properties": {k: _parameter(f"outcomes.x.{k}", k) for k in EFFECT_FORMS},
                "additionalProperties": False,
                "minProperties": 1,
                "maxProperties": 1,
            },
        },
    }
