"""The vectorised model: parameter arrays -> flows per perspective -> present values.

The functional core is a handful of pure functions on arrays (``geometric_sum``,
``pv_annuity``, ``pv_stream``, ``scan_payback`` ...), each tested on its own. :func:`compile_model`
turns a :class:`~sekalk.scenario.Scenario` into flat term tables once, and :func:`evaluate`
applies the arithmetic of DESIGN.md to one chunk of draws. There is no Python loop over draws:
loops run over cost items, outcome-consequence streams, cohorts and (for yearly flows) years.

Conventions: years ``t = 0 .. horizon-1``; discount factor ``(1 + r) ** -t`` (year 0 is not
discounted). A consequence stream of outcome year ``o`` contributes, in year ``t``,
``A * (1 - dropoff) ** (t - o) * share * annual * (1 + growth) ** t``; its present value is a
geometric series with ratio ``x = (1 - dropoff) * (1 + growth) / (1 + r)``, so NPV needs no
(draws x years) matrix. For the payback year (on request) every cost and stream cohort is a
geometric yearly flow; :func:`scan_payback` finds the first year with a cumulative sum >= 0,
by stretches of years in which the flows of one ratio add up to one geometric flow (the same
years as a walk over every year, which it falls back on for ties and small models).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from sekalk.scenario.schema import (
    CONTINUATION_EVENT,
    PUBLIC_ACTORS,
    SPREAD_EVENT,
    Allocation,
    Scenario,
)

FloatArray = NDArray[np.float64]
ArrayOrFloat = FloatArray | float

# Below this distance from 1 the geometric sum uses its Taylor expansion around x = 1.
_NEAR_ONE = 1e-6


# ---------------------------------------------------------------------------------------------
# pure functions


def geometric_sum(ratio: ArrayOrFloat, count: int | NDArray[np.integer]) -> FloatArray:
    """Sum of ``ratio ** k`` for ``k = 0 .. count-1``.

    Parameters
    ----------
    ratio
        The ratio x >= 0 [dimensionless].
    count
        The number of terms n >= 0.

    Returns
    -------
    ndarray
        ``(1 - x**n) / (1 - x)``, and ``n`` at x = 1, accurate to ~1e-12 relative near x = 1.
    """
    x = np.asarray(ratio, dtype=float)
    n = np.asarray(count, dtype=float)
    if n.ndim == 0 and n <= 1.0:
        return np.full(x.shape, max(float(n), 0.0))  # no term, or the single term x**0 = 1
    if n.ndim == 0 and float(n).is_integer() and n <= _FAST_MAX_COUNT:
        # A whole count (every stream and cost): (x**n - 1) / (x - 1) with x**n - 1 built
        # by a few multiplications (see _power_minus_one) instead of log and expm1; no
        # cancellation near x = 1, where only x == 1 itself needs the limit n.
        dx = x - 1.0
        return _whole_geometric_sum(dx, int(n), _may_hold_one(dx))
    return _geometric_sum_exact(x, n)


def _may_hold_one(dx: FloatArray) -> bool:
    """Whether ``dx = x - 1`` may be 0 somewhere: the ratios straddle 1 (or hold a NaN)."""
    return bool(dx.size) and not (dx.max() < 0.0 or dx.min() > 0.0)


def _whole_geometric_sum(
    dx: FloatArray, count: int, may_hold_one: bool, squares: list[FloatArray] | None = None
) -> FloatArray:
    """The fast path of :func:`geometric_sum`: ``(x**count - 1) / dx`` for a whole
    ``2 <= count <= _FAST_MAX_COUNT``, from ``dx = x - 1``; ``may_hold_one`` is
    :func:`_may_hold_one` of ``dx``, and ``squares`` the repeated squares of ``dx`` to share
    (see :func:`_power_minus_one`, which extends it)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(_power_minus_one(dx, count, squares), dx, out=np.empty(dx.shape))
    # a ratio exactly 1 gives 0 / 0: only look when the ratios straddle 1 (or hold a NaN)
    if may_hold_one:
        out[dx == 0.0] = float(count)
    return out


#: Whole counts up to this many terms take the fast path of :func:`geometric_sum` (its
#: relative error grows with log2(count): about 1e-15 at 40 terms, 1e-13 at 4096).
_FAST_MAX_COUNT = 4096


def _power_minus_one(
    dx: FloatArray, exponent: int, squares: list[FloatArray] | None = None
) -> FloatArray:
    """``x ** exponent - 1`` from ``dx = x - 1``, for a whole ``exponent >= 2``.

    Repeated squaring carried out on ``e_m = x ** m - 1`` itself, ``e_2m = e_m (e_m + 2)`` and
    ``e_(a+b) = e_a + e_b + e_a e_b``, so that nothing cancels when x is near 1.

    ``squares``: ``[e_1, e_2, e_4, ...]`` of this ``dx`` (``e_1 = dx``) computed so far, which
    the call extends as far as it needs: the squares depend on ``dx`` alone, so exponents of
    one ``dx`` share them, with the same numbers as computed afresh. The result may then be
    one of the squares: read-only. Without it, each square is let go once the next is made
    (its memory, still in the cache, serves the next).
    """
    result: FloatArray | None = None
    e = dx
    k = 0
    while True:
        if exponent & 1:
            if result is None:
                result = e
            else:
                combined = e + 1.0
                combined *= result
                combined += e
                result = combined
        exponent >>= 1
        if not exponent:
            assert result is not None
            return result
        k += 1
        if squares is not None and k < len(squares):
            e = squares[k]
            continue
        square = e + 2.0
        square *= e
        e = square
        if squares is not None:
            squares.append(square)


def _geometric_sum_exact(x: FloatArray, n: FloatArray) -> FloatArray:
    """:func:`geometric_sum` through ``expm1(n log x)``, with a Taylor expansion near x = 1."""
    scalar_count = n.ndim == 0
    x, n = np.broadcast_arrays(x, n)
    dx = x - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        # -expm1(n log x) = 1 - x**n without cancellation; log(0) = -inf gives 1 (x**n = 0).
        out = np.log(x, out=np.empty(x.shape))
        out *= n
        out = np.expm1(out, out=out)
        out /= dx
    # Near x = 1 (rare in a sample: only look when the closest ratio is that near; fmin
    # skips NaNs, so that a NaN ratio elsewhere does not hide a near one)
    if dx.size and np.fmin.reduce(np.abs(dx), axis=None) < _NEAR_ONE:
        near = np.flatnonzero(np.abs(dx) < _NEAR_ONE)
        xn, nn = dx.flat[near], n.flat[near]
        out.flat[near] = (
            nn + nn * (nn - 1.0) / 2.0 * xn + nn * (nn - 1.0) * (nn - 2.0) / 6.0 * xn**2
        )
    if not scalar_count:  # a scalar count is > 1 here
        out[n <= 0] = 0.0
    return out


def int_power(base: ArrayOrFloat, exponent: int) -> ArrayOrFloat:
    """``base ** exponent`` for a whole ``exponent >= 0`` by repeated squaring.

    A few multiplications instead of ``pow`` per element (squaring doubles a relative error,
    so the result is within about ``exponent`` ulp of it); ``1.0`` for exponent 0 and ``base``
    itself (not a copy) for exponent 1.
    """
    if exponent < 0:
        raise ValueError(f"exponent must be >= 0, got {exponent}")
    if exponent == 0:
        return 1.0
    if exponent == 1:
        return base
    result = None
    square = np.asarray(base, dtype=float)
    while True:
        if exponent & 1:
            result = square if result is None else result * square
        exponent >>= 1
        if not exponent:
            return result
        square = square * square


def _times(a: ArrayOrFloat, b: ArrayOrFloat) -> ArrayOrFloat:
    """``a * b``, without a pass over the draws when either is the number 1 (a fixed share,
    attribution or factor at its neutral value). The result may be ``a`` or ``b`` itself."""
    if np.ndim(b) == 0 and b == 1.0:
        return a
    if np.ndim(a) == 0 and a == 1.0:
        return b
    return a * b


