"""Errors as data: every problem with user input is a structured :class:`ScenarioError`.

An error carries a ``code`` (a message id of the catalogues in :mod:`sekalk.text`, e.g.
``error.value.percent``), the ``params`` of that message, an optional ``hint`` (another message
id: how to fix it), and where it is: ``file``, ``line``/``column`` where known, the key path
inside the file (dotted, with item ids or ``#n`` item numbers and ``[i]`` list indices, e.g.
``outcomes.ej_behorig.effect``) and a free ``location`` that other faces may set (an Excel
reader: ``"Kostnader!E7"``). The domain raises codes; the faces render them with
:meth:`ScenarioError.render` in the user's language. ``str(error)`` is the English rendering,
``"file:line: path: message; hint"``.

Validation collects every independent problem of a file and raises them together as a
:class:`ScenarioErrors` (itself a :class:`ScenarioError` whose attributes are those of its first
problem, so that code written for one error keeps working); :attr:`ScenarioError.errors` is the
tuple of problems for both.

Errors raised with a plain English ``message`` and no ``code`` (older call sites) are shown as
written in every language.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

#: Code of errors raised with a plain message (no catalogue entry).
PLAIN = "error.plain"


@dataclasses.dataclass(frozen=True, slots=True)
class Found:
    """A value found in the input, shown with its type in the reader's language.

    ``Found(3)`` renders as ``a number (3)`` / ``ett tal (3)``; in JSON it is the value itself.
    """

    value: Any


@dataclasses.dataclass(frozen=True, slots=True)
class Choices:
    """Did-you-mean candidates, rendered as `` (did you mean 'a' or 'b'?)`` or empty."""

    names: tuple[str, ...]


@dataclasses.dataclass(frozen=True, eq=False, slots=True)
class Msg:
    """A message of the catalogue used as a field of another (``what``: ``a share``)."""

    id: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


class ScenarioError(ValueError):
    """A scenario (or an override, overlay or option) that cannot be used as it is.

    Parameters
    ----------
    message
        An English sentence, for call sites without a catalogue entry (``code`` is then
        :data:`PLAIN`). With ``code`` it may be omitted.
    code
        The message id in the catalogues, e.g. ``"error.value.percent"``.
    params
        The message's fields (plain values; :class:`Found` and :class:`Choices` render per
        language).
    hint
        Message id of the advice on how to fix it (uses the same ``params``).
    file
        The file the problem is in, if known.
    path
        The key path inside the file, e.g. ``"outcomes[0].baseline_risk.min"``.
    line, column
        1-based position in the file, where known (syntax errors; TOML key paths).
    location
        A location in another face's terms (an Excel reader sets ``"Kostnader!E7"``); a
        :class:`Msg` is worded in the reader's language (a CSV row: ``rad 3`` / ``row 3``).
    lang
        The language the input asked for (``[scenario] language``), if it could be read.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        hint: str | None = None,
        file: str | None = None,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        location: str | Msg | None = None,
        lang: str | None = None,
    ) -> None:
        if message is None and code is None:
            raise TypeError("ScenarioError needs a message or a code")
        self.code = code or PLAIN
        self.params: dict[str, Any] = dict(params or {})
        self.hint = hint
        self._plain = message
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.location = location
        self.lang = lang
        super().__init__(self.message)

    # -- rendering ----------------------------------------------------------------------------

    @property
    def message(self) -> str:
        """The English message, with the hint after ``"; "``."""
        return self.text("en")

    def render(self, lang: str | None = None) -> tuple[str, str | None]:
        """``(message, hint)`` in ``lang`` (hint ``None`` when there is none)."""
        if self.code == PLAIN:
            return str(self._plain), None
        from sekalk.text import catalog

        cat = catalog(lang)
        params = {k: _render_param(v, cat) for k, v in self.params.items()}
        message = cat.gettext(self.code, **params)
        hint = cat.gettext(self.hint, **params) if self.hint else None
        return message, hint

    def text(self, lang: str | None = None) -> str:
        """The message and the hint as one sentence in ``lang``."""
        message, hint = self.render(lang)
        return f"{message}; {hint}" if hint else message

    def where(self, lang: str | None = None) -> str:
        """``file:line: path`` (the parts that are known); with a location,
        ``file: location (path)``, e.g. ``book.xlsx: Kostnader!E7 (intervention.costs.x.annual)``.
        A location given as a :class:`Msg` (``rad 3`` / ``row 3``) is worded in ``lang``."""
        location = self.location_text(lang)
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if location and self.path:
            parts.append(f"{location} ({self.path})")
        elif location or self.path:
            parts.append(location or self.path)
        return ": ".join(parts)

    def location_text(self, lang: str | None = None) -> str | None:
        """The location in ``lang`` (a plain string location is returned as it is)."""
        if not isinstance(self.location, Msg):
            return self.location
        from sekalk.text import catalog

        return _render_param(self.location, catalog(lang))

    def describe(self, lang: str | None = None) -> str:
        """``file:line: path: message; hint`` in ``lang``: one line for a terminal."""
        where = self.where(lang)
        text = self.text(lang)
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.describe("en")

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON record of the error (see the README, "Error messages")."""
        message, hint = self.render(lang)
        found = self.params.get("found", self.params.get("value"))
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "location": self.location_text(lang),
            "path": self.path,
            "found": _json_value(found.value if isinstance(found, Found) else found),
            "params": {k: _json_value(v) for k, v in self.params.items()},
            "message": message,
            "hint": hint,
            "hint_code": self.hint,
        }

    def __reduce__(self):
        # keep the structure across processes (the default would rebuild from the text)
        return (_restore, (type(self), self.args, dict(self.__dict__)))

    # -- structure ----------------------------------------------------------------------------

    @property
    def errors(self) -> tuple[ScenarioError, ...]:
        """Every problem (this one alone for a single error)."""
        return (self,)

    def replace(self, **changes: Any) -> ScenarioError:
        """A copy with some attributes changed (``file``, ``path``, ``line``, ``location``...)."""
        fields = {
            "message": self._plain,
            "code": None if self.code == PLAIN else self.code,
            "params": self.params,
            "hint": self.hint,
            "file": self.file,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "location": self.location,
            "lang": self.lang,
        }
        fields.update(changes)
        return ScenarioError(**fields)

    def with_context(
        self, *, file: str | None = None, path_prefix: str | None = None
    ) -> ScenarioError:
        """Return a copy with the file set and/or the key path prefixed."""
        path = self.path
        if path_prefix:
            path = f"{path_prefix}.{path}" if path else path_prefix
        return self.replace(file=file or self.file, path=path)


class ScenarioErrors(ScenarioError):
    """Several independent problems of one input, raised together.

    Its own attributes (``code``, ``path``, ``message``...) are those of the first problem;
    :attr:`errors` holds them all, in the order of the file.
    """

    def __init__(self, errors: Iterable[ScenarioError]) -> None:
        flat = [e for err in errors for e in err.errors]
        if not flat:
            raise ValueError("ScenarioErrors needs at least one error")
        self._errors = tuple(flat)
        first = flat[0]
        super().__init__(
            first._plain,
            code=None if first.code == PLAIN else first.code,
            params=first.params,
            hint=first.hint,
            file=first.file,
            path=first.path,
            line=first.line,
            column=first.column,
            location=first.location,
            lang=first.lang,
        )

    @property
    def errors(self) -> tuple[ScenarioError, ...]:
        return self._errors

    def describe(self, lang: str | None = None) -> str:
        return "\n".join(e.describe(lang) for e in self._errors)

    def replace(self, **changes: Any) -> ScenarioError:
        return ScenarioErrors(e.replace(**changes) for e in self._errors)

    def with_context(
        self, *, file: str | None = None, path_prefix: str | None = None
    ) -> ScenarioError:
        return ScenarioErrors(
            e.with_context(file=file, path_prefix=path_prefix) for e in self._errors
        )


def _restore(cls: type, args: tuple, state: dict) -> ScenarioError:
    err = cls.__new__(cls)
    ValueError.__init__(err, *args)
    err.__dict__.update(state)
    return err


def raise_all(errors: list[ScenarioError]) -> None:
    """Raise nothing, the one error, or a :class:`ScenarioErrors` of them all (a problem
    found twice, by two checks of the same thing, is reported once)."""
    flat = []
    seen = set()
    for e in (e for err in errors for e in err.errors):
        key = (e.code, repr(e.params), e.path, e.location, e.file, e.text("en"))
        if key not in seen:
            seen.add(key)
            flat.append(e)
    if len(flat) == 1:
        raise flat[0]
    if flat:
        raise ScenarioErrors(flat)


# ---------------------------------------------------------------------------------------------
# rendering helpers


def _render_param(value: Any, cat) -> Any:
    if isinstance(value, Found):
        return describe_value(value.value, cat)
    if isinstance(value, Msg):
        return cat.gettext(value.id, **{k: _render_param(v, cat) for k, v in value.params.items()})
    if isinstance(value, Choices):
        if not value.names:
            return ""
        quoted = [f"'{n}'" for n in value.names]
        return cat.gettext("error.did_you_mean", names=cat.gettext("word.or").join(quoted))
    return value


def describe_value(value: Any, cat) -> str:
    """A found value with its type, in the catalogue's language: ``a number (3)``."""
    if isinstance(value, bool):
        return cat.gettext("found.boolean", value=str(value).lower())
    if isinstance(value, int | float):
        return cat.gettext("found.number", value=toml_literal(value))
    if isinstance(value, str):
        return cat.gettext("found.string", value=repr(value))
    if isinstance(value, list | tuple):
        return cat.gettext("found.list")
    if isinstance(value, Mapping):
        return cat.gettext("found.table")
    return type(value).__name__


