"""``triangular``: lowest, likeliest and highest value, a straight-sided density."""

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
    copy_where,
    finish,
    pin,
    register,
    require_min_mode_max,
    widen_about_mode,
)


@register
@dataclass(frozen=True, slots=True)
class Triangular(Distribution):
    """Triangular on ``[min, max]`` with peak at ``mode`` (in the parameter's unit)."""

    kind: ClassVar[str] = "triangular"
    param_sets: ClassVar = ((("min", "mode", "max"), ()),)
    form_keys: ClassVar = ("min", "mode", "max")
    min: float
    mode: float
    max: float

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Triangular:
        return cls(p["min"], p["mode"], p["max"], **kwargs)

    def _check(self) -> None:
        require_min_mode_max(self.min, self.mode, self.max)

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u, x = clipped(u, 0.0, 1.0, out)
        return finish(pin(self._inverse(x, out=x), u, self.min, self.max), out)

    def ppf_interior(
        self, u: NDArray[np.float64], *, out: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        # u inside (0, 1) is its own clip, and the end points need no pinning
        x = self._inverse(u, out=out)
        return np.clip(x, self.min, self.max, out=x)

    def _inverse(
        self, u: NDArray[np.float64], *, out: NDArray[np.float64] | None
    ) -> NDArray[np.float64]:
        """The inverse CDF of uniforms in [0, 1] (``out`` may be ``u`` itself): each side in
        full, the side taken by bit masks."""
        width = self.max - self.min
        c = (self.mode - self.min) / width
        right_side = u >= c
        # right: max - sqrt((1 - u) * width * (max - mode))
        right = np.subtract(1.0, u, out=np.empty_like(u))
        right *= width * (self.max - self.mode)
        np.sqrt(right, out=right)
        np.subtract(self.max, right, out=right)
        # left: min + sqrt(u * width * (mode - min))
        x = np.multiply(u, width * (self.mode - self.min), out=out)
        np.sqrt(x, out=x)
        x += self.min
        copy_where(x, right, right_side)
        return x

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        width = self.max - self.min
        return scipy.stats.triang((self.mode - self.min) / width, loc=self.min, scale=width)

    @property
    def mean(self) -> float:
        return (self.min + self.mode + self.max) / 3.0

    @property
    def sd(self) -> float:
        a, c, b = self.min, self.mode, self.max
        return math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0)

    @property
    def support(self) -> tuple[float, float]:
        return (self.min, self.max)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("min", self.min), ("mode", self.mode), ("max", self.max))

    def description(self) -> Description:
        return Description(self.kind, ((None, self.min), (None, self.mode), (None, self.max)))

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The mode kept; ``min`` and ``max`` ``f`` times as far from it."""
        return widen_about_mode(self, f, bounds)
