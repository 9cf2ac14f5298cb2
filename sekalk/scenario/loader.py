"""Reading scenario files (TOML or JSON) into validated :class:`Scenario` objects.

Scenario files are data: they are parsed with ``tomllib``/``json`` and nothing in them is
evaluated. Every problem is raised as a :class:`~sekalk.errors.ScenarioError` naming the file,
the key path (item ids where the item has one, e.g. ``outcomes.ej_behorig.effect``) and what
was expected.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sekalk.distributions import Distribution, parse_distribution
from sekalk.errors import ScenarioError, did_you_mean, unknown_key_error
from sekalk.scenario.schema import (
    CONSEQUENCE_KINDS,
    DEFAULT_ACTORS,
    EFFECT_FORMS,
    LANGUAGES,
    VALUATIONS,
    Allocation,
    Consequence,
    Continuation,
    Correlation,
    Cost,
    Effect,
    Intervention,
    LogicStep,
    Outcome,
    Scenario,
    Settings,
    Spread,
)
from sekalk.units import REF_KEYS, check_booked_years, resolve_ref

MAX_HORIZON = 150
SHARE_TOLERANCE = 1e-9
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

#: ``$schema`` is allowed so JSON scenario files can name their JSON Schema; it is ignored.
TOP_KEYS = {
    "$schema",
    "scenario",
    "intervention",
    "logic",
    "outcomes",
    "correlations",
    "continuation",
    "spread",
}
SCENARIO_KEYS = {
    "title",
    "description",
    "currency",
    "price_year",
    "horizon_years",
    "discount_rate",
    "language",
    "actors",
    "valuation",
    "valuation_note",
}
INTERVENTION_KEYS = {"years", "participants_per_year", "costs", "label", "description"}
COST_KEYS = {"id", "label", "payer", "years", "annual", "note"}
LOGIC_KEYS = {"id", "label", "share", "note"}
OUTCOME_KEYS = {
    "id",
    "label",
    "lag",
    "baseline_risk",
    "effect",
    "attribution",
    "dropoff",
    "consequences",
    "note",
}
CONSEQUENCE_KEYS = {
    "id",
    "label",
    "kind",
    "payer",
    "recipient",
    "share",
    "annual",
    "start",
    "duration",
    "growth",
    "note",
}
CORRELATION_KEYS = {"between", "rho"}
#: Keys of a unit reference ``{ ref = "<unit id>", per = "year", ... }`` (amounts only).
UNIT_REF_KEYS = set(REF_KEYS)
#: The bounds kinds of the parameters that accept a unit reference (amounts).
AMOUNT_KINDS = ("cost.annual", "consequence.annual")
CONTINUATION_KEYS = {
    "label",
    "probability",
    "years",
    "annual_cost",
    "payer",
    "participants_per_year",
    "note",
}
SPREAD_KEYS = {
    "label",
    "units",
    "probability",
    "lag",
    "years",
    "annual_cost",
    "payer",
    "participants_per_year",
    "scale",
    "note",
}


@dataclass(frozen=True, slots=True)
class Bounds:
    """The domain of one kind of parameter: support in [lo, hi] (or (lo, hi] with ``lo_open``)."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    what: str = ""


#: The domain of every kind of parameter, used by the loader and by overrides alike.
PARAMETER_BOUNDS: dict[str, Bounds] = {
    "discount_rate": Bounds(-1.0, 1.0, True, "the discount rate"),
    "participants_per_year": Bounds(0.0, None, False, "the number of participants"),
    "cost.annual": Bounds(0.0, None, False, "a cost"),
    "logic.share": Bounds(0.0, 1.0, False, "a share"),
    "baseline_risk": Bounds(0.0, 1.0, False, "a risk"),
    "relative_risk": Bounds(0.0, None, False, "a relative risk"),
    "risk_difference": Bounds(-1.0, 1.0, False, "a risk difference"),
    "attribution": Bounds(0.0, 1.0, False, "the attribution share"),
    "dropoff": Bounds(0.0, 1.0, False, "the yearly drop-off"),
    "consequence.share": Bounds(0.0, 1.0, False, "a share"),
    "consequence.annual": Bounds(None, None, False, "an annual amount"),
    "growth": Bounds(-1.0, None, True, "a growth rate"),
    "probability": Bounds(0.0, 1.0, False, "a probability"),
    "units": Bounds(0.0, None, False, "the number of units"),
    "scale": Bounds(0.0, None, False, "a scale factor"),
}


