"""``normal``: mean and standard deviation, optionally truncated to ``[min, max]``."""

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
    clipped,
    finish,
    fmt,
    pin,
    register,
    require_min_below_max,
    require_positive,
    scalar_if_0d,
    standardised_cdf,
    stretch,
)
from sekalk.errors import ScenarioError
from sekalk.lazy import LazyModule

# scipy.special is imported when a quantile is first computed: reading and checking a file
# (``sekalk validate``) does not need it.
scipy = LazyModule("scipy", "scipy.special")


@register
@dataclass(frozen=True, slots=True)
class Normal(Distribution):
    """Normal with location ``mu`` and scale ``sigma`` (> 0), optionally truncated to [min, max].

    Table keys are ``mean`` and ``sd`` (the parameters of the untruncated normal); the
    ``mean`` and ``sd`` properties are the moments of the (possibly truncated) distribution.
    """

    kind: ClassVar[str] = "normal"
    param_sets: ClassVar = ((("mean", "sd"), ("min", "max")),)
    form_keys: ClassVar = ("mean", "sd")
    mu: float
    sigma: float
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Normal:
        return cls(p["mean"], p["sd"], p.get("min"), p.get("max"), **kwargs)

    def _check(self) -> None:
        require_positive(self.sigma, "sd")
        if self.min is not None and self.max is not None:
            require_min_below_max(self.min, self.max)
        if self.is_truncated:
            a, b = self._std_bounds()
            mass = max(
                scipy.special.ndtr(b) - scipy.special.ndtr(a),
                scipy.special.ndtr(-a) - scipy.special.ndtr(-b),
            )
            if not mass > 0:
                raise ScenarioError(
                    code="error.dist.normal_no_mass",
                    params={
                        "mean": fmt(self.mu),
                        "sd": fmt(self.sigma),
                        "lo": f"{self.support[0]:g}",
                        "hi": f"{self.support[1]:g}",
                    },
                    path="min" if a > 0 else "max",
                )

    @property
    def is_truncated(self) -> bool:
        """True if a ``min`` or ``max`` is set."""
        return self.min is not None or self.max is not None

    def _std_bounds(self) -> tuple[float, float]:
        a = -math.inf if self.min is None else (self.min - self.mu) / self.sigma
        b = math.inf if self.max is None else (self.max - self.mu) / self.sigma
        return a, b

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        if not self.is_truncated:
            _, x = clipped(u, U_EPS, 1.0 - U_EPS, out)
            scipy.special.ndtri(x, out=x)
            x *= self.sigma
            x += self.mu
            return finish(x, out)
        u = as_uniform(u)
        lo_eps = 0.0 if self.min is not None else U_EPS
        hi_eps = 1.0 if self.max is not None else 1.0 - U_EPS
        u = np.clip(u, lo_eps, hi_eps)
        a, b = self._std_bounds()
        # Map u to the truncated interval in lower-tail probability p and, with the same
        # u, in upper-tail probability q = 1 - p; invert whichever is below 1/2, so that
        # neither far tail loses digits to cancellation.
        nd = scipy.special.ndtr
        pa, pb = nd(a), nd(b)
        qa, qb = nd(-a), nd(-b)
        p = pa + u * (pb - pa)
        q = qb + (1.0 - u) * (qa - qb)
        z = np.where(p < 0.5, scipy.special.ndtri(p), -scipy.special.ndtri(q))
        x = self.mu + self.sigma * z
        lo = -math.inf if self.min is None else self.min
        hi = math.inf if self.max is None else self.max
        x = pin(x, u, lo, hi)
        if out is None:
            return scalar_if_0d(x)
        out[...] = x
        return out

    def cdf(self, value: float) -> float:
        if self.is_truncated:  # scipy's truncnorm
            return Distribution.cdf(self, value)  # (no bare super() in a slots dataclass)
        return standardised_cdf((value - self.mu) / self.sigma, -math.inf)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        if not self.is_truncated:
            return scipy.stats.norm(self.mu, self.sigma)
        a, b = self._std_bounds()
        return scipy.stats.truncnorm(a, b, loc=self.mu, scale=self.sigma)

    def _truncated_moments(self) -> tuple[float, float]:
        a, b = self._std_bounds()
        if a > 0:
            z = scipy.special.ndtr(-a) - scipy.special.ndtr(-b)
        else:
            z = scipy.special.ndtr(b) - scipy.special.ndtr(a)
        phi_a = 0.0 if math.isinf(a) else math.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)
        phi_b = 0.0 if math.isinf(b) else math.exp(-0.5 * b * b) / math.sqrt(2 * math.pi)
        a_phi_a = 0.0 if math.isinf(a) else a * phi_a
        b_phi_b = 0.0 if math.isinf(b) else b * phi_b
        shift = (phi_a - phi_b) / z
        var = 1.0 + (a_phi_a - b_phi_b) / z - shift * shift
        return self.mu + self.sigma * shift, self.sigma * math.sqrt(max(var, 0.0))

    @property
    def mean(self) -> float:
        return self._truncated_moments()[0] if self.is_truncated else float(self.mu)

    @property
    def sd(self) -> float:
        return self._truncated_moments()[1] if self.is_truncated else float(self.sigma)

    @property
    def support(self) -> tuple[float, float]:
        lo = -math.inf if self.min is None else self.min
        hi = math.inf if self.max is None else self.max
        return (lo, hi)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        pairs: tuple[tuple[str, float], ...] = (("mean", self.mu), ("sd", self.sigma))
        if self.min is not None:
            pairs += (("min", self.min),)
        if self.max is not None:
            pairs += (("max", self.max),)
        return pairs

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """The mean kept; ``sd`` (and the distance of ``min``/``max`` from the mean) times
        ``f``; an unbounded side gets the domain's bound, if it has one."""
        new = self.pairs()
        new["sd"] = f * self.sigma
        lo = stretch(self.mu, self.min, f, bounds) if self.min is not None else bounds.lo
        hi = stretch(self.mu, self.max, f, bounds) if self.max is not None else bounds.hi
        if lo is not None and bounds.lo_open and lo <= bounds.lo:
            lo = math.nextafter(bounds.lo, math.inf)
        new.update({k: x for k, x in (("min", lo), ("max", hi)) if x is not None})
        return self.kind, new
