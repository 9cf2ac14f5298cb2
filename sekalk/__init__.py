"""sekalk: socio-economic calculations of early social interventions as honest distributions.

The public API is ``load``, ``simulate`` (and, as they land, ``sensitivity`` and ``compare``).
Heavy modules (numpy, scipy, pandas) are imported lazily so that ``sekalk --help`` is fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Precision", "Result", "Scenario", "ScenarioError", "__version__", "load", "simulate"]

_LAZY = {
    "load": ("sekalk.scenario", "load"),
    "Scenario": ("sekalk.scenario", "Scenario"),
    "simulate": ("sekalk.simulation", "simulate"),
    "Result": ("sekalk.result", "Result"),
    "Precision": ("sekalk.result", "Precision"),
    "ScenarioError": ("sekalk.errors", "ScenarioError"),
}

if TYPE_CHECKING:
    from sekalk.errors import ScenarioError
    from sekalk.result import Precision, Result
    from sekalk.scenario import Scenario, load
    from sekalk.simulation import simulate


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sekalk' has no attribute {name!r}")
