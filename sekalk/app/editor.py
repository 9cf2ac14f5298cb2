"""The applicant's editor: a scenario document <-> the fields of a web form, and back to TOML.

Pure functions, no web framework. The form is the state: every field is named by its key path
in the document with list indices (``intervention.costs.0.annual.min``), so a posted form can be
turned back into a document, and nothing typed is lost when a field cannot be read (it is
returned as an error beside the field, and the field keeps its text).

Keys the editor does not show (unit references, correlations, continuation, spread, notes on
tables it does not edit) are carried over from the document as it was: each row posts the
index it had in the file (``_orig``), so a row keeps its hidden keys when rows above it are
added or removed. Saving merges the result into the file with tomlkit, so comments and layout
stay where the values did not change.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from sekalk.distributions import DISTRIBUTION_KINDS, EVIDENCE_GRADES
from sekalk.distributions.base import META_KEYS as _META_KEYS
from sekalk.scenario.schema import EFFECT_FORMS
from sekalk.text.numbers import read_number

# Keys whose value is a number or a distribution table (the parameters of the model).
QUANTITY_KEYS = frozenset(
    {
        "discount_rate",
        "participants_per_year",
        "annual",
        "share",
        "baseline_risk",
        "relative_risk",
        "risk_difference",
        "attribution",
        "dropoff",
        "growth",
        "probability",
        "annual_cost",
        "units",
        "scale",
    }
)
INT_KEYS = frozenset({"price_year", "horizon_years", "lag", "start", "duration", "years"})
META_KEYS = _META_KEYS
EVIDENCE = EVIDENCE_GRADES

# The parameters of each kind the editor offers, in the order people think of them (each kind's
# ``form_keys``, from the registry; a kind without them, such as discrete, is shown read-only).
# A table written with another parameter set (beta from alpha/beta, lognormal from mean/sd) is
# shown with its own keys: the editor never changes a parameterisation the user did not change.
KIND_PARAMETERS: dict[str, tuple[str, ...]] = {
    kind: cls.form_keys for kind, cls in DISTRIBUTION_KINDS.items() if cls.form_keys is not None
}
EDITABLE_KINDS = tuple(KIND_PARAMETERS)
_INDEX = re.compile(r"^\d+$")


class FieldErrors(dict):
    """Field name -> message code, for the fields that could not be read."""


# --- the view: the document as the form's strings, in the shape :func:`unflatten` returns ---
def document_view(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The form's view of a scenario document: every shown value as the text in its box
    (a half-written file's missing tables are shown empty)."""
    view = _view(doc, "")
    for key in ("scenario", "intervention"):
        if not isinstance(view.get(key), dict):
            view[key] = {}
    return view


def _view(node: Any, key: str) -> Any:
    if key in QUANTITY_KEYS:
        return quantity_view(node)
    if key == "effect" and isinstance(node, Mapping):
        form = next((f for f in EFFECT_FORMS if f in node), "relative_risk")
        return {"form": form, "q": quantity_view(node.get(form))}
    if key == "payer":
        return payer_text(node)
    if isinstance(node, Mapping):
        return {k: _view(v, k) for k, v in node.items()}
    if isinstance(node, list):
        if node and all(isinstance(v, Mapping) for v in node):
            return [{**_view(v, ""), "_orig": str(i)} for i, v in enumerate(node)]
        return [_text(v) for v in node]
    return _text(node)


def quantity_view(value: Any) -> dict[str, Any]:
    """A quantity as the editor's boxes: ``dist``, ``p`` (parameter -> text) and metadata; a
    table the editor cannot edit is ``dist = "ref"`` with a description to show."""
    shown = quantity_fields(value)
    view: dict[str, Any] = {"dist": shown["kind"], "p": dict(shown["params"]), **shown["meta"]}
    if not shown["editable"]:
        view["dist"] = "ref"
        view["shown"] = ", ".join(f"{k} = {_text(v)}" for k, v in value.items())
    return view


def empty_quantity(kind: str = "pert") -> dict[str, Any]:
    """A new quantity's boxes: the parameters people think in, all empty."""
    return {"dist": kind, "p": dict.fromkeys(parameters_of(kind), "")}


