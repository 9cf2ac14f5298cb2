"""``lognormal``: a positive quantity whose logarithm is normal (a relative risk, a cost)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.distributions.base import (
    U_EPS,
    Z95,
    Bounds,
    Distribution,
    clipped,
    finish,
    register,
    require_finite,
    require_positive,
    require_quantiles_order,
    standardised_cdf,
)
from sekalk.lazy import LazyModule

# scipy.special is imported when a quantile is first computed: reading and checking a file
# (``sekalk validate``) does not need it.
scipy = LazyModule("scipy", "scipy.special")


def lognormal_from_mean_sd(mean: float, sd: float) -> tuple[float, float]:
    """``(mu, sigma)`` of the lognormal with the given arithmetic mean and sd (both > 0)."""
    sigma2 = math.log1p((sd / mean) ** 2)
    return math.log(mean) - 0.5 * sigma2, math.sqrt(sigma2)


def lognormal_from_p05_p95(p05: float, p95: float) -> tuple[float, float]:
    """``(mu, sigma)`` of the lognormal with 5th and 95th percentiles ``p05 < p95`` (> 0)."""
    lo, hi = math.log(p05), math.log(p95)
    return 0.5 * (lo + hi), (hi - lo) / (2.0 * Z95)


@register
@dataclass(frozen=True, slots=True)
class Lognormal(Distribution):
    """Lognormal: ``exp(mu + sigma * Z)``, ``mu`` and ``sigma`` (> 0) in log space."""

    kind: ClassVar[str] = "lognormal"
    param_sets: ClassVar = ((("mean", "sd"), ()), (("p05", "p95"), ()), (("mu", "sigma"), ()))
    form_keys: ClassVar = ("p05", "p95")
    keeps_written: ClassVar = True
    mu: float
    sigma: float

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Lognormal:
        if "mean" in p:
            require_positive(p["mean"], "mean")
            require_positive(p["sd"], "sd")
            return cls(*lognormal_from_mean_sd(p["mean"], p["sd"]), **kwargs)
        if "p05" in p:
            require_positive(p["p05"], "p05")
            require_quantiles_order(p["p05"], p["p95"])
            return cls(*lognormal_from_p05_p95(p["p05"], p["p95"]), **kwargs)
        return cls(p["mu"], p["sigma"], **kwargs)

    def _check(self) -> None:
        require_finite(self.mu, "mu")
        require_positive(self.sigma, "sigma")

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        _, x = clipped(u, 0.0, 1.0 - U_EPS, out)  # exp(-inf) = 0 is the lower bound
        scipy.special.ndtri(x, out=x)
        x *= self.sigma
        x += self.mu
        return finish(np.exp(x, out=x), out)

    def cdf(self, value: float) -> float:
        # scipy's lognorm: standardised by its scale exp(mu), then ndtr(log(x) / sigma)
        sigma = np.float64(self.sigma)
        return standardised_cdf(value / math.exp(self.mu), 0.0, lambda x: np.log(x) / sigma)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.lognorm(self.sigma, scale=math.exp(self.mu))

    @property
    def mean(self) -> float:
        return math.exp(self.mu + 0.5 * self.sigma**2)

    @property
    def sd(self) -> float:
        return self.mean * math.sqrt(math.expm1(self.sigma**2))

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("mu", self.mu), ("sigma", self.sigma))

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The log-scale ``sigma`` times ``f`` about the median, written as the author did
        (``p05``/``p95`` or ``mu``/``sigma``); ``mean``/``sd``: the mean kept, ``sd`` times
        ``f``."""
        old = self.pairs()
        new = dict(old)
        sigma = f * self.sigma
        if "p05" in old:
            new.update(p05=math.exp(self.mu - Z95 * sigma), p95=math.exp(self.mu + Z95 * sigma))
        elif "mean" in old:
            new["sd"] = f * self.sd
        else:
            new["sigma"] = sigma
        return self.kind, new
