"""Reading scenario files (TOML or JSON) into validated :class:`Scenario` objects.

Scenario files are data: they are parsed with ``tomllib``/``json`` and nothing in them is
evaluated. Validation collects every independent problem of a file and raises them together
(:class:`~sekalk.errors.ScenarioErrors`); it stops early only where a problem makes the rest
meaningless (a syntax error, a file that is not text). Each problem is a structured
:class:`~sekalk.errors.ScenarioError`: a message code of the catalogues in :mod:`sekalk.text`,
its parameters, the file, the line (TOML files) and the key path (item ids where the item has
one, e.g. ``outcomes.ej_behorig.effect``).
"""

from __future__ import annotations

import contextvars
import dataclasses
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
from sekalk.distributions.parse import meta_problems
from sekalk.errors import (
    Choices,
    Found,
    Msg,
    ScenarioError,
    close_matches,
    number_error,
    raise_all,
    toml_literal,
    unknown_key_error,
)
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
#: The characters an id may hold (shown in error messages).
ID_CHARACTERS = "a-z, 0-9, _, -"

#: Swedish (and other common) words for the evidence grades, accepted as synonyms: a scenario
#: written in Swedish may say ``evidence = "forskning"``; it is read as ``"research"``.
EVIDENCE_SYNONYMS: dict[str, str] = {
    "forskning": "research",
    "forskningsstöd": "research",
    "vetenskap": "research",
    "beprövad erfarenhet": "experience",
    "erfarenhet": "experience",
    "antagande": "assumption",
    "antaganden": "assumption",
}
#: Swedish words for the kinds of consequence: not accepted, but named in the hint.
KIND_SYNONYMS: dict[str, str] = {
    "resurs": "resource",
    "resurser": "resource",
    "resursförbrukning": "resource",
    "transferering": "transfer",
    "transfereringar": "transfer",
    "överföring": "transfer",
    "produktion": "production",
    "produktionsbortfall": "production",
}

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
    """The domain of one kind of parameter: support in [lo, hi] (or (lo, hi] with ``lo_open``).

    ``what`` names the parameter in English (JSON Schema descriptions); error messages name it
    with the catalogue entry ``what.<kind>``.
    """

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
    # a real growth above 100 % a year is a percentage written where a fraction belongs
    "growth": Bounds(-1.0, 1.0, True, "a growth rate"),
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


# ---------------------------------------------------------------------------------------------
# collecting problems


#: The problems found so far while :func:`build_scenario` runs (``None``: raise at once).
_PROBLEMS: contextvars.ContextVar[list[ScenarioError] | None] = contextvars.ContextVar(
    "sekalk_scenario_problems", default=None
)


#: Key paths that an unknown key was probably meant to be (``interventon`` -> ``intervention``):
#: required keys missing under them are the same mistake, and are not reported again.
_MISSPELT: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "sekalk_scenario_misspelt", default=None
)


class _Skip(Exception):
    """A check that cannot run because something it needs was already reported."""


def _report(err: ScenarioError) -> None:
    """Record ``err`` while collecting; raise it otherwise."""
    problems = _PROBLEMS.get()
    if problems is None:
        raise err
    problems.extend(err.errors)


