"""``discrete``: finitely many values with weights (a count, a scenario switch)."""

from __future__ import annotations

import functools
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
    as_uniform,
    fmt,
    register,
    require_finite,
    scalar_if_0d,
    stretch,
    table_value,
)
from sekalk.errors import ScenarioError


@functools.lru_cache(maxsize=256)
def _discrete_points(
    values: tuple[float, ...], weights: tuple[float, ...]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    keep = w > 0
    xs, inverse = np.unique(v[keep], return_inverse=True)
    probs = np.bincount(inverse, weights=w[keep], minlength=xs.size)
    cum = np.cumsum(probs) / probs.sum()
    cum[-1] = 1.0
    xs.setflags(write=False)
    cum.setflags(write=False)
    return xs, cum


@register
@dataclass(frozen=True, slots=True)
class Discrete(Distribution):
    """Finitely many ``values`` with relative ``weights`` (>= 0, positive sum)."""

    kind: ClassVar[str] = "discrete"
    param_sets: ClassVar = ((("values",), ("weights",)),)
    list_keys: ClassVar = frozenset({"values", "weights"})
    values: tuple[float, ...]
    weights: tuple[float, ...]

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Discrete:
        values = p["values"]
        weights = p["weights"] if "weights" in p else (1.0,) * len(values)
        return cls(values, weights, **kwargs)

    def _check(self) -> None:
        if len(self.values) < 1:
            raise ScenarioError(code="error.dist.no_values", path="values")
        if len(self.weights) != len(self.values):
            raise ScenarioError(
                code="error.dist.weights_count",
                params={"values": len(self.values), "weights": len(self.weights)},
                path="weights",
            )
        for i, v in enumerate(self.values):
            require_finite(v, f"values[{i}]")
        for i, w in enumerate(self.weights):
            if not (math.isfinite(w) and w >= 0):
                raise ScenarioError(
                    code="error.dist.weight_negative",
                    params={"value": fmt(w)},
                    path=f"weights[{i}]",
                )
        if not math.fsum(self.weights) > 0:
            raise ScenarioError(code="error.dist.weights_zero", path="weights")

    def _points(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Distinct values with positive probability (ascending) and their cumulative probs."""
        return _discrete_points(self.values, self.weights)

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        xs, cum = self._points()
        u = np.clip(as_uniform(u), 0.0, 1.0)
        idx = np.searchsorted(cum, u, side="left")
        x = np.where(np.isnan(u), np.nan, xs[np.minimum(idx, xs.size - 1)])
        if out is None:
            return scalar_if_0d(x)
        out[...] = x
        return out

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        xs, cum = self._points()
        probs = np.diff(cum, prepend=0.0)
        return scipy.stats.rv_discrete(values=(xs, probs))

    def _probs(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        v = np.asarray(self.values, dtype=np.float64)
        w = np.asarray(self.weights, dtype=np.float64)
        return v, w / w.sum()

    @property
    def mean(self) -> float:
        v, p = self._probs()
        return float(np.dot(p, v))

    @property
    def sd(self) -> float:
        v, p = self._probs()
        return float(math.sqrt(np.dot(p, (v - np.dot(p, v)) ** 2)))

    @property
    def support(self) -> tuple[float, float]:
        xs, _ = self._points()
        return (float(xs[0]), float(xs[-1]))

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        raise NotImplementedError  # values and weights are lists; see pairs() and to_table()

    def pairs(self) -> dict[str, Any]:
        """``{"values": (...)}``: what widening moves (the weights stay as they are)."""
        return {"values": self.values}

    def description(self) -> Description:
        return Description(self.kind, items=tuple(zip(self.values, self.weights, strict=True)))

    def describe(self) -> str:
        _, p = self._probs()
        items = ", ".join(f"{fmt(v)}: {p_:.3g}" for v, p_ in zip(self.values, p, strict=True))
        return f"discrete({items})"

    def to_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {
            "dist": self.kind,
            "values": [table_value(v) for v in self.values],
            "weights": [table_value(w) for w in self.weights],
        }
        return self._with_meta_keys(table)

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The values stretched about the median by ``f`` (the weights kept)."""
        m = self.median
        return self.kind, {"values": tuple(stretch(m, v, f, bounds) for v in self.values)}
