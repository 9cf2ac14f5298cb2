"""Distribution specs as small frozen objects that sample through the inverse CDF.

A scenario parameter is either a plain number (a :class:`Fixed` value) or a table such as
``{dist = "pert", min = 1.6e6, mode = 1.8e6, max = 2.4e6}``. :func:`parse_distribution` turns
either into one of the frozen dataclasses below; every one of them maps uniforms in [0, 1] to
values through :meth:`Distribution.ppf`, its vectorised inverse CDF.

Closed forms are used where they exist (uniform, triangular, normal, truncated normal,
lognormal, discrete). Beta, PERT and gamma use a tabulated inverse: the exact ``scipy.stats``
quantile function is evaluated once per parameter set on a uniform grid in ``z = ndtri(u)``
and interpolated linearly in ``z``; the rare uniforms outside the table (``u < 1e-7`` or
``u > 1 - 1e-7``) go through the exact ``scipy`` quantile. The tests check the tabulated
inverse against ``scipy`` to within ``1e-6 * (q(0.999) - q(0.001))`` for ``u`` in
``[1e-6, 1 - 1e-6]``. Tables are kept in memory and, between runs, on disk
(:mod:`sekalk.tablecache`); a table read back gives the same draws bit for bit.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.errors import (
    Choices,
    Found,
    ScenarioError,
    close_matches,
    number_error,
    unknown_key_error,
)
from sekalk.lazy import LazyModule

# scipy.special is imported when a quantile is first computed: reading and checking a file
# (``sekalk validate``) does not need it.
scipy = LazyModule("scipy", "scipy.special")

__all__ = [
    "DISTRIBUTION_KINDS",
    "EVIDENCE_GRADES",
    "Beta",
    "Discrete",
    "Distribution",
    "Fixed",
    "Gamma",
    "Lognormal",
    "Normal",
    "Pert",
    "Triangular",
    "Uniform",
    "parse_distribution",
]

#: The allowed values of the ``evidence`` key.
EVIDENCE_GRADES: tuple[str, ...] = ("research", "experience", "assumption")

#: Standard normal quantile at 0.95, used by the ``p05, p95`` parameterisations.
Z95 = 1.6448536269514722

#: Uniforms are clipped to [_U_EPS, 1 - _U_EPS] where the support is unbounded.
_U_EPS = 1e-15

# Tabulated inverse CDF: a uniform grid in z = ndtri(u) over [-_Z_MAX, _Z_MAX].
_TABLE_POINTS = 4097
_TABLE_MAX_POINTS = 2**18 + 1
_TABLE_RTOL = 1e-7
_Z_MAX = 5.2  # u from about 1e-7 to 1 - 1e-7; outside, the exact scipy ppf is used
_META_KEYS = ("evidence", "source", "note")


# --------------------------------------------------------------------------------------------
# Tabulated inverse CDF
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """Quantiles at ``z_k = z0 + k / inv_dz``, with the slopes between neighbours."""

    x: NDArray[np.float64]
    slope: NDArray[np.float64]
    z0: float
    inv_dz: float
    u_lo: float
    u_hi: float


def _table_nodes(ppf: Any) -> NDArray[np.float64]:
    """Quantiles at the nodes of a uniform grid in ``z = ndtri(u)`` over [-_Z_MAX, _Z_MAX].

    The grid starts at ``_TABLE_POINTS`` nodes and is doubled until linear interpolation
    at every midpoint is within ``_TABLE_RTOL * (q(0.999) - q(0.001))`` of the exact
    quantile (or the grid reaches ``_TABLE_MAX_POINTS`` nodes).
    """
    width = float(ppf(0.999) - ppf(0.001))
    n = _TABLE_POINTS
    while True:
        z = np.linspace(-_Z_MAX, _Z_MAX, 2 * n - 1)  # nodes at even, midpoints at odd indices
        xx = np.asarray(ppf(scipy.special.ndtr(z)), dtype=np.float64)
        x = np.maximum.accumulate(xx[::2])  # guard monotonicity
        err = np.max(np.abs(0.5 * (x[:-1] + x[1:]) - xx[1::2]))
        if err <= _TABLE_RTOL * width or n >= _TABLE_MAX_POINTS:
            break
        n = 2 * n - 1
    return x


def _table_from_nodes(x: NDArray[np.float64]) -> _Table:
    n = x.size
    x.setflags(write=False)
    slope = np.diff(x)
    slope.setflags(write=False)
    return _Table(
        x=x,
        slope=slope,
        z0=-_Z_MAX,
        inv_dz=(n - 1) / (2 * _Z_MAX),
        u_lo=float(scipy.special.ndtr(-_Z_MAX)),
        u_hi=float(scipy.special.ndtr(_Z_MAX)),
    )


def _table_sizes() -> tuple[int, ...]:
    """Every number of nodes :func:`_table_nodes` can return."""
    sizes = [_TABLE_POINTS]
    while sizes[-1] < _TABLE_MAX_POINTS:
        sizes.append(2 * sizes[-1] - 1)
    return tuple(sizes)


def _cached_table(kind: str, params: tuple[float, ...], ppf: Any) -> _Table:
    """The table of ``ppf`` from the disk cache (:mod:`sekalk.tablecache`), else built and stored.

    The key holds everything the nodes depend on: the distribution and its parameters (exact,
    as hexadecimal floats), the table settings and the numpy and scipy versions.
    """
    from sekalk import tablecache

    key = "|".join(
        [
            kind,
            *(float(p).hex() for p in params),
            f"points={_TABLE_POINTS},max={_TABLE_MAX_POINTS},rtol={_TABLE_RTOL!r},z={_Z_MAX!r}",
            f"numpy={np.__version__},scipy={scipy.__version__}",
        ]
    )
    x = tablecache.load(key, _table_sizes())
    if x is None:
        x = _table_nodes(ppf)
        tablecache.store(key, x)
    return _table_from_nodes(x)


def _beta_exact(alpha: float, beta: float, lo: float, hi: float) -> Any:
    """Exact beta quantile on [lo, hi]; each tail inverted on its own side.

    ``scipy.special.betaincinv`` is used rather than ``scipy.stats.beta.ppf``, which
    (scipy 1.17) returns wrong values far in the lower tail (e.g. ``u = 1e-9``).
    """

    def ppf(u: NDArray[np.float64]) -> NDArray[np.float64]:
        u = np.asarray(u, dtype=np.float64)
        upper = u > 0.5
        x = np.where(
            upper,
            1.0 - scipy.special.betaincinv(beta, alpha, 1.0 - u),
            scipy.special.betaincinv(alpha, beta, u),
        )
        return np.where(x >= 1.0, hi, np.clip(lo + (hi - lo) * x, lo, hi))

    return ppf


def _gamma_exact(shape: float, scale: float) -> Any:
    """Exact gamma quantile; the upper tail through ``gammainccinv`` of ``1 - u``."""

    def ppf(u: NDArray[np.float64]) -> NDArray[np.float64]:
        u = np.asarray(u, dtype=np.float64)
        x = np.where(
            u > 0.5,
            scipy.special.gammainccinv(shape, 1.0 - u),
            scipy.special.gammaincinv(shape, u),
        )
        return scale * x

    return ppf


@functools.lru_cache(maxsize=256)
def _beta_table(alpha: float, beta: float, lo: float, hi: float) -> _Table:
    return _cached_table("beta", (alpha, beta, lo, hi), _beta_exact(alpha, beta, lo, hi))


@functools.lru_cache(maxsize=256)
def _gamma_table(shape: float, scale: float) -> _Table:
    return _cached_table("gamma", (shape, scale), _gamma_exact(shape, scale))


def _table_ppf(
    table: _Table, u: NDArray[np.float64], exact: Any, out: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Interpolate ``table`` at ``u``; elements outside the table (and NaN) use ``exact``."""
    shape = u.shape
    u = u.reshape(-1)
    n = table.x.size
    t = scipy.special.ndtri(u)
    t -= table.z0
    t *= table.inv_dz
    np.clip(t, 0.0, n - 1.0, out=t)
    with np.errstate(invalid="ignore"):  # a NaN (from a NaN uniform, redone below) casts to junk
        i = t.astype(np.intp)
    t -= i
    # out's memory is used directly only where it is one contiguous run (reshape of any other
    # out would be a copy); else the values are copied into it at the end
    direct = out is not None and out.flags.c_contiguous
    # mode="clip": the top node (i = n - 1, where t - i = 0) takes the last slope, and a junk
    # index from a NaN stays in range
    x = np.take(table.slope, i, out=out.reshape(-1) if direct else None, mode="clip")
    x *= t
    x += np.take(table.x, i, mode="clip")
    # min/max are NaN when a NaN is present, so that case takes the slow path as well
    if not (u.min(initial=table.u_lo) >= table.u_lo and u.max(initial=table.u_hi) <= table.u_hi):
        outside = np.flatnonzero(~((u >= table.u_lo) & (u <= table.u_hi)))
        # scipy (boost) may warn about slow convergence far out in a tail; its value is used
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            x[outside] = exact(u[outside])
    if out is None:
        return _scalar_if_0d(x.reshape(shape))
    if not direct:
        out[...] = x.reshape(shape)
    return out