class _Powers:
    """:func:`int_power` and :func:`geometric_sum` for one :func:`evaluate` call, each computed
    once per base (or ratio) and exponent (or count).

    Many cohorts and streams share a ratio (the streams with the same growth and dropoff draws
    share one array) and a count or exponent, and the same function of the same numbers gives
    the same numbers: an array computed once serves them all, bit for bit. Keys hold what
    :func:`_identity` says makes two values the same; an entry keeps its base alive, so that
    the identity of an array is not reused within the call. The arrays handed out are shared:
    nobody may write into them.
    """

    __slots__ = ("_powers", "_ratios", "_sums")

    def __init__(self) -> None:
        self._powers: dict[tuple[object, int], tuple[ArrayOrFloat, ArrayOrFloat]] = {}
        self._sums: dict[tuple[object, int], tuple[ArrayOrFloat, FloatArray]] = {}
        # ratio -> (ratio, dx = ratio - 1, _may_hold_one(dx), the squares of dx so far)
        self._ratios: dict[object, tuple[ArrayOrFloat, FloatArray, bool, list[FloatArray]]] = {}

    def power(self, base: ArrayOrFloat, exponent: int) -> ArrayOrFloat:
        """``int_power(base, exponent)``."""
        if exponent <= 1:  # 1.0 or base itself: nothing to compute
            return int_power(base, exponent)
        key = (_identity(base), exponent)
        if (entry := self._powers.get(key)) is None:
            entry = self._powers[key] = (base, int_power(base, exponent))
        return entry[1]

    def series(self, ratio: ArrayOrFloat, count: int) -> FloatArray:
        """``geometric_sum(ratio, count)``."""
        identity = _identity(ratio)
        key = (identity, count)
        if (entry := self._sums.get(key)) is None:
            if 2 <= count <= _FAST_MAX_COUNT:
                # geometric_sum's fast path, sharing x - 1 and (from the second count of a
                # ratio on) its squares among the counts: the squares of a ratio's first
                # count are let go as they go (kept, they would crowd the cache, for
                # nothing where the ratio has no other count)
                squares: list[FloatArray] | None
                if (known := self._ratios.get(identity)) is None:
                    dx = np.asarray(ratio, dtype=float) - 1.0
                    may_hold_one = _may_hold_one(dx)
                    self._ratios[identity] = (ratio, dx, may_hold_one, [dx])
                    squares = None
                else:
                    _, dx, may_hold_one, squares = known
                entry = (ratio, _whole_geometric_sum(dx, count, may_hold_one, squares))
            else:
                entry = (ratio, geometric_sum(ratio, count))
            self._sums[key] = entry
        return entry[1]


def pv_annuity(amount: ArrayOrFloat, rate: ArrayOrFloat, first: int, last: int) -> FloatArray:
    """Present value of ``amount`` [SEK] paid in each year ``first..last`` (inclusive).

    Parameters
    ----------
    amount
        Yearly amount [SEK].
    rate
        Discount rate r > -1 [fraction per year].
    first, last
        First and last year [years from start], ``0 <= first <= last``.

    Returns
    -------
    ndarray
        ``amount * sum_{t=first}^{last} (1 + r) ** -t`` [SEK].
    """
    v = 1.0 / (1.0 + np.asarray(rate, dtype=float))
    return np.asarray(amount) * v**first * geometric_sum(v, last - first + 1)


def pv_stream(
    amplitude: ArrayOrFloat,
    *,
    dropoff: ArrayOrFloat,
    growth: ArrayOrFloat,
    rate: ArrayOrFloat,
    outcome_year: int,
    first: int,
    stop: int,
) -> FloatArray:
    """Present value of a consequence stream of one cohort.

    The flow in year ``t`` (``first <= t < stop``) is
    ``amplitude * (1 - dropoff) ** (t - outcome_year) * (1 + growth) ** t``, discounted by
    ``(1 + rate) ** -t``.

    Parameters
    ----------
    amplitude
        Avoided outcomes x share x annual amount [SEK per year] in year 0 prices.
    dropoff
        Yearly share of avoided outcomes that lapse after the outcome year [fraction].
    growth
        Real yearly growth of the amount [fraction per year].
    rate
        Discount rate [fraction per year].
    outcome_year
        The year of the outcome ``o`` [years from start]; ``first >= o``.
    first, stop
        The stream's years, ``first <= t < stop`` [years from start].

    Returns
    -------
    ndarray
        The present value [SEK]; 0 where ``stop <= first``.
    """
    if stop <= first:
        return np.zeros(np.shape(amplitude))
    y = 1.0 - np.asarray(dropoff, dtype=float)
    z = (1.0 + np.asarray(growth, dtype=float)) / (1.0 + np.asarray(rate, dtype=float))
    x = y * z
    # sum_{t=first}^{stop-1} y^(t-o) z^t = z^o * x^(first-o) * G(x, stop-first)
    return (
        np.asarray(amplitude)
        * z**outcome_year
        * x ** (first - outcome_year)
        * geometric_sum(x, stop - first)
    )


def avoided_outcomes(
    reached: ArrayOrFloat,
    baseline_risk: ArrayOrFloat,
    effect: ArrayOrFloat,
    attribution: ArrayOrFloat,
    *,
    form: str,
) -> FloatArray:
    """Avoided adverse outcomes per cohort.

    Parameters
    ----------
    reached
        Participants that the method reaches fully [persons].
    baseline_risk
        Risk of the outcome without the intervention [fraction].
    effect
        The relative risk [ratio] or the absolute risk difference [fraction], per ``form``.
    attribution
        Share of the change that is due to this intervention [fraction].
    form
        ``"relative_risk"``: ``A = R * baseline * (1 - rr) * attribution``;
        ``"risk_difference"``: ``A = R * rd * attribution`` (the baseline risk does not enter).

    Returns
    -------
    ndarray
        Avoided outcomes [persons].
    """
    if form == "relative_risk":
        risk_reduction = np.multiply(baseline_risk, 1.0 - np.asarray(effect))
        return _times(_times(reached, risk_reduction), attribution)
    if form == "risk_difference":
        avoided = _times(_times(reached, np.asarray(effect, dtype=float)), attribution)
        # a reach and attribution of 1 leave the effect itself: never hand that array back
        return np.array(avoided, dtype=float) if avoided is effect else avoided
    raise ValueError(f"unknown effect form {form!r}")


# ---------------------------------------------------------------------------------------------
# compiled model


@dataclass(frozen=True, slots=True)
class CostTerm:
    """A cost: parameter id, years and weights over perspectives.

    ``scale`` holds further parameter ids the amount is multiplied by (e.g. ``spread.scale``).
    """

    param: str
    first: int
    last: int
    weights: FloatArray  # (n_perspectives,)
    scale: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Level:
    """A group of cohorts with their costs: the funded project, continuation or spread.

    Participants per cohort are the product of the ``participants`` parameters; every flow of
    the level is multiplied by the product of the ``multiplier`` parameters (e.g. the number of
    adopting units). ``event`` = ``(uniform id, probability id)`` makes the level happen only in
    draws where the uniform is below the probability (a Bernoulli outcome); the engine returns
    the level's values as if it happened, and the event indicator beside them.
    """

    name: str
    cohort_years: tuple[int, ...]
    participants: tuple[str, ...]
    costs: tuple[CostTerm, ...]
    multiplier: tuple[str, ...] = ()
    event: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class StreamTerm:
    """A consequence stream of an outcome, for every cohort."""

    outcome: int
    share: str
    annual: str
    growth: str
    start: int
    duration: int | None
    weights: FloatArray  # (n_perspectives,) gain per SEK avoided


@dataclass(frozen=True, slots=True)
class OutcomeTerm:
    """The parameters of an outcome's avoided-outcomes formula."""

    baseline_risk: str
    effect: str
    form: str
    attribution: str
    dropoff: str
    lag: int


