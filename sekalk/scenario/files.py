"""Several scenario files at once: every file is read, and the problems of all of them are
reported together (a comparison or a portfolio with three broken files needs one run, not
three, to show them)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from sekalk.errors import ScenarioError, raise_all
from sekalk.scenario.loader import load
from sekalk.scenario.schema import Scenario


def load_all(paths: Iterable[str | os.PathLike]) -> list[Scenario]:
    """Load every file in ``paths``, in order.

    Raises
    ------
    ScenarioError
        The problems of every file that cannot be loaded, together (each names its file);
        nothing is returned unless every file loads.
    """
    loaded: list[Scenario] = []
    problems: list[ScenarioError] = []
    for path in paths:
        try:
            loaded.append(load(path))
        except ScenarioError as exc:
            problems.append(exc)
    raise_all(problems)
    return loaded


#: Schema id of :func:`validation_document` (``sekalk validate --json``).
VALIDATE_SCHEMA = "sekalk.validate/1"


def validation_document(
    paths: Iterable[str | os.PathLike], *, lang: str | None = None
) -> dict[str, Any]:
    """Check every file in ``paths`` without simulating: the document ``sekalk.validate/1``.

    Parameters
    ----------
    paths
        Scenario files (TOML, JSON or XLSX).
    lang
        Language of the messages; default: each file's own (``[scenario] language``, else
        Swedish).

    Returns
    -------
    dict
        ``schema``, ``valid`` (every file is valid) and ``files``: per file its path,
        ``valid``, ``language`` and ``errors`` (each :meth:`ScenarioError.to_dict`); a valid
        file also has ``title``, ``parameters`` and ``uncertain`` (counts).
    """
    files = []
    for path in paths:
        entry: dict[str, Any] = {"file": str(path)}
        try:
            sc = load(path)
        except ScenarioError as exc:
            language = lang or exc.lang or "sv"
            entry.update(
                valid=False,
                language=language,
                errors=[e.to_dict(language) for e in exc.errors],
            )
        else:
            entry.update(
                valid=True,
                language=lang or sc.settings.language,
                title=sc.title,
                parameters=len(sc.parameters),
                uncertain=len(sc.uncertain_parameters),
                errors=[],
            )
        files.append(entry)
    return {
        "schema": VALIDATE_SCHEMA,
        "valid": all(f["valid"] for f in files),
        "files": files,
    }
