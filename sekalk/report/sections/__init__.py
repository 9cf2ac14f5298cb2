"""The sections of the HTML report, from a registry.

A section is one module in this package that defines ``SECTION``, a :class:`Section`: its
anchor id, the catalogue key of its title, its template partial (under
``report/templates/sections/``), its place in the report (``order``), the ``report.*`` texts
its partial uses, and a builder that takes the :class:`ReportContext` (the summary, the
result, the language and the optional sensitivity and base results) and returns what the
partial shows, or ``None`` to leave the section out. The report's table of contents and its
body are generated from :func:`sections`: a new section is one module and one partial (plus
its tests).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sekalk.summaries import Summary


@dataclass(frozen=True, eq=False)
class ReportContext:
    """What a section builder may use: the summary of the result and the report's options."""

    summary: Summary
    lang: str
    #: An optional :class:`~sekalk.sensitivity_analysis.SensitivityResult`.
    sensitivity: Any = None
    #: The unmodified scenario's result, when the report's result carries overrides.
    base: Any = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def result(self) -> Any:
        """The :class:`~sekalk.result.Result` (for the charts, which draw from the draws)."""
        return self.summary.result

    @property
    def currency(self) -> str:
        return self.summary.provenance.currency

    def shared(self, name: str, make: Callable[[], Any]) -> Any:
        """A value two sections share (e.g. the break-even cells), made once per report."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]


@dataclass(frozen=True, slots=True)
class Section:
    """One section of the HTML report.

    Parameters
    ----------
    id
        Its anchor (``<section id=...>``) and registry key.
    title
        Catalogue key of its heading and its entry in the table of contents.
    template
        Its partial, relative to ``report/templates/`` (it sees ``data``, ``txt`` and
        ``lang``).
    order
        Its place in the report (ascending).
    build
        ``ReportContext -> dict | None``: what the partial shows; ``None`` leaves the
        section (and its entry in the table of contents) out.
    texts
        The ``report.*`` catalogue keys (without ``report.``) its partial reads from ``txt``.
    """

    id: str
    title: str
    template: str
    order: int
    build: Callable[[ReportContext], dict[str, Any] | None]
    texts: tuple[str, ...] = ()


@cache
def sections() -> tuple[Section, ...]:
    """Every registered section, in report order (the modules of this package)."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        section = getattr(module, "SECTION", None)
        if isinstance(section, Section):
            found.append(section)
    ids = [s.id for s in found]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"two report sections share an id: {sorted(ids)}")
    return tuple(sorted(found, key=lambda s: (s.order, s.id)))