def _soft(fn: Callable[..., Any], *args: Any, default: Any = None, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; while collecting, a ScenarioError is recorded and ``default``
    returned, so that the checks that do not depend on this value still run."""
    if _PROBLEMS.get() is None:
        return fn(*args, **kwargs)
    try:
        return fn(*args, **kwargs)
    except ScenarioError as exc:
        _report(exc)
    except _Skip:
        pass
    return default


def _field(
    table: Mapping[str, Any], key: str, fn: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """``fn(table[key], *args)`` collected softly; ``None`` if ``key`` is missing (that was
    reported by :func:`_check_keys`)."""
    if key not in table:
        return kwargs.pop("default", None)
    return _soft(fn, table[key], *args, **kwargs)


def _collecting() -> bool:
    return _PROBLEMS.get() is not None


# ---------------------------------------------------------------------------------------------
# parameters


def parse_parameter(
    value: Any, path: str, kind: str, *, price_year: int | None = None, lang: str = "sv"
) -> Distribution:
    """A number or distribution table, checked against the domain of parameter ``kind``.

    For an amount (``cost.annual``, ``consequence.annual``) the value may also be a unit
    reference ``{ ref = "<unit id>", per = "year", ... }``: it is resolved against the shipped
    unit-cost library and converted to ``price_year`` [year] with KPI
    (:func:`sekalk.units.resolve_ref`); the distribution's ``derived`` says how, as ids and
    numbers (``lang``, the scenario's language, is kept in it for files and JSON documents).
    Evidence grades may be written in Swedish (:data:`EVIDENCE_SYNONYMS`).
    """
    derived = None
    if isinstance(value, Mapping) and "ref" in value:
        if kind not in AMOUNT_KINDS:
            raise ScenarioError(
                code="error.ref.not_amount",
                params={"what": Msg(f"what.{kind}")},
                path=f"{path}.ref",
            )
        if price_year is None:
            if _collecting():
                raise _Skip  # the invalid price_year was reported
            raise ScenarioError(code="error.ref.no_price_year", path=path)  # pragma: no cover
        _check_unit_id(value["ref"], f"{path}.ref")
        value, derived = resolve_ref(
            _normalise_evidence(value, path), price_year=price_year, path=path, lang=lang
        )
    elif isinstance(value, Mapping) and "dist" not in value and kind in AMOUNT_KINDS:
        for key in value:  # a mistyped ref: say so, rather than that dist is missing
            if isinstance(key, str) and close_matches(key, ("ref",)):
                raise unknown_key_error(key, ("dist", "ref"), path=path)
    if isinstance(value, Mapping):
        value = _normalise_evidence(value, path)
        try:
            _check_min_max(value, path)
        except ScenarioError as err:  # with the evidence, source and note problems, if any
            raise_all([err, *meta_problems(value, path=path)])
    elif isinstance(value, str) or isinstance(value, bool):
        raise number_error(value, path)
    dist = _dist(value, path, kind)
    return dist if derived is None else dataclasses.replace(dist, derived=derived)


def _normalise_evidence(table: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    """``table`` with a Swedish evidence word replaced by the grade it means."""
    word = table.get("evidence")
    if isinstance(word, str):
        grade = EVIDENCE_SYNONYMS.get(" ".join(word.lower().split()))
        if grade is not None:
            return {**table, "evidence": grade}
    return table


def _check_min_max(table: Mapping[str, Any], path: str) -> None:
    lo, hi = table.get("min"), table.get("max")
    numbers = (int, float)
    if (
        isinstance(lo, numbers)
        and isinstance(hi, numbers)
        and not isinstance(lo, bool)
        and not isinstance(hi, bool)
        and math.isfinite(lo)
        and math.isfinite(hi)
        and lo > hi
    ):
        raise ScenarioError(
            code="error.range.min_above_max",
            params={"min": float(lo), "max": float(hi)},
            hint="hint.swap_min_max",
            path=f"{path}.max",
        )


def _check_unit_id(ident: Any, path: str) -> None:
    from sekalk.units import load_units

    if not isinstance(ident, str):
        raise ScenarioError(code="error.ref.not_text", params={"found": Found(ident)}, path=path)
    ids = [u.id for u in load_units()]
    if ident not in ids:
        raise ScenarioError(
            code="error.ref.unknown_unit",
            params={"unit": ident, "did_you_mean": Choices(close_matches(ident, ids))},
            hint="hint.list_units",
            path=path,
        )


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
        If the file cannot be read or does not describe a valid scenario; a
        :class:`~sekalk.errors.ScenarioErrors` holds every problem of the file.
    """
    file = str(path)
    p = Path(path)
    if not p.exists():
        raise ScenarioError(code="error.file.not_found", file=file)
    if p.is_dir():
        raise ScenarioError(code="error.file.is_directory", file=file)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(
            code="error.file.unreadable", params={"reason": exc.strerror}, file=file
        ) from None
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
        text = raw.decode("utf-8-sig")
        table = doc.get("scenario")
        lang = table.get("language") if isinstance(table, dict) else None
        lang = lang if lang in LANGUAGES else sniff_language(text)
        lines = toml_key_lines(text) if fmt == "toml" else {}
        located = [
            err.replace(file=file, lang=lang, line=err.line or _line_of(err.path, doc, lines))
            for err in exc.errors
        ]
        raise_all(located)
        raise  # pragma: no cover - raise_all raised
    return _replace_meta(scenario, path=file, sha256=digest)


_LANGUAGE_RE = re.compile(r"""^\s*"?language"?\s*[=:]\s*["']([A-Za-z_-]+)["']""", re.M)


def sniff_language(text: str) -> str:
    """The ``language`` a scenario text asks for, read without parsing it (for errors in a
    file that cannot be parsed): the default ``"sv"`` where it names none of :data:`LANGUAGES`."""
    m = _LANGUAGE_RE.search(text)
    return m.group(1) if m and m.group(1) in LANGUAGES else "sv"


def parse_document(raw: bytes, *, file: str, fmt: str) -> dict[str, Any]:
    """Decode and parse TOML/JSON bytes into a plain dict (syntax errors carry the line)."""
    if not raw.strip():
        raise ScenarioError(code="error.file.empty", file=file)
    if b"\x00" in raw:
        raise ScenarioError(code="error.file.binary", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            code="error.file.not_utf8",
            params={"byte": f"{raw[exc.start]:02x}"},
            file=file,
            line=line,
        ) from None
    lang = sniff_language(text)
    if fmt == "json":
        try:
            doc = json.loads(text, parse_constant=_reject_json_constant)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                code="error.json.syntax",
                params={"detail": exc.msg},
                file=file,
                line=exc.lineno,
                column=exc.colno,
                lang=lang,
            ) from None
        except _JsonConstant as exc:
            raise ScenarioError(
                code="error.json.constant", params={"name": exc.args[0]}, file=file, lang=lang
            ) from None
    else:
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise toml_syntax_error(str(exc), text).replace(file=file, lang=lang) from None
    if not isinstance(doc, dict):
        raise ScenarioError(code="error.document.not_table", file=file, lang=lang)
    return doc


def toml_syntax_error(message: str, text: str) -> ScenarioError:
    """A TOML syntax error explained: the line, the column and, for the commonest slips
    (decimal comma, spaces between thousands, a missing quote, text without quotes), what
    to write instead."""
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line = int(m.group(1)) if m else None
    column = int(m.group(2)) if m else None
    detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
    lines = text.splitlines()
    bad = lines[line - 1] if line and line <= len(lines) else ""
    code_part = bad.split("#", 1)[0]
    params: dict[str, Any] = {"detail": detail, "column": column or "?", "found": code_part.strip()}
    where = {"line": line, "column": column}
    if g := re.search(r"=\s*(-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?)\s*$", code_part):
        number = g.group(1)
        plain = re.sub(r"[ \u00a0\u202f]", "", number).replace(",", ".")
        params.update(number=number, suggestion=plain, underscored=number.replace(" ", "_"))
        return ScenarioError(
            code="error.toml.thousands_separator",
            params=params,
            hint="hint.toml_thousands",
            **where,
        )
    if g := re.search(r"=\s*(-?\d+,\d+)\s*(%?)\s*$", code_part):
        number = g.group(1)
        params.update(number=number, suggestion=number.replace(",", "."))
        if g.group(2):
            params["suggestion"] = toml_literal(float(params["suggestion"]) / 100)
            return ScenarioError(
                code="error.toml.percent_sign", params=params, hint="hint.toml_percent", **where
            )
        return ScenarioError(
            code="error.toml.decimal_comma", params=params, hint="hint.decimal_point", **where
        )
    if g := re.search(r"=\s*(-?\d+(?:\.\d+)?)\s*%\s*$", code_part):
        params.update(number=g.group(1), suggestion=toml_literal(float(g.group(1)) / 100))
        return ScenarioError(
            code="error.toml.percent_sign", params=params, hint="hint.toml_percent", **where
        )
    if "Illegal character '\\n'" in detail:
        return ScenarioError(
            code="error.toml.syntax", params=params, hint="hint.toml_closing_quote", **where
        )
    if detail == "Invalid value" and (g := re.search(r"=\s*([^\"'\[{\d\s-][^=]*?)\s*$", code_part)):
        params["word"] = g.group(1)
        return ScenarioError(
            code="error.toml.syntax", params=params, hint="hint.toml_quotes", **where
        )
    for start, hint in _TOML_HINTS:
        if detail.startswith(start):
            return ScenarioError(code="error.toml.syntax", params=params, hint=hint, **where)
    return ScenarioError(code="error.toml.syntax", params=params, **where)


#: tomllib's wording of a syntax error -> advice (in every language) on what to do.
_TOML_HINTS = (
    ("Cannot overwrite a value", "hint.toml_duplicate_key"),
    ("Cannot declare", "hint.toml_duplicate_table"),
    ("Expected ']'", "hint.toml_header"),
    ("Unclosed array", "hint.toml_unclosed"),
    ("Unclosed inline table", "hint.toml_unclosed"),
    ("Expected '=' after a key", "hint.toml_equals"),
    ("Invalid value", "hint.toml_value"),
)


class _JsonConstant(ValueError):
    pass


def _reject_json_constant(name: str) -> float:
    raise _JsonConstant(name)


def _replace_meta(scenario: Scenario, **changes: Any) -> Scenario:
    from dataclasses import replace

    return replace(scenario, **changes)


# ---------------------------------------------------------------------------------------------
# lines of key paths in TOML text

_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")
_INLINE_KEY_RE = re.compile(r"[{,]\s*([A-Za-z0-9_\-]+)\s*=")


def _key_parts(text: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in text.split("."))


def toml_key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line (1-based) of every key of a TOML text, by key path with item numbers.

    ``("outcomes", 0, "consequences", 1, "annual")`` is the ``annual`` key of the second
    ``[[outcomes.consequences]]`` of the first ``[[outcomes]]``; keys of an inline table
    (``{ dist = "pert", min = 1 }``) have the line of the table. A light reader of valid
    TOML for error messages, not a parser.
    """
    out: dict[tuple[str | int, ...], int] = {}
    arrays: dict[tuple[str | int, ...], int] = {}
    prefix: tuple[str | int, ...] = ()
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_string = not in_string
            if not in_string:
                continue
        elif in_string:
            continue
        if (h := _HEADER_RE.match(line)) and not _KEY_RE.match(line):
            resolved: tuple[str | int, ...] = ()
            parts = _key_parts(h.group(2))
            for i, part in enumerate(parts):
                resolved += (part,)
                last = i == len(parts) - 1
                if resolved in arrays and not (last and h.group(1) == "[["):
                    resolved += (arrays[resolved] - 1,)
            if h.group(1) == "[[":
                out.setdefault(resolved, number)  # the list itself: its first item
                arrays[resolved] = arrays.get(resolved, 0) + 1
                resolved += (arrays[resolved] - 1,)
            prefix = resolved
            out.setdefault(prefix, number)
            continue
        if k := _KEY_RE.match(line):
            key = prefix + _key_parts(k.group(1))
            out.setdefault(key, number)
            rest = line[k.end() :]
            for sub in _INLINE_KEY_RE.finditer(rest):
                out.setdefault((*key, sub.group(1)), number)
    return out


_PATH_TOKEN = re.compile(r"([^.\[#]+)|#(\d+)|\[(\d+)\]")


def _line_of(path: str | None, doc: Mapping[str, Any], lines: Mapping[tuple, int]) -> int | None:
    """The line of key path ``path`` (item ids or ``#n``) in the text indexed as ``lines``."""
    if not path or not lines:
        return None
    node: Any = doc
    keys: tuple[str | int, ...] = ()
    for name, item, _index in _PATH_TOKEN.findall(path):
        if name and isinstance(node, Mapping):
            keys += (name,)
            node = node.get(name)
        elif name and isinstance(node, list):
            found = [
                i
                for i, it in enumerate(node)
                if isinstance(it, Mapping)
                and (it.get("id") == name or slugify(str(it.get("label", ""))) == name)
            ]
            if not found:
                break
            keys += (found[0],)
            node = node[found[0]]
        elif item and isinstance(node, list) and int(item) <= len(node):
            keys += (int(item) - 1,)
            node = node[int(item) - 1]
        else:
            break
    while keys:
        if keys in lines:
            return lines[keys]
        keys = keys[:-1]
    return None


# ---------------------------------------------------------------------------------------------
# small validators; each takes the value and its key path


def _check_keys(table: Mapping[str, Any], allowed: set[str], path: str, required=()) -> None:
    """Report every unknown key and every missing required key (a misspelt required key is
    reported once, as the unknown key with its did-you-mean)."""
    suggested: set[str] = set()
    misspelt = _MISSPELT.get()
    for key in table:
        if key not in allowed:
            err = unknown_key_error(key, allowed, path=path or None)
            suggested.update(err.params["did_you_mean"].names)
            if misspelt is not None:
                misspelt.update(f"{path}.{k}" if path else k for k in suggested)
            _report(err)
    if misspelt and any(path == m or path.startswith(m + ".") for m in misspelt):
        return
    for key in required:
        if key not in table and key not in suggested:
            where = f"{path}.{key}" if path else key
            if key == "kind" and path:
                _report(
                    ScenarioError(
                        code="error.key.missing_kind",
                        params={"key": key, "allowed": list(CONSEQUENCE_KINDS)},
                        hint="hint.consequence_kinds",
                        path=where,
                    )
                )
            else:
                _report(ScenarioError(code="error.key.missing", params={"key": key}, path=where))


def _table(value: Any, path: str, header: str | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        code = "error.type.not_header_table" if header else "error.type.not_table"
        raise ScenarioError(
            code=code, params={"header": header or path, "found": Found(value)}, path=path
        )
    return value


def _list_of_tables(value: Any, path: str, header: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        raise ScenarioError(code="error.type.single_table", params={"header": header}, path=path)
    if not isinstance(value, list):
        raise ScenarioError(
            code="error.type.not_list_of_tables",
            params={"header": header, "found": Found(value)},
            path=path,
        )
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ScenarioError(
                code="error.type.not_table",
                params={"found": Found(item)},
                path=f"{path}#{i + 1}",
            )
    return value


def _string(value: Any, path: str, *, nonempty: bool = True) -> str:
    if not isinstance(value, str):
        raise ScenarioError(code="error.type.not_text", params={"found": Found(value)}, path=path)
    if nonempty and not value.strip():
        raise ScenarioError(code="error.value.empty_text", path=path)
    return value


def _integer(value: Any, path: str, *, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise number_error(value, path, whole=True)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ScenarioError(
                code="error.type.not_whole", params={"value": toml_literal(value)}, path=path
            )
        value = int(value)
    if lo is not None and value < lo:
        raise ScenarioError(
            code="error.value.whole_at_least", params={"lo": lo, "value": value}, path=path
        )
    if hi is not None and value > hi:
        raise ScenarioError(
            code="error.value.whole_at_most", params={"hi": hi, "value": value}, path=path
        )
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise number_error(value, path)
    if not math.isfinite(value):
        raise ScenarioError(
            code="error.type.not_finite",
            params={"found": Found(value), "value": toml_literal(value)},
            path=path,
        )
    return float(value)


def _choice(
    value: Any, path: str, choices: tuple[str, ...], what: str, synonyms: Mapping[str, str] = {}
) -> str:
    if not isinstance(value, str) or value not in choices:
        shown = repr(value) if isinstance(value, str) else Found(value)
        near: tuple[str, ...] = ()
        if isinstance(value, str):
            mapped = synonyms.get(value.strip().lower())
            near = (mapped,) if mapped else close_matches(value, choices)
        raise ScenarioError(
            code="error.value.unknown_choice",
            params={
                "what": Msg(f"what.{what}"),
                "found": shown,
                "did_you_mean": Choices(near),
                "allowed": list(choices),
            },
            path=path,
        )
    return value


def slugify(label: str) -> str:
    """The default id of an item: its label in lower-case ASCII with ``_`` between words."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"


def _invalid_id(ident: str, path: str, code: str = "error.id.invalid") -> ScenarioError:
    bad = sorted({ch for ch in ident if not re.match(r"[a-z0-9_-]", ch)})
    return ScenarioError(
        code=code,
        params={
            "id": ident,
            "characters": " ".join(f"'{c}'" for c in bad),
            "allowed": ID_CHARACTERS,
            "suggestion": slugify(ident),
        },
        hint="hint.id_suggestion",
        path=path,
    )


def _item_id(item: Mapping[str, Any], path: str) -> str:
    if "id" in item:
        ident = _string(item["id"], f"{path}.id")
        if not _ID_RE.match(ident):
            raise _invalid_id(ident, f"{path}.id")
        return ident
    if "label" in item and isinstance(item["label"], str):
        return slugify(item["label"])
    raise ScenarioError(code="error.key.missing", params={"key": "label"}, path=f"{path}.label")


def _items(items: list[dict[str, Any]], base: str) -> list[tuple[str | None, str, dict]]:
    """``(id, key path, item)`` of each item; the path is ``base#n`` where the id is invalid."""
    out = []
    for i, item in enumerate(items):
        ident = _soft(_item_id, item, f"{base}#{i + 1}")
        out.append((ident, f"{base}.{ident}" if ident else f"{base}#{i + 1}", item))
    return out


def _unique(ids: list[str | None], path: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident is None:
            continue
        if ident in seen:
            _report(
                ScenarioError(
                    code="error.id.duplicate",
                    params={"id": ident, "list": path},
                    path=f"{path}.{ident}",
                )
            )
        seen.add(ident)


def _dist(value: Any, path: str, kind: str) -> Distribution:
    """A number or distribution table whose support must lie in the domain of ``kind``."""
    b = PARAMETER_BOUNDS[kind]
    lo, hi, lo_open = b.lo, b.hi, b.lo_open
    dist = parse_distribution(value, path=path)
    s_lo, s_hi = dist.support
    too_low = lo is not None and (s_lo < lo or (lo_open and s_lo <= lo))
    too_high = hi is not None and s_hi > hi
    if not (too_low or too_high):
        return dist
    if lo is not None and hi is not None:
        rule = Msg("rule.between", {"interval": f"{'(' if lo_open else '['}{lo:g}, {hi:g}]"})
    elif lo is not None:
        rule = Msg("rule.above" if lo_open else "rule.at_least", {"lo": f"{lo:g}"})
    else:
        rule = Msg("rule.at_most", {"hi": f"{hi:g}"})
    params: dict[str, Any] = {"what": Msg(f"what.{kind}"), "rule": rule}
    # Shares, risks and rates written in percent (20 for 20 %) are the commonest slip.
    percent = too_high and hi == 1.0 and 1.0 < s_hi <= 100.0
    hint = None
    if percent:
        hint = "hint.percent_as_fraction"
        params.update(percent=float(s_hi), suggestion=toml_literal(round(s_hi / 100, 10)))
    if dist.is_fixed:
        params["value"] = float(s_lo)
        code = "error.value.out_of_domain"
    else:
        code = "error.value.dist_out_of_domain"
        edge = s_lo if too_low else s_hi
        params["kind"] = dist.kind
        if math.isfinite(edge):
            params["edge"] = Msg("edge.down_to" if too_low else "edge.up_to", {"value": edge})
            hint = hint or "hint.change_parameters"
        else:
            params["edge"] = Msg("edge.minus_infinity" if too_low else "edge.infinity")
            hint = "hint.bound_distribution"
    raise ScenarioError(code=code, params=params, hint=hint, path=path)


def _year_range(value: Any, path: str, horizon: int | None) -> tuple[int, int]:
    """An inclusive range ``[first, last]`` of years counted from the start (0), within the
    horizon (``None``: the horizon is invalid and was reported)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value, value]
    if not isinstance(value, list) or len(value) != 2:
        raise ScenarioError(code="error.years.not_range", params={"found": Found(value)}, path=path)
    first = _integer(value[0], f"{path}[0]")
    last = _integer(value[1], f"{path}[1]")
    last_year = (horizon if horizon is not None else MAX_HORIZON) - 1
    params = {"first": first, "last": last, "horizon": horizon or "?", "max": last_year}
    if first >= 1900 and last >= 1900:
        width = last - first
        params["suggestion"] = f"[0, {width}]" if width >= 0 else "[0, 0]"
        raise ScenarioError(
            code="error.years.calendar", params=params, hint="hint.years_from_zero", path=path
        )
    if first < 0 or last < 0:
        raise ScenarioError(
            code="error.years.negative", params=params, hint="hint.years_count_from_zero", path=path
        )
    if first > last:
        raise ScenarioError(code="error.years.reversed", params=params, path=path)
    if horizon is not None and last >= horizon:
        raise ScenarioError(
            code="error.years.outside_horizon",
            params={**params, "year": last},
            hint="hint.years_count_from_zero",
            path=path,
        )
    return first, last


def _allocation(value: Any, path: str, actors: tuple[str, ...]) -> Allocation:
    """An actor name, or a table of actor shares that sum to 1 within 1e-9."""
    if isinstance(value, str):
        _actor(value, path, actors)
        return ((value, 1.0),)
    if not isinstance(value, dict) or not value:
        raise ScenarioError(code="error.allocation.type", params={"found": Found(value)}, path=path)
    numbers = [v for v in value.values() if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) == len(value) and all(0 <= v <= 100 for v in numbers):
        total = math.fsum(numbers)
        if any(v > 1 for v in numbers) and abs(total - 100.0) < 1e-6:
            raise ScenarioError(
                code="error.allocation.percent",
                params={
                    "shares": " + ".join(toml_literal(v) for v in numbers),
                    "suggestion": ", ".join(
                        f"{k} = {toml_literal(round(v / 100, 10))}" for k, v in value.items()
                    ),
                },
                hint="hint.allocation_fractions",
                path=path,
            )
    out = []
    ok = True
    for name, share in value.items():
        ok &= _soft(_actor, name, f"{path}.{name}", actors, default=False) is not False
        w = _soft(_number, share, f"{path}.{name}")
        if w is None:
            ok = False
            continue
        if not 0.0 <= w <= 1.0:
            _report(
                ScenarioError(
                    code="error.allocation.share_range",
                    params={"value": w},
                    path=f"{path}.{name}",
                )
            )
            ok = False
            continue
        out.append((name, w))
    if not ok:
        raise _Skip
    total = math.fsum(w for _, w in out)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ScenarioError(
            code="error.allocation.sum",
            params={"sum": total},
            hint="hint.shares_sum",
            path=path,
        )
    return tuple(out)


def _actor(name: str, path: str, actors: tuple[str, ...]) -> None:
    if name not in actors:
        raise ScenarioError(
            code="error.actor.unknown",
            params={
                "actor": name,
                "did_you_mean": Choices(close_matches(name, actors)),
                "allowed": list(actors),
            },
            hint="hint.declare_actors",
            path=path,
        )


# ---------------------------------------------------------------------------------------------
# the scenario


def build_scenario(doc: Mapping[str, Any]) -> Scenario:
    """Validate a parsed document and build the :class:`Scenario` (errors have no file set).

    Every independent problem is collected; one problem is raised as a
    :class:`~sekalk.errors.ScenarioError`, several as a :class:`~sekalk.errors.ScenarioErrors`.
    """
    problems: list[ScenarioError] = []
    token = _PROBLEMS.set(problems)
    token_misspelt = _MISSPELT.set(set())
    try:
        scenario = _build(doc)
    finally:
        _PROBLEMS.reset(token)
        _MISSPELT.reset(token_misspelt)
    raise_all(problems)
    return scenario


def _build(doc: Mapping[str, Any]) -> Scenario | None:
    problems = _PROBLEMS.get()
    assert problems is not None
    misplaced = [k for k in doc if k not in TOP_KEYS and k in SCENARIO_KEYS]
    if len(misplaced) == 1:
        key = misplaced[0]
        _report(ScenarioError(code="error.key.misplaced", params={"key": key}, path=key))
    elif misplaced:
        _report(
            ScenarioError(
                code="error.key.misplaced_many",
                params={"keys": [f"'{k}'" for k in misplaced]},
                path=misplaced[0],
            )
        )
    _check_keys(
        {k: v for k, v in doc.items() if k not in misplaced},
        TOP_KEYS,
        "",
        required=() if misplaced else ("scenario", "intervention", "outcomes"),
    )
    if misplaced:
        return None
    settings = None
    if "scenario" in doc:
        settings = _soft(_settings, _soft(_table, doc["scenario"], "scenario", "scenario"))
    horizon = settings.horizon_years if settings else None
    actors = settings.actors if settings else DEFAULT_ACTORS
    price_year = settings.price_year if settings else None
    lang = settings.language if settings and settings.language in LANGUAGES else "sv"
    intervention = None
    if "intervention" in doc:
        table = _soft(_table, doc["intervention"], "intervention", "intervention")
        if table is not None:
            intervention = _intervention(table, horizon, actors, price_year, lang)
    logic = _soft(_logic, doc.get("logic", []), default=())
    outcomes = None
    if "outcomes" in doc:
        outcomes = _soft(_outcomes, doc["outcomes"], horizon, actors, price_year, lang)
    last = intervention.years[1] if intervention and intervention.years else None
    continuation = spread = None
    if settings is None:
        settings = Settings("", 0, 0, None, language=lang)  # type: ignore[arg-type]
    if "continuation" in doc:
        table = _soft(_table, doc["continuation"], "continuation", "continuation")
        if table is not None:
            continuation = _soft(_continuation, table, settings, last)
    if "spread" in doc:
        table = _soft(_table, doc["spread"], "spread", "spread")
        if table is not None:
            spread = _soft(_spread, table, settings, last)
    parts = (settings, intervention, logic, outcomes)
    scenario = None
    if all(part is not None for part in parts):
        try:
            scenario = Scenario(*parts, continuation=continuation, spread=spread)
        except (AttributeError, TypeError, ValueError):  # parts left incomplete
            scenario = None
    if scenario is not None:
        # One-off amounts are checked on every item that could be built, also when other
        # problems were found, so a file's problems are all reported in one run.
        _check_one_off_amounts(doc, scenario)
    if problems or scenario is None:
        # The checks that need no valid parameter (rho in [-1, 1], ids the file has, a pair
        # written twice or with itself) are reported with the rest; whether a parameter is
        # fixed and whether the correlations fit together wait until every parameter is valid.
        _soft(_correlations, doc.get("correlations", []), None, _written_parameter_ids(doc))
        return None
    correlations = _soft(_correlations, doc.get("correlations", []), scenario)
    if problems:
        return None
    return _replace_meta(scenario, correlations=correlations)


def _check_one_off_amounts(doc: Mapping[str, Any], scenario: Scenario) -> None:
    """Refuse a unit without a time base (per case, per lifetime) booked in more than one year.

    Walks the amounts as written (the built scenario no longer knows which were references)
    beside the built items, which share their order and know how many years each is booked.
    """
    try:
        params = scenario.parameters
        amounts: list[tuple[str, Any]] = []
        raw_costs = doc["intervention"]["costs"]
        for cost, raw in zip(scenario.intervention.costs, raw_costs, strict=True):
            amounts.append((f"intervention.costs.{cost.id}.annual", raw["annual"]))
        for out, raw_out in zip(scenario.outcomes, doc["outcomes"], strict=True):
            for con, raw in zip(out.consequences, raw_out["consequences"], strict=True):
                amounts.append((f"outcomes.{out.id}.consequences.{con.id}.annual", raw["annual"]))
        for level in ("continuation", "spread"):
            if isinstance(doc.get(level), dict) and "annual_cost" in doc[level]:
                amounts.append((f"{level}.annual_cost", doc[level]["annual_cost"]))
    except (AttributeError, KeyError, TypeError, ValueError):
        return  # items that failed to build: their own problems are reported already
    for pid, raw in amounts:
        if pid in params:
            _soft(check_booked_years, raw, booked_years=params[pid].booked_years, path=pid)


def _settings(t: dict[str, Any] | None) -> Settings | None:
    if t is None:
        return None
    _check_keys(t, SCENARIO_KEYS, "scenario", required=("title", "price_year", "horizon_years"))
    actors = _field(t, "actors", _actors, default=DEFAULT_ACTORS) or DEFAULT_ACTORS
    language = _soft(_choice, t.get("language", "sv"), "scenario.language", LANGUAGES, "language")
    price_year = _field(t, "price_year", _integer, "scenario.price_year", lo=1900, hi=2200)
    horizon = _field(t, "horizon_years", _integer, "scenario.horizon_years", lo=1, hi=MAX_HORIZON)
    discount = _soft(
        parse_parameter, t.get("discount_rate", 0.035), "scenario.discount_rate", "discount_rate"
    )
    title = _field(t, "title", _string, "scenario.title")
    currency = _soft(_string, t.get("currency", "SEK"), "scenario.currency")
    description = _field(t, "description", _string, "scenario.description", nonempty=False)
    return Settings(
        title=title,
        price_year=price_year,
        horizon_years=horizon,
        discount_rate=discount,
        currency=currency,
        language=language or "sv",
        description=description,
        actors=actors,
        **(_soft(_valuation, t) or {"valuation": None, "valuation_note": None}),
    )


def _valuation(t: Mapping[str, Any]) -> dict[str, str | None]:
    """``valuation`` and ``valuation_note`` of the ``[scenario]`` table (None when absent)."""
    valuation = note = None
    if "valuation" in t:
        valuation = _choice(t["valuation"], "scenario.valuation", VALUATIONS, "valuation")
    if "valuation_note" in t:
        note = _string(t["valuation_note"], "scenario.valuation_note")
    if valuation == "other" and note is None:
        raise ScenarioError(code="error.valuation.other_needs_note", path="scenario.valuation_note")
    return {"valuation": valuation, "valuation_note": note}


def _actors(extra: Any) -> tuple[str, ...]:
    if not isinstance(extra, list):
        raise ScenarioError(
            code="error.actor.not_list", params={"found": Found(extra)}, path="scenario.actors"
        )
    names = [_soft(_string, a, f"scenario.actors[{i}]") for i, a in enumerate(extra)]
    for i, a in enumerate(names):
        if a is not None and not _ID_RE.match(a):
            _report(_invalid_id(a, f"scenario.actors[{i}]", code="error.actor.invalid"))
    names = [a for a in names if a is not None and _ID_RE.match(a)]
    return DEFAULT_ACTORS + tuple(a for a in dict.fromkeys(names) if a not in DEFAULT_ACTORS)


def _intervention(
    t: dict[str, Any], horizon: int | None, actors: tuple[str, ...], price_year, lang: str
) -> Intervention:
    _check_keys(
        t, INTERVENTION_KEYS, "intervention", required=("years", "participants_per_year", "costs")
    )
    years = _field(t, "years", _year_range, "intervention.years", horizon)
    participants = _field(
        t,
        "participants_per_year",
        parse_parameter,
        "intervention.participants_per_year",
        "participants_per_year",
    )
    items = _field(t, "costs", _list_of_tables, "intervention.costs", "intervention.costs")
    costs = []
    if items is not None and not items:
        _report(
            ScenarioError(
                code="error.list.empty",
                params={"header": "intervention.costs"},
                path="intervention.costs",
            )
        )
    for ident, path, item in _items(items or [], "intervention.costs"):
        _check_keys(item, COST_KEYS, path, required=("label", "payer", "years", "annual"))
        costs.append(
            Cost(
                id=ident,
                label=_field(item, "label", _string, f"{path}.label"),
                payer=_field(item, "payer", _allocation, f"{path}.payer", actors),
                years=_field(item, "years", _year_range, f"{path}.years", horizon),
                annual=_field(
                    item,
                    "annual",
                    parse_parameter,
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
    for ident, path, item in _items(items, "logic"):
        _check_keys(item, LOGIC_KEYS, path, required=("label", "share"))
        steps.append(
            LogicStep(
                id=ident,
                label=_field(item, "label", _string, f"{path}.label"),
                share=_field(item, "share", parse_parameter, f"{path}.share", "logic.share"),
            )
        )
    _unique([s.id for s in steps], "logic")
    return tuple(steps)


def _outcomes(
    value: Any, horizon: int | None, actors: tuple[str, ...], price_year, lang: str
) -> tuple[Outcome, ...]:
    items = _list_of_tables(value, "outcomes", "outcomes")
    if not items:
        raise ScenarioError(code="error.list.empty", params={"header": "outcomes"}, path="outcomes")
    outcomes = []
    for ident, path, item in _items(items, "outcomes"):
        _check_keys(
            item,
            OUTCOME_KEYS,
            path,
            required=("label", "lag", "baseline_risk", "effect", "consequences"),
        )
        outcomes.append(
            Outcome(
                id=ident,
                label=_field(item, "label", _string, f"{path}.label"),
                lag=_field(item, "lag", _integer, f"{path}.lag", lo=0, hi=MAX_HORIZON),
                baseline_risk=_field(
                    item, "baseline_risk", parse_parameter, f"{path}.baseline_risk", "baseline_risk"
                ),
                effect=_field(item, "effect", _effect, f"{path}.effect"),
                attribution=_soft(
                    parse_parameter,
                    item.get("attribution", 1.0),
                    f"{path}.attribution",
                    "attribution",
                ),
                dropoff=_soft(
                    parse_parameter, item.get("dropoff", 0.0), f"{path}.dropoff", "dropoff"
                ),
                consequences=_field(
                    item,
                    "consequences",
                    _consequences,
                    path,
                    horizon,
                    actors,
                    price_year,
                    lang,
                    default=(),
                ),
            )
        )
    _unique([o.id for o in outcomes], "outcomes")
    return tuple(outcomes)


def _effect(value: Any, path: str) -> Effect:
    if not isinstance(value, dict):
        raise ScenarioError(code="error.effect.type", params={"found": Found(value)}, path=path)
    for key in value:
        if key not in EFFECT_FORMS:
            _report(unknown_key_error(key, EFFECT_FORMS, path=path))
    forms = [k for k in EFFECT_FORMS if k in value]
    if len(forms) != 1:
        if len(forms) == 2:
            raise ScenarioError(code="error.effect.both", path=path)
        if any(k not in EFFECT_FORMS for k in value):
            raise _Skip if _collecting() else ScenarioError(code="error.effect.none", path=path)
        raise ScenarioError(code="error.effect.none", path=path)
    form = forms[0]
    return Effect(form=form, value=parse_parameter(value[form], f"{path}.{form}", form))  # type: ignore[arg-type]


def _consequences(
    value: Any, opath: str, horizon: int | None, actors: tuple[str, ...], price_year, lang: str
) -> tuple[Consequence, ...]:
    items = _list_of_tables(value, f"{opath}.consequences", "outcomes.consequences")
    if not items:
        raise ScenarioError(
            code="error.list.empty",
            params={"header": "outcomes.consequences"},
            path=f"{opath}.consequences",
        )
    out = []
    for ident, path, item in _items(items, f"{opath}.consequences"):
        _check_keys(item, CONSEQUENCE_KEYS, path, required=("label", "kind", "payer", "annual"))
        kind = _field(
            item, "kind", _choice, f"{path}.kind", CONSEQUENCE_KINDS, "kind", KIND_SYNONYMS
        )
        recipient = None
        if kind == "transfer":
            if "recipient" not in item:
                _report(ScenarioError(code="error.transfer.no_recipient", path=f"{path}.recipient"))
            else:
                recipient = _soft(_allocation, item["recipient"], f"{path}.recipient", actors)
        elif kind is not None and "recipient" in item:
            _report(
                ScenarioError(
                    code="error.transfer.recipient_not_transfer",
                    params={"kind": kind},
                    path=f"{path}.recipient",
                )
            )
        out.append(
            Consequence(
                id=ident,
                label=_field(item, "label", _string, f"{path}.label"),
                kind=kind,
                payer=_field(item, "payer", _allocation, f"{path}.payer", actors),
                recipient=recipient,
                share=_soft(
                    parse_parameter, item.get("share", 1.0), f"{path}.share", "consequence.share"
                ),
                annual=_field(
                    item,
                    "annual",
                    parse_parameter,
                    f"{path}.annual",
                    "consequence.annual",
                    price_year=price_year,
                    lang=lang,
                ),
                growth=_soft(parse_parameter, item.get("growth", 0.0), f"{path}.growth", "growth"),
                start=_soft(_integer, item.get("start", 0), f"{path}.start", lo=0, hi=MAX_HORIZON),
                duration=_field(
                    item, "duration", _integer, f"{path}.duration", lo=1, hi=MAX_HORIZON
                ),
            )
        )
    _unique([c.id for c in out], f"{opath}.consequences")
    return tuple(out)


def _after_funding(first: int, horizon: int | None, path: str) -> None:
    if horizon is not None and first > horizon - 1:
        raise ScenarioError(
            code="error.level.after_horizon",
            params={"year": first, "max": horizon - 1},
            hint="hint.lengthen_horizon",
            path=path,
        )


def _level_label(t: dict[str, Any], path: str) -> str:
    """The level's own label, or "" when the file gives none (each face then names the level
    in its reader's language)."""
    if "label" in t:
        return _string(t["label"], f"{path}.label")
    return ""


def _continuation(t: dict[str, Any], settings: Settings, last: int | None) -> Continuation:
    """The ``[continuation]`` table; its cohorts run in years ``last+1 .. last+years``."""
    _check_keys(
        t,
        CONTINUATION_KEYS,
        "continuation",
        required=("probability", "years", "annual_cost", "payer"),
    )
    horizon = settings.horizon_years or None
    years = _field(t, "years", _integer, "continuation.years", lo=1, hi=MAX_HORIZON)
    if last is not None:
        _soft(_after_funding, last + 1, horizon, "continuation.years")
    participants = None
    if "participants_per_year" in t:
        participants = _soft(
            parse_parameter,
            t["participants_per_year"],
            "continuation.participants_per_year",
            "participants_per_year",
        )
    return Continuation(
        label=_soft(_level_label, t, "continuation", default=""),
        probability=_field(
            t, "probability", parse_parameter, "continuation.probability", "probability"
        ),
        years=years,
        annual_cost=_field(
            t,
            "annual_cost",
            parse_parameter,
            "continuation.annual_cost",
            "cost.annual",
            price_year=settings.price_year or None,
            lang=settings.language,
        ),
        payer=_field(t, "payer", _allocation, "continuation.payer", settings.actors),
        participants_per_year=participants,
    )


def _spread(t: dict[str, Any], settings: Settings, last: int | None) -> Spread:
    """The ``[spread]`` table; adopting units start ``lag`` years after the last funded year."""
    _check_keys(t, SPREAD_KEYS, "spread", required=("units", "probability", "years"))
    horizon = settings.horizon_years or None
    lag = _soft(_integer, t.get("lag", 1), "spread.lag", lo=1, hi=MAX_HORIZON)
    if last is not None and lag is not None:
        _soft(_after_funding, last + lag, horizon, "spread.lag")
    if "participants_per_year" in t and "scale" in t:
        _report(ScenarioError(code="error.spread.participants_and_scale", path="spread.scale"))
    if ("annual_cost" in t) != ("payer" in t):
        missing = "payer" if "annual_cost" in t else "annual_cost"
        _report(ScenarioError(code="error.spread.cost_and_payer", path=f"spread.{missing}"))
    elif "participants_per_year" in t and "annual_cost" not in t:
        _report(
            ScenarioError(code="error.spread.participants_need_cost", path="spread.annual_cost")
        )
    participants = scale = annual = payer = None
    if "participants_per_year" in t:
        participants = _soft(
            parse_parameter,
            t["participants_per_year"],
            "spread.participants_per_year",
            "participants_per_year",
        )
    else:
        scale = _soft(parse_parameter, t.get("scale", 1.0), "spread.scale", "scale")
    if "annual_cost" in t:
        annual = _soft(
            parse_parameter,
            t["annual_cost"],
            "spread.annual_cost",
            "cost.annual",
            price_year=settings.price_year or None,
            lang=settings.language,
        )
    if "payer" in t:
        payer = _soft(_allocation, t["payer"], "spread.payer", settings.actors)
    return Spread(
        label=_soft(_level_label, t, "spread", default=""),
        units=_field(t, "units", parse_parameter, "spread.units", "units"),
        probability=_field(t, "probability", parse_parameter, "spread.probability", "probability"),
        lag=lag,
        years=_field(t, "years", _integer, "spread.years", lo=1, hi=MAX_HORIZON),
        participants_per_year=participants,
        scale=scale,
        annual_cost=annual,
        payer=payer,
    )


def _written_parameter_ids(doc: Mapping[str, Any]) -> list[str] | None:
    """The parameter ids a scenario file has, read from the file as written.

    For a file that could not be built, so correlations can still name an unknown id;
    None where an item's id cannot be told (its own problem is reported already).
    The ids and their order follow :meth:`Scenario.iter_parameters`.
    """
    try:
        ids = ["scenario.discount_rate", "intervention.participants_per_year"]
        for item in doc["intervention"]["costs"]:
            ids.append(f"intervention.costs.{_item_id(item, '')}.annual")
        for item in doc.get("logic", []):
            ids.append(f"logic.{_item_id(item, '')}.share")
        for item in doc["outcomes"]:
            base = f"outcomes.{_item_id(item, '')}"
            ids += [f"{base}.{k}" for k in ("baseline_risk", "effect", "attribution", "dropoff")]
            for con in item["consequences"]:
                cbase = f"{base}.consequences.{_item_id(con, '')}"
                ids += [f"{cbase}.share", f"{cbase}.annual", f"{cbase}.growth"]
        if "continuation" in doc:
            ids += ["continuation.probability", "continuation.annual_cost"]
            if "participants_per_year" in doc["continuation"]:
                ids.append("continuation.participants_per_year")
        if "spread" in doc:
            sp = doc["spread"]
            ids += ["spread.units", "spread.probability"]
            ids.append(
                "spread.participants_per_year" if "participants_per_year" in sp else "spread.scale"
            )
            if "annual_cost" in sp:
                ids.append("spread.annual_cost")
    except (AttributeError, KeyError, TypeError, ScenarioError):
        return None
    return ids


def _correlations(
    value: Any, scenario: Scenario | None, written_ids: list[str] | None = None
) -> tuple[Correlation, ...]:
    """The correlations of a scenario, every problem reported.

    With ``scenario`` None (a file with other problems), only the checks that need no valid
    parameter run: ids are looked up in ``written_ids`` (skipped when None), and neither
    whether a parameter is fixed nor the correlation matrix is checked.
    """
    items = _list_of_tables(value, "correlations", "correlations")
    if scenario is not None:
        params: Mapping[str, Any] | None = scenario.parameters
        uncertain: Mapping[str, Any] | None = scenario.uncertain_parameters
    else:
        params = None if written_ids is None else dict.fromkeys(written_ids)
        uncertain = None
    out: list[Correlation] = []
    seen: set[frozenset[str]] = set()
    for i, item in enumerate(items):
        path = f"correlations#{i + 1}"
        _check_keys(item, CORRELATION_KEYS, path, required=("between", "rho"))
        if "between" not in item or "rho" not in item:
            continue
        between = item["between"]
        if not isinstance(between, list) or len(between) != 2:
            _report(ScenarioError(code="error.correlation.between", path=f"{path}.between"))
            continue
        ids = tuple(_soft(_string, b, f"{path}.between[{j}]") for j, b in enumerate(between))
        ok = all(ident is not None for ident in ids)
        for j, ident in enumerate(ids):
            if ident is None or params is None:
                continue
            if ident not in params:
                _report(unknown_parameter_error(ident, params, path=f"{path}.between[{j}]"))
                ok = False
            elif uncertain is not None and ident not in uncertain:
                _report(
                    ScenarioError(
                        code="error.correlation.fixed",
                        params={"id": ident},
                        path=f"{path}.between[{j}]",
                    )
                )
                ok = False
        rho = _soft(_number, item["rho"], f"{path}.rho")
        if rho is not None and not -1.0 <= rho <= 1.0:
            _report(
                ScenarioError(code="error.correlation.rho", params={"rho": rho}, path=f"{path}.rho")
            )
            rho = None
        if any(ident is None for ident in ids):
            continue
        if ids[0] == ids[1]:
            _report(ScenarioError(code="error.correlation.itself", path=f"{path}.between"))
            continue
        key = frozenset(ids)
        if key in seen:
            _report(ScenarioError(code="error.correlation.twice", path=f"{path}.between"))
            continue
        seen.add(key)
        if not ok or rho is None or scenario is None:
            continue
        out.append(Correlation(between=ids, rho=rho))  # type: ignore[arg-type]
    if out and not _PROBLEMS.get():
        check_correlation_matrix(out, list(uncertain))
    return tuple(out)


def unknown_parameter_error(
    pid: str, params: Mapping[str, Any], *, path: str | None, list_all: bool = False
) -> ScenarioError:
    """The error for a parameter id the scenario does not have, with a did-you-mean."""
    ids = list(params)
    return ScenarioError(
        code="error.parameter.unknown_all" if list_all else "error.parameter.unknown",
        params={"id": pid, "did_you_mean": Choices(close_matches(pid, ids)), "allowed": ids},
        path=path,
    )


def check_correlation_matrix(correlations: list[Correlation], ids: list[str]) -> None:
    """Raise if the implied Gaussian-copula correlation matrix is not positive definite."""
    from sekalk.sampling import copula_matrix

    involved = sorted({i for c in correlations for i in c.between}, key=ids.index)
    matrix = copula_matrix(correlations, involved)
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        raise ScenarioError(code="error.correlation.inconsistent", path="correlations") from None


Builder = Callable[[dict[str, Any]], Scenario]
