"""The vectorised model: parameter arrays -> flows per perspective -> present values.

The functional core is a handful of pure functions on arrays (``geometric_sum``,
``pv_annuity``, ``pv_stream``, ``stream_flows`` ...), each tested on its own. :func:`compile_model`
turns a :class:`~sekalk.scenario.Scenario` into flat term tables once, and :func:`evaluate`
applies the arithmetic of DESIGN.md to one chunk of draws. There is no Python loop over draws:
loops run over cost items, outcome-consequence streams, cohorts and (for yearly flows) years.

Conventions: years ``t = 0 .. horizon-1``; discount factor ``(1 + r) ** -t`` (year 0 is not
discounted). A consequence stream of outcome year ``o`` contributes, in year ``t``,
``A * (1 - dropoff) ** (t - o) * share * annual * (1 + growth) ** t``; its present value is a
geometric series with ratio ``x = (1 - dropoff) * (1 + growth) / (1 + r)``, so NPV needs no
(draws x years) matrix. Yearly flows (for payback and fan charts) are built only on request.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sekalk.scenario.schema import PUBLIC_ACTORS, Allocation, Scenario

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
    x, n = np.broadcast_arrays(x, n)
    dx = x - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        # -expm1(n log x) = 1 - x**n without cancellation; log(0) = -inf gives 1 (x**n = 0).
        out = np.log(x, out=np.empty(x.shape))
        out *= n
        out = np.expm1(out, out=out)
        out /= dx
    near = np.flatnonzero(np.abs(dx) < _NEAR_ONE)
    if near.size:
        xn, nn = dx.flat[near], n.flat[near]
        out.flat[near] = (
            nn + nn * (nn - 1.0) / 2.0 * xn + nn * (nn - 1.0) * (nn - 2.0) / 6.0 * xn**2
        )
    out[n <= 0] = 0.0
    return out


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
        return np.asarray(reached) * baseline_risk * (1.0 - np.asarray(effect)) * attribution
    if form == "risk_difference":
        return np.asarray(reached) * effect * attribution
    raise ValueError(f"unknown effect form {form!r}")


# ---------------------------------------------------------------------------------------------
# compiled model


@dataclass(frozen=True, slots=True)
class CostTerm:
    """An intervention cost: parameter id, years and weights over perspectives."""

    param: str
    first: int
    last: int
    weights: FloatArray  # (n_perspectives,)


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
    cohort_years: tuple[int, ...]
    logic: tuple[str, ...]
    outcomes: tuple[OutcomeTerm, ...]
    costs: tuple[CostTerm, ...]
    streams: tuple[StreamTerm, ...]
    first_cost_year: int


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
    return Model(
        horizon=scenario.settings.horizon_years,
        perspectives=persp,
        cohort_years=tuple(scenario.intervention.cohort_years),
        logic=tuple(f"logic.{s.id}.share" for s in scenario.logic),
        outcomes=tuple(outcomes),
        costs=costs,
        streams=tuple(streams),
        first_cost_year=min(c.first for c in costs),
    )


# ---------------------------------------------------------------------------------------------
# evaluation of one chunk


@dataclass(frozen=True, slots=True)
class ChunkOutput:
    """Outputs for one chunk of draws; perspective axis in ``Model.perspectives`` order."""

    pv_costs: FloatArray  # (n, Q) [SEK]
    pv_benefits: FloatArray  # (n, Q) [SEK]
    avoided_outcomes: FloatArray  # (n,) [persons], all outcomes and cohorts
    participants: FloatArray  # (n,) [persons], all cohorts
    payback_year: NDArray[np.float32] | None  # (n, Q) [years], NaN where never / no cost
    cumulative: FloatArray | None  # (n, Q, H) cumulative discounted net flow [SEK]


def _vec(value: ArrayOrFloat, n: int) -> FloatArray:
    return np.broadcast_to(np.asarray(value, dtype=float), (n,))


def stream_window(
    term: StreamTerm, cohort_year: int, lag: int, horizon: int
) -> tuple[int, int, int]:
    """``(outcome_year, first, stop)`` of a stream for one cohort, clipped to the horizon."""
    o = cohort_year + lag
    first = o + term.start
    stop = first + term.duration if term.duration is not None else horizon
    return o, first, min(stop, horizon)


@dataclass(frozen=True, slots=True)
class GeometricFlow:
    """A yearly flow ``lead * ratio ** (t - first)`` in years ``first <= t < stop`` [SEK].

    ``lead`` is already discounted to year 0, so the flows add up to present values; every
    intervention cost and every consequence stream of one cohort is one such flow.
    """

    lead: ArrayOrFloat  # discounted flow in year ``first`` [SEK]
    ratio: ArrayOrFloat  # year-on-year factor of the discounted flow [dimensionless]
    first: int
    stop: int
    weights: FloatArray  # (Q,) signed weight over perspectives


def scan_payback(
    flows: list[GeometricFlow],
    n: int,
    n_perspectives: int,
    *,
    horizon: int,
    start: int,
    keep_cumulative: bool = False,
) -> tuple[NDArray[np.float32], FloatArray | None]:
    """Payback year per draw and perspective from geometric yearly flows.

    Walks the years once, keeping only the running cumulative net flow (memory O(n x Q), never a
    (draws x years) matrix unless ``keep_cumulative``). Perspectives whose weights are equal on
    every flow share one running sum.

    Parameters
    ----------
    flows
        The discounted yearly flows (costs with negative weights).
    n, n_perspectives
        Number of draws and of perspectives Q.
    horizon
        Number of years H; years ``t = 0 .. H-1``.
    start
        The first year that may be a payback year (the first year with an intervention cost).
    keep_cumulative
        Also return the cumulative discounted net flow (n, Q, H) [SEK].

    Returns
    -------
    payback : ndarray of float32, shape (n, Q)
        First year ``t >= start`` in which the cumulative discounted net flow is ``>= 0``
        [years]; NaN if none within the horizon.
    cumulative : ndarray, shape (n, Q, H), or None
    """
    weights = np.array([f.weights for f in flows]).reshape(len(flows), n_perspectives)
    columns, inverse = np.unique(weights, axis=1, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    k = columns.shape[1]
    values = np.empty((len(flows), n))
    for i, f in enumerate(flows):
        values[i] = f.lead
    cum = np.zeros((k, n))
    net = np.empty((k, n))
    found = np.zeros((k, n), dtype=bool)
    reached = np.empty((k, n), dtype=bool)
    count = np.zeros((k, n), dtype=np.int16)
    cumulative = np.empty((n, k, horizon)) if keep_cumulative else None
    for t in range(horizon):
        active = np.array([f.first <= t < f.stop for f in flows])
        for i in np.flatnonzero(active):
            if t > flows[i].first:
                values[i] *= flows[i].ratio
        if active.any():
            # Net flow of every distinct perspective. einsum (not BLAS): no thread pool to
            # oversubscribe, and every draw's sum runs over the flows in the same order
            # whatever the number of draws.
            np.einsum("pk,pn->kn", columns * active[:, None], values, out=net)
            cum += net
        if cumulative is not None:
            cumulative[:, :, t] = cum.T
        if t >= start:
            np.greater_equal(cum, 0.0, out=reached)
            found |= reached
            count += found
    # ``found`` never turns back, so it holds in the last ``count`` years: payback = H - count.
    payback = np.where(count > 0, np.float32(horizon) - count, np.float32(np.nan))
    payback = payback.astype(np.float32, copy=False).T[:, inverse]
    if cumulative is not None:
        cumulative = cumulative[:, inverse, :]
    return np.ascontiguousarray(payback), cumulative


def evaluate(
    model: Model,
    values: dict[str, ArrayOrFloat],
    n: int,
    *,
    yearly: bool = True,
    keep_cumulative: bool = False,
) -> ChunkOutput:
    """Apply the model to one chunk of ``n`` draws.

    Parameters
    ----------
    model
        The compiled scenario.
    values
        Every parameter id -> its draws, shape (n,), or a float for a fixed parameter.
    n
        Number of draws in the chunk.
    yearly
        Walk the yearly flows for the payback year (O(n x perspectives) memory).
    keep_cumulative
        Also return the cumulative discounted net flows (n, Q, H) (for fan charts).

    Returns
    -------
    ChunkOutput
    """
    H = model.horizon
    Q = len(model.perspectives)
    rate = values["scenario.discount_rate"]
    v = 1.0 / (1.0 + np.asarray(rate, dtype=float))
    participants = values["intervention.participants_per_year"]
    reached = participants
    for share in model.logic:
        reached = reached * values[share]
    n_cohorts = len(model.cohort_years)

    # Present values per term (n,), then weighted onto the perspectives.
    cost_pv: list[ArrayOrFloat] = []
    benefit_pv: list[ArrayOrFloat] = []
    flows: list[GeometricFlow] = []
    for cost in model.costs:
        amount = values[cost.param]
        lead = amount * v**cost.first
        cost_pv.append(lead * geometric_sum(v, cost.last - cost.first + 1))
        if yearly:
            flows.append(GeometricFlow(lead, v, cost.first, cost.last + 1, -cost.weights))

    avoided = [
        avoided_outcomes(
            reached, values[o.baseline_risk], values[o.effect], values[o.attribution], form=o.form
        )
        for o in model.outcomes
    ]
    for term in model.streams:
        out = model.outcomes[term.outcome]
        # sum_{t=first}^{stop-1} y^(t-o) z^t = z^o * x^(first-o) * G(x, stop-first), x = y z
        z = (1.0 + np.asarray(values[term.growth], dtype=float)) * v
        x = (1.0 - np.asarray(values[out.dropoff], dtype=float)) * z
        amplitude = avoided[term.outcome] * values[term.share] * values[term.annual]
        pv: ArrayOrFloat = 0.0
        for c in model.cohort_years:
            o, first, stop = stream_window(term, c, out.lag, H)
            if first >= stop:
                continue
            lead = amplitude * z**o * x ** (first - o)
            pv = pv + lead * geometric_sum(x, stop - first)
            if yearly:
                flows.append(GeometricFlow(lead, x, first, stop, term.weights))
        benefit_pv.append(pv)

    pv_costs = _onto_perspectives(cost_pv, [c.weights for c in model.costs], n, Q)
    pv_benefits = _onto_perspectives(benefit_pv, [s.weights for s in model.streams], n, Q)
    avoided_total = _vec(sum(avoided) * n_cohorts if avoided else 0.0, n).copy()
    payback = cumulative = None
    if yearly:
        payback, cumulative = scan_payback(
            flows, n, Q, horizon=H, start=model.first_cost_year, keep_cumulative=keep_cumulative
        )
        payback[pv_costs <= 0] = np.nan
    return ChunkOutput(
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        avoided_outcomes=avoided_total,
        participants=_vec(participants * n_cohorts, n).copy(),
        payback_year=payback,
        cumulative=cumulative,
    )


def _onto_perspectives(
    pvs: list[ArrayOrFloat], weights: list[FloatArray], n: int, n_perspectives: int
) -> FloatArray:
    """``sum_j pv_j (n,) * weights_j (Q,)`` as an (n, Q) array.

    Elementwise (not a BLAS product), so that every draw's value is the same whatever the
    number of draws in the chunk.
    """
    out = np.zeros((n, n_perspectives))
    scratch = np.empty((n, n_perspectives))
    for pv, w in zip(pvs, weights, strict=True):
        np.multiply(_vec(pv, n)[:, None], w, out=scratch)
        out += scratch
    return out
