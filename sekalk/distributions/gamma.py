"""``gamma``: a positive, right-skewed quantity given by its mean and sd (or shape/scale)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.distributions.base import (
    U_EPS,
    Bounds,
    Distribution,
    as_uniform,
    register,
    require_positive,
)
from sekalk.distributions.tables import _gamma_exact, _gamma_table, _table_ppf


@register
@dataclass(frozen=True, slots=True)
class Gamma(Distribution):
    """Gamma with ``shape`` (> 0) and ``scale`` (> 0, in the parameter's unit)."""

    kind: ClassVar[str] = "gamma"
    param_sets: ClassVar = ((("mean", "sd"), ()), (("shape", "scale"), ()))
    form_keys: ClassVar = ("mean", "sd")
    keeps_written: ClassVar = True
    shape: float
    scale: float

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Gamma:
        if "mean" in p:
            require_positive(p["mean"], "mean")
            require_positive(p["sd"], "sd")
            shape, scale = (p["mean"] / p["sd"]) ** 2, p["sd"] ** 2 / p["mean"]
        else:
            shape, scale = p["shape"], p["scale"]
        return cls(shape, scale, **kwargs)

    def _check(self) -> None:
        require_positive(self.shape, "shape")
        require_positive(self.scale, "scale")

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u = np.clip(as_uniform(u), 0.0, 1.0 - U_EPS)
        table = _gamma_table(self.shape, self.scale)
        return _table_ppf(table, u, _gamma_exact(self.shape, self.scale), out)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.gamma(self.shape, scale=self.scale)

    @property
    def mean(self) -> float:
        return self.shape * self.scale

    @property
    def sd(self) -> float:
        return math.sqrt(self.shape) * self.scale

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("shape", self.shape), ("scale", self.scale))

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The mean kept and the sd times ``f``, as ``mean``/``sd`` or ``shape``/``scale``."""
        new = self.pairs()
        if "mean" in new:
            new["sd"] = f * self.sd
        else:
            new.update(shape=self.shape / f**2, scale=self.scale * f**2)
        return self.kind, new
