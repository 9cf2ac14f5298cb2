"""Converting scenario files between TOML, JSON and Excel (``.xlsx``), formats from the suffix.

A conversion reads the source into the plain scenario document (the dict a TOML file parses
to), validates it as :func:`sekalk.load` does, and writes it in the target format: every value,
distribution, evidence grade, source, note, correlation, unit reference, continuation and
spread is kept. What a format cannot hold is reported, never dropped silently: comments of a
TOML file (a workbook or JSON file has no place for them) and the ``$schema`` key of a JSON
file (a workbook has none).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sekalk.errors import ScenarioError

#: File suffix -> format.
FORMATS = {".toml": "toml", ".json": "json", ".xlsx": "xlsx"}


@dataclass
class Document:
    """A scenario file read into its document, with what a conversion may lose."""

    doc: dict[str, Any]
    fmt: str
    #: ``(line, text)`` of every comment of a TOML file.
    comments: list[tuple[int, str]] = field(default_factory=list)
    #: ``(key, params)`` notes of the workbook reader (formulas read, columns ignored).
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def format_of(path: str | Path, *, what: str = "file") -> str:
    """The format of ``path`` from its suffix (``toml``, ``json`` or ``xlsx``)."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ScenarioError(
            code=f"error.convert.{what}_format",
            params={"suffix": Path(path).suffix or "–"},
            file=str(path),
        )
    return fmt


def read_document(path: str | Path) -> Document:
    """Read and validate a scenario file into its document.

    Raises
    ------
    ScenarioError
        If the file cannot be read or is not a valid scenario (as :func:`sekalk.load`).
    """
    from sekalk.scenario.loader import loads, parse_document

    file = str(path)
    fmt = format_of(path)
    p = Path(path)
    if not p.is_file():
        code = "error.file.not_found" if not p.exists() else "error.file.is_directory"
        raise ScenarioError(code=code, file=file)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(
            code="error.file.unreadable", params={"reason": exc.strerror}, file=file
        ) from None
    # Validation is `loads`'s, so every problem is reported with its line or cell, in the
    # file's language, exactly as `sekalk validate` reports it.
    loads(raw, file=file, fmt=fmt)
    if fmt == "xlsx":
        from sekalk.scenario.xlsx import read_workbook

        wd = read_workbook(raw, file=file)
        return Document(wd.doc, fmt, notes=list(wd.notes))
    doc = parse_document(raw, file=file, fmt=fmt)
    comments = toml_comments(raw.decode("utf-8-sig")) if fmt == "toml" else []
    return Document(doc, fmt, comments=comments)


def write_document(doc: Mapping[str, Any], path: str | Path, *, lang: str | None = None) -> None:
    """Write a scenario document to ``path`` (format from the suffix) atomically.

    ``lang`` is the language of a workbook's sheets and headers (default: the scenario's).
    """
    from sekalk.outputs import write_text_atomic

    fmt = format_of(path, what="output")
    if fmt == "xlsx":
        from sekalk.scenario.xlsx import write_workbook

        language = lang or doc.get("scenario", {}).get("language", "sv")
        write_workbook(doc, path, lang=language)
    elif fmt == "json":
        write_text_atomic(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        write_text_atomic(path, dumps_toml(doc))


def losses(source: Document, target_fmt: str) -> list[tuple[str, dict[str, Any]]]:
    """What the target format cannot hold: ``(message key, params)`` for the warnings."""
    out: list[tuple[str, dict[str, Any]]] = []
    if source.comments:
        out.append(("convert.comments", {"n": len(source.comments), "target": target_fmt}))
    if "$schema" in source.doc and target_fmt == "xlsx":
        out.append(("convert.schema_key", {"value": source.doc["$schema"]}))
    if target_fmt == "xlsx":
        for path in _empty_texts(source.doc, ""):
            out.append(("convert.empty_text", {"path": path}))
    return out


def _empty_texts(value: Any, path: str) -> list[str]:
    if isinstance(value, str):
        return [path] if value == "" else []
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in _empty_texts(v, f"{path}.{k}".strip("."))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _empty_texts(v, f"{path}[{i}]")]
    return []


# ---------------------------------------------------------------------------------------------
# TOML


def toml_comments(text: str) -> list[tuple[int, str]]:
    """Every comment of a TOML text as ``(line number, text after '#')``.

    Strings are skipped ('#' inside "...", '...', triple-quoted strings is not a comment).
    """
    out: list[tuple[int, str]] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append((line, text[i + 1 : end].strip()))
            i = end
        elif text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i : i + 3]
            j = i + 3
            while True:
                j = text.find(quote, j)
                if j < 0:
                    j = n
                    break
                if quote == '"""' and _escaped(text, j):
                    j += 1
                    continue
                break
            while j + 3 < n + 1 and text.startswith(quote[0], j + 3):  # """a"""" ends later
                j += 1
            line += text.count("\n", i, j)
            i = j + 3
        elif ch in "\"'":
            j = i + 1
            while j < n and text[j] != "\n":
                if text[j] == ch and (ch == "'" or not _escaped(text, j)):
                    break
                j += 1
            i = j + 1
        else:
            i += 1
    return out


def _escaped(text: str, j: int) -> bool:
    """True if the character at ``j`` is preceded by an odd number of backslashes."""
    k = j - 1
    while k >= 0 and text[k] == "\\":
        k -= 1
    return (j - 1 - k) % 2 == 1


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    """``value`` as a TOML value (a string, number, boolean, array or inline table)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ScenarioError(f"{value!r} cannot be written to a scenario file")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise ScenarioError(f"cannot write a value of type {type(value).__name__} to TOML")


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table_body(table: Mapping[str, Any], path: str, lines: list[str]) -> None:
    for key, value in table.items():
        if not _is_tables(value):
            lines.append(f"{_key(key)} = {toml_value(value)}")
    for key, value in table.items():
        if _is_tables(value):
            for item in value:
                lines.append("")
                lines.append(f"[[{path}.{_key(key)}]]")
                _table_body(item, f"{path}.{_key(key)}", lines)


def dumps_toml(doc: Mapping[str, Any]) -> str:
    """A scenario document as TOML text: ``[tables]``, ``[[arrays of tables]]`` and inline
    tables for distributions, payers and effects. ``tomllib.loads`` gives ``doc`` back."""
    lines: list[str] = []
    for key, value in doc.items():
        if not isinstance(value, Mapping) and not _is_tables(value):
            lines.append(f"{_key(key)} = {toml_value(value)}")
    for key, value in doc.items():
        if isinstance(value, Mapping):
            if lines:
                lines.append("")
            lines.append(f"[{_key(key)}]")
            _table_body(value, _key(key), lines)
        elif _is_tables(value):
            for item in value:
                if lines:
                    lines.append("")
                lines.append(f"[[{_key(key)}]]")
                _table_body(item, _key(key), lines)
    return "\n".join(lines) + "\n"