@dataclass(frozen=True, slots=True)
class Model:
    """A scenario compiled into flat term tables (built once, used for every chunk)."""

    horizon: int
    perspectives: tuple[str, ...]
    logic: tuple[str, ...]
    outcomes: tuple[OutcomeTerm, ...]
    streams: tuple[StreamTerm, ...]
    first_cost_year: int  # the earliest year of any cost, of any level
    #: The funded project first, then continuation and spread where the scenario has them.
    levels: tuple[Level, ...]

    @property
    def level_names(self) -> tuple[str, ...]:
        """The names of the levels, in order."""
        return tuple(lv.name for lv in self.levels)


def perspectives_of(scenario: Scenario) -> tuple[str, ...]:
    """``society``, ``public_sector`` and every actor with a flow, in that order."""
    return ("society", "public_sector", *scenario.actors_with_flows)


def _weights(perspectives: tuple[str, ...], net: dict[str, float], society: float) -> FloatArray:
    """Weights over perspectives from net actor weights; society's is given explicitly."""
    w = np.zeros(len(perspectives))
    for i, name in enumerate(perspectives):
        if name == "society":
            w[i] = society
        elif name == "public_sector":
            w[i] = sum(v for a, v in net.items() if a in PUBLIC_ACTORS)
        else:
            w[i] = net.get(name, 0.0)
    return w


def _net(gain: Allocation, loss: Allocation | None = None) -> dict[str, float]:
    net: dict[str, float] = {}
    for actor, w in gain:
        net[actor] = net.get(actor, 0.0) + w
    for actor, w in loss or ():
        net[actor] = net.get(actor, 0.0) - w
    return net


def compile_model(scenario: Scenario) -> Model:
    """Flatten a scenario into term tables with weights over its perspectives.

    Society's weight is set explicitly (1 for costs and real consequences, 0 for transfers), so
    transfers cancel exactly in the society perspective rather than to rounding error.
    """
    persp = perspectives_of(scenario)
    costs = tuple(
        CostTerm(
            param=f"intervention.costs.{c.id}.annual",
            first=c.years[0],
            last=c.years[1],
            weights=_weights(persp, _net(c.payer), 1.0),
        )
        for c in scenario.intervention.costs
    )
    outcomes = []
    streams = []
    for i, out in enumerate(scenario.outcomes):
        base = f"outcomes.{out.id}"
        outcomes.append(
            OutcomeTerm(
                baseline_risk=f"{base}.baseline_risk",
                effect=f"{base}.effect",
                form=out.effect.form,
                attribution=f"{base}.attribution",
                dropoff=f"{base}.dropoff",
                lag=out.lag,
            )
        )
        for con in out.consequences:
            cbase = f"{base}.consequences.{con.id}"
            society = 0.0 if con.kind == "transfer" else 1.0
            streams.append(
                StreamTerm(
                    outcome=i,
                    share=f"{cbase}.share",
                    annual=f"{cbase}.annual",
                    growth=f"{cbase}.growth",
                    start=con.start,
                    duration=con.duration,
                    weights=_weights(persp, _net(con.payer, con.recipient), society),
                )
            )
    horizon = scenario.settings.horizon_years
    levels = [
        Level(
            name="project",
            cohort_years=tuple(scenario.intervention.cohort_years),
            participants=("intervention.participants_per_year",),
            costs=costs,
        )
    ]
    last = scenario.intervention.years[1]
    if (cont := scenario.continuation) is not None:
        first, stop = last + 1, min(last + 1 + cont.years, horizon)
        levels.append(
            Level(
                name="continuation",
                cohort_years=tuple(range(first, stop)),
                participants=(
                    "continuation.participants_per_year"
                    if cont.participants_per_year is not None
                    else "intervention.participants_per_year",
                ),
                costs=(
                    CostTerm(
                        param="continuation.annual_cost",
                        first=first,
                        last=stop - 1,
                        weights=_weights(persp, _net(cont.payer), 1.0),
                    ),
                ),
                event=(CONTINUATION_EVENT, "continuation.probability"),
            )
        )
    if (sp := scenario.spread) is not None:
        first, stop = last + sp.lag, min(last + sp.lag + sp.years, horizon)
        if sp.annual_cost is not None:
            assert sp.payer is not None
            spread_costs: tuple[CostTerm, ...] = (
                CostTerm(
                    param="spread.annual_cost",
                    first=first,
                    last=stop - 1,
                    weights=_weights(persp, _net(sp.payer), 1.0),
                ),
            )
        else:
            spread_costs = tuple(
                CostTerm(c.param, first, stop - 1, c.weights, scale=("spread.scale",))
                for c in costs
            )
        levels.append(
            Level(
                name="spread",
                cohort_years=tuple(range(first, stop)),
                participants=(
                    ("spread.participants_per_year",)
                    if sp.participants_per_year is not None
                    else ("intervention.participants_per_year", "spread.scale")
                ),
                costs=spread_costs,
                multiplier=("spread.units",),
                event=(SPREAD_EVENT, "spread.probability"),
            )
        )
    return Model(
        horizon=horizon,
        perspectives=persp,
        logic=tuple(f"logic.{s.id}.share" for s in scenario.logic),
        outcomes=tuple(outcomes),
        streams=tuple(streams),
        first_cost_year=min(c.first for lv in levels for c in lv.costs),
        levels=tuple(levels),
    )


# ---------------------------------------------------------------------------------------------
# evaluation of one chunk


@dataclass(frozen=True, slots=True)
class ChunkOutput:
    """Outputs for one chunk of draws; perspective axis in ``Model.perspectives`` order.

    ``pv_costs``, ``pv_benefits``, ``avoided_outcomes`` and ``participants`` are the realised
    totals over all levels (a level with an event counts only in draws where it happens). The
    ``level_*`` arrays hold each level (axis 1, in ``Model.levels`` order) as if it happened;
    ``level_occurs`` says in which draws it does (always 1 for the funded project).

    Every array is stored draws-last (made by :meth:`allocate`), so the column of one
    perspective or level is contiguous; with the funded project alone the totals are views of
    the level arrays, and ``level_occurs`` is a read-only broadcast of 1.
    """

    pv_costs: FloatArray  # (n, Q) [SEK]
    pv_benefits: FloatArray  # (n, Q) [SEK]
    avoided_outcomes: FloatArray  # (n,) [persons], outcomes with a consequence in the horizon
    participants: FloatArray  # (n,) [persons], all cohorts
    payback_year: NDArray[np.float32] | None  # (n, Q) [years], NaN where never / no cost
    cumulative: FloatArray | None  # (n, Q, H) cumulative discounted net flow [SEK]
    level_pv_costs: FloatArray  # (n, L, Q) [SEK], as if the level happened
    level_pv_benefits: FloatArray  # (n, L, Q) [SEK], as if the level happened
    level_avoided: FloatArray  # (n, L) [persons], as if the level happened
    level_participants: FloatArray  # (n, L) [persons], as if the level happened
    level_occurs: FloatArray  # (n, L) 1.0 where the level happens, else 0.0 (see evaluate)

    @classmethod
    def allocate(
        cls,
        n: int,
        n_levels: int,
        n_perspectives: int,
        *,
        payback: bool,
        shared_participants: bool = False,
    ) -> ChunkOutput:
        """Arrays for ``n`` draws, stored draws-last, for :func:`evaluate` to fill.

        ``shared_participants``: every draw has the same number of participants (no event, no
        uncertain count), so one row of memory serves all draws (a zero stride).
        """
        L, Q = n_levels, n_perspectives
        # np.empty, not np.zeros: evaluate writes every element (and zeroes what it adds up)
        level_costs = np.empty((L, Q, n)).transpose(2, 0, 1)
        level_benefits = np.empty((L, Q, n)).transpose(2, 0, 1)
        level_avoided = np.empty((L, n)).T
        if shared_participants:
            level_participants = np.lib.stride_tricks.as_strided(
                np.empty(L), shape=(n, L), strides=(0, 8), writeable=True
            )
        else:
            level_participants = np.empty((L, n)).T
        if L == 1:
            totals = (level_costs[:, 0], level_benefits[:, 0], level_avoided[:, 0])
            participants = level_participants[:, 0]
            occurs = np.broadcast_to(1.0, (n, 1))
        else:
            totals = (np.empty((Q, n)).T, np.empty((Q, n)).T, np.empty(n))
            participants = np.empty(n)
            occurs = np.ones((L, n)).T  # the project's column stays 1
        return cls(
            pv_costs=totals[0],
            pv_benefits=totals[1],
            avoided_outcomes=totals[2],
            participants=participants,
            payback_year=np.empty((Q, n), dtype=np.float32).T if payback else None,
            cumulative=None,
            level_pv_costs=level_costs,
            level_pv_benefits=level_benefits,
            level_avoided=level_avoided,
            level_participants=level_participants,
            level_occurs=occurs,
        )

    def rows(self, start: int, stop: int) -> ChunkOutput:
        """Views of draws ``start:stop`` of every array (``cumulative`` is not sliced)."""
        return ChunkOutput(
            **{
                f.name: (
                    None
                    if (a := getattr(self, f.name)) is None or f.name == "cumulative"
                    else a[start:stop]
                )
                for f in fields(self)
            }
        )

    def copy_into(self, target: ChunkOutput) -> None:
        """Copy every array into the arrays of ``target`` (of the same shapes)."""
        for f in fields(self):
            src, dst = getattr(self, f.name), getattr(target, f.name)
            if (
                src is not None
                and dst is not None
                and dst.flags.writeable
                and f.name != "cumulative"
            ):
                dst[...] = src


