"""``uniform``: every value between ``min`` and ``max`` equally likely."""

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
    clipped,
    finish,
    pin,
    register,
    require_min_below_max,
    stretch,
)


@register
@dataclass(frozen=True, slots=True)
class Uniform(Distribution):
    """Uniform on ``[min, max]`` (``min < max``, in the parameter's unit)."""

    kind: ClassVar[str] = "uniform"
    param_sets: ClassVar = ((("min", "max"), ()),)
    form_keys: ClassVar = ("min", "max")
    min: float
    max: float

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Uniform:
        return cls(p["min"], p["max"], **kwargs)

    def _check(self) -> None:
        require_min_below_max(self.min, self.max)

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u, x = clipped(u, 0.0, 1.0, out)
        x *= self.max - self.min
        x += self.min
        return finish(pin(x, u, self.min, self.max), out)

    def ppf_interior(
        self, u: NDArray[np.float64], *, out: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        # ppf's operations (u inside (0, 1) is its own clip); the end points need no pinning
        x = np.multiply(u, self.max - self.min, out=out)
        x += self.min
        return np.clip(x, self.min, self.max, out=x)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.uniform(loc=self.min, scale=self.max - self.min)

    @property
    def mean(self) -> float:
        return 0.5 * (self.min + self.max)

    @property
    def sd(self) -> float:
        return (self.max - self.min) / math.sqrt(12.0)

    @property
    def support(self) -> tuple[float, float]:
        return (self.min, self.max)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("min", self.min), ("max", self.max))

    def description(self) -> Description:
        return Description(self.kind, ((None, self.min), (None, self.max)))

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """Stretched about the median by ``f``."""
        m = self.median
        new = self.pairs()
        new.update(min=stretch(m, self.min, f, bounds), max=stretch(m, self.max, f, bounds))
        return self.kind, new