def new_row(section: str) -> dict[str, Any]:
    """An empty row for ``section`` (costs, logic, outcomes, consequences)."""
    if section == "costs":
        return {"label": "", "payer": "", "years": ["0", "0"], "annual": empty_quantity()}
    if section == "logic":
        return {"label": "", "share": empty_quantity("beta")}
    if section == "consequences":
        return {
            "label": "",
            "kind": "resource",
            "payer": "",
            "share": empty_quantity("fixed"),
            "annual": empty_quantity(),
            "start": "0",
        }
    if section == "outcomes":
        return {
            "label": "",
            "lag": "0",
            "baseline_risk": empty_quantity("uniform"),
            "effect": {"form": "relative_risk", "q": empty_quantity("lognormal")},
            "consequences": [new_row("consequences")],
        }
    raise ValueError(section)


def unit_reference_view(unit_id: str) -> dict[str, Any]:
    """A quantity that refers to a sourced unit cost, with the ``per`` its basis needs: a
    yearly amount for a unit per day, month or year; the unit's own name for a one-off amount
    (which the model accepts only where it is booked in one year)."""
    from sekalk.units import get_unit

    unit = get_unit(unit_id)
    per = "year" if unit.basis == "yearly" else unit.unit
    return {"dist": "ref", "ref": unit.id, "per": per, "shown": f"ref = {unit.id}, per = {per}"}


def list_paths(view: Mapping[str, Any]) -> list[str]:
    """The form names of the editable lists in ``view`` (see :func:`form_to_document`)."""
    paths = ["intervention.costs", "logic", "outcomes"]
    outcomes = view.get("outcomes") or []
    paths += [f"outcomes.{i}.consequences" for i in range(len(outcomes))]
    return paths


def apply_action(view: dict[str, Any], action: str) -> dict[str, Any]:
    """``add:PATH`` appends a new row to the list at PATH; ``remove:PATH.I`` removes row I;
    ``kind:PATH`` gives the quantity at PATH the parameters of its (new) kind. Returns the
    changed view; unknown actions change nothing."""
    verb, _, path = action.partition(":")
    parts = [p for p in path.split(":")[0].split(".") if p]
    if not parts:
        return view
    try:
        if verb == "add":
            target = _walk(view, parts, create=True)
            target.append(new_row(parts[-1] if parts[-1] != "costs" else "costs"))
        elif verb == "remove" and _INDEX.match(parts[-1]):
            target = _walk(view, parts[:-1])
            if isinstance(target, list) and int(parts[-1]) < len(target):
                del target[int(parts[-1])]
        elif verb == "unit":
            target, _, unit_id = path.rpartition(":")
            q = _walk(view, [p for p in target.split(".") if p])
            if isinstance(q, dict):
                q.clear()
                q.update(unit_reference_view(unit_id))
        elif verb == "own":
            q = _walk(view, parts)
            if isinstance(q, dict):
                q.clear()
                q.update(empty_quantity())
        elif verb == "kind":
            q = _walk(view, parts)
            if isinstance(q, dict):
                typed = q.get("p", {}) if isinstance(q.get("p"), dict) else {}
                names = parameters_of(str(q.get("dist")))
                q["p"] = {n: typed.get(n, "") for n in names}
    except (KeyError, IndexError, TypeError, ValueError):
        return view
    return view


def _walk(view: Any, parts: list[str], *, create: bool = False) -> Any:
    node = view
    for i, part in enumerate(parts):
        if isinstance(node, list):
            node = node[int(part)]
        elif create and part not in node:
            node[part] = [] if i == len(parts) - 1 else {}
            node = node[part]
        else:
            node = node[part]
    return node