def bounds_kind(param_id: str, attribute: str) -> str:
    """The key of :data:`PARAMETER_BOUNDS` for a parameter id and its attribute."""
    if attribute in ("annual", "share"):
        if param_id.startswith(("intervention.costs.", "continuation.", "spread.")):
            return "cost." + attribute
        if param_id.startswith("logic."):
            return "logic.share"
        return "consequence." + attribute
    return attribute


def parse_parameter(
    value: Any, path: str, kind: str, *, price_year: int | None = None, lang: str = "sv"
) -> Distribution:
    """A number or distribution table, checked against the domain of parameter ``kind``.

    For an amount (``cost.annual``, ``consequence.annual``) the value may also be a unit
    reference ``{ ref = "<unit id>", per = "year", ... }``: it is resolved against the shipped
    unit-cost library and converted to ``price_year`` [year] with KPI
    (:func:`sekalk.units.resolve_ref`), with a note in ``lang`` on how it was derived.
    """
    if isinstance(value, Mapping) and "ref" in value:
        if kind not in AMOUNT_KINDS:
            raise ScenarioError(
                "a unit reference (ref = ...) is only allowed for amounts (the annual of a cost or a "
                f"consequence), "
                f"not for {PARAMETER_BOUNDS[kind].what}",
                path=f"{path}.ref",
            )
        if price_year is None:  # pragma: no cover - every caller passes the scenario's
            raise ScenarioError("a unit reference needs the scenario's price_year", path=path)
        value = resolve_ref(dict(value), price_year=price_year, path=path, lang=lang)
    elif isinstance(value, Mapping) and "dist" not in value and kind in AMOUNT_KINDS:
        for key in value:  # a mistyped ref: say so, rather than that dist is missing
            if isinstance(key, str) and did_you_mean(key, ("ref",)):
                raise unknown_key_error(key, ("dist", "ref"), path=path)
    b = PARAMETER_BOUNDS[kind]
    return _dist(value, path, lo=b.lo, hi=b.hi, lo_open=b.lo_open, what=b.what)


# ---------------------------------------------------------------------------------------------
# entry points


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file (``.toml``, ``.json`` or an Excel ``.xlsx``).

    Parameters
    ----------
    path
        The scenario file. ``.json`` files are read as JSON, ``.xlsx`` as a workbook
        (:mod:`sekalk.scenario.xlsx`), anything else as TOML.

    Returns
    -------
    Scenario
        The validated scenario, with ``path`` and ``sha256`` (of the file's bytes) set.

    Raises
    ------
    ScenarioError
        If the file cannot be read or does not describe a valid scenario.
    """
    file = str(path)
    p = Path(path)
    if not p.exists():
        raise ScenarioError("file not found", file=file)
    if p.is_dir():
        raise ScenarioError("is a directory, expected a scenario file (.toml or .json)", file=file)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror})", file=file) from None
    return loads(data, file=file, fmt=FORMATS_BY_SUFFIX.get(p.suffix.lower(), "toml"))


#: File suffix -> format; anything else is read as TOML.
FORMATS_BY_SUFFIX = {".json": "json", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx"}


def loads(data: bytes | str, *, file: str = "<string>", fmt: str = "toml") -> Scenario:
    """Parse and validate a scenario from bytes or text (``fmt``: ``"toml"``, ``"json"``, ``"xlsx"``)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    digest = hashlib.sha256(raw).hexdigest()
    if fmt == "xlsx":  # a workbook: errors name the sheet and the cell
        from sekalk.scenario.xlsx import build_from_workbook

        return _replace_meta(build_from_workbook(raw, file=file), path=file, sha256=digest)
    doc = parse_document(raw, file=file, fmt=fmt)
    try:
        scenario = build_scenario(doc)
    except ScenarioError as exc:
        raise exc.with_context(file=file) from None
    return _replace_meta(scenario, path=file, sha256=digest)


def parse_document(raw: bytes, *, file: str, fmt: str) -> dict[str, Any]:
    """Decode and parse TOML/JSON bytes into a plain dict (syntax errors carry the line)."""
    if not raw.strip():
        raise ScenarioError(
            "the file is empty; expected a scenario with a [scenario] table", file=file
        )
    if b"\x00" in raw:
        raise ScenarioError("this is not a text file (it contains NUL bytes)", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"the file is not UTF-8 text (invalid byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            file=file,
            line=line,
        ) from None
    if fmt == "json":
        try:
            doc = json.loads(text, parse_constant=_reject_json_constant)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                f"JSON syntax error: {exc.msg}", file=file, line=exc.lineno
            ) from None
        except ValueError as exc:
            raise ScenarioError(str(exc), file=file) from None
    else:
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
            line = int(m.group(1)) if m else None
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
            if m:
                msg += f" (column {m.group(2)})"
            if "Illegal character '\\n'" in msg:
                msg += "; is a closing quote missing?"
            bad_line = (
                text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
            )
            if re.search(r"=\s*-?\d+,\d", bad_line.split("#", 1)[0]):
                msg += "; write decimals with a point (0.8), not a comma (0,8)"
            raise ScenarioError(f"TOML syntax error: {msg}", file=file, line=line) from None
    if not isinstance(doc, dict):
        raise ScenarioError("expected a table (object) at the top level", file=file)
    return doc


