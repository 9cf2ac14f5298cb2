"""``loguniform``: a positive quantity known only to within an order of magnitude.

``log(X)`` is uniform on ``[log(min), log(max)]`` (``0 < min < max``): every factor of ten (or
of two) between ``min`` and ``max`` is equally likely, so ``loguniform(1000, 100000)`` puts as
much probability between 1 000 and 10 000 as between 10 000 and 100 000. It fits a cost or a
count whose scale is uncertain (say, the yearly cost of a rare consequence, guessed as
"somewhere between 50 000 and 5 million"), where a uniform would put 90 % of its weight on the
upper decade. Known as the reciprocal distribution (``scipy.stats.loguniform``).

Inverse CDF: ``min * (max / min) ** u``, computed as ``exp(log(min) + u * log(max / min))``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.distributions.base import (
    Bounds,
    Description,
    Distribution,
    clip_to,
    clipped,
    finish,
    pin,
    register,
    require_min_below_max,
    require_positive,
)


@register
@dataclass(frozen=True, slots=True)
class Loguniform(Distribution):
    """Log-uniform on ``[min, max]`` (``0 < min < max``, in the parameter's unit)."""

    kind: ClassVar[str] = "loguniform"
    param_sets: ClassVar = ((("min", "max"), ()),)
    form_keys: ClassVar = ("min", "max")
    min: float
    max: float

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Loguniform:
        return cls(p["min"], p["max"], **kwargs)

    def _check(self) -> None:
        require_positive(self.min, "min")
        require_positive(self.max, "max")
        require_min_below_max(self.min, self.max)

    @property
    def _log_width(self) -> float:
        """``log(max / min)`` [nepers]."""
        return math.log(self.max) - math.log(self.min)

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u, x = clipped(u, 0.0, 1.0, out)
        x *= self._log_width
        x += math.log(self.min)
        np.exp(x, out=x)
        return finish(pin(x, u, self.min, self.max), out)

    def ppf_interior(
        self, u: NDArray[np.float64], *, out: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        # ppf's operations (u inside (0, 1) is its own clip); the end points need no pinning
        x = np.multiply(u, self._log_width, out=out)
        x += math.log(self.min)
        np.exp(x, out=x)
        return np.clip(x, self.min, self.max, out=x)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.loguniform(self.min, self.max)

    @property
    def mean(self) -> float:
        """``(max - min) / log(max / min)``."""
        return (self.max - self.min) / self._log_width

    @property
    def sd(self) -> float:
        """From ``E[X^2] = (max^2 - min^2) / (2 log(max / min))``."""
        second = (self.max**2 - self.min**2) / (2.0 * self._log_width)
        return math.sqrt(max(second - self.mean**2, 0.0))

    @property
    def support(self) -> tuple[float, float]:
        return (self.min, self.max)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("min", self.min), ("max", self.max))

    def description(self) -> Description:
        return Description(self.kind, ((None, self.min), (None, self.max)))

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The log-width times ``f`` about the geometric centre ``sqrt(min * max)`` (the
        median), so ``min`` and ``max`` stay positive: ``min -> c (min / c) ** f``."""
        log_c = 0.5 * (math.log(self.min) + math.log(self.max))
        lo = math.exp(log_c + f * (math.log(self.min) - log_c))
        hi = math.exp(log_c + f * (math.log(self.max) - log_c))
        return self.kind, {"min": clip_to(lo, bounds), "max": clip_to(hi, bounds)}
