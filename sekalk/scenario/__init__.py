"""Scenario format v1: typed objects, loading from TOML/JSON, validation with key paths."""

from sekalk.scenario.loader import load, loads, slugify
from sekalk.scenario.schema import (
    DEFAULT_ACTORS,
    PUBLIC_ACTORS,
    Consequence,
    Continuation,
    Correlation,
    Cost,
    Effect,
    Intervention,
    LogicStep,
    Outcome,
    Parameter,
    ParameterLabel,
    Scenario,
    Settings,
    Spread,
)

__all__ = [
    "DEFAULT_ACTORS",
    "PUBLIC_ACTORS",
    "Consequence",
    "Continuation",
    "Correlation",
    "Cost",
    "Effect",
    "Intervention",
    "LogicStep",
    "Outcome",
    "Parameter",
    "ParameterLabel",
    "Scenario",
    "Settings",
    "Spread",
    "load",
    "loads",
    "slugify",
]