# --- document -> fields ------------------------------------------------------------------------
def quantity_fields(value: Any) -> dict[str, Any]:
    """How one quantity is shown: its kind, its parameters (name, text) and its metadata.

    A plain number is the kind ``fixed``. A table the editor cannot edit (a unit reference,
    ``discrete``) is ``editable=False`` and is kept as it is.
    """
    if isinstance(value, bool) or value is None:
        return {"kind": "fixed", "params": [("value", "")], "meta": {}, "editable": True}
    if isinstance(value, int | float):
        return {"kind": "fixed", "params": [("value", _text(value))], "meta": {}, "editable": True}
    if not isinstance(value, Mapping):
        return {"kind": "fixed", "params": [("value", str(value))], "meta": {}, "editable": True}
    kind = value.get("dist")
    meta = {k: str(value[k]) for k in META_KEYS if k in value}
    if kind not in KIND_PARAMETERS or "ref" in value:
        return {"kind": kind or "ref", "params": [], "meta": meta, "editable": False}
    keys = [k for k in value if k not in (*META_KEYS, "dist")]
    return {
        "kind": kind,
        "params": [(k, _text(value[k])) for k in keys],
        "meta": meta,
        "editable": True,
    }


def parameters_of(kind: str) -> tuple[str, ...]:
    """The parameter names the editor offers for a new distribution of ``kind``."""
    return KIND_PARAMETERS.get(kind, ("value",))


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def payer_text(payer: Any) -> str:
    """``"kommun"`` or ``"region 0.5; kommun 0.5"``: a payer as one line to edit."""
    if isinstance(payer, Mapping):
        return "; ".join(f"{k} {_text(v)}" for k, v in payer.items())
    return "" if payer is None else str(payer)