def _as_uniform(u: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(u, dtype=np.float64)


def _pin(
    x: NDArray[np.float64], u: NDArray[np.float64], lo: float, hi: float
) -> NDArray[np.float64]:
    """Clip ``x`` to [lo, hi] in place; exactly ``lo`` at ``u <= 0`` and ``hi`` at ``u >= 1``."""
    x = np.asarray(x)
    np.clip(x, lo, hi, out=x)
    # Sampled uniforms lie strictly inside (0, 1): only pay for the end points when present.
    if u.size and (u.min() <= 0.0 or u.max() >= 1.0):
        x[u <= 0.0] = lo
        x[u >= 1.0] = hi
    return x


def _scalar_if_0d(x: NDArray[np.float64]) -> Any:
    """A numpy scalar for a 0-d result (as numpy's ufuncs give), else the array itself."""
    return x[()] if x.ndim == 0 else x


def _finish(x: NDArray[np.float64], out: NDArray[np.float64] | None) -> Any:
    """What a ``ppf`` returns: ``out`` when given, else ``x`` (a scalar for a scalar ``u``)."""
    return x if out is not None else _scalar_if_0d(x)


def _clipped(
    u: ArrayLike, lo: float, hi: float, out: NDArray[np.float64] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(u, clip(u, lo, hi))``, the clipped copy written into ``out`` when given.

    ``out`` receives the result of a ``ppf``; it must not overlap ``u``.
    """
    u = _as_uniform(u)
    return u, np.asarray(np.clip(u, lo, hi, out=out))  # 0-d input: an array, not a scalar


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    """Short, exact label of a number: ``1600000`` rather than ``1.6e+06``."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def round_sig(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits (0, inf and nan unchanged).

    The result is the float nearest to the decimal with ``digits`` significant digits, so it
    prints short (``repr(round_sig(0.18125000000000002, 4)) == '0.1813'``).
    """
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


def _table_value(x: float) -> float | int:
    return int(x) if math.isfinite(x) and x == int(x) and abs(x) < 2**53 else float(x)


# --------------------------------------------------------------------------------------------
# The distributions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution:
    """Base of all distribution kinds; carries the assumption's metadata.

    Parameters
    ----------
    evidence
        How the number is grounded: ``"research"``, ``"experience"``, ``"assumption"`` or None.
    source
        Where the number comes from (free text).
    note
        Any comment (free text).
    written
        The parameterisation as the user wrote it, as ``((key, value), ...)``; used for
        :meth:`describe` and :meth:`to_table` only, never compared.
    """

    kind: ClassVar[str] = ""

    evidence: str | None = None
    source: str | None = None
    note: str | None = None
    written: tuple[tuple[str, float], ...] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.evidence is not None and self.evidence not in EVIDENCE_GRADES:
            raise evidence_error(self.evidence, "evidence")
        for key in ("source", "note"):
            value = getattr(self, key)
            if value is not None and not isinstance(value, str):
                raise ScenarioError(
                    f"expected {key} to be a string, found {type(value).__name__}", path=key
                )
        self._check()

    # -- to be provided by each kind ---------------------------------------------------------

    def _check(self) -> None:
        """Raise ScenarioError (path = field name) for impossible parameters."""

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Vectorised inverse CDF of uniforms ``u`` in [0, 1].

        ``out`` (float64, the shape of ``u``, not overlapping it) receives the values, which
        saves the sampler a copy; the array holding the values is returned either way.
        """
        raise NotImplementedError

    def to_scipy(self) -> Any:
        """The equivalent frozen ``scipy.stats`` distribution (the test reference)."""
        raise NotImplementedError

    @property
    def mean(self) -> float:
        """Expected value (closed form)."""
        raise NotImplementedError

    @property
    def sd(self) -> float:
        """Standard deviation (closed form)."""
        raise NotImplementedError

    @property
    def support(self) -> tuple[float, float]:
        """``(lo, hi)``; ``-inf``/``inf`` where unbounded."""
        raise NotImplementedError

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        """The canonical ``(key, value)`` pairs, in table key names."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------

    @property
    def median(self) -> float:
        """The median, ``ppf(0.5)``."""
        return self.quantile(0.5)

    @property
    def is_fixed(self) -> bool:
        """True only for :class:`Fixed`."""
        return False

    def quantile(self, q: float) -> float:
        """The ``q`` quantile as a float, ``0 <= q <= 1``."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile level must lie in [0, 1], found {q}")
        return float(self.ppf(np.array([q], dtype=np.float64))[0])

    def _pairs(self) -> tuple[tuple[str, float], ...]:
        return self.written if self.written is not None else self._canonical()

    def describe(self) -> str:
        """Short, language-neutral label, e.g. ``pert(1600000, 1800000, 2400000)``."""
        args = ", ".join(f"{k}={_fmt(v)}" for k, v in self._pairs())
        return f"{self.kind}({args})"

    def to_table(self) -> dict[str, Any]:
        """A TOML-ready table that :func:`parse_distribution` turns back into an equal object."""
        table: dict[str, Any] = {"dist": self.kind}
        table.update((k, _table_value(v)) for k, v in self._pairs())
        for key in _META_KEYS:
            value = getattr(self, key)
            if value is not None:
                table[key] = value
        return table

    def with_meta(
        self,
        *,
        evidence: str | None = None,
        source: str | None = None,
        note: str | None = None,
    ) -> Distribution:
        """A copy with the given metadata set (None leaves a field as it is)."""
        changes = {
            k: v
            for k, v in (("evidence", evidence), ("source", source), ("note", note))
            if v is not None
        }
        return dataclasses.replace(self, **changes)


def _require(
    cond: bool, key: str, message: str, code: str | None = None, params: dict | None = None
) -> None:
    """Raise at ``key`` unless ``cond``: with ``code``, the catalogue's message (``message``
    is then the English text, for the reader of this code)."""
    if not cond:
        if code is not None:
            raise ScenarioError(code=code, params=params, path=key)
        raise ScenarioError(message, path=key)


def evidence_error(found: Any, path: str) -> ScenarioError:
    """The error for an evidence grade that is not one of :data:`EVIDENCE_GRADES`."""
    near = close_matches(found, EVIDENCE_GRADES) if isinstance(found, str) else ()
    return ScenarioError(
        code="error.value.unknown_choice",
        params={
            "what": _what("evidence"),
            "found": repr(found) if isinstance(found, str) else Found(found),
            "did_you_mean": Choices(near),
            "allowed": list(EVIDENCE_GRADES),
        },
        hint="hint.evidence_grades",
        path=path,
    )


def _what(name: str):
    from sekalk.errors import Msg

    return Msg(f"what.{name}")


@dataclass(frozen=True, slots=True)
class Fixed(Distribution):
    """A known number ``value`` (in the parameter's own unit)."""

    kind: ClassVar[str] = "fixed"
    value: float

    def _check(self) -> None:
        _require(
            math.isfinite(self.value), "value", f"expected a finite number, found {self.value}"
        )

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        if out is None:
            return _scalar_if_0d(np.full(np.shape(u), self.value, dtype=np.float64))
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

    def describe(self) -> str:
        return _fmt(self.value)


@dataclass(frozen=True, slots=True)
class Uniform(Distribution):
    """Uniform on ``[min, max]`` (``min < max``, in the parameter's unit)."""

    kind: ClassVar[str] = "uniform"
    min: float
    max: float

    def _check(self) -> None:
        _require(
            self.min < self.max,
            "max",
            f"expected max to be greater than min ({_fmt(self.min)}), found {_fmt(self.max)}",
        )

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u, x = _clipped(u, 0.0, 1.0, out)
        x *= self.max - self.min
        x += self.min
        return _finish(_pin(x, u, self.min, self.max), out)

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

    def describe(self) -> str:
        return f"uniform({_fmt(self.min)}, {_fmt(self.max)})"


def _check_min_mode_max(lo: float, mode: float, hi: float) -> None:
    _require(lo < hi, "max", f"expected max to be greater than min ({_fmt(lo)}), found {_fmt(hi)}")
    if not lo <= mode <= hi:
        raise ScenarioError(
            code="error.range.mode_outside",
            params={"min": _fmt(lo), "max": _fmt(hi), "mode": _fmt(mode)},
            path="mode",
        )


@dataclass(frozen=True, slots=True)
class Triangular(Distribution):
    """Triangular on ``[min, max]`` with peak at ``mode`` (in the parameter's unit)."""

    kind: ClassVar[str] = "triangular"
    min: float
    mode: float
    max: float

    def _check(self) -> None:
        _check_min_mode_max(self.min, self.mode, self.max)

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u, x = _clipped(u, 0.0, 1.0, out)
        width = self.max - self.min
        c = (self.mode - self.min) / width
        right_side = x >= c
        # right: max - sqrt((1 - u) * width * (max - mode))
        right = np.subtract(1.0, x, out=np.empty_like(x))
        right *= width * (self.max - self.mode)
        np.sqrt(right, out=right)
        np.subtract(self.max, right, out=right)
        # left: min + sqrt(u * width * (mode - min)), in place
        x *= width * (self.mode - self.min)
        np.sqrt(x, out=x)
        x += self.min
        np.copyto(x, right, where=right_side)
        return _finish(_pin(x, u, self.min, self.max), out)

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

    def describe(self) -> str:
        return f"triangular({_fmt(self.min)}, {_fmt(self.mode)}, {_fmt(self.max)})"


class _ScaledBeta:
    """What PERT and beta share: ``min + (max - min) * Beta(alpha, beta)``.

    A mixin without fields (empty ``__slots__``); the classes provide ``alpha``, ``beta``,
    ``min`` and ``max``.
    """

    __slots__ = ()
    alpha: float
    beta: float
    min: float
    max: float

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u = _as_uniform(u)
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


@dataclass(frozen=True, slots=True)
class Pert(_ScaledBeta, Distribution):
    """PERT on ``[min, max]`` with mode ``mode`` and shape ``lam`` (> 0, default 4).

    ``min + (max - min) * Beta(1 + lam * (mode - min) / (max - min),
    1 + lam * (max - mode) / (max - min))``.
    """

    kind: ClassVar[str] = "pert"
    min: float
    mode: float
    max: float
    lam: float = 4.0

    def _check(self) -> None:
        _check_min_mode_max(self.min, self.mode, self.max)
        _require(
            math.isfinite(self.lam) and self.lam > 0,
            "lambda",
            f"expected lambda to be greater than 0, found {_fmt(self.lam)}",
        )

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

    def describe(self) -> str:
        text = f"pert({_fmt(self.min)}, {_fmt(self.mode)}, {_fmt(self.max)}"
        return text + (")" if self.lam == 4.0 else f", lambda={_fmt(self.lam)})")


@dataclass(frozen=True, slots=True)
class Normal(Distribution):
    """Normal with location ``mu`` and scale ``sigma`` (> 0), optionally truncated to [min, max].

    Table keys are ``mean`` and ``sd`` (the parameters of the untruncated normal); the
    ``mean`` and ``sd`` properties are the moments of the (possibly truncated) distribution.
    """

    kind: ClassVar[str] = "normal"
    mu: float
    sigma: float
    min: float | None = None
    max: float | None = None

    def _check(self) -> None:
        _require(
            math.isfinite(self.sigma) and self.sigma > 0,
            "sd",
            f"expected sd to be greater than 0, found {_fmt(self.sigma)}",
            "error.dist.not_positive",
            {"key": "sd", "value": _fmt(self.sigma)},
        )
        if self.min is not None and self.max is not None:
            _require(
                self.min < self.max,
                "max",
                f"expected max to be greater than min ({_fmt(self.min)}), found {_fmt(self.max)}",
            )
        if self.is_truncated:
            a, b = self._std_bounds()
            mass = max(
                scipy.special.ndtr(b) - scipy.special.ndtr(a),
                scipy.special.ndtr(-a) - scipy.special.ndtr(-b),
            )
            _require(
                mass > 0,
                "min" if a > 0 else "max",
                f"expected a truncation interval that holds some probability of the normal "
                f"(mean {_fmt(self.mu)}, sd {_fmt(self.sigma)}), found "
                f"[{self.support[0]:g}, {self.support[1]:g}], which holds none",
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
            _, x = _clipped(u, _U_EPS, 1.0 - _U_EPS, out)
            scipy.special.ndtri(x, out=x)
            x *= self.sigma
            x += self.mu
            return _finish(x, out)
        u = _as_uniform(u)
        lo_eps = 0.0 if self.min is not None else _U_EPS
        hi_eps = 1.0 if self.max is not None else 1.0 - _U_EPS
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
        x = _pin(x, u, lo, hi)
        if out is None:
            return _scalar_if_0d(x)
        out[...] = x
        return out

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


@dataclass(frozen=True, slots=True)
class Lognormal(Distribution):
    """Lognormal: ``exp(mu + sigma * Z)``, ``mu`` and ``sigma`` (> 0) in log space."""

    kind: ClassVar[str] = "lognormal"
    mu: float
    sigma: float

    def _check(self) -> None:
        _require(math.isfinite(self.mu), "mu", f"expected a finite mu, found {self.mu}")
        _require(
            math.isfinite(self.sigma) and self.sigma > 0,
            "sigma",
            f"expected sigma to be greater than 0, found {_fmt(self.sigma)}",
        )

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        _, x = _clipped(u, 0.0, 1.0 - _U_EPS, out)  # exp(-inf) = 0 is the lower bound
        scipy.special.ndtri(x, out=x)
        x *= self.sigma
        x += self.mu
        return _finish(np.exp(x, out=x), out)

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


@dataclass(frozen=True, slots=True)
class Beta(_ScaledBeta, Distribution):
    """Beta with shapes ``alpha``, ``beta`` (> 0) on ``[min, max]`` (default [0, 1])."""

    kind: ClassVar[str] = "beta"
    alpha: float
    beta: float
    min: float = 0.0
    max: float = 1.0

    def _check(self) -> None:
        for key in ("alpha", "beta"):
            value = getattr(self, key)
            _require(
                math.isfinite(value) and value > 0,
                key,
                f"expected {key} to be greater than 0, found {_fmt(value)}",
            )
        _require(
            self.min < self.max,
            "max",
            f"expected max to be greater than min ({_fmt(self.min)}), found {_fmt(self.max)}",
        )

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        pairs: tuple[tuple[str, float], ...] = (("alpha", self.alpha), ("beta", self.beta))
        if (self.min, self.max) != (0.0, 1.0):
            pairs += (("min", self.min), ("max", self.max))
        return pairs


@dataclass(frozen=True, slots=True)
class Gamma(Distribution):
    """Gamma with ``shape`` (> 0) and ``scale`` (> 0, in the parameter's unit)."""

    kind: ClassVar[str] = "gamma"
    shape: float
    scale: float

    def _check(self) -> None:
        for key in ("shape", "scale"):
            value = getattr(self, key)
            _require(
                math.isfinite(value) and value > 0,
                key,
                f"expected {key} to be greater than 0, found {_fmt(value)}",
            )

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        u = np.clip(_as_uniform(u), 0.0, 1.0 - _U_EPS)
        table = _gamma_table(self.shape, self.scale)
        return _table_ppf(table, u, _gamma_exact(self.shape, self.scale), out)

    def to_scipy(self) -> Any:
        import scipy.stats  # slow to import: only the tests need this reference

        return scipy.stats.gamma(self.shape, scale=self.scale)

    @property
    def mean(self) -> float:
        return self.shape * self.scale

    @property
    def sd(self) -> float:
        return math.sqrt(self.shape) * self.scale

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def _canonical(self) -> tuple[tuple[str, float], ...]:
        return (("shape", self.shape), ("scale", self.scale))


@dataclass(frozen=True, slots=True)
class Discrete(Distribution):
    """Finitely many ``values`` with relative ``weights`` (>= 0, positive sum)."""

    kind: ClassVar[str] = "discrete"
    values: tuple[float, ...]
    weights: tuple[float, ...]

    def _check(self) -> None:
        _require(len(self.values) >= 1, "values", "expected at least one value, found none")
        _require(
            len(self.weights) == len(self.values),
            "weights",
            f"expected as many weights as values ({len(self.values)}), found {len(self.weights)}",
            "error.dist.weights_count",
            {"values": len(self.values), "weights": len(self.weights)},
        )
        for i, v in enumerate(self.values):
            _require(math.isfinite(v), f"values[{i}]", f"expected a finite number, found {v}")
        for i, w in enumerate(self.weights):
            _require(
                math.isfinite(w) and w >= 0,
                f"weights[{i}]",
                f"expected a weight of at least 0, found {_fmt(w)}",
                "error.dist.weight_negative",
                {"value": _fmt(w)},
            )
        _require(
            math.fsum(self.weights) > 0,
            "weights",
            "expected weights with a positive sum, found a sum of 0",
        )

    def _points(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Distinct values with positive probability (ascending) and their cumulative probs."""
        return _discrete_points(self.values, self.weights)

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        xs, cum = self._points()
        u = np.clip(_as_uniform(u), 0.0, 1.0)
        idx = np.searchsorted(cum, u, side="left")
        x = np.where(np.isnan(u), np.nan, xs[np.minimum(idx, xs.size - 1)])
        if out is None:
            return _scalar_if_0d(x)
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
        raise NotImplementedError  # values and weights are lists; handled below

    def describe(self) -> str:
        _, p = self._probs()
        items = ", ".join(f"{_fmt(v)}: {p_:.3g}" for v, p_ in zip(self.values, p, strict=True))
        return f"discrete({items})"

    def to_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {
            "dist": self.kind,
            "values": [_table_value(v) for v in self.values],
            "weights": [_table_value(w) for w in self.weights],
        }
        for key in _META_KEYS:
            value = getattr(self, key)
            if value is not None:
                table[key] = value
        return table


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


#: Kind name -> class.
DISTRIBUTION_KINDS: Mapping[str, type[Distribution]] = {
    cls.kind: cls
    for cls in (Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Beta, Gamma, Discrete)
}


# --------------------------------------------------------------------------------------------
# Parameter conversions
# --------------------------------------------------------------------------------------------


def lognormal_from_mean_sd(mean: float, sd: float) -> tuple[float, float]:
    """``(mu, sigma)`` of the lognormal with the given arithmetic mean and sd (both > 0)."""
    sigma2 = math.log1p((sd / mean) ** 2)
    return math.log(mean) - 0.5 * sigma2, math.sqrt(sigma2)


def lognormal_from_p05_p95(p05: float, p95: float) -> tuple[float, float]:
    """``(mu, sigma)`` of the lognormal with 5th and 95th percentiles ``p05 < p95`` (> 0)."""
    lo, hi = math.log(p05), math.log(p95)
    return 0.5 * (lo + hi), (hi - lo) / (2.0 * Z95)


def beta_from_mean_sd(mean: float, sd: float) -> tuple[float, float]:
    """``(alpha, beta)`` by the method of moments; needs ``sd**2 < mean * (1 - mean)``."""
    nu = mean * (1.0 - mean) / (sd * sd) - 1.0
    return mean * nu, (1.0 - mean) * nu


def beta_from_p05_p95(p05: float, p95: float) -> tuple[float, float] | None:
    """``(alpha, beta)`` whose 5th and 95th percentiles are ``p05``, ``p95`` (to 1e-9), or None."""
    import scipy.optimize  # slow to import: only this parameterisation needs it
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


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

# kind -> list of allowed parameter sets: (required keys, optional keys)
_PARAM_SETS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "fixed": ((("value",), ()),),
    "uniform": ((("min", "max"), ()),),
    "triangular": ((("min", "mode", "max"), ()),),
    "pert": ((("min", "mode", "max"), ("lambda",)),),
    "normal": ((("mean", "sd"), ("min", "max")),),
    "lognormal": ((("mean", "sd"), ()), (("p05", "p95"), ()), (("mu", "sigma"), ())),
    "beta": ((("mean", "sd"), ()), (("alpha", "beta"), ("min", "max")), (("p05", "p95"), ())),
    "gamma": ((("mean", "sd"), ()), (("shape", "scale"), ())),
    "discrete": ((("values",), ("weights",)),),
}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise number_error(value, path)
    x = float(value)
    if not math.isfinite(x):
        raise ScenarioError(
            code="error.type.not_finite", params={"found": Found(x), "value": str(x)}, path=path
        )
    return x


def _numbers(value: Any, path: str) -> tuple[float, ...]:
    if not isinstance(value, (list, tuple)):
        raise ScenarioError(
            code="error.type.not_list_of_numbers", params={"found": Found(value)}, path=path
        )
    return tuple(_number(v, f"{path}[{i}]") for i, v in enumerate(value))


def _describe_sets(kind: str) -> str:
    sets = []
    for required, optional in _PARAM_SETS[kind]:
        text = ", ".join(required)
        if optional:
            text += " (optional " + ", ".join(optional) + ")"
        sets.append(text)
    return " | ".join(sets)


def _choose_set(kind: str, keys: set[str], path: str) -> tuple[str, ...]:
    sets = _PARAM_SETS[kind]
    allowed = {k for req, opt in sets for k in (*req, *opt)}
    for key in sorted(keys - allowed):
        raise unknown_key_error(key, allowed | {"dist", *_META_KEYS}, path=path)
    candidates = [(req, opt) for req, opt in sets if keys & set(req)]
    if len(candidates) > 1:
        raise ScenarioError(
            f"expected one parameterisation of {kind} ({_describe_sets(kind)}), found a mix "
            f"of keys {', '.join(sorted(keys))}",
            path=path,
        )
    if not candidates:
        if len(sets) == 1:
            candidates = [sets[0]]
        else:
            raise ScenarioError(
                f"expected the parameters of {kind} ({_describe_sets(kind)}), found none",
                path=path,
            )
    required, optional = candidates[0]
    extra = keys - set(required) - set(optional)
    if extra:
        raise ScenarioError(
            f"expected one parameterisation of {kind} ({_describe_sets(kind)}), found a mix "
            f"of keys {', '.join(sorted(keys))}",
            path=_join(path, sorted(extra)[0]),
        )
    missing = [k for k in required if k not in keys]
    if missing:
        raise ScenarioError(
            code="error.dist.missing_key",
            params={"key": missing[0], "kind": kind, "keys": ", ".join(required)},
            path=_join(path, missing[0]),
        )
    return required


def _positive(x: float, key: str, path: str) -> None:
    if not x > 0:
        raise ScenarioError(
            code="error.dist.not_positive", params={"key": key, "value": _fmt(x)}, path=path
        )


def _ordered_quantiles(p05: float, p95: float, path: str) -> None:
    if not p05 < p95:
        raise ScenarioError(
            code="error.dist.quantiles_order",
            params={"p05": _fmt(p05), "p95": _fmt(p95)},
            path=_join(path, "p95"),
        )


def parse_distribution(value: Any, *, path: str) -> Distribution:
    """Turn a scenario value (a number or a distribution table) into a :class:`Distribution`.

    Parameters
    ----------
    value
        A plain int/float (a :class:`Fixed` value) or a table with ``dist`` = one of
        :data:`DISTRIBUTION_KINDS` and the parameters of that kind, plus optional
        ``evidence``, ``source`` and ``note``.
    path
        The key path of ``value`` in the scenario, used in error messages.

    Raises
    ------
    ScenarioError
        For any problem with the value, with the path of the offending key.
    """
    if not isinstance(value, Mapping):
        return Fixed(_number(value, path))
    if "dist" not in value:
        for key in value:
            if isinstance(key, str) and close_matches(key, ("dist",)):
                raise unknown_key_error(key, ("dist", *_META_KEYS), path=path)
        raise ScenarioError(
            code="error.dist.missing_dist",
            params={"allowed": list(DISTRIBUTION_KINDS)},
            path=_join(path, "dist"),
        )
    kind = value["dist"]
    if not isinstance(kind, str) or kind not in DISTRIBUTION_KINDS:
        near = close_matches(kind, DISTRIBUTION_KINDS) if isinstance(kind, str) else ()
        raise ScenarioError(
            code="error.dist.unknown_kind",
            params={
                "found": repr(kind) if isinstance(kind, str) else Found(kind),
                "did_you_mean": Choices(near),
                "allowed": list(DISTRIBUTION_KINDS),
            },
            path=_join(path, "dist"),
        )
    meta: dict[str, Any] = {}
    for key in _META_KEYS:
        if key in value:
            item = value[key]
            if not isinstance(item, str):
                raise ScenarioError(
                    code="error.type.not_text", params={"found": Found(item)}, path=_join(path, key)
                )
            if key == "evidence" and item not in EVIDENCE_GRADES:
                raise evidence_error(item, _join(path, key))
            meta[key] = item
    keys = {str(k) for k in value} - {"dist", *_META_KEYS}
    required = _choose_set(kind, keys, path)
    if kind == "discrete":
        values = _numbers(value["values"], _join(path, "values"))
        if "weights" in value:
            weights = _numbers(value["weights"], _join(path, "weights"))
        else:
            weights = (1.0,) * len(values)
        return _build(Discrete, path, meta, None, values, weights)
    p = {k: _number(value[k], _join(path, k)) for k in keys}
    written = tuple((k, p[k]) for k in (*required, *(k for k in _opt_order(kind) if k in p)))
    if kind == "fixed":
        return _build(Fixed, path, meta, None, p["value"])
    if kind == "uniform":
        return _build(Uniform, path, meta, None, p["min"], p["max"])
    if kind == "triangular":
        return _build(Triangular, path, meta, None, p["min"], p["mode"], p["max"])
    if kind == "pert":
        return _build(Pert, path, meta, None, p["min"], p["mode"], p["max"], p.get("lambda", 4.0))
    if kind == "normal":
        return _build(Normal, path, meta, None, p["mean"], p["sd"], p.get("min"), p.get("max"))
    if kind == "lognormal":
        return _build(Lognormal, path, meta, written, *_lognormal_params(p, path))
    if kind == "beta":
        return _build(Beta, path, meta, written, *_beta_params(p, path))
    # gamma
    if "mean" in p:
        _positive(p["mean"], "mean", _join(path, "mean"))
        _positive(p["sd"], "sd", _join(path, "sd"))
        shape, scale = (p["mean"] / p["sd"]) ** 2, p["sd"] ** 2 / p["mean"]
    else:
        shape, scale = p["shape"], p["scale"]
    return _build(Gamma, path, meta, written, shape, scale)


def _opt_order(kind: str) -> tuple[str, ...]:
    return tuple(k for _, opt in _PARAM_SETS[kind] for k in opt)


def _build(
    cls: type[Distribution],
    path: str,
    meta: dict[str, Any],
    written: tuple[tuple[str, float], ...] | None,
    *args: Any,
) -> Distribution:
    try:
        return cls(*args, written=written, **meta)  # type: ignore[call-arg]
    except ScenarioError as err:
        raise err.with_context(path_prefix=path) from None


def _lognormal_params(p: dict[str, float], path: str) -> tuple[float, float]:
    if "mean" in p:
        _positive(p["mean"], "mean", _join(path, "mean"))
        _positive(p["sd"], "sd", _join(path, "sd"))
        return lognormal_from_mean_sd(p["mean"], p["sd"])
    if "p05" in p:
        _positive(p["p05"], "p05", _join(path, "p05"))
        _ordered_quantiles(p["p05"], p["p95"], path)
        return lognormal_from_p05_p95(p["p05"], p["p95"])
    return p["mu"], p["sigma"]


def _beta_params(p: dict[str, float], path: str) -> tuple[float, ...]:
    if "mean" in p:
        mean, sd = p["mean"], p["sd"]
        if not 0 < mean < 1:
            raise ScenarioError(
                f"expected mean to lie strictly between 0 and 1, found {_fmt(mean)}",
                path=_join(path, "mean"),
            )
        _positive(sd, "sd", _join(path, "sd"))
        max_sd = math.sqrt(mean * (1 - mean))
        if not sd < max_sd:
            raise ScenarioError(
                code="error.dist.beta_sd",
                params={"max": f"{max_sd:.6g}", "mean": _fmt(mean), "sd": _fmt(sd)},
                path=_join(path, "sd"),
            )
        return beta_from_mean_sd(mean, sd)
    if "p05" in p:
        p05, p95 = p["p05"], p["p95"]
        for key in ("p05", "p95"):
            if not 0 < p[key] < 1:
                raise ScenarioError(
                    f"expected {key} to lie strictly between 0 and 1, found {_fmt(p[key])}",
                    path=_join(path, key),
                )
        _ordered_quantiles(p05, p95, path)
        fit = beta_from_p05_p95(p05, p95)
        if fit is None:
            raise ScenarioError(
                f"expected p05 and p95 that a beta distribution can match, found no beta with "
                f"5th percentile {_fmt(p05)} and 95th percentile {_fmt(p95)}",
                path=path,
            )
        return fit
    return (p["alpha"], p["beta"], p.get("min", 0.0), p.get("max", 1.0))
