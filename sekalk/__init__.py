"""sekalk: socio-economic calculations of early social interventions as honest distributions.

The public API is ``load``, ``simulate``, ``sensitivity``, ``compare``, ``portfolio`` and
``credibility_map``. Heavy modules (numpy, scipy, pandas) are imported lazily so that
``sekalk --help`` is fast.

Layout, bottom to top (a module imports from its own layer or below; data flows one way:
file -> Scenario -> draws -> engine -> Result -> analyses -> summaries -> faces):

foundation  ``errors`` (structured problems: code, params, key path, location), ``text/``
            (gettext catalogues per language, the one number formatter), ``units``, ``data/``
spec        ``distributions/`` (a registry of kinds, one self-describing class per kind:
            parameter sets, parsing, inverse CDF, widening, description; inverse tables;
            parsing), ``scenario/`` (schema, loading TOML/JSON/XLSX with every problem at once,
            overrides and overlays, widening, conversion)
draws       ``sampling`` (per-parameter-id streams, LHS, Sobol' replicates, Gaussian copula),
            ``tablecache``, ``ranks``
engine      ``engine`` (vectorised kernels), ``simulation`` (blocks, executors, precision)
results     ``result``, ``metrics``, ``output_metrics`` (the registry of output metrics),
            ``outputs``
analyses    ``sensitivity_analysis``, ``comparison``, ``credibility``, ``portfolio``, ``update``
summaries   ``summaries/`` (language-neutral view models computed once from a result: headline,
            break-even, drivers, actors, levels, assumptions, Monte Carlo error, provenance)
faces       ``cli/`` (click; one module per command family, each parsing its options and
            calling the API), ``report/`` (terminal text, JSON summary, HTML pages in ``pages/``
            with the report's sections from ``sections/``, plots, Excel results), ``app/`` (the
            local web workbench), ``templates``

Where language still sits inside an analysis (``result`` and ``sensitivity_analysis`` call
``report.i18n`` for labels and notes), that is a known debt, not the pattern to follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ComparisonResult",
    "PortfolioResult",
    "Precision",
    "Result",
    "Scenario",
    "ScenarioError",
    "SensitivityResult",
    "__version__",
    "compare",
    "credibility_map",
    "load",
    "portfolio",
    "sensitivity",
    "simulate",
]

_LAZY = {
    "load": ("sekalk.scenario", "load"),
    "Scenario": ("sekalk.scenario", "Scenario"),
    "simulate": ("sekalk.simulation", "simulate"),
    "portfolio": ("sekalk.portfolio", "portfolio"),
    "PortfolioResult": ("sekalk.portfolio", "PortfolioResult"),
    "Result": ("sekalk.result", "Result"),
    "sensitivity": ("sekalk.sensitivity_analysis", "sensitivity"),
    "SensitivityResult": ("sekalk.sensitivity_analysis", "SensitivityResult"),
    "Precision": ("sekalk.result", "Precision"),
    "ScenarioError": ("sekalk.errors", "ScenarioError"),
    "compare": ("sekalk.comparison", "compare"),
    "ComparisonResult": ("sekalk.comparison", "ComparisonResult"),
    "credibility_map": ("sekalk.credibility", "credibility_map"),
}

if TYPE_CHECKING:
    from sekalk.comparison import ComparisonResult, compare
    from sekalk.credibility import credibility_map
    from sekalk.errors import ScenarioError
    from sekalk.portfolio import PortfolioResult, portfolio
    from sekalk.result import Precision, Result
    from sekalk.scenario import Scenario, load
    from sekalk.sensitivity_analysis import SensitivityResult, sensitivity
    from sekalk.simulation import simulate


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sekalk' has no attribute {name!r}")
