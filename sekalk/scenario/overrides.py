"""An evaluator's own assumptions laid over a scenario: ``--set ID=VALUE`` and overlay files.

An override replaces one parameter (addressed by its id, see :attr:`Scenario.parameters`) by a
number or a distribution table, validated exactly as the loader validates that parameter
(:data:`~sekalk.scenario.loader.PARAMETER_BOUNDS`). The new scenario remembers every override
(:attr:`Scenario.overrides`), so each output can show the applicant's value beside the
evaluator's.

An overlay file is TOML::

    title = "Bedömningsgruppens antaganden"      # optional
    [[override]]
    id = "outcomes.ej_behorig.effect"
    value = { dist = "uniform", min = 0.85, max = 1.0 }
    evidence = "research"                        # optional: evidence, source, note
    source = "Meta-analys X (2021)"
    note = "Pilotens effekt är för optimistisk för en bredare målgrupp"
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sekalk.distributions import EVIDENCE_GRADES, Distribution, evidence_error
from sekalk.errors import Choices, Found, ScenarioError, close_matches, raise_all, unknown_key_error
from sekalk.scenario.loader import (
    EVIDENCE_SYNONYMS,
    PARAMETER_BOUNDS,
    bounds_kind,
    parse_document,
    parse_parameter,
    toml_syntax_error,
    unknown_parameter_error,
)
from sekalk.scenario.schema import EFFECT_FORMS, Effect, Overlay, Override, Scenario
from sekalk.units import check_booked_years

OVERLAY_KEYS = {"title", "description", "override"}
OVERRIDE_KEYS = {"id", "value", "evidence", "source", "note"}


def unknown_id_error(pid: str, scenario: Scenario, *, path: str | None = None) -> ScenarioError:
    """The error for an id the scenario does not have: did-you-mean and every valid id."""
    return unknown_parameter_error(pid, scenario.parameters, path=path, list_all=True)


def _parse_value(scenario: Scenario, pid: str, value: Any, path: str) -> tuple[str, Distribution]:
    """The (bounds kind, distribution) of an override value, checked against the domain."""
    param = scenario.parameters[pid]
    kind = bounds_kind(pid, param.attribute)
    if pid.endswith(".effect") and pid.startswith("outcomes."):
        # `{relative_risk = ...}` / `{risk_difference = ...}` may change the effect's form.
        if isinstance(value, Mapping) and "dist" not in value and len(value) == 1:
            ((form, inner),) = value.items()
            if form not in EFFECT_FORMS:
                raise ScenarioError(
                    code="error.override.effect_form",
                    params={"allowed": list(EFFECT_FORMS), "key": form},
                    path=f"{path}.{form}",
                )
            kind, value, path = form, inner, f"{path}.{form}"
    derived = None
    if isinstance(value, Distribution):
        value, derived = value.to_table(), value.derived
    st = scenario.settings
    check_booked_years(value, booked_years=param.booked_years, path=path)
    dist = parse_parameter(value, path, kind, price_year=st.price_year, lang=st.language)
    if derived is not None:  # a referenced value passed as an object keeps its derivation
        dist = dataclasses.replace(dist, derived=derived)
    return kind, dist


def _set_parameter(scenario: Scenario, pid: str, kind: str, dist: Distribution) -> Scenario:
    """``scenario`` with parameter ``pid`` replaced by ``dist`` (``kind`` picks an effect form)."""
    replace = dataclasses.replace
    parts = pid.split(".")
    if pid == "scenario.discount_rate":
        return replace(scenario, settings=replace(scenario.settings, discount_rate=dist))
    if pid == "intervention.participants_per_year":
        iv = replace(scenario.intervention, participants_per_year=dist)
        return replace(scenario, intervention=iv)
    if parts[:2] == ["intervention", "costs"]:
        costs = tuple(
            replace(c, annual=dist) if c.id == parts[2] else c for c in scenario.intervention.costs
        )
        return replace(scenario, intervention=replace(scenario.intervention, costs=costs))
    if parts[0] in ("continuation", "spread"):
        # continuation.<field> / spread.<field>: the parameter id names the dataclass field.
        level = getattr(scenario, parts[0])
        return replace(scenario, **{parts[0]: replace(level, **{parts[1]: dist})})
    if parts[0] == "logic":
        logic = tuple(replace(s, share=dist) if s.id == parts[1] else s for s in scenario.logic)
        return replace(scenario, logic=logic)
    # outcomes.<id>.<attr> or outcomes.<id>.consequences.<cid>.<attr>
    out_id, attr = parts[1], parts[-1]

    def new_outcome(o):
        if o.id != out_id:
            return o
        if len(parts) == 3:
            if attr == "effect":
                return replace(o, effect=Effect(form=kind, value=dist))  # type: ignore[arg-type]
            return replace(o, **{attr: dist})
        cons = tuple(replace(c, **{attr: dist}) if c.id == parts[3] else c for c in o.consequences)
        return replace(o, consequences=cons)

    return replace(scenario, outcomes=tuple(new_outcome(o) for o in scenario.outcomes))


def apply_override(
    scenario: Scenario,
    pid: str,
    value: Any,
    *,
    origin: str = "api",
    path: str | None = None,
    meta: Mapping[str, str] | None = None,
) -> Scenario:
    """Replace one parameter; see :meth:`Scenario.with_overrides`.

    ``path`` is the key path used in error messages (default: the id); ``meta`` holds the
    evaluator's ``evidence``/``source``/``note``, set on the new distribution.
    """
    if not isinstance(pid, str) or pid not in scenario.parameters:
        raise unknown_id_error(str(pid), scenario, path=path)
    where = path or pid
    kind, dist = _parse_value(scenario, pid, value, where)
    if meta:
        dist = dist.with_meta(**meta)
    original = scenario.parameters[pid].distribution
    new = _set_parameter(scenario, pid, kind, dist)
    # A correlation with a parameter that is now a fixed number has no meaning: drop it (the
    # remaining copula matrix is a principal submatrix, so it stays positive definite).
    if dist.is_fixed and scenario.correlations:
        new = dataclasses.replace(
            new, correlations=tuple(c for c in new.correlations if pid not in c.between)
        )
    record = Override(id=pid, original=original, value=dist, origin=origin)
    return dataclasses.replace(new, overrides=(*scenario.overrides, record))


def apply_overrides(
    scenario: Scenario, overrides: Mapping[str, Any], *, origin: str = "api"
) -> Scenario:
    """Apply ``{id: value}`` in order; see :meth:`Scenario.with_overrides`."""
    for pid, value in overrides.items():
        scenario = apply_override(scenario, pid, value, origin=origin)
    return scenario


def parse_set(text: str) -> tuple[str, Any]:
    """Split a ``--set ID=VALUE`` argument; VALUE is a TOML value (a number or inline table).

    The value is parsed with ``tomllib`` (never evaluated).
    """
    pid, sep, raw = text.partition("=")
    pid = pid.strip()
    if not sep or not pid:
        raise ScenarioError(code="error.set.syntax", params={"text": text})
    try:
        value = tomllib.loads("v = " + raw.strip())["v"]
    except tomllib.TOMLDecodeError as exc:
        raise set_value_error(pid, raw.strip(), str(exc)) from None
    return pid, value


#: The commonest slips in a number, as the loader explains them -> the same for ``--set``.
_SET_SLIPS = {
    "error.toml.decimal_comma": "error.set.decimal_comma",
    "error.toml.thousands_separator": "error.set.thousands_separator",
    "error.toml.percent_sign": "error.set.percent_sign",
}


def set_value_error(pid: str, raw: str, detail: str) -> ScenarioError:
    """The error for a ``--set`` value TOML cannot read: a decimal comma (``0,5``), spaces
    between thousands (``150 000``) or a percent sign (``50%``) get the advice the loader
    gives in a file (write ``0.5``, ``150000``, ``0.5``); anything else names the value."""
    slip = toml_syntax_error(detail, "v = " + raw)
    if slip.code in _SET_SLIPS:
        keep = ("number", "suggestion", "underscored")
        params = {"id": pid, **{k: slip.params[k] for k in keep if k in slip.params}}
        return ScenarioError(code=_SET_SLIPS[slip.code], params=params, hint=slip.hint)
    return ScenarioError(
        code="error.set.value", params={"id": pid, "value": repr(raw), "detail": detail}
    )


def apply_sets(scenario: Scenario, sets: Iterable[str]) -> Scenario:
    """Apply ``--set ID=VALUE`` arguments in order (origin ``"--set"``).

    Every argument is checked: the problems of all of them are raised together.
    """
    problems: list[ScenarioError] = []
    for text in sets:
        try:
            pid, value = parse_set(text)  # its own errors name the --set argument
        except ScenarioError as exc:
            problems.append(exc)
            continue
        try:
            scenario = apply_override(scenario, pid, value, origin="--set", path=pid)
        except ScenarioError as exc:
            problems.append(exc.replace(location="--set"))
    raise_all(problems)
    return scenario


def read_overlay(path: str | Path) -> list[dict[str, Any]]:
    """Read an overlay file and check its structure; returns its ``[[override]]`` tables."""
    return read_overlay_file(path)[1]


def read_overlay_file(path: str | Path) -> tuple[Overlay, list[dict[str, Any]]]:
    """Read an overlay file and check its structure.

    Returns
    -------
    tuple
        The file's provenance record (path, sha256, title, description; ``ids`` empty) and
        its ``[[override]]`` tables.
    """
    file = str(path)
    p = Path(path)
    if not p.is_file():
        code = "error.overlay.not_found" if not p.exists() else "error.file.not_a_file"
        raise ScenarioError(code=code, file=file)
    data = p.read_bytes()
    doc = parse_document(data, file=file, fmt="toml")
    problems: list[ScenarioError] = []
    for key in doc:
        if key not in OVERLAY_KEYS:
            problems.append(
                ScenarioError(
                    code="error.overlay.unknown_key",
                    params={"key": key, "did_you_mean": Choices(close_matches(key, OVERLAY_KEYS))},
                    path=key,
                )
            )
    items = doc.get("override")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        problems.append(ScenarioError(code="error.overlay.no_overrides", path="override"))
        items = []
    for i, item in enumerate(items):
        where = f"override#{i + 1}"
        for key in item:
            if key not in OVERRIDE_KEYS:
                problems.append(unknown_key_error(key, OVERRIDE_KEYS, path=where))
        for key in ("id", "value"):
            if key not in item:
                problems.append(
                    ScenarioError(
                        code="error.key.missing", params={"key": key}, path=f"{where}.{key}"
                    )
                )
        for key in ("id", "evidence", "source", "note"):
            if key in item and not isinstance(item[key], str):
                problems.append(
                    ScenarioError(
                        code="error.type.not_text",
                        params={"found": Found(item[key])},
                        path=f"{where}.{key}",
                    )
                )
        if isinstance(item.get("evidence"), str):
            word = " ".join(item["evidence"].lower().split())
            item["evidence"] = EVIDENCE_SYNONYMS.get(word, item["evidence"])
            if item["evidence"] not in EVIDENCE_GRADES:
                problems.append(evidence_error(item["evidence"], f"{where}.evidence"))
    for key in ("title", "description"):
        if key in doc and not isinstance(doc[key], str):
            problems.append(
                ScenarioError(
                    code="error.type.not_text", params={"found": Found(doc[key])}, path=key
                )
            )
    raise_all([e.replace(file=file) for e in problems])
    record = Overlay(
        path=file,
        sha256=hashlib.sha256(data).hexdigest(),
        title=doc.get("title"),
        description=doc.get("description"),
    )
    return record, items


def apply_overlay(scenario: Scenario, path: str | Path) -> Scenario:
    """Apply an overlay file's ``[[override]]`` entries in order (origin: the file's path).

    Errors name the overlay file and the key path, e.g. ``override#2.value.min``.
    """
    file = str(path)
    record, items = read_overlay_file(path)
    problems: list[ScenarioError] = []
    for i, item in enumerate(items):
        where = f"override#{i + 1}"
        meta = {k: item[k] for k in ("evidence", "source", "note") if k in item}
        try:
            if item["id"] not in scenario.parameters:
                raise unknown_id_error(item["id"], scenario, path=f"{where}.id")
            scenario = apply_override(
                scenario, item["id"], item["value"], origin=file, path=f"{where}.value", meta=meta
            )
        except ScenarioError as exc:
            problems.append(exc.with_context(file=file))
    raise_all(problems)
    record = dataclasses.replace(record, ids=tuple(item["id"] for item in items))
    return dataclasses.replace(scenario, overlays=(*scenario.overlays, record))


def apply_all(
    scenario: Scenario, *, overlays: Sequence[str | Path] = (), sets: Sequence[str] = ()
) -> Scenario:
    """Apply overlay files in order, then ``--set`` arguments in order; the problems of every
    overlay and every ``--set`` are raised together."""
    problems: list[ScenarioError] = []
    for path in overlays:
        try:
            scenario = apply_overlay(scenario, path)
        except ScenarioError as exc:
            problems.append(exc)
    try:
        scenario = apply_sets(scenario, sets)
    except ScenarioError as exc:
        problems.append(exc)
    raise_all(problems)
    return scenario


__all__ = [
    "PARAMETER_BOUNDS",
    "apply_all",
    "apply_overlay",
    "apply_override",
    "apply_overrides",
    "apply_sets",
    "parse_set",
    "read_overlay",
    "read_overlay_file",
    "unknown_id_error",
]


def apply_evaluator(
    scenario: Scenario,
    *,
    overlays: Sequence[str | Path] = (),
    sets: Sequence[str] = (),
    widen: bool = False,
    widen_rule: str | Path | None = None,
    lang: str | None = None,
) -> Scenario:
    """An evaluator's changes to ``scenario``: overlay files in order, then ``--set``
    arguments in order (:func:`apply_all`), then, with ``widen`` or a ``widen_rule`` file,
    widening by evidence grade (:func:`sekalk.scenario.widen.widen`, its note in ``lang``,
    default the scenario's language).

    Raises
    ------
    ScenarioError
        Every problem of the overlays and ``--set`` values together; a problem that names no
        file (a ``--set`` value) names the scenario it was applied to.
    """
    try:
        scenario = apply_all(scenario, overlays=overlays, sets=sets)
        if widen or widen_rule is not None:
            from sekalk.scenario.widen import WidenRule
            from sekalk.scenario.widen import widen as widen_scenario

            rule = WidenRule.from_file(widen_rule) if widen_rule else None
            scenario = widen_scenario(scenario, rule, lang=lang or scenario.settings.language)
    except ScenarioError as exc:
        problems = [e if e.file else e.replace(file=scenario.path) for e in exc.errors]
    else:
        return scenario
    raise_all(problems)
    raise AssertionError("unreachable: raise_all raises for a non-empty list")