def toml_literal(value: Any) -> str:
    """A number as it would be written in a scenario file: ``0.035``, ``150000``, ``inf``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return repr(value) if isinstance(value, str) else str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Found):
        value = value.value
    if isinstance(value, Choices):
        return list(value.names)
    if isinstance(value, Msg):
        return value.id
    if isinstance(value, float) and not math.isfinite(value):
        return toml_literal(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


# ---------------------------------------------------------------------------------------------
# shared checks and their errors


def close_matches(word: str, candidates: Iterable[str]) -> tuple[str, ...]:
    """The closest candidates to ``word`` (all that are equally close), or ``()``."""
    candidates = list(candidates)
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    if not close:
        return ()

    def score(c: str) -> float:
        return difflib.SequenceMatcher(None, word, c).ratio()

    best = score(close[0])
    return tuple(sorted(c for c in close if score(c) == best))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest candidate, or ``""``.

    Candidates that are equally close are all named (``'p05' or 'p95'`` for ``p5``).
    """
    tied = close_matches(word, candidates)
    if not tied:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in tied) + "?)"


def unknown_key_error(
    key: str, allowed: Iterable[str], *, path: str | None = None
) -> ScenarioError:
    """The error for a key that the format does not know, with a did-you-mean hint."""
    allowed = sorted(allowed)
    return ScenarioError(
        code="error.key.unknown",
        params={
            "key": key,
            "did_you_mean": Choices(close_matches(key, allowed)),
            "allowed": allowed,
        },
        path=f"{path}.{key}" if path else key,
    )


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f_.,]\d{3})+([.,]\d+)?$")
_PERCENT = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*%$")


