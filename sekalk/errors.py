"""Errors that carry a location in a scenario file.

Every problem with user input is a :class:`ScenarioError`: it names the file, the key path
inside the file (dotted, with list indices or item ids, e.g. ``outcomes[0].effect``), the line
for syntax errors, and what was expected. The CLI prints ``str(error)`` and exits with code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class ScenarioError(ValueError):
    """A scenario (or an override, overlay or option) that cannot be used as it is.

    Parameters
    ----------
    message
        What is wrong and what was expected, as one sentence.
    file
        The file the problem is in, if known.
    path
        The key path inside the file, e.g. ``"outcomes[0].baseline_risk.min"``.
    line
        The line number (1-based) for syntax errors.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.path = path
        self.line = line

    def with_context(
        self, *, file: str | None = None, path_prefix: str | None = None
    ) -> ScenarioError:
        """Return a copy with the file set and/or the key path prefixed."""
        path = self.path
        if path_prefix:
            path = f"{path_prefix}.{path}" if path else path_prefix
        return ScenarioError(self.message, file=file or self.file, path=path, line=self.line)

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.path:
            where.append(self.path)
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest candidate, or ``""``.

    Candidates that are equally close are all named (``'p05' or 'p95'`` for ``p5``).
    """
    candidates = list(candidates)
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    if not close:
        return ""

    def score(c: str) -> float:
        return difflib.SequenceMatcher(None, word, c).ratio()

    best = score(close[0])
    tied = sorted(c for c in close if score(c) == best)
    return " (did you mean " + " or ".join(f"'{c}'" for c in tied) + "?)"


def unknown_key_error(
    key: str, allowed: Iterable[str], *, path: str | None = None
) -> ScenarioError:
    """The error for a key that the format does not know, with a did-you-mean hint."""
    allowed = sorted(allowed)
    hint = did_you_mean(key, allowed)
    return ScenarioError(
        f"unknown key '{key}'{hint}; allowed keys: {', '.join(allowed)}",
        path=f"{path}.{key}" if path else key,
    )