def _reject_json_constant(name: str) -> float:
    raise ValueError(f"JSON constant {name} is not allowed; every number must be finite")


def _replace_meta(scenario: Scenario, **changes: Any) -> Scenario:
    from dataclasses import replace

    return replace(scenario, **changes)


# ---------------------------------------------------------------------------------------------
# small validators; each takes the value and its key path


def _check_keys(table: Mapping[str, Any], allowed: set[str], path: str, required=()) -> None:
    for key in table:
        if key not in allowed:
            raise unknown_key_error(key, allowed, path=path or None)
    for key in required:
        if key not in table:
            where = f"{path}.{key}" if path else key
            raise ScenarioError(f"missing required key '{key}'", path=where)


def _table(value: Any, path: str, what: str = "a table") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(f"expected {what}, found {_type_name(value)}", path=path)
    return value


def _list_of_tables(value: Any, path: str, header: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        raise ScenarioError(
            f"expected a list of tables (write [[{header}]] for each item), found a single table",
            path=path,
        )
    if not isinstance(value, list):
        raise ScenarioError(
            f"expected a list of tables ([[{header}]]), found {_type_name(value)}", path=path
        )
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ScenarioError(
                f"expected a table, found {_type_name(item)}", path=f"{path}#{i + 1}"
            )
    return value


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _string(value: Any, path: str, *, nonempty: bool = True) -> str:
    if not isinstance(value, str):
        raise ScenarioError(f"expected a text string, found {_type_name(value)}", path=path)
    if nonempty and not value.strip():
        raise ScenarioError("expected a non-empty text", path=path)
    return value


def _integer(value: Any, path: str, *, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"expected a whole number, found {_type_name(value)}", path=path)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ScenarioError(f"expected a whole number, found {value!r}", path=path)
        value = int(value)
    if lo is not None and value < lo:
        raise ScenarioError(f"expected a whole number >= {lo}, found {value}", path=path)
    if hi is not None and value > hi:
        raise ScenarioError(f"expected a whole number <= {hi}, found {value}", path=path)
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"expected a number, found {_type_name(value)}", path=path)
    if not math.isfinite(value):
        raise ScenarioError(f"expected a finite number, found {value!r}", path=path)
    return float(value)


