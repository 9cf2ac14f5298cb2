"""The base of every distribution kind, the registry of kinds and the helpers they share.

A kind is one frozen dataclass that subclasses :class:`Distribution` and is registered with
:func:`register`; it describes itself completely:

* ``kind`` (the ``dist`` name in a scenario file) and ``param_sets``, the parameter sets a
  table may use (``(required, optional)`` key tuples; e.g. ``mean, sd | p05, p95``), with
  ``list_keys`` for keys that hold lists of numbers and ``form_keys`` for the set a form
  offers for a new value (``None``: not offered in a form);
* :meth:`Distribution.from_params`, which turns the numbers of one parameter set into the
  distribution (and refuses impossible ones with coded :class:`~sekalk.errors.ScenarioError`\\ s);
* :meth:`Distribution.ppf`, the vectorised inverse CDF that sampling uses;
* :meth:`Distribution.widened`, what evidence-based widening
  (:mod:`sekalk.scenario.widen`) does to it;
* :meth:`Distribution.description`, its parameters as a reader sees them (key names and
  numbers, no words: the faces render it in a language).

The loader, widening, the JSON Schema, the Excel template and reader and the web editor read
the registry (:data:`KINDS`), so a new kind is one module plus its tests (and a line in the
package's list of kind modules; its name in the message catalogues, ``dist.name.<kind>``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sekalk.errors import Choices, Found, Msg, ScenarioError, close_matches

#: The allowed values of the ``evidence`` key, defined once for the whole package.
EVIDENCE_GRADES: tuple[str, ...] = ("research", "experience", "assumption")
#: The evidence grades and ``"none"`` (a grade not stated), as summaries count them.
EVIDENCE_GRADES_OR_NONE: tuple[str, ...] = (*EVIDENCE_GRADES, "none")

#: Standard normal quantile at 0.95, used by the ``p05, p95`` parameterisations.
Z95 = 1.6448536269514722

#: Uniforms are clipped to [U_EPS, 1 - U_EPS] where the support is unbounded.
U_EPS = 1e-15

#: Keys every distribution table may carry besides its parameters.
META_KEYS: tuple[str, ...] = ("evidence", "source", "note")

#: A parameter set: (required keys, optional keys).
ParamSet = tuple[tuple[str, ...], tuple[str, ...]]

#: Kind name -> class, in the order the kinds are registered (the order of lists shown to
#: users: error messages, drop-downs, the JSON Schema).
KINDS: dict[str, type[Distribution]] = {}


def register(cls: type[Distribution]) -> type[Distribution]:
    """Class decorator: add a kind to :data:`KINDS` under its ``kind`` name."""
    if not cls.kind or cls.kind in KINDS:
        raise ValueError(f"kind {cls.kind!r} is empty or registered twice")
    if not cls.param_sets:
        raise ValueError(f"kind {cls.kind!r} has no parameter sets")
    KINDS[cls.kind] = cls
    return cls


class Bounds(Protocol):
    """The domain of a parameter, as widening needs it (see ``sekalk.scenario.loader.Bounds``)."""

    lo: float | None
    hi: float | None
    lo_open: bool


# --------------------------------------------------------------------------------------------
# Array helpers of the inverse CDFs
# --------------------------------------------------------------------------------------------


def as_uniform(u: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(u, dtype=np.float64)


def pin(
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


def copy_where(
    target: NDArray[np.float64], source: NDArray[np.float64], condition: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """``target[condition] = source[condition]`` in place; ``source`` is used as scratch.

    The same bits as ``numpy.copyto(target, source, where=condition)`` (values are copied,
    never computed with), in three branch-free passes over 64-bit integer views: about a
    quarter of the time of the masked copy when the condition changes from element to element.
    All three are 1-d arrays of one length; ``source`` is overwritten.
    """
    source_bits, target_bits = source.view(np.int64), target.view(np.int64)
    # target ^ ((source ^ target) * condition): the source's bits where the condition holds
    np.bitwise_xor(source_bits, target_bits, out=source_bits)
    np.multiply(source_bits, condition, out=source_bits)
    np.bitwise_xor(target_bits, source_bits, out=target_bits)
    return target


def standardised_cdf(
    x: float, lower: float, transform: Callable[[NDArray[np.float64]], Any] | None = None
) -> float:
    """``scipy.stats``'s ``rv_continuous.cdf`` of a distribution of the normal family at the
    standardised value ``x`` = (value - loc) / scale, bit for bit: NaN stays NaN, 1 at and
    above an infinite upper end, 0 at and below the support's ``lower`` end, else
    ``scipy.special.ndtr`` of ``transform(x)`` (of ``x`` itself by default)."""
    import scipy.special  # imported by every quantile already

    z = np.asarray([x], dtype=np.float64)
    if np.isnan(z[0]):
        return math.nan
    if z[0] >= math.inf:
        return 1.0
    if not z[0] > lower:
        return 0.0
    if transform is not None:
        z = transform(z)
    return float(scipy.special.ndtr(z)[0])


def scalar_if_0d(x: NDArray[np.float64]) -> Any:
    """A numpy scalar for a 0-d result (as numpy's ufuncs give), else the array itself."""
    return x[()] if x.ndim == 0 else x


def finish(x: NDArray[np.float64], out: NDArray[np.float64] | None) -> Any:
    """What a ``ppf`` returns: ``out`` when given, else ``x`` (a scalar for a scalar ``u``)."""
    return x if out is not None else scalar_if_0d(x)


def clipped(
    u: ArrayLike, lo: float, hi: float, out: NDArray[np.float64] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(u, clip(u, lo, hi))``, the clipped copy written into ``out`` when given.

    ``out`` receives the result of a ``ppf``; it must not overlap ``u``.
    """
    u = as_uniform(u)
    return u, np.asarray(np.clip(u, lo, hi, out=out))  # 0-d input: an array, not a scalar


# --------------------------------------------------------------------------------------------
# Number helpers
# --------------------------------------------------------------------------------------------


def fmt(x: float) -> str:
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


def table_value(x: float) -> float | int:
    """A number as written back into a table: whole numbers as ints."""
    return int(x) if math.isfinite(x) and x == int(x) and abs(x) < 2**53 else float(x)


def clip_to(x: float, bounds: Bounds) -> float:
    """``x`` clipped to the domain ``bounds`` (an open lower end: just above it)."""
    if bounds.lo is not None:
        lo = math.nextafter(bounds.lo, math.inf) if bounds.lo_open else bounds.lo
        x = max(x, lo)
    if bounds.hi is not None:
        x = min(x, bounds.hi)
    return x


def stretch(centre: float, x: float, f: float, bounds: Bounds) -> float:
    """``x`` moved ``f`` times as far from ``centre``, clipped to ``bounds``."""
    return clip_to(centre + f * (x - centre), bounds)


# --------------------------------------------------------------------------------------------
# Checks and their coded errors (paths are key names; the parser prefixes the table's path)
# --------------------------------------------------------------------------------------------


def evidence_error(found: Any, path: str) -> ScenarioError:
    """The error for an evidence grade that is not one of :data:`EVIDENCE_GRADES`."""
    near = close_matches(found, EVIDENCE_GRADES) if isinstance(found, str) else ()
    return ScenarioError(
        code="error.value.unknown_choice",
        params={
            "what": Msg("what.evidence"),
            "found": repr(found) if isinstance(found, str) else Found(found),
            "did_you_mean": Choices(near),
            "allowed": list(EVIDENCE_GRADES),
        },
        hint="hint.evidence_grades",
        path=path,
    )


def require_finite(value: float, key: str) -> None:
    """Refuse a NaN or an infinity at ``key``."""
    if not math.isfinite(value):
        raise ScenarioError(
            code="error.type.not_finite",
            params={"found": Found(value), "value": str(value)},
            path=key,
        )


def require_positive(value: float, key: str) -> None:
    """Refuse ``value <= 0`` (or NaN, or infinity) at ``key``."""
    if not (math.isfinite(value) and value > 0):
        raise ScenarioError(
            code="error.dist.not_positive", params={"key": key, "value": fmt(value)}, path=key
        )


def require_min_below_max(lo: float, hi: float) -> None:
    """Refuse ``min >= max`` (at ``max``); the hint says what to do in each case."""
    if not lo < hi:
        raise ScenarioError(
            code="error.dist.max_not_above_min",
            params={"min": fmt(lo), "max": fmt(hi)},
            hint="hint.swap_min_max" if hi < lo else "hint.dist_equal_bounds",
            path="max",
        )


def require_min_mode_max(lo: float, mode: float, hi: float) -> None:
    """Refuse ``min >= max`` and a mode outside ``[min, max]``."""
    require_min_below_max(lo, hi)
    if not lo <= mode <= hi:
        raise ScenarioError(
            code="error.range.mode_outside",
            params={"min": fmt(lo), "max": fmt(hi), "mode": fmt(mode)},
            path="mode",
        )


def require_quantiles_order(p05: float, p95: float) -> None:
    """Refuse ``p05 >= p95`` (at ``p95``)."""
    if not p05 < p95:
        raise ScenarioError(
            code="error.dist.quantiles_order",
            params={"p05": fmt(p05), "p95": fmt(p95)},
            path="p95",
        )


def require_fraction(value: float, key: str, kind: str) -> None:
    """Refuse a number outside (0, 1) at ``key``; one written in percent (35 for 35 %) gets
    the hint to write it as a fraction."""
    if not 0 < value < 1:
        params: dict[str, Any] = {"key": key, "kind": kind, "value": fmt(value)}
        hint = None
        if 1 < value <= 100:
            hint = "hint.percent_as_fraction"
            params.update(percent=float(value), suggestion=fmt(round(value / 100, 10)))
        raise ScenarioError(code="error.dist.not_fraction", params=params, hint=hint, path=key)


# --------------------------------------------------------------------------------------------
# The base class
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Description:
    """A distribution's parameters as a reader sees them: no words, only keys and numbers.

    Attributes
    ----------
    kind
        The kind name; ``"fixed"`` is shown as its number alone.
    args
        ``(key, value)`` pairs, ``key`` None for a positional number (``pert(1; 2; 4)``).
    items
        For a discrete distribution: ``(value, weight)`` pairs (weights not normalised).
    """

    kind: str
    args: tuple[tuple[str | None, float], ...] = ()
    items: tuple[tuple[float, float], ...] | None = None


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
    derived
        How a value referenced from the unit-cost library was derived (a
        :class:`sekalk.units.UnitDerivation`: ids and numbers, put into words by the faces);
        None for a value written out. Provenance only, never compared.
    """

    #: The ``dist`` name in a scenario file.
    kind: ClassVar[str] = ""
    #: The parameter sets a table may use: ``((required, optional), ...)``.
    param_sets: ClassVar[tuple[ParamSet, ...]] = ()
    #: Keys whose value is a list of numbers (``values``, ``weights``).
    list_keys: ClassVar[frozenset[str]] = frozenset()
    #: The parameter set a form offers for a new value of this kind (None: not in forms).
    form_keys: ClassVar[tuple[str, ...] | None] = None
    #: Whether :meth:`from_params` keeps the parameterisation as written (``written``).
    keeps_written: ClassVar[bool] = False

    evidence: str | None = None
    source: str | None = None
    note: str | None = None
    written: tuple[tuple[str, float], ...] | None = field(default=None, compare=False, repr=False)
    derived: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.evidence is not None and self.evidence not in EVIDENCE_GRADES:
            raise evidence_error(self.evidence, "evidence")
        for key in ("source", "note"):
            value = getattr(self, key)
            if value is not None and not isinstance(value, str):
                raise ScenarioError(
                    code="error.type.not_text", params={"found": Found(value)}, path=key
                )
        self._check()

    # -- to be provided by each kind ---------------------------------------------------------

    @classmethod
    def from_params(cls, p: Mapping[str, Any], **kwargs: Any) -> Distribution:
        """The distribution from the numbers ``p`` of one of :attr:`param_sets` (lists for
        :attr:`list_keys`); ``kwargs`` are the metadata and ``written``.

        Raises a :class:`~sekalk.errors.ScenarioError` whose path is the offending key.
        """
        raise NotImplementedError

    def _check(self) -> None:
        """Raise ScenarioError (path = field name) for impossible parameters."""

    def ppf(self, u: ArrayLike, *, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Vectorised inverse CDF of uniforms ``u`` in [0, 1].

        ``out`` (float64, the shape of ``u``, not overlapping it) receives the values, which
        saves the sampler a copy; the array holding the values is returned either way.
        """
        raise NotImplementedError

    def ppf_interior(
        self, u: NDArray[np.float64], *, out: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        """:meth:`ppf` of sampled uniforms: the same values, bit for bit, for less work.

        ``u`` is a 1-d float64 array whose values all lie strictly inside (0, 1) (no 0, 1 or
        NaN), as :func:`sekalk.sampling.uniform_block` and :func:`sekalk.sampling.correlate`
        give them; a kind may then leave out its end-point checks. ``out`` is as for
        :meth:`ppf`. Always returns an array (never a scalar).
        """
        return self.ppf(u, out=out)

    def cdf(self, value: float) -> float:
        """The probability of a value at most ``value`` [fraction], ``scipy.stats``'s number.

        By default from :meth:`to_scipy` (imports ``scipy.stats``, about a second); a kind may
        compute it as scipy does, bit for bit, without that import.
        """
        return float(self.to_scipy().cdf(value))

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

    def widened(self, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]] | None:
        """``(kind, pairs)`` of this distribution made ``f`` (> 1) times as wide, in the
        author's parameterisation, every number in the parameter's unit within ``bounds``;
        None if it cannot be widened. Exact arithmetic (widening rounds afterwards)."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------

    @property
    def median(self) -> float:
        """The median, ``ppf(0.5)``."""
        return self.quantile(0.5)

    @property
    def is_fixed(self) -> bool:
        """True only for a fixed value."""
        return False

    def quantile(self, q: float) -> float:
        """The ``q`` quantile as a float, ``0 <= q <= 1``."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile level must lie in [0, 1], found {q}")
        return float(self.ppf(np.array([q], dtype=np.float64))[0])

    def _pairs(self) -> tuple[tuple[str, float], ...]:
        return self.written if self.written is not None else self._canonical()

    def pairs(self) -> dict[str, Any]:
        """The parameters as written (or canonical): key -> number (a tuple for a list)."""
        return dict(self._pairs())

    def description(self) -> Description:
        """The parameters for a reader: the keys as written in the file."""
        return Description(self.kind, tuple(self._pairs()))

    def describe(self) -> str:
        """Short, language-neutral label, e.g. ``pert(1600000, 1800000, 2400000)``."""
        d = self.description()
        args = ", ".join(fmt(v) if k is None else f"{k}={fmt(v)}" for k, v in d.args)
        return f"{self.kind}({args})"

    def to_table(self) -> dict[str, Any]:
        """A TOML-ready table that the parser turns back into an equal object."""
        table: dict[str, Any] = {"dist": self.kind}
        table.update((k, table_value(v)) for k, v in self._pairs())
        return self._with_meta_keys(table)

    def _with_meta_keys(self, table: dict[str, Any]) -> dict[str, Any]:
        for key in META_KEYS:
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


def widen_about_mode(dist: Any, f: float, bounds: Bounds) -> tuple[str, dict[str, Any]]:
    """Triangular and PERT: the mode kept, ``min`` and ``max`` ``f`` times as far from it."""
    new = dist.pairs()
    new.update(
        min=stretch(dist.mode, dist.min, f, bounds), max=stretch(dist.mode, dist.max, f, bounds)
    )
    return dist.kind, new


#: A frozen ``ppf`` of one parameter set, as the tables need it.
ExactPpf = Callable[[NDArray[np.float64]], NDArray[np.float64]]
