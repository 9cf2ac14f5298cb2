"""What PERT and beta share: ``min + (max - min) * Beta(alpha, beta)``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.distributions.base import as_uniform
from sekalk.distributions.tables import _beta_exact, _beta_table, _table_ppf


class ScaledBeta:
    """A mixin without fields (empty ``__slots__``); the classes provide ``alpha``, ``beta``,
    ``min`` and ``max``. The inverse CDF is tabulated (:mod:`sekalk.distributions.tables`).
    """

    __slots__ = ()
    alpha: float
    beta: float
    min: float
    max: float

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u = as_uniform(u)
        table = _beta_table(self.alpha, self.beta, self.min, self.max)
        exact = _beta_exact(self.alpha, self.beta, self.min, self.max)
        return _table_ppf(table, u, exact, out)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.beta(self.alpha, self.beta, loc=self.min, scale=self.max - self.min)

    @property
    def mean(self) -> float:
        a, b = self.alpha, self.beta
        return self.min + (self.max - self.min) * a / (a + b)

    @property
    def sd(self) -> float:
        a, b = self.alpha, self.beta
        return (self.max - self.min) * math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))

    @property
    def support(self) -> tuple[float, float]:
        return (self.min, self.max)