def parse_payer(text: str) -> str | dict[str, float]:
    """The inverse of :func:`payer_text`; shares may be written ``0,5`` or ``50 %``."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if len(parts) == 1 and " " not in parts[0] and "=" not in parts[0]:
        return parts[0]
    shares: dict[str, float] = {}
    for part in parts:
        m = re.fullmatch(r"([^\s=:]+)\s*[=:\s]\s*(.+)", part)
        if not m:
            raise ValueError(part)
        shares[m.group(1)] = read_number(m.group(2))
    if not shares:
        raise ValueError(text)
    return shares


# --- fields -> document ------------------------------------------------------------------------
def unflatten(form: Mapping[str, str]) -> dict[str, Any]:
    """``{"a.0.b": "x"}`` -> ``{"a": [{"b": "x"}]}``; list items keep their posted order."""
    tree: dict[str, Any] = {}
    for name, value in form.items():
        parts = name.split(".")
        if not name or any(p == "" for p in parts):
            continue
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = value
    return _lists(tree)


def flatten(view: Any, prefix: str = "") -> dict[str, str]:
    """The inverse of :func:`unflatten`: ``{"a": [{"b": "x"}]}`` -> ``{"a.0.b": "x"}``."""
    if isinstance(view, Mapping):
        items = view.items()
    elif isinstance(view, list):
        items = ((str(i), v) for i, v in enumerate(view))
    else:
        return {prefix: view}
    out: dict[str, str] = {}
    for key, value in items:
        out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {k: _lists(v) for k, v in node.items()}
    if converted and all(_INDEX.match(k) for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def form_to_document(
    form: Mapping[str, str], original: Mapping[str, Any]
) -> tuple[dict[str, Any], FieldErrors]:
    """The scenario document that the posted ``form`` describes, and the fields it could not
    read (their names -> an error code). ``original`` supplies what the form does not show."""
    errors = FieldErrors()
    tree = unflatten({k: v for k, v in form.items() if not k.startswith("_form.")})
    # A list whose every row was removed posts no field at all: the form names its lists.
    for path in filter(None, str(form.get("_form.lists", "")).split(",")):
        parts = path.split(".")
        node: Any = tree
        for part in parts[:-1]:
            node = (
                node[int(part)]
                if isinstance(node, list) and _INDEX.match(part)
                else (node.setdefault(part, {}) if isinstance(node, dict) else None)
            )
            if node is None:
                break
        if isinstance(node, dict) and parts[-1] not in node:
            node[parts[-1]] = []
    doc = _merge(copy.deepcopy(dict(original)), tree, original, "", errors)
    return doc, errors


def _merge(base: Any, edited: Any, original: Any, path: str, errors: FieldErrors) -> Any:
    if isinstance(edited, list):
        originals = original if isinstance(original, list) else []
        out = []
        for i, item in enumerate(edited):
            src: Any = {}
            if isinstance(item, dict) and "_orig" in item:
                idx = item.get("_orig", "")
                if _INDEX.match(str(idx)) and int(idx) < len(originals):
                    src = originals[int(idx)]
            out.append(_merge(copy.deepcopy(src), item, src, f"{path}.{i}", errors))
        return out
    if not isinstance(edited, dict):
        return edited
    node = dict(base) if isinstance(base, Mapping) else {}
    orig = original if isinstance(original, Mapping) else {}
    for key, value in edited.items():
        name = f"{path}.{key}" if path else key
        if key == "_orig":
            continue
        if key in QUANTITY_KEYS and isinstance(value, dict):
            result = _quantity(value, orig.get(key), name, errors)
            if result is _KEEP:
                continue
            if result is None:
                node.pop(key, None)
            else:
                node[key] = result
        elif key == "effect" and isinstance(value, dict):
            form = value.get("form")
            q = value.get("q", {})
            previous = orig.get("effect") if isinstance(orig.get("effect"), Mapping) else {}
            prev_q = previous.get(form) if form in previous else None
            if form not in EFFECT_FORMS:
                errors[f"{name}.form"] = "app.edit.error.choice"
                continue
            result = _quantity(q, prev_q, f"{name}.q", errors)
            if result is _KEEP:
                continue
            node[key] = {form: result} if result is not None else {}
        elif key in ("payer", "recipient") and isinstance(value, str):
            text = value.strip()
            if not text:
                node.pop(key, None)
                continue
            try:
                node[key] = parse_payer(text) if key == "payer" else text
            except ValueError:
                errors[name] = "app.edit.error.payer"
        elif key in INT_KEYS and isinstance(value, str | list):
            result = _integers(value, name, errors)
            if result is None:
                node.pop(key, None)
            elif result is not _KEEP:
                node[key] = result
        elif key == "rho" and isinstance(value, str):
            try:
                node[key] = read_number(value)
            except ValueError:
                errors[name] = "app.edit.error.number"
        elif isinstance(value, dict | list):
            node[key] = _merge(node.get(key), value, orig.get(key), name, errors)
        elif isinstance(value, str):
            text = value.strip()
            if text:
                node[key] = text
            else:
                node.pop(key, None)
    return node


_KEEP = object()  # a quantity the editor shows read-only: leave the document's value


def _integers(value: str | list, name: str, errors: FieldErrors) -> Any:
    texts = value if isinstance(value, list) else [value]
    numbers = []
    for i, text in enumerate(texts):
        text = str(text).strip()
        field = f"{name}.{i}" if isinstance(value, list) else name
        if not text:
            if isinstance(value, list):
                errors[field] = "app.edit.error.required"
                return _KEEP
            return None
        try:
            number = read_number(text)
        except ValueError:
            errors[field] = "app.edit.error.whole"
            return _KEEP
        if not float(number).is_integer():
            errors[field] = "app.edit.error.whole"
            return _KEEP
        numbers.append(int(number))
    return numbers if isinstance(value, list) else numbers[0]


def _quantity(fields: dict, original: Any, name: str, errors: FieldErrors) -> Any:
    """A number or distribution table from a quantity's fields; ``_KEEP`` for read-only ones;
    ``None`` when every box is empty (the key is left out: the format's default applies)."""
    kind = str(fields.get("dist", "fixed")).strip() or "fixed"
    if kind == "ref" and str(fields.get("ref", "")).strip():
        table = {"ref": str(fields["ref"]).strip()}
        if str(fields.get("per", "")).strip():
            table["per"] = str(fields["per"]).strip()
        return table
    if kind not in KIND_PARAMETERS:
        return _KEEP if original is not None else None
    params = fields.get("p", {}) if isinstance(fields.get("p"), dict) else {}
    meta = {k: str(fields[k]).strip() for k in META_KEYS if str(fields.get(k, "")).strip()}
    numbers: dict[str, Any] = {}
    failed = False
    for key, text in params.items():
        text = str(text).strip()
        if not text:
            continue
        try:
            numbers[key] = read_number(text)
        except ValueError:
            errors[f"{name}.p.{key}"] = "app.edit.error.number"
            failed = True
    if failed:
        return copy.deepcopy(original) if original is not None else None
    if kind == "fixed":
        if "value" not in numbers:
            return None
        return {"dist": "fixed", "value": numbers["value"], **meta} if meta else numbers["value"]
    # Keep the order of the original table's keys, so an unchanged table saves unchanged.
    table: dict[str, Any] = {"dist": kind, **numbers}
    for key in META_KEYS:
        if key in meta:
            table[key] = meta[key]
    if isinstance(original, Mapping):
        order = list(original)
        table = dict(
            sorted(
                table.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
            )
        )
    return table


# --- error paths -> fields -----------------------------------------------------------------
_LISTS = {
    "intervention.costs": ("intervention", "costs"),
    "logic": ("logic",),
    "outcomes": ("outcomes",),
    "correlations": ("correlations",),
}


def field_of_error(path: str | None, doc: Mapping[str, Any]) -> str:
    """The form field (or row) an error's key path points at.

    Error paths name items by id (``outcomes.ej_behorig.effect``, ``logic#2``); the form names
    them by position (``outcomes.0.effect``). Unknown paths map to ``""`` (the whole form).
    """
    if not path:
        return ""
    from sekalk.scenario.loader import slugify

    def ids(items: Any) -> list[str]:
        out = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, Mapping):
                out.append(str(item.get("id") or slugify(str(item.get("label", "")))))
        return out

    text = re.sub(r"\[(\d+)\]", r".\1", path)
    text = re.sub(r"#(\d+)", lambda m: f".{int(m.group(1)) - 1}", text)
    parts = text.split(".")
    out: list[str] = []
    node: Any = doc
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(node, list):
            if _INDEX.match(part):
                idx = int(part)
            else:
                known = ids(node)
                if part not in known:
                    break
                idx = known.index(part)
            out.append(str(idx))
            node = node[idx] if idx < len(node) else None
        elif isinstance(node, Mapping) and out and out[-1] in QUANTITY_KEYS | {"q"}:
            out.extend(["p", part] if part not in (*META_KEYS, "dist") else [part])
            break
        elif isinstance(node, Mapping) and part in node:
            out.append(part)
            node = node[part]
            if part == "effect" and isinstance(node, Mapping):
                form = next((f for f in EFFECT_FORMS if f in node), None)
                if form is not None:
                    out.append("q")
                    node = node[form]
                    if i + 1 < len(parts) and parts[i + 1] == form:
                        i += 1
        else:
            out.append(part)
            break
        i += 1
    return ".".join(out)