def number_error(value: Any, path: str | None, *, whole: bool = False) -> ScenarioError:
    """The error for ``value`` where a number was expected, with the newcomer's likely slip.

    A number written as text gets a specific hint: ``"60"`` (quotes), ``"0,7"`` (decimal
    comma), ``"150 000"`` (thousands separators), ``"20 %"`` (a percentage where a fraction is
    expected); the hint says what to write instead.
    """
    params: dict[str, Any] = {"found": Found(value)}
    code = "error.type.not_whole_number" if whole else "error.type.not_number"
    hint = None
    if isinstance(value, str):
        text = value.strip()
        if _PLAIN_NUMBER.match(text):
            hint, params["suggestion"] = "hint.number_without_quotes", text
        elif _DECIMAL_COMMA.match(text):
            hint, params["suggestion"] = "hint.decimal_point", text.replace(",", ".")
            params["number"] = text
        elif _GROUPED.match(text):
            digits = re.sub(r"[ \u00a0\u202f_]", "", text)
            if "," in digits and "." in digits:  # 1.234,5 or 1,234.5: the last mark is decimal
                dec = max(digits.rfind(","), digits.rfind("."))
                digits = re.sub(r"[.,]", "", digits[:dec]) + "." + digits[dec + 1 :]
            elif digits.count(",") + digits.count(".") and re.search(r"[.,]\d{3}$", digits):
                digits = re.sub(r"[.,]", "", digits)
            hint, params["suggestion"] = "hint.no_thousands_separator", digits.replace(",", ".")
        elif m := _PERCENT.match(text):
            pct = float(m.group(1).replace(",", "."))
            hint, params["suggestion"] = "hint.percent_as_fraction", toml_literal(pct / 100)
            params["percent"] = pct
    elif isinstance(value, float) and not math.isfinite(value):
        code = "error.type.not_finite"
        params["value"] = toml_literal(value)
    return ScenarioError(code=code, params=params, hint=hint, path=path)
