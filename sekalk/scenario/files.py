"""Several scenario files at once: every file is read, and the problems of all of them are
reported together (a comparison or a portfolio with three broken files needs one run, not
three, to show them)."""

from __future__ import annotations

import os
from collections.abc import Iterable

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