def _identity(value: ArrayOrFloat) -> object:
    """What makes two parameter values the same numbers: a number's value, an array itself."""
    return ("number", float(value)) if np.ndim(value) == 0 else ("array", id(value))


def _vec(value: ArrayOrFloat, n: int) -> FloatArray:
    return np.broadcast_to(np.asarray(value, dtype=float), (n,))


def _product(values: dict[str, ArrayOrFloat], ids: tuple[str, ...]) -> ArrayOrFloat:
    out = values[ids[0]]
    for pid in ids[1:]:
        out = out * values[pid]
    return out


def stream_window(
    term: StreamTerm, cohort_year: int, lag: int, horizon: int
) -> tuple[int, int, int]:
    """``(outcome_year, first, stop)`` of a stream for one cohort, clipped to the horizon."""
    o = cohort_year + lag
    first = o + term.start
    stop = first + term.duration if term.duration is not None else horizon
    return o, first, min(stop, horizon)


def booked_cohorts(model: Model, level: Level, outcome: int) -> int:
    """How many of a level's cohorts count in the avoided outcomes of ``outcome``.

    A cohort's avoided outcomes count where the calculation books at least one of the
    outcome's consequences within the horizon (outcome year + its ``start`` < horizon): an
    outcome that falls after the horizon, or whose consequences would all begin after it,
    adds no benefit, so counting it would dilute the value per avoided outcome of break-even.

    Returns
    -------
    int
        The number of cohorts [cohorts], at most ``len(level.cohort_years)``.
    """
    lag = model.outcomes[outcome].lag
    terms = [term for term in model.streams if term.outcome == outcome]
    return sum(
        any(
            first < stop
            for _, first, stop in (stream_window(term, c, lag, model.horizon) for term in terms)
        )
        for c in level.cohort_years
    )


def counts_any_outcome(model: Model) -> bool:
    """Whether any cohort of any level books a consequence of an outcome within the horizon
    (``False``: every avoided outcome falls, with its consequences, past the horizon)."""
    return any(
        booked_cohorts(model, level, i) > 0
        for level in model.levels
        for i in range(len(model.outcomes))
    )


@dataclass(frozen=True, slots=True)
class GeometricFlow:
    """A yearly flow ``lead * ratio ** (t - first)`` in years ``first <= t < stop`` [SEK].

    ``lead`` is already discounted to year 0, so the flows add up to present values; every
    cost and every consequence stream of one cohort, of every level, is one such flow (a
    level's multiplier is in its amplitude, its event indicator in ``lead``). ``cost`` marks
    an intervention cost (of any level): a perspective with a negative weight on it pays it,
    and its payback year cannot fall before the first year in which it pays a positive amount.
    """

    lead: ArrayOrFloat  # discounted flow in year ``first`` [SEK]
    ratio: ArrayOrFloat  # year-on-year factor of the discounted flow [dimensionless]
    first: int
    stop: int
    weights: FloatArray  # (Q,) signed weight over perspectives
    cost: bool = False  # an intervention cost (weights <= 0: the payers' shares)
    #: The flow's sum over its years [SEK], where the caller has it (the present value the
    #: engine computes anyway): bounds what the flow can still add (None: computed).
    total: ArrayOrFloat | None = None