# --- saving: the document merged into the file's text ----------------------------------------
def plain_numbers(value: Any) -> Any:
    """``value`` with whole-number floats written as integers (20, not 20.0), as a person
    writes them; the loader reads both the same."""
    if isinstance(value, Mapping):
        return {k: plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_numbers(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def merged_toml(text: str, doc: Mapping[str, Any]) -> str:
    """``text`` (a TOML file) with its values replaced by ``doc``'s, keeping comments and layout
    wherever a value did not change. Checked: the returned text parses to ``doc``."""
    import tomllib

    import tomlkit

    tk = tomlkit.parse(text)
    _merge_tk(tk, doc)
    out = tomlkit.dumps(tk)
    if tomllib.loads(out) != _plain(doc):
        raise ValueError("merged TOML does not read back as the document")
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _is_table(item: Any) -> bool:
    return isinstance(item, Mapping)


def _new_item(value: Any, *, inline: bool) -> Any:
    import tomlkit

    if isinstance(value, Mapping):
        table = tomlkit.inline_table() if inline else tomlkit.table()
        for k, v in value.items():
            table[k] = _new_item(v, inline=True)
        return table
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        aot = tomlkit.aot()
        for v in value:
            aot.append(_new_item(v, inline=False))
        return aot
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 495000, not 495000.0: the file reads as a person wrote it
    return value


def _merge_tk(container: Any, new: Mapping[str, Any]) -> None:
    for key in [k for k in container if k not in new]:
        del container[key]
    inline = type(container).__name__ == "InlineTable"
    for key, value in new.items():
        if key not in container:
            container[key] = _new_item(
                value, inline=inline or key in QUANTITY_KEYS or key in ("payer", "effect")
            )
            continue
        old = container[key]
        if _unwrap(old) == _plain(value):
            continue  # unchanged (1.6e6 == 1600000.0): keep the text as written
        if isinstance(value, Mapping) and _is_table(old):
            _merge_tk(old, value)
        elif (
            isinstance(value, list)
            and isinstance(old, list)
            and all(_is_table(o) for o in old)
            and old
        ):
            _merge_list(old, value)
        else:
            inline_new = inline or not _is_table(old) or type(old).__name__ == "InlineTable"
            container[key] = _new_item(value, inline=inline_new)


def _row_key(row: Any) -> Any:
    if not isinstance(row, Mapping):
        return None
    return ("id", _unwrap(row["id"])) if "id" in row else ("label", _unwrap(row.get("label")))


def _merge_list(old: Any, new: list) -> None:
    """Merge rows into an array of tables, each into the row it came from (same id, else same
    label, else same position), so a row's comments stay with that row when others are added,
    removed or moved."""
    keys = [_row_key(o) for o in old]
    source: list[int | None] = [None] * len(new)
    used: set[int] = set()
    for i, value in enumerate(new):
        key = _row_key(value)
        if key in keys and keys.index(key) not in used:
            source[i] = keys.index(key)
            used.add(keys.index(key))
    for i in range(len(new)):
        if source[i] is None and i < len(old) and i not in used:
            source[i] = i
            used.add(i)
    matched = [j for j in source if j is not None]
    in_place = matched == list(range(len(matched))) and all(
        j is not None for j in source[: len(matched)]
    )
    # Rows written inline (logic = [ {...}, ... ]) get new rows written inline too.
    inline = type(old).__name__ != "AoT"
    if in_place:  # the usual case: rows edited, added at the end or removed from the end
        for i, value in enumerate(new):
            if i < len(matched):
                _merge_tk(old[i], value)
            else:
                old.append(_new_item(value, inline=inline))
        while len(old) > len(new):
            del old[len(old) - 1]
        return
    # The comments above a [[row]] header are stored at the end of the row before it, so
    # before the rows are put in their new order each row's own comments are moved with it.
    preambles = [_trailing(old[k - 1]) if k else None for k in range(len(old))]
    last = _trailing(old[len(old) - 1]) if not inline else None
    rows = []
    for i, value in enumerate(new):
        if source[i] is not None:
            _merge_tk(old[source[i]], value)
            rows.append(old[source[i]])
        else:
            rows.append(_new_item(value, inline=inline))
    if not inline:
        for j, row in enumerate(rows):
            follow = source[j + 1] if j + 1 < len(rows) else None
            if follow is not None and follow > 0:
                _set_trailing(row, preambles[follow])
            elif j + 1 == len(rows):
                _set_trailing(row, last)
            else:
                _set_trailing(row, [])
    while len(old):
        del old[len(old) - 1]
    for row in rows:
        old.append(row)


def _trailing(table: Any) -> list:
    """The comment and blank lines at the end of a table's body (what precedes the next
    [[row]] header in the file); removed from the table."""
    body = getattr(getattr(table, "value", None), "body", None)
    if body is None:
        return []
    cut = len(body)
    while cut and body[cut - 1][0] is None:
        cut -= 1
    tail = body[cut:]
    del body[cut:]
    return tail


def _set_trailing(table: Any, tail: list | None) -> None:
    body = getattr(getattr(table, "value", None), "body", None)
    if body is None or tail is None:
        return
    while body and body[-1][0] is None:
        body.pop()
    body.extend(tail)
