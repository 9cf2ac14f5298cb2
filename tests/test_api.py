"""The public API of the package: lazy names that stay callable."""

from __future__ import annotations

import importlib
import pkgutil

import sekalk


def test_public_functions_stay_callable_after_importing_every_submodule():
    # A submodule named like a public function would replace it on import (sekalk.compare was
    # once sekalk/compare.py); import everything first, then check.
    for info in pkgutil.walk_packages(sekalk.__path__, "sekalk."):
        importlib.import_module(info.name)
    for name in ("load", "simulate", "sensitivity", "compare", "credibility_map"):
        assert callable(getattr(sekalk, name)), name


def test_all_names_resolve():
    for name in sekalk.__all__:
        assert getattr(sekalk, name) is not None


def test_version_matches_metadata_source():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert pyproject["project"]["dynamic"] == ["version"]
    assert isinstance(sekalk.__version__, str) and sekalk.__version__.count(".") == 2