def scan_payback(
    flows: list[GeometricFlow],
    n: int,
    n_perspectives: int,
    *,
    horizon: int,
    start: int = 0,
    keep_cumulative: bool = False,
    out: NDArray[np.float32] | None = None,
) -> tuple[NDArray[np.float32], FloatArray | None]:
    """Payback year per draw and perspective from geometric yearly flows.

    A perspective's payback year in a draw is the first year, from its own first cost year on,
    in which its cumulative discounted net flow is ``>= 0``. Its first cost year is the first
    year in which a ``cost`` flow it pays (a negative weight) is positive in that draw, so it
    depends on the draw where a cost amount may be 0 or a level may not happen. Flows booked
    before that year (gains before it pays) count in the cumulative flow from year 0, but the
    payback year is never earlier than the first cost year. A perspective that pays no
    positive cost in a draw has no payback year there.

    The years are those of the year-by-year walk (:func:`_walk_payback`, the definition),
    bit for bit, found with less work (:func:`_segment_payback`): between the years in which a
    flow starts or stops, the flows of one ratio add up to one geometric flow, whose
    cumulative sum is monotone, so a stretch of years is decided at once. Where that
    shortcut's rounding could decide a year differently from the walk's (a cumulative flow
    within a certified bound of 0), the draw is walked year by year.

    Parameters
    ----------
    flows
        The discounted yearly flows (costs with negative weights and ``cost=True``).
    n, n_perspectives
        Number of draws and of perspectives Q.
    horizon
        Number of years H; years ``t = 0 .. H-1``.
    start
        No payback year before this year [years] (the earliest year of any cost: a bound that
        only saves work, since no perspective pays earlier).
    keep_cumulative
        Also return the cumulative discounted net flow (n, Q, H) [SEK] (by the walk).
    out
        A float32 array of shape (n, Q) to write the payback years into.

    Returns
    -------
    payback : ndarray of float32, shape (n, Q)
        First year ``t >= max(start, first cost year)`` in which the cumulative discounted net
        flow is ``>= 0`` [years]; NaN if none within the horizon or no cost is paid.
    cumulative : ndarray, shape (n, Q, H), or None
    """
    active = [f for f in flows if f.first < min(f.stop, horizon)]
    if keep_cumulative or not active or not _segments_certified(active, horizon):
        return _walk_payback(
            flows,
            n,
            n_perspectives,
            horizon=horizon,
            start=start,
            keep_cumulative=keep_cumulative,
            out=out,
        )
    weights = np.array([f.weights for f in active]).reshape(len(active), n_perspectives)
    columns, inverse = np.unique(weights, axis=1, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    # A perspective that pays no cost in any draw has no payback year (NaN): only the
    # perspectives that pay one are scanned, with the flows that reach them.
    payers = _paying(active, columns)
    reaching = [i for i in range(len(active)) if columns[i, payers].any()]
    scanned = [active[i] for i in reaching]
    scanned_columns = columns[np.ix_(reaching, np.flatnonzero(payers))]
    if not _segments_pay(scanned, scanned_columns, horizon, start):
        return _walk_payback(flows, n, n_perspectives, horizon=horizon, start=start, out=out)
    flows = active
    distinct = np.full((columns.shape[1], n), np.nan, dtype=np.float32)
    redo = np.zeros(n, dtype=bool)
    plan = _SegmentPlan.build(scanned, scanned_columns, horizon, start)
    for lo in range(0, n, _PAYBACK_CHUNK):
        hi = min(n, lo + _PAYBACK_CHUNK)
        years = np.empty((scanned_columns.shape[1], hi - lo), dtype=np.float32)
        _segment_payback(plan, scanned, lo, hi, years, redo[lo:hi])
        distinct[payers, lo:hi] = years
    rows = np.flatnonzero(redo)
    if rows.size:  # the walk decides the draws too near a tie for the shortcut
        subset = [
            dataclasses.replace(f, lead=_rows_of(f.lead, rows), ratio=_rows_of(f.ratio, rows))
            for f in flows
        ]
        walked, _ = _walk_payback(subset, rows.size, n_perspectives, horizon=horizon, start=start)
        for q, column in enumerate(inverse):
            distinct[column, rows] = walked[:, q]
    if out is None:
        out = np.empty((n_perspectives, n), dtype=np.float32).T  # draws-last, as ChunkOutput
    for q, column in enumerate(inverse):
        out[:, q] = distinct[column]
    return out, None


def _paying(flows: list[GeometricFlow], columns: FloatArray) -> NDArray[np.bool_]:
    """Which of the distinct weight ``columns`` (F, k) pay a cost (a negative weight on a cost
    flow): the others have no payback year."""
    paying = np.zeros(columns.shape[1], dtype=bool)
    for i, f in enumerate(flows):
        if f.cost:
            paying |= columns[i] < 0.0
    return paying


#: Draws per pass of :func:`_segment_payback`: its (perspectives x draws) arrays stay in cache.
_PAYBACK_CHUNK = 32_768

#: How far [relative to the draw's total magnitude M, the sum of the absolute values of every
#: weighted yearly flow] the segment scan's cumulative flow may lie from the walk's, with
#: room to spare. Both are sums of rounded products: the walk's value of a flow in year t
#: after t - first roundings, its net flow after at most F additions, its running sum after
#: at most H; every rounding errs by at most 2^-53 of a partial sum, itself at most M. So the
#: two differ by less than (c_H H + c_F F) 2^-53 M with small constants c (about 2 for the
#: walk and 4 for the scan, whose powers and geometric sums err by a few ulp each):
#: below 1e-13 M for the largest horizon (150 years) and a hundred flows, 10^4 times below
#: this bound, which :func:`_segments_certified` checks for the case at hand.
_PAYBACK_TOLERANCE = 1e-9


def _segments_certified(flows: list[GeometricFlow], horizon: int) -> bool:
    """Whether :data:`_PAYBACK_TOLERANCE` covers the rounding of ``flows`` over ``horizon``
    years with a margin of 100 (else the walk is used)."""
    bound = (8 * horizon + 8 * len(flows) + 64) * np.finfo(float).eps
    return bool(100 * bound <= _PAYBACK_TOLERANCE)


def _segments_pay(
    flows: list[GeometricFlow], columns: FloatArray, horizon: int, start: int
) -> bool:
    """Whether the segment scan saves work over the walk: the walk's cost per year is its
    flows' terms (one pass over the draws each) plus about four passes per distinct
    perspective for the bookkeeping, which the segment scan also spends, per segment, and
    again where it walks the draws that pay back within a segment. It pays where the terms
    outweigh the bookkeeping (many flows and perspectives), not for a flow or two."""
    per_flow = 1 + np.count_nonzero(columns, axis=1)
    terms = sum(int(per_flow[i]) * (min(f.stop, horizon) - f.first) for i, f in enumerate(flows))
    bookkeeping = 4 * columns.shape[1] * max(horizon - start, 0)
    return terms > bookkeeping


def _rows_of(value: ArrayOrFloat, rows: NDArray[np.intp]) -> ArrayOrFloat:
    """``value[rows]`` for a per-draw array; a number as it is."""
    return value if np.ndim(value) == 0 else np.asarray(value)[rows]


def _chunk_of(value: ArrayOrFloat, lo: int, hi: int) -> ArrayOrFloat:
    """Draws ``lo:hi`` of a per-draw array; a number as a 0-d float array."""
    a = np.asarray(value, dtype=float)
    return a if a.ndim == 0 else a[lo:hi]


@dataclass(frozen=True, slots=True)
class _SegmentPlan:
    """The year structure of a set of flows for :func:`_segment_payback`.

    Flows are grouped by their ratio (the same array object, or the same number): within a
    group, the sum of the active flows is one geometric flow of that ratio. ``segments`` cut
    the years ``0 .. H-1`` at every year in which a flow starts or stops and at ``start``;
    every year in which a cost flow is active, or more than one group, is a segment of its
    own, so that a longer segment has one group (or none) and no change in who has paid.
    """

    columns: FloatArray  # (F, k) weights of the distinct perspectives
    group_of: tuple[int, ...]  # flow -> its ratio group
    n_groups: int
    segments: tuple[tuple[int, int], ...]  # (first year, stop year)
    starts: dict[int, tuple[int, ...]]  # year -> flows that start in it
    stops: dict[int, tuple[int, ...]]  # year -> flows that stop in it (stop < H)
    live: tuple[frozenset[int], ...]  # per year: the groups with an active flow
    cost_payers: dict[int, tuple[int, ...]]  # cost flow -> the columns that pay it
    start: int
    #: The first segment's year from which no cost is paid any more (None: none such): the
    #: draws that can no longer pay back in any perspective are dropped there.
    drop_at: int | None = None

    @classmethod
    def build(
        cls, flows: list[GeometricFlow], columns: FloatArray, horizon: int, start: int
    ) -> _SegmentPlan:
        keys: dict[object, int] = {}
        group_of = []
        for f in flows:
            key = ("number", float(f.ratio)) if np.ndim(f.ratio) == 0 else ("array", id(f.ratio))
            group_of.append(keys.setdefault(key, len(keys)))
        live = tuple(
            frozenset(g for f, g in zip(flows, group_of, strict=True) if f.first <= t < f.stop)
            for t in range(horizon)
        )
        cuts = {0, min(max(start, 0), horizon), horizon}
        for f in flows:
            cuts.update((f.first, min(f.stop, horizon)))
            if f.cost:
                cuts.update(range(f.first, min(f.stop, horizon) + 1))
        cuts.update(t for t in range(horizon) if len(live[t]) > 1)
        cuts.update(t + 1 for t in range(horizon) if len(live[t]) > 1)
        bounds = sorted(c for c in cuts if 0 <= c <= horizon)
        starts: dict[int, list[int]] = {}
        stops: dict[int, list[int]] = {}
        for i, f in enumerate(flows):
            starts.setdefault(f.first, []).append(i)
            if f.stop < horizon:
                stops.setdefault(f.stop, []).append(i)
        last_cost = max((min(f.stop, horizon) for f in flows if f.cost), default=0)
        drop_at = next((a for a, _ in pairwise(bounds) if a >= max(last_cost, start)), None)
        return cls(
            drop_at=drop_at,
            columns=columns,
            group_of=tuple(group_of),
            n_groups=len(keys),
            segments=tuple(pairwise(bounds)),
            starts={t: tuple(v) for t, v in starts.items()},
            stops={t: tuple(v) for t, v in stops.items()},
            live=live,
            cost_payers={
                i: tuple(np.flatnonzero(columns[i] < 0.0)) for i, f in enumerate(flows) if f.cost
            },
            start=start,
        )


def _segment_payback(
    plan: _SegmentPlan,
    flows: list[GeometricFlow],
    lo: int,
    hi: int,
    years: NDArray[np.float32],
    redo: NDArray[np.bool_],
) -> None:
    """The payback years of draws ``lo:hi`` (per distinct perspective) into ``years`` (k, m),
    segment by segment (see :class:`_SegmentPlan`); draws whose year the rounding could
    change are marked in ``redo`` (m,) for the walk.

    Within a segment of one group the cumulative flow is ``C(a - 1) + A S(t - a + 1)``, with
    ``A`` the group's flow in year ``a`` and ``S(m) = 1 + x + ... + x^(m-1)`` increasing in
    ``m`` for a ratio ``x >= 0``: it is monotone, so it reaches 0 within the segment exactly
    where its larger end does. Only the draws that reach it there are walked, to find the
    year. A year is certain where the cumulative flow clears the tolerance ``tol`` (see
    :data:`_PAYBACK_TOLERANCE`) on the side the decision takes.
    """
    columns = plan.columns
    k = columns.shape[1]
    m = hi - lo
    leads = [np.broadcast_to(_chunk_of(f.lead, lo, hi), (m,)) for f in flows]
    ratios = [_chunk_of(f.ratio, lo, hi) for f in flows]
    group_ratio: list[FloatArray] = [np.empty(0)] * plan.n_groups
    for i, g in enumerate(plan.group_of):
        group_ratio[g] = ratios[i]
    # Each flow's sum over its years (signed: every year has its lead's sign, the ratio
    # being >= 0), from the caller's present values where given.
    horizon = len(plan.live)
    totals = []
    for i, f in enumerate(flows):
        if f.total is not None:
            totals.append(np.broadcast_to(_chunk_of(f.total, lo, hi), (m,)))
        else:
            span = min(f.stop, horizon) - f.first
            totals.append(leads[i] * geometric_sum(group_ratio[plan.group_of[i]], span))
    # M: every weighted flow's absolute value summed over its years and the year after (at
    # most ``(1 + x)`` times its sum: that year's value is ``x`` times the last year's)
    magnitude = np.zeros(m)
    for g in range(plan.n_groups):
        weighted = np.zeros(m)
        for i, h in enumerate(plan.group_of):
            if h == g:
                weighted += np.abs(columns[i]).max() * np.abs(totals[i])
        weighted *= 1.0 + np.abs(group_ratio[g])
        magnitude += weighted
    tol = magnitude * _PAYBACK_TOLERANCE + 1e-290
    redo |= ~np.isfinite(tol)
    for x in group_ratio:  # a negative ratio (never in a model) is not monotone: walk it
        if x.ndim == 0:
            redo |= bool(x < 0.0)
        else:
            redo |= x < 0.0
    neg_tol = -tol

    cum = np.zeros((k, m))
    found = np.zeros((k, m), dtype=bool)
    paid = np.zeros((k, m), dtype=bool)
    reach = np.empty((k, m), dtype=bool)
    settled = np.full((k, m), np.nan, dtype=np.float32)
    # flat views (fancy indexing of a view is much faster than through ``.flat``)
    cum_flat, found_flat, settled_flat = cum.reshape(-1), found.reshape(-1), settled.reshape(-1)
    amount: list[FloatArray | None] = [None] * plan.n_groups  # the group's flow in year ``at``
    at = [0] * plan.n_groups
    cost_value: dict[int, FloatArray] = {}
    all_paid = False  # every perspective has paid in every draw (nothing left to mask)

    rows: NDArray[np.intp] | None = None  # the draws still scanned (None: all of them)

    def settle(idx: NDArray[np.intp], year: ArrayOrFloat, sure: NDArray[np.bool_]) -> None:
        found_flat[idx] = True
        draw = idx % m
        if rows is None:
            settled_flat[idx] = year
        else:
            draw = rows[draw]
            settled[idx // m, draw] = year
        redo[draw[~sure]] = True

    powers: dict[tuple[int, int], ArrayOrFloat] = {}  # (group, d) -> x ** d
    sums: dict[tuple[int, int], FloatArray] = {}  # (group, d) -> 1 + x + ... + x ** (d - 1)

    def power(g: int, d: int) -> ArrayOrFloat:
        if (g, d) not in powers:
            powers[g, d] = int_power(group_ratio[g], d)
        return powers[g, d]

    for a, b in plan.segments:
        if a == plan.drop_at:
            # Past the costs, a cumulative flow below minus every positive flow there is
            # (a bound: all of them, in any year; a year's flow has the sign of its lead)
            # never reaches 0: its perspective has no payback year (NaN). Draws with
            # nothing left to find are dropped.
            # (the flows of one weight row, e.g. a stream's cohorts, are added up first)
            rows_of: dict[tuple[float, ...], list[int]] = {}
            for i in range(len(totals)):
                rows_of.setdefault(tuple(columns[i]), []).append(i)
            gains = np.zeros((k, m))
            for row, members in rows_of.items():
                weights_row = np.array(row)
                # a flow's sign is its lead's: a gain where the weight has that sign
                rising = np.zeros(m)
                for i in members:
                    rising += np.maximum(totals[i], 0.0)
                falling = None
                if (weights_row < 0.0).any():
                    falling = np.zeros(m)
                    for i in members:
                        falling += np.maximum(-totals[i], 0.0)
                for j in np.flatnonzero(weights_row):
                    w = weights_row[j]
                    _add_scaled(gains[j], abs(w), rising if w > 0.0 else falling)
            gains += cum
            found |= gains < -2.0 * tol
            keep = np.flatnonzero(~found.all(axis=0))
            if keep.size < 0.8 * m:
                rows, m = keep, keep.size
                leads = [lead[keep] for lead in leads]
                ratios = [x if x.ndim == 0 else x[keep] for x in ratios]
                group_ratio = [x if x.ndim == 0 else x[keep] for x in group_ratio]
                tol, neg_tol = tol[keep], neg_tol[keep]
                # take, not [:, keep], which lays the result out column by column: the flat
                # views below must be views
                cum, found = cum.take(keep, axis=1), found.take(keep, axis=1)
                paid = paid.take(keep, axis=1)
                reach = np.empty((k, m), dtype=bool)
                amount = [None if y is None else y.take(keep, axis=1) for y in amount]
                assert cum.flags.c_contiguous and found.flags.c_contiguous
                cum_flat, found_flat = cum.reshape(-1), found.reshape(-1)
                powers.clear()
                sums.clear()
        for g in range(plan.n_groups):  # every group's flow, brought to year a
            x = group_ratio[g]
            if amount[g] is not None and a > at[g]:
                amount[g] *= power(g, a - at[g])
            at[g] = a
            for i in plan.stops.get(a, ()):
                if plan.group_of[i] == g and amount[g] is not None:
                    value = leads[i] * power(g, a - flows[i].first)
                    for j in np.flatnonzero(columns[i]):
                        _add_scaled(amount[g][j], -columns[i, j], value)
            if a < len(plan.live) and g not in plan.live[a]:
                amount[g] = None  # no active flow: exactly 0
                continue
            for i in plan.starts.get(a, ()):
                if plan.group_of[i] == g:
                    if amount[g] is None:
                        amount[g] = np.zeros((k, m))
                    for j in np.flatnonzero(columns[i]):
                        _add_scaled(amount[g][j], columns[i, j], leads[i])
        for i, payers in plan.cost_payers.items():  # the walk's own values: exact signs
            f = flows[i]
            if not f.first <= a < f.stop:
                continue
            if a == f.first:
                cost_value[i] = np.array(leads[i], dtype=float)
            else:
                cost_value[i] *= ratios[i]
            positive = cost_value[i] > 0.0
            for j in payers:
                paid[j] |= positive
            all_paid = bool(paid.all())
        active = [g for g in range(plan.n_groups) if amount[g] is not None]
        if b - a == 1 or not active:  # one year (or a constant cumulative flow)
            for g in active:
                cum += amount[g]
            if a < plan.start:
                continue
            np.greater_equal(cum, neg_tol, out=reach)
            if not all_paid:
                reach &= paid
            np.greater(reach, found, out=reach)  # newly reached
            idx = np.flatnonzero(reach)
            if idx.size:
                settle(idx, a, cum_flat[idx] >= tol[idx % m])
            continue
        (g,) = active  # one group: a monotone cumulative flow
        x = group_ratio[g]
        flow = amount[g]
        assert flow is not None
        if (g, b - a) not in sums:
            sums[g, b - a] = geometric_sum(x, b - a)
        total = flow * sums[g, b - a]  # the segment's sum, per draw
        if a >= plan.start:
            peak = np.maximum(flow, total)  # the larger end: C(a) or C(b - 1), less C(a - 1)
            peak += cum
            np.greater_equal(peak, neg_tol, out=reach)
            if not all_paid:
                reach &= paid
            np.greater(reach, found, out=reach)
            idx = np.flatnonzero(reach)
            if idx.size:  # the year within the segment: walk these draws
                d = idx % m
                count, sure = _first_reach(
                    cum_flat[idx],
                    flow.reshape(-1)[idx],
                    x if x.ndim == 0 else x[d],
                    b - a,
                    neg_tol[d],
                    tol[d],
                )
                settle(idx, a - 1 + count, sure)
        cum += total
    finite = np.isfinite(cum).all(axis=0)
    redo[np.flatnonzero(~finite) if rows is None else rows[~finite]] = True
    years[...] = settled


def _add_scaled(target: FloatArray, weight: float, value: FloatArray) -> None:
    """``target += weight * value``, without the product where the weight is +-1."""
    if weight == 1.0:
        target += value
    elif weight == -1.0:
        target -= value
    else:
        target += weight * value


def _first_reach(
    before: FloatArray,
    flow: FloatArray,
    ratio: ArrayOrFloat,
    length: int,
    neg_tol: FloatArray,
    tol: FloatArray,
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """The first year of a monotone segment in which ``before + flow * S(m)`` reaches
    ``-tol`` (``S(m) = 1 + x + ... + x^(m-1)``), for draws known to reach it within
    ``length`` years: walked over these draws only, until every one has.

    Returns
    -------
    count : ndarray
        ``m``, the year's number within the segment (1 = its first year); NaN where the
        rounding kept a draw from reaching it.
    sure : ndarray of bool
        The cumulative flow clears ``tol`` in that year (the year is certain).
    """
    count = np.full(before.shape, np.nan)
    sure = np.zeros(before.shape, dtype=bool)
    running = before.copy()
    term = flow.copy()
    waiting = np.ones(before.shape, dtype=bool)
    for year in range(1, length + 1):
        running += term
        hit = running >= neg_tol
        hit &= waiting
        if hit.any():
            count[hit] = year
            sure[hit] = running[hit] >= tol[hit]
            waiting &= ~hit
            if not waiting.any():
                break
        term *= ratio
    return count, sure


def _walk_payback(
    flows: list[GeometricFlow],
    n: int,
    n_perspectives: int,
    *,
    horizon: int,
    start: int = 0,
    keep_cumulative: bool = False,
    out: NDArray[np.float32] | None = None,
) -> tuple[NDArray[np.float32], FloatArray | None]:
    """Payback year per draw and perspective from geometric yearly flows, by walking the years (the
    definition of :func:`scan_payback`, and the way it keeps the cumulative flows).

    Walks the years once, keeping only the running cumulative net flow (memory O(n x Q), never a
    (draws x years) matrix unless ``keep_cumulative``). Perspectives whose weights are equal on
    every flow share one running sum; perspectives that pay no cost are not walked (they have no
    payback year) unless their cumulative flows are kept.

    A perspective's payback year in a draw is the first year, from its own first cost year on,
    in which its cumulative discounted net flow is ``>= 0``. Its first cost year is the first
    year in which a ``cost`` flow it pays (a negative weight) is positive in that draw, so it
    depends on the draw where a cost amount may be 0 or a level may not happen. Flows booked
    before that year (gains before it pays) count in the cumulative flow from year 0, but the
    payback year is never earlier than the first cost year. A perspective that pays no
    positive cost in a draw has no payback year there.

    Parameters
    ----------
    flows
        The discounted yearly flows (costs with negative weights and ``cost=True``).
    n, n_perspectives
        Number of draws and of perspectives Q.
    horizon
        Number of years H; years ``t = 0 .. H-1``.
    start
        No payback year before this year [years] (the earliest year of any cost: a bound that
        only saves work, since no perspective pays earlier).
    keep_cumulative
        Also return the cumulative discounted net flow (n, Q, H) [SEK].
    out
        A float32 array of shape (n, Q) to write the payback years into.

    Returns
    -------
    payback : ndarray of float32, shape (n, Q)
        First year ``t >= max(start, first cost year)`` in which the cumulative discounted net
        flow is ``>= 0`` [years]; NaN if none within the horizon or no cost is paid.
    cumulative : ndarray, shape (n, Q, H), or None
    """
    weights = np.array([f.weights for f in flows]).reshape(len(flows), n_perspectives)
    all_columns, inverse = np.unique(weights, axis=1, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    if keep_cumulative:
        walked = np.arange(all_columns.shape[1])
    else:  # a perspective that pays no cost has no payback year: no need to walk it
        walked = np.flatnonzero(_paying(flows, all_columns))
    columns = all_columns[:, walked]
    k = columns.shape[1]
    values = np.empty((len(flows), n))
    for i, f in enumerate(flows):
        values[i] = f.lead
    cum = np.zeros((k, n))
    net = np.empty(n)
    found = np.zeros((k, n), dtype=bool)
    reached = np.empty((k, n), dtype=bool)
    count = np.zeros((k, n), dtype=np.int16)
    # paid[j]: the perspectives of column j have paid a positive cost by this year (per draw);
    # once every draw of a column has paid, the column needs no more checks.
    paid = np.zeros((k, n), dtype=bool)
    all_paid = np.zeros(k, dtype=bool)
    positive = np.empty(n, dtype=bool)
    # stored years-first so that each year is written contiguously; returned as (n, Q, H)
    cumulative = np.empty((horizon, n_perspectives, n)) if keep_cumulative else None
    for t in range(horizon if k else 0):
        active = [i for i, f in enumerate(flows) if f.first <= t < f.stop]
        if not active and t > start and cumulative is None:
            count += found  # nothing flows: the same draws have paid back as last year
            continue
        for i in active:
            if t > flows[i].first:
                values[i] *= flows[i].ratio
        for j in range(k):
            # The net flow of column j (the flows in a fixed order, so every draw's sum is
            # the same whatever the number of draws), then the running sum.
            terms = [(i, columns[i, j]) for i in active if columns[i, j] != 0.0]
            if not terms:
                continue
            if len(terms) == 1 and abs(terms[0][1]) == 1.0:  # net = +-value exactly
                i, w = terms[0]
                (np.add if w > 0 else np.subtract)(cum[j], values[i], out=cum[j])
                continue
            np.multiply(values[terms[0][0]], terms[0][1], out=net)
            for i, w in terms[1:]:
                net += values[i] if w == 1.0 else w * values[i]
            cum[j] += net
        for i in active:
            if not flows[i].cost:
                continue
            payers = [j for j in range(k) if columns[i, j] < 0.0 and not all_paid[j]]
            if not payers:
                continue
            np.greater(values[i], 0.0, out=positive)
            for j in payers:
                paid[j] |= positive
                all_paid[j] = bool(paid[j].all())
        if cumulative is not None:
            for q, column in enumerate(inverse):
                cumulative[t, q] = cum[column]
        if t >= start:
            np.greater_equal(cum, 0.0, out=reached)
            for j in np.flatnonzero(~all_paid):
                reached[j] &= paid[j]
            found |= reached
            count += found
    # ``found`` never turns back, so it holds in the last ``count`` years: payback = H - count.
    distinct = np.full((all_columns.shape[1], n), np.nan, dtype=np.float32)
    distinct[walked] = np.where(count > 0, np.float32(horizon) - count, np.float32(np.nan))
    if out is None:
        out = np.empty((n_perspectives, n), dtype=np.float32).T  # draws-last, as ChunkOutput
    for q, column in enumerate(inverse):
        out[:, q] = distinct[column]
    return out, None if cumulative is None else cumulative.transpose(2, 1, 0)


def _add_weighted(
    target: FloatArray, pv: ArrayOrFloat, weights: FloatArray, written: NDArray[np.bool_]
) -> None:
    """``target += outer(pv, weights)`` without the (n, Q) temporary: column by column, only
    where the weight is not 0, and without multiplying where it is 1 (the result is the same);
    columns of the same weight share one product.

    A column not yet ``written`` (then marked so) gets ``0.0 + term`` in one pass: bitwise
    what zeroing it first and adding would give, signed zeros included.
    """
    scaled: dict[float, ArrayOrFloat] = {}  # pv times each weight other than 1, made once
    for q in np.flatnonzero(weights):
        w = float(weights[q])
        if w == 1.0:
            term = pv
        elif (term := scaled.get(w)) is None:
            term = scaled[w] = np.multiply(pv, w)
        if written[q]:
            target[:, q] += term
        else:
            np.add(0.0, term, out=target[:, q])
            written[q] = True


def evaluate(
    model: Model,
    values: dict[str, ArrayOrFloat],
    n: int,
    *,
    yearly: bool = True,
    keep_cumulative: bool = False,
    out: ChunkOutput | None = None,
) -> ChunkOutput:
    """Apply the model to one chunk of ``n`` draws.

    Parameters
    ----------
    model
        The compiled scenario.
    values
        Every parameter id (and event uniform id) -> its draws, shape (n,), or a float for a
        fixed parameter. A level whose event uniform is absent counts in expectation: weighted
        by its probability instead of a Bernoulli outcome (used by analyses at fixed values).
    n
        Number of draws in the chunk.
    yearly
        Walk the yearly flows for the payback year (O(n x perspectives) memory).
    keep_cumulative
        Also return the cumulative discounted net flows (n, Q, H) (for fan charts).
    out
        Arrays to write into, from :meth:`ChunkOutput.allocate` (or its :meth:`~ChunkOutput.rows`)
        for ``n`` draws and this model's levels and perspectives; by default new ones.

    Returns
    -------
    ChunkOutput
        ``out`` (with ``cumulative`` set on request), or new arrays.
    """
    H = model.horizon
    Q = len(model.perspectives)
    L = len(model.levels)
    rate = values["scenario.discount_rate"]
    v = 1.0 / (1.0 + np.asarray(rate, dtype=float))

    if out is None:
        out = ChunkOutput.allocate(n, L, Q, payback=yearly)
    powers = _Powers()
    # Costs and benefits accumulate per level and perspective; a column is zeroed only if no
    # term reaches it (see _add_weighted). occurs keeps its 1s for the project.
    costs_written = np.zeros((L, Q), dtype=bool)
    benefits_written = np.zeros((L, Q), dtype=bool)
    level_costs, level_benefits = out.level_pv_costs, out.level_pv_benefits
    level_avoided, level_participants = out.level_avoided, out.level_participants
    occurs = out.level_occurs
    # Every cost and every stream cohort of every level is one geometric yearly flow; a level's
    # multiplier is in its amplitude and its event indicator (the gate) in the flow's lead.
    flows: list[GeometricFlow] = []

    gates: list[FloatArray | None] = []
    avoided: list[list[ArrayOrFloat]] = []
    for li, level in enumerate(model.levels):
        gate = None
        if level.event is not None:
            uniform, probability = level.event
            if uniform in values:
                occurs[:, li] = _vec(values[uniform], n) < _vec(values[probability], n)
            else:
                # No event draw (e.g. sensitivity analysis at fixed values): in expectation.
                occurs[:, li] = _vec(values[probability], n)
            gate = occurs[:, li]
        gates.append(gate)
        mult = _product(values, level.multiplier) if level.multiplier else None
        participants = _product(values, level.participants)
        if mult is not None:
            participants = participants * mult
        reached = participants
        for share in model.logic:
            reached = _times(reached, values[share])

        for cost in level.costs:
            amount = values[cost.param]
            for pid in cost.scale:
                amount = amount * values[pid]
            if mult is not None:
                amount = amount * mult
            lead = _times(amount, powers.power(v, cost.first))  # year ``first``, discounted [SEK]
            years = cost.last - cost.first + 1
            pv = lead if years == 1 else lead * powers.series(v, years)
            _add_weighted(level_costs[:, li], pv, cost.weights, costs_written[li])
            if yearly:
                realised = lead if gate is None else lead * gate
                flows.append(
                    GeometricFlow(
                        realised, v, cost.first, cost.last + 1, -cost.weights, cost=True, total=pv
                    )
                )

        avoided.append(
            [
                avoided_outcomes(
                    reached,
                    values[o.baseline_risk],
                    values[o.effect],
                    values[o.attribution],
                    form=o.form,
                )
                for o in model.outcomes
            ]
        )
        n_cohorts = len(level.cohort_years)
        counted = [booked_cohorts(model, level, i) for i in range(len(model.outcomes))]
        if avoided[li] and all(c == n_cohorts for c in counted):
            total = avoided[li][0]
            for a in avoided[li][1:]:
                total = total + a
            np.multiply(total, n_cohorts, out=level_avoided[:, li])
        elif avoided[li]:
            # Some cohorts' outcomes book no consequence within the horizon: they do not count.
            total = 0.0
            for a, c in zip(avoided[li], counted, strict=True):
                total = total + np.multiply(a, c)
            level_avoided[:, li] = total
        else:
            level_avoided[:, li] = 0.0
        column = level_participants[:, li]
        if column.strides[0] == 0 and np.ndim(participants) == 0:
            column[:1] = participants * n_cohorts  # one number serves every draw (a zero stride)
        else:
            column[...] = _vec(participants * n_cohorts, n)

    # Streams with the same growth and dropoff draws share their ratios (one array each, the
    # same numbers): the payback scan adds up the flows of one ratio as one geometric flow.
    ratios: dict[tuple[object, object], tuple[ArrayOrFloat, FloatArray]] = {}
    for term in model.streams:
        outcome = model.outcomes[term.outcome]
        # sum_{t=first}^{stop-1} y^(t-o) z^t = z^o * x^(first-o) * G(x, stop-first), x = y z
        key = (_identity(values[term.growth]), _identity(values[outcome.dropoff]))
        if key not in ratios:
            z = _times(1.0 + np.asarray(values[term.growth], dtype=float), v)
            ratios[key] = (z, (1.0 - np.asarray(values[outcome.dropoff], dtype=float)) * z)
        z, x = ratios[key]
        for li, level in enumerate(model.levels):
            amplitude = _times(
                _times(avoided[li][term.outcome], values[term.share]), values[term.annual]
            )
            pv: ArrayOrFloat | None = None
            for c in level.cohort_years:
                o, first, stop = stream_window(term, c, outcome.lag, H)
                if first >= stop:
                    continue
                # the flow of year ``first``, discounted
                lead = _times(_times(amplitude, powers.power(z, o)), powers.power(x, first - o))
                cohort_pv = lead * powers.series(x, stop - first)
                pv = cohort_pv if pv is None else pv + cohort_pv
                if yearly:
                    realised = lead if gates[li] is None else lead * gates[li]
                    flows.append(
                        GeometricFlow(realised, x, first, stop, term.weights, total=cohort_pv)
                    )
            if pv is not None:
                _add_weighted(level_benefits[:, li], pv, term.weights, benefits_written[li])

    del powers  # its squares and sums: not kept through the payback scan
    for accumulated, written in ((level_costs, costs_written), (level_benefits, benefits_written)):
        for li, q in zip(*np.nonzero(~written), strict=True):
            accumulated[:, li, q] = 0.0  # no cost or consequence of that level reaches q

    # Realised totals: the project, plus each further level in the draws where it happens.
    # With the project alone the totals are views of the level arrays (see allocate).
    pv_costs, pv_benefits = out.pv_costs, out.pv_benefits
    avoided_total, participants_total = out.avoided_outcomes, out.participants
    if L > 1:
        pv_costs[...] = level_costs[:, 0]
        pv_benefits[...] = level_benefits[:, 0]
        avoided_total[...] = level_avoided[:, 0]
        participants_total[...] = level_participants[:, 0]
    for li in range(1, L):
        g = occurs[:, li]
        pv_costs += g[:, None] * level_costs[:, li]
        pv_benefits += g[:, None] * level_benefits[:, li]
        avoided_total += g * level_avoided[:, li]
        participants_total += g * level_participants[:, li]

    cumulative = None
    if not yearly and out.payback_year is not None:
        out.payback_year[...] = np.nan  # allocated for payback but not asked for: undefined
    if yearly:
        assert out.payback_year is not None, "out was allocated without payback"
        payback, cumulative = scan_payback(
            flows,
            n,
            Q,
            horizon=H,
            start=model.first_cost_year,
            keep_cumulative=keep_cumulative,
            out=out.payback_year,
        )
        payback[pv_costs <= 0] = np.nan  # already NaN: no positive cost was paid
    if cumulative is not None:
        out = dataclasses.replace(out, cumulative=cumulative)
    return out
