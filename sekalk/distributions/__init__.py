"""Distribution kinds as small frozen objects that sample through the inverse CDF.

A scenario parameter is either a plain number (a :class:`Fixed` value) or a table such as
``{dist = "pert", min = 1.6e6, mode = 1.8e6, max = 2.4e6}``. :func:`parse_distribution` turns
either into one of the registered kinds; every one of them maps uniforms in [0, 1] to values
through :meth:`Distribution.ppf`, its vectorised inverse CDF.

Layout:

* :mod:`~sekalk.distributions.base`: :class:`Distribution`, the registry of kinds
  (:data:`DISTRIBUTION_KINDS`), the evidence grades and the shared checks;
* :mod:`~sekalk.distributions.tables`: the tabulated inverse CDFs (beta, PERT, gamma) and
  their disk cache (:mod:`sekalk.tablecache`);
* one module per kind (``fixed``, ``uniform``, ``triangular``, ``pert``, ``normal``,
  ``lognormal``, ``beta``, ``gamma``, ``discrete``, ``loguniform``): each class holds its
  parameter sets, parsing and validation, inverse CDF, widening and reader-facing
  description;
* :mod:`~sekalk.distributions.parse`: reading a TOML table into a kind.

Closed forms are used where they exist (uniform, triangular, normal, truncated normal,
lognormal, log-uniform, discrete); beta, PERT and gamma use the tabulated inverse.

To add a kind: write a module with one registered class (see ``loguniform.py``), add its
module name to ``_KIND_MODULES`` below, its names to the catalogues (``dist.name.<kind>`` in
``sekalk/text/locale``, ``app.kind.<kind>`` for the web editor) and its tests. The loader,
widening, the JSON Schema, the Excel template and reader and the web editor take it from the
registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from sekalk.distributions.base import (
    EVIDENCE_GRADES,
    EVIDENCE_GRADES_OR_NONE,
    KINDS,
    META_KEYS,
    Z95,
    Description,
    Distribution,
    ParamSet,
    evidence_error,
    register,
    round_sig,
)

#: The kind modules, in the order the kinds are listed to users (error messages, drop-downs).
_KIND_MODULES = (
    "fixed",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "beta",
    "gamma",
    "discrete",
    "loguniform",
)
for _name in _KIND_MODULES:
    importlib.import_module(f"sekalk.distributions.{_name}")

from sekalk.distributions.beta import Beta, beta_from_mean_sd, beta_from_p05_p95  # noqa: E402
from sekalk.distributions.discrete import Discrete  # noqa: E402
from sekalk.distributions.fixed import Fixed  # noqa: E402
from sekalk.distributions.gamma import Gamma  # noqa: E402
from sekalk.distributions.lognormal import (  # noqa: E402
    Lognormal,
    lognormal_from_mean_sd,
    lognormal_from_p05_p95,
)
from sekalk.distributions.loguniform import Loguniform  # noqa: E402
from sekalk.distributions.normal import Normal  # noqa: E402
from sekalk.distributions.parse import parse_distribution  # noqa: E402
from sekalk.distributions.pert import Pert  # noqa: E402
from sekalk.distributions.tables import _beta_table, _gamma_table  # noqa: E402
from sekalk.distributions.triangular import Triangular  # noqa: E402
from sekalk.distributions.uniform import Uniform  # noqa: E402

#: Kind name -> class: the registry itself (:data:`sekalk.distributions.base.KINDS`).
DISTRIBUTION_KINDS: Mapping[str, type[Distribution]] = KINDS
#: Kind name -> parameter sets ``((required, optional), ...)``, from the registry.
_PARAM_SETS: Mapping[str, tuple[ParamSet, ...]] = {k: c.param_sets for k, c in KINDS.items()}
_META_KEYS = META_KEYS

__all__ = [
    "DISTRIBUTION_KINDS",
    "EVIDENCE_GRADES",
    "EVIDENCE_GRADES_OR_NONE",
    "Z95",
    "Beta",
    "Description",
    "Discrete",
    "Distribution",
    "Fixed",
    "Gamma",
    "Lognormal",
    "Loguniform",
    "Normal",
    "Pert",
    "Triangular",
    "Uniform",
    "_beta_table",
    "_gamma_table",
    "beta_from_mean_sd",
    "beta_from_p05_p95",
    "evidence_error",
    "lognormal_from_mean_sd",
    "lognormal_from_p05_p95",
    "parse_distribution",
    "register",
    "round_sig",
]
