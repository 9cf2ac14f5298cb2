"""Reading a scenario value (a number or a distribution table) into a distribution kind."""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import Any

from sekalk.distributions.base import (
    EVIDENCE_GRADES,
    KINDS,
    META_KEYS,
    Distribution,
    evidence_error,
)
from sekalk.distributions.fixed import Fixed
from sekalk.errors import (
    Choices,
    Found,
    Msg,
    ScenarioError,
    close_matches,
    number_error,
    raise_all,
    unknown_key_error,
)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise number_error(value, path)
    x = float(value)
    if not math.isfinite(x):
        raise ScenarioError(
            code="error.type.not_finite", params={"found": Found(x), "value": str(x)}, path=path
        )
    return x


def _numbers(value: Any, path: str) -> tuple[float, ...]:
    if not isinstance(value, (list, tuple)):
        raise ScenarioError(
            code="error.type.not_list_of_numbers", params={"found": Found(value)}, path=path
        )
    return tuple(_number(v, f"{path}[{i}]") for i, v in enumerate(value))


def describe_sets(cls: type[Distribution]) -> str:
    """The parameter sets of a kind, language-neutral: ``mean, sd | alpha, beta [min, max]``
    (keys in brackets are optional)."""
    sets = []
    for required, optional in cls.param_sets:
        text = ", ".join(required)
        if optional:
            text += " [" + ", ".join(optional) + "]"
        sets.append(text)
    return " | ".join(sets)


def _sets_params(cls: type[Distribution]) -> dict[str, Any]:
    """``kind``, ``sets`` and, where a set has optional keys, the note that says so."""
    sets = describe_sets(cls)
    optional = Msg("dist.optional_keys") if "[" in sets else ""
    return {"kind": cls.kind, "sets": sets, "optional": optional}


def _mixed_sets(cls: type[Distribution], keys: set[str], path: str) -> ScenarioError:
    return ScenarioError(
        code="error.dist.mixed_sets",
        params={**_sets_params(cls), "keys": ", ".join(sorted(keys))},
        path=path,
    )


def choose_set(
    cls: type[Distribution], keys: set[str], path: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The one parameter set of ``cls`` that the table's parameter ``keys`` use."""
    sets = cls.param_sets
    allowed = {k for req, opt in sets for k in (*req, *opt)}
    for key in sorted(keys - allowed):
        raise unknown_key_error(key, allowed | {"dist", *META_KEYS}, path=path)
    candidates = [(req, opt) for req, opt in sets if keys & set(req)]
    if len(candidates) > 1:
        raise _mixed_sets(cls, keys, path)
    if not candidates:
        if len(sets) == 1:
            candidates = [sets[0]]
        else:
            raise ScenarioError(
                code="error.dist.no_parameters",
                params=_sets_params(cls),
                path=path,
            )
    required, optional = candidates[0]
    extra = keys - set(required) - set(optional)
    if extra:
        raise _mixed_sets(cls, keys, _join(path, sorted(extra)[0]))
    missing = [k for k in required if k not in keys]
    if missing:
        raise ScenarioError(
            code="error.dist.missing_key",
            params={"key": missing[0], "kind": cls.kind, "keys": ", ".join(required)},
            path=_join(path, missing[0]),
        )
    return required, optional


def parse_distribution(value: Any, *, path: str) -> Distribution:
    """Turn a scenario value (a number or a distribution table) into a :class:`Distribution`.

    Parameters
    ----------
    value
        A plain int/float (a fixed value) or a table with ``dist`` = one of the registered
        kinds (:data:`~sekalk.distributions.base.KINDS`) and the parameters of one of its
        parameter sets, plus optional ``evidence``, ``source`` and ``note``.
    path
        The key path of ``value`` in the scenario, used in error messages.

    Raises
    ------
    ScenarioError
        For any problem with the value, with the path of the offending key.
    """
    if not isinstance(value, Mapping):
        return Fixed(_number(value, path))
    # The evidence, source and note are checked apart from the parameters, so a table with
    # both kinds of problem reports both in one run.
    meta_errors = meta_problems(value, path=path)
    try:
        dist = _parse_table(value, path)
    except ScenarioError as err:
        raise_all([err, *meta_errors])
        raise  # pragma: no cover - raise_all raised
    raise_all(meta_errors)
    return dist


def meta_problems(table: Mapping[str, Any], *, path: str) -> list[ScenarioError]:
    """The problems of the ``evidence``, ``source`` and ``note`` of a distribution table.

    Parameters
    ----------
    table
        A distribution table as written in the scenario.
    path
        The key path of ``table``, used in error messages.

    Returns
    -------
    list of ScenarioError
        Empty when every one of them present is text and ``evidence`` is a known grade.
    """
    problems = []
    for key in META_KEYS:
        if key in table:
            item = table[key]
            if not isinstance(item, str):
                problems.append(
                    ScenarioError(
                        code="error.type.not_text",
                        params={"found": Found(item)},
                        path=_join(path, key),
                    )
                )
            elif key == "evidence" and item not in EVIDENCE_GRADES:
                problems.append(evidence_error(item, _join(path, key)))
    return problems


def _parse_table(value: Mapping[str, Any], path: str) -> Distribution:
    """:func:`parse_distribution` of a table, its metadata known to be valid where used."""
    if "dist" not in value:
        for key in value:
            if isinstance(key, str) and close_matches(key, ("dist",)):
                raise unknown_key_error(key, ("dist", *META_KEYS), path=path)
        raise ScenarioError(
            code="error.dist.missing_dist",
            params={"allowed": list(KINDS)},
            path=_join(path, "dist"),
        )
    kind = value["dist"]
    if not isinstance(kind, str) or kind not in KINDS:
        near = close_matches(kind, KINDS) if isinstance(kind, str) else ()
        raise ScenarioError(
            code="error.dist.unknown_kind",
            params={
                "found": repr(kind) if isinstance(kind, str) else Found(kind),
                "did_you_mean": Choices(near),
                "allowed": list(KINDS),
            },
            path=_join(path, "dist"),
        )
    cls = KINDS[kind]
    meta: dict[str, Any] = {}
    for key in META_KEYS:  # the invalid ones are reported by meta_problems
        item = value.get(key)
        if isinstance(item, str) and (key != "evidence" or item in EVIDENCE_GRADES):
            meta[key] = item
    keys = {str(k) for k in value} - {"dist", *META_KEYS}
    required, optional = choose_set(cls, keys, path)
    p = {k: (_numbers if k in cls.list_keys else _number)(value[k], _join(path, k)) for k in keys}
    if cls.keeps_written:
        meta["written"] = tuple((k, p[k]) for k in (*required, *optional) if k in p)
    try:
        return cls.from_params(p, **meta)
    except ScenarioError as err:
        raise err.with_context(path_prefix=path) from None