def _choice(value: Any, path: str, choices: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        shown = repr(value) if isinstance(value, str) else _type_name(value)
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        raise ScenarioError(
            f"unknown {what} {shown}{hint}; expected one of: {', '.join(choices)}", path=path
        )
    return value


def slugify(label: str) -> str:
    """The default id of an item: its label in lower-case ASCII with ``_`` between words."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"


def _item_id(item: Mapping[str, Any], path: str) -> str:
    if "id" in item:
        ident = _string(item["id"], f"{path}.id")
        if not _ID_RE.match(ident):
            raise ScenarioError(
                f"invalid id {ident!r}; expected lower-case letters, digits, '_' or '-' "
                "(it becomes part of parameter ids such as outcomes.<id>.effect)",
                path=f"{path}.id",
            )
        return ident
    if "label" in item and isinstance(item["label"], str):
        return slugify(item["label"])
    raise ScenarioError("missing required key 'label'", path=f"{path}.label")


def _unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ScenarioError(
                f"duplicate id {ident!r}; ids must be unique within [[{path}]] "
                "(set 'id' explicitly where two labels give the same id)",
                path=f"{path}.{ident}",
            )
        seen.add(ident)


def _dist(
    value: Any,
    path: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    what: str = "",
) -> Distribution:
    """A number or distribution table whose support must lie in [lo, hi] (or (lo, hi])."""
    dist = parse_distribution(value, path=path)
    s_lo, s_hi = dist.support
    too_low = lo is not None and (s_lo < lo or (lo_open and s_lo <= lo))
    too_high = hi is not None and s_hi > hi
    if not (too_low or too_high):
        return dist
    if lo is not None and hi is not None:
        allowed = f"lie in {'(' if lo_open else '['}{lo:g}, {hi:g}]"
    elif lo is not None:
        allowed = f"be {'>' if lo_open else '>='} {lo:g}"
    else:
        allowed = f"be <= {hi:g}"
    desc = what or "this value"
    # Shares and risks written in percent (20 for 20 %) are the commonest slip.
    percent_hint = (
        "; write shares and risks as fractions (0.20 for 20 %)"
        if too_high and lo == 0.0 and hi == 1.0 and 1.0 < s_hi <= 100.0
        else ""
    )
    if dist.is_fixed:
        raise ScenarioError(f"{desc} must {allowed}, found {s_lo:g}{percent_hint}", path=path)
    edge = s_lo if too_low else s_hi
    if math.isfinite(edge):
        found = f"{'down' if too_low else 'up'} to {edge:g}"
        advice = percent_hint or "; change its parameters"
    else:
        found = "down to -infinity" if too_low else "up to infinity"
        advice = "; give it bounds (e.g. min and max) or use a bounded distribution"
    raise ScenarioError(
        f"{desc} must {allowed}, but the {dist.kind} distribution reaches {found}{advice}",
        path=path,
    )


def _year_range(value: Any, path: str, horizon: int) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value, value]
    if not isinstance(value, list) or len(value) != 2:
        raise ScenarioError(
            f"expected an inclusive year range [first, last], e.g. [0, 2], found {_type_name(value)}",
            path=path,
        )
    first = _integer(value[0], f"{path}[0]", lo=0)
    last = _integer(value[1], f"{path}[1]", lo=0)
    if first > last:
        raise ScenarioError(
            f"reversed year range [{first}, {last}]; expected [first, last] with first <= last",
            path=path,
        )
    if last >= horizon:
        raise ScenarioError(
            f"year {last} is outside the horizon; years run from 0 to horizon_years - 1 = {horizon - 1}",
            path=path,
        )
    return first, last


def _allocation(value: Any, path: str, actors: tuple[str, ...]) -> Allocation:
    """An actor name, or a table of actor shares that sum to 1 within 1e-9."""
    if isinstance(value, str):
        _actor(value, path, actors)
        return ((value, 1.0),)
    if not isinstance(value, dict) or not value:
        raise ScenarioError(
            'expected an actor name (e.g. "kommun") or a table of shares '
            "(e.g. { region = 0.5, kommun = 0.5 }), found " + _type_name(value),
            path=path,
        )
    out = []
    for name, share in value.items():
        _actor(name, f"{path}.{name}", actors)
        w = _number(share, f"{path}.{name}")
        if not 0.0 <= w <= 1.0:
            raise ScenarioError(f"expected a share in [0, 1], found {w:g}", path=f"{path}.{name}")
        out.append((name, w))
    total = math.fsum(w for _, w in out)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ScenarioError(f"payer shares must sum to 1, but they sum to {total:.10g}", path=path)
    return tuple(out)


def _actor(name: str, path: str, actors: tuple[str, ...]) -> None:
    if name not in actors:
        hint = did_you_mean(name, actors)
        raise ScenarioError(
            f"unknown actor {name!r}{hint}; known actors: {', '.join(actors)} "
            "(declare others in [scenario] actors = [...])",
            path=path,
        )


# ---------------------------------------------------------------------------------------------
# the scenario


def build_scenario(doc: Mapping[str, Any]) -> Scenario:
    """Validate a parsed document and build the :class:`Scenario` (errors have no file set)."""
    for key in doc:
        if key not in TOP_KEYS and key in SCENARIO_KEYS:
            raise ScenarioError(
                f"'{key}' belongs in the [scenario] table, but it stands at the top level; "
                "expected a [scenario] header above it",
                path=key,
            )
    _check_keys(doc, TOP_KEYS, "", required=("scenario", "intervention", "outcomes"))
    settings = _settings(_table(doc["scenario"], "scenario", "a [scenario] table"))
    horizon = settings.horizon_years
    intervention = _intervention(
        _table(doc["intervention"], "intervention", "an [intervention] table"),
        horizon,
        settings.actors,
        settings.price_year,
        settings.language,
    )
    logic = _logic(doc.get("logic", []))
    outcomes = _outcomes(
        doc["outcomes"], horizon, settings.actors, settings.price_year, settings.language
    )
    last = intervention.years[1]
    continuation = spread = None
    if "continuation" in doc:
        continuation = _continuation(
            _table(doc["continuation"], "continuation", "a [continuation] table"), settings, last
        )
    if "spread" in doc:
        spread = _spread(_table(doc["spread"], "spread", "a [spread] table"), settings, last)
    scenario = Scenario(
        settings, intervention, logic, outcomes, continuation=continuation, spread=spread
    )
    correlations = _correlations(doc.get("correlations", []), scenario)
    _check_one_off_amounts(doc, scenario)
    return _replace_meta(scenario, correlations=correlations)


def _check_one_off_amounts(doc: Mapping[str, Any], scenario: Scenario) -> None:
    """Refuse a unit without a time base (per case, per lifetime) booked in more than one year.

    Walks the amounts as written (the built scenario no longer knows which were references)
    beside the built items, which share their order and know how many years each is booked.
    """
    lang = scenario.settings.language
    params = scenario.parameters
    amounts: list[tuple[str, Any]] = []
    raw_costs = doc["intervention"]["costs"]
    for cost, raw in zip(scenario.intervention.costs, raw_costs, strict=True):
        amounts.append((f"intervention.costs.{cost.id}.annual", raw["annual"]))
    for out, raw_out in zip(scenario.outcomes, doc["outcomes"], strict=True):
        for con, raw in zip(out.consequences, raw_out["consequences"], strict=True):
            amounts.append((f"outcomes.{out.id}.consequences.{con.id}.annual", raw["annual"]))
    for level in ("continuation", "spread"):
        if "annual_cost" in doc.get(level, {}):
            amounts.append((f"{level}.annual_cost", doc[level]["annual_cost"]))
    for pid, raw in amounts:
        booked = params[pid].booked_years
        check_booked_years(raw, booked_years=booked, path=pid, lang=lang)


def _settings(t: dict[str, Any]) -> Settings:
    _check_keys(t, SCENARIO_KEYS, "scenario", required=("title", "price_year", "horizon_years"))
    actors = DEFAULT_ACTORS
    if "actors" in t:
        extra = t["actors"]
        if not isinstance(extra, list):
            raise ScenarioError("expected a list of actor names", path="scenario.actors")
        names = [_string(a, f"scenario.actors[{i}]") for i, a in enumerate(extra)]
        for i, a in enumerate(names):
            if not _ID_RE.match(a):
                raise ScenarioError(
                    f"invalid actor name {a!r}; use lower-case letters, digits, '_'",
                    path=f"scenario.actors[{i}]",
                )
        actors = DEFAULT_ACTORS + tuple(a for a in dict.fromkeys(names) if a not in DEFAULT_ACTORS)
    language = _choice(t.get("language", "sv"), "scenario.language", LANGUAGES, "language")
    discount = parse_parameter(
        t.get("discount_rate", 0.035), "scenario.discount_rate", "discount_rate"
    )
    return Settings(
        title=_string(t["title"], "scenario.title"),
        price_year=_integer(t["price_year"], "scenario.price_year", lo=1900, hi=2200),
        horizon_years=_integer(t["horizon_years"], "scenario.horizon_years", lo=1, hi=MAX_HORIZON),
        discount_rate=discount,
        currency=_string(t.get("currency", "SEK"), "scenario.currency"),
        language=language,  # type: ignore[arg-type]
        description=_string(t["description"], "scenario.description", nonempty=False)
        if "description" in t
        else None,
        actors=actors,
        **_valuation(t),
    )


def _valuation(t: Mapping[str, Any]) -> dict[str, str | None]:
    """``valuation`` and ``valuation_note`` of the ``[scenario]`` table (None when absent)."""
    valuation = note = None
    if "valuation" in t:
        valuation = _choice(t["valuation"], "scenario.valuation", VALUATIONS, "valuation")
    if "valuation_note" in t:
        note = _string(t["valuation_note"], "scenario.valuation_note")
    if valuation == "other" and note is None:
        raise ScenarioError(
            'valuation = "other" needs a valuation_note that says on what basis the avoided '
            "outcomes are valued",
            path="scenario.valuation_note",
        )
    return {"valuation": valuation, "valuation_note": note}


def _intervention(
    t: dict[str, Any], horizon: int, actors: tuple[str, ...], price_year: int, lang: str
) -> Intervention:
    _check_keys(
        t, INTERVENTION_KEYS, "intervention", required=("years", "participants_per_year", "costs")
    )
    years = _year_range(t["years"], "intervention.years", horizon)
    participants = parse_parameter(
        t["participants_per_year"], "intervention.participants_per_year", "participants_per_year"
    )
    items = _list_of_tables(t["costs"], "intervention.costs", "intervention.costs")
    if not items:
        raise ScenarioError(
            "expected at least one [[intervention.costs]] item", path="intervention.costs"
        )
    costs = []
    for i, item in enumerate(items):
        ident = _item_id(item, f"intervention.costs#{i + 1}")
        path = f"intervention.costs.{ident}"
        _check_keys(item, COST_KEYS, path, required=("label", "payer", "years", "annual"))
        costs.append(
            Cost(
                id=ident,
                label=_string(item["label"], f"{path}.label"),
                payer=_allocation(item["payer"], f"{path}.payer", actors),
                years=_year_range(item["years"], f"{path}.years", horizon),
                annual=parse_parameter(
                    item["annual"],
                    f"{path}.annual",
                    "cost.annual",
                    price_year=price_year,
                    lang=lang,
                ),
            )
        )
    _unique([c.id for c in costs], "intervention.costs")
    return Intervention(years=years, participants_per_year=participants, costs=tuple(costs))


def _logic(value: Any) -> tuple[LogicStep, ...]:
    items = _list_of_tables(value, "logic", "logic")
    steps = []
    for i, item in enumerate(items):
        ident = _item_id(item, f"logic#{i + 1}")
        path = f"logic.{ident}"
        _check_keys(item, LOGIC_KEYS, path, required=("label", "share"))
        steps.append(
            LogicStep(
                id=ident,
                label=_string(item["label"], f"{path}.label"),
                share=parse_parameter(item["share"], f"{path}.share", "logic.share"),
            )
        )
    _unique([s.id for s in steps], "logic")
    return tuple(steps)


def _outcomes(
    value: Any, horizon: int, actors: tuple[str, ...], price_year: int, lang: str
) -> tuple[Outcome, ...]:
    items = _list_of_tables(value, "outcomes", "outcomes")
    if not items:
        raise ScenarioError("expected at least one [[outcomes]] item", path="outcomes")
    outcomes = []
    for i, item in enumerate(items):
        ident = _item_id(item, f"outcomes#{i + 1}")
        path = f"outcomes.{ident}"
        _check_keys(
            item,
            OUTCOME_KEYS,
            path,
            required=("label", "lag", "baseline_risk", "effect", "consequences"),
        )
        outcomes.append(
            Outcome(
                id=ident,
                label=_string(item["label"], f"{path}.label"),
                lag=_integer(item["lag"], f"{path}.lag", lo=0, hi=MAX_HORIZON),
                baseline_risk=parse_parameter(
                    item["baseline_risk"], f"{path}.baseline_risk", "baseline_risk"
                ),
                effect=_effect(item["effect"], f"{path}.effect"),
                attribution=parse_parameter(
                    item.get("attribution", 1.0), f"{path}.attribution", "attribution"
                ),
                dropoff=parse_parameter(item.get("dropoff", 0.0), f"{path}.dropoff", "dropoff"),
                consequences=_consequences(
                    item["consequences"], path, horizon, actors, price_year, lang
                ),
            )
        )
    _unique([o.id for o in outcomes], "outcomes")
    return tuple(outcomes)


def _effect(value: Any, path: str) -> Effect:
    t = _table(
        value, path, "a table with relative_risk or risk_difference, e.g. { relative_risk = 0.8 }"
    )
    for key in t:
        if key not in EFFECT_FORMS:
            raise unknown_key_error(key, EFFECT_FORMS, path=path)
    forms = [k for k in EFFECT_FORMS if k in t]
    if len(forms) != 1:
        raise ScenarioError(
            "give exactly one of relative_risk or risk_difference"
            + (", not both" if len(forms) == 2 else ""),
            path=path,
        )
    form = forms[0]
    return Effect(form=form, value=parse_parameter(t[form], f"{path}.{form}", form))  # type: ignore[arg-type]


def _consequences(
    value: Any, opath: str, horizon: int, actors: tuple[str, ...], price_year: int, lang: str
) -> tuple[Consequence, ...]:
    items = _list_of_tables(value, f"{opath}.consequences", "outcomes.consequences")
    if not items:
        raise ScenarioError(
            "expected at least one [[outcomes.consequences]] item", path=f"{opath}.consequences"
        )
    out = []
    for i, item in enumerate(items):
        ident = _item_id(item, f"{opath}.consequences#{i + 1}")
        path = f"{opath}.consequences.{ident}"
        _check_keys(item, CONSEQUENCE_KEYS, path, required=("label", "kind", "payer", "annual"))
        kind = _choice(item["kind"], f"{path}.kind", CONSEQUENCE_KINDS, "kind")
        recipient = None
        if kind == "transfer":
            if "recipient" not in item:
                raise ScenarioError(
                    'a transfer needs a recipient (who receives the money, e.g. "individ")',
                    path=f"{path}.recipient",
                )
            recipient = _allocation(item["recipient"], f"{path}.recipient", actors)
        elif "recipient" in item:
            raise ScenarioError(
                f"only transfers have a recipient; this consequence is of kind {kind!r}",
                path=f"{path}.recipient",
            )
        duration = None
        if "duration" in item:
            duration = _integer(item["duration"], f"{path}.duration", lo=1, hi=MAX_HORIZON)
        out.append(
            Consequence(
                id=ident,
                label=_string(item["label"], f"{path}.label"),
                kind=kind,  # type: ignore[arg-type]
                payer=_allocation(item["payer"], f"{path}.payer", actors),
                recipient=recipient,
                share=parse_parameter(item.get("share", 1.0), f"{path}.share", "consequence.share"),
                annual=parse_parameter(
                    item["annual"],
                    f"{path}.annual",
                    "consequence.annual",
                    price_year=price_year,
                    lang=lang,
                ),
                growth=parse_parameter(item.get("growth", 0.0), f"{path}.growth", "growth"),
                start=_integer(item.get("start", 0), f"{path}.start", lo=0, hi=MAX_HORIZON),
                duration=duration,
            )
        )
    _unique([c.id for c in out], f"{opath}.consequences")
    return tuple(out)


def _after_funding(first: int, horizon: int, path: str) -> None:
    if first > horizon - 1:
        raise ScenarioError(
            f"starts in year {first}, after the horizon (years 0 to {horizon - 1}); "
            "lengthen horizon_years or shorten the lag",
            path=path,
        )


def _level_label(t: dict[str, Any], path: str, key: str, lang: str) -> str:
    from sekalk.report.i18n import t as text

    if "label" in t:
        return _string(t["label"], f"{path}.label")
    return text(key, lang)


def _continuation(t: dict[str, Any], settings: Settings, last: int) -> Continuation:
    """The ``[continuation]`` table; its cohorts run in years ``last+1 .. last+years``."""
    _check_keys(
        t,
        CONTINUATION_KEYS,
        "continuation",
        required=("probability", "years", "annual_cost", "payer"),
    )
    horizon = settings.horizon_years
    years = _integer(t["years"], "continuation.years", lo=1, hi=MAX_HORIZON)
    _after_funding(last + 1, horizon, "continuation.years")
    participants = None
    if "participants_per_year" in t:
        participants = parse_parameter(
            t["participants_per_year"],
            "continuation.participants_per_year",
            "participants_per_year",
        )
    return Continuation(
        label=_level_label(t, "continuation", "level.continuation", settings.language),
        probability=parse_parameter(t["probability"], "continuation.probability", "probability"),
        years=years,
        annual_cost=parse_parameter(
            t["annual_cost"],
            "continuation.annual_cost",
            "cost.annual",
            price_year=settings.price_year,
            lang=settings.language,
        ),
        payer=_allocation(t["payer"], "continuation.payer", settings.actors),
        participants_per_year=participants,
    )


def _spread(t: dict[str, Any], settings: Settings, last: int) -> Spread:
    """The ``[spread]`` table; adopting units start ``lag`` years after the last funded year."""
    _check_keys(t, SPREAD_KEYS, "spread", required=("units", "probability", "years"))
    horizon = settings.horizon_years
    lag = _integer(t.get("lag", 1), "spread.lag", lo=1, hi=MAX_HORIZON)
    _after_funding(last + lag, horizon, "spread.lag")
    if "participants_per_year" in t and "scale" in t:
        raise ScenarioError(
            "give participants_per_year (per adopting unit) or scale (a factor of the "
            "intervention's participants and costs), not both",
            path="spread.scale",
        )
    if ("annual_cost" in t) != ("payer" in t):
        missing = "payer" if "annual_cost" in t else "annual_cost"
        raise ScenarioError(
            "annual_cost and payer go together (without both, each unit costs scale x the "
            "intervention's costs, with their payers)",
            path=f"spread.{missing}",
        )
    if "participants_per_year" in t and "annual_cost" not in t:
        raise ScenarioError(
            "with participants_per_year, give each unit's annual_cost and payer too "
            "(or use scale to copy the intervention's participants and costs)",
            path="spread.annual_cost",
        )
    participants = scale = annual = payer = None
    if "participants_per_year" in t:
        participants = parse_parameter(
            t["participants_per_year"], "spread.participants_per_year", "participants_per_year"
        )
    else:
        scale = parse_parameter(t.get("scale", 1.0), "spread.scale", "scale")
    if "annual_cost" in t:
        annual = parse_parameter(
            t["annual_cost"],
            "spread.annual_cost",
            "cost.annual",
            price_year=settings.price_year,
            lang=settings.language,
        )
        payer = _allocation(t["payer"], "spread.payer", settings.actors)
    return Spread(
        label=_level_label(t, "spread", "level.spread", settings.language),
        units=parse_parameter(t["units"], "spread.units", "units"),
        probability=parse_parameter(t["probability"], "spread.probability", "probability"),
        lag=lag,
        years=_integer(t["years"], "spread.years", lo=1, hi=MAX_HORIZON),
        participants_per_year=participants,
        scale=scale,
        annual_cost=annual,
        payer=payer,
    )


def _correlations(value: Any, scenario: Scenario) -> tuple[Correlation, ...]:
    items = _list_of_tables(value, "correlations", "correlations")
    params = scenario.parameters
    uncertain = scenario.uncertain_parameters
    out: list[Correlation] = []
    seen: set[frozenset[str]] = set()
    for i, item in enumerate(items):
        path = f"correlations#{i + 1}"
        _check_keys(item, CORRELATION_KEYS, path, required=("between", "rho"))
        between = item["between"]
        if not isinstance(between, list) or len(between) != 2:
            raise ScenarioError("expected a list of two parameter ids", path=f"{path}.between")
        ids = tuple(_string(b, f"{path}.between[{j}]") for j, b in enumerate(between))
        for j, ident in enumerate(ids):
            if ident not in params:
                raise ScenarioError(
                    f"unknown parameter id {ident!r}{did_you_mean(ident, params)}",
                    path=f"{path}.between[{j}]",
                )
            if ident not in uncertain:
                raise ScenarioError(
                    f"{ident!r} is a fixed number; only uncertain parameters (distributions) "
                    "can be correlated",
                    path=f"{path}.between[{j}]",
                )
        if ids[0] == ids[1]:
            raise ScenarioError(
                "a parameter cannot be correlated with itself", path=f"{path}.between"
            )
        key = frozenset(ids)
        if key in seen:
            raise ScenarioError("this pair is correlated twice", path=f"{path}.between")
        seen.add(key)
        rho = _number(item["rho"], f"{path}.rho")
        if not -1.0 <= rho <= 1.0:
            raise ScenarioError(
                f"expected a rank correlation in [-1, 1], found {rho:g}", path=f"{path}.rho"
            )
        out.append(Correlation(between=ids, rho=rho))  # type: ignore[arg-type]
    if out:
        check_correlation_matrix(out, list(uncertain))
    return tuple(out)


def check_correlation_matrix(correlations: list[Correlation], ids: list[str]) -> None:
    """Raise if the implied Gaussian-copula correlation matrix is not positive definite."""
    from sekalk.sampling import copula_matrix

    involved = sorted({i for c in correlations for i in c.between}, key=ids.index)
    matrix = copula_matrix(correlations, involved)
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        raise ScenarioError(
            "the correlations are inconsistent: together they do not form a valid (positive "
            "definite) correlation matrix; weaken some of them",
            path="correlations",
        ) from None


Builder = Callable[[dict[str, Any]], Scenario]
