"""Modules imported at their first use, so that a command that never needs one does not pay
for importing it (``sekalk validate`` reads a file without ``scipy.special``, about half of
the import time of numpy and scipy.special together)."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module ``name``: the first attribute access imports it (and ``also``,
    e.g. a submodule the attribute reaches through) and every access is forwarded to it.

    Parameters
    ----------
    name
        The module the attributes are read from, e.g. ``"scipy.special"``.
    also
        Modules imported first, e.g. ``("scipy.special",)`` for ``LazyModule("scipy")`` so
        that ``scipy.special`` can be reached as an attribute.
    """

    __slots__ = ("_also", "_loaded", "_name")

    def __init__(self, name: str, *also: str) -> None:
        self._name = name
        self._also = also
        self._loaded: ModuleType | None = None

    def _module(self) -> ModuleType:
        if self._loaded is None:
            for other in self._also:
                importlib.import_module(other)
            self._loaded = importlib.import_module(self._name)
        return self._loaded

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._module(), attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"
