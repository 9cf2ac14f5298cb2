"""``pert``: lowest, likeliest and highest value, a smooth (beta) density."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from sekalk.distributions.base import (
    Bounds,
    Description,
    Distribution,
    register,
    require_min_mode_max,
    require_positive,
    widen_about_mode,
)
from sekalk.distributions.scaled_beta import ScaledBeta


@register
@dataclass(frozen=True, slots=True)
class Pert(ScaledBeta, Distribution):
    """PERT on ``[min, max]`` with mode ``mode`` and shape ``lam`` (> 0, default 4).

    ``min + (max - min) * Beta(1 + lam * (mode - min) / (max - min),
    1 + lam * (max - mode) / (max - min))``.
    """

    kind: ClassVar[str] = "pert"
    param_sets: ClassVar = ((("min", "mode", "max"), ("lambda",)),)
    form_keys: ClassVar = ("min", "mode", "max")
    min: float
    mode: float
    max: float
    lam: float = 4.0

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Pert:
        return cls(p["min"], p["mode"], p["max"], p.get("lambda", 4.0), **kwargs)

    def _check(self) -> None:
        require_min_mode_max(self.min, self.mode, self.max)
        require_positive(self.lam, "lambda")

    @property
    def alpha(self) -> float:
        """First shape parameter of the underlying beta distribution."""
        return 1.0 + self.lam * (self.mode - self.min) / (self.max - self.min)

    @property
    def beta(self) -> float:
        """Second shape parameter of the underlying beta distribution."""
        return 1.0 + self.lam * (self.max - self.mode) / (self.max - self.min)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        pairs = (("min", self.min), ("mode", self.mode), ("max", self.max))
        return pairs if self.lam == 4.0 else (*pairs, ("lambda", self.lam))

    def description(self) -> Description:
        args: tuple[tuple[str | None, float], ...] = (
            (None, self.min),
            (None, self.mode),
            (None, self.max),
        )
        return Description(self.kind, args if self.lam == 4.0 else (*args, ("lambda", self.lam)))

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The mode kept; ``min`` and ``max`` ``f`` times as far from it."""
        return widen_about_mode(self, f, bounds)
