"""``fixed``: a known number."""

from __future__ import annotations

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
    fmt,
    register,
    require_finite,
    scalar_if_0d,
)


@register
@dataclass(frozen=True, slots=True)
class Fixed(Distribution):
    """A known number ``value`` (in the parameter's own unit)."""

    kind: ClassVar[str] = "fixed"
    param_sets: ClassVar = ((("value",), ()),)
    form_keys: ClassVar = ("value",)
    value: float

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Fixed:
        return cls(p["value"], **kwargs)

    def _check(self) -> None:
        require_finite(self.value, "value")

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        if out is None:
            return scalar_if_0d(np.full(np.shape(u), self.value, dtype=np.float64))
        out.fill(self.value)
        return out

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.rv_discrete(values=([self.value], [1.0]))

    @property
    def mean(self) -> float:
        return float(self.value)

    @property
    def sd(self) -> float:
        return 0.0

    @property
    def support(self) -> tuple[float, float]:
        return (float(self.value), float(self.value))

    @property
    def is_fixed(self) -> bool:
        return True

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("value", self.value),)

    def description(self) -> Description:
        return Description(self.kind, ((None, self.value),))

    def describe(self) -> str:
        return fmt(self.value)

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """``triangular(v - w|v|, v, v + w|v|)`` with ``w = f - 1``; a value of 0 has no
        relative width and stays as it is."""
        v, w = self.value, f - 1.0
        if v == 0:
            return None
        lo, hi = clip_to(v - w * abs(v), bounds), clip_to(v + w * abs(v), bounds)
        if lo >= hi:
            return None
        return "triangular", {"min": lo, "mode": v, "max": hi}
