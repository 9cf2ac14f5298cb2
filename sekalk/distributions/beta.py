"""``beta``: a share or probability, by its mean and sd, its 90 % interval or its shapes."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from sekalk.distributions.base import (
    Z95,
    Bounds,
    Distribution,
    fmt,
    register,
    require_fraction,
    require_min_below_max,
    require_positive,
    require_quantiles_order,
)
from sekalk.distributions.scaled_beta import ScaledBeta
from sekalk.errors import ScenarioError


def beta_from_mean_sd(mean: float, sd: float) -> tuple[float, float]:
    """``(alpha, beta)`` by the method of moments; needs ``sd**2 < mean * (1 - mean)``."""
    nu = mean * (1.0 - mean) / (sd * sd) - 1.0
    return mean * nu, (1.0 - mean) * nu


def beta_from_p05_p95(p05: float, p95: float) -> tuple[float, float] | None:
    """``(alpha, beta)`` whose 5th and 95th percentiles are ``p05``, ``p95`` (to 1e-9), or None."""
    import scipy.optimize  # slow to import: only this parameterisation needs it
    import scipy.special
    import scipy.stats

    def residual(logab: NDArray[np.float64]) -> NDArray[np.float64]:
        a, b = np.exp(logab)
        return np.array(
            [
                scipy.special.betainc(a, b, p05) - 0.05,
                scipy.special.betainc(a, b, p95) - 0.95,
            ]
        )

    mean = 0.5 * (p05 + p95)
    sd = min((p95 - p05) / (2 * Z95), 0.9 * math.sqrt(mean * (1 - mean)))
    starts = [beta_from_mean_sd(mean, sd), (1.0, 1.0), (0.5, 0.5), (5.0, 5.0), (50.0, 50.0)]
    for a0, b0 in starts:
        if not (a0 > 0 and b0 > 0):
            continue
        with np.errstate(all="ignore"):
            sol = scipy.optimize.root(
                residual, np.log([a0, b0]), method="hybr", options={"xtol": 1e-14}
            )
        a, b = (float(x) for x in np.exp(sol.x))
        if not (np.all(np.isfinite(sol.x)) and a > 0 and b > 0):
            continue
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            q05, q95 = scipy.stats.beta.ppf([0.05, 0.95], a, b)
        if abs(q05 - p05) <= 1e-9 and abs(q95 - p95) <= 1e-9:
            return a, b
    return None


@register
@dataclass(frozen=True, slots=True)
class Beta(ScaledBeta, Distribution):
    """Beta with shapes ``alpha``, ``beta`` (> 0) on ``[min, max]`` (default [0, 1])."""

    kind: ClassVar[str] = "beta"
    param_sets: ClassVar = (
        (("mean", "sd"), ()),
        (("alpha", "beta"), ("min", "max")),
        (("p05", "p95"), ()),
    )
    form_keys: ClassVar = ("mean", "sd")
    keeps_written: ClassVar = True
    alpha: float
    beta: float
    min: float = 0.0
    max: float = 1.0

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Beta:
        if "mean" in p:
            mean, sd = p["mean"], p["sd"]
            require_fraction(mean, "mean", cls.kind)
            require_positive(sd, "sd")
            max_sd = math.sqrt(mean * (1 - mean))
            if not sd < max_sd:
                raise ScenarioError(
                    code="error.dist.beta_sd",
                    params={"max": f"{max_sd:.6g}", "mean": fmt(mean), "sd": fmt(sd)},
                    path="sd",
                )
            return cls(*beta_from_mean_sd(mean, sd), **kwargs)
        if "p05" in p:
            p05, p95 = p["p05"], p["p95"]
            for key in ("p05", "p95"):
                require_fraction(p[key], key, cls.kind)
            require_quantiles_order(p05, p95)
            fit = beta_from_p05_p95(p05, p95)
            if fit is None:
                raise ScenarioError(
                    code="error.dist.beta_no_fit",
                    params={"p05": fmt(p05), "p95": fmt(p95)},
                    hint="hint.dist_beta_no_fit",
                )
            return cls(*fit, **kwargs)
        return cls(p["alpha"], p["beta"], p.get("min", 0.0), p.get("max", 1.0), **kwargs)

    def _check(self) -> None:
        require_positive(self.alpha, "alpha")
        require_positive(self.beta, "beta")
        require_min_below_max(self.min, self.max)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        pairs: tuple[tuple[str, float], ...] = (("alpha", self.alpha), ("beta", self.beta))
        if (self.min, self.max) != (0.0, 1.0):
            pairs += (("min", self.min), ("max", self.max))
        return pairs

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The mean kept and the sd times ``f``, the variance capped at
        ``mean (1 - mean) / 3`` (on [0, 1]) so that it stays unimodal or flat; written as
        ``mean``/``sd``, ``p05``/``p95`` (the new percentiles) or ``alpha``/``beta``."""
        span = self.max - self.min
        mean = (self.mean - self.min) / span
        var = min((f * self.sd / span) ** 2, mean * (1 - mean) / 3)
        total = mean * (1 - mean) / var - 1
        alpha, beta = mean * total, (1 - mean) * total
        new = self.pairs()
        if "mean" in new:
            new["sd"] = math.sqrt(var)
        elif "p05" in new:
            q05, q95 = Beta(alpha=alpha, beta=beta).ppf(np.array([0.05, 0.95]))
            new.update(p05=float(q05), p95=float(q95))
        else:
            new.update(alpha=alpha, beta=beta)
        return self.kind, new
